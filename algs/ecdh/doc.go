// Package ecdh implements the ECDH-ES key agreement algorithms of JWE
// (RFC 7518, Section 4.6) for github.com/joseframework/jose: direct key
// agreement ("ECDH-ES") and key agreement with AES Key Wrap
// ("ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"), on the curves
// P-256, P-384, P-521 and X25519 (RFC 8037).
//
// Importing this package registers all four with
// [jwa.RegisterKeyManagement]. Code that knows its algorithm calls
// [ECDHES], [ECDHESA128KW], [ECDHESA192KW] or [ECDHESA256KW] directly.
//
// # Keys
//
// The recipient's key for encryption is a *crypto/ecdh.PublicKey or an
// *ecdsa.PublicKey on one of the supported curves (private keys are
// accepted too). For decryption it is a *crypto/ecdh.PrivateKey, an
// *ecdsa.PrivateKey, or any value with the methods
//
//	ECDH(*ecdh.PublicKey) ([]byte, error)
//	Public() crypto.PublicKey
//
// such as a key held in a hardware module; Public must return the
// *ecdh.PublicKey or *ecdsa.PublicKey that tells the curve. Ed25519 keys
// are signing keys and are refused with [jwa.ErrKeyType]; X448 is not
// supported by the Go standard library and so not by this package.
//
// # Key derivation
//
// The shared secret Z goes through the Concat KDF of NIST SP 800-56A with
// SHA-256 ([ConcatKDF]). Its AlgorithmID is the "enc" value for direct
// key agreement and the "alg" value for the key wrapping variants;
// PartyUInfo and PartyVInfo come from [jwa.Params] APU and APV ("apu" and
// "apv"). EncryptKey makes a fresh ephemeral key on the recipient's curve
// for every call and records its public part in [jwa.Params] EPK.
//
// # Security
//
// DecryptKey requires the ephemeral public key ("epk") to be on the curve
// of the recipient's key, and refuses X25519 points of small order, whose
// shared secret is all zeros; both errors wrap [jwa.ErrInvalidParameter]
// and happen before anything secret is used. (Points off the curve cannot
// reach this package: crypto/ecdh checks them when the *ecdh.PublicKey is
// made.) Every failure after key agreement — an encrypted key of the wrong
// length, a failed AES Key Wrap integrity check, or an encrypted key given
// for direct key agreement — wraps [jwa.ErrDecryption] and says no more.
//
// ECDH-ES is approved in FIPS 140-3 on the P curves only; the Describe
// metadata therefore does not mark it FIPS, since it also accepts X25519.
package ecdh
