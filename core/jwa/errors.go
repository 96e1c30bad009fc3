package jwa

import "errors"

// Errors shared by every algorithm implementation. Test for them with
// errors.Is; implementations wrap them with %w and add context.
var (
	// ErrVerification means a signature or MAC did not verify. It is
	// deliberately vague: it never says why.
	ErrVerification = errors.New("jwa: verification failed")

	// ErrDecryption means a JWE could not be decrypted. Every failure after
	// the key is unwrapped (padding, tag, decompression) reports this same
	// error, so that the failures cannot be told apart.
	ErrDecryption = errors.New("jwa: decryption failed")

	// ErrKeyType means a key of the wrong Go type (or JWK "kty", or curve)
	// was given to an algorithm.
	ErrKeyType = errors.New("jwa: wrong key type for algorithm")

	// ErrKeySize means a key of the right type has a size the algorithm
	// does not allow, such as an RSA key under 2048 bits or an HMAC key
	// shorter than the hash output.
	ErrKeySize = errors.New("jwa: key size not allowed for algorithm")

	// ErrUnknownAlgorithm means no algorithm is registered under a name, or
	// a name is not the one a caller allowed.
	ErrUnknownAlgorithm = errors.New("jwa: unknown algorithm")

	// ErrInvalidParameter means an algorithm parameter is missing or
	// malformed, such as a JWE "epk" that is not on the recipient's curve,
	// or a PBES2 salt shorter than 8 bytes.
	ErrInvalidParameter = errors.New("jwa: invalid algorithm parameter")

	// ErrLimit means an input exceeds one of the configured [Limits].
	ErrLimit = errors.New("jwa: limit exceeded")
)

// An UnknownAlgorithmError reports a registry lookup for a name that is not
// registered. When the name belongs to an algorithm module of this project,
// Module names the module to import. It unwraps to [ErrUnknownAlgorithm].
type UnknownAlgorithmError struct {
	Kind   string // "signature", "key management" or "content encryption"
	Name   string // the name looked up
	Module string // import path that registers Name, or ""
}

// Error returns the message, with the hint of the module to import.
func (e *UnknownAlgorithmError) Error() string {
	switch {
	case isNone(e.Name):
		return "jwa: \"none\" is not an algorithm; unsecured JWTs have their own API in package jwt and are never verified"
	case e.Module != "":
		return "jwa: unknown " + e.Kind + " algorithm \"" + e.Name + "\" (import _ \"" + e.Module + "\" to register it)"
	default:
		return "jwa: unknown " + e.Kind + " algorithm \"" + e.Name + "\""
	}
}

// Unwrap returns [ErrUnknownAlgorithm].
func (e *UnknownAlgorithmError) Unwrap() error { return ErrUnknownAlgorithm }
