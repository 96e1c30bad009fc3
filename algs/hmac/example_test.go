package hmac_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/joseframework/jose/algs/hmac"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwt"
)

func ExampleHS256() {
	key := make([]byte, 32)
	rand.Read(key)

	s, err := hmac.HS256().NewSigner(key)
	if err != nil {
		log.Fatal(err)
	}
	sig, err := s.Sign(context.Background(), []byte("eyJhbGciOiJIUzI1NiJ9.aGk"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Algorithm(), len(sig))
	// Output: HS256 32
}

// A Verifier is built once per key and accepts only its own algorithm.
func ExampleHS256_verify() {
	key := make([]byte, 32)
	rand.Read(key)
	ctx := context.Background()
	input := []byte("eyJhbGciOiJIUzI1NiJ9.aGk")

	s, _ := hmac.HS256().NewSigner(key)
	sig, _ := s.Sign(ctx, input)

	v, err := hmac.HS256().NewVerifier(key)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v.Verify(ctx, input, sig))

	sig[0] ^= 1
	err = v.Verify(ctx, input, sig)
	fmt.Println(errors.Is(err, jwa.ErrVerification))
	// Output:
	// <nil>
	// true
}

// Keys shorter than the hash output, and public keys passed as bytes, are
// refused when the Verifier is built.
func ExampleHS512_badKeys() {
	_, err := hmac.HS512().NewVerifier(make([]byte, 32))
	fmt.Println(errors.Is(err, jwa.ErrKeySize))

	pemText := []byte("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE...\n-----END PUBLIC KEY-----\n")
	_, err = hmac.HS512().NewVerifier(pemText)
	fmt.Println(err)
	// Output:
	// true
	// hmac: HS512 key is PEM text, not a secret (RFC 8725, Section 2.1): jwa: wrong key type for algorithm
}

// Issue a JWT with HS256 and read it back under the caller's rules: the
// README's first example.
func Example_jwt() {
	ctx := context.Background()
	key := []byte("a 256-bit secret, 32 bytes long!")
	signer, _ := hmac.HS256().NewSigner(key)
	verifier, _ := hmac.HS256().NewVerifier(key)

	exp, _ := jwt.NewNumericDate(time.Now().Add(time.Hour))
	token, err := jwt.Sign(ctx, &jwt.Claims{Issuer: "https://issuer.example", Subject: "alice", Expiry: &exp}, nil, signer, nil)
	if err != nil {
		log.Fatal(err)
	}

	t, err := jwt.Verify[struct{}](ctx, []byte(token), verifier, &jwt.Options{Issuer: "https://issuer.example"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Claims.Subject)
	// Output: alice
}
