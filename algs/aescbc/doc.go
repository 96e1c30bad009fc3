// Package aescbc implements the A128CBC-HS256, A192CBC-HS384 and
// A256CBC-HS512 JWE content encryption algorithms (AES_CBC_HMAC_SHA2,
// RFC 7518, Section 5.2) for github.com/joseframework/jose.
//
// Importing this package registers all three with
// [jwa.RegisterContentEncryption]. Code that knows its algorithm calls
// [A128CBCHS256], [A192CBCHS384] or [A256CBCHS512] directly.
//
// The content encryption key (CEK) is MAC_KEY ‖ ENC_KEY: 32, 48 or 64
// bytes, of which the first half keys HMAC-SHA-2 and the second half keys
// AES-CBC. The [crypto/cipher.AEAD] returned by NewAEAD takes the 16-byte
// JWE initialization vector as its nonce; Seal returns the ciphertext E
// followed by the authentication tag T, the first half of
// HMAC(MAC_KEY, A ‖ IV ‖ E ‖ AL), where A is the additional authenticated
// data and AL its length in bits as a 64-bit big-endian integer.
//
// # Security
//
// Open checks the length of the input and then the tag, in constant time,
// before it decrypts anything; the PKCS #7 padding is checked only after
// the tag has verified, and also in constant time. Every failure of Open
// returns the same error value, which wraps [jwa.ErrDecryption], so that a
// caller cannot turn this package into a padding oracle by looking at
// errors.
//
// An IV must never be used twice with one CEK. JWE generates a fresh CEK
// and a random IV for every message; code that calls Seal directly must do
// the same.
package aescbc
