// Package compat reads the tokens of the Python library "jose" (PyPI
// package jose, versions 0.1 to 1.0.0), so that services moving to Go keep
// accepting the tokens already issued, and gives that library's operations
// Go names for people porting code.
//
// # What the library made
//
// Its JWS tokens are plain RFC 7515 compact JWS with HS256, HS384, HS512,
// RS256, RS384 or RS512: [Verify] checks them through core/jws with an
// algorithm the caller pins, as the library's 0.3.0 fix required, for
// tokens of every version.
//
// Its JWE tokens are not RFC 7516: RSA-OAEP (SHA-1) wraps a content key
// for AES-CBC with a truncated HMAC-SHA-2 tag, the additional data is the
// caller's "adata" and not the header, "zip": "DEF" means zlib, and the
// header is never authenticated. The header member "__v" selects one of
// three layouts (see [Layout]): v2 (1.0.0), v1 (0.2.2 and 0.3.0) and the
// legacy MAC-then-encrypt layout (0.1 and 0.2.1), which [Decrypt] reads
// only when the caller sets [Options].AllowMacThenEncrypt. Legacy tags are
// computed over the plaintext, as 0.2.2 and 0.3.0 did (1.0.0's own legacy
// reader hashed the ciphertext and rejected every genuine legacy token).
//
// # Porting map
//
//	Python                                  Go
//	deserialize_compact(t)                  DeserializeCompactJWS(t), DeserializeCompactJWE(t)
//	serialize_compact(jwt)                  JWS.SerializeCompact(), JWE.SerializeCompact()
//	sign(claims, jwk, add_header, alg)      Sign(ctx, claims, NewSigner(key, alg), addHeader)
//	verify(jws, jwk, alg, validate, exp_s)  Verify(ctx, token, NewVerifier(key, alg), opts)
//	decrypt(jwe, jwk, adata, validate, …)   Decrypt(ctx, token, NewDecrypter(key), opts)
//	encrypt(claims, jwk, adata, …)          legacywriter.Encrypt (separate package, non-standard output)
//	{'k': secret or PEM}                    ParseKey, MarshalKey
//	Error, Expired, NotYetValid             ErrInvalid, ErrExpired, ErrNotYetValid
//
// # Security
//
// Nothing here takes an algorithm from a token. The JWE "alg" must be
// RSA-OAEP and the KeyDecrypter must be for it; the JWS "alg" must be the
// Verifier's. Every failure of Decrypt from the RSA step on returns one
// error value after the same work, and the legacy layout's padding and tag
// are checked together in constant time, so that Decrypt is no padding
// oracle. HMAC secrets shorter than the hash are refused unless the caller
// builds a [NewShortKeyHMACVerifier], which works only inside Verify.
// Input is bounded by jwa.Limits; JSON must be I-JSON without duplicate
// member names; base64url must be unpadded and canonical (the library
// never wrote padding, though its decoder tolerated it).
//
// Package compat has no init function and registers nothing: importing it
// changes nothing for standard tokens. (It calls algs/hmac and algs/rsa
// directly; those modules register their standard algorithms when linked,
// as they document.) It never imports the writer package legacywriter.
package compat
