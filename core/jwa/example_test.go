package jwa_test

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

// xorAlg is a toy algorithm for this example only. It is not secure: its
// "signature" is one byte, the key XORed with every byte of the input.
type xorAlg struct{}

func (xorAlg) Name() string { return "X-XOR" }

func (xorAlg) NewSigner(key any) (jwa.Signer, error) {
	k, ok := key.(byte)
	if !ok {
		return nil, fmt.Errorf("X-XOR wants a byte key, got %T: %w", key, jwa.ErrKeyType)
	}
	return xorKey(k), nil
}

func (xorAlg) NewVerifier(key any) (jwa.Verifier, error) {
	k, ok := key.(byte)
	if !ok {
		return nil, fmt.Errorf("X-XOR wants a byte key, got %T: %w", key, jwa.ErrKeyType)
	}
	return xorKey(k), nil
}

// xorKey is both the Signer and the Verifier of X-XOR.
type xorKey byte

func (xorKey) Algorithm() string { return "X-XOR" }

func (k xorKey) Sign(_ context.Context, signingInput []byte) ([]byte, error) {
	s := byte(k)
	for _, b := range signingInput {
		s ^= b
	}
	return []byte{s}, nil
}

func (k xorKey) Verify(ctx context.Context, signingInput, signature []byte) error {
	want, _ := k.Sign(ctx, signingInput)
	if subtle.ConstantTimeCompare(want, signature) != 1 {
		return fmt.Errorf("X-XOR: %w", jwa.ErrVerification)
	}
	return nil
}

func init() { jwa.RegisterSignature(xorAlg{}) }

// An extension author adds an algorithm by implementing SignatureAlgorithm
// and registering it once, from an init function in their own module.
func ExampleRegisterSignature() {
	alg, _ := jwa.LookupSignature("X-XOR")
	s, _ := alg.NewSigner(byte(7))
	sig, _ := s.Sign(context.Background(), []byte("abc"))
	fmt.Printf("%s %x\n", s.Algorithm(), sig)

	_, err := alg.NewSigner("not a byte")
	fmt.Println(err)
	// Output:
	// X-XOR 67
	// X-XOR wants a byte key, got string: jwa: wrong key type for algorithm
}

// A lookup miss names the module to import.
func ExampleSignature() {
	_, err := jwa.Signature("ES256")
	fmt.Println(err)
	fmt.Println(errors.Is(err, jwa.ErrUnknownAlgorithm))

	_, err = jwa.Signature("none")
	fmt.Println(err)
	// Output:
	// jwa: unknown signature algorithm "ES256" (import _ "github.com/joseframework/jose/algs/ecdsa" to register it)
	// true
	// jwa: "none" is not an algorithm; unsecured JWTs have their own API in package jwt and are never verified
}

// Zero fields of a Limits take their defaults.
func ExampleLimits_WithDefaults() {
	l := jwa.Limits{MaxTokenSize: 64 << 10}.WithDefaults()
	fmt.Println(l.MaxTokenSize, l.MaxDepth, l.MaxPBES2Count)
	// Output: 65536 64 10000
}
