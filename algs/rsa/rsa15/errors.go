package rsa15

import "github.com/joseframework/jose/algs/rsa/internal/rsakey"

// Errors returned by this package, in addition to the shared errors of
// package jwa. Test for them with errors.Is.
var (
	// ErrInvalidKey means an RSA key of the right Go type is not a valid
	// key (see package rsa). It is the same value as rsa.ErrInvalidKey.
	ErrInvalidKey = rsakey.ErrInvalid
)
