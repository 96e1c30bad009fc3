package compat

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jws"
)

// Verified is the result of Verify: Python's JWT namedtuple for a JWS.
type Verified struct {
	// Header is the decoded JWS header, which the signature covers.
	Header map[string]any

	// Claims are the verified claims. JSON numbers are json.Number, so
	// integers stay exact.
	Claims map[string]any
}

// Verify verifies a compact JWS made by any version of the Python library,
// as Python 0.3.0's verify(deserialize_compact(token), jwk, alg,
// validate_claims, expiry_seconds), through core/jws.
//
// The algorithm is pinned by v: v.Algorithm() must be one of the library's
// algorithms (HS256, HS384, HS512, RS256, RS384, RS512), and a token whose
// "alg" differs, "none" included, is rejected before any cryptography.
// This applies to tokens of every version, although versions before 0.3.0
// took the algorithm from the token. Make v with NewVerifier, with
// algs/hmac or algs/rsa, or, for HMAC secrets shorter than the hash, with
// NewShortKeyHMACVerifier.
//
// The token must be compact; the payload must be a JSON object, checked as
// Options describes. Only opts.Now, ExpirySeconds, SkipClaimsValidation and
// Limits apply. core/jws enforces RFC 7515 strictly: unpadded base64url,
// I-JSON headers, "crit" rules. The library wrote no "crit", and its tokens
// are valid RFC 7515.
//
// Errors: a bad signature or a wrong "alg" gives an error wrapping
// ErrInvalid and jwa.ErrVerification (and *jws.AlgorithmError for "alg"); a
// malformed token wraps ErrMalformed and ErrInvalid; claims give
// ErrExpired or ErrNotYetValid, only after the signature verified. A v of
// another algorithm, or invalid opts, give errors that wrap none of these.
//
// Verify does not retain token.
func Verify(ctx context.Context, token string, v jwa.Verifier, opts *Options) (*Verified, error) {
	o, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("compat: nil Verifier: %w", jwa.ErrKeyType)
	}
	if _, err := signatureAlgorithm(v.Algorithm()); err != nil {
		return nil, err
	}
	if _, err := split(token, 3, o.Limits.MaxTokenSize); err != nil {
		return nil, err
	}
	ctx = context.WithValue(ctx, shortKeyOptIn{}, true)
	msg, err := jws.Verify(ctx, []byte(token), v, &jws.VerifyOptions{Limits: o.Limits})
	if err != nil {
		switch {
		case errors.Is(err, jwa.ErrVerification):
			return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
		case errors.Is(err, jws.ErrMalformed), errors.Is(err, jws.ErrTooLarge),
			errors.Is(err, jws.ErrCritical), errors.Is(err, jws.ErrB64):
			return nil, &kindError{kind: ErrMalformed, detail: "JWS", cause: err}
		}
		return nil, fmt.Errorf("compat: %w", err)
	}
	sig := msg.Signature()
	header, err := parseObject(sig.ProtectedHeader(), o.Limits.MaxDepth)
	if err != nil {
		return nil, malformed("header: %v", err)
	}
	claims, err := parseObject(msg.Payload(), o.Limits.MaxDepth)
	if err != nil {
		return nil, malformed("payload is not a JSON object of claims: %v", err)
	}
	if err := validateClaims(claims, &o); err != nil {
		if errors.Is(err, errClaimType) {
			return nil, malformed("claims: %v", err)
		}
		return nil, err
	}
	return &Verified{Header: header, Claims: claims}, nil
}

// Sign signs claims with s and returns a compact JWS, as Python's
// serialize_compact(sign(claims, jwk, add_header, alg)). The JWS is
// standard RFC 7515, readable by every version of the library (callers on
// 0.3.0 and later must pass the same alg) and by any JOSE library.
//
// s must be for one of the library's algorithms; make it with NewSigner.
// The header is {"alg": s.Algorithm()} plus the members of addHeader
// ("alg" there is ignored, as the library let the argument win; "kid",
// "typ" and "cty" must be strings). "crit" and "b64" are refused: the
// library could not read them. claims are encoded with encoding/json.
func Sign(ctx context.Context, claims map[string]any, s jwa.Signer, addHeader map[string]any) (string, error) {
	if s == nil {
		return "", fmt.Errorf("compat: nil Signer: %w", jwa.ErrKeyType)
	}
	if _, err := signatureAlgorithm(s.Algorithm()); err != nil {
		return "", err
	}
	payload, err := jsonMarshal(claims)
	if err != nil {
		return "", fmt.Errorf("compat: claims: %w", err)
	}
	var h jws.Header
	extra := maps.Clone(addHeader)
	delete(extra, "alg")
	for name, dst := range map[string]*string{"kid": &h.KeyID, "typ": &h.Type, "cty": &h.ContentType} {
		val, ok := extra[name]
		if !ok {
			continue
		}
		str, ok := val.(string)
		if !ok {
			return "", fmt.Errorf("compat: header %q must be a string, is %T", name, val)
		}
		*dst = str
		delete(extra, name)
	}
	for _, name := range []string{"crit", "b64"} {
		if _, ok := extra[name]; ok {
			return "", fmt.Errorf("compat: header %q: the Python library could not read it", name)
		}
	}
	if len(extra) > 0 {
		h.Protected = extra
	}
	return jws.Sign(ctx, payload, s, &jws.SignOptions{Header: h})
}
