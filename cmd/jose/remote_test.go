package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// jwksServer serves body at /jwks on loopback and counts the requests
// per path.
type jwksServer struct {
	mu     sync.Mutex
	hits   map[string]int
	body   string
	status int
}

func (s *jwksServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	body, status := s.body, s.status
	s.mu.Unlock()
	if r.URL.Path != "/jwks" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/jwk-set+json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func (s *jwksServer) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// runOut runs the command and returns its exit status, stdout and stderr.
func runOut(args []string, stdin string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestJWKSURL verifies JWS and JWT through --jwks-url against an https
// server on loopback (its client trusts its certificate), and checks the
// rules around it: --alg required, https required, fetch failures are
// configuration errors, the token's "jku" is never fetched.
func TestJWKSURL(t *testing.T) {
	set := readFile(keys + "set.jwks") // public keys ec-1, ed-1, rsa-1
	h := &jwksServer{hits: map[string]int{}, body: set, status: http.StatusOK}
	srv := httptest.NewTLSServer(h)
	defer srv.Close()
	url := srv.URL + "/jwks"

	// Without the test server's roots the certificate is refused.
	code, out, errOut := runOut([]string{"jws", "verify", "--jwks-url", url, "--alg", "ES256", tokens + "es256.jws"}, "")
	if code != 2 || out != "" || !strings.Contains(errOut, "cannot fetch JWK Set") {
		t.Fatalf("untrusted certificate: exit %d, stdout %q, stderr %q; want 2 and a fetch error", code, out, errOut)
	}

	jwksClient = srv.Client()
	defer func() { jwksClient = nil }()

	wantPayload := readFile(tokens + "payload.json")
	jwt := func(args ...string) string {
		t.Helper()
		code, out, errOut := runOut(append([]string{"jwt", "sign", "--key", keys + "ec256.jwk"}, args...), "")
		if code != 0 {
			t.Fatalf("jwt sign: exit %d: %s", code, errOut)
		}
		return out
	}
	token := jwt("--iss", "https://issuer.example", "--aud", "api", "--exp", "1h")
	es256 := readFile(tokens + "es256.jws")
	tampered := es256[:len(es256)-6] + strings.Map(func(r rune) rune {
		if r == 'A' {
			return 'B'
		}
		return 'A'
	}, es256[len(es256)-6:len(es256)-5]) + es256[len(es256)-5:]
	jkuToken := func() string {
		code, out, errOut := runOut([]string{"jws", "sign", "--key", keys + "ec256.jwk", "--header", `{"jku":"` + srv.URL + `/evil"}`, tokens + "payload.json"}, "")
		if code != 0 {
			t.Fatalf("jws sign: exit %d: %s", code, errOut)
		}
		return out
	}()

	cases := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		stdout   string // exact, when code is 0 and it is set
		contains string // in stdout (code 0) or stderr (otherwise)
	}{
		{"jws es256", []string{"jws", "verify", "--jwks-url", url, "--alg", "ES256", tokens + "es256.jws"}, "", 0, wantPayload, ""},
		{"jws eddsa stdin", []string{"jws", "verify", "--jwks-url", url, "--alg", "ES256,EdDSA"}, readFile(tokens + "eddsa.jws"), 0, wantPayload, ""},
		{"jws rs256", []string{"jws", "verify", "--jwks-url", url, "--alg", "RS256", tokens + "rs256.jws"}, "", 0, "", ""},
		{"jws alg not allowed", []string{"jws", "verify", "--jwks-url", url, "--alg", "RS256", tokens + "es256.jws"}, "", 1, "", "JWS rejected"},
		{"jws tampered", []string{"jws", "verify", "--jwks-url", url, "--alg", "ES256"}, tampered, 1, "", "JWS rejected"},
		{"jws hs256 never from a public set", []string{"jws", "verify", "--jwks-url", url, "--alg", "HS256", tokens + "hs256.jws"}, "", 1, "", "JWS rejected"},
		{"jws jku ignored", []string{"jws", "verify", "--jwks-url", url, "--alg", "ES256"}, jkuToken, 0, wantPayload, ""},
		{"jwt", []string{"jwt", "verify", "--jwks-url", url, "--alg", "ES256", "--iss", "https://issuer.example", "--aud", "api"}, token, 0, "", `"iss": "https://issuer.example"`},
		{"jwt wrong iss", []string{"jwt", "verify", "--jwks-url", url, "--alg", "ES256", "--iss", "https://other.example", "--aud", "api"}, token, 1, "", "JWT rejected"},
		{"jws no alg", []string{"jws", "verify", "--jwks-url", url, tokens + "es256.jws"}, "", 2, "", "--jwks-url needs --alg"},
		{"jwt no alg", []string{"jwt", "verify", "--jwks-url", url}, token, 2, "", "--jwks-url needs --alg"},
		{"unknown alg", []string{"jws", "verify", "--jwks-url", url, "--alg", "ES257", tokens + "es256.jws"}, "", 2, "", "ES257"},
		{"key and url", []string{"jws", "verify", "--jwks-url", url, "--key", keys + "set.jwks", "--alg", "ES256", tokens + "es256.jws"}, "", 2, "", "exclude each other"},
		{"insecure flag without url", []string{"jws", "verify", "--insecure-allow-http", "--key", keys + "set.jwks", tokens + "es256.jws"}, "", 2, "", "only to --jwks-url"},
		{"not a url", []string{"jws", "verify", "--jwks-url", "jwks.json", "--alg", "ES256", tokens + "es256.jws"}, "", 2, "", "invalid JWK Set URL"},
		{"http refused", []string{"jwt", "verify", "--jwks-url", "http://127.0.0.1:1/jwks", "--alg", "ES256"}, token, 2, "", "--insecure-allow-http allows plain http to a loopback address"},
		{"http to another host refused", []string{"jwt", "verify", "--insecure-allow-http", "--jwks-url", "http://issuer.example/jwks", "--alg", "ES256"}, token, 2, "", "only to a loopback address"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runOut(tc.args, tc.stdin)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tc.code, errOut)
			}
			if code == 0 {
				if errOut != "" {
					t.Errorf("stderr %q on success", errOut)
				}
				if tc.stdout != "" && out != tc.stdout {
					t.Errorf("stdout %q, want %q", out, tc.stdout)
				}
				if !strings.Contains(out, tc.contains) || out == "" {
					t.Errorf("stdout %q, want it to contain %q", out, tc.contains)
				}
				return
			}
			if out != "" {
				t.Errorf("stdout %q on failure", out)
			}
			if !strings.HasPrefix(errOut, "jose: ") || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tc.contains) {
				t.Errorf("stderr %q, want one \"jose: \" line containing %q", errOut, tc.contains)
			}
		})
	}
	if n := h.count("/evil"); n != 0 {
		t.Errorf("the token's jku was fetched %d times", n)
	}
	if h.count("/jwks") == 0 {
		t.Error("the JWK Set was never fetched")
	}

	// Failing servers: the token is not at fault, so the exit status is 2.
	for _, bad := range []struct {
		name, body string
		status     int
		contains   string
	}{
		{"server error", "oops", http.StatusInternalServerError, "cannot fetch JWK Set"},
		{"private key", `{"keys":[` + readFile(keys+"ec256.jwk") + `]}`, http.StatusOK, "private or secret key"},
		{"not a set", `{"keys":"no"}`, http.StatusOK, "malformed JWK Set"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			h.mu.Lock()
			h.body, h.status = bad.body, bad.status
			h.mu.Unlock()
			code, out, errOut := runOut([]string{"jws", "verify", "--jwks-url", url, "--alg", "ES256", tokens + "es256.jws"}, "")
			if code != 2 || out != "" || !strings.Contains(errOut, bad.contains) || !strings.Contains(errOut, "JWS not verified") {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, errOut, bad.contains)
			}
		})
	}
}

// TestJWKSURLInsecureHTTP uses the loopback http allowance meant for
// tests: plain http to 127.0.0.1 with --insecure-allow-http.
func TestJWKSURLInsecureHTTP(t *testing.T) {
	h := &jwksServer{hits: map[string]int{}, body: readFile(keys + "set.jwks"), status: http.StatusOK}
	srv := httptest.NewServer(h)
	defer srv.Close()
	args := []string{"jws", "verify", "--insecure-allow-http", "--jwks-url", srv.URL + "/jwks", "--alg", "EdDSA", tokens + "eddsa.jws"}
	code, out, errOut := runOut(args, "")
	if code != 0 || out != readFile(tokens+"payload.json") || errOut != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if h.count("/jwks") != 1 {
		t.Errorf("%d fetches, want 1", h.count("/jwks"))
	}
	// The same URL without the flag is refused before any request.
	code, _, errOut = runOut(append([]string{"jws", "verify"}, args[3:]...), "")
	if code != 2 || !strings.Contains(errOut, "https") {
		t.Errorf("without --insecure-allow-http: exit %d, stderr %q", code, errOut)
	}
	if h.count("/jwks") != 1 {
		t.Errorf("%d fetches after the refused run, want 1", h.count("/jwks"))
	}
}
