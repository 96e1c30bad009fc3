// Package hs3 is a worked example of an algorithm module written outside
// this project's algs directory: HMAC over SHA3-256 as a private JWS
// algorithm, for systems that want a SHA-3 MAC under their own control.
//
// RFC 7518 registers no SHA-3 algorithm, and a private algorithm must not
// take a short name such as "HS3-256" that a future registration could
// give another meaning. RFC 7515, Section 4.1.1 asks for either a
// registered name or a Collision-Resistant Name; this module uses a URI in
// a domain its owner controls, [Name].
//
// Importing this package registers the algorithm with
// [jwa.RegisterSignature], so that a program can look it up by name:
//
//	import _ "github.com/joseframework/jose/examples/hs3"
//
//	alg, err := jwa.Signature("https://example.com/jose/alg#HS3-256")
//
// Code that knows its algorithm calls the accessor instead, as in
// hs3.HS3().NewVerifier(key), and needs no lookup.
//
// Keys are []byte of at least 32 bytes (the SHA3-256 output size, as RFC
// 7518, Section 3.2 requires of HMAC keys). NewSigner and NewVerifier copy
// the key; Verify compares in constant time.
package hs3
