package ecdh

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/joseframework/jose/core/jwa"
)

// FuzzDecryptKey feeds arbitrary ephemeral public keys, encrypted keys and
// party info to DecryptKey for every algorithm and curve. It checks that
// DecryptKey never panics, fails only with the documented errors, and
// returns exactly cekSize bytes when it succeeds.
//
// curve selects the recipient's curve (and the epk's curve, unless
// otherCurve is set); epk is either the raw public key encoding, or, with
// asScalar, a private scalar whose public key becomes the epk, so that the
// fuzzer reaches valid points on the NIST curves as well as invalid ones.
func FuzzDecryptKey(f *testing.F) {
	recipients := make([]*ecdh.PrivateKey, len(curves))
	for i, c := range curves {
		recipients[i] = genKey(f, c)
	}
	// Seeds: for each curve, a real encryption for each algorithm, random
	// bytes of the curve's public key length, and a scalar.
	for i, c := range curves {
		for j, a := range algs {
			p := &jwa.Params{APU: []byte("Alice"), APV: []byte("Bob")}
			_, ek := encryptKey(f, a, recipients[i].PublicKey(), "A128GCM", 16, p)
			f.Add(uint8(i), uint8(j), false, false, p.EPK.Bytes(), ek, p.APU, p.APV)
		}
		raw := make([]byte, len(recipients[i].PublicKey().Bytes()))
		rand.Read(raw)
		f.Add(uint8(i), uint8(1), false, false, raw, make([]byte, 24), []byte(nil), []byte(nil))
		f.Add(uint8(i), uint8(0), true, false, genKey(f, c).Bytes(), []byte(nil), []byte(nil), []byte(nil))
		f.Add(uint8(i), uint8(2), true, true, []byte{1}, make([]byte, 24), []byte(nil), []byte(nil))
	}
	f.Add(uint8(3), uint8(0), false, false, make([]byte, 32), []byte(nil), []byte(nil), []byte(nil)) // X25519 zero point

	f.Fuzz(func(t *testing.T, curve, alg uint8, asScalar, otherCurve bool, epk, ek, apu, apv []byte) {
		ci := int(curve) % len(curves)
		a := algs[int(alg)%len(algs)]
		epkCurve := curves[ci]
		if otherCurve {
			epkCurve = curves[(ci+1)%len(curves)]
		}
		var pub *ecdh.PublicKey
		if asScalar {
			k, err := epkCurve.NewPrivateKey(epk)
			if err != nil {
				return
			}
			pub = k.PublicKey()
		} else {
			var err error
			if pub, err = epkCurve.NewPublicKey(epk); err != nil {
				return // the JWK layer refuses such points before DecryptKey
			}
		}
		d, err := a.NewDecrypter(recipients[ci])
		if err != nil {
			t.Fatal(err)
		}
		cek, err := d.DecryptKey(context.Background(), "A128GCM", 16, ek, &jwa.Params{EPK: pub, APU: apu, APV: apv})
		if err != nil {
			if cek != nil {
				t.Fatalf("DecryptKey returned %x with error %v", cek, err)
			}
			if !errors.Is(err, jwa.ErrDecryption) && !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Fatalf("DecryptKey error %v wraps neither ErrDecryption nor ErrInvalidParameter", err)
			}
			if otherCurve && !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Fatalf("epk on another curve: error %v, want ErrInvalidParameter", err)
			}
			return
		}
		if otherCurve {
			t.Fatal("DecryptKey accepted an epk on another curve")
		}
		if len(cek) != 16 {
			t.Fatalf("DecryptKey returned %d bytes, want 16", len(cek))
		}
		if a.kekSize == 0 && len(ek) != 0 {
			t.Fatal("direct ECDH-ES accepted a non-empty encrypted key")
		}
		if bytes.Equal(cek, make([]byte, 16)) && a.kekSize == 0 {
			t.Fatal("derived an all-zero CEK")
		}
	})
}
