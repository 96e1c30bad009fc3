// Package rsatest holds test helpers shared by the tests of packages rsa
// and rsa15: generated keys, JWK-to-key conversion for the vectors, raw RSA
// encryption for building malformed ciphertexts, and wrappers that hide a
// local key behind crypto.Signer or crypto.Decrypter, as an HSM does.
//
// It is not for use outside this module's tests.
package rsatest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"os"
	"sync"
	"sync/atomic"
	"testing"
)

// VectorsDir is the directory of the copied vectors, relative to the
// module root.
const VectorsDir = "testdata/vectors"

var (
	keysOnce sync.Once
	keyA     *rsa.PrivateKey
	keyB     *rsa.PrivateKey
	keySmall *rsa.PrivateKey
	keysErr  error
)

// Keys returns two 2048-bit keys and one 1024-bit key, generated once per
// test binary (RSA key generation is slow).
func Keys(t testing.TB) (a, b, small *rsa.PrivateKey) {
	t.Helper()
	keysOnce.Do(func() {
		if keyA, keysErr = rsa.GenerateKey(rand.Reader, 2048); keysErr != nil {
			return
		}
		if keyB, keysErr = rsa.GenerateKey(rand.Reader, 2048); keysErr != nil {
			return
		}
		keySmall, keysErr = rsa.GenerateKey(rand.Reader, 1024)
	})
	if keysErr != nil {
		t.Fatalf("generating test keys: %v", keysErr)
	}
	return keyA, keyB, keySmall
}

// B64 decodes unpadded base64url, failing the test on bad input.
func B64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		t.Fatalf("bad base64url %q: %v", s, err)
	}
	return b
}

// ReadJSON decodes the JSON file at path into v.
func ReadJSON(t testing.TB, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// A JWK holds the members of an RSA JWK that tests use.
type JWK struct {
	Kty                       string
	N, E, D, P, Q, DP, DQ, QI string
}

// PrivateKey converts an RSA private JWK to a validated *rsa.PrivateKey,
// checking that its CRT values match.
func (j JWK) PrivateKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	if j.Kty != "RSA" || j.D == "" || j.P == "" || j.Q == "" {
		t.Fatalf("not an RSA private JWK with primes: kty %q", j.Kty)
	}
	num := func(s string) *big.Int { return new(big.Int).SetBytes(B64(t, s)) }
	pub := j.PublicKey(t)
	k := &rsa.PrivateKey{PublicKey: *pub, D: num(j.D), Primes: []*big.Int{num(j.P), num(j.Q)}}
	if j.DP != "" {
		k.Precomputed.Dp, k.Precomputed.Dq, k.Precomputed.Qinv = num(j.DP), num(j.DQ), num(j.QI)
	}
	if err := k.Validate(); err != nil {
		t.Fatalf("JWK is not a valid RSA key: %v", err)
	}
	return k
}

// PublicKey converts the public members of an RSA JWK.
func (j JWK) PublicKey(t testing.TB) *rsa.PublicKey {
	t.Helper()
	e := new(big.Int).SetBytes(B64(t, j.E))
	if !e.IsInt64() || e.Int64() > 1<<31-1 {
		t.Fatalf("JWK exponent too large")
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(B64(t, j.N)), E: int(e.Int64())}
}

// RawEncrypt returns em^e mod n as a byte string of the modulus length:
// RSA without padding, for building ciphertexts of chosen structure.
func RawEncrypt(pub *rsa.PublicKey, em []byte) []byte {
	c := new(big.Int).Exp(new(big.Int).SetBytes(em), big.NewInt(int64(pub.E)), pub.N)
	return c.FillBytes(make([]byte, pub.Size()))
}

// An OpaqueSigner exposes only crypto.Signer, as a key in an HSM does.
// Mangle, if set, changes the signature before it is returned.
type OpaqueSigner struct {
	Key    *rsa.PrivateKey
	Mangle func([]byte) []byte
	Calls  atomic.Int64
}

// Public returns the public key.
func (s *OpaqueSigner) Public() crypto.PublicKey { return &s.Key.PublicKey }

// Sign signs digest with the hidden key.
func (s *OpaqueSigner) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	s.Calls.Add(1)
	sig, err := s.Key.Sign(r, digest, opts)
	if err == nil && s.Mangle != nil {
		sig = s.Mangle(sig)
	}
	return sig, err
}

// An OpaqueDecrypter exposes only crypto.Decrypter. It records the last
// options it was given.
type OpaqueDecrypter struct {
	Key   *rsa.PrivateKey
	Calls atomic.Int64

	mu   sync.Mutex
	last crypto.DecrypterOpts
}

// Public returns the public key.
func (d *OpaqueDecrypter) Public() crypto.PublicKey { return &d.Key.PublicKey }

// Decrypt decrypts with the hidden key.
func (d *OpaqueDecrypter) Decrypt(r io.Reader, msg []byte, opts crypto.DecrypterOpts) ([]byte, error) {
	d.Calls.Add(1)
	d.mu.Lock()
	d.last = opts
	d.mu.Unlock()
	return d.Key.Decrypt(r, msg, opts)
}

// LastOpts returns the options of the last Decrypt call.
func (d *OpaqueDecrypter) LastOpts() crypto.DecrypterOpts {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.last
}
