// Package rsa implements the RSA algorithms of JSON Web Algorithms
// (RFC 7518) for github.com/joseframework/jose:
//
//   - JWS signatures RS256, RS384 and RS512 (RSASSA-PKCS1-v1_5, Section 3.3)
//     and PS256, PS384 and PS512 (RSASSA-PSS, Section 3.5);
//   - JWE key management RSA-OAEP and RSA-OAEP-256 (RSAES-OAEP, Section 4.3),
//     and RSA-OAEP-384 and RSA-OAEP-512 (registered in the IANA JSON Web
//     Signature and Encryption Algorithms registry).
//
// Importing this package registers all ten with [jwa.RegisterSignature] and
// [jwa.RegisterKeyManagement]. Only package main should import it for that
// side effect alone; libraries should take a [jwa.Verifier] or a
// [jwa.KeyDecrypter] from their caller.
//
// RSA1_5 (RSAES-PKCS1-v1_5) is not here: it lives in the subpackage
// [github.com/joseframework/jose/algs/rsa/rsa15], so that importing this
// package never enables it.
//
// # Keys
//
// Signing takes an *[crypto/rsa.PrivateKey] or any [crypto.Signer] whose
// public key is an *[crypto/rsa.PublicKey] (a key in an HSM or a KMS).
// Verification and key encryption take an *rsa.PublicKey or an
// *rsa.PrivateKey, whose public part is used. Key decryption takes an
// *rsa.PrivateKey or any [crypto.Decrypter] whose public key is RSA.
//
// The modulus must have 2048 to 16384 bits: RFC 7518 requires 2048 bits or
// more, and the upper bound limits the work a key from a remote JWK Set can
// cause. Other sizes give an error wrapping [jwa.ErrKeySize]; keys of
// another type give [jwa.ErrKeyType]; RSA keys that are not valid (even
// modulus, public exponent not odd or out of range, private values that do
// not match) give [ErrInvalidKey].
//
// Local keys are copied, validated and precomputed when bound, so later
// changes to the caller's key have no effect on a Signer, Verifier,
// KeyEncrypter or KeyDecrypter.
//
// # Parameters
//
// PS256, PS384 and PS512 use MGF1 with the same hash as the message digest
// and a salt as long as the hash, as RFC 7518, Section 3.5 requires; a
// signature with any other salt length does not verify. Every RSA-OAEP
// variant uses the same hash for OAEP and MGF1 and an empty label:
// RSA-OAEP uses SHA-1, which RFC 7518 specifies and which is still secure
// in OAEP, but Go's FIPS 140-only mode refuses it; prefer RSA-OAEP-256.
//
// # Security
//
// A signature whose length is not exactly the modulus length is rejected
// before any RSA operation. Every failure to decrypt an encrypted key,
// including a wrong length or a recovered key of the wrong size, gives the
// same error, wrapping [jwa.ErrDecryption].
package rsa
