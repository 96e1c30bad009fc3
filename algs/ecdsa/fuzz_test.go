package ecdsa_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/asn1"
	"errors"
	"math/big"
	"testing"

	"github.com/joseframework/jose/core/jwa"

	joseecdsa "github.com/joseframework/jose/algs/ecdsa"
)

// FuzzVerify checks that Verify never panics, fails only with
// jwa.ErrVerification, and agrees with crypto/ecdsa itself: a signature is
// valid exactly when it has the fixed length and crypto/ecdsa accepts its
// (r, s). The seeds are the published signatures, a fresh ES384 one, and
// their out-of-range variants.
func FuzzVerify(f *testing.F) {
	vectors := append(rfc7515Vectors(f), cookbookVector(f))
	if len(vectors) == 0 {
		f.Fatal("no seeds: are the vectors in testdata?")
	}
	// The fuzzer picks one of these keys (and its algorithm) by index, in
	// the order added: 0 is RFC 7515 A.3, 1 is A.4 (the files in
	// testdata/fuzz/FuzzVerify are variants of A.4 and rely on this), 2 is
	// RFC 7520 4.3 and 3 a fresh P-384 key.
	type target struct {
		a   int // index in algs
		pub *ecdsa.PublicKey
		v   jwa.Verifier
	}
	var targets []target
	addTarget := func(a int, pub *ecdsa.PublicKey) uint8 {
		for i, tg := range targets {
			if tg.a == a && tg.pub.Equal(pub) {
				return uint8(i)
			}
		}
		v, err := algs[a].alg.NewVerifier(pub)
		if err != nil {
			f.Fatal(err)
		}
		targets = append(targets, target{a: a, pub: pub, v: v})
		return uint8(len(targets) - 1)
	}
	for _, v := range vectors {
		for i, a := range algs {
			if a.alg.Name() == v.alg {
				f.Add(addTarget(i, v.pub), v.input, v.sig)
			}
		}
	}
	// The published examples have no ES384 signature: make one.
	p384 := generate(f, elliptic.P384())
	s, err := joseecdsa.ES384().NewSigner(p384)
	if err != nil {
		f.Fatal(err)
	}
	sig384, err := s.Sign(f.Context(), []byte("seed"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(addTarget(1, &p384.PublicKey), []byte("seed"), sig384)
	// Out-of-range variants for every key.
	for i, tg := range targets {
		a := algs[tg.a]
		n := a.curve.Params().N
		f.Add(uint8(i), []byte("x"), joinRS(new(big.Int), big.NewInt(1), a.size))
		f.Add(uint8(i), []byte("x"), joinRS(n, big.NewInt(1), a.size))
		f.Add(uint8(i), []byte("x"), joinRS(big.NewInt(1), n, a.size))
	}
	if len(targets) != 4 {
		f.Fatalf("%d keys, want 4 (A.3, A.4, 4.3 and the fresh P-384 key)", len(targets))
	}

	f.Fuzz(func(t *testing.T, which uint8, input, sig []byte) {
		tg := targets[int(which)%len(targets)]
		a := algs[tg.a]
		err := tg.v.Verify(t.Context(), input, sig)
		if err != nil && !errors.Is(err, jwa.ErrVerification) {
			t.Fatalf("Verify error %v does not wrap ErrVerification", err)
		}
		want := false
		if len(sig) == 2*a.size {
			r, s := rs(sig)
			h := a.hash.New()
			h.Write(input)
			want = ecdsa.Verify(tg.pub, h.Sum(nil), r, s)
		}
		if got := err == nil; got != want {
			t.Fatalf("%s: Verify accepted = %v, crypto/ecdsa accepted = %v (sig %x)", a.alg.Name(), got, want, sig)
		}
	})
}

// FuzzSignerDER checks the conversion of a crypto.Signer's DER output: it
// never panics, and whatever it accepts is the canonical DER encoding of
// the R‖S it returns, with 0 < r, s < n.
func FuzzSignerDER(f *testing.F) {
	priv := generate(f, elliptic.P256())
	good, err := ecdsa.SignASN1(rand.Reader, priv, make([]byte, 32))
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][]byte{
		good,
		{0x30, 8, 2, 2, 0x12, 0x34, 2, 2, 0x56, 0x78},
		{0x30, 9, 2, 3, 0, 0x12, 0x34, 2, 2, 0x56, 0x78},
		{0x30, 0x81, 8, 2, 2, 0x12, 0x34, 2, 2, 0x56, 0x78},
		{0x30, 6, 2, 1, 0, 2, 1, 1},
		{},
	} {
		f.Add(seed)
	}
	n := elliptic.P256().Params().N
	f.Fuzz(func(t *testing.T, der []byte) {
		s, err := joseecdsa.ES256().NewSigner(&brokenSigner{pub: &priv.PublicKey, out: der})
		if err != nil {
			t.Fatal(err)
		}
		sig, err := s.Sign(t.Context(), []byte("x"))
		if err != nil {
			if !errors.Is(err, joseecdsa.ErrSignerOutput) || sig != nil {
				t.Fatalf("Sign = %x, %v; want nil, ErrSignerOutput", sig, err)
			}
			return
		}
		if len(sig) != 64 {
			t.Fatalf("signature is %d bytes, want 64", len(sig))
		}
		r, ss := rs(sig)
		for _, x := range []*big.Int{r, ss} {
			if x.Sign() <= 0 || x.Cmp(n) >= 0 {
				t.Fatalf("accepted an integer out of [1, n-1]: %x", x)
			}
		}
		again, err := asn1.Marshal(struct{ R, S *big.Int }{r, ss})
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(der) {
			t.Fatalf("accepted %x, which is not the canonical DER %x of its R‖S", der, again)
		}
	})
}
