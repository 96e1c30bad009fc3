// Package jwt implements JSON Web Tokens (RFC 7519): claims sets signed
// with package jws, encrypted with package jwe, or both (nested), read
// back only when the cryptography succeeded and every rule of the caller
// holds, following the JWT best practices of RFC 8725.
//
// To issue a token, give the registered claims as a [Claims] value, any
// other claims as a struct or map, and a jwa.Signer:
//
//	exp, _ := jwt.NewNumericDate(time.Now().Add(time.Hour))
//	tok, err := jwt.Sign(ctx, &jwt.Claims{Issuer: "https://issuer.example", Expiry: &exp},
//		myClaims{Scope: "read"}, signer, &jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{Type: "at+jwt"}}})
//
// To read one, name the type its custom claims decode into (struct{} for
// none) and the rules:
//
//	t, err := jwt.Verify[myClaims](ctx, token, verifier, &jwt.Options{
//		Issuer: "https://issuer.example", Audience: []string{"api"}, Type: "at+jwt",
//	})
//	if err != nil { … }
//	use(t.Claims.Subject, t.Custom.Scope)
//
// A [Token] comes with a nil error or not at all: there is no token that
// is authentic but expired, or valid but unverified.
//
// # Claims
//
// The claims set must be an I-JSON object (RFC 7493): valid UTF-8, no
// duplicate member names. Because encoding/json matches JSON names to
// struct fields case-insensitively, two top-level names that differ only
// by case ("sub" and "Sub") are refused as well, so that the claim this
// package checks is the one the custom claims type sees. (Nested objects
// inside custom claims are decoded by encoding/json with its usual rules.)
//
// Registered claims are read by this package with their exact types:
// "iss", "sub" and "jti" are strings, "aud" a string or a non-empty array
// of strings, and "exp", "nbf" and "iat" are a [NumericDate], a JSON
// number of seconds between 1970 and 9999, with any fraction kept to the
// nanosecond. Anything else is malformed ([ErrMalformed]), never ignored.
//
// The claims set is parsed only after the signature verified or the
// decryption succeeded, and decoded into the custom claims type only after
// the registered claims parsed.
//
// # Validation
//
// [Options] lists the rules: "exp" and "nbf" are checked whenever present,
// "iat" must not be in the future, and the caller chooses the issuer,
// audiences, subject, token ID, "typ", required claims, maximum age,
// leeway (none by default), clock and an extra check. Each failure has its
// own sentinel error, all wrapping [ErrValidation]. They are reported
// only for authentic tokens: a token with a bad signature and a past
// "exp" fails with jwa.ErrVerification, not [ErrExpired].
//
// RFC 7519 requires a recipient to refuse a token whose "aud" does not
// name it; so a token with an "aud" fails unless [Options.Audience] lists
// one of its values or [Options.IgnoreAudience] is set.
//
// # Security
//
// The token never picks the algorithm: verification takes a jwa.Verifier
// (or keys with an allow-list) and decryption a jwa.KeyDecrypter with an
// allow-list of content encryption algorithms, as in packages jws and jwe.
// JWTs use the compact serializations only (RFC 7519, Section 1).
// Unsecured JWTs ("alg": "none") are never accepted by Verify and its
// siblings; they exist only through [InsecureMakeUnsecured] and
// [InsecureParseUnsecured], whose names say what they are.
//
// A nested JWT (signed, then encrypted with "cty": "JWT") is read with
// [DecryptVerify], with a key and a policy for each layer; its inner token
// must be signed.
package jwt
