// Package aeskw implements the A128KW, A192KW and A256KW JWE key management
// algorithms (RFC 7518, Section 4.4) for github.com/joseframework/jose, and
// exports the AES Key Wrap primitive of RFC 3394 ([Wrap] and [Unwrap]) for
// other algorithms that wrap a key with a derived key-encryption key, such
// as ECDH-ES+A128KW and PBES2-HS256+A128KW.
//
// Importing this package registers all three algorithms with
// [jwa.RegisterKeyManagement]. Only package main should import it for that
// side effect alone; libraries should take a [jwa.KeyDecrypter] from their
// caller.
//
// Keys are []byte of exactly 16, 24 or 32 bytes (A128KW, A192KW, A256KW).
// Generate them with crypto/rand; a password is not a key (use PBES2).
//
// EncryptKey wraps a random CEK, or [jwa.Params.CEK] when a caller sets it
// to reproduce a test vector; the CEK size must be a multiple of 8 bytes
// and at least 16 ([jwa.ErrInvalidParameter] otherwise), which every JWE
// content encryption algorithm meets. DecryptKey returns a CEK of exactly
// the requested size or an error wrapping [jwa.ErrDecryption].
//
// # Security
//
// AES Key Wrap is deterministic and authenticates the wrapped key with a
// 64-bit integrity check value, which [Unwrap] compares in constant time.
// Every failure to unwrap reports the same error, wrapping
// [jwa.ErrDecryption].
package aeskw
