package jwks

import (
	"fmt"
	"net/http"
	"time"
)

// Defaults of the Options fields.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultMaxSize      = 64 << 10
	DefaultTTL          = 10 * time.Minute
	DefaultMinTTL       = time.Minute
	DefaultMaxTTL       = 24 * time.Hour
	DefaultCooldown     = 30 * time.Second
	DefaultStaleIfError = time.Hour
	DefaultRefreshAhead = time.Minute
	DefaultMaxRedirects = 3
)

// Options configure a Source. The zero value (or a nil *Options) asks for
// the defaults; a zero field means its default.
type Options struct {
	// Client makes the requests. Default: a client with the default
	// transport of net/http. New copies the client and installs its own
	// redirect policy (MaxRedirects, https only), which calls the
	// client's CheckRedirect, if any, for the redirects it allows. Use it
	// for proxies, custom TLS roots or instrumentation.
	Client *http.Client

	// Timeout bounds each fetch, from sending the request to reading the
	// last byte of the body. Default 10 seconds.
	Timeout time.Duration

	// MaxSize is the largest response body accepted, in bytes, enforced
	// while reading. Default 64 KiB, room for dozens of RSA keys. A larger
	// body fails with ErrTooLarge.
	MaxSize int

	// TTL is how long a response without caching headers (Cache-Control
	// max-age or Expires) stays fresh. Default 10 minutes, or the nearest
	// bound when MinTTL or MaxTTL exclude that. A TTL set outside
	// [MinTTL, MaxTTL] is an error.
	TTL time.Duration

	// MinTTL and MaxTTL bound the freshness lifetime a response asks for
	// with Cache-Control max-age or Expires (default 1 minute and 24
	// hours): a provider cannot make the Source fetch more often than
	// MinTTL, nor keep keys longer than MaxTTL without asking again.
	// "no-store", "no-cache", "max-age=0", and invalid or duplicate
	// freshness information all mean MinTTL.
	MinTTL time.Duration
	MaxTTL time.Duration

	// Cooldown is the least time between the start of one fetch and the
	// next when the fetch is triggered by an unknown key ID, by a refresh
	// ahead of expiry, or by a retry after a failed fetch. Default 30
	// seconds. It bounds the requests that a burst of forged tokens, or a
	// provider that is down, can cause to one per Cooldown.
	Cooldown time.Duration

	// StaleIfError is how long past their expiry cached keys may still be
	// used while fetching fresh ones fails (stale-if-error). Default 1
	// hour; a negative value never uses expired keys. Past it, lookups
	// fail with ErrStale.
	StaleIfError time.Duration

	// RefreshAhead is the window before expiry in which a lookup starts a
	// fetch in the background, so that lookups rarely wait for one.
	// Default 1 minute, and at most half of each response's freshness
	// lifetime; a negative value disables it.
	RefreshAhead time.Duration

	// MaxRedirects is the most redirects followed per fetch. Default 3; a
	// negative value follows none.
	MaxRedirects int

	// InsecureAllowHTTP allows plain http URLs, for the URL given to New
	// and for redirects, when the host is a loopback address (127.0.0.0/8,
	// ::1 or "localhost"). It exists for tests and local development; a
	// plain http URL to any other host is always refused.
	InsecureAllowHTTP bool

	// Now returns the current time for all cache decisions. Default
	// time.Now. Tests set it to a fake clock.
	Now func() time.Time

	// OnFetch, when set, is called after every fetch attempt, successful
	// or not. OnError, when set, is called with the error of every failed
	// fetch. OnStale, when set, is called by each lookup that is served
	// expired keys because fetching fresh ones failed, with how long ago
	// they expired.
	//
	// The hooks are called synchronously and without any lock held: a
	// fetch calls OnFetch and OnError before the lookups waiting for it
	// resume, and a lookup calls OnStale before it returns. They must be
	// safe for concurrent use and should be quick.
	OnFetch func(FetchInfo)
	OnError func(error)
	OnStale func(age time.Duration)
}

// withDefaults resolves the zero fields of o and checks the result.
func (o *Options) withDefaults() (Options, error) {
	var r Options
	if o != nil {
		r = *o
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&r.Timeout, DefaultTimeout)
	def(&r.MinTTL, DefaultMinTTL)
	def(&r.MaxTTL, DefaultMaxTTL)
	def(&r.Cooldown, DefaultCooldown)
	def(&r.StaleIfError, DefaultStaleIfError)
	def(&r.RefreshAhead, DefaultRefreshAhead)
	if r.MaxSize == 0 {
		r.MaxSize = DefaultMaxSize
	}
	if r.MaxRedirects == 0 {
		r.MaxRedirects = DefaultMaxRedirects
	}
	if r.Now == nil {
		r.Now = time.Now
	}
	switch {
	case r.Timeout < 0:
		return r, fmt.Errorf("%w: negative Timeout %v", ErrOptions, r.Timeout)
	case r.MaxSize < 0:
		return r, fmt.Errorf("%w: negative MaxSize %d", ErrOptions, r.MaxSize)
	case r.MinTTL < 0 || r.MaxTTL < 0 || r.TTL < 0:
		return r, fmt.Errorf("%w: negative TTL bound", ErrOptions)
	case r.Cooldown < 0:
		return r, fmt.Errorf("%w: negative Cooldown %v", ErrOptions, r.Cooldown)
	case r.MinTTL > r.MaxTTL:
		return r, fmt.Errorf("%w: MinTTL %v above MaxTTL %v", ErrOptions, r.MinTTL, r.MaxTTL)
	}
	if r.TTL == 0 {
		r.TTL = min(max(DefaultTTL, r.MinTTL), r.MaxTTL)
	} else if r.TTL < r.MinTTL || r.TTL > r.MaxTTL {
		return r, fmt.Errorf("%w: TTL %v outside [MinTTL %v, MaxTTL %v]", ErrOptions, r.TTL, r.MinTTL, r.MaxTTL)
	}
	return r, nil
}
