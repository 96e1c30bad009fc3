package pbes2_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/joseframework/jose/algs/pbes2"
	"github.com/joseframework/jose/core/jwa"
)

// fuzzLimits keep FuzzDecryptKey fast: counts above 16 are refused before
// any PBKDF2 work, as they would be above MaxPBES2Count in production.
var fuzzLimits = jwa.Limits{MinPBES2Count: 1, MaxPBES2Count: 16}

// FuzzDecryptKey checks that PBES2-HS256+A128KW DecryptKey never panics,
// fails only with ErrInvalidParameter, ErrLimit or ErrDecryption, and that
// whatever it accepts encrypts back to the same bytes.
func FuzzDecryptKey(f *testing.F) {
	pw := []byte("Thus from my lips, by yours, my sin is purged.")
	seeds := 0
	for _, v := range loadVectors(f) {
		if v.alg == "PBES2-HS256+A128KW" {
			f.Add(v.ek, v.p2s, v.p2c, len(v.cek)) // refused by fuzzLimits
			seeds++
		}
	}
	if seeds == 0 {
		f.Fatal("no PBES2-HS256+A128KW seeds")
	}
	enc, err := pbes2.PBES2HS256A128KW().NewEncrypter(pw)
	if err != nil {
		f.Fatal(err)
	}
	// Valid encryptions within fuzzLimits, fixed so the corpus is stable.
	for _, p2c := range []int{1, 2, 16} {
		p := &jwa.Params{CEK: bytes.Repeat([]byte{7}, 32), P2S: []byte("saltsalt"), P2C: p2c, Limits: fuzzLimits}
		_, ek, err := enc.EncryptKey(f.Context(), "A128CBC-HS256", 32, p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(ek, p.P2S, p.P2C, 32)
	}
	f.Add([]byte{}, []byte{}, 0, 0)
	f.Add(make([]byte, 24), make([]byte, 7), -1, 16)
	dec, err := pbes2.PBES2HS256A128KW().NewDecrypter(pw)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, ek, p2s []byte, p2c, cekSize int) {
		cek, err := dec.DecryptKey(t.Context(), "A128CBC-HS256", cekSize, ek, &jwa.Params{P2S: p2s, P2C: p2c, Limits: fuzzLimits})
		if err != nil {
			if !errors.Is(err, jwa.ErrDecryption) && !errors.Is(err, jwa.ErrInvalidParameter) && !errors.Is(err, jwa.ErrLimit) {
				t.Fatalf("DecryptKey error %v wraps no expected sentinel", err)
			}
			if cek != nil {
				t.Fatal("DecryptKey returned a key with an error")
			}
			return
		}
		if len(cek) != cekSize {
			t.Fatalf("DecryptKey returned %d bytes, want %d", len(cek), cekSize)
		}
		p := &jwa.Params{CEK: cek, P2S: p2s, P2C: p2c, Limits: fuzzLimits}
		_, again, err := enc.EncryptKey(t.Context(), "A128CBC-HS256", cekSize, p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, ek) {
			t.Fatal("re-encryption of an accepted key differs")
		}
	})
}
