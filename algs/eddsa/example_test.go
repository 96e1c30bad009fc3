package eddsa_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log"

	"github.com/joseframework/jose/core/jwa"

	"github.com/joseframework/jose/algs/eddsa"
)

// ExampleEdDSA signs the input of RFC 8037, Appendix A.4 with its key.
// Ed25519 is deterministic, so the signature is the one printed in the RFC.
func ExampleEdDSA() {
	seed, _ := hex.DecodeString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
	key := ed25519.NewKeyFromSeed(seed)
	input := []byte("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc")
	ctx := context.Background()

	s, err := eddsa.EdDSA().NewSigner(key)
	if err != nil {
		log.Fatal(err)
	}
	sig, err := s.Sign(ctx, input)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(base64.RawURLEncoding.EncodeToString(sig))

	v, err := eddsa.EdDSA().NewVerifier(key.Public())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(v.Verify(ctx, input, sig) == nil)
	fmt.Println(errors.Is(v.Verify(ctx, input[1:], sig), jwa.ErrVerification))
	// Output:
	// hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg
	// true
	// true
}

// ExampleEd25519 shows the fully-specified name of RFC 9864: the same
// signature bytes as "EdDSA", under the "alg" value "Ed25519".
func ExampleEd25519() {
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		log.Fatal(err)
	}
	s, err := eddsa.Ed25519().NewSigner(key)
	if err != nil {
		log.Fatal(err)
	}
	sig, err := s.Sign(context.Background(), []byte("eyJhbGciOiJFZDI1NTE5In0.aGk"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Algorithm(), len(sig))

	// A seed is not a private key.
	_, err = eddsa.Ed25519().NewSigner(key.Seed())
	fmt.Println(err)
	// Output:
	// Ed25519 64
	// eddsa: Ed25519 signing key is []uint8, want ed25519.PrivateKey or a crypto.Signer: jwa: wrong key type for algorithm
}
