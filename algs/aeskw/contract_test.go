package aeskw_test

import (
	"testing"

	"github.com/joseframework/jose/core/jwa/jwatest"
)

// TestManifest checks that the vector files are the verbatim copies listed
// in testdata/vectors/MANIFEST.sha256.
func TestManifest(t *testing.T) { jwatest.CheckManifest(t, "testdata/vectors") }

// TestContract runs the jwatest contract suite for every algorithm, with
// the CEK sizes of the content encryption algorithms of RFC 7518.
func TestContract(t *testing.T) {
	ceks := []struct {
		enc  string
		size int
	}{{"A128GCM", 16}, {"A256GCM", 32}, {"A256CBC-HS512", 64}}
	for _, tt := range algorithms {
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
