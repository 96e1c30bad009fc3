package ecdh

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// jwkJSON is the part of a JWK these tests read. It is a small helper for
// the vectors, not a JWK parser: it checks only what the tests rely on.
type jwkJSON struct {
	Kty, Crv, X, Y, D string
}

// errUnsupportedCurve marks vectors on curves that crypto/ecdh lacks.
var errUnsupportedCurve = errors.New("curve not supported by crypto/ecdh")

func curveByName(crv string) (ecdh.Curve, error) {
	switch crv {
	case "P-256":
		return ecdh.P256(), nil
	case "P-384":
		return ecdh.P384(), nil
	case "P-521":
		return ecdh.P521(), nil
	case "X25519":
		return ecdh.X25519(), nil
	}
	return nil, errUnsupportedCurve
}

// keys converts a JWK to Go keys: the public key always, the private key
// when "d" is present (and then checked against the public key).
func (j jwkJSON) keys(t testing.TB) (*ecdh.PublicKey, *ecdh.PrivateKey) {
	t.Helper()
	curve, err := curveByName(j.Crv)
	if err != nil {
		t.Fatalf("JWK crv %q: %v", j.Crv, err)
	}
	var raw []byte
	switch j.Kty {
	case "EC":
		raw = append(append([]byte{4}, unb64(t, j.X)...), unb64(t, j.Y)...)
	case "OKP":
		if j.Y != "" {
			t.Fatalf("OKP JWK with a \"y\"")
		}
		raw = unb64(t, j.X)
	default:
		t.Fatalf("JWK kty %q", j.Kty)
	}
	pub, err := curve.NewPublicKey(raw)
	if err != nil {
		t.Fatalf("JWK public key: %v", err)
	}
	if j.D == "" {
		return pub, nil
	}
	priv, err := curve.NewPrivateKey(unb64(t, j.D))
	if err != nil {
		t.Fatalf("JWK private key: %v", err)
	}
	if !priv.PublicKey().Equal(pub) {
		t.Fatalf("JWK \"d\" does not match its public key")
	}
	return pub, priv
}

func unb64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		t.Fatalf("bad base64url %q: %v", s, err)
	}
	return b
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

func readJSON(t testing.TB, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "vectors", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func mustEqual(t testing.TB, what string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s = %x, want %x", what, got, want)
	}
}

// curves are the curves this package supports.
var curves = []ecdh.Curve{ecdh.P256(), ecdh.P384(), ecdh.P521(), ecdh.X25519()}

var algs = []*algorithm{ecdhES, ecdhESA128KW, ecdhESA192KW, ecdhESA256KW}

func genKey(t testing.TB, c ecdh.Curve) *ecdh.PrivateKey {
	t.Helper()
	k, err := c.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
