package rsa_test

import (
	"bytes"
	"context"
	"crypto/rand"
	stdrsa "crypto/rsa"
	"fmt"
	"log"

	"github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/core/jwa"
)

func ExampleRS256() {
	key, err := stdrsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	signingInput := []byte("eyJhbGciOiJSUzI1NiJ9.aGk")

	s, err := rsa.RS256().NewSigner(key)
	if err != nil {
		log.Fatal(err)
	}
	sig, err := s.Sign(ctx, signingInput)
	if err != nil {
		log.Fatal(err)
	}

	v, err := rsa.RS256().NewVerifier(&key.PublicKey)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Algorithm(), len(sig), v.Verify(ctx, signingInput, sig))

	// A PS256 verifier refuses the same signature.
	ps, _ := rsa.PS256().NewVerifier(&key.PublicKey)
	fmt.Println(ps.Verify(ctx, signingInput, sig))
	// Output:
	// RS256 256 <nil>
	// rsa: PS256: jwa: verification failed
}

func ExampleRSAOAEP256() {
	key, err := stdrsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// The sender encrypts a fresh 32-byte CEK (for A256GCM) to the
	// recipient's public key.
	e, err := rsa.RSAOAEP256().NewEncrypter(&key.PublicKey)
	if err != nil {
		log.Fatal(err)
	}
	cek, encryptedKey, err := e.EncryptKey(ctx, "A256GCM", 32, &jwa.Params{})
	if err != nil {
		log.Fatal(err)
	}

	// The recipient recovers it with the private key.
	d, err := rsa.RSAOAEP256().NewDecrypter(key)
	if err != nil {
		log.Fatal(err)
	}
	got, err := d.DecryptKey(ctx, "A256GCM", 32, encryptedKey, &jwa.Params{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(encryptedKey), bytes.Equal(got, cek))

	// Any change to the encrypted key gives the same vague error.
	encryptedKey[0] ^= 1
	_, err = d.DecryptKey(ctx, "A256GCM", 32, encryptedKey, &jwa.Params{})
	fmt.Println(err)
	// Output:
	// 256 true
	// rsa: RSA-OAEP-256: jwa: decryption failed
}
