package ecdsa_test

//lint:file-ignore SA1019 these tests build broken keys through the deprecated big.Int fields on purpose

import (
	"context"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/asn1"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"

	joseecdsa "github.com/joseframework/jose/algs/ecdsa"
)

// wrongKeys returns keys that no ECDSA algorithm accepts, plus the keys of
// the two other curves, which alg must refuse as well.
func wrongKeys(t *testing.T, curve elliptic.Curve) []any {
	t.Helper()
	edPub, edPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecdhKey, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	keys := []any{
		edPub, edPriv, rsaKey, &rsaKey.PublicKey, ecdhKey, ecdhKey.PublicKey(),
		make([]byte, 32), ecdsa.PublicKey{}, // a struct, not a pointer
		generate(t, elliptic.P224()),
	}
	for _, c := range []elliptic.Curve{elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		if c == curve {
			continue
		}
		k := generate(t, c)
		keys = append(keys, k, &k.PublicKey)
	}
	return keys
}

// TestContract runs the jwa contract suite for each algorithm with an
// *ecdsa.PrivateKey, and for ES256 also with a crypto.Signer that hides
// its private key (the HSM path), verified with the private key. The HSM
// path differs between curves only in the hash and the length, which
// TestCryptoSigner covers for all three; running the whole suite again
// for P-384 and P-521 (slow curves under -race) would add minutes and no
// coverage.
func TestContract(t *testing.T) {
	for _, a := range algs {
		t.Run(a.alg.Name(), func(t *testing.T) {
			priv := generate(t, a.curve)
			wrong := wrongKeys(t, a.curve)
			t.Run("PrivateKey", func(t *testing.T) {
				jwatest.TestSignature(t, jwatest.SignatureCase{
					Alg:       a.alg,
					SignKey:   priv,
					VerifyKey: &priv.PublicKey,
					OtherKey:  generate(t, a.curve),
					WrongKeys: wrong,
				})
			})
			if a.size != 32 {
				return
			}
			t.Run("CryptoSigner", func(t *testing.T) {
				jwatest.TestSignature(t, jwatest.SignatureCase{
					Alg:       a.alg,
					SignKey:   &hsm{key: priv, hash: a.hash, t: t},
					VerifyKey: priv,
					OtherKey:  &hsm{key: generate(t, a.curve), hash: a.hash, t: t},
					WrongKeys: wrong,
				})
			})
		})
	}
}

// TestCryptoSigner round trips, for each algorithm, through a
// crypto.Signer that implements nothing else: the hsm type checks that it
// is given a digest of the algorithm's hash, and its DER output must come
// back as a fixed-length R‖S that verifies.
func TestCryptoSigner(t *testing.T) {
	ctx := t.Context()
	msg := []byte("eyJhbGciOiJFUzUxMiJ9.aHNt")
	for _, a := range algs {
		t.Run(a.alg.Name(), func(t *testing.T) {
			priv := generate(t, a.curve)
			s, err := a.alg.NewSigner(&hsm{key: priv, hash: a.hash, t: t})
			if err != nil {
				t.Fatal(err)
			}
			v, err := a.alg.NewVerifier(&priv.PublicKey)
			if err != nil {
				t.Fatal(err)
			}
			for range 4 {
				sig, err := s.Sign(ctx, msg)
				if err != nil {
					t.Fatal(err)
				}
				if len(sig) != 2*a.size {
					t.Fatalf("signature is %d bytes, want %d", len(sig), 2*a.size)
				}
				if err := v.Verify(ctx, msg, sig); err != nil {
					t.Errorf("Verify = %v, want nil", err)
				}
				if err := v.Verify(ctx, msg[1:], sig); !errors.Is(err, jwa.ErrVerification) {
					t.Errorf("Verify of another input = %v, want ErrVerification", err)
				}
			}
		})
	}
}

func TestRegistered(t *testing.T) {
	for _, a := range algs {
		got, ok := jwa.LookupSignature(a.alg.Name())
		if !ok || got != a.alg {
			t.Errorf("LookupSignature(%q) = %v, %v; want the package's algorithm", a.alg.Name(), got, ok)
		}
	}
}

func TestDescribe(t *testing.T) {
	want := map[string]jwa.Description{
		"ES256": {KeyTypes: []string{"EC"}, FIPS: true, Summary: "ECDSA using P-256 and SHA-256"},
		"ES384": {KeyTypes: []string{"EC"}, FIPS: true, Summary: "ECDSA using P-384 and SHA-384"},
		"ES512": {KeyTypes: []string{"EC"}, FIPS: true, Summary: "ECDSA using P-521 and SHA-512"},
	}
	for _, a := range algs {
		d, ok := a.alg.(jwa.Describer)
		if !ok {
			t.Fatalf("%s does not implement jwa.Describer", a.alg.Name())
		}
		if diff := cmp.Diff(want[a.alg.Name()], d.Describe()); diff != "" {
			t.Errorf("%s Describe() mismatch (-want +got):\n%s", a.alg.Name(), diff)
		}
	}
}

// TestSignatureForm checks the R‖S encoding against crypto/ecdsa directly,
// both ways: our signatures verify with ecdsa.Verify on (r, s), and
// signatures from ecdsa.Sign, left-padded, verify with ours.
func TestSignatureForm(t *testing.T) {
	ctx := t.Context()
	msg := []byte("eyJhbGciOiJFUzI1NiJ9.Zm9ybQ")
	for _, a := range algs {
		t.Run(a.alg.Name(), func(t *testing.T) {
			priv := generate(t, a.curve)
			s, err := a.alg.NewSigner(priv)
			if err != nil {
				t.Fatal(err)
			}
			v, err := a.alg.NewVerifier(&priv.PublicKey)
			if err != nil {
				t.Fatal(err)
			}
			h := a.hash.New()
			h.Write(msg)
			digest := h.Sum(nil)
			for range 20 {
				sig, err := s.Sign(ctx, msg)
				if err != nil {
					t.Fatal(err)
				}
				if len(sig) != 2*a.size {
					t.Fatalf("signature is %d bytes, want %d", len(sig), 2*a.size)
				}
				r, ss := rs(sig)
				if !ecdsa.Verify(&priv.PublicKey, digest, r, ss) {
					t.Errorf("crypto/ecdsa rejects our signature %x", sig)
				}

				r, ss, err = ecdsa.Sign(rand.Reader, priv, digest)
				if err != nil {
					t.Fatal(err)
				}
				if err := v.Verify(ctx, msg, joinRS(r, ss, a.size)); err != nil {
					t.Errorf("Verify rejects a crypto/ecdsa signature: %v", err)
				}
			}
		})
	}
}

// TestLeftPadding signs until r or s has a leading zero byte (about one
// signature in 128) and checks that the signature keeps its fixed length
// and verifies. P-521 needs no search: 521 bits always leave the first of
// 66 bytes nearly empty.
func TestLeftPadding(t *testing.T) {
	ctx := t.Context()
	priv := generate(t, elliptic.P256())
	s, err := joseecdsa.ES256().NewSigner(priv)
	if err != nil {
		t.Fatal(err)
	}
	v, err := joseecdsa.ES256().NewVerifier(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("padding")
	for range 5000 {
		sig, err := s.Sign(ctx, msg)
		if err != nil {
			t.Fatal(err)
		}
		if len(sig) != 64 {
			t.Fatalf("signature is %d bytes, want 64", len(sig))
		}
		if sig[0] != 0 && sig[32] != 0 {
			continue
		}
		if err := v.Verify(ctx, msg, sig); err != nil {
			t.Fatalf("Verify of a signature with a zero-padded integer %x: %v", sig, err)
		}
		return
	}
	t.Fatal("no signature with a leading zero byte in 5000 tries (probability about 1e-17)")
}

// TestScalarRange checks that r and s must be in [1, n-1]: zero, n, and
// values at or above n that still fit the fixed length are refused.
func TestScalarRange(t *testing.T) {
	ctx := t.Context()
	msg := []byte("range")
	for _, a := range algs {
		t.Run(a.alg.Name(), func(t *testing.T) {
			priv := generate(t, a.curve)
			s, _ := a.alg.NewSigner(priv)
			v, _ := a.alg.NewVerifier(&priv.PublicKey)
			sig, err := s.Sign(ctx, msg)
			if err != nil {
				t.Fatal(err)
			}
			r, ss := rs(sig)
			n := a.curve.Params().N
			zero := new(big.Int)
			max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(8*a.size)), big.NewInt(1))
			cases := []struct {
				name string
				r, s *big.Int
			}{
				{"r=0", zero, ss},
				{"s=0", r, zero},
				{"r=s=0", zero, zero},
				{"r=n", n, ss},
				{"s=n", r, n},
				{"r=n+1", new(big.Int).Add(n, big.NewInt(1)), ss},
				{"s=n+1", r, new(big.Int).Add(n, big.NewInt(1))},
				{"r=max", max, ss},
				{"s=max", r, max},
			}
			// r+n and s+n are congruent to the valid values modulo n: a
			// verifier that reduced its inputs would accept them. They fit
			// the fixed length for P-521 (521 bits in 66 bytes).
			if rn := new(big.Int).Add(r, n); rn.BitLen() <= 8*a.size {
				cases = append(cases, struct {
					name string
					r, s *big.Int
				}{"r+n", rn, ss})
			}
			if sn := new(big.Int).Add(ss, n); sn.BitLen() <= 8*a.size {
				cases = append(cases, struct {
					name string
					r, s *big.Int
				}{"s+n", r, sn})
			}
			if a.size == 66 && len(cases) != 11 {
				t.Fatalf("P-521: r+n and s+n cases missing")
			}
			if err := v.Verify(ctx, msg, sig); err != nil {
				t.Fatalf("the unmodified signature does not verify: %v", err)
			}
			for _, c := range cases {
				if err := v.Verify(ctx, msg, joinRS(c.r, c.s, a.size)); !errors.Is(err, jwa.ErrVerification) {
					t.Errorf("%s: Verify = %v, want ErrVerification", c.name, err)
				}
			}
		})
	}
}

// TestHighS documents that both (r, s) and (r, n-s) verify: RFC 7518 does
// not require low-S signatures, so neither does this package.
func TestHighS(t *testing.T) {
	ctx := t.Context()
	msg := []byte("malleable")
	for _, a := range algs {
		priv := generate(t, a.curve)
		s, _ := a.alg.NewSigner(priv)
		v, _ := a.alg.NewVerifier(&priv.PublicKey)
		sig, err := s.Sign(ctx, msg)
		if err != nil {
			t.Fatal(err)
		}
		r, ss := rs(sig)
		flipped := joinRS(r, new(big.Int).Sub(a.curve.Params().N, ss), a.size)
		if err := v.Verify(ctx, msg, sig); err != nil {
			t.Errorf("%s: Verify(r, s) = %v, want nil", a.alg.Name(), err)
		}
		if err := v.Verify(ctx, msg, flipped); err != nil {
			t.Errorf("%s: Verify(r, n-s) = %v, want nil (both forms are valid ECDSA)", a.alg.Name(), err)
		}
	}
}

func TestWrongCurve(t *testing.T) {
	p384 := generate(t, elliptic.P384())
	p256 := generate(t, elliptic.P256())
	generic := &ecdsa.PublicKey{Curve: elliptic.P256().Params(), X: p256.X, Y: p256.Y}
	tests := []struct {
		name             string
		key              any
		signer, verifier bool   // whether the key is of a type the constructor takes
		want             string // in the error text of those constructors
	}{
		{"P-384 private key", p384, true, true, "P-384, want P-256"},
		{"P-384 public key", &p384.PublicKey, false, true, "P-384, want P-256"},
		{"P-384 crypto.Signer", &hsm{key: p384, hash: crypto.SHA384, t: t}, true, false, "P-384, want P-256"},
		{"P-224 key", generate(t, elliptic.P224()), true, true, "P-224, want P-256"},
		{"generic CurveParams", generic, false, true, "elliptic.P256()"},
		{"no curve", &ecdsa.PublicKey{X: p256.X, Y: p256.Y}, false, true, "no curve"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(what string, err error, specific bool) {
				t.Helper()
				if !errors.Is(err, jwa.ErrKeyType) {
					t.Errorf("%s = %v, want ErrKeyType", what, err)
				} else if specific && !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s = %v, want a message mentioning %q", what, err, tt.want)
				}
			}
			_, err := joseecdsa.ES256().NewSigner(tt.key)
			check("NewSigner", err, tt.signer)
			_, err = joseecdsa.ES256().NewVerifier(tt.key)
			check("NewVerifier", err, tt.verifier)
		})
	}
}

// TestInvalidKeys checks that keys of the right type and curve but with
// impossible values are refused with ErrInvalidKey (and jwa.ErrKeyType),
// without panicking.
func TestInvalidKeys(t *testing.T) {
	curve := elliptic.P256()
	priv := generate(t, curve)
	other := generate(t, curve)
	p, n := curve.Params().P, curve.Params().N
	one := big.NewInt(1)
	pub := func(x, y *big.Int) *ecdsa.PublicKey { return &ecdsa.PublicKey{Curve: curve, X: x, Y: y} }
	withD := func(d *big.Int) *ecdsa.PrivateKey { return &ecdsa.PrivateKey{PublicKey: priv.PublicKey, D: d} }

	publics := map[string]*ecdsa.PublicKey{
		"not on the curve":  pub(priv.X, new(big.Int).Add(priv.Y, one)),
		"nil X":             pub(nil, priv.Y),
		"nil Y":             pub(priv.X, nil),
		"negative X":        pub(new(big.Int).Neg(priv.X), priv.Y),
		"X+p":               pub(new(big.Int).Add(priv.X, p), priv.Y),
		"Y+p":               pub(priv.X, new(big.Int).Add(priv.Y, p)),
		"point at infinity": pub(new(big.Int), new(big.Int)),
	}
	privates := map[string]*ecdsa.PrivateKey{
		"nil D":              withD(nil),
		"D=0":                withD(new(big.Int)),
		"D=-1":               withD(big.NewInt(-1)),
		"D=n":                withD(new(big.Int).Set(n)),
		"D=n+1":              withD(new(big.Int).Add(n, one)),
		"D=2^300":            withD(new(big.Int).Lsh(one, 300)),
		"D of another key":   withD(other.D),
		"bad public point":   {PublicKey: *publics["not on the curve"], D: priv.D},
		"nil public X":       {PublicKey: *publics["nil X"], D: priv.D},
		"D=1, public of D=2": {PublicKey: ecdsa.PublicKey{Curve: curve, X: mul(curve, 2).X, Y: mul(curve, 2).Y}, D: one},
	}
	check := func(t *testing.T, what string, err error) {
		t.Helper()
		if !errors.Is(err, joseecdsa.ErrInvalidKey) || !errors.Is(err, jwa.ErrKeyType) {
			t.Errorf("%s = %v, want ErrInvalidKey and jwa.ErrKeyType", what, err)
		}
	}
	for name, k := range publics {
		t.Run("public/"+name, func(t *testing.T) {
			_, err := joseecdsa.ES256().NewVerifier(k)
			check(t, "NewVerifier", err)
			_, err = joseecdsa.ES256().NewSigner(&brokenSigner{pub: k})
			check(t, "NewSigner(crypto.Signer)", err)
		})
	}
	for name, k := range privates {
		t.Run("private/"+name, func(t *testing.T) {
			_, err := joseecdsa.ES256().NewSigner(k)
			check(t, "NewSigner", err)
			_, err = joseecdsa.ES256().NewVerifier(k)
			check(t, "NewVerifier", err)
		})
	}
}

// mul returns the public key of the scalar d.
func mul(curve elliptic.Curve, d int64) *ecdsa.PrivateKey {
	b := make([]byte, (curve.Params().N.BitLen()+7)/8)
	big.NewInt(d).FillBytes(b)
	k, err := ecdsa.ParseRawPrivateKey(curve, b)
	if err != nil {
		panic(err)
	}
	return k
}

// TestKeysCopied checks that a Signer and a Verifier keep working when the
// caller changes the key they were made from.
func TestKeysCopied(t *testing.T) {
	ctx := t.Context()
	priv := generate(t, elliptic.P256())
	want := &ecdsa.PublicKey{Curve: priv.Curve, X: new(big.Int).Set(priv.X), Y: new(big.Int).Set(priv.Y)}
	s, err := joseecdsa.ES256().NewSigner(priv)
	if err != nil {
		t.Fatal(err)
	}
	v, err := joseecdsa.ES256().NewVerifier(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	priv.D.SetInt64(1)
	priv.X.SetInt64(1)
	priv.Y.SetInt64(2)
	sig, err := s.Sign(ctx, []byte("copied"))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(ctx, []byte("copied"), sig); err != nil {
		t.Errorf("Verify after the caller changed the key = %v, want nil", err)
	}
	r, ss := rs(sig)
	h := crypto.SHA256.New()
	h.Write([]byte("copied"))
	if !ecdsa.Verify(want, h.Sum(nil), r, ss) {
		t.Errorf("the Signer's signature does not verify under the original public key")
	}
}

// TestSignerOutput feeds a Signer every kind of malformed output a broken
// HSM or KMS could return: each must give ErrSignerOutput, never a panic
// or a signature.
func TestSignerOutput(t *testing.T) {
	priv := generate(t, elliptic.P256())
	n := elliptic.P256().Params().N
	der := func(r, s *big.Int) []byte {
		b, err := asn1.Marshal(struct{ R, S *big.Int }{r, s})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	r, s := big.NewInt(0x1234), big.NewInt(0x5678)
	good := der(r, s)
	// good is 30 08 02 02 12 34 02 02 56 78.
	if want := []byte{0x30, 8, 2, 2, 0x12, 0x34, 2, 2, 0x56, 0x78}; string(good) != string(want) {
		t.Fatalf("DER of the control signature = %x, want %x", good, want)
	}
	tests := []struct {
		name string
		out  []byte
	}{
		{"nil", nil},
		{"empty", []byte{}},
		{"text", []byte("not a signature")},
		{"raw R‖S instead of DER", joinRS(r, s, 32)},
		{"trailing byte", append(append([]byte{}, good...), 0)},
		{"truncated", good[:len(good)-1]},
		{"third integer", []byte{0x30, 11, 2, 2, 0x12, 0x34, 2, 2, 0x56, 0x78, 2, 1, 1}},
		{"one integer", []byte{0x30, 4, 2, 2, 0x12, 0x34}},
		{"SET, not SEQUENCE", []byte{0x31, 8, 2, 2, 0x12, 0x34, 2, 2, 0x56, 0x78}},
		{"long-form length", []byte{0x30, 0x81, 8, 2, 2, 0x12, 0x34, 2, 2, 0x56, 0x78}},
		{"indefinite length", []byte{0x30, 0x80, 2, 2, 0x12, 0x34, 2, 2, 0x56, 0x78, 0, 0}},
		{"non-minimal integer", []byte{0x30, 9, 2, 3, 0, 0x12, 0x34, 2, 2, 0x56, 0x78}},
		{"empty integer", []byte{0x30, 6, 2, 0, 2, 2, 0x56, 0x78}},
		{"negative r", []byte{0x30, 8, 2, 2, 0x92, 0x34, 2, 2, 0x56, 0x78}},
		{"octet string r", []byte{0x30, 8, 4, 2, 0x12, 0x34, 2, 2, 0x56, 0x78}},
		{"r=0", der(new(big.Int), s)},
		{"s=0", der(r, new(big.Int))},
		{"r=n", der(n, s)},
		{"s=n", der(r, n)},
		{"r of 1000 bytes", der(new(big.Int).Lsh(big.NewInt(1), 8000), s)},
		{"length beyond the data", []byte{0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 2, 1, 1}},
	}
	ctx := t.Context()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sg, err := joseecdsa.ES256().NewSigner(&brokenSigner{pub: &priv.PublicKey, out: tt.out})
			if err != nil {
				t.Fatal(err)
			}
			sig, err := sg.Sign(ctx, []byte("x"))
			if !errors.Is(err, joseecdsa.ErrSignerOutput) || sig != nil {
				t.Errorf("Sign = %x, %v; want nil, ErrSignerOutput", sig, err)
			}
		})
	}
	// The control: the well-formed DER is converted, padded, to R‖S.
	sg, err := joseecdsa.ES256().NewSigner(&brokenSigner{pub: &priv.PublicKey, out: good})
	if err != nil {
		t.Fatal(err)
	}
	sig, err := sg.Sign(ctx, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(joinRS(r, s, 32), sig); diff != "" {
		t.Errorf("R‖S of well-formed DER mismatch (-want +got):\n%s", diff)
	}

	// An error from the Signer is passed on, wrapped.
	hsmErr := errors.New("hsm: device unplugged")
	sg, _ = joseecdsa.ES256().NewSigner(&brokenSigner{pub: &priv.PublicKey, err: hsmErr})
	if _, err := sg.Sign(ctx, []byte("x")); !errors.Is(err, hsmErr) {
		t.Errorf("Sign = %v, want the Signer's error wrapped", err)
	}
}

func TestSignerPublicKey(t *testing.T) {
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	for _, pub := range []crypto.PublicKey{nil, edPub, (*ecdsa.PublicKey)(nil), ecdsa.PublicKey{}} {
		if _, err := joseecdsa.ES256().NewSigner(&brokenSigner{pub: pub}); !errors.Is(err, jwa.ErrKeyType) {
			t.Errorf("NewSigner(crypto.Signer with public key %T) = %v, want ErrKeyType", pub, err)
		}
	}
	if _, err := joseecdsa.ES256().NewSigner((*hsm)(nil)); !errors.Is(err, jwa.ErrKeyType) {
		t.Errorf("NewSigner(nil *hsm) = %v, want ErrKeyType", err)
	}
}

func TestSignCanceled(t *testing.T) {
	priv := generate(t, elliptic.P256())
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, key := range []any{priv, &hsm{key: priv, hash: crypto.SHA256, t: t}} {
		s, err := joseecdsa.ES256().NewSigner(key)
		if err != nil {
			t.Fatal(err)
		}
		if sig, err := s.Sign(ctx, []byte("x")); !errors.Is(err, context.Canceled) || sig != nil {
			t.Errorf("Sign(%T) with a canceled context = %x, %v; want context.Canceled", key, sig, err)
		}
	}
}
