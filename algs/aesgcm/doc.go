// Package aesgcm implements AES in Galois/Counter Mode for
// github.com/joseframework/jose: the A128GCM, A192GCM and A256GCM JWE
// content encryption algorithms (RFC 7518, Section 5.3) and the A128GCMKW,
// A192GCMKW and A256GCMKW key management algorithms (RFC 7518,
// Section 4.7).
//
// Importing this package registers all six, with
// [jwa.RegisterContentEncryption] and [jwa.RegisterKeyManagement]. Only
// package main should import it for that side effect alone; libraries
// should take algorithms or keys from their caller.
//
// Content encryption keys and key-encryption keys are []byte of exactly
// 16, 24 or 32 bytes. The JWE initialization vector is 96 bits and the
// authentication tag 128 bits, as RFC 7518 requires; nothing shorter is
// accepted.
//
// # Security
//
// AES-GCM fails catastrophically if an IV is ever reused with the same key.
// Content IVs are chosen by the JWE layer. Key-wrap IVs are random, with
// one exception for reproducing published test vectors: a [jwa.Params.IV]
// set by the caller is used when [jwa.Params.CEK] is set too and
// [jwa.Params.Tag] is still empty (a Params that no EncryptKey has filled
// in yet). A Params being reused always gets a fresh IV, and an IV given
// without a CEK is refused with [jwa.ErrInvalidParameter], because a fixed
// IV with a fresh CEK would reuse a GCM nonce under the same key.
//
// Key-wrap encryption records the IV and tag in [jwa.Params.IV] and
// [jwa.Params.Tag] (the "iv" and "tag" header parameters); decryption
// requires them to be exactly 12 and 16 bytes ([jwa.ErrInvalidParameter]
// otherwise). Every authentication failure reports the same error,
// wrapping [jwa.ErrDecryption].
package aesgcm
