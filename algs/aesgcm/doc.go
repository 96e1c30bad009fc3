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
// Content IVs are chosen by the JWE layer; key-wrap IVs are random, and
// [jwa.Params.IV] is honoured on encryption only together with
// [jwa.Params.CEK], to reproduce published test vectors. Every
// authentication failure reports the same error, wrapping
// [jwa.ErrDecryption].
package aesgcm
