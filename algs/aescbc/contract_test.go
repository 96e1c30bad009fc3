package aescbc

import (
	"testing"

	"github.com/joseframework/jose/core/jwa/jwatest"
)

func TestManifest(t *testing.T) { jwatest.CheckManifest(t, "testdata/vectors") }

func TestContract(t *testing.T) {
	for _, a := range all {
		t.Run(a.name, func(t *testing.T) {
			jwatest.TestContentEncryption(t, jwatest.ContentEncryptionCase{Alg: a, IVSize: 16, TagSize: a.keySize / 2})
		})
	}
}
