package jwk

import "errors"

// Errors returned by this package. Test for them with errors.Is; the
// returned errors add context and, where there is one, wrap the underlying
// error of package strictjson, crypto/x509 or jwa as well.
var (
	// ErrMalformed means the input is not a JWK or JWK Set: not an I-JSON
	// object, a member of the wrong JSON type, a required member missing,
	// a duplicate member name, or a value that is not strict base64url.
	ErrMalformed = errors.New("jwk: malformed key")

	// ErrUnsupported means a well-formed key this package does not
	// implement: an unknown "kty" or "crv", a multi-prime ("oth") or
	// CRT-less RSA private key, an encrypted PEM block, or a Go key type
	// that has no JWK form.
	ErrUnsupported = errors.New("jwk: unsupported key")

	// ErrInvalidKey means the key material is well formed but not a
	// usable key: a point off its curve or of low order, a coordinate of
	// the wrong length, RSA values that do not belong together, a private
	// part that does not match the public part, a key below the minimum
	// size, metadata ("use", "key_ops", "alg") that contradicts itself or
	// the key type, or an "x5c" certificate for another key.
	ErrInvalidKey = errors.New("jwk: invalid key")

	// ErrTooLarge means the input is larger than the configured limit. It
	// is returned together with jwa.ErrLimit.
	ErrTooLarge = errors.New("jwk: input too large")

	// ErrOperation means the key's "use" or "key_ops" does not permit the
	// requested operation.
	ErrOperation = errors.New("jwk: operation not permitted by key")

	// ErrNoCertificate means the key carries no "x5c" certificate chain.
	ErrNoCertificate = errors.New("jwk: key has no certificate")
)
