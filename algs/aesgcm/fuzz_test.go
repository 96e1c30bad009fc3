package aesgcm_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/joseframework/jose/algs/aesgcm"
	"github.com/joseframework/jose/core/jwa"
)

// fuzzKey is the fixed key-encryption key of FuzzDecryptKey: the A256GCMKW
// key of RFC 7520, Section 5.7.
var fuzzKey = []byte{
	0xa8, 0x2e, 0x7b, 0x97, 0xfb, 0xb1, 0x72, 0x6e, 0xcd, 0x9b, 0x72, 0xbe, 0x72, 0xde, 0x06, 0x16,
	0x3c, 0x7c, 0xb4, 0xcd, 0x54, 0xf0, 0x26, 0x74, 0x34, 0xb0, 0x6f, 0x75, 0x0b, 0x2d, 0x89, 0x2f,
}

// FuzzDecryptKey checks that A256GCMKW DecryptKey never panics, that it
// fails only with ErrInvalidParameter or ErrDecryption, and that whatever
// it accepts encrypts back to the same bytes.
func FuzzDecryptKey(f *testing.F) {
	seeds := 0
	for _, v := range loadCookbook(f) {
		if v.Input.Alg != "A256GCMKW" {
			continue
		}
		f.Add([]byte(v.EncryptingKey.EncryptedKey), []byte(v.EncryptingKey.IV), []byte(v.EncryptingKey.Tag), len(v.Generated.CEK))
		seeds++
	}
	if seeds == 0 {
		f.Fatal("no A256GCMKW seeds")
	}
	f.Add([]byte{}, []byte{}, []byte{}, 0)
	f.Add(make([]byte, 16), make([]byte, 12), make([]byte, 15), 16)
	dec, err := aesgcm.A256GCMKW().NewDecrypter(fuzzKey)
	if err != nil {
		f.Fatal(err)
	}
	enc, err := aesgcm.A256GCMKW().NewEncrypter(fuzzKey)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, ek, iv, tag []byte, cekSize int) {
		cek, err := dec.DecryptKey(t.Context(), "A128CBC-HS256", cekSize, ek, &jwa.Params{IV: iv, Tag: tag})
		if err != nil {
			if !errors.Is(err, jwa.ErrDecryption) && !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Fatalf("DecryptKey error %v wraps neither ErrDecryption nor ErrInvalidParameter", err)
			}
			return
		}
		p := &jwa.Params{CEK: cek, IV: iv}
		_, ek2, err := enc.EncryptKey(t.Context(), "A128CBC-HS256", cekSize, p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ek2, ek) || !bytes.Equal(p.Tag, tag) {
			t.Fatal("re-encryption of an accepted key differs")
		}
	})
}

// FuzzOpen checks that Open of the content AEAD never panics and fails only
// with ErrDecryption.
func FuzzOpen(f *testing.F) {
	seeds := 0
	for _, v := range append(rfcContentVectors(f), cookbookContentVectors(f)...) {
		f.Add(v.enc, v.cek, v.iv, append(bytes.Clone(v.ciphertext), v.tag...), v.aad)
		seeds++
	}
	if seeds == 0 {
		f.Fatal("no content seeds")
	}
	f.Add("A128GCM", make([]byte, 16), []byte{}, []byte{}, []byte{})
	f.Fuzz(func(t *testing.T, enc string, cek, iv, sealed, aad []byte) {
		alg, ok := jwa.LookupContentEncryption(enc)
		if !ok {
			return
		}
		aead, err := alg.NewAEAD(cek)
		if err != nil {
			if !errors.Is(err, jwa.ErrKeySize) {
				t.Fatalf("NewAEAD error %v does not wrap ErrKeySize", err)
			}
			return
		}
		pt, err := aead.Open(nil, iv, sealed, aad)
		if err != nil {
			if !errors.Is(err, jwa.ErrDecryption) {
				t.Fatalf("Open error %v does not wrap ErrDecryption", err)
			}
			return
		}
		if again := aead.Seal(nil, iv, pt, aad); !bytes.Equal(again, sealed) {
			t.Fatal("Seal(Open(x)) != x")
		}
	})
}
