package jwks

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
)

// newClient returns a copy of o.Client (or a new client) whose redirect
// policy enforces o.MaxRedirects and the URL rules of New.
func newClient(o Options) *http.Client {
	c := &http.Client{}
	if o.Client != nil {
		*c = *o.Client
	}
	next := c.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > max(o.MaxRedirects, 0) {
			return fmt.Errorf("jwks: stopped after %d redirects", len(via)-1)
		}
		if err := checkScheme(req.URL, o.InsecureAllowHTTP); err != nil {
			return err
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
	return c
}

// checkScheme refuses any URL but https, and http to a loopback host when
// allowHTTP is set.
func checkScheme(u *url.URL, allowHTTP bool) error {
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && allowHTTP && isLoopback(u.Hostname()):
		return nil
	case u.Scheme == "http" && allowHTTP:
		return fmt.Errorf("%w: plain http is allowed only to a loopback address, not %q", ErrInsecureURL, u.Hostname())
	default:
		return fmt.Errorf("%w: scheme %q", ErrInsecureURL, u.Scheme)
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// response is the outcome of one fetch.
type response struct {
	status      int
	header      http.Header
	set         *jwk.Set // nil for 304
	notModified bool
}

// fetch requests the JWK Set, conditionally when prev has validators. On
// success the response holds either a new set or notModified.
func (s *Source) fetch(ctx context.Context, prev *entry) (response, error) {
	ctx, cancel := context.WithTimeout(ctx, s.o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return response{}, fmt.Errorf("%w: %w", ErrFetch, err)
	}
	req.Header.Set("Accept", "application/jwk-set+json, application/json")
	conditional := false
	if prev != nil && prev.etag != "" {
		req.Header.Set("If-None-Match", prev.etag)
		conditional = true
	}
	if prev != nil && prev.modified != "" {
		req.Header.Set("If-Modified-Since", prev.modified)
		conditional = true
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return response{}, fmt.Errorf("%w: %w", ErrFetch, err)
	}
	defer resp.Body.Close()
	r := response{status: resp.StatusCode, header: resp.Header}
	switch {
	case resp.StatusCode == http.StatusNotModified && conditional:
		r.notModified = true
		return r, nil
	case resp.StatusCode != http.StatusOK:
		return r, fmt.Errorf("%w: GET %s: HTTP status %d", ErrFetch, s.url, resp.StatusCode)
	}
	limit := s.o.MaxSize
	if resp.ContentLength > int64(limit) {
		return r, fmt.Errorf("%w: %w: %s announces %d bytes, limit %d", ErrFetch, ErrTooLarge, s.url, resp.ContentLength, limit)
	}
	// The content type is not checked: providers label JWK Sets in many
	// ways, and the body must parse as a JWK Set in any case.
	body, err := io.ReadAll(io.LimitReader(resp.Body, int64(limit)+1))
	if err != nil {
		return r, fmt.Errorf("%w: reading %s: %w", ErrFetch, s.url, err)
	}
	if len(body) > limit {
		return r, fmt.Errorf("%w: %w: %s sent more than %d bytes", ErrFetch, ErrTooLarge, s.url, limit)
	}
	set, err := jwk.ParseSetWithLimits(body, jwa.Limits{MaxTokenSize: limit})
	if err != nil {
		return r, fmt.Errorf("%w: %w from %s: %w", ErrFetch, ErrMalformed, s.url, err)
	}
	for i, k := range set.Keys {
		if k.IsPrivate() {
			return r, fmt.Errorf("%w: %w: key %d (kid %q) of %s", ErrFetch, ErrPrivateKey, i, k.KeyID(), s.url)
		}
	}
	r.set = set
	return r, nil
}

// lifetime returns the freshness lifetime of a response with header h
// received at now (RFC 9111, Section 4.2.1), clamped to [MinTTL, MaxTTL].
// Without Cache-Control max-age or Expires it is the TTL.
func (s *Source) lifetime(h http.Header, now time.Time) time.Duration {
	life := s.o.TTL
	cc := parseCacheControl(h.Values("Cache-Control"))
	switch {
	case cc.noStore || cc.noCache:
		life = 0
	case cc.maxAge >= 0:
		life = cc.maxAge - age(h)
	case len(h.Values("Expires")) > 0:
		life = expiresLifetime(h, now) - age(h)
	}
	return min(max(life, s.o.MinTTL), s.o.MaxTTL)
}

// hasFreshness reports whether h carries freshness information:
// Cache-Control or Expires.
func hasFreshness(h http.Header) bool {
	return len(h.Values("Cache-Control")) > 0 || len(h.Values("Expires")) > 0
}

// expiresLifetime returns Expires minus Date (or now without Date), and 0
// for an invalid or repeated Expires, which RFC 9111 says means stale.
func expiresLifetime(h http.Header, now time.Time) time.Duration {
	v := h.Values("Expires")
	if len(v) != 1 {
		return 0
	}
	exp, err := http.ParseTime(v[0])
	if err != nil {
		return 0
	}
	date := now
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		date = d
	}
	return exp.Sub(date)
}

// age returns the Age header field (RFC 9111, Section 5.1), 0 if absent or
// invalid.
func age(h http.Header) time.Duration {
	d, ok := deltaSeconds(h.Get("Age"))
	if !ok {
		return 0
	}
	return d
}

// maxDelta is the largest delta-seconds value kept (RFC 9111, Section
// 1.2.2); larger values, far above any MaxTTL, mean the same.
const maxDelta = 1 << 31

// deltaSeconds parses a non-negative number of seconds.
func deltaSeconds(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	for _, c := range []byte(v) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	if err != nil || n > maxDelta {
		n = maxDelta
	}
	return time.Duration(n) * time.Second, true
}

type cacheControl struct {
	maxAge  time.Duration // -1 when absent
	noStore bool
	noCache bool // unqualified no-cache only
}

// parseCacheControl reads the directives this package uses from the
// Cache-Control field lines (RFC 9111, Section 5.2). An invalid or
// repeated max-age counts as max-age=0.
func parseCacheControl(lines []string) cacheControl {
	cc := cacheControl{maxAge: -1}
	for _, line := range lines {
		for _, d := range splitDirectives(line) {
			name, arg, hasArg := strings.Cut(d, "=")
			name = strings.ToLower(strings.TrimSpace(name))
			arg = strings.TrimSpace(arg)
			switch name {
			case "no-store":
				cc.noStore = true
			case "no-cache":
				// no-cache="field" lets the response be reused
				// without the named fields: the body is still good.
				if !hasArg {
					cc.noCache = true
				}
			case "max-age":
				if len(arg) >= 2 && arg[0] == '"' && arg[len(arg)-1] == '"' {
					arg = arg[1 : len(arg)-1]
				}
				d, ok := deltaSeconds(arg)
				if !ok || cc.maxAge >= 0 {
					d = 0
				}
				cc.maxAge = d
			}
		}
	}
	return cc
}

// splitDirectives splits a Cache-Control field value at the commas that are
// not inside a quoted string.
func splitDirectives(v string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == ',':
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}
