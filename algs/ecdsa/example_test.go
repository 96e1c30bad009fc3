package ecdsa_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"fmt"
	"log"

	"github.com/joseframework/jose/core/jwa"

	joseecdsa "github.com/joseframework/jose/algs/ecdsa"
)

func ExampleES256() {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	input := []byte("eyJhbGciOiJFUzI1NiJ9.aGk") // BASE64URL(header) "." BASE64URL(payload)

	s, err := joseecdsa.ES256().NewSigner(key)
	if err != nil {
		log.Fatal(err)
	}
	sig, err := s.Sign(ctx, input)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Algorithm(), len(sig)) // R‖S, 32 bytes each

	v, err := joseecdsa.ES256().NewVerifier(&key.PublicKey)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v.Verify(ctx, input, sig) == nil)

	sig[10] ^= 1
	fmt.Println(errors.Is(v.Verify(ctx, input, sig), jwa.ErrVerification))

	// ES256 takes only P-256 keys.
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	_, err = joseecdsa.ES256().NewVerifier(&p384.PublicKey)
	fmt.Println(err)
	// Output:
	// ES256 64
	// true
	// true
	// ecdsa: ES256 key is on curve P-384, want P-256: jwa: wrong key type for algorithm
}
