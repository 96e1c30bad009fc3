package compat

import (
	"errors"
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

// Errors returned by this package. Test for them with errors.Is.
//
// The Python library raised Error, and its subclasses Expired and
// NotYetValid. Here the three are disjoint: a rejected token gives an error
// wrapping exactly one of ErrInvalid, ErrExpired and ErrNotYetValid, so that
// "the token is not authentic or not readable" and "the token is authentic
// but its time is wrong" cannot be confused. Code ported from
// "except jose.Error" must test all three.
var (
	// ErrInvalid means the token was rejected: it is malformed, uses an
	// algorithm or layout the library never produced, was not made for
	// this key, or does not verify or decrypt. It is the Python library's
	// Error. Decryption failures also wrap jwa.ErrDecryption and signature
	// failures jwa.ErrVerification.
	ErrInvalid = errors.New("compat: invalid token")

	// ErrMalformed means the token is not a compact JWS or JWE of the
	// library: wrong number of parts, bad base64url, a header that is not
	// an I-JSON object, a missing or mistyped "alg" or "enc", an unknown
	// "zip", or input over the limits. Errors wrapping it also wrap
	// ErrInvalid.
	ErrMalformed = errors.New("compat: malformed token")

	// ErrMacThenEncrypt means a JWE uses the legacy layout of the library's
	// versions 0.1 and 0.2.1 (no truthy "__v"), which authenticates the
	// plaintext rather than the ciphertext, and the caller did not set
	// Options.AllowMacThenEncrypt. Errors wrapping it also wrap ErrInvalid.
	ErrMacThenEncrypt = errors.New("compat: legacy MAC-then-encrypt JWE not allowed")

	// ErrExpired means the token verified or decrypted, but "exp" is not
	// after the current time, or "iat" plus Options.ExpirySeconds is not.
	// It is the Python library's Expired.
	ErrExpired = errors.New("compat: token expired")

	// ErrNotYetValid means the token verified or decrypted, but "nbf" is
	// after the current time. It is the Python library's NotYetValid.
	ErrNotYetValid = errors.New("compat: token not yet valid")

	// ErrKey means a key in one of the forms ParseKey reads could not be
	// used: it is malformed, or its type does not suit the operation.
	ErrKey = errors.New("compat: unusable key")
)

// errDecryption is the only error Decrypt returns for a failure after the
// RSA step: a wrong key, a tampered or relabelled token, bad padding, a
// tag mismatch, bad compressed data, plaintext over the limit, claims that
// are not a JSON object or have non-numeric times. One value, so that the
// failures cannot be told apart.
var errDecryption = fmt.Errorf("%w: %w", ErrInvalid, jwa.ErrDecryption)

// malformed returns an error wrapping ErrMalformed and ErrInvalid.
func malformed(format string, args ...any) error {
	return &kindError{kind: ErrMalformed, detail: fmt.Sprintf(format, args...)}
}

// A kindError is a rejection of a specific kind (ErrMalformed,
// ErrMacThenEncrypt) that is also an ErrInvalid, with a detail and an
// optional cause.
type kindError struct {
	kind   error
	detail string
	cause  error
}

func (e *kindError) Error() string {
	if e.cause != nil {
		return e.kind.Error() + ": " + e.detail + ": " + e.cause.Error()
	}
	return e.kind.Error() + ": " + e.detail
}

func (e *kindError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.kind, ErrInvalid, e.cause}
	}
	return []error{e.kind, ErrInvalid}
}
