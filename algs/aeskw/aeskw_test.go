package aeskw_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/joseframework/jose/algs/aeskw"
	"github.com/joseframework/jose/core/jwa"
)

var algorithms = []struct {
	alg  jwa.KeyManagementAlgorithm
	name string
	size int
}{
	{aeskw.A128KW(), "A128KW", 16},
	{aeskw.A192KW(), "A192KW", 24},
	{aeskw.A256KW(), "A256KW", 32},
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestRegistered(t *testing.T) {
	for _, tt := range algorithms {
		if tt.alg.Name() != tt.name {
			t.Errorf("Name() = %q, want %q", tt.alg.Name(), tt.name)
		}
		got, ok := jwa.LookupKeyManagement(tt.name)
		if !ok || got != tt.alg {
			t.Errorf("LookupKeyManagement(%q) = %v, %v; want the package's value", tt.name, got, ok)
		}
		d, ok := tt.alg.(jwa.Describer)
		if !ok {
			t.Fatalf("%s does not implement jwa.Describer", tt.name)
		}
		want := jwa.Description{
			KeyTypes: []string{"oct"},
			FIPS:     true,
			Summary:  "AES Key Wrap with a " + map[int]string{16: "128", 24: "192", 32: "256"}[tt.size] + "-bit key (RFC 3394)",
		}
		if diff := cmp.Diff(want, d.Describe()); diff != "" {
			t.Errorf("%s Describe mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tt := range algorithms {
		key := randomBytes(tt.size)
		enc, err := tt.alg.NewEncrypter(key)
		if err != nil {
			t.Fatal(err)
		}
		dec, err := tt.alg.NewDecrypter(key)
		if err != nil {
			t.Fatal(err)
		}
		if enc.Algorithm() != tt.name || dec.Algorithm() != tt.name {
			t.Errorf("Algorithm() = %q, %q; want %q", enc.Algorithm(), dec.Algorithm(), tt.name)
		}
		for _, cekSize := range []int{16, 24, 32, 48, 64} {
			params := &jwa.Params{}
			cek, ek, err := enc.EncryptKey(t.Context(), "A128GCM", cekSize, params)
			if err != nil {
				t.Fatalf("%s/%d: %v", tt.name, cekSize, err)
			}
			if len(cek) != cekSize || len(ek) != cekSize+8 {
				t.Fatalf("%s/%d: got %d-byte CEK and %d-byte encrypted key", tt.name, cekSize, len(cek), len(ek))
			}
			got, err := dec.DecryptKey(t.Context(), "A128GCM", cekSize, ek, params)
			if err != nil {
				t.Fatalf("%s/%d: %v", tt.name, cekSize, err)
			}
			if !bytes.Equal(got, cek) {
				t.Errorf("%s/%d: DecryptKey = %x, want %x", tt.name, cekSize, got, cek)
			}
			cek2, _, err := enc.EncryptKey(t.Context(), "A128GCM", cekSize, params)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(cek, cek2) {
				t.Errorf("%s/%d: two random CEKs are equal", tt.name, cekSize)
			}
		}
	}
}

func TestNewKeyErrors(t *testing.T) {
	for _, tt := range algorithms {
		for _, key := range []any{nil, "0123456789abcdef", [16]byte{}, new([]byte), 42} {
			if k, err := tt.alg.NewEncrypter(key); !errors.Is(err, jwa.ErrKeyType) || k != nil {
				t.Errorf("%s NewEncrypter(%T) = %v, %v; want nil, ErrKeyType", tt.name, key, k, err)
			}
			if k, err := tt.alg.NewDecrypter(key); !errors.Is(err, jwa.ErrKeyType) || k != nil {
				t.Errorf("%s NewDecrypter(%T) = %v, %v; want nil, ErrKeyType", tt.name, key, k, err)
			}
		}
		for _, n := range []int{0, 8, tt.size - 1, tt.size + 1, 64} {
			key := make([]byte, n)
			if _, err := tt.alg.NewEncrypter(key); !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("%s NewEncrypter(%d bytes) = %v, want ErrKeySize", tt.name, n, err)
			}
			if _, err := tt.alg.NewDecrypter(key); !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("%s NewDecrypter(%d bytes) = %v, want ErrKeySize", tt.name, n, err)
			}
		}
	}
}

// TestKeyNotRetained checks that changing the caller's key and CEK slices
// after use changes nothing.
func TestKeyNotRetained(t *testing.T) {
	key := randomBytes(16)
	orig := bytes.Clone(key)
	enc, err := aeskw.A128KW().NewEncrypter(key)
	if err != nil {
		t.Fatal(err)
	}
	clear(key)
	fixed := randomBytes(16)
	params := &jwa.Params{CEK: fixed}
	cek, ek, err := enc.EncryptKey(t.Context(), "A128GCM", 16, params)
	if err != nil {
		t.Fatal(err)
	}
	clear(fixed)
	if bytes.Equal(cek, fixed) {
		t.Fatal("EncryptKey returned the caller's params.CEK slice")
	}
	want, err := aeskw.Unwrap(orig, ek)
	if err != nil {
		t.Fatalf("the encrypter used a changed key: %v", err)
	}
	if !bytes.Equal(want, cek) {
		t.Errorf("Unwrap = %x, want %x", want, cek)
	}
}

func TestEncryptKeyErrors(t *testing.T) {
	enc, err := aeskw.A256KW().NewEncrypter(randomBytes(32))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{-8, 0, 8, 15, 17, 33} {
		if _, _, err := enc.EncryptKey(t.Context(), "X", n, &jwa.Params{}); !errors.Is(err, jwa.ErrInvalidParameter) {
			t.Errorf("EncryptKey(cekSize %d) = %v, want ErrInvalidParameter", n, err)
		}
	}
	for _, n := range []int{0, 16, 24, 33} {
		params := &jwa.Params{CEK: make([]byte, n)}
		if _, _, err := enc.EncryptKey(t.Context(), "A256GCM", 32, params); !errors.Is(err, jwa.ErrInvalidParameter) {
			t.Errorf("EncryptKey(params.CEK of %d bytes, cekSize 32) = %v, want ErrInvalidParameter", n, err)
		}
	}
}

func TestDecryptKeyErrors(t *testing.T) {
	key := randomBytes(16)
	enc, err := aeskw.A128KW().NewEncrypter(key)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := aeskw.A128KW().NewDecrypter(key)
	if err != nil {
		t.Fatal(err)
	}
	wrongDec, err := aeskw.A128KW().NewDecrypter(randomBytes(16))
	if err != nil {
		t.Fatal(err)
	}
	_, ek, err := enc.EncryptKey(t.Context(), "A128GCM", 16, &jwa.Params{})
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, d jwa.KeyDecrypter, cekSize int, ek []byte) {
		t.Helper()
		got, err := d.DecryptKey(t.Context(), "A128GCM", cekSize, ek, &jwa.Params{})
		if !errors.Is(err, jwa.ErrDecryption) || got != nil {
			t.Errorf("%s: DecryptKey = %x, %v; want nil, ErrDecryption", name, got, err)
		}
	}
	check("wrong key", wrongDec, 16, ek)
	for i := range ek {
		for _, bit := range []byte{0x01, 0x80} {
			bad := bytes.Clone(ek)
			bad[i] ^= bit
			check("flipped bit", dec, 16, bad)
		}
	}
	for _, n := range []int{0, 8, 16, 23, 25, 32, 40} {
		check("wrong length", dec, 16, make([]byte, n))
		if n < len(ek) {
			check("wrong length (prefix)", dec, 16, ek[:n])
		}
	}
	check("truncated", dec, 16, ek[:len(ek)-8])
	check("extended", dec, 16, append(bytes.Clone(ek), make([]byte, 8)...))
	check("cekSize mismatch", dec, 24, ek)
	check("cekSize zero", dec, 0, ek)
	check("cekSize negative", dec, -8, ek)
}

func TestWrapErrors(t *testing.T) {
	for _, n := range []int{0, 8, 15, 17, 31, 33, 64} {
		_, err := aeskw.Wrap(make([]byte, n), make([]byte, 16))
		if !errors.Is(err, jwa.ErrKeySize) {
			t.Errorf("Wrap(%d-byte kek) = %v, want ErrKeySize", n, err)
		}
		_, err = aeskw.Unwrap(make([]byte, n), make([]byte, 24))
		if !errors.Is(err, jwa.ErrKeySize) || !errors.Is(err, jwa.ErrDecryption) {
			t.Errorf("Unwrap(%d-byte kek) = %v, want ErrKeySize and ErrDecryption", n, err)
		}
	}
	for _, n := range []int{0, 1, 8, 15, 17, 23} {
		if _, err := aeskw.Wrap(make([]byte, 16), make([]byte, n)); !errors.Is(err, aeskw.ErrKeyData) {
			t.Errorf("Wrap(%d bytes of key data) = %v, want ErrKeyData", n, err)
		}
	}
	for _, n := range []int{0, 1, 8, 16, 23, 25, 31} {
		if _, err := aeskw.Unwrap(make([]byte, 16), make([]byte, n)); !errors.Is(err, jwa.ErrDecryption) {
			t.Errorf("Unwrap(%d bytes) = %v, want ErrDecryption", n, err)
		}
	}
}

// TestWrapLarge checks key data longer than any JOSE CEK, and that Wrap does
// not alias its input.
func TestWrapLarge(t *testing.T) {
	kek, data := randomBytes(24), randomBytes(8*100)
	orig := bytes.Clone(data)
	w, err := aeskw.Wrap(kek, data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, orig) {
		t.Fatal("Wrap modified its input")
	}
	got, err := aeskw.Unwrap(kek, w)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Error("Unwrap(Wrap(x)) != x")
	}
	// A swap of two blocks must be detected.
	w[8], w[16] = w[16], w[8]
	if _, err := aeskw.Unwrap(kek, w); !errors.Is(err, jwa.ErrDecryption) {
		t.Errorf("Unwrap of reordered blocks = %v, want ErrDecryption", err)
	}
}
