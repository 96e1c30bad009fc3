// Package chacha20 implements the C20P (ChaCha20-Poly1305) and XC20P
// (XChaCha20-Poly1305) JWE content encryption algorithms of
// draft-amringer-jose-chacha-02 for github.com/joseframework/jose, using
// golang.org/x/crypto/chacha20poly1305.
//
// Importing this package registers both with
// [jwa.RegisterContentEncryption]. Code that knows its algorithm calls
// [C20P] or [XC20P] directly.
//
// Both take a 32-byte content encryption key and produce a 16-byte
// Poly1305 tag. C20P is ChaCha20-Poly1305 as in RFC 8439, with a 12-byte
// initialization vector; XC20P extends the IV to 24 bytes, long enough to
// be chosen at random for every message without a realistic risk of
// repeating one. The draft's key wrapping algorithms (C20PKW, XC20PKW) are
// not implemented.
//
// # Security
//
// An IV must never be used twice with one key. JWE generates a fresh CEK
// and a random IV for every message; code that calls Seal directly must
// ensure uniqueness itself, and should prefer XC20P when it picks IVs at
// random under a long-lived key.
//
// Every failure of Open, including an IV of the wrong length, returns the
// same error, which wraps [jwa.ErrDecryption].
package chacha20
