package rsa

import "github.com/joseframework/jose/algs/rsa/internal/rsakey"

// Errors returned by this package, in addition to the shared errors of
// package jwa. Test for them with errors.Is.
var (
	// ErrInvalidKey means an RSA key of the right Go type is not a valid
	// key: its modulus is missing or even, its public exponent is not odd
	// or not between 3 and 2^31-1, its private values do not match the
	// public key, or its prime factors are missing. It is the same value
	// as rsa15.ErrInvalidKey.
	ErrInvalidKey = rsakey.ErrInvalid
)
