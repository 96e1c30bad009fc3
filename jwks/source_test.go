package jwks_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/jwks"
)

func TestFirstLookupFetches(t *testing.T) {
	k1 := ecKey(t, "k1", "")
	p := newProvider(t, k1)
	c, f := newClock(), newFetches()
	src, err := jwks.New(p.url(), testOptions(c, f))
	if err != nil {
		t.Fatal(err)
	}
	if p.count() != 0 {
		t.Fatalf("New made %d requests, want 0", p.count())
	}
	if got := lookup(t, src, "k1"); !cmp.Equal(got, []string{"k1"}) {
		t.Fatalf("keys = %v, want [k1]", got)
	}
	info := f.next(t)
	if info.Trigger != jwks.TriggerInitial || info.Status != 200 || info.Keys != 1 || info.Err != nil || info.URL != p.url() {
		t.Errorf("FetchInfo = %+v", info)
	}
	if want := c.Now().Add(jwks.DefaultTTL); !info.Expires.Equal(want) {
		t.Errorf("Expires = %v, want %v (default TTL)", info.Expires, want)
	}
	if h := p.lastRequest().Get("Accept"); !strings.Contains(h, "application/jwk-set+json") {
		t.Errorf("Accept = %q", h)
	}
	// Fresh keys come from the cache.
	for range 10 {
		lookup(t, src, "k1")
	}
	if p.count() != 1 {
		t.Errorf("%d requests, want 1", p.count())
	}
	st := src.Status()
	if st.Keys != 1 || st.Stale || st.LastError != nil || !st.Fetched.Equal(c.Now()) {
		t.Errorf("Status = %+v", st)
	}
}

func TestRotation(t *testing.T) {
	k1, k2 := ecKey(t, "k1", ""), ecKey(t, "k2", "")
	p := newProvider(t, k1)
	c, f := newClock(), newFetches()
	src, err := jwks.New(p.url(), testOptions(c, f))
	if err != nil {
		t.Fatal(err)
	}
	tok1 := signES256(t, k1, "k1", []byte("one"))
	tok2 := signES256(t, k2, "k2", []byte("two"))
	if _, err := verify(t, src, tok1); err != nil {
		t.Fatal(err)
	}
	f.next(t)

	// The provider publishes k2 and starts signing with it. Within the
	// cooldown of the first fetch, the unknown kid gets no request.
	p.setKeys(k1, k2)
	c.Advance(jwks.DefaultCooldown - time.Second)
	if _, err := verify(t, src, tok2); !errors.Is(err, jwa.ErrVerification) {
		t.Fatalf("verify with k2 within cooldown: %v, want ErrVerification (no key)", err)
	}
	if p.count() != 1 {
		t.Fatalf("%d requests within cooldown, want 1", p.count())
	}
	// After it, one refetch finds the new key.
	c.Advance(time.Second)
	msg, err := verify(t, src, tok2)
	if err != nil {
		t.Fatalf("verify with rotated key: %v", err)
	}
	if string(msg) != "two" {
		t.Errorf("payload %q", msg)
	}
	if info := f.next(t); info.Trigger != jwks.TriggerUnknownKeyID || info.Keys != 2 {
		t.Errorf("FetchInfo = %+v", info)
	}
	// The old key still verifies, from the cache.
	if _, err := verify(t, src, tok1); err != nil {
		t.Fatal(err)
	}
	// The provider retires k1: after the cache expires it is gone.
	p.setKeys(k2)
	c.Advance(jwks.DefaultTTL)
	if _, err := verify(t, src, tok1); !errors.Is(err, jwa.ErrVerification) {
		t.Fatalf("retired key: %v, want ErrVerification", err)
	}
	if p.count() != 3 {
		t.Errorf("%d requests, want 3", p.count())
	}
}

func TestUnknownKeyIDBurst(t *testing.T) {
	k1 := ecKey(t, "k1", "")
	p := newProvider(t, k1)
	// A slow provider makes the lookups of a burst overlap the fetch.
	release := make(chan struct{})
	var slow atomic.Bool
	p.set(func(p *provider) {
		p.handler = func(w http.ResponseWriter, r *http.Request) {
			if slow.Load() {
				<-release
			}
			w.Write(p.body)
		}
	})
	c := newClock()
	src, err := jwks.New(p.url(), testOptions(c, nil))
	if err != nil {
		t.Fatal(err)
	}

	burst := func(n int, tag string) {
		t.Helper()
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				keys, err := src.LookupKeys(t.Context(), jwk.Query{KeyID: fmt.Sprintf("forged-%s-%d", tag, i)})
				if err != nil {
					errs <- err
				} else if len(keys) != 0 {
					errs <- fmt.Errorf("forged kid found %d keys", len(keys))
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	}

	// Before any keys are cached, a burst shares the initial fetch.
	slow.Store(true)
	go func() {
		for p.count() == 0 {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond) // let the burst queue up
		close(release)
	}()
	burst(100, "a")
	if n := p.count(); n != 1 {
		t.Fatalf("burst before the first fetch made %d requests, want 1", n)
	}
	slow.Store(false)

	// Within the cooldown, unknown kids make no request at all.
	burst(100, "b")
	if n := p.count(); n != 1 {
		t.Fatalf("burst within cooldown made %d requests, want 1", n)
	}
	// After it, a burst makes exactly one.
	c.Advance(jwks.DefaultCooldown)
	burst(100, "c")
	if n := p.count(); n != 2 {
		t.Fatalf("burst after cooldown made %d requests, want 2", n)
	}
	// And a burst spread over a cooldown period (clock moving forward
	// but not past it) makes none.
	for range 10 {
		c.Advance(jwks.DefaultCooldown / 11)
		burst(10, "d")
	}
	if n := p.count(); n != 2 {
		t.Fatalf("bursts within one cooldown made %d requests, want 2", n)
	}
}

func TestProviderDown(t *testing.T) {
	k1 := ecKey(t, "k1", "")
	p := newProvider(t, k1)
	p.set(func(p *provider) { p.header = http.Header{"Cache-Control": {"max-age=300"}} })
	c, f := newClock(), newFetches()
	var stale []time.Duration
	var errs []error
	var mu sync.Mutex
	o := testOptions(c, f)
	o.StaleIfError = 10 * time.Minute
	o.RefreshAhead = -1
	o.OnStale = func(d time.Duration) { mu.Lock(); stale = append(stale, d); mu.Unlock() }
	o.OnError = func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }
	src, err := jwks.New(p.url(), o)
	if err != nil {
		t.Fatal(err)
	}
	tok := signES256(t, k1, "k1", []byte("x"))
	if _, err := verify(t, src, tok); err != nil {
		t.Fatal(err)
	}
	f.next(t)

	p.set(func(p *provider) { p.status = http.StatusServiceUnavailable })
	c.Advance(301 * time.Second) // 1 s past expiry
	if _, err := verify(t, src, tok); err != nil {
		t.Fatalf("verify with stale keys: %v", err)
	}
	info := f.next(t)
	if info.Status != 503 || !errors.Is(info.Err, jwks.ErrFetch) || info.Trigger != jwks.TriggerExpired {
		t.Errorf("FetchInfo = %+v", info)
	}
	st := src.Status()
	if !st.Stale || !errors.Is(st.LastError, jwks.ErrFetch) || st.Keys != 1 {
		t.Errorf("Status = %+v", st)
	}
	// While the provider is down, stale keys are served at once and
	// retried once per cooldown, in the background.
	for range 20 {
		if _, err := verify(t, src, tok); err != nil {
			t.Fatal(err)
		}
	}
	if n := p.count(); n != 2 {
		t.Fatalf("%d requests while down within cooldown, want 2", n)
	}
	c.Advance(jwks.DefaultCooldown)
	if _, err := verify(t, src, tok); err != nil {
		t.Fatal(err)
	}
	if info := f.next(t); info.Err == nil {
		t.Errorf("background retry succeeded against a failing provider: %+v", info)
	}
	if n := p.count(); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}

	// Past StaleIfError the keys are no longer used.
	c.Advance(10 * time.Minute)
	_, err = src.LookupKeys(t.Context(), jwk.Query{KeyID: "k1"})
	if !errors.Is(err, jwks.ErrStale) || !errors.Is(err, jwks.ErrFetch) {
		t.Fatalf("too stale: %v, want ErrStale wrapping ErrFetch", err)
	}
	f.next(t)
	if _, err := verify(t, src, tok); !errors.Is(err, jwks.ErrStale) {
		t.Fatalf("verify too stale: %v, want ErrStale", err)
	}
	// ... and failing lookups do not hammer the provider either.
	if n := p.count(); n != 4 {
		t.Fatalf("%d requests, want 4", n)
	}

	mu.Lock()
	if len(stale) < 22 || stale[0] != time.Second {
		t.Errorf("OnStale calls: %d, first %v; want at least 22, first 1s", len(stale), stale[0])
	}
	if len(errs) != 3 || !errors.Is(errs[0], jwks.ErrFetch) {
		t.Errorf("OnError calls: %v, want 3 wrapping ErrFetch", errs)
	}
	mu.Unlock()

	// The provider recovers: the next fetch after the cooldown restores
	// fresh keys.
	p.set(func(p *provider) { p.status = 0 })
	c.Advance(jwks.DefaultCooldown)
	if _, err := verify(t, src, tok); err != nil {
		t.Fatalf("after recovery: %v", err)
	}
	if st := src.Status(); st.Stale || st.LastError != nil {
		t.Errorf("Status after recovery = %+v", st)
	}
}

func TestProviderDownAtStart(t *testing.T) {
	p := newProvider(t)
	p.set(func(p *provider) { p.status = http.StatusInternalServerError })
	c := newClock()
	src, err := jwks.New(p.url(), testOptions(c, nil))
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		_, err := src.LookupKeys(t.Context(), jwk.Query{KeyID: "k1"})
		if !errors.Is(err, jwks.ErrFetch) || errors.Is(err, jwks.ErrStale) {
			t.Fatalf("LookupKeys = %v, want ErrFetch", err)
		}
		if !strings.Contains(err.Error(), "500") {
			t.Errorf("error %q does not name the status", err)
		}
	}
	if n := p.count(); n != 1 {
		t.Fatalf("%d requests within cooldown, want 1", n)
	}
	// Refresh ignores the cooldown.
	p.set(func(p *provider) { p.status = 0 })
	if err := src.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := p.count(); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
}

func TestBadResponses(t *testing.T) {
	k1 := ecKey(t, "k1", "")
	pub, err := k1.Public()
	if err != nil {
		t.Fatal(err)
	}
	pubJSON, err := pub.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	privJSON, err := k1.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	big := `{"keys":[` + string(pubJSON) + `],"pad":"` + strings.Repeat("x", jwks.DefaultMaxSize) + `"}`
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    []error
	}{
		{"oversized with length", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			w.Write([]byte(big))
		}, []error{jwks.ErrTooLarge, jwa.ErrLimit}},
		{"oversized chunked", func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < len(big); i += 1000 {
				w.Write([]byte(big[i:min(i+1000, len(big))]))
				w.(http.Flusher).Flush()
			}
		}, []error{jwks.ErrTooLarge}},
		{"endless", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"keys":[`))
			for r.Context().Err() == nil {
				if _, err := w.Write([]byte(strings.Repeat(" ", 4096))); err != nil {
					return
				}
			}
		}, []error{jwks.ErrTooLarge}},
		{"not json", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("<html>login</html>"))
		}, []error{jwks.ErrMalformed, jwk.ErrMalformed}},
		{"no keys member", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"kty":"EC"}`))
		}, []error{jwks.ErrMalformed}},
		{"truncated", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"keys":[` + string(pubJSON[:len(pubJSON)/2])))
		}, []error{jwks.ErrMalformed}},
		{"duplicate member", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"keys":[],"keys":[` + string(pubJSON) + `]}`))
		}, []error{jwks.ErrMalformed}},
		{"private key", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"keys":[` + string(pubJSON) + `,` + string(privJSON) + `]}`))
		}, []error{jwks.ErrPrivateKey}},
		{"secret key", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"keys":[{"kty":"oct","kid":"k1","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}]}`))
		}, []error{jwks.ErrPrivateKey}},
		{"not found", func(w http.ResponseWriter, r *http.Request) {
			http.NotFound(w, r)
		}, nil},
		{"unsolicited 304", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotModified)
		}, nil},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path, http.StatusFound)
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProvider(t, k1)
			c := newClock()
			o := testOptions(c, nil)
			o.RefreshAhead = -1
			src, err := jwks.New(p.url(), o)
			if err != nil {
				t.Fatal(err)
			}
			// Fresh input errors first: nothing cached.
			p.set(func(p *provider) { p.handler = tt.handler })
			_, err = src.LookupKeys(t.Context(), jwk.Query{KeyID: "k1"})
			if !errors.Is(err, jwks.ErrFetch) {
				t.Fatalf("error = %v, want ErrFetch", err)
			}
			for _, want := range tt.want {
				if !errors.Is(err, want) {
					t.Errorf("error = %v, want it to wrap %v", err, want)
				}
			}
			// A bad response after a good one changes nothing in the
			// cache.
			p.set(func(p *provider) { p.handler = nil })
			if err := src.Refresh(t.Context()); err != nil {
				t.Fatal(err)
			}
			p.setKeys() // the good response now would be empty
			p.set(func(p *provider) { p.handler = tt.handler })
			if err := src.Refresh(t.Context()); !errors.Is(err, jwks.ErrFetch) {
				t.Fatalf("Refresh = %v, want ErrFetch", err)
			}
			if got := lookup(t, src, "k1"); !cmp.Equal(got, []string{"k1"}) {
				t.Errorf("keys after a bad response = %v, want [k1]", got)
			}
		})
	}
}

func TestMaxSize(t *testing.T) {
	k1 := ecKey(t, "k1", "")
	p := newProvider(t, k1)
	o := testOptions(newClock(), nil)
	o.MaxSize = 100
	src, err := jwks.New(p.url(), o)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Refresh(t.Context()); !errors.Is(err, jwks.ErrTooLarge) {
		t.Fatalf("Refresh = %v, want ErrTooLarge", err)
	}
	o.MaxSize = 1000
	if src, err = jwks.New(p.url(), o); err != nil {
		t.Fatal(err)
	}
	if err := src.Refresh(t.Context()); err != nil {
		t.Fatalf("Refresh with room: %v", err)
	}
}

func TestSlowProvider(t *testing.T) {
	k1 := ecKey(t, "k1", "")
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"no headers", func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}},
		{"slow body", func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`{"keys":[`))
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProvider(t, k1)
			p.set(func(p *provider) { p.handler = tt.handler })
			o := testOptions(newClock(), nil)
			o.Timeout = 100 * time.Millisecond
			src, err := jwks.New(p.url(), o)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			_, err = src.LookupKeys(t.Context(), jwk.Query{KeyID: "k1"})
			if !errors.Is(err, jwks.ErrFetch) || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("error = %v, want ErrFetch and DeadlineExceeded", err)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("timeout took %v", d)
			}
		})
	}
}

func TestCallerContext(t *testing.T) {
	k1 := ecKey(t, "k1", "")
	p := newProvider(t, k1)
	release := make(chan struct{})
	p.set(func(p *provider) {
		p.handler = func(w http.ResponseWriter, r *http.Request) {
			<-release
			w.Write(p.body)
		}
	})
	src, err := jwks.New(p.url(), testOptions(newClock(), nil))
	if err != nil {
		t.Fatal(err)
	}
	// A caller that gives up does not cancel the fetch other callers
	// wait for, nor leave an error in the cache.
	ctx, cancel := context.WithCancel(t.Context())
	first := make(chan error, 1)
	go func() {
		_, err := src.LookupKeys(ctx, jwk.Query{KeyID: "k1"})
		first <- err
	}()
	for p.count() == 0 {
		time.Sleep(time.Millisecond)
	}
	second := make(chan []*jwk.Key, 1)
	go func() {
		keys, err := src.LookupKeys(context.Background(), jwk.Query{KeyID: "k1"})
		if err != nil {
			t.Error(err)
		}
		second <- keys
	}()
	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller: %v, want context.Canceled", err)
	}
	close(release)
	if keys := <-second; !cmp.Equal(kids(keys), []string{"k1"}) {
		t.Fatalf("other caller got %v", kids(keys))
	}
	if st := src.Status(); st.LastError != nil || st.Keys != 1 {
		t.Errorf("Status = %+v", st)
	}
	if n := p.count(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	// An expired context with fresh keys cached still gets them: no
	// waiting is needed.
	if _, err := src.LookupKeys(ctx, jwk.Query{KeyID: "k1"}); err != nil {
		t.Errorf("cancelled context with cached keys: %v", err)
	}
}

func TestETagRevalidation(t *testing.T) {
	k1 := ecKey(t, "k1", "")
	p := newProvider(t, k1)
	p.set(func(p *provider) {
		p.etag = `"v1"`
		p.header = http.Header{"Cache-Control": {"public, max-age=60"}, "Last-Modified": {"Tue, 01 Jan 2030 00:00:00 GMT"}}
	})
	c, f := newClock(), newFetches()
	o := testOptions(c, f)
	o.RefreshAhead = -1
	src, err := jwks.New(p.url(), o)
	if err != nil {
		t.Fatal(err)
	}
	lookup(t, src, "k1")
	if info := f.next(t); !info.Expires.Equal(c.Now().Add(time.Minute)) {
		t.Errorf("Expires = %v, want max-age 60 s", info.Expires)
	}
	if h := p.lastRequest().Get("If-None-Match"); h != "" {
		t.Errorf("first request had If-None-Match %q", h)
	}
	c.Advance(30 * time.Second)
	lookup(t, src, "k1")
	if n := p.count(); n != 1 {
		t.Fatalf("%d requests within max-age, want 1", n)
	}
	c.Advance(30 * time.Second)
	if got := lookup(t, src, "k1"); !cmp.Equal(got, []string{"k1"}) {
		t.Fatalf("after 304: %v", got)
	}
	info := f.next(t)
	if !info.NotModified || info.Status != http.StatusNotModified || info.Keys != 1 || info.Err != nil {
		t.Errorf("FetchInfo = %+v", info)
	}
	h := p.lastRequest()
	if h.Get("If-None-Match") != `"v1"` || h.Get("If-Modified-Since") != "Tue, 01 Jan 2030 00:00:00 GMT" {
		t.Errorf("conditional request header: %v", h)
	}
	if st := src.Status(); !st.Fetched.Equal(c.Now()) || !st.Expires.Equal(c.Now().Add(time.Minute)) {
		t.Errorf("Status after 304 = %+v", st)
	}
	// The provider changes the set and the tag: the new set replaces
	// the old one.
	k2 := ecKey(t, "k2", "")
	p.setKeys(k2)
	p.set(func(p *provider) { p.etag = `"v2"` })
	c.Advance(time.Minute)
	if got := lookup(t, src, ""); !cmp.Equal(got, []string{"k2"}) {
		t.Fatalf("after change: %v", got)
	}
	if info := f.next(t); info.NotModified {
		t.Errorf("FetchInfo = %+v", info)
	}
	// A 304 without freshness headers keeps the stored lifetime.
	p.set(func(p *provider) {
		p.header = nil
		p.handler = func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) }
	})
	c.Advance(time.Minute)
	lookup(t, src, "k2")
	if info := f.next(t); !info.NotModified || !info.Expires.Equal(c.Now().Add(time.Minute)) {
		t.Errorf("304 without Cache-Control: %+v", info)
	}
	if n := p.count(); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
}

func TestFreshnessLifetime(t *testing.T) {
	k1 := ecKey(t, "k1", "")
	date := newClock().Now()
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
	}{
		{"none", nil, jwks.DefaultTTL},
		{"max-age", http.Header{"Cache-Control": {"max-age=3600"}}, time.Hour},
		{"max-age and Age", http.Header{"Cache-Control": {"max-age=3600"}, "Age": {"600"}}, 50 * time.Minute},
		{"max-age over two lines", http.Header{"Cache-Control": {"public", "must-revalidate, max-age=120"}}, 2 * time.Minute},
		{"quoted max-age", http.Header{"Cache-Control": {`max-age="120"`}}, 2 * time.Minute},
		{"max-age below MinTTL", http.Header{"Cache-Control": {"max-age=5"}}, jwks.DefaultMinTTL},
		{"max-age above MaxTTL", http.Header{"Cache-Control": {"max-age=99999999999999999999"}}, jwks.DefaultMaxTTL},
		{"duplicate max-age", http.Header{"Cache-Control": {"max-age=3600, max-age=7200"}}, jwks.DefaultMinTTL},
		{"invalid max-age", http.Header{"Cache-Control": {"max-age=1h"}}, jwks.DefaultMinTTL},
		{"no-store", http.Header{"Cache-Control": {"no-store, max-age=3600"}}, jwks.DefaultMinTTL},
		{"no-cache", http.Header{"Cache-Control": {"No-Cache"}}, jwks.DefaultMinTTL},
		{"no-cache with field", http.Header{"Cache-Control": {`no-cache="Set-Cookie", max-age=3600`}}, time.Hour},
		{"comma in quoted string", http.Header{"Cache-Control": {`private="a, max-age=1", max-age=3600`}}, time.Hour},
		{"Expires", http.Header{"Date": {date.Format(http.TimeFormat)}, "Expires": {date.Add(2 * time.Hour).Format(http.TimeFormat)}}, 2 * time.Hour},
		// net/http adds a Date of the real clock unless the map holds nil for it.
		{"Expires without Date", http.Header{"Date": nil, "Expires": {date.Add(2 * time.Hour).Format(http.TimeFormat)}}, 2 * time.Hour},
		{"Expires invalid", http.Header{"Expires": {"0"}}, jwks.DefaultMinTTL},
		{"max-age over Expires", http.Header{"Cache-Control": {"max-age=600"}, "Expires": {date.Add(2 * time.Hour).Format(http.TimeFormat)}}, 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProvider(t, k1)
			p.set(func(p *provider) {
				p.handler = func(w http.ResponseWriter, r *http.Request) {
					for k, v := range tt.header {
						w.Header()[k] = v
					}
					w.Write(p.body)
				}
			})
			c := newClock()
			src, err := jwks.New(p.url(), testOptions(c, nil))
			if err != nil {
				t.Fatal(err)
			}
			if err := src.Refresh(t.Context()); err != nil {
				t.Fatal(err)
			}
			if got := src.Status().Expires.Sub(c.Now()); got != tt.want {
				t.Errorf("lifetime %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRefreshAhead(t *testing.T) {
	k1, k2 := ecKey(t, "k1", ""), ecKey(t, "k2", "")
	p := newProvider(t, k1)
	p.set(func(p *provider) { p.header = http.Header{"Cache-Control": {"max-age=600"}} })
	c, f := newClock(), newFetches()
	src, err := jwks.New(p.url(), testOptions(c, f))
	if err != nil {
		t.Fatal(err)
	}
	lookup(t, src, "k1")
	f.next(t)
	p.setKeys(k1, k2)
	c.Advance(540*time.Second - time.Nanosecond) // just outside the default 1 minute window
	lookup(t, src, "k1")
	f.none(t)
	c.Advance(time.Nanosecond)
	// Inside the window the lookup answers from the cache at once and
	// fetches in the background.
	if got := lookup(t, src, ""); !cmp.Equal(got, []string{"k1"}) {
		t.Fatalf("keys %v, want the cached [k1]", got)
	}
	info := f.next(t)
	if info.Trigger != jwks.TriggerRefreshAhead || info.Keys != 2 {
		t.Errorf("FetchInfo = %+v", info)
	}
	if got := lookup(t, src, ""); !cmp.Equal(got, []string{"k1", "k2"}) {
		t.Fatalf("keys after refresh %v", got)
	}
	if !src.Status().Expires.Equal(c.Now().Add(10 * time.Minute)) {
		t.Errorf("Status = %+v", src.Status())
	}
	if n := p.count(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestURLRules(t *testing.T) {
	tests := []struct {
		url   string
		allow bool
		want  error
	}{
		{"http://issuer.example/jwks", false, jwks.ErrInsecureURL},
		{"http://issuer.example/jwks", true, jwks.ErrInsecureURL},
		{"http://127.0.0.1:1/jwks", false, jwks.ErrInsecureURL},
		{"http://10.0.0.1/jwks", true, jwks.ErrInsecureURL},
		{"ftp://issuer.example/jwks", false, jwks.ErrInvalidURL},
		{"https://user:pw@issuer.example/jwks", false, jwks.ErrInvalidURL},
		{"/jwks", false, jwks.ErrInvalidURL},
		{"https:///jwks", false, jwks.ErrInvalidURL},
		{"https://issuer.example/%zz", false, jwks.ErrInvalidURL},
		{"https://issuer.example/jwks", false, nil},
		{"http://127.0.0.1:1/jwks", true, nil},
		{"http://[::1]:1/jwks", true, nil},
		{"http://localhost:1/jwks", true, nil},
	}
	for _, tt := range tests {
		_, err := jwks.New(tt.url, &jwks.Options{InsecureAllowHTTP: tt.allow})
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("New(%q, allow http %v) = %v, want %v", tt.url, tt.allow, err, tt.want)
		}
	}
}

func TestOptionsChecked(t *testing.T) {
	for _, o := range []jwks.Options{
		{Timeout: -1},
		{MaxSize: -1},
		{TTL: -1},
		{Cooldown: -1},
		{MinTTL: time.Hour, MaxTTL: time.Minute},
		{TTL: time.Second},
		{TTL: 48 * time.Hour},
	} {
		if _, err := jwks.New("https://issuer.example/jwks", &o); !errors.Is(err, jwks.ErrOptions) {
			t.Errorf("New with %+v = %v, want ErrOptions", o, err)
		}
	}
	src, err := jwks.New("https://issuer.example/jwks", &jwks.Options{MinTTL: time.Hour, MaxTTL: 2 * time.Hour})
	if err != nil {
		t.Fatalf("default TTL not moved into [MinTTL, MaxTTL]: %v", err)
	}
	if src.URL() != "https://issuer.example/jwks" {
		t.Errorf("URL = %q", src.URL())
	}
}

// TestConcurrentVerifiers runs verifiers on many goroutines against one
// Source while the provider rotates keys and the clock moves past the
// cooldown and the cache lifetime: run with -race. A key that stays
// published always verifies, a forged kid never does, and the requests
// stay bounded by the refetch rules.
func TestConcurrentVerifiers(t *testing.T) {
	k1, k2 := ecKey(t, "k1", ""), ecKey(t, "k2", "")
	forger := ecKey(t, "forged", "")
	p := newProvider(t, k1)
	c := newClock()
	src, err := jwks.New(p.url(), testOptions(c, nil))
	if err != nil {
		t.Fatal(err)
	}
	tok1 := signES256(t, k1, "k1", []byte("one"))
	tok2 := signES256(t, k2, "k2", []byte("two"))

	const (
		workers = 8
		steps   = 6 // clock advances, each past the cooldown
	)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := jws.VerifyKeys(context.Background(), tok1, src, es256, nil); err != nil {
					t.Errorf("worker %d: k1 token: %v", w, err)
				}
				if _, err := jws.VerifyKeys(context.Background(), tok2, src, es256, nil); err != nil && !errors.Is(err, jwa.ErrVerification) {
					t.Errorf("worker %d: k2 token: %v, want success or ErrVerification", w, err)
				}
				forged := signES256(t, forger, fmt.Sprintf("forged-%d-%d", w, i), []byte("x"))
				if _, err := jws.VerifyKeys(context.Background(), forged, src, es256, nil); !errors.Is(err, jwa.ErrVerification) {
					t.Errorf("worker %d: forged token: %v, want ErrVerification", w, err)
				}
			}
		})
	}
	for s := range steps {
		if s == 1 {
			p.setKeys(k1, k2)
		}
		c.Advance(jwks.DefaultCooldown + time.Second)
		time.Sleep(10 * time.Millisecond) // let the workers verify at this time
	}
	close(stop)
	wg.Wait()

	if _, err := verify(t, src, tok2); err != nil {
		t.Errorf("k2 after rotation: %v", err)
	}
	// One initial fetch, then at most one per cooldown period (each step
	// opens one) and one for the final check.
	if n := p.count(); n < 1 || n > steps+2 {
		t.Errorf("%d requests, want 1 to %d", n, steps+2)
	}
}
