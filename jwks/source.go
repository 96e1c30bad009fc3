package jwks

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/joseframework/jose/core/jwk"
)

// A Source is a jwk.KeySource for the JWK Set published at one URL, such as
// the "jwks_uri" of an OpenID provider. It fetches the set when a lookup
// needs it, caches it for its freshness lifetime, and refetches it when it
// expires, when it is about to, and when a lookup asks for a key ID it does
// not hold (at most once per Options.Cooldown). Concurrent lookups share one
// fetch.
//
// A Source is safe for concurrent use. It starts no goroutine except for a
// fetch, which ends within Options.Timeout; there is nothing to close.
type Source struct {
	url    string
	client *http.Client
	o      Options

	mu          sync.Mutex
	cur         *entry  // the cached set; nil until a fetch succeeds
	flight      *flight // the fetch in progress, or nil
	lastAttempt time.Time
	lastErr     error // the error of the last fetch, nil if it succeeded
}

var _ jwk.KeySource = (*Source)(nil)

// entry is one cached response. It is never modified once stored.
type entry struct {
	set      *jwk.Set
	kids     map[string]bool
	fetched  time.Time // when the response arrived (or was revalidated)
	expires  time.Time
	etag     string
	modified string
}

func (e *entry) has(kid string) bool { return e.kids[kid] }

// flight is one fetch; done is closed when it has finished and err is set.
type flight struct {
	done chan struct{}
	err  error
}

// A Trigger says why a fetch was made.
type Trigger string

// Reasons for a fetch.
const (
	TriggerInitial      Trigger = "initial"       // no keys were cached yet
	TriggerExpired      Trigger = "expired"       // the cached keys had expired
	TriggerRefreshAhead Trigger = "refresh-ahead" // the cached keys were about to expire
	TriggerUnknownKeyID Trigger = "unknown-kid"   // a lookup asked for a key ID not in the cache
	TriggerManual       Trigger = "manual"        // Source.Refresh
)

// FetchInfo describes one fetch attempt, for Options.OnFetch.
type FetchInfo struct {
	URL         string        // the URL given to New
	Trigger     Trigger       // why the fetch was made
	Status      int           // the final HTTP status code, 0 if there was no response
	NotModified bool          // the response was 304 Not Modified: the cached keys were kept
	Keys        int           // the keys cached after a successful fetch
	Skipped     int           // keys of the response left out as unsupported (jwk.Set.Skipped)
	Expires     time.Time     // when the cached keys expire, after a successful fetch
	Duration    time.Duration // how long the fetch took
	Err         error         // nil on success
}

// Status is a snapshot of a Source's cache, for health checks and metrics.
type Status struct {
	Keys        int       // keys in the cache
	Fetched     time.Time // when the cached keys were fetched or last revalidated; zero if never
	Expires     time.Time // when they expire; zero if never fetched
	Stale       bool      // keys are cached and past Expires
	LastAttempt time.Time // when the last fetch started; zero if never
	LastError   error     // the error of the last fetch, nil if it succeeded or none was made
}

// New returns a Source for the JWK Set at rawURL, which must be an https
// URL (see Options.InsecureAllowHTTP for tests). It makes no request:
// the first lookup, or Source.Refresh, fetches the set. opts may be nil.
//
// Only rawURL is ever fetched, and the redirects it answers with: never a
// URL taken from a token ("jku", "x5u") or from the set.
func New(rawURL string, opts *Options) (*Source, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidURL, err)
	}
	if !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("%w: %q is not an absolute URL with a host", ErrInvalidURL, rawURL)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: user information in the URL", ErrInvalidURL)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("%w: scheme %q, want https", ErrInvalidURL, u.Scheme)
	}
	if err := checkScheme(u, o.InsecureAllowHTTP); err != nil {
		return nil, err
	}
	s := &Source{url: u.String(), o: o}
	s.client = newClient(o)
	return s, nil
}

// URL returns the URL of the JWK Set.
func (s *Source) URL() string { return s.url }

// LookupKeys returns the keys of the JWK Set that match q, in set order,
// fetching the set first when needed:
//
//   - with no keys cached, or cached keys expired, it waits for a fetch
//     (but see Options.Cooldown for retries after a failure);
//   - with fresh keys cached, it answers from the cache; when q.KeyID is
//     not empty and no cached key has that "kid", it first waits for a
//     refetch, unless one started less than Options.Cooldown ago (then the
//     answer comes from the cache, and may be empty);
//   - within Options.RefreshAhead of expiry, it starts a fetch in the
//     background and answers from the cache.
//
// When fetching fails and the cached keys expired less than
// Options.StaleIfError ago, LookupKeys returns them (and calls
// Options.OnStale); while the provider keeps failing, later lookups get
// the stale keys at once and retry in the background once per Cooldown.
//
// Waiting for a fetch is bounded by ctx and by Options.Timeout. The fetch
// itself is shared with other lookups and is not cancelled with ctx.
// Errors wrap ErrFetch (no keys were ever fetched), ErrStale (the cached
// keys are too old), or the error of ctx. An empty result is not an error:
// jws.VerifyKeys reports it as jws.ErrNoKey.
func (s *Source) LookupKeys(ctx context.Context, q jwk.Query) ([]*jwk.Key, error) {
	set, err := s.set(ctx, q.KeyID)
	if err != nil {
		return nil, err
	}
	return set.Select(q), nil
}

// set returns the set to answer a lookup for kid from, fetching as
// LookupKeys describes.
func (s *Source) set(ctx context.Context, kid string) (*jwk.Set, error) {
	waited := false
	for {
		s.mu.Lock()
		now := s.o.Now()
		e := s.cur
		var f *flight
		switch {
		case e != nil && now.Before(e.expires): // fresh
			if kid != "" && !waited && !e.has(kid) {
				f = s.flight
				if f == nil && s.cooledDown(now) {
					f = s.start(ctx, now, TriggerUnknownKeyID)
				}
			}
			if f == nil {
				s.refreshAhead(ctx, now, e)
				s.mu.Unlock()
				return e.set, nil
			}
		case e != nil && s.usableStale(e, now):
			if s.lastErr != nil || waited {
				if s.flight == nil && s.cooledDown(now) {
					s.start(ctx, now, TriggerExpired)
				}
				s.mu.Unlock()
				s.stale(now.Sub(e.expires))
				return e.set, nil
			}
			f = s.flight
			if f == nil {
				f = s.start(ctx, now, TriggerExpired)
			}
		default: // nothing cached, or too stale to use
			if waited || s.flight == nil && s.lastErr != nil && !s.cooledDown(now) {
				err := s.unusable(e, now)
				s.mu.Unlock()
				return nil, err
			}
			f = s.flight
			if f == nil {
				t := TriggerInitial
				if e != nil {
					t = TriggerExpired
				}
				f = s.start(ctx, now, t)
			}
		}
		s.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, fmt.Errorf("jwks: waiting for %s: %w", s.url, context.Cause(ctx))
		}
		waited = true
	}
}

// Refresh fetches the JWK Set now, or waits for the fetch already in
// progress, and returns its error. It ignores the Cooldown: call it at
// start-up to fail early, or from an administrative action, never once
// per token.
func (s *Source) Refresh(ctx context.Context) error {
	s.mu.Lock()
	f := s.flight
	if f == nil {
		f = s.start(ctx, s.o.Now(), TriggerManual)
	}
	s.mu.Unlock()
	select {
	case <-f.done:
		return f.err
	case <-ctx.Done():
		return fmt.Errorf("jwks: waiting for %s: %w", s.url, context.Cause(ctx))
	}
}

// Status returns a snapshot of the cache.
func (s *Source) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Status{LastAttempt: s.lastAttempt, LastError: s.lastErr}
	if e := s.cur; e != nil {
		st.Keys = len(e.set.Keys)
		st.Fetched = e.fetched
		st.Expires = e.expires
		st.Stale = !s.o.Now().Before(e.expires)
	}
	return st
}

// cooledDown reports whether the Cooldown since the last fetch started
// has passed. s.mu must be held.
func (s *Source) cooledDown(now time.Time) bool {
	return s.lastAttempt.IsZero() || !now.Before(s.lastAttempt.Add(s.o.Cooldown))
}

// usableStale reports whether the expired entry e may still be served.
func (s *Source) usableStale(e *entry, now time.Time) bool {
	return s.o.StaleIfError >= 0 && now.Before(e.expires.Add(s.o.StaleIfError))
}

// unusable returns the error for a lookup that has no keys to use. s.mu
// must be held.
func (s *Source) unusable(e *entry, now time.Time) error {
	cause := s.lastErr
	if cause == nil { // only if the clock went backwards across a fetch
		cause = fmt.Errorf("%w: no fresh keys from %s", ErrFetch, s.url)
	}
	if e == nil {
		return cause
	}
	return fmt.Errorf("%w: keys from %s expired %v ago (stale-if-error bound %v): %w",
		ErrStale, s.url, now.Sub(e.expires), max(s.o.StaleIfError, 0), cause)
}

// refreshAhead starts a background fetch when e is within the
// RefreshAhead window of expiry. s.mu must be held.
func (s *Source) refreshAhead(ctx context.Context, now time.Time, e *entry) {
	if s.o.RefreshAhead < 0 || s.flight != nil || !s.cooledDown(now) {
		return
	}
	window := min(s.o.RefreshAhead, e.expires.Sub(e.fetched)/2)
	if now.Before(e.expires.Add(-window)) {
		return
	}
	s.start(ctx, now, TriggerRefreshAhead)
}

// start begins a fetch in a new goroutine and returns its flight. The
// fetch keeps the values of ctx but not its cancellation: other lookups
// may wait for it. Options.Timeout bounds it. s.mu must be held.
func (s *Source) start(ctx context.Context, now time.Time, t Trigger) *flight {
	f := &flight{done: make(chan struct{})}
	s.flight = f
	s.lastAttempt = now
	go s.run(context.WithoutCancel(ctx), f, t, s.cur)
	return f
}

// run performs the fetch of f, stores its result and wakes the waiters.
func (s *Source) run(ctx context.Context, f *flight, t Trigger, prev *entry) {
	begin := time.Now()
	r, err := s.fetch(ctx, prev)
	info := FetchInfo{URL: s.url, Trigger: t, Status: r.status, NotModified: r.notModified, Duration: time.Since(begin), Err: err}

	s.mu.Lock()
	now := s.o.Now()
	if err != nil {
		s.lastErr = err
	} else {
		s.lastErr = nil
		var e entry
		if r.notModified {
			e = *prev
		} else {
			e = entry{set: r.set, kids: make(map[string]bool, len(r.set.Keys))}
			for _, k := range r.set.Keys {
				e.kids[k.KeyID()] = true
			}
		}
		life := s.lifetime(r.header, now)
		if r.notModified && !hasFreshness(r.header) {
			// A 304 updates only the header fields it carries
			// (RFC 9111, Section 4.3.4): keep the lifetime the
			// stored response was given.
			life = prev.expires.Sub(prev.fetched)
		}
		e.fetched = now
		e.expires = now.Add(life)
		if v := r.header.Get("ETag"); v != "" || !r.notModified {
			e.etag = v
		}
		if v := r.header.Get("Last-Modified"); v != "" || !r.notModified {
			e.modified = v
		}
		s.cur = &e
		info.Keys = len(e.set.Keys)
		info.Skipped = e.set.Skipped
		info.Expires = e.expires
	}
	s.flight = nil
	f.err = err
	s.mu.Unlock()

	if s.o.OnFetch != nil {
		s.o.OnFetch(info)
	}
	if err != nil && s.o.OnError != nil {
		s.o.OnError(err)
	}
	close(f.done)
}

// stale reports that expired keys were served.
func (s *Source) stale(age time.Duration) {
	if s.o.OnStale != nil {
		s.o.OnStale(age)
	}
}
