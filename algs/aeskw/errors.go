package aeskw

import "errors"

// Errors returned by this package, in addition to the shared errors of
// package jwa. Test for them with errors.Is.
var (
	// ErrKeyData means the key data given to [Wrap] is not a multiple of 8
	// bytes or is shorter than 16 bytes (RFC 3394, Section 2).
	ErrKeyData = errors.New("aeskw: key data must be a multiple of 8 bytes and at least 16 bytes")
)
