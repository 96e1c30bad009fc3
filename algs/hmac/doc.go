// Package hmac implements the HS256, HS384 and HS512 JWS algorithms
// (RFC 7518, Section 3.2) for github.com/joseframework/jose.
//
// Importing this package registers all three with
// [jwa.RegisterSignature]. Only package main should import it for that side
// effect alone; libraries should take a [jwa.Verifier] from their caller.
//
// Keys are []byte and must be at least as long as the hash output (32, 48
// or 64 bytes), as RFC 7518 requires. Generate them with crypto/rand, never
// from a password. A *jwk.Key of kty "oct" gives its secret through its Key
// method; no other key type is accepted.
//
// # Algorithm confusion
//
// A verifier that takes the algorithm from a token and the key from a
// key store can be tricked into checking an "HS256" token with the bytes
// of a public key as the HMAC secret; since the public key is public, the
// attacker can make such tokens (RFC 8725, Section 2.1). This package never
// takes the algorithm from a token, and it also refuses, with
// [jwa.ErrKeyType], []byte keys that are recognizably public key material
// rather than a secret: PEM text, OpenSSH public key lines, JWK or JWK Set
// JSON, DER-encoded keys and certificates, and uncompressed NIST curve
// points. The checks are exact (a parser must accept the bytes, or a
// point must lie on its curve), so a random secret is practically never
// refused. Raw 32-byte Ed25519 or X25519 public keys and compressed curve
// points look like random bytes and cannot be told apart from a secret;
// keep such keys out of HMAC key stores.
package hmac
