package eddsa_test

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"io"
	"testing"

	"github.com/joseframework/jose/core/jwa"

	"github.com/joseframework/jose/algs/eddsa"
)

// b64 is the strict base64url of JOSE: no padding, canonical trailing bits.
var b64 = base64.RawURLEncoding.Strict()

func decodeB64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := b64.DecodeString(s)
	if err != nil {
		t.Fatalf("base64url %q: %v", s, err)
	}
	return b
}

// both are the two names of Ed25519 signatures.
var both = []jwa.SignatureAlgorithm{eddsa.EdDSA(), eddsa.Ed25519()}

// okpJWK is the part of an OKP JWK the tests need.
type okpJWK struct {
	Kty, Crv, X, D string
}

// keysFromJWK converts an Ed25519 JWK to Go keys; priv is nil for a public
// JWK. The private key is rebuilt from the seed "d" and must give "x".
func keysFromJWK(t testing.TB, k okpJWK) (ed25519.PrivateKey, ed25519.PublicKey) {
	t.Helper()
	if k.Kty != "OKP" || k.Crv != "Ed25519" {
		t.Fatalf("JWK kty %q crv %q, want OKP Ed25519", k.Kty, k.Crv)
	}
	pub := ed25519.PublicKey(decodeB64(t, k.X))
	if len(pub) != ed25519.PublicKeySize {
		t.Fatalf("JWK x is %d bytes", len(pub))
	}
	if k.D == "" {
		return nil, pub
	}
	seed := decodeB64(t, k.D)
	if len(seed) != ed25519.SeedSize {
		t.Fatalf("JWK d is %d bytes", len(seed))
	}
	priv := ed25519.NewKeyFromSeed(seed)
	if !pub.Equal(priv.Public()) {
		t.Fatalf("JWK d does not give x")
	}
	return priv, pub
}

func generate(t testing.TB) ed25519.PrivateKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return priv
}

// hsm is a crypto.Signer and nothing else, as a key in an HSM or a KMS is.
// It checks that it is asked for pure Ed25519 (crypto.Hash(0)).
type hsm struct {
	key ed25519.PrivateKey
	t   testing.TB
}

func (h *hsm) Public() crypto.PublicKey { return h.key.Public() }

func (h *hsm) Sign(r io.Reader, msg []byte, opts crypto.SignerOpts) ([]byte, error) {
	if opts.HashFunc() != crypto.Hash(0) {
		h.t.Errorf("hsm: asked for hash %v, want crypto.Hash(0) (pure Ed25519)", opts.HashFunc())
	}
	return h.key.Sign(r, msg, opts)
}

// brokenSigner is a crypto.Signer that returns fixed bytes (or an error)
// instead of a signature.
type brokenSigner struct {
	pub crypto.PublicKey
	out []byte
	err error
}

func (b *brokenSigner) Public() crypto.PublicKey { return b.pub }

func (b *brokenSigner) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) {
	return b.out, b.err
}
