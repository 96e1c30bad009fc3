package rsa15_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	stdrsa "crypto/rsa"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/joseframework/jose/algs/rsa/internal/rsatest"
	"github.com/joseframework/jose/algs/rsa/rsa15"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
)

func TestRegistry(t *testing.T) {
	if got, ok := jwa.LookupKeyManagement("RSA1_5"); !ok || got != rsa15.RSA15() {
		t.Errorf("LookupKeyManagement(RSA1_5) = %v, %v; want rsa15.RSA15()", got, ok)
	}
	// Importing rsa15 registers RSA1_5 only, not the algorithms of
	// package rsa.
	if names := jwa.KeyManagementNames(); !cmp.Equal(names, []string{"RSA1_5"}) {
		t.Errorf("KeyManagementNames() = %v, want [RSA1_5]", names)
	}
	if names := jwa.SignatureNames(); len(names) != 0 {
		t.Errorf("SignatureNames() = %v, want none", names)
	}
}

func TestDescribe(t *testing.T) {
	want := jwa.Description{
		KeyTypes:   []string{"RSA"},
		MinKeyBits: 2048,
		Deprecated: true,
		FIPS:       false,
		Summary:    "RSAES-PKCS1-v1_5 (deprecated; use RSA-OAEP-256)",
	}
	if diff := cmp.Diff(want, rsa15.RSA15().(jwa.Describer).Describe()); diff != "" {
		t.Errorf("Describe() (-want +got):\n%s", diff)
	}
}

func TestContract(t *testing.T) {
	a, b, small := rsatest.Keys(t)
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, ed, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	wrong := []any{make([]byte, 256), ec, &ec.PublicKey, ed, *a}
	for _, enc := range []struct {
		name string
		size int
	}{{"A128GCM", 16}, {"A256CBC-HS512", 64}} {
		t.Run(enc.name, func(t *testing.T) {
			jwatest.TestKeyManagement(t, jwatest.KeyManagementCase{
				Alg:                rsa15.RSA15(),
				EncryptKey:         &a.PublicKey,
				DecryptKey:         a,
				OtherDecryptKey:    b,
				WrongKeys:          wrong,
				SmallKeys:          []any{small},
				Enc:                enc.name,
				CEKSize:            enc.size,
				RandomCEKOnFailure: true,
			})
		})
	}
	t.Run("opaque", func(t *testing.T) {
		jwatest.TestKeyManagement(t, jwatest.KeyManagementCase{
			Alg:                rsa15.RSA15(),
			EncryptKey:         a,
			DecryptKey:         &rsatest.OpaqueDecrypter{Key: a},
			OtherDecryptKey:    &rsatest.OpaqueDecrypter{Key: b},
			WrongKeys:          wrong,
			SmallKeys:          []any{small},
			Enc:                "A128CBC-HS256",
			CEKSize:            32,
			RandomCEKOnFailure: true,
		})
	})
}

// em builds a PKCS #1 v1.5 encryption block (RFC 8017, Section 7.2.1) of
// k bytes: 0x00 0x02, nonzero padding, 0x00, msg; edit then changes it.
func em(k int, msg []byte, edit func([]byte)) []byte {
	b := make([]byte, k)
	b[1] = 2
	ps := b[2 : k-len(msg)-1]
	for i := range ps {
		ps[i] = byte(i%255) + 1
	}
	copy(b[k-len(msg):], msg)
	if edit != nil {
		edit(b)
	}
	return b
}

// TestMalformedPadding checks the Bleichenbacher countermeasure: every
// malformed block gives a fresh random CEK and no error, with a local key
// and with a crypto.Decrypter.
func TestMalformedPadding(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	k := a.Size()
	const cekSize = 32
	msg := bytes.Repeat([]byte{0x5a}, cekSize)
	cases := []struct {
		name  string
		block []byte
		valid bool
	}{
		{"well formed", em(k, msg, nil), true},
		{"first byte 1", em(k, msg, func(b []byte) { b[0] = 1 }), false},
		{"block type 1", em(k, msg, func(b []byte) { b[1] = 1 }), false},
		{"block type 0", em(k, msg, func(b []byte) { b[1] = 0 }), false},
		{"no zero separator", em(k, msg, func(b []byte) { b[k-cekSize-1] = 0xff }), false},
		{"padding of 7 bytes", em(k, msg, func(b []byte) { b[9] = 0 }), false},
		{"message one byte short", em(k, msg[1:], nil), false},
		{"message one byte long", em(k, append(bytes.Clone(msg), 0x5a), nil), false},
		{"empty message", em(k, nil, nil), false},
	}
	hsm := &rsatest.OpaqueDecrypter{Key: a}
	for _, key := range []any{a, hsm} {
		d, err := rsa15.RSA15().NewDecrypter(key)
		if err != nil {
			t.Fatal(err)
		}
		kind := "local"
		if key == any(hsm) {
			kind = "crypto.Decrypter"
		}
		for _, tc := range cases {
			t.Run(kind+"/"+tc.name, func(t *testing.T) {
				ek := rsatest.RawEncrypt(&a.PublicKey, tc.block)
				first, err1 := d.DecryptKey(context.Background(), "A128CBC-HS256", cekSize, ek, &jwa.Params{})
				second, err2 := d.DecryptKey(context.Background(), "A128CBC-HS256", cekSize, ek, &jwa.Params{})
				if err1 != nil || err2 != nil {
					t.Fatalf("%T: DecryptKey errors %v, %v; want none, ever", key, err1, err2)
				}
				if len(first) != cekSize || len(second) != cekSize {
					t.Fatalf("%T: DecryptKey returned %d and %d bytes, want %d", key, len(first), len(second), cekSize)
				}
				if tc.valid {
					if !bytes.Equal(first, msg) || !bytes.Equal(second, msg) {
						t.Errorf("%T: DecryptKey of a well-formed block = %x, %x; want %x", key, first, second, msg)
					}
					return
				}
				if bytes.Equal(first, second) {
					t.Errorf("%T: two DecryptKey calls returned the same CEK %x; want fresh random CEKs", key, first)
				}
				if bytes.Contains(first, msg[:8]) || bytes.Contains(second, msg[:8]) {
					t.Errorf("%T: DecryptKey returned the message of a malformed block", key)
				}
			})
		}
	}
	want := &stdrsa.PKCS1v15DecryptOptions{SessionKeyLen: cekSize}
	if diff := cmp.Diff(any(want), any(hsm.LastOpts())); diff != "" {
		t.Errorf("options given to the crypto.Decrypter (-want +got):\n%s", diff)
	}
}

// TestWrongLengthEncryptedKey checks that encrypted keys of the wrong
// length, and values not below the modulus, give a random CEK and no
// error, without calling a crypto.Decrypter for a wrong length.
func TestWrongLengthEncryptedKey(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	k := a.Size()
	hsm := &rsatest.OpaqueDecrypter{Key: a}
	for _, key := range []any{a, hsm} {
		d, err := rsa15.RSA15().NewDecrypter(key)
		if err != nil {
			t.Fatal(err)
		}
		for name, ek := range map[string][]byte{
			"nil":                nil,
			"empty":              {},
			"one byte":           {1},
			"one byte short":     make([]byte, k-1),
			"one byte long":      make([]byte, k+1),
			"1 MiB":              make([]byte, 1<<20),
			"all 0xff (above n)": bytes.Repeat([]byte{0xff}, k),
			"the modulus":        a.N.FillBytes(make([]byte, k)),
		} {
			calls := hsm.Calls.Load()
			first, err1 := d.DecryptKey(context.Background(), "A128GCM", 16, ek, &jwa.Params{})
			second, err2 := d.DecryptKey(context.Background(), "A128GCM", 16, ek, &jwa.Params{})
			if err1 != nil || err2 != nil {
				t.Errorf("%T, %s: DecryptKey errors %v, %v; want none", key, name, err1, err2)
				continue
			}
			if len(first) != 16 || len(second) != 16 || bytes.Equal(first, second) {
				t.Errorf("%T, %s: DecryptKey = %x, %x; want two different random 16-byte CEKs", key, name, first, second)
			}
			if len(ek) != k && hsm.Calls.Load() != calls {
				t.Errorf("%s: the crypto.Decrypter was called for an encrypted key of the wrong length", name)
			}
		}
	}
}

func TestCEKSize(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	ctx := context.Background()
	e, _ := rsa15.RSA15().NewEncrypter(&a.PublicKey)
	d, _ := rsa15.RSA15().NewDecrypter(a)
	maxLen := a.Size() - 11
	for _, size := range []int{-1, 0, 1, rsa15.MinCEKSize - 1, maxLen + 1} {
		if _, _, err := e.EncryptKey(ctx, "A128GCM", size, &jwa.Params{}); !errors.Is(err, jwa.ErrInvalidParameter) {
			t.Errorf("EncryptKey(cekSize %d) = %v, want ErrInvalidParameter", size, err)
		}
		if _, err := d.DecryptKey(ctx, "A128GCM", size, make([]byte, a.Size()), &jwa.Params{}); !errors.Is(err, jwa.ErrInvalidParameter) {
			t.Errorf("DecryptKey(cekSize %d) = %v, want ErrInvalidParameter", size, err)
		}
	}
	for _, size := range []int{rsa15.MinCEKSize, maxLen} {
		cek, ek, err := e.EncryptKey(ctx, "A128GCM", size, &jwa.Params{})
		if err != nil {
			t.Fatalf("EncryptKey(cekSize %d) = %v", size, err)
		}
		if got, err := d.DecryptKey(ctx, "A128GCM", size, ek, &jwa.Params{}); err != nil || !bytes.Equal(got, cek) {
			t.Errorf("round trip of a %d-byte CEK = %x, %v", size, got, err)
		}
	}
	if _, _, err := e.EncryptKey(ctx, "A128GCM", 16, &jwa.Params{CEK: make([]byte, 32)}); !errors.Is(err, jwa.ErrInvalidParameter) {
		t.Errorf("EncryptKey with a 32-byte Params.CEK for cekSize 16 = %v, want ErrInvalidParameter", err)
	}
}

func TestKeys(t *testing.T) {
	a, _, small := rsatest.Keys(t)
	if _, err := rsa15.RSA15().NewDecrypter(&a.PublicKey); !errors.Is(err, jwa.ErrKeyType) {
		t.Errorf("NewDecrypter(public key) = %v, want ErrKeyType", err)
	}
	if _, err := rsa15.RSA15().NewDecrypter(&rsatest.OpaqueDecrypter{Key: small}); !errors.Is(err, jwa.ErrKeySize) {
		t.Errorf("NewDecrypter(1024-bit crypto.Decrypter) = %v, want ErrKeySize", err)
	}
	bad := &stdrsa.PublicKey{N: a.N, E: 2}
	if _, err := rsa15.RSA15().NewEncrypter(bad); !errors.Is(err, rsa15.ErrInvalidKey) {
		t.Errorf("NewEncrypter(even exponent) = %v, want ErrInvalidKey", err)
	}
}

func TestOpaqueCanceled(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	hsm := &rsatest.OpaqueDecrypter{Key: a}
	d, _ := rsa15.RSA15().NewDecrypter(hsm)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.DecryptKey(ctx, "A128GCM", 16, make([]byte, a.Size()), &jwa.Params{}); !errors.Is(err, context.Canceled) {
		t.Errorf("DecryptKey with a canceled context = %v, want context.Canceled", err)
	}
	if n := hsm.Calls.Load(); n != 0 {
		t.Errorf("crypto.Decrypter called %d times after cancel", n)
	}
}
