package pbes2_test

import (
	"testing"

	"github.com/joseframework/jose/algs/pbes2"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
)

// TestManifest checks that the vector files are the verbatim copies listed
// in testdata/vectors/MANIFEST.sha256.
func TestManifest(t *testing.T) { jwatest.CheckManifest(t, "testdata/vectors") }

// TestContract runs the jwatest contract suite for every algorithm. The
// suite encrypts with fresh Params and decrypts with default limits, so the
// count is lowered from DefaultCount to the default minimum, 1,000, to keep
// its hundreds of PBKDF2 runs fast (TestRoundTripDefaults covers
// DefaultCount itself).
func TestContract(t *testing.T) {
	defer pbes2.SetDefaultCount(jwa.DefaultMinPBES2Count)()
	for _, tt := range algorithms {
		t.Run(tt.name, func(t *testing.T) {
			jwatest.TestKeyManagement(t, jwatest.KeyManagementCase{
				Alg:             tt.alg,
				EncryptKey:      []byte("Thus from my lips, by yours, my sin is purged."),
				DecryptKey:      []byte("Thus from my lips, by yours, my sin is purged."),
				OtherDecryptKey: []byte("Thus from my lips, by yours, my sin is purged!"),
				WrongKeys:       []any{"a string password", 42, [16]byte{}, []rune("pw")},
				SmallKeys:       []any{[]byte{}},
				Enc:             "A128CBC-HS256",
				CEKSize:         32,
			})
		})
	}
}
