package jwa_test

import (
	"testing"

	"github.com/joseframework/jose/core/jwa/jwatest"
)

// The example's toy algorithm keeps the interface contract (it is not
// secure; the suite checks behaviour, not strength).
func TestExampleAlgorithmContract(t *testing.T) {
	jwatest.TestSignature(t, jwatest.SignatureCase{
		Alg:       xorAlg{},
		SignKey:   byte(7),
		VerifyKey: byte(7),
		OtherKey:  byte(8),
		WrongKeys: []any{int(7), []byte{7}, "7"},
	})
}
