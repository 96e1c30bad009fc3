package jwks

import (
	"errors"
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

// Errors returned by this package. Test for them with errors.Is; the
// returned errors add context and wrap the underlying error (of net/http,
// package jwk or context) as well.
var (
	// ErrInvalidURL means the URL given to New is not an absolute http or
	// https URL with a host, or carries user information.
	ErrInvalidURL = errors.New("jwks: invalid JWK Set URL")

	// ErrInsecureURL means a URL, given to New or reached by a redirect,
	// is not https, and plain http to a loopback address was not allowed
	// with Options.InsecureAllowHTTP.
	ErrInsecureURL = errors.New("jwks: JWK Set URL is not https")

	// ErrOptions means the Options given to New contradict each other,
	// such as a MinTTL above MaxTTL.
	ErrOptions = errors.New("jwks: invalid options")

	// ErrFetch means that fetching the JWK Set failed: the request could
	// not be made or timed out, too many or insecure redirects, an HTTP
	// status other than 200 (or 304 after a conditional request), or a
	// response that is too large, malformed or holds private keys. Every
	// failed fetch wraps it, together with the more specific errors below.
	ErrFetch = errors.New("jwks: cannot fetch JWK Set")

	// ErrTooLarge means the response body is larger than
	// Options.MaxSize. It wraps jwa.ErrLimit.
	ErrTooLarge = fmt.Errorf("jwks: JWK Set response too large: %w", jwa.ErrLimit)

	// ErrMalformed means the response body is not a valid JWK Set, as
	// jwk.ParseSetWithLimits decides; the jwk error is wrapped too.
	ErrMalformed = errors.New("jwks: malformed JWK Set response")

	// ErrPrivateKey means the response holds a private or secret
	// (symmetric) key. A JWK Set published at a URL is readable by anyone
	// who can reach it, so such a set is refused as a whole: whoever can
	// read it could sign tokens.
	ErrPrivateKey = errors.New("jwks: JWK Set response holds a private or secret key")

	// ErrStale means the cached keys expired longer ago than
	// Options.StaleIfError allows and fetching fresh ones failed. The
	// fetch error is wrapped too.
	ErrStale = errors.New("jwks: cached JWK Set is too stale to use")
)
