package rsa

import "github.com/joseframework/jose/core/jwa"

func init() {
	for _, a := range []jwa.SignatureAlgorithm{rs256, rs384, rs512, ps256, ps384, ps512} {
		jwa.RegisterSignature(a)
	}
	for _, a := range []jwa.KeyManagementAlgorithm{rsaOAEP, rsaOAEP256, rsaOAEP384, rsaOAEP512} {
		jwa.RegisterKeyManagement(a)
	}
}
