// Package jws signs and verifies JSON Web Signatures (RFC 7515) in the
// compact, flattened JSON and general JSON serializations, with detached
// payloads (RFC 7515, Appendix F), unencoded payloads (RFC 7797) and
// several signatures.
//
// Signing takes a [jwa.Signer]; the header's "alg" is always the Signer's:
//
//	token, err := jws.Sign(ctx, payload, signer, &jws.SignOptions{Header: jws.Header{KeyID: "k1"}})
//
// Verifying takes a [jwa.Verifier], or a key source with an explicit
// allow-list of algorithms, and returns a [Message] holding the verified
// payload:
//
//	msg, err := jws.Verify(ctx, token, verifier, nil)
//	if err != nil { … }
//	use(msg.Payload())
//
// [Parse] returns an [Unverified] JWS whose header can be read, marked as
// unverified, to choose a key by "kid" before verifying.
//
// # Security
//
// The token never picks the code or the key. The "alg" of every
// signature is compared with the Verifier's algorithm (or the caller's
// allow-list) before any cryptography, and "none" is never accepted. Keys
// carried in the token ("jwk", "jku", "x5u", "x5c") are never used, and
// URLs in it are never fetched.
//
// "crit" follows RFC 7515, Section 4.1.11 strictly: it must be in the
// protected header, non-empty, without duplicates or registered names,
// and list only members present in the header that this package ("b64")
// or the caller ([VerifyOptions.Critical]) understands. "b64" must be a
// boolean in the protected header, listed in "crit", and the same for all
// signatures.
//
// Every input is bounded by [jwa.Limits]: the token size is checked
// before anything else, then the header size, JSON nesting depth and the
// number of signatures. Headers are I-JSON: duplicate member names and
// invalid UTF-8 are rejected. The signature covers the protected header
// bytes exactly as received.
package jws
