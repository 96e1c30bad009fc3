package ecdsa

import "errors"

// Errors returned by this package, besides the shared ones of package jwa
// (jwa.ErrKeyType, jwa.ErrVerification). Test for them with errors.Is.
var (
	// ErrInvalidKey means a key of the right type and curve does not hold
	// a valid key: its point is not on the curve, its private scalar is
	// zero or not below the group order, or its public point is not the
	// one its private scalar gives. Errors that wrap it also wrap
	// jwa.ErrKeyType.
	ErrInvalidKey = errors.New("ecdsa: invalid key")

	// ErrSignerOutput means a crypto.Signer returned something that is not
	// a DER-encoded ECDSA signature with 0 < r, s < n. The Signer (an HSM or
	// KMS, for instance) is broken or is not using the key it claims.
	ErrSignerOutput = errors.New("ecdsa: crypto.Signer returned a malformed signature")
)
