package rsa15_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/joseframework/jose/algs/rsa/internal/rsatest"
	"github.com/joseframework/jose/algs/rsa/rsa15"
	"github.com/joseframework/jose/core/jwa"
)

// FuzzDecryptKey checks that RSA1_5 DecryptKey never panics and never
// returns an error, whatever the encrypted key, and always returns a CEK
// of the requested size.
func FuzzDecryptKey(f *testing.F) {
	var v struct {
		Vectors []struct {
			ID       string
			Key      rsatest.JWK
			Input    map[string]any
			Expected map[string]any
		}
	}
	rsatest.ReadJSON(f, filepath.Join(vectors, "rfcs", "rfc7516.json"), &v)
	var (
		key   *rsatest.JWK
		ek    []byte
		cekSz int
	)
	for _, x := range v.Vectors {
		if x.ID != "RFC7516-A.2" {
			continue
		}
		ekText, ok1 := x.Expected["encrypted_key_b64u"].(string)
		cekText, ok2 := x.Input["cek_b64u"].(string)
		if !ok1 || !ok2 {
			f.Fatal("RFC7516-A.2 lacks encrypted_key_b64u or cek_b64u")
		}
		key, ek, cekSz = &x.Key, rsatest.B64(f, ekText), len(rsatest.B64(f, cekText))
	}
	if key == nil {
		f.Fatal("RFC7516-A.2 not found")
	}
	d, err := rsa15.RSA15().NewDecrypter(key.PrivateKey(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint8(cekSz), ek)
	f.Add(uint8(16), ek)
	f.Add(uint8(64), ek)
	f.Add(uint8(cekSz), ek[1:])
	f.Add(uint8(cekSz), []byte{})
	f.Add(uint8(cekSz), bytes.Repeat([]byte{0xff}, len(ek)))
	f.Fuzz(func(t *testing.T, size uint8, ek []byte) {
		cekSize := rsa15.MinCEKSize + int(size)%49 // 16 to 64 bytes
		cek, err := d.DecryptKey(context.Background(), "A128CBC-HS256", cekSize, ek, &jwa.Params{})
		if err != nil {
			t.Fatalf("DecryptKey = %v; RSA1_5 must never fail on the encrypted key", err)
		}
		if len(cek) != cekSize {
			t.Fatalf("DecryptKey returned %d bytes, want %d", len(cek), cekSize)
		}
	})
}
