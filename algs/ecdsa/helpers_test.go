package ecdsa_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"io"
	"math/big"
	"testing"

	"github.com/joseframework/jose/core/jwa"

	joseecdsa "github.com/joseframework/jose/algs/ecdsa"
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

// ecJWK is the part of an EC JWK the tests need.
type ecJWK struct {
	Kty, Crv, X, Y, D string
}

// algs are the three algorithms with their curves and the byte length of r
// and s, as RFC 7518, Section 3.4 gives them.
var algs = []struct {
	alg   jwa.SignatureAlgorithm
	curve elliptic.Curve
	hash  crypto.Hash
	size  int
}{
	{joseecdsa.ES256(), elliptic.P256(), crypto.SHA256, 32},
	{joseecdsa.ES384(), elliptic.P384(), crypto.SHA384, 48},
	{joseecdsa.ES512(), elliptic.P521(), crypto.SHA512, 66},
}

func curveByName(t testing.TB, crv string) elliptic.Curve {
	t.Helper()
	switch crv {
	case "P-256":
		return elliptic.P256()
	case "P-384":
		return elliptic.P384()
	case "P-521":
		return elliptic.P521()
	}
	t.Fatalf("unknown curve %q", crv)
	return nil
}

// keysFromJWK converts an EC JWK to Go keys. priv is nil for a public JWK.
// The conversion is strict: coordinates of the exact length, a point on the
// curve, and a private scalar that gives that point.
func keysFromJWK(t testing.TB, k ecJWK) (*ecdsa.PrivateKey, *ecdsa.PublicKey) {
	t.Helper()
	if k.Kty != "EC" {
		t.Fatalf("JWK kty = %q, want EC", k.Kty)
	}
	curve := curveByName(t, k.Crv)
	size := (curve.Params().BitSize + 7) / 8
	x, y := decodeB64(t, k.X), decodeB64(t, k.Y)
	if len(x) != size || len(y) != size {
		t.Fatalf("JWK x, y are %d, %d bytes, want %d", len(x), len(y), size)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(curve, append(append([]byte{4}, x...), y...))
	if err != nil {
		t.Fatalf("JWK public key: %v", err)
	}
	if k.D == "" {
		return nil, pub
	}
	priv, err := ecdsa.ParseRawPrivateKey(curve, decodeB64(t, k.D))
	if err != nil {
		t.Fatalf("JWK private key: %v", err)
	}
	if !priv.PublicKey.Equal(pub) {
		t.Fatalf("JWK d does not match x, y")
	}
	return priv, pub
}

func generate(t testing.TB, c elliptic.Curve) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(c, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// hsm is a crypto.Signer and nothing else, as a key in an HSM or a KMS is:
// the private key is out of reach, and Sign returns DER. It checks that it
// is asked for the right hash.
type hsm struct {
	key  *ecdsa.PrivateKey
	hash crypto.Hash
	t    testing.TB
}

func (h *hsm) Public() crypto.PublicKey { return &h.key.PublicKey }

func (h *hsm) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if opts.HashFunc() != h.hash {
		h.t.Errorf("hsm: asked to sign a %v digest, want %v", opts.HashFunc(), h.hash)
	}
	if len(digest) != h.hash.Size() {
		h.t.Errorf("hsm: digest is %d bytes, want %d", len(digest), h.hash.Size())
	}
	return ecdsa.SignASN1(r, h.key, digest)
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

// rs splits an R‖S signature.
func rs(sig []byte) (r, s *big.Int) {
	n := len(sig) / 2
	return new(big.Int).SetBytes(sig[:n]), new(big.Int).SetBytes(sig[n:])
}

// joinRS encodes r and s as R‖S of size bytes each. It panics if either
// does not fit, which only a broken test can cause.
func joinRS(r, s *big.Int, size int) []byte {
	out := make([]byte, 2*size)
	r.FillBytes(out[:size])
	s.FillBytes(out[size:])
	return out
}
