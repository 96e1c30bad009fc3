package jwt

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jws"
)

// Options are the rules a token must meet, and the policies of its
// cryptographic layers. A nil *Options means the zero value: default
// limits, exp and nbf checked when present against time.Now with no
// leeway, no "aud" accepted, and "typ" absent or "JWT".
//
// The checks run after the signature or decryption succeeded and the
// claims parsed, in this order, and the first failure is returned: "typ",
// required claims, exp, nbf, iat, maximum age, iss, sub, aud, jti, and
// Check.
type Options struct {
	// Issuer, when not empty, is the only "iss" accepted (exact,
	// case-sensitive match); a token without "iss" fails with ErrIssuer.
	Issuer string

	// Audience lists the audiences the caller identifies with. A token is
	// accepted when its "aud" holds at least one of them (exact match);
	// without "aud" it fails with ErrAudience.
	//
	// When Audience is empty, a token that has an "aud" claim fails with
	// ErrAudience, as RFC 7519, Section 4.1.3 requires of a recipient that
	// does not find itself in it, unless IgnoreAudience is set.
	Audience []string

	// IgnoreAudience accepts any "aud", or none. Set it only when the
	// audience is checked elsewhere, or when every token the key can
	// verify is meant for this recipient. It may not be set together with
	// Audience.
	IgnoreAudience bool

	// Subject and ID, when not empty, are the only "sub" and "jti"
	// accepted (exact match); a token without the claim fails with
	// ErrSubject or ErrID.
	Subject, ID string

	// Type is the expected "typ" header parameter, such as "at+jwt" (RFC
	// 9068) for explicitly typed tokens (RFC 8725, Section 3.11). Media
	// types compare case-insensitively, and a value without '/' stands for
	// "application/" followed by it (RFC 7515, Section 4.1.9), so "at+jwt"
	// also matches "application/at+jwt" and "AT+JWT". The token must carry
	// the type; for a nested JWT, the inner (signed) token, while the
	// outer one may carry no "typ", "JWT" or the same type.
	//
	// When Type is empty, the token's "typ" must be absent or "JWT": a
	// token typed for another purpose is refused.
	Type string

	// Required lists claim names (registered or not, at most 64) that must
	// be present; a missing one fails with ErrMissingClaim.
	Required []string

	// MaxAge, when positive, requires "iat" and refuses a token issued
	// more than MaxAge (plus Leeway) before the current time, with
	// ErrTooOld. A token without "iat" fails with ErrMissingClaim.
	MaxAge time.Duration

	// Leeway is the clock skew tolerated in each time check: exp is valid
	// while now < exp + Leeway, nbf once now >= nbf - Leeway, iat when
	// iat <= now + Leeway (later is ErrIssuedInFuture), and the age while
	// now <= iat + MaxAge + Leeway. Default 0; it may not be negative.
	Leeway time.Duration

	// Now returns the current time; nil means time.Now.
	Now func() time.Time

	// Check, when set, runs after every other rule passed, with the
	// registered claims and a pointer to the custom claims (a *T for
	// Verify[T] and the others). An error refuses the token; it is
	// returned wrapped together with ErrCheck.
	Check func(c *Claims, custom any) error

	// JWS is the policy of the signed layer: its limits and the "crit"
	// extensions understood. DetachedPayload must be nil: a JWT carries
	// its claims.
	JWS jws.VerifyOptions

	// JWE is the policy of the encrypted layer, for Decrypt and
	// DecryptVerify: the content encryption algorithms accepted (required
	// there), limits, "kid" and "crit".
	JWE jwe.DecryptOptions
}

// defaultOptions is what a nil *Options means.
var defaultOptions Options

// check returns o, or the defaults for nil, after checking its
// consistency.
func (o *Options) check() (*Options, error) {
	if o == nil {
		return &defaultOptions, nil
	}
	switch {
	case o.Leeway < 0:
		return nil, fmt.Errorf("%w: negative Leeway %v", ErrInvalidOptions, o.Leeway)
	case o.MaxAge < 0:
		return nil, fmt.Errorf("%w: negative MaxAge %v", ErrInvalidOptions, o.MaxAge)
	case len(o.Required) > 64:
		return nil, fmt.Errorf("%w: more than 64 required claims", ErrInvalidOptions)
	case o.JWS.DetachedPayload != nil:
		return nil, fmt.Errorf("%w: a JWT has no detached payload", ErrInvalidOptions)
	case o.IgnoreAudience && len(o.Audience) > 0:
		return nil, fmt.Errorf("%w: both Audience and IgnoreAudience set", ErrInvalidOptions)
	case slices.Contains(o.Audience, ""):
		return nil, fmt.Errorf("%w: empty string in Audience", ErrInvalidOptions)
	}
	return o, nil
}

// validate applies the rules of o to a token whose claims parsed. found
// has bit i set when o.Required[i] is present.
func (o *Options) validate(c *Claims, typ string, found uint64, custom any) error {
	if err := checkType(o.Type, typ); err != nil {
		return err
	}
	if n := len(o.Required); n > 0 && found != (uint64(1)<<n)-1 {
		for i, name := range o.Required {
			if found&(1<<i) == 0 {
				return fmt.Errorf("%w %q", ErrMissingClaim, name)
			}
		}
	}
	var now time.Time
	if o.Now != nil {
		now = o.Now()
	} else {
		now = time.Now()
	}
	if c.Expiry != nil {
		if exp := c.Expiry.Time(); !now.Before(exp.Add(o.Leeway)) {
			return fmt.Errorf("%w: exp %v, now %v, leeway %v", ErrExpired, c.Expiry, now.UTC(), o.Leeway)
		}
	}
	if c.NotBefore != nil {
		if nbf := c.NotBefore.Time(); now.Before(nbf.Add(-o.Leeway)) {
			return fmt.Errorf("%w: nbf %v, now %v, leeway %v", ErrNotYetValid, c.NotBefore, now.UTC(), o.Leeway)
		}
	}
	if c.IssuedAt != nil {
		if iat := c.IssuedAt.Time(); iat.After(now.Add(o.Leeway)) {
			return fmt.Errorf("%w: iat %v, now %v, leeway %v", ErrIssuedInFuture, c.IssuedAt, now.UTC(), o.Leeway)
		}
	}
	if o.MaxAge > 0 {
		if c.IssuedAt == nil {
			return fmt.Errorf("%w \"iat\" (a maximum age is set)", ErrMissingClaim)
		}
		if iat := c.IssuedAt.Time(); now.After(iat.Add(o.MaxAge).Add(o.Leeway)) {
			return fmt.Errorf("%w: iat %v, now %v, max age %v, leeway %v", ErrTooOld, c.IssuedAt, now.UTC(), o.MaxAge, o.Leeway)
		}
	}
	if o.Issuer != "" && c.Issuer != o.Issuer {
		return fmt.Errorf("%w: %q, want %q", ErrIssuer, c.Issuer, o.Issuer)
	}
	if o.Subject != "" && c.Subject != o.Subject {
		return fmt.Errorf("%w: %q, want %q", ErrSubject, c.Subject, o.Subject)
	}
	if !o.IgnoreAudience {
		switch {
		case len(o.Audience) == 0 && c.Audience != nil:
			return fmt.Errorf("%w: the token is for %q and no audience is accepted", ErrAudience, []string(c.Audience))
		case len(o.Audience) > 0 && !slices.ContainsFunc(c.Audience, func(a string) bool { return slices.Contains(o.Audience, a) }):
			return fmt.Errorf("%w: the token is for %q, want one of %q", ErrAudience, []string(c.Audience), o.Audience)
		}
	}
	if o.ID != "" && c.ID != o.ID {
		return fmt.Errorf("%w: %q, want %q", ErrID, c.ID, o.ID)
	}
	if o.Check != nil {
		if err := o.Check(c, custom); err != nil {
			return fmt.Errorf("%w: %w", ErrCheck, err)
		}
	}
	return nil
}

// checkType compares a token's "typ" with the expected one.
func checkType(want, typ string) error {
	if want == "" {
		if typ == "" || sameType(typ, "JWT") {
			return nil
		}
		return fmt.Errorf("%w: %q, and no type is expected (absent or \"JWT\" are accepted)", ErrType, typ)
	}
	if !sameType(typ, want) {
		return fmt.Errorf("%w: %q, want %q", ErrType, typ, want)
	}
	return nil
}

// sameType compares two media types the way RFC 7515, Section 4.1.9 says
// a "typ" is read: case-insensitively, with "application/" implied when
// the value has no '/'.
func sameType(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	sa, appA := subtype(a)
	sb, appB := subtype(b)
	return appA == appB && strings.EqualFold(sa, sb)
}

// subtype returns the subtype of an "application/" media type, with the
// prefix implied when t has no '/', and true; or t itself and false for
// another media type.
func subtype(t string) (string, bool) {
	i := strings.IndexByte(t, '/')
	if i < 0 {
		return t, true
	}
	if strings.EqualFold(t[:i], "application") && strings.IndexByte(t[i+1:], '/') < 0 {
		return t[i+1:], true
	}
	return t, false
}
