package rsa_test

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"testing"

	"github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/algs/rsa/internal/rsatest"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
)

// wrongKeys returns keys of types no RSA algorithm accepts.
func wrongKeys(t *testing.T) []any {
	t.Helper()
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	edPub, edPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	x, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	a, _, _ := rsatest.Keys(t)
	return []any{
		make([]byte, 256), // a secret is not an RSA key
		ec, &ec.PublicKey, edPriv, edPub, x, x.PublicKey(),
		*a, a.PublicKey, // values, not pointers
	}
}

var signatureAlgs = []jwa.SignatureAlgorithm{rsa.RS256(), rsa.RS384(), rsa.RS512(), rsa.PS256(), rsa.PS384(), rsa.PS512()}

var keyManagementAlgs = []jwa.KeyManagementAlgorithm{rsa.RSAOAEP(), rsa.RSAOAEP256(), rsa.RSAOAEP384(), rsa.RSAOAEP512()}

func TestContractSignature(t *testing.T) {
	a, b, small := rsatest.Keys(t)
	wrong := wrongKeys(t)
	for _, alg := range signatureAlgs {
		t.Run(alg.Name(), func(t *testing.T) {
			jwatest.TestSignature(t, jwatest.SignatureCase{
				Alg:       alg,
				SignKey:   a,
				VerifyKey: &a.PublicKey,
				OtherKey:  b,
				WrongKeys: wrong,
				SmallKeys: []any{small},
			})
		})
		if alg != rsa.RS256() && alg != rsa.PS256() {
			continue // the crypto.Signer path differs only in the options
		}
		t.Run(alg.Name()+"/opaque", func(t *testing.T) {
			jwatest.TestSignature(t, jwatest.SignatureCase{
				Alg:       alg,
				SignKey:   &rsatest.OpaqueSigner{Key: a},
				VerifyKey: a, // the public part of a private key
				OtherKey:  &rsatest.OpaqueSigner{Key: b},
				WrongKeys: wrong,
				SmallKeys: []any{small}, // opaque small keys: TestOpaqueSmallKey
			})
		})
	}
}

func TestContractKeyManagement(t *testing.T) {
	a, b, small := rsatest.Keys(t)
	wrong := wrongKeys(t)
	// Each variant with a different CEK size; RSA-OAEP-512 with the
	// largest CEK of any "enc" leaves the least room in the modulus.
	for _, tc := range []struct {
		alg  jwa.KeyManagementAlgorithm
		enc  string
		size int
	}{
		{rsa.RSAOAEP(), "A128GCM", 16},
		{rsa.RSAOAEP256(), "A256GCM", 32},
		{rsa.RSAOAEP384(), "A192CBC-HS384", 48},
		{rsa.RSAOAEP512(), "A256CBC-HS512", 64},
	} {
		t.Run(tc.alg.Name()+"/"+tc.enc, func(t *testing.T) {
			jwatest.TestKeyManagement(t, jwatest.KeyManagementCase{
				Alg:             tc.alg,
				EncryptKey:      &a.PublicKey,
				DecryptKey:      a,
				OtherDecryptKey: b,
				WrongKeys:       wrong,
				SmallKeys:       []any{small},
				Enc:             tc.enc,
				CEKSize:         tc.size,
			})
		})
	}
	// The crypto.Decrypter path differs only in the options it passes,
	// which TestOpaqueDecrypter checks for every variant.
	for _, alg := range []jwa.KeyManagementAlgorithm{rsa.RSAOAEP(), rsa.RSAOAEP256()} {
		t.Run(alg.Name()+"/opaque", func(t *testing.T) {
			jwatest.TestKeyManagement(t, jwatest.KeyManagementCase{
				Alg:             alg,
				EncryptKey:      a, // the public part of a private key
				DecryptKey:      &rsatest.OpaqueDecrypter{Key: a},
				OtherDecryptKey: &rsatest.OpaqueDecrypter{Key: b},
				WrongKeys:       wrong,
				SmallKeys:       []any{small}, // opaque small keys: TestOpaqueSmallKey
				Enc:             "A256GCM",
				CEKSize:         32,
			})
		})
	}
}
