// Package jwk implements JSON Web Keys and JWK Sets (RFC 7517) for the key
// types of RFC 7518 and RFC 8037: RSA, EC (P-256, P-384, P-521), OKP
// (Ed25519, X25519) and oct (symmetric).
//
// A [Key] is always validated: [ParseKey], [New], [ParsePEM] and
// [Generate] refuse points off their curve or of low order, coordinates of
// the wrong length, RSA values that do not belong together, private parts
// that do not match the public part and keys too small for any JOSE
// algorithm. A Key converts to the Go crypto types with [Key.Key] (and
// [Key.ECDH] for key agreement), to and from PEM, and to its RFC 7638
// thumbprint and RFC 9278 thumbprint URI.
//
// A [Set] is a JWK Set. [Set.Select] and the [KeySource] interface find
// the keys that may verify or decrypt a token:
//
//	keys := set.Select(jwk.Query{KeyID: kid, Algorithm: "ES256", Op: jwk.OpVerify})
//
// # Security
//
// Metadata is enforced when present: "use" and "key_ops" must agree with
// each other and with "alg", and "alg" (when it names an algorithm this
// package knows) with the key type. [Key.Permits] and [Key.CheckOp] apply
// "use" and "key_ops" to an operation. A key's "alg" is metadata: callers
// still pick the algorithm themselves, and a key without "alg" never lets
// a token choose one.
//
// "x5c" certificates are parsed and the first must hold the key, but
// nothing is trusted because of them: [Key.VerifyChain] verifies the chain
// only with the caller's x509.VerifyOptions. "x5u" is kept and never
// fetched.
//
// Input is I-JSON with duplicate member names refused (RFC 7493, RFC 8725
// Section 3.2), and bounded by [jwa.Limits]: 64 KiB per key and 1 MiB per
// set by default.
package jwk
