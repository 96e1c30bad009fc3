package jwe

import (
	"errors"
	"fmt"
	"strings"

	"github.com/joseframework/jose/core/jwa"
)

// Errors returned by this package. Test for them with errors.Is.
var (
	// ErrMalformed means the input is not a JWE in any serialization: a
	// wrong number of compact segments, bad base64url, JSON that is not
	// I-JSON, a header member of the wrong type, a required member missing,
	// or a member present in more than one of the headers of a recipient.
	ErrMalformed = errors.New("jwe: malformed token")

	// ErrCritical means the header lists, in "crit", an extension the
	// caller has not declared as understood, or uses "crit" against the
	// rules of RFC 7516, Section 4.1.13.
	ErrCritical = errors.New("jwe: unsupported critical header parameter")

	// ErrUnsupported means the token or the request uses a feature this
	// package does not implement, such as a "zip" value other than "DEF".
	ErrUnsupported = errors.New("jwe: unsupported feature")

	// ErrTooLarge means an input exceeds one of the configured limits:
	// token size, header size or number of recipients. It wraps
	// jwa.ErrLimit.
	ErrTooLarge = fmt.Errorf("jwe: input too large (%w)", jwa.ErrLimit)

	// ErrNoRecipient means that no recipient of the token fits the key:
	// none has the requested "kid", or, for DecryptWithKeys, no key of the
	// key source fits any recipient.
	ErrNoRecipient = errors.New("jwe: no recipient matches the key")

	// ErrInvalidOptions means the caller's options are inconsistent, such
	// as several recipients in the compact serialization, or an empty
	// content encryption allow-list.
	ErrInvalidOptions = errors.New("jwe: invalid options")
)

// errDecrypt is the one error returned for every failure after the key is
// unwrapped. It is a single value, so that nothing in it, not even the
// text, depends on what failed.
var errDecrypt = fmt.Errorf("jwe: %w", jwa.ErrDecryption)

// An AlgorithmError reports that a token's "alg" or "enc" is not one the
// caller allowed. It is returned before any cryptographic operation. It
// unwraps to jwa.ErrDecryption, so callers that only care whether
// decryption failed need not know about it.
type AlgorithmError struct {
	Param   string   // "alg" or "enc"
	Token   []string // the values in the token, one per recipient for "alg"
	Allowed []string // the values the caller allowed
}

// Error names the algorithm of the token and the ones that were allowed.
func (e *AlgorithmError) Error() string {
	return fmt.Sprintf("jwe: token %q is %s, allowed: %s", e.Param, quoteList(e.Token), quoteList(e.Allowed))
}

// Unwrap returns jwa.ErrDecryption.
func (e *AlgorithmError) Unwrap() error { return jwa.ErrDecryption }

func quoteList(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
