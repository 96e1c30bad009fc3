// Package jwks keeps the keys of a remote JWK Set (RFC 7517, Section 5),
// such as the "jwks_uri" of an OpenID provider, for verifying tokens with
// package jws or jwt:
//
//	src, err := jwks.New("https://issuer.example/.well-known/jwks.json", nil)
//	…
//	msg, err := jws.VerifyKeys(ctx, token, src, []jwa.SignatureAlgorithm{rsa.RS256()}, nil)
//
// A [Source] is a [jwk.KeySource]. The token chooses a key only by its
// "kid", among the keys of the set that suit an algorithm of the caller's
// allow-list, exactly as with a local [jwk.Set].
//
// # Caching and rotation
//
// The set is fetched on the first lookup and cached for the freshness
// lifetime the response gives with Cache-Control max-age (or Expires),
// clamped to [Options.MinTTL, Options.MaxTTL] (default 1 minute to 24
// hours), or for Options.TTL (default 10 minutes) without such headers.
// Refetches are conditional (If-None-Match, If-Modified-Since), so an
// unchanged set costs a 304 response.
//
// Providers rotate keys by publishing the new key before signing with it.
// When a token names a "kid" the cache does not hold, a lookup refetches
// the set, but at most once per Options.Cooldown (default 30 seconds), and
// concurrent lookups share one fetch: a burst of tokens with made-up key IDs
// makes at most one request per Cooldown. Lookups shortly before expiry
// start a fetch in the background (Options.RefreshAhead), so that busy
// verifiers rarely wait.
//
// When the provider fails, expired keys are still used for
// Options.StaleIfError (default 1 hour) and reported through
// Options.OnStale and [Source.Status]; after that, lookups fail with
// [ErrStale]. Every fetch is reported to Options.OnFetch, every failure to
// Options.OnError.
//
// # Security
//
// Only the URL given to [New] is fetched, with the redirects it answers
// (at most Options.MaxRedirects): never a URL from a token ("jku", "x5u")
// or from the set. It must be https; plain http is allowed only to a
// loopback address and only with Options.InsecureAllowHTTP, for tests.
// Redirects follow the same rule.
//
// Each fetch is bounded by Options.Timeout (default 10 seconds) and its
// body by Options.MaxSize (default 64 KiB), enforced while reading. The
// body must be a JWK Set as [jwk.ParseSetWithLimits] accepts it, whatever
// its Content-Type; a set holding any private or secret key is refused
// ([ErrPrivateKey]), since whoever can read it could sign tokens. A
// response that fails any check changes nothing in the cache.
package jwks
