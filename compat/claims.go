package compat

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/joseframework/jose/core/jwa"
)

// Options are the options of Decrypt and Verify: the keyword arguments of
// the Python library's decrypt and verify, plus a clock and limits. A nil
// *Options means the zero value: claims validated against time.Now, no
// "iat" check, empty adata, legacy layout refused, default limits.
type Options struct {
	// Now returns the current time for the claim checks; nil means
	// time.Now. (The Python library always used the system clock.)
	Now func() time.Time

	// ExpirySeconds, when positive, rejects a token as expired once
	// "iat" + ExpirySeconds is not after the current time (Python's
	// expiry_seconds). Zero means no "iat" check, like Python's None;
	// a negative value is an error.
	ExpirySeconds int64

	// SkipClaimsValidation turns off the "exp", "nbf" and "iat" checks,
	// like Python's validate_claims=False. (The field is inverted
	// relative to Python so that the zero Options validates.)
	SkipClaimsValidation bool

	// Adata is the caller's additional authenticated data (Python's
	// adata), which every JWE layout of the library mixes into the MAC.
	// It must be exactly what the sender passed; the default is empty.
	// Decrypt only; it is never the JWE header.
	Adata []byte

	// AllowMacThenEncrypt lets Decrypt read the legacy layout of versions
	// 0.1 and 0.2.1 (a JWE without a truthy "__v"), in which the MAC covers
	// the plaintext and the ciphertext is decrypted before anything is
	// authenticated. Decrypt only. Enable it only while such tokens can
	// still be in circulation.
	AllowMacThenEncrypt bool

	// Limits bound the token, header and JSON sizes and the decompressed
	// plaintext; zero fields take the defaults of jwa.Limits.
	Limits jwa.Limits
}

// resolve returns opts with nil replaced by defaults, and checks it.
func (o *Options) resolve() (Options, error) {
	var r Options
	if o != nil {
		r = *o
	}
	if r.Now == nil {
		r.Now = time.Now
	}
	if r.ExpirySeconds < 0 {
		return r, fmt.Errorf("compat: ExpirySeconds is %d, want 0 (no iat check) or more", r.ExpirySeconds)
	}
	r.Limits = r.Limits.WithDefaults()
	return r, nil
}

// errClaimType reports an "exp", "nbf" or "iat" that is not a JSON number.
var errClaimType = errors.New("time claim is not a number")

// validateClaims applies the library's claim rules, with times as float
// seconds and no leeway:
//
//   - "exp": expired when now >= exp;
//   - "nbf": not yet valid when nbf > now;
//   - "iat", only when ExpirySeconds > 0: expired when now >= iat +
//     ExpirySeconds.
//
// A present "exp", "nbf" or "iat" that is not a JSON number gives
// errClaimType (Python compared mixed types, with odd results).
func validateClaims(claims map[string]any, o *Options) error {
	if o.SkipClaimsValidation {
		return nil
	}
	exp, hasExp, err := numericClaim(claims, "exp")
	if err != nil {
		return err
	}
	nbf, hasNbf, err := numericClaim(claims, "nbf")
	if err != nil {
		return err
	}
	iat, hasIat, err := numericClaim(claims, "iat")
	if err != nil {
		return err
	}
	now := seconds(o.Now())
	if hasExp && now >= exp {
		return fmt.Errorf("%w at %s", ErrExpired, isoTime(exp))
	}
	if hasNbf && nbf > now {
		return fmt.Errorf("%w (valid from %s)", ErrNotYetValid, isoTime(nbf))
	}
	if o.ExpirySeconds > 0 && hasIat {
		limit := iat + float64(o.ExpirySeconds)
		if now >= limit {
			return fmt.Errorf("%w at %s", ErrExpired, isoTime(limit))
		}
	}
	return nil
}

// numericClaim returns claim name as a float64.
func numericClaim(claims map[string]any, name string) (float64, bool, error) {
	v, ok := claims[name]
	if !ok {
		return 0, false, nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, false, errClaimType
	}
	// A syntactically valid JSON number only fails with ErrRange, and then
	// ParseFloat returns ±Inf or 0, as Python's float would.
	f, _ := strconv.ParseFloat(string(n), 64)
	return f, true, nil
}

// seconds returns t as float seconds since the Unix epoch, as Python's
// time.time().
func seconds(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())/1e9
}

// isoTime formats float seconds as the library did: the UTC time in ISO
// 8601 with microseconds only when they are not zero, and "Z".
func isoTime(s float64) string {
	// Beyond year 9999 (or before year 1) Python failed to format; print
	// the number instead.
	if math.IsNaN(s) || s < -62135596800 || s >= 253402300800 {
		return strconv.FormatFloat(s, 'g', -1, 64) + " (seconds since the epoch)"
	}
	sec := math.Floor(s)
	us := int64(math.Round((s - sec) * 1e6))
	if us == 1e6 {
		sec++
		us = 0
	}
	t := time.Unix(int64(sec), us*1000).UTC()
	if us == 0 {
		return t.Format("2006-01-02T15:04:05") + "Z"
	}
	return t.Format("2006-01-02T15:04:05.000000") + "Z"
}
