package jwk

import "slices"

// algRule says which keys an algorithm registered by RFC 7518, RFC 8037
// or RFC 9864 works with, and for which "use".
type algRule struct {
	use  string
	fits func(kty, crv string) bool
}

func ktyIs(want string) func(kty, crv string) bool {
	return func(kty, _ string) bool { return kty == want }
}

func curveIs(kty, want string) func(string, string) bool {
	return func(k, c string) bool { return k == kty && c == want }
}

// ecdhKey fits ECDH-ES: any EC curve, or X25519.
func ecdhKey(kty, crv string) bool {
	return kty == KeyTypeEC || (kty == KeyTypeOKP && crv == CurveX25519)
}

// algRules lists the algorithm names this package knows. An "alg" not in
// the table is kept as metadata but not checked.
var algRules = map[string]algRule{}

func init() {
	add := func(use string, fits func(string, string) bool, names ...string) {
		for _, n := range names {
			algRules[n] = algRule{use, fits}
		}
	}
	add(UseSignature, ktyIs(KeyTypeOct), "HS256", "HS384", "HS512")
	add(UseSignature, ktyIs(KeyTypeRSA), "RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
	add(UseSignature, curveIs(KeyTypeEC, CurveP256), "ES256")
	add(UseSignature, curveIs(KeyTypeEC, CurveP384), "ES384")
	add(UseSignature, curveIs(KeyTypeEC, CurveP521), "ES512")
	add(UseSignature, curveIs(KeyTypeOKP, CurveEd25519), "EdDSA", "Ed25519")
	add(UseEncryption, ktyIs(KeyTypeRSA), "RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512")
	add(UseEncryption, ktyIs(KeyTypeOct),
		"A128KW", "A192KW", "A256KW", "A128GCMKW", "A192GCMKW", "A256GCMKW", "dir",
		"PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW",
		"A128GCM", "A192GCM", "A256GCM", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512",
		"C20P", "XC20P")
	add(UseEncryption, ecdhKey, "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW")
}

// AlgorithmFits reports whether the algorithm alg can be used with k as
// far as this package knows: the key type and curve suit alg, and so do
// k's "alg", "use" and "key_ops" when present. For an algorithm name this
// package does not know it checks only that k's "alg", when present, is
// alg. The algorithm implementation still checks the key itself.
func (k *Key) AlgorithmFits(alg string) bool {
	if alg == "" || (k.alg != "" && k.alg != alg) {
		return false
	}
	r, known := algRules[alg]
	if !known {
		return true
	}
	if !r.fits(k.kty, k.crv) || (k.use != "" && k.use != r.use) {
		return false
	}
	if k.hasKeyOps && !slices.ContainsFunc(k.keyOps, func(op string) bool { return useAllows(r.use, op) }) {
		return false
	}
	return true
}
