package jws_test

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"sync/atomic"

	"github.com/joseframework/jose/core/jwa"
)

// Core may not import the algorithm modules, not even in tests, so the
// tests use these two small algorithms. They follow the jwa contracts;
// their names are the real ones so that published vectors verify.

// testHS256 is HMAC-SHA-256 ("HS256") over a []byte key.
type testHS256 struct{ key []byte }

func newHS256(key []byte) *testHS256 { return &testHS256{key: append([]byte(nil), key...)} }

func (k *testHS256) Algorithm() string { return "HS256" }

func (k *testHS256) Sign(_ context.Context, in []byte) ([]byte, error) {
	m := hmac.New(sha256.New, k.key)
	m.Write(in)
	return m.Sum(nil), nil
}

func (k *testHS256) Verify(ctx context.Context, in, sig []byte) error {
	want, _ := k.Sign(ctx, in)
	if !hmac.Equal(want, sig) {
		return fmt.Errorf("test HS256: %w", jwa.ErrVerification)
	}
	return nil
}

// testEdDSA is Ed25519 ("EdDSA"). priv is nil for a verify-only key.
type testEdDSA struct {
	priv ed25519.PrivateKey
	pub  ed25519.PublicKey
}

func (k *testEdDSA) Algorithm() string { return "EdDSA" }

func (k *testEdDSA) Sign(_ context.Context, in []byte) ([]byte, error) {
	if k.priv == nil {
		return nil, fmt.Errorf("test EdDSA: no private key: %w", jwa.ErrKeyType)
	}
	return ed25519.Sign(k.priv, in), nil
}

func (k *testEdDSA) Verify(_ context.Context, in, sig []byte) error {
	if !ed25519.Verify(k.pub, in, sig) {
		return fmt.Errorf("test EdDSA: %w", jwa.ErrVerification)
	}
	return nil
}

// countingVerifier counts the calls that reach the cryptography, so that
// tests can show an alg mismatch is rejected before any.
type countingVerifier struct {
	jwa.Verifier
	calls atomic.Int64
}

func (c *countingVerifier) Verify(ctx context.Context, in, sig []byte) error {
	c.calls.Add(1)
	return c.Verifier.Verify(ctx, in, sig)
}

// namedVerifier claims any algorithm name and accepts every signature: it
// shows that the package, not the Verifier, refuses "none".
type namedVerifier string

func (n namedVerifier) Algorithm() string                            { return string(n) }
func (namedVerifier) Verify(context.Context, []byte, []byte) error   { return nil }
func (n namedVerifier) Sign(context.Context, []byte) ([]byte, error) { return nil, nil }

// failingSigner fails every signature.
type failingSigner struct{}

func (failingSigner) Algorithm() string { return "HS256" }
func (failingSigner) Sign(context.Context, []byte) ([]byte, error) {
	return nil, fmt.Errorf("hsm unreachable")
}

var (
	_ jwa.Signer   = (*testHS256)(nil)
	_ jwa.Verifier = (*testHS256)(nil)
	_ jwa.Signer   = (*testEdDSA)(nil)
	_ jwa.Verifier = (*testEdDSA)(nil)
)

// testHS256Alg and testEdDSAAlg are the SignatureAlgorithm forms of the
// test algorithms, for verification against key sets. Like real
// algorithm modules they refuse keys of the wrong type or size.
type testHS256Alg struct{}

func (testHS256Alg) Name() string { return "HS256" }

func (a testHS256Alg) NewSigner(key any) (jwa.Signer, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (a testHS256Alg) NewVerifier(key any) (jwa.Verifier, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (testHS256Alg) newKey(key any) (*testHS256, error) {
	b, ok := key.([]byte)
	if !ok {
		return nil, fmt.Errorf("test HS256: key is %T: %w", key, jwa.ErrKeyType)
	}
	if len(b) < 32 {
		return nil, fmt.Errorf("test HS256: %d-byte key: %w", len(b), jwa.ErrKeySize)
	}
	return newHS256(b), nil
}

type testEdDSAAlg struct{}

func (testEdDSAAlg) Name() string { return "EdDSA" }

func (testEdDSAAlg) NewSigner(key any) (jwa.Signer, error) {
	priv, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("test EdDSA: key is %T: %w", key, jwa.ErrKeyType)
	}
	return &testEdDSA{priv: priv, pub: priv.Public().(ed25519.PublicKey)}, nil
}

func (testEdDSAAlg) NewVerifier(key any) (jwa.Verifier, error) {
	switch k := key.(type) {
	case ed25519.PublicKey:
		return &testEdDSA{pub: k}, nil
	case ed25519.PrivateKey:
		return &testEdDSA{pub: k.Public().(ed25519.PublicKey)}, nil
	}
	return nil, fmt.Errorf("test EdDSA: key is %T: %w", key, jwa.ErrKeyType)
}

var (
	_ jwa.SignatureAlgorithm = testHS256Alg{}
	_ jwa.SignatureAlgorithm = testEdDSAAlg{}
)
