package eddsa_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"errors"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"

	"github.com/joseframework/jose/algs/eddsa"
)

// wrongKeys returns keys of types that no Ed25519 algorithm accepts.
func wrongKeys(t *testing.T) []any {
	t.Helper()
	priv := generate(t)
	pub := priv.Public().(ed25519.PublicKey)
	x25519, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return []any{
		x25519, x25519.PublicKey(), ec, &ec.PublicKey, rsaKey, &rsaKey.PublicKey,
		&priv, &pub, // pointers to valid keys
		[]byte(priv), []byte(pub), // the right bytes, but not typed as keys
	}
}

// TestContract runs the jwa contract suite for both algorithms, with an
// ed25519.PrivateKey and with a crypto.Signer that hides its private key
// (the HSM path).
func TestContract(t *testing.T) {
	wrong := wrongKeys(t)
	small := []any{ed25519.PrivateKey(make([]byte, 32)), ed25519.PrivateKey(make([]byte, 63))}
	for _, alg := range both {
		t.Run(alg.Name(), func(t *testing.T) {
			priv := generate(t)
			t.Run("PrivateKey", func(t *testing.T) {
				jwatest.TestSignature(t, jwatest.SignatureCase{
					Alg:       alg,
					SignKey:   priv,
					VerifyKey: priv.Public(),
					OtherKey:  generate(t),
					WrongKeys: wrong,
					SmallKeys: small,
				})
			})
			t.Run("CryptoSigner", func(t *testing.T) {
				jwatest.TestSignature(t, jwatest.SignatureCase{
					Alg:       alg,
					SignKey:   &hsm{key: priv, t: t},
					VerifyKey: priv,
					OtherKey:  &hsm{key: generate(t), t: t},
					WrongKeys: wrong,
					SmallKeys: small,
				})
			})
		})
	}
}

func TestRegistered(t *testing.T) {
	for _, alg := range both {
		got, ok := jwa.LookupSignature(alg.Name())
		if !ok || got != alg {
			t.Errorf("LookupSignature(%q) = %v, %v; want the package's algorithm", alg.Name(), got, ok)
		}
	}
	if _, ok := jwa.LookupSignature("Ed448"); ok {
		t.Errorf("Ed448 is registered, but this package does not implement it")
	}
}

func TestDescribe(t *testing.T) {
	want := map[string]jwa.Description{
		"EdDSA":   {KeyTypes: []string{"OKP"}, FIPS: true, Summary: "EdDSA (RFC 8037) with Ed25519; Ed448 is not supported"},
		"Ed25519": {KeyTypes: []string{"OKP"}, FIPS: true, Summary: "Ed25519 (RFC 9864, fully specified)"},
	}
	for _, alg := range both {
		d, ok := alg.(jwa.Describer)
		if !ok {
			t.Fatalf("%s does not implement jwa.Describer", alg.Name())
		}
		if diff := cmp.Diff(want[alg.Name()], d.Describe()); diff != "" {
			t.Errorf("%s Describe() mismatch (-want +got):\n%s", alg.Name(), diff)
		}
	}
}

// TestSameSignature checks that the two names make the same bytes as
// crypto/ed25519, whether the key is local or behind a crypto.Signer.
func TestSameSignature(t *testing.T) {
	priv := generate(t)
	msg := []byte("eyJhbGciOiJFZDI1NTE5In0.c2FtZQ")
	want := ed25519.Sign(priv, msg)
	for _, alg := range both {
		for _, key := range []any{priv, &hsm{key: priv, t: t}} {
			s, err := alg.NewSigner(key)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Sign(t.Context(), msg)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s with %T: Sign = %x, want %x", alg.Name(), key, got, want)
			}
		}
	}
}

func TestKeySizes(t *testing.T) {
	tests := []struct {
		name string
		key  any
		want error // in addition to the jwa error below
		jwa  error
	}{
		{"public 0 bytes", ed25519.PublicKey{}, nil, jwa.ErrKeySize},
		{"public 31 bytes", ed25519.PublicKey(make([]byte, 31)), nil, jwa.ErrKeySize},
		{"public 33 bytes", ed25519.PublicKey(make([]byte, 33)), nil, jwa.ErrKeySize},
		{"public 57 bytes (Ed448)", ed25519.PublicKey(make([]byte, 57)), eddsa.ErrEd448, jwa.ErrKeyType},
		{"private 0 bytes", ed25519.PrivateKey(nil), nil, jwa.ErrKeySize},
		{"private 32 bytes (a seed)", ed25519.PrivateKey(make([]byte, 32)), nil, jwa.ErrKeySize},
		{"private 65 bytes", ed25519.PrivateKey(make([]byte, 65)), nil, jwa.ErrKeySize},
		{"private 57 bytes (Ed448 seed)", ed25519.PrivateKey(make([]byte, 57)), eddsa.ErrEd448, jwa.ErrKeyType},
		{"private 114 bytes (Ed448)", ed25519.PrivateKey(make([]byte, 114)), eddsa.ErrEd448, jwa.ErrKeyType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, alg := range both {
				_, isPub := tt.key.(ed25519.PublicKey)
				var err error
				if isPub {
					_, err = alg.NewVerifier(tt.key)
					// A public key behind a crypto.Signer is checked the
					// same way.
					_, errS := alg.NewSigner(&brokenSigner{pub: tt.key})
					if !errors.Is(errS, tt.jwa) || (tt.want != nil && !errors.Is(errS, tt.want)) {
						t.Errorf("%s NewSigner(crypto.Signer) = %v, want %v and %v", alg.Name(), errS, tt.jwa, tt.want)
					}
				} else {
					_, err = alg.NewSigner(tt.key)
					_, errV := alg.NewVerifier(tt.key)
					if !errors.Is(errV, tt.jwa) || (tt.want != nil && !errors.Is(errV, tt.want)) {
						t.Errorf("%s NewVerifier = %v, want %v and %v", alg.Name(), errV, tt.jwa, tt.want)
					}
				}
				if !errors.Is(err, tt.jwa) || (tt.want != nil && !errors.Is(err, tt.want)) {
					t.Errorf("%s: error = %v, want %v and %v", alg.Name(), err, tt.jwa, tt.want)
				}
			}
		})
	}
}

// TestX25519 checks that X25519 keys, which share the curve but are for
// key agreement, are refused with a message that says so.
func TestX25519(t *testing.T) {
	k, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, alg := range both {
		for _, key := range []any{k, k.PublicKey()} {
			_, errS := alg.NewSigner(key)
			_, errV := alg.NewVerifier(key)
			for _, err := range []error{errS, errV} {
				if !errors.Is(err, jwa.ErrKeyType) || !strings.Contains(err.Error(), "key agreement") {
					t.Errorf("%s with %T: %v, want ErrKeyType explaining it is a key agreement key", alg.Name(), key, err)
				}
			}
		}
	}
}

// TestInconsistentPrivateKey checks that a private key whose public half
// is not its seed's is refused: Ed25519 would sign with the wrong public
// key, and two such signatures of one message reveal the private key.
func TestInconsistentPrivateKey(t *testing.T) {
	priv := generate(t)
	other := generate(t)
	bad := ed25519.PrivateKey(slices.Concat(priv.Seed(), other[32:]))
	for _, alg := range both {
		_, errS := alg.NewSigner(bad)
		_, errV := alg.NewVerifier(bad)
		for _, err := range []error{errS, errV} {
			if !errors.Is(err, eddsa.ErrInvalidKey) || !errors.Is(err, jwa.ErrKeyType) {
				t.Errorf("%s: %v, want ErrInvalidKey and jwa.ErrKeyType", alg.Name(), err)
			}
		}
	}
}

// TestNonCanonicalS checks that S+L, which a lax verifier would reduce to
// S and accept, is refused: Ed25519 signatures are not malleable here.
func TestNonCanonicalS(t *testing.T) {
	priv := generate(t)
	msg := []byte("malleable?")
	sig := ed25519.Sign(priv, msg)
	l, _ := new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10) // 2^252 + 27742317777372353535851937790883648493
	s := new(big.Int).SetBytes(reversed(sig[32:]))
	s.Add(s, l)
	if s.BitLen() > 256 {
		t.Fatal("S+L does not fit in 32 bytes")
	}
	bad := slices.Concat(sig[:32], reversed(s.FillBytes(make([]byte, 32))))
	for _, alg := range both {
		v, err := alg.NewVerifier(priv.Public())
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Verify(t.Context(), msg, sig); err != nil {
			t.Fatalf("%s: the canonical signature fails: %v", alg.Name(), err)
		}
		if err := v.Verify(t.Context(), msg, bad); !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("%s: Verify with S+L = %v, want ErrVerification", alg.Name(), err)
		}
	}
}

func reversed(b []byte) []byte {
	c := bytes.Clone(b)
	slices.Reverse(c)
	return c
}

// TestKeysCopied checks that a Signer and a Verifier keep working when the
// caller overwrites the key slices they were made from.
func TestKeysCopied(t *testing.T) {
	priv := generate(t)
	pub := bytes.Clone(priv.Public().(ed25519.PublicKey))
	privCopy, pubCopy := bytes.Clone(priv), bytes.Clone(pub)
	for _, alg := range both {
		s, err := alg.NewSigner(ed25519.PrivateKey(privCopy))
		if err != nil {
			t.Fatal(err)
		}
		v, err := alg.NewVerifier(ed25519.PublicKey(pubCopy))
		if err != nil {
			t.Fatal(err)
		}
		clear(privCopy)
		clear(pubCopy)
		sig, err := s.Sign(t.Context(), []byte("copied"))
		if err != nil {
			t.Fatal(err)
		}
		if !ed25519.Verify(pub, []byte("copied"), sig) {
			t.Errorf("%s: after the caller cleared the private key, signatures are not the original key's", alg.Name())
		}
		if err := v.Verify(t.Context(), []byte("copied"), sig); err != nil {
			t.Errorf("%s: after the caller cleared the public key, Verify = %v", alg.Name(), err)
		}
		copy(privCopy, priv)
		copy(pubCopy, pub)
	}
}

// TestSignerOutput checks what a broken HSM or KMS might return: anything
// but 64 bytes gives ErrSignerOutput, an error is passed on, and a 64-byte
// result is copied (the Signer may reuse its buffer).
func TestSignerOutput(t *testing.T) {
	priv := generate(t)
	ctx := t.Context()
	for _, out := range [][]byte{nil, {}, make([]byte, 63), make([]byte, 65), make([]byte, 114)} {
		s, err := eddsa.EdDSA().NewSigner(&brokenSigner{pub: priv.Public(), out: out})
		if err != nil {
			t.Fatal(err)
		}
		if sig, err := s.Sign(ctx, []byte("x")); !errors.Is(err, eddsa.ErrSignerOutput) || sig != nil {
			t.Errorf("Sign with a %d-byte signer output = %x, %v; want nil, ErrSignerOutput", len(out), sig, err)
		}
	}
	buf := ed25519.Sign(priv, []byte("x"))
	s, _ := eddsa.EdDSA().NewSigner(&brokenSigner{pub: priv.Public(), out: buf})
	sig, err := s.Sign(ctx, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	clear(buf)
	if !ed25519.Verify(priv.Public().(ed25519.PublicKey), []byte("x"), sig) {
		t.Errorf("the returned signature shares memory with the Signer's buffer")
	}

	hsmErr := errors.New("hsm: device unplugged")
	s, _ = eddsa.EdDSA().NewSigner(&brokenSigner{pub: priv.Public(), err: hsmErr})
	if _, err := s.Sign(ctx, []byte("x")); !errors.Is(err, hsmErr) {
		t.Errorf("Sign = %v, want the Signer's error wrapped", err)
	}
}

func TestSignerPublicKey(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	for _, pub := range []crypto.PublicKey{nil, &ec.PublicKey, []byte(generate(t).Public().(ed25519.PublicKey))} {
		if _, err := eddsa.EdDSA().NewSigner(&brokenSigner{pub: pub}); !errors.Is(err, jwa.ErrKeyType) {
			t.Errorf("NewSigner(crypto.Signer with public key %T) = %v, want ErrKeyType", pub, err)
		}
	}
	// ecdsa.PrivateKey is a crypto.Signer too, with the wrong public key.
	if _, err := eddsa.EdDSA().NewSigner(ec); !errors.Is(err, jwa.ErrKeyType) {
		t.Errorf("NewSigner(*ecdsa.PrivateKey) = %v, want ErrKeyType", err)
	}
	if _, err := eddsa.EdDSA().NewSigner((*hsm)(nil)); !errors.Is(err, jwa.ErrKeyType) {
		t.Errorf("NewSigner(nil *hsm) = %v, want ErrKeyType", err)
	}
}

func TestSignCanceled(t *testing.T) {
	priv := generate(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, key := range []any{priv, &hsm{key: priv, t: t}} {
		s, err := eddsa.Ed25519().NewSigner(key)
		if err != nil {
			t.Fatal(err)
		}
		if sig, err := s.Sign(ctx, []byte("x")); !errors.Is(err, context.Canceled) || sig != nil {
			t.Errorf("Sign(%T) with a canceled context = %x, %v; want context.Canceled", key, sig, err)
		}
	}
}

// TestSmallOrderKeys checks that public keys of small order, in canonical
// and non-canonical encodings, are refused, and that ordinary keys are
// not.
func TestSmallOrderKeys(t *testing.T) {
	keys := map[string]string{
		"identity":                        "0100000000000000000000000000000000000000000000000000000000000000",
		"identity, x sign bit set":        "0100000000000000000000000000000000000000000000000000000000000080",
		"identity, y = p+1":               "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"order 2 (y = -1)":                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"order 4 (y = 0)":                 "0000000000000000000000000000000000000000000000000000000000000000",
		"order 4 (y = 0), x sign bit set": "0000000000000000000000000000000000000000000000000000000000000080",
		"order 4, y = p":                  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"order 8 (a)":                     "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
		"order 8 (b)":                     "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
		"order 8 (c)":                     "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
		"order 8 (d)":                     "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
	}
	for name, h := range keys {
		pub, err := hex.DecodeString(h)
		if err != nil {
			t.Fatal(err)
		}
		for _, alg := range both {
			_, errV := alg.NewVerifier(ed25519.PublicKey(pub))
			_, errS := alg.NewSigner(&brokenSigner{pub: ed25519.PublicKey(pub)})
			for _, err := range []error{errV, errS} {
				if !errors.Is(err, eddsa.ErrInvalidKey) || !errors.Is(err, jwa.ErrKeyType) {
					t.Errorf("%s, %s: %v, want ErrInvalidKey and jwa.ErrKeyType", name, alg.Name(), err)
				}
			}
		}
	}

	// Why: under the identity key, crypto/ed25519 accepts (R = identity,
	// S = 0) for any message.
	id, _ := hex.DecodeString(keys["identity"])
	forged := slices.Concat(id, make([]byte, 32))
	if ed25519.Verify(ed25519.PublicKey(id), []byte("any message"), forged) {
		t.Logf("crypto/ed25519 accepts a universal forgery under the identity key, as expected")
	} else {
		t.Logf("crypto/ed25519 now refuses the identity-key forgery; the key check remains as defence in depth")
	}

	for range 200 {
		pub := generate(t).Public()
		if _, err := eddsa.EdDSA().NewVerifier(pub); err != nil {
			t.Fatalf("NewVerifier(random key %x) = %v", pub, err)
		}
	}
}
