package main

import (
	"errors"
	"net/http"
	"slices"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/jwks"
)

// jwksClient, when set, makes the requests of --jwks-url. Tests set it to
// the client of an httptest TLS server, which trusts that server's
// certificate; the command itself uses the jwks default.
var jwksClient *http.Client

// remoteKeys returns the key source for --jwks-url and the allowed
// signature algorithms. --alg is required: the keys of a remote set are
// not known before the first fetch, and the token never chooses the
// algorithm.
func remoteKeys(rawURL string, allowHTTP bool, algFlag []string) (jwk.KeySource, []jwa.SignatureAlgorithm, error) {
	if len(algFlag) == 0 {
		return nil, nil, usageErrorf("--jwks-url needs --alg: name the algorithms the issuer signs with, such as --alg RS256 or --alg ES256,RS256 (the token's \"alg\" is never trusted)")
	}
	algs := make([]jwa.SignatureAlgorithm, 0, len(algFlag))
	for _, n := range slices.Compact(slices.Clone(algFlag)) {
		a, err := lookupSignature(n, "--alg")
		if err != nil {
			return nil, nil, err
		}
		algs = append(algs, a)
	}
	src, err := jwks.New(rawURL, &jwks.Options{Client: jwksClient, InsecureAllowHTTP: allowHTTP})
	switch {
	case errors.Is(err, jwks.ErrInsecureURL) && !allowHTTP:
		return nil, nil, usageErrorf("--jwks-url: %v: the JWK Set must be fetched over https (--insecure-allow-http allows plain http to a loopback address, for tests)", err)
	case err != nil:
		return nil, nil, usageErrorf("--jwks-url: %v", err)
	}
	return src, algs, nil
}

// verifyFailure maps a verification error to its exit status: a JWK Set
// that could not be fetched is a configuration error (2), as an unreadable
// --key file is; anything else rejects the token (1).
func verifyFailure(what string, err error) error {
	if errors.Is(err, jwks.ErrFetch) || errors.Is(err, jwks.ErrStale) {
		return usageErrorf("%s not verified: %v", what, err)
	}
	return rejectf("%s rejected: %v", what, err)
}
