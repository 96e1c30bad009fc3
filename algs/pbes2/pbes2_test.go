package pbes2_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/joseframework/jose/algs/pbes2"
	"github.com/joseframework/jose/core/jwa"
)

var algorithms = []struct {
	alg     jwa.KeyManagementAlgorithm
	name    string
	summary string
}{
	{pbes2.PBES2HS256A128KW(), "PBES2-HS256+A128KW", "PBES2 with PBKDF2-HMAC-SHA-256 and AES Key Wrap with a 128-bit key"},
	{pbes2.PBES2HS384A192KW(), "PBES2-HS384+A192KW", "PBES2 with PBKDF2-HMAC-SHA-384 and AES Key Wrap with a 192-bit key"},
	{pbes2.PBES2HS512A256KW(), "PBES2-HS512+A256KW", "PBES2 with PBKDF2-HMAC-SHA-512 and AES Key Wrap with a 256-bit key"},
}

// fast are limits that let tests use small iteration counts.
var fast = jwa.Limits{MinPBES2Count: 1, MaxPBES2Count: 100}

func TestRegistered(t *testing.T) {
	for _, tt := range algorithms {
		if tt.alg.Name() != tt.name {
			t.Errorf("Name() = %q, want %q", tt.alg.Name(), tt.name)
		}
		if got, ok := jwa.LookupKeyManagement(tt.name); !ok || got != tt.alg {
			t.Errorf("LookupKeyManagement(%q) = %v, %v; want the package's value", tt.name, got, ok)
		}
		want := jwa.Description{KeyTypes: []string{"oct"}, Summary: tt.summary}
		if diff := cmp.Diff(want, tt.alg.(jwa.Describer).Describe()); diff != "" {
			t.Errorf("%s Describe mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestRoundTripDefaults(t *testing.T) {
	for _, tt := range algorithms {
		enc, err := tt.alg.NewEncrypter([]byte("correct horse battery staple"))
		if err != nil {
			t.Fatal(err)
		}
		dec, err := tt.alg.NewDecrypter([]byte("correct horse battery staple"))
		if err != nil {
			t.Fatal(err)
		}
		if enc.Algorithm() != tt.name || dec.Algorithm() != tt.name {
			t.Errorf("Algorithm() = %q, %q; want %q", enc.Algorithm(), dec.Algorithm(), tt.name)
		}
		params := &jwa.Params{}
		cek, ek, err := enc.EncryptKey(t.Context(), "A256GCM", 32, params)
		if err != nil {
			t.Fatal(err)
		}
		if len(cek) != 32 || len(ek) != 40 {
			t.Fatalf("%s: CEK %d bytes, encrypted key %d bytes; want 32, 40", tt.name, len(cek), len(ek))
		}
		if len(params.P2S) != pbes2.DefaultSaltSize || params.P2C != pbes2.DefaultCount || pbes2.DefaultCount != 10_000 {
			t.Errorf("%s: recorded p2s of %d bytes and p2c %d; want %d bytes and %d", tt.name, len(params.P2S), params.P2C, pbes2.DefaultSaltSize, pbes2.DefaultCount)
		}
		// The default count is accepted by the default decryption limits.
		got, err := dec.DecryptKey(t.Context(), "A256GCM", 32, ek, &jwa.Params{P2S: params.P2S, P2C: params.P2C})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !bytes.Equal(got, cek) {
			t.Errorf("%s: DecryptKey = %x, want %x", tt.name, got, cek)
		}
	}
}

func TestRoundTripSizes(t *testing.T) {
	for _, tt := range algorithms {
		enc, _ := tt.alg.NewEncrypter([]byte("pw"))
		dec, _ := tt.alg.NewDecrypter([]byte("pw"))
		for _, cekSize := range []int{16, 24, 32, 48, 64} {
			params := &jwa.Params{P2C: 3, Limits: fast}
			cek, ek, err := enc.EncryptKey(t.Context(), "X", cekSize, params)
			if err != nil {
				t.Fatalf("%s/%d: %v", tt.name, cekSize, err)
			}
			got, err := dec.DecryptKey(t.Context(), "X", cekSize, ek, &jwa.Params{P2S: params.P2S, P2C: params.P2C, Limits: fast})
			if err != nil || !bytes.Equal(got, cek) {
				t.Errorf("%s/%d: DecryptKey = %x, %v; want %x", tt.name, cekSize, got, err, cek)
			}
			params2 := &jwa.Params{P2C: 3, Limits: fast}
			cek2, _, _ := enc.EncryptKey(t.Context(), "X", cekSize, params2)
			if bytes.Equal(cek, cek2) || bytes.Equal(params.P2S, params2.P2S) {
				t.Errorf("%s/%d: two encryptions repeated the CEK or the salt", tt.name, cekSize)
			}
		}
	}
}

func TestKeys(t *testing.T) {
	for _, tt := range algorithms {
		for _, key := range []any{nil, "a string password", 42, [8]byte{}, new(string), new([]byte), []rune("pw")} {
			if k, err := tt.alg.NewEncrypter(key); !errors.Is(err, jwa.ErrKeyType) || k != nil {
				t.Errorf("%s NewEncrypter(%T) = %v, %v; want nil, ErrKeyType", tt.name, key, k, err)
			}
			if k, err := tt.alg.NewDecrypter(key); !errors.Is(err, jwa.ErrKeyType) || k != nil {
				t.Errorf("%s NewDecrypter(%T) = %v, %v; want nil, ErrKeyType", tt.name, key, k, err)
			}
		}
		for _, key := range []any{[]byte{}, []byte(nil)} {
			if k, err := tt.alg.NewEncrypter(key); !errors.Is(err, jwa.ErrKeySize) || k != nil {
				t.Errorf("%s NewEncrypter(empty %T) = %v, %v; want nil, ErrKeySize", tt.name, key, k, err)
			}
			if k, err := tt.alg.NewDecrypter(key); !errors.Is(err, jwa.ErrKeySize) || k != nil {
				t.Errorf("%s NewDecrypter(empty %T) = %v, %v; want nil, ErrKeySize", tt.name, key, k, err)
			}
		}
	}
}

// TestNotRetained checks that the caller's password and salt slices can
// change after use without effect.
func TestNotRetained(t *testing.T) {
	pw := []byte("hunter2hunter2")
	enc, err := pbes2.PBES2HS256A128KW().NewEncrypter(pw)
	if err != nil {
		t.Fatal(err)
	}
	clear(pw)
	salt := []byte("0123456789abcdef")
	params := &jwa.Params{P2S: salt, P2C: 2, Limits: fast}
	cek, ek, err := enc.EncryptKey(t.Context(), "A128GCM", 16, params)
	if err != nil {
		t.Fatal(err)
	}
	clear(salt)
	if bytes.Equal(params.P2S, salt) {
		t.Fatal("params.P2S aliases the caller's salt slice")
	}
	dec, _ := pbes2.PBES2HS256A128KW().NewDecrypter([]byte("hunter2hunter2"))
	got, err := dec.DecryptKey(t.Context(), "A128GCM", 16, ek, &jwa.Params{P2S: []byte("0123456789abcdef"), P2C: 2, Limits: fast})
	if err != nil || !bytes.Equal(got, cek) {
		t.Errorf("DecryptKey = %x, %v; want %x", got, err, cek)
	}
}

func TestEncryptKeyErrors(t *testing.T) {
	enc, err := pbes2.PBES2HS256A128KW().NewEncrypter([]byte("pw"))
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
		{"cekSize 15", 15, &jwa.Params{}},
		{"cekSize 8", 8, &jwa.Params{}},
		{"p2s of 0 bytes", 16, &jwa.Params{P2S: []byte{}}},
		{"p2s of 7 bytes", 16, &jwa.Params{P2S: make([]byte, 7)}},
		{"p2c 999", 16, &jwa.Params{P2C: 999}},
		{"p2c 1", 16, &jwa.Params{P2C: 1}},
		{"p2c negative", 16, &jwa.Params{P2C: -1}},
		{"p2c below custom minimum", 16, &jwa.Params{P2C: 4999, Limits: jwa.Limits{MinPBES2Count: 5000}}},
		{"CEK of the wrong size", 32, &jwa.Params{CEK: make([]byte, 16)}},
	}
	for _, tt := range tests {
		cek, ek, err := enc.EncryptKey(t.Context(), "A128GCM", tt.cekSize, tt.params)
		if !errors.Is(err, jwa.ErrInvalidParameter) || cek != nil || ek != nil {
			t.Errorf("%s: EncryptKey = %x, %x, %v; want ErrInvalidParameter", tt.name, cek, ek, err)
		}
	}
}

func TestDecryptKeyLimits(t *testing.T) {
	dec, err := pbes2.PBES2HS256A128KW().NewDecrypter([]byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	ek := make([]byte, 24)
	salt := make([]byte, 16)
	// A cancelled context shows the order of the checks: limits and
	// parameters are checked before the context, and the context before
	// any PBKDF2 work. A count bomb (2^31, MaxInt) returns at once.
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name   string
		params *jwa.Params
		want   []error
	}{
		{"nil params", nil, []error{jwa.ErrInvalidParameter}},
		{"p2c 0", &jwa.Params{P2S: salt, P2C: 0}, []error{jwa.ErrLimit, jwa.ErrInvalidParameter}},
		{"p2c negative", &jwa.Params{P2S: salt, P2C: -4096}, []error{jwa.ErrLimit, jwa.ErrInvalidParameter}},
		{"p2c MinInt", &jwa.Params{P2S: salt, P2C: math.MinInt}, []error{jwa.ErrLimit, jwa.ErrInvalidParameter}},
		{"p2c 999", &jwa.Params{P2S: salt, P2C: 999}, []error{jwa.ErrLimit}},
		{"p2c 10001", &jwa.Params{P2S: salt, P2C: 10_001}, []error{jwa.ErrLimit}},
		{"p2c 2^31", &jwa.Params{P2S: salt, P2C: 1 << 31}, []error{jwa.ErrLimit}},
		{"p2c MaxInt", &jwa.Params{P2S: salt, P2C: math.MaxInt}, []error{jwa.ErrLimit}},
		{"p2c above custom maximum", &jwa.Params{P2S: salt, P2C: 5001, Limits: jwa.Limits{MaxPBES2Count: 5000}}, []error{jwa.ErrLimit}},
		{"p2c below custom minimum", &jwa.Params{P2S: salt, P2C: 1999, Limits: jwa.Limits{MinPBES2Count: 2000}}, []error{jwa.ErrLimit}},
		{"p2s missing", &jwa.Params{P2C: 4096}, []error{jwa.ErrInvalidParameter}},
		{"p2s of 0 bytes", &jwa.Params{P2S: []byte{}, P2C: 4096}, []error{jwa.ErrInvalidParameter}},
		{"p2s of 7 bytes", &jwa.Params{P2S: make([]byte, 7), P2C: 4096}, []error{jwa.ErrInvalidParameter}},
		{"p2s of 7 bytes and a count bomb", &jwa.Params{P2S: make([]byte, 7), P2C: math.MaxInt}, []error{jwa.ErrInvalidParameter}},
	}
	for _, tt := range tests {
		got, err := dec.DecryptKey(cancelled, "A128GCM", 16, ek, tt.params)
		if got != nil {
			t.Errorf("%s: DecryptKey returned a key", tt.name)
		}
		for _, want := range tt.want {
			if !errors.Is(err, want) {
				t.Errorf("%s: DecryptKey = %v, want an error wrapping %v", tt.name, err, want)
			}
		}
		if errors.Is(err, context.Canceled) {
			t.Errorf("%s: DecryptKey reached the context check before refusing its parameters", tt.name)
		}
	}
	// Within the limits, the cancelled context is what stops it.
	if _, err := dec.DecryptKey(cancelled, "A128GCM", 16, ek, &jwa.Params{P2S: salt, P2C: 1000}); !errors.Is(err, context.Canceled) {
		t.Errorf("DecryptKey with a cancelled context = %v, want context.Canceled", err)
	}
}

// TestCustomLimits checks that Params.Limits moves the accepted range both
// ways.
func TestCustomLimits(t *testing.T) {
	enc, _ := pbes2.PBES2HS384A192KW().NewEncrypter([]byte("pw"))
	dec, _ := pbes2.PBES2HS384A192KW().NewDecrypter([]byte("pw"))
	params := &jwa.Params{P2C: 10_001}
	cek, ek, err := enc.EncryptKey(t.Context(), "A128GCM", 16, params)
	if err != nil {
		t.Fatal(err)
	}
	p := func(l jwa.Limits) *jwa.Params { return &jwa.Params{P2S: params.P2S, P2C: params.P2C, Limits: l} }
	if _, err := dec.DecryptKey(t.Context(), "A128GCM", 16, ek, p(jwa.Limits{})); !errors.Is(err, jwa.ErrLimit) {
		t.Errorf("p2c 10001 with default limits = %v, want ErrLimit", err)
	}
	got, err := dec.DecryptKey(t.Context(), "A128GCM", 16, ek, p(jwa.Limits{MaxPBES2Count: 20_000}))
	if err != nil || !bytes.Equal(got, cek) {
		t.Errorf("p2c 10001 with MaxPBES2Count 20000 = %x, %v; want %x", got, err, cek)
	}

	params = &jwa.Params{P2C: 5, Limits: fast}
	cek, ek, err = enc.EncryptKey(t.Context(), "A128GCM", 16, params)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dec.DecryptKey(t.Context(), "A128GCM", 16, ek, p(jwa.Limits{})); !errors.Is(err, jwa.ErrLimit) {
		t.Errorf("p2c 5 with default limits = %v, want ErrLimit", err)
	}
	got, err = dec.DecryptKey(t.Context(), "A128GCM", 16, ek, p(fast))
	if err != nil || !bytes.Equal(got, cek) {
		t.Errorf("p2c 5 with MinPBES2Count 1 = %x, %v; want %x", got, err, cek)
	}
}

func TestDecryptKeyFailures(t *testing.T) {
	for _, tt := range algorithms {
		enc, _ := tt.alg.NewEncrypter([]byte("right password"))
		dec, _ := tt.alg.NewDecrypter([]byte("right password"))
		wrong, _ := tt.alg.NewDecrypter([]byte("wrong password"))
		params := &jwa.Params{P2C: 4, Limits: fast}
		_, ek, err := enc.EncryptKey(t.Context(), "A128GCM", 16, params)
		if err != nil {
			t.Fatal(err)
		}
		check := func(what string, d jwa.KeyDecrypter, cekSize int, ek, p2s []byte, p2c int) {
			t.Helper()
			got, err := d.DecryptKey(t.Context(), "A128GCM", cekSize, ek, &jwa.Params{P2S: p2s, P2C: p2c, Limits: fast})
			if !errors.Is(err, jwa.ErrDecryption) || got != nil {
				t.Errorf("%s %s: DecryptKey = %x, %v; want nil, ErrDecryption", tt.name, what, got, err)
			}
		}
		check("wrong password", wrong, 16, ek, params.P2S, params.P2C)
		check("other count", dec, 16, ek, params.P2S, params.P2C+1)
		other := bytes.Clone(params.P2S)
		other[0] ^= 1
		check("other salt", dec, 16, ek, other, params.P2C)
		for i := range ek {
			bad := bytes.Clone(ek)
			bad[i] ^= 0x40
			check(fmt.Sprintf("byte %d flipped", i), dec, 16, bad, params.P2S, params.P2C)
		}
		for _, n := range []int{0, 8, 16, 23, 25, 32} {
			check(fmt.Sprintf("%d-byte encrypted key", n), dec, 16, make([]byte, n), params.P2S, params.P2C)
		}
		check("cekSize mismatch", dec, 24, ek, params.P2S, params.P2C)
		check("cekSize zero", dec, 0, ek, params.P2S, params.P2C)
	}
	// One password, two algorithms: the algorithm name is in the salt.
	enc, _ := pbes2.PBES2HS256A128KW().NewEncrypter([]byte("pw"))
	params := &jwa.Params{P2C: 2, Limits: fast}
	_, ek, err := enc.EncryptKey(t.Context(), "A128GCM", 16, params)
	if err != nil {
		t.Fatal(err)
	}
	dec, _ := pbes2.PBES2HS512A256KW().NewDecrypter([]byte("pw"))
	if _, err := dec.DecryptKey(t.Context(), "A128GCM", 16, ek, &jwa.Params{P2S: params.P2S, P2C: 2, Limits: fast}); !errors.Is(err, jwa.ErrDecryption) {
		t.Errorf("PBES2-HS512+A256KW decrypting a PBES2-HS256+A128KW key = %v, want ErrDecryption", err)
	}
}
