package aesgcm_test

import (
	"testing"

	"github.com/joseframework/jose/core/jwa/jwatest"
)

// TestManifest checks that the vector files are the verbatim copies listed
// in testdata/vectors/MANIFEST.sha256.
func TestManifest(t *testing.T) { jwatest.CheckManifest(t, "testdata/vectors") }

// TestContract runs the jwatest contract suites for all six algorithms.
func TestContract(t *testing.T) {
	for _, tt := range contentAlgs {
		t.Run(tt.name, func(t *testing.T) {
			jwatest.TestContentEncryption(t, jwatest.ContentEncryptionCase{Alg: tt.alg, IVSize: 12, TagSize: 16})
		})
	}
	ceks := []struct {
		enc  string
		size int
	}{{"A128GCM", 16}, {"A192GCM", 24}, {"A256CBC-HS512", 64}}
	for _, tt := range kwAlgs {
		for _, c := range ceks {
			t.Run(tt.name+"/"+c.enc, func(t *testing.T) {
				key := randomBytes(tt.size)
				jwatest.TestKeyManagement(t, jwatest.KeyManagementCase{
					Alg:             tt.alg,
					EncryptKey:      key,
					DecryptKey:      key,
					OtherDecryptKey: randomBytes(tt.size),
					WrongKeys:       []any{"a string key", [16]byte{}, &[]byte{}},
					SmallKeys:       []any{make([]byte, tt.size-8), make([]byte, tt.size-1)},
					Enc:             c.enc,
					CEKSize:         c.size,
				})
			})
		}
	}
}
