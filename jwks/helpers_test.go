package jwks_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/joseframework/jose/algs/ecdsa"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/jwks"
)

// clock is a fake clock for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// provider is a JWK Set endpoint on a loopback httptest server. Its reply
// can be changed between requests; it counts the requests it gets.
type provider struct {
	t        *testing.T
	srv      *httptest.Server
	requests atomic.Int64

	mu      sync.Mutex
	body    []byte
	header  http.Header // extra response header fields
	status  int         // 0 means 200
	etag    string      // when set, sent as ETag and honoured in If-None-Match
	handler http.HandlerFunc
	lastReq http.Header
}

func newProvider(t *testing.T, keys ...*jwk.Key) *provider {
	t.Helper()
	p := &provider{t: t}
	p.setKeys(keys...)
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *provider) serve(w http.ResponseWriter, r *http.Request) {
	p.requests.Add(1)
	p.mu.Lock()
	p.lastReq = r.Header.Clone()
	h, body, status, etag := p.handler, p.body, p.status, p.etag
	for k, v := range p.header {
		w.Header()[k] = v
	}
	p.mu.Unlock()
	if h != nil {
		h(w, r)
		return
	}
	if etag != "" {
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", "application/jwk-set+json")
	if status != 0 {
		w.WriteHeader(status)
	}
	w.Write(body)
}

func (p *provider) url() string { return p.srv.URL + "/.well-known/jwks.json" }

// setKeys publishes the public parts of keys.
func (p *provider) setKeys(keys ...*jwk.Key) {
	p.t.Helper()
	set := &jwk.Set{}
	for _, k := range keys {
		pub := k
		if k.IsPrivate() {
			var err error
			if pub, err = k.Public(); err != nil {
				p.t.Fatal(err)
			}
		}
		set.Keys = append(set.Keys, pub)
	}
	b, err := json.Marshal(set)
	if err != nil {
		p.t.Fatal(err)
	}
	p.setBody(b)
}

func (p *provider) setBody(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.body = b
}

func (p *provider) set(f func(p *provider)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}

func (p *provider) lastRequest() http.Header {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastReq
}

func (p *provider) count() int64 { return p.requests.Load() }

// fetches records OnFetch calls and lets a test wait for background ones.
type fetches struct {
	ch chan jwks.FetchInfo
}

func newFetches() *fetches { return &fetches{ch: make(chan jwks.FetchInfo, 1000)} }

func (f *fetches) hook(i jwks.FetchInfo) { f.ch <- i }

// next waits for the next fetch to finish.
func (f *fetches) next(t *testing.T) jwks.FetchInfo {
	t.Helper()
	select {
	case i := <-f.ch:
		return i
	case <-time.After(10 * time.Second):
		t.Fatal("no fetch finished within 10 s")
		return jwks.FetchInfo{}
	}
}

// none checks that no fetch finished that was not taken with next.
func (f *fetches) none(t *testing.T) {
	t.Helper()
	select {
	case i := <-f.ch:
		t.Fatalf("unexpected fetch: %+v", i)
	default:
	}
}

// testOptions returns options for a loopback provider with a fake clock.
func testOptions(c *clock, f *fetches) *jwks.Options {
	o := &jwks.Options{InsecureAllowHTTP: true, Now: c.Now, Timeout: 5 * time.Second}
	if f != nil {
		o.OnFetch = f.hook
	}
	return o
}

// ecKey generates a P-256 key with the given kid and optional "alg".
func ecKey(t testing.TB, kid, alg string) *jwk.Key {
	t.Helper()
	k, err := jwk.Generate("EC", jwk.GenerateOptions{KeyID: kid, Algorithm: alg})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// signES256 returns a compact JWS of payload signed with k, naming kid.
func signES256(t testing.TB, k *jwk.Key, kid string, payload []byte) []byte {
	t.Helper()
	s, err := ecdsa.ES256().NewSigner(k.Key())
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jws.Sign(context.Background(), payload, s, &jws.SignOptions{Header: jws.Header{KeyID: kid}})
	if err != nil {
		t.Fatal(err)
	}
	return []byte(tok)
}

// kids returns the key IDs of keys.
func kids(keys []*jwk.Key) []string {
	out := []string{}
	for _, k := range keys {
		out = append(out, k.KeyID())
	}
	return out
}

// lookup asks src for the keys with kid.
func lookup(t *testing.T, src *jwks.Source, kid string) []string {
	t.Helper()
	keys, err := src.LookupKeys(t.Context(), jwk.Query{KeyID: kid})
	if err != nil {
		t.Fatalf("LookupKeys(%q): %v", kid, err)
	}
	return kids(keys)
}

var es256 = []jwa.SignatureAlgorithm{ecdsa.ES256()}

// verify checks a compact JWS with keys from src, allowing ES256 only.
func verify(t *testing.T, src *jwks.Source, token []byte) ([]byte, error) {
	t.Helper()
	m, err := jws.VerifyKeys(t.Context(), token, src, es256, nil)
	if err != nil {
		return nil, err
	}
	return m.Payload(), nil
}
