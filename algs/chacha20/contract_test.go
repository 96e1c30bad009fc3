package chacha20

import (
	"testing"

	"github.com/joseframework/jose/core/jwa/jwatest"
)

func TestContract(t *testing.T) {
	for _, a := range all {
		t.Run(a.name, func(t *testing.T) {
			jwatest.TestContentEncryption(t, jwatest.ContentEncryptionCase{Alg: a, IVSize: a.nonceSize, TagSize: 16})
		})
	}
}
