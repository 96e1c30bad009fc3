// Package pbes2 implements the password-based JWE key management
// algorithms PBES2-HS256+A128KW, PBES2-HS384+A192KW and PBES2-HS512+A256KW
// (RFC 7518, Section 4.8) for github.com/joseframework/jose: PBKDF2 with
// HMAC-SHA-2 derives a key-encryption key from a password, which then
// wraps the content encryption key with AES Key Wrap
// (github.com/joseframework/jose/algs/aeskw).
//
// Importing this package registers all three with
// [jwa.RegisterKeyManagement]. Only package main should import it for that
// side effect alone; libraries should take a [jwa.KeyDecrypter] from their
// caller.
//
// The key is the password as a non-empty []byte (it is copied), such as
// []byte("a long passphrase"). Strings are refused, as for every algorithm
// of this project, so that a key of the wrong kind is never guessed at. A
// JWK of kty "oct" whose "k" holds the UTF-8 password is the usual way to
// store one.
//
// # Parameters
//
// Encryption records the salt input and iteration count in [jwa.Params.P2S]
// and [jwa.Params.P2C] (the "p2s" and "p2c" header parameters). The salt
// input is the caller's P2S if set (at least [MinSaltSize] bytes), else
// [DefaultSaltSize] random bytes; the count is the caller's P2C if set,
// else [DefaultCount], and never below the MinPBES2Count of
// [jwa.Params.Limits] (by default 1,000). A count above the recipient's
// MaxPBES2Count (by default 10,000) makes a token the recipient refuses.
// Decryption requires a P2S of at least [MinSaltSize] bytes and a P2C
// within [jwa.Params.Limits].
//
// # Security
//
// The "p2c" iteration count of a received token is chosen by its sender.
// Decryption refuses a count outside [jwa.Limits] (by default 1,000 to
// 10,000) before doing any PBKDF2 work, so that a token cannot make a
// server spend seconds per request. The same cap limits how much the count
// slows down password guessing: PBES2 protects a strong password, not a
// weak one. Prefer a random key and A256KW when both sides can share one.
//
// # Errors
//
// Errors wrap the shared sentinels of package jwa, for errors.Is: a
// malformed "p2s" or "p2c" gives [jwa.ErrInvalidParameter], a "p2c" outside
// the limits [jwa.ErrLimit], and every failure to recover the key (a wrong
// password included) [jwa.ErrDecryption].
package pbes2
