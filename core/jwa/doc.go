// Package jwa describes JSON Web Algorithms (RFC 7518) as small Go
// interfaces and keeps the process-wide registry that maps algorithm names,
// such as "HS256" or "A256GCM", to implementations.
//
// There are three kinds of algorithm:
//
//   - a [SignatureAlgorithm] ("alg" of a JWS) binds a key once and returns a
//     [Signer] or a [Verifier];
//   - a [KeyManagementAlgorithm] ("alg" of a JWE) binds a key once and
//     returns a [KeyEncrypter] or a [KeyDecrypter], which produce or recover
//     the content encryption key (CEK);
//   - a [ContentEncryptionAlgorithm] ("enc" of a JWE) turns a CEK into a
//     [crypto/cipher.AEAD] whose nonce is the JWE initialization vector and
//     whose overhead is the JWE authentication tag.
//
// This package implements no algorithm. Each algorithm lives in its own
// module under github.com/joseframework/jose/algs and registers itself from
// an init function, the way database/sql drivers do. A program that looks
// algorithms up by name imports the modules it wants in package main:
//
//	import _ "github.com/joseframework/jose/algs/hmac" // registers HS256, HS384, HS512
//
// Code that already knows its algorithm does not need the registry; it
// calls the algorithm module directly, as in hmac.HS256().NewVerifier(key).
//
// # Security
//
// The "alg" and "enc" header parameters of a token are chosen by whoever
// made the token. Nothing in this module selects an implementation from a
// header alone: verification always starts from a [Verifier] the caller
// built for a key, or from an explicit allow-list. The name "none" can never
// be registered.
package jwa
