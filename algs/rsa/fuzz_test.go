package rsa_test

import (
	"context"
	"crypto"
	stdrsa "crypto/rsa"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/joseframework/jose/algs/rsa/internal/rsatest"
	"github.com/joseframework/jose/core/jwa"
)

// loadRFCVector returns vector id of rfcs/file.
func loadRFCVector(t testing.TB, file, id string) rfcVector {
	t.Helper()
	var f struct{ Vectors []rfcVector }
	rsatest.ReadJSON(t, filepath.Join(rsatest.VectorsDir, "rfcs", file), &f)
	i := slices.IndexFunc(f.Vectors, func(v rfcVector) bool { return v.ID == id })
	if i < 0 {
		t.Fatalf("%s: no vector %s", file, id)
	}
	return f.Vectors[i]
}

func mustStr(t testing.TB, m map[string]any, name string) string {
	t.Helper()
	s, ok := m[name].(string)
	if !ok {
		t.Fatalf("vector has no string %q", name)
	}
	return s
}

// FuzzVerify checks that Verify never panics, returns nil or an error
// wrapping jwa.ErrVerification, and agrees with crypto/rsa used directly
// with the RFC 7518 parameters.
func FuzzVerify(f *testing.F) {
	v := loadRFCVector(f, "rfc7515.json", "RFC7515-A.2")
	pub := v.Key.PublicKey(f)
	input := []byte(mustStr(f, v.Expected, "signing_input"))
	sig := rsatest.B64(f, mustStr(f, v.Expected, "signature_b64u"))
	for i := range signatureAlgs {
		f.Add(uint8(i), input, sig)
	}
	f.Add(uint8(0), input, sig[1:])
	f.Add(uint8(0), input, append(sig, 0))
	f.Add(uint8(3), []byte{}, []byte{})
	f.Add(uint8(4), input, make([]byte, len(sig)))

	verifiers := make([]jwa.Verifier, len(signatureAlgs))
	for i, a := range signatureAlgs {
		var err error
		if verifiers[i], err = a.NewVerifier(pub); err != nil {
			f.Fatal(err)
		}
	}
	hashes := []crypto.Hash{crypto.SHA256, crypto.SHA384, crypto.SHA512, crypto.SHA256, crypto.SHA384, crypto.SHA512}
	f.Fuzz(func(t *testing.T, which uint8, input, sig []byte) {
		i := int(which) % len(verifiers)
		err := verifiers[i].Verify(context.Background(), input, sig)
		if err != nil && !errors.Is(err, jwa.ErrVerification) {
			t.Fatalf("Verify = %v, want nil or ErrVerification", err)
		}
		h := hashes[i].New()
		h.Write(input)
		var ref error
		if i < 3 {
			ref = stdrsa.VerifyPKCS1v15(pub, hashes[i], h.Sum(nil), sig)
		} else {
			ref = stdrsa.VerifyPSS(pub, hashes[i], h.Sum(nil), sig, &stdrsa.PSSOptions{SaltLength: stdrsa.PSSSaltLengthEqualsHash})
		}
		if (err == nil) != (ref == nil && len(sig) == pub.Size()) {
			t.Fatalf("Verify = %v, crypto/rsa = %v (signature %d bytes)", err, ref, len(sig))
		}
	})
}

// FuzzDecryptKey checks that RSA-OAEP DecryptKey never panics, and returns
// either a CEK of the requested size or an error wrapping
// jwa.ErrDecryption (jwa.ErrInvalidParameter only for a size below 1).
func FuzzDecryptKey(f *testing.F) {
	v := loadRFCVector(f, "rfc7516.json", "RFC7516-A.1")
	priv := v.Key.PrivateKey(f)
	ek := rsatest.B64(f, mustStr(f, v.Expected, "encrypted_key_b64u"))
	f.Add(uint8(0), uint8(32), ek)
	f.Add(uint8(1), uint8(32), ek)
	f.Add(uint8(0), uint8(16), ek)
	f.Add(uint8(0), uint8(32), ek[:len(ek)-1])
	f.Add(uint8(0), uint8(32), []byte{})
	f.Add(uint8(2), uint8(0), make([]byte, len(ek)))

	decrypters := make([]jwa.KeyDecrypter, len(keyManagementAlgs))
	for i, a := range keyManagementAlgs {
		var err error
		if decrypters[i], err = a.NewDecrypter(priv); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, which, size uint8, ek []byte) {
		cekSize := int(size)
		cek, err := decrypters[int(which)%len(decrypters)].DecryptKey(context.Background(), "A256GCM", cekSize, ek, &jwa.Params{})
		switch {
		case err == nil:
			if len(cek) != cekSize {
				t.Fatalf("DecryptKey returned %d bytes, want %d", len(cek), cekSize)
			}
		case cekSize == 0:
			if !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Fatalf("DecryptKey(cekSize 0) = %v, want ErrInvalidParameter", err)
			}
		case !errors.Is(err, jwa.ErrDecryption):
			t.Fatalf("DecryptKey = %v, want nil or ErrDecryption", err)
		}
	})
}
