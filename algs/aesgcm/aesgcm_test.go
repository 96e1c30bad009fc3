package aesgcm_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/joseframework/jose/algs/aesgcm"
	"github.com/joseframework/jose/core/jwa"
)

var contentAlgs = []struct {
	alg  jwa.ContentEncryptionAlgorithm
	name string
	size int
}{
	{aesgcm.A128GCM(), "A128GCM", 16},
	{aesgcm.A192GCM(), "A192GCM", 24},
	{aesgcm.A256GCM(), "A256GCM", 32},
}

var kwAlgs = []struct {
	alg  jwa.KeyManagementAlgorithm
	name string
	size int
}{
	{aesgcm.A128GCMKW(), "A128GCMKW", 16},
	{aesgcm.A192GCMKW(), "A192GCMKW", 24},
	{aesgcm.A256GCMKW(), "A256GCMKW", 32},
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestRegistered(t *testing.T) {
	for _, tt := range contentAlgs {
		if tt.alg.Name() != tt.name || tt.alg.KeySize() != tt.size {
			t.Errorf("%s: Name, KeySize = %q, %d; want %q, %d", tt.name, tt.alg.Name(), tt.alg.KeySize(), tt.name, tt.size)
		}
		if got, ok := jwa.LookupContentEncryption(tt.name); !ok || got != tt.alg {
			t.Errorf("LookupContentEncryption(%q) = %v, %v; want the package's value", tt.name, got, ok)
		}
		want := jwa.Description{
			KeyTypes: []string{"oct"},
			FIPS:     true,
			Summary:  fmt.Sprintf("AES-GCM content encryption with a %d-bit key", 8*tt.size),
		}
		if diff := cmp.Diff(want, tt.alg.(jwa.Describer).Describe()); diff != "" {
			t.Errorf("%s Describe mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
	for _, tt := range kwAlgs {
		if tt.alg.Name() != tt.name {
			t.Errorf("Name() = %q, want %q", tt.alg.Name(), tt.name)
		}
		if got, ok := jwa.LookupKeyManagement(tt.name); !ok || got != tt.alg {
			t.Errorf("LookupKeyManagement(%q) = %v, %v; want the package's value", tt.name, got, ok)
		}
		want := jwa.Description{
			KeyTypes: []string{"oct"},
			FIPS:     true,
			Summary:  fmt.Sprintf("Key wrapping with AES-GCM and a %d-bit key", 8*tt.size),
		}
		if diff := cmp.Diff(want, tt.alg.(jwa.Describer).Describe()); diff != "" {
			t.Errorf("%s Describe mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestNewAEADKeySize(t *testing.T) {
	for _, tt := range contentAlgs {
		for _, n := range []int{0, 8, 15, 16, 17, 24, 31, 32, 33, 64} {
			_, err := tt.alg.NewAEAD(make([]byte, n))
			if n == tt.size {
				if err != nil {
					t.Errorf("%s NewAEAD(%d bytes) = %v", tt.name, n, err)
				}
			} else if !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("%s NewAEAD(%d bytes) = %v, want ErrKeySize", tt.name, n, err)
			}
		}
	}
}

func TestContentRoundTrip(t *testing.T) {
	for _, tt := range contentAlgs {
		cek := randomBytes(tt.size)
		aead, err := tt.alg.NewAEAD(cek)
		if err != nil {
			t.Fatal(err)
		}
		if aead.NonceSize() != 12 || aead.Overhead() != 16 {
			t.Fatalf("%s NonceSize, Overhead = %d, %d; want 12, 16", tt.name, aead.NonceSize(), aead.Overhead())
		}
		clear(cek) // the AEAD must not depend on the caller's slice
		for _, n := range []int{0, 1, 15, 16, 17, 1000} {
			for _, aad := range [][]byte{nil, []byte("eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0")} {
				name := fmt.Sprintf("%s/%d/aad%d", tt.name, n, len(aad))
				pt, iv := randomBytes(n), randomBytes(12)
				sealed := aead.Seal([]byte("prefix"), iv, pt, aad)
				if len(sealed) != len("prefix")+n+16 || string(sealed[:6]) != "prefix" {
					t.Fatalf("%s: Seal returned %d bytes, want prefix + %d", name, len(sealed), n+16)
				}
				sealed = sealed[6:]
				got, err := aead.Open(nil, iv, sealed, aad)
				if err != nil {
					t.Fatalf("%s: Open: %v", name, err)
				}
				if !bytes.Equal(got, pt) {
					t.Errorf("%s: Open = %x, want %x", name, got, pt)
				}
				checkOpenFails(t, name, aead, iv, sealed, aad)
			}
		}
	}
}

// checkOpenFails checks that every alteration of a valid sealed message is
// refused with ErrDecryption and never panics.
func checkOpenFails(t *testing.T, name string, aead interface {
	Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error)
}, iv, sealed, aad []byte) {
	t.Helper()
	check := func(what string, iv, sealed, aad []byte) {
		t.Helper()
		got, err := aead.Open(nil, iv, sealed, aad)
		if !errors.Is(err, jwa.ErrDecryption) || got != nil {
			t.Errorf("%s: Open with %s = %x, %v; want nil, ErrDecryption", name, what, got, err)
		}
	}
	for i := range sealed {
		bad := bytes.Clone(sealed)
		bad[i] ^= 0x01
		check(fmt.Sprintf("byte %d flipped", i), iv, bad, aad)
	}
	for i := range iv {
		bad := bytes.Clone(iv)
		bad[i] ^= 0x80
		check("flipped IV", bad, sealed, aad)
	}
	check("other AAD", iv, sealed, append(bytes.Clone(aad), '.'))
	check("tag truncated by one byte", iv, sealed[:len(sealed)-1], aad)
	check("tag truncated to 12 bytes", iv, sealed[:len(sealed)-4], aad)
	check("tag removed", iv, sealed[:len(sealed)-16], aad)
	check("tag extended", iv, append(bytes.Clone(sealed), 0), aad)
	check("empty ciphertext", iv, nil, aad)
	for _, n := range []int{0, 8, 11, 13, 16} {
		check(fmt.Sprintf("%d-byte IV", n), make([]byte, n), sealed, aad)
	}
}

func TestContentWrongKey(t *testing.T) {
	for _, tt := range contentAlgs {
		a, _ := tt.alg.NewAEAD(randomBytes(tt.size))
		b, _ := tt.alg.NewAEAD(randomBytes(tt.size))
		iv := randomBytes(12)
		sealed := a.Seal(nil, iv, []byte("secret"), nil)
		if _, err := b.Open(nil, iv, sealed, nil); !errors.Is(err, jwa.ErrDecryption) {
			t.Errorf("%s Open with another key = %v, want ErrDecryption", tt.name, err)
		}
	}
}

func TestKeyWrapRoundTrip(t *testing.T) {
	for _, tt := range kwAlgs {
		key := randomBytes(tt.size)
		enc, err := tt.alg.NewEncrypter(key)
		if err != nil {
			t.Fatal(err)
		}
		dec, err := tt.alg.NewDecrypter(key)
		if err != nil {
			t.Fatal(err)
		}
		clear(key) // neither may depend on the caller's slice
		if enc.Algorithm() != tt.name || dec.Algorithm() != tt.name {
			t.Errorf("Algorithm() = %q, %q; want %q", enc.Algorithm(), dec.Algorithm(), tt.name)
		}
		for _, cekSize := range []int{16, 24, 32, 48, 64} {
			params := &jwa.Params{}
			cek, ek, err := enc.EncryptKey(t.Context(), "A128GCM", cekSize, params)
			if err != nil {
				t.Fatalf("%s/%d: %v", tt.name, cekSize, err)
			}
			if len(cek) != cekSize || len(ek) != cekSize || len(params.IV) != 12 || len(params.Tag) != 16 {
				t.Fatalf("%s/%d: got CEK %d, encrypted key %d, IV %d, tag %d bytes", tt.name, cekSize, len(cek), len(ek), len(params.IV), len(params.Tag))
			}
			got, err := dec.DecryptKey(t.Context(), "A128GCM", cekSize, ek, &jwa.Params{IV: params.IV, Tag: params.Tag})
			if err != nil {
				t.Fatalf("%s/%d: %v", tt.name, cekSize, err)
			}
			if !bytes.Equal(got, cek) {
				t.Errorf("%s/%d: DecryptKey = %x, want %x", tt.name, cekSize, got, cek)
			}

			// Reusing the Params gives a fresh CEK and a fresh IV.
			firstIV := bytes.Clone(params.IV)
			cek2, _, err := enc.EncryptKey(t.Context(), "A128GCM", cekSize, params)
			if err != nil {
				t.Fatalf("%s/%d: reused Params: %v", tt.name, cekSize, err)
			}
			if bytes.Equal(cek, cek2) || bytes.Equal(firstIV, params.IV) {
				t.Errorf("%s/%d: a second EncryptKey repeated the CEK or the IV", tt.name, cekSize)
			}
		}
	}
}

// TestKeyWrapIVReuse checks that a reused Params with a fixed CEK does not
// reuse the IV it received from an earlier EncryptKey.
func TestKeyWrapIVReuse(t *testing.T) {
	enc, err := aesgcm.A128GCMKW().NewEncrypter(randomBytes(16))
	if err != nil {
		t.Fatal(err)
	}
	params := &jwa.Params{CEK: randomBytes(16)}
	if _, _, err := enc.EncryptKey(t.Context(), "A128GCM", 16, params); err != nil {
		t.Fatal(err)
	}
	first := bytes.Clone(params.IV)
	params.CEK = randomBytes(16)
	if _, _, err := enc.EncryptKey(t.Context(), "A128GCM", 16, params); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(first, params.IV) {
		t.Error("EncryptKey reused the IV an earlier call recorded in params")
	}
}

func TestKeyWrapNewKeyErrors(t *testing.T) {
	for _, tt := range kwAlgs {
		for _, key := range []any{nil, "0123456789abcdef", [16]byte{}, new([]byte)} {
			if k, err := tt.alg.NewEncrypter(key); !errors.Is(err, jwa.ErrKeyType) || k != nil {
				t.Errorf("%s NewEncrypter(%T) = %v, %v; want nil, ErrKeyType", tt.name, key, k, err)
			}
			if k, err := tt.alg.NewDecrypter(key); !errors.Is(err, jwa.ErrKeyType) || k != nil {
				t.Errorf("%s NewDecrypter(%T) = %v, %v; want nil, ErrKeyType", tt.name, key, k, err)
			}
		}
		for _, n := range []int{0, tt.size - 1, tt.size + 1, tt.size + 8, 64} {
			if _, err := tt.alg.NewEncrypter(make([]byte, n)); !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("%s NewEncrypter(%d bytes) = %v, want ErrKeySize", tt.name, n, err)
			}
			if _, err := tt.alg.NewDecrypter(make([]byte, n)); !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("%s NewDecrypter(%d bytes) = %v, want ErrKeySize", tt.name, n, err)
			}
		}
	}
}

func TestKeyWrapEncryptErrors(t *testing.T) {
	enc, err := aesgcm.A256GCMKW().NewEncrypter(randomBytes(32))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		cekSize int
		params  *jwa.Params
	}{
		{"nil params", 16, nil},
		{"cekSize 0", 0, &jwa.Params{}},
		{"cekSize negative", -16, &jwa.Params{}},
		{"CEK of the wrong size", 32, &jwa.Params{CEK: make([]byte, 16)}},
		{"IV without CEK", 16, &jwa.Params{IV: make([]byte, 12)}},
		{"short IV with CEK", 16, &jwa.Params{CEK: make([]byte, 16), IV: make([]byte, 8)}},
		{"long IV with CEK", 16, &jwa.Params{CEK: make([]byte, 16), IV: make([]byte, 16)}},
	}
	for _, tt := range tests {
		cek, ek, err := enc.EncryptKey(t.Context(), "A128GCM", tt.cekSize, tt.params)
		if !errors.Is(err, jwa.ErrInvalidParameter) || cek != nil || ek != nil {
			t.Errorf("%s: EncryptKey = %x, %x, %v; want ErrInvalidParameter", tt.name, cek, ek, err)
		}
	}
}

func TestKeyWrapDecryptErrors(t *testing.T) {
	key := randomBytes(16)
	enc, _ := aesgcm.A128GCMKW().NewEncrypter(key)
	dec, _ := aesgcm.A128GCMKW().NewDecrypter(key)
	other, _ := aesgcm.A128GCMKW().NewDecrypter(randomBytes(16))
	p := &jwa.Params{}
	_, ek, err := enc.EncryptKey(t.Context(), "A128GCM", 16, p)
	if err != nil {
		t.Fatal(err)
	}
	iv, tag := p.IV, p.Tag
	check := func(name string, d jwa.KeyDecrypter, cekSize int, ek, iv, tag []byte, want error) {
		t.Helper()
		got, err := d.DecryptKey(t.Context(), "A128GCM", cekSize, ek, &jwa.Params{IV: iv, Tag: tag})
		if !errors.Is(err, want) || got != nil {
			t.Errorf("%s: DecryptKey = %x, %v; want nil, %v", name, got, err, want)
		}
	}
	check("wrong key", other, 16, ek, iv, tag, jwa.ErrDecryption)
	for i := range ek {
		bad := bytes.Clone(ek)
		bad[i] ^= 1
		check("flipped encrypted key", dec, 16, bad, iv, tag, jwa.ErrDecryption)
	}
	for i := range tag {
		bad := bytes.Clone(tag)
		bad[i] ^= 1
		check("flipped tag", dec, 16, ek, iv, bad, jwa.ErrDecryption)
	}
	for i := range iv {
		bad := bytes.Clone(iv)
		bad[i] ^= 1
		check("flipped IV", dec, 16, ek, bad, tag, jwa.ErrDecryption)
	}
	check("encrypted key truncated", dec, 16, ek[:15], iv, tag, jwa.ErrDecryption)
	check("encrypted key extended", dec, 16, append(bytes.Clone(ek), 0), iv, tag, jwa.ErrDecryption)
	check("encrypted key empty", dec, 16, nil, iv, tag, jwa.ErrDecryption)
	check("cekSize mismatch", dec, 32, ek, iv, tag, jwa.ErrDecryption)
	check("cekSize zero", dec, 0, nil, iv, tag, jwa.ErrDecryption)
	check("tag truncated", dec, 16, ek, iv, tag[:15], jwa.ErrInvalidParameter)
	check("tag extended", dec, 16, ek, iv, append(bytes.Clone(tag), 0), jwa.ErrInvalidParameter)
	check("tag missing", dec, 16, ek, iv, nil, jwa.ErrInvalidParameter)
	for _, n := range []int{0, 8, 11, 13, 16} {
		check(fmt.Sprintf("%d-byte IV", n), dec, 16, ek, make([]byte, n), tag, jwa.ErrInvalidParameter)
	}
	if _, err := dec.DecryptKey(t.Context(), "A128GCM", 16, ek, nil); !errors.Is(err, jwa.ErrInvalidParameter) {
		t.Errorf("DecryptKey with nil params = %v, want ErrInvalidParameter", err)
	}
}
