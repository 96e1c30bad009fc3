package eddsa_test

import (
	"crypto/ed25519"
	"errors"
	"testing"

	"github.com/joseframework/jose/core/jwa"
)

// FuzzVerify checks that Verify never panics, fails only with
// jwa.ErrVerification, and agrees with crypto/ed25519 for both algorithm
// names. The seeds are the published signatures.
func FuzzVerify(f *testing.F) {
	vectors := allVectors(f)
	pub := vectors[0].pub
	for _, v := range vectors {
		if !v.pub.Equal(pub) {
			f.Fatalf("%s uses another key than %s; extend the fuzz target", v.id, vectors[0].id)
		}
		f.Add(v.input, v.sig)
	}
	f.Add([]byte{}, make([]byte, 64))
	f.Add([]byte("x"), make([]byte, 114)) // the length of an Ed448 signature

	verifiers := make([]jwa.Verifier, len(both))
	for i, alg := range both {
		var err error
		if verifiers[i], err = alg.NewVerifier(pub); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, input, sig []byte) {
		want := len(sig) == ed25519.SignatureSize && ed25519.Verify(pub, input, sig)
		for _, v := range verifiers {
			err := v.Verify(t.Context(), input, sig)
			if err != nil && !errors.Is(err, jwa.ErrVerification) {
				t.Fatalf("%s: Verify error %v does not wrap ErrVerification", v.Algorithm(), err)
			}
			if got := err == nil; got != want {
				t.Fatalf("%s: Verify accepted = %v, crypto/ed25519 accepted = %v", v.Algorithm(), got, want)
			}
		}
	})
}
