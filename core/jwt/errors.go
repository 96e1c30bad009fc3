package jwt

import (
	"errors"
	"fmt"
)

// Errors returned by this package. Test for them with errors.Is.
//
// Every claim and header rule that fails wraps ErrValidation as well as
// its own sentinel, and is reported only for a token whose signature or
// decryption succeeded and whose claims parsed: a token that fails
// cryptographically reports that failure (jwa.ErrVerification or
// jwa.ErrDecryption), never a claim error.
var (
	// ErrMalformed means the token is not a JWT: not in the compact
	// serialization, or its claims are not an I-JSON object, hold a
	// registered claim of the wrong JSON type or out of range, hold two
	// member names that differ only by case, or do not decode into the
	// caller's claims type.
	ErrMalformed = errors.New("jwt: malformed token")

	// ErrValidation is wrapped by every error below that reports a token
	// that is authentic but not acceptable under the caller's rules.
	ErrValidation = errors.New("jwt: validation failed")

	// ErrExpired means the current time is at or after "exp" plus the
	// leeway (RFC 7519, Section 4.1.4).
	ErrExpired = fmt.Errorf("jwt: token expired: %w", ErrValidation)

	// ErrNotYetValid means the current time is before "nbf" minus the
	// leeway (RFC 7519, Section 4.1.5).
	ErrNotYetValid = fmt.Errorf("jwt: token not yet valid: %w", ErrValidation)

	// ErrIssuedInFuture means "iat" is later than the current time plus
	// the leeway: the issuer's clock, or the token, is wrong.
	ErrIssuedInFuture = fmt.Errorf("jwt: token issued in the future: %w", ErrValidation)

	// ErrTooOld means the token was issued ("iat") longer ago than the
	// maximum age allowed, plus the leeway.
	ErrTooOld = fmt.Errorf("jwt: token too old: %w", ErrValidation)

	// ErrIssuer means "iss" is absent or not the expected issuer.
	ErrIssuer = fmt.Errorf("jwt: wrong issuer: %w", ErrValidation)

	// ErrAudience means "aud" is absent or lists none of the accepted
	// audiences, or is present when the caller accepts no audience
	// (RFC 7519, Section 4.1.3).
	ErrAudience = fmt.Errorf("jwt: wrong audience: %w", ErrValidation)

	// ErrSubject means "sub" is absent or not the expected subject.
	ErrSubject = fmt.Errorf("jwt: wrong subject: %w", ErrValidation)

	// ErrID means "jti" is absent or not the expected token ID.
	ErrID = fmt.Errorf("jwt: wrong token ID: %w", ErrValidation)

	// ErrMissingClaim means a claim the caller requires is absent.
	ErrMissingClaim = fmt.Errorf("jwt: missing required claim: %w", ErrValidation)

	// ErrType means the "typ" header parameter is not the expected type
	// (RFC 8725, Section 3.11), or, when no type is expected, is present
	// and not "JWT".
	ErrType = fmt.Errorf("jwt: wrong token type: %w", ErrValidation)

	// ErrCheck means the caller's own check (Options.Check) refused the
	// token; the error also wraps the check's error.
	ErrCheck = fmt.Errorf("jwt: custom check failed: %w", ErrValidation)

	// ErrNesting means the token's layers are not those the call expects:
	// a signed or encrypted JWT whose "cty" says it holds another JWT,
	// given to Verify or Decrypt; or, for DecryptVerify, an outer JWE
	// without "cty": "JWT" or whose content is not a compact JWS (such as
	// a bare claims set or a second JWE). A nested JWT's inner token must
	// be signed.
	ErrNesting = errors.New("jwt: wrong nesting of signed and encrypted layers")

	// ErrUnsecured means a token given to InsecureParseUnsecured is not an
	// unsecured JWT: its "alg" is not exactly "none", its signature is not
	// empty, or its header lists "crit".
	ErrUnsecured = errors.New("jwt: not an unsecured JWT")

	// ErrInvalidClaims means claims given for signing or encryption cannot
	// be written: a date out of range, invalid UTF-8, custom claims that
	// are not a JSON object or that repeat a registered claim name.
	ErrInvalidClaims = errors.New("jwt: invalid claims for a new token")

	// ErrInvalidOptions means the caller's options are inconsistent, such
	// as a negative leeway or a detached payload.
	ErrInvalidOptions = errors.New("jwt: invalid options")
)
