package jws

import (
	"errors"
	"fmt"
	"strings"

	"github.com/joseframework/jose/core/jwa"
)

// Errors returned by this package. Test for them with errors.Is.
var (
	// ErrMalformed means the input is not a JWS in any serialization: wrong
	// number of parts, bad base64url, a header that is not an I-JSON object,
	// a member of the wrong JSON type, a missing "alg" or "signature", or a
	// header member present in both the protected and unprotected headers.
	ErrMalformed = errors.New("jws: malformed token")

	// ErrCritical means a "crit" header parameter (RFC 7515, Section
	// 4.1.11) is invalid or lists an extension that neither this package
	// nor the caller understands.
	ErrCritical = errors.New("jws: unsupported critical header parameter")

	// ErrB64 means the "b64" header parameter (RFC 7797) is used against
	// its rules: not a boolean, not in the protected header, not listed in
	// "crit", differing between signatures, or an unencoded payload that
	// the serialization cannot carry.
	ErrB64 = errors.New("jws: invalid use of the \"b64\" header parameter")

	// ErrTooLarge means the token exceeds one of the configured
	// [jwa.Limits] (size, header size, JSON depth or signature count). It
	// wraps jwa.ErrLimit.
	ErrTooLarge = fmt.Errorf("jws: token too large: %w", jwa.ErrLimit)

	// ErrNoKey means that no key of a key source fits a signature: none
	// has its "kid", permits "verify", and suits its algorithm. It wraps
	// jwa.ErrVerification. A cache of remote keys may take it as a hint to
	// refresh.
	ErrNoKey = fmt.Errorf("jws: no suitable verification key: %w", jwa.ErrVerification)

	// ErrInvalidHeader means the header members given for signing are
	// invalid: a registered name set through the wrong field, a name in
	// both the protected and unprotected header, a "crit" entry without
	// its member, or an unprotected header where the serialization has
	// none.
	ErrInvalidHeader = errors.New("jws: invalid header for signing")

	// ErrInvalidOptions means the caller's arguments cannot be used: a nil
	// Verifier or key source, an empty algorithm allow-list, or a nil
	// algorithm in it. It is a programming error, never caused by a token.
	ErrInvalidOptions = errors.New("jws: invalid options")

	// ErrDetached means a detached payload was given for a JWS that
	// carries its own payload, or a JSON JWS without a payload was
	// verified without the detached payload.
	ErrDetached = errors.New("jws: detached payload mismatch")
)

// An AlgorithmError reports that a token's "alg" is not the algorithm the
// Verifier was built for, or not in the caller's allow-list. It unwraps to
// jwa.ErrVerification, so callers that only care whether verification
// failed need not know about it.
type AlgorithmError struct {
	Token    string   // "alg" in the token header
	Verifier string   // the Verifier's Algorithm(), or "" for an allow-list
	Allowed  []string // the allow-list, when verifying against a key source
}

// Error names the algorithm of the token and the one or ones that were allowed.
func (e *AlgorithmError) Error() string {
	if e.Verifier == "" {
		return fmt.Sprintf("jws: token uses %q, allowed algorithms are %s", e.Token, quoteList(e.Allowed))
	}
	return fmt.Sprintf("jws: token uses %q, verifier accepts only %q", e.Token, e.Verifier)
}

// Unwrap returns jwa.ErrVerification.
func (e *AlgorithmError) Unwrap() error { return jwa.ErrVerification }

func quoteList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", n)
	}
	return b.String()
}
