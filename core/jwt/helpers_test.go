package jwt_test

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"strings"
	"testing"
	"time"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwt"
)

// Core may not import the algorithm modules, not even in tests, so these
// small algorithms stand in for them. They follow the jwa contracts and
// carry the real names, so that published vectors verify with them.

// testHMAC is HS256 or HS384 over a []byte key.
type testHMAC struct {
	name string
	h    func() hash.Hash
	key  []byte
}

func hs256(key []byte) *testHMAC { return &testHMAC{"HS256", sha256.New, key} }
func hs384(key []byte) *testHMAC { return &testHMAC{"HS384", sha512.New384, key} }

func (k *testHMAC) Algorithm() string { return k.name }

func (k *testHMAC) Sign(_ context.Context, in []byte) ([]byte, error) {
	m := hmac.New(k.h, k.key)
	m.Write(in)
	return m.Sum(nil), nil
}

func (k *testHMAC) Verify(ctx context.Context, in, sig []byte) error {
	want, _ := k.Sign(ctx, in)
	if !hmac.Equal(want, sig) {
		return fmt.Errorf("test %s: %w", k.name, jwa.ErrVerification)
	}
	return nil
}

// testGCM is A128GCM content encryption.
type testGCM struct{}

func (testGCM) Name() string { return "A128GCM" }
func (testGCM) KeySize() int { return 16 }

func (testGCM) NewAEAD(cek []byte) (cipher.AEAD, error) {
	if len(cek) != 16 {
		return nil, fmt.Errorf("test: A128GCM key is %d bytes: %w", len(cek), jwa.ErrKeySize)
	}
	b, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		return nil, err
	}
	return gcmAEAD{g}, nil
}

// gcmAEAD wraps the Open error in jwa.ErrDecryption, as the contract asks.
type gcmAEAD struct{ cipher.AEAD }

func (g gcmAEAD) Open(dst, nonce, ciphertext, ad []byte) ([]byte, error) {
	pt, err := g.AEAD.Open(dst, nonce, ciphertext, ad)
	if err != nil {
		return nil, fmt.Errorf("test: %w", jwa.ErrDecryption)
	}
	return pt, nil
}

var (
	macKey   = []byte("0123456789abcdef0123456789abcdef")
	otherKey = []byte("fedcba9876543210fedcba9876543210")
	encKey   = []byte("0123456789abcdef") // A128GCM "dir" key
	encKey2  = []byte("fedcba9876543210")

	// t0 is the fixed "now" of the tests.
	t0 = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
)

func clock(t time.Time) func() time.Time { return func() time.Time { return t } }

// date returns a *NumericDate for t, which must be in range. Unlike
// NewNumericDate it keeps the fraction, by way of UnmarshalJSON.
func date(tb testing.TB, t time.Time) *jwt.NumericDate {
	tb.Helper()
	s := fmt.Sprintf("%d", t.Unix())
	if ns := t.Nanosecond(); ns != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%09d", ns), "0")
	}
	var d jwt.NumericDate
	if err := d.UnmarshalJSON([]byte(s)); err != nil {
		tb.Fatal(err)
	}
	return &d
}

func dirEncrypter(tb testing.TB, key []byte) jwa.KeyEncrypter {
	tb.Helper()
	ke, err := jwe.Direct().NewEncrypter(key)
	if err != nil {
		tb.Fatal(err)
	}
	return ke
}

func dirDecrypter(tb testing.TB, key []byte) jwa.KeyDecrypter {
	tb.Helper()
	kd, err := jwe.Direct().NewDecrypter(key)
	if err != nil {
		tb.Fatal(err)
	}
	return kd
}

// encOpts returns options that accept A128GCM, with the fixed clock.
func encOpts() *jwt.Options {
	return &jwt.Options{Now: clock(t0), JWE: jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{testGCM{}}}}
}

// unsignedToken makes a compact JWS-shaped token from a header and payload
// given as JSON text, with the signature of k (or an empty one).
func rawToken(tb testing.TB, header, payload string, k *testHMAC) []byte {
	tb.Helper()
	e := base64.RawURLEncoding
	in := e.EncodeToString([]byte(header)) + "." + e.EncodeToString([]byte(payload))
	sig := ""
	if k != nil {
		s, _ := k.Sign(context.Background(), []byte(in))
		sig = e.EncodeToString(s)
	}
	return []byte(in + "." + sig)
}

// wantErr fails unless err wraps want (or is nil when want is nil).
func wantErr(tb testing.TB, err, want error) {
	tb.Helper()
	switch {
	case want == nil && err != nil:
		tb.Fatalf("err = %v, want nil", err)
	case want != nil && !errors.Is(err, want):
		tb.Fatalf("err = %v, want %v", err, want)
	}
}

// testHMACAlg is the SignatureAlgorithm of testHMAC, for VerifyKeys.
type testHMACAlg struct{}

func (testHMACAlg) Name() string { return "HS256" }

func (testHMACAlg) NewSigner(key any) (jwa.Signer, error) {
	b, ok := key.([]byte)
	if !ok {
		return nil, fmt.Errorf("test HS256: key is %T: %w", key, jwa.ErrKeyType)
	}
	if len(b) < 32 {
		return nil, fmt.Errorf("test HS256: %w", jwa.ErrKeySize)
	}
	return hs256(append([]byte(nil), b...)), nil
}

func (a testHMACAlg) NewVerifier(key any) (jwa.Verifier, error) {
	s, err := a.NewSigner(key)
	if err != nil {
		return nil, err
	}
	return s.(jwa.Verifier), nil
}
