package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
)

// hs256Signer returns the signer of testdata/keys/hs256.jwk.
func hs256Signer(t *testing.T) (jwa.Signer, jwa.Verifier) {
	t.Helper()
	b, err := os.ReadFile(keys + "hs256.jwk")
	if err != nil {
		t.Fatal(err)
	}
	k, err := jwk.ParseKey(b)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := jwa.LookupSignature("HS256")
	s, err := a.NewSigner(k.Key())
	if err != nil {
		t.Fatal(err)
	}
	v, err := a.NewVerifier(k.Key())
	if err != nil {
		t.Fatal(err)
	}
	return s, v
}

// signRaw signs the claims text exactly as given, with the header h.
func signRaw(t *testing.T, claims string, h jws.Header, unencoded bool) string {
	t.Helper()
	s, _ := hs256Signer(t)
	tok, err := jws.Sign(context.Background(), []byte(claims), s, &jws.SignOptions{Header: h, Unencoded: unencoded})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestJWTVerifyFollowsLibrary checks that jwt verify refuses every token
// that core/jwt refuses, with exit status 1, and agrees with
// jwt.VerifyKeys on each case.
func TestJWTVerifyFollowsLibrary(t *testing.T) {
	_, v := hs256Signer(t)
	cases := []struct {
		name     string
		claims   string
		h        jws.Header
		b64false bool
		want     string // in stderr
	}{
		{"typ-at+jwt", `{"sub":"a"}`, jws.Header{Type: "at+jwt"}, false, `header "typ" is "at+jwt"`},
		{"typ-dpop+jwt", `{"sub":"a"}`, jws.Header{Type: "dpop+jwt"}, false, `header "typ" is "dpop+jwt"`},
		{"iat-future", `{"iat":99999999999}`, jws.Header{}, false, "issued in the future"},
		{"exp-huge", `{"exp":1e308}`, jws.Header{}, false, "NumericDate"},
		{"exp-bignum", `{"exp":99999999999999999999999}`, jws.Header{}, false, "NumericDate"},
		{"nbf-negative", `{"nbf":-1e308}`, jws.Header{}, false, "NumericDate"},
		{"exp-negative", `{"exp":-1}`, jws.Header{}, false, "NumericDate"},
		{"case-dup", `{"sub":"a","Sub":"b"}`, jws.Header{}, false, "differ only by case"},
		{"lone-surrogate", `{"sub":"\ud800"}`, jws.Header{}, false, "malformed"},
		{"aud-empty", `{"aud":[]}`, jws.Header{}, false, "empty array"},
		{"b64-false", `{"sub":"a"}`, jws.Header{}, true, "b64"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tok := signRaw(t, tc.claims, tc.h, tc.b64false)
			if _, err := jwt.Verify[struct{}](context.Background(), []byte(tok), v, &jwt.Options{IgnoreAudience: true}); err == nil {
				t.Fatalf("core/jwt accepts %s: the case is wrong", tc.claims)
			}
			code, stderr := runCode([]string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700000000", "-"}, tok)
			if code != exitRejected {
				t.Fatalf("exit %d, want 1; stderr %q", code, stderr)
			}
			if !strings.Contains(stderr, tc.want) || !strings.HasPrefix(stderr, "jose: JWT rejected: ") || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr %q, want one line with %q", stderr, tc.want)
			}
		})
	}
}

// TestJWTVerifyMessages checks the reasons for claim failures that the
// golden files do not show.
func TestJWTVerifyMessages(t *testing.T) {
	cases := []struct {
		name   string
		claims string
		h      jws.Header
		args   []string
		want   string
	}{
		{"iat-future", `{"iat":1700000100}`, jws.Header{}, []string{"--now", "1700000000"},
			"jose: JWT rejected: invalid claims: token issued in the future, at 2023-11-14T22:15:00Z (now 2023-11-14T22:13:20Z)\n"},
		{"iat-leeway", `{"iat":1700000100}`, jws.Header{}, []string{"--now", "1700000000", "--leeway", "1m"},
			"jose: JWT rejected: invalid claims: token issued in the future, at 2023-11-14T22:15:00Z (now 2023-11-14T22:13:20Z, leeway 1m0s)\n"},
		{"typ-default", `{}`, jws.Header{Type: "at+jwt"}, nil,
			"jose: JWT rejected: header \"typ\" is \"at+jwt\": without --typ only \"JWT\" or no \"typ\" is accepted (pass --typ at+jwt to accept it)\n"},
		{"typ-absent", `{}`, jws.Header{}, []string{"--typ", "at+jwt"},
			"jose: JWT rejected: header \"typ\" is absent, want \"at+jwt\"\n"},
		{"expired-fraction", `{"exp":1700000000.5}`, jws.Header{}, []string{"--now", "1700000001"},
			"jose: JWT rejected: invalid claims: token expired at 2023-11-14T22:13:20.5Z (now 2023-11-14T22:13:21Z)\n"},
		{"aud-none-accepted", `{"aud":["a","b"]}`, jws.Header{}, nil,
			"jose: JWT rejected: invalid claims: the token is for audience [\"a\",\"b\"]: pass --aud to accept it\n"},
		{"iss-absent", `{}`, jws.Header{}, []string{"--iss", "x"},
			"jose: JWT rejected: invalid claims: \"iss\" is absent, want \"x\"\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tok := signRaw(t, tc.claims, tc.h, false)
			args := append([]string{"jwt", "verify", "--key", keys + "hs256.jwk"}, tc.args...)
			code, stderr := runCode(append(args, "-"), tok)
			if code != exitRejected || stderr != tc.want {
				t.Errorf("exit %d, stderr\n%q, want 1 and\n%q", code, stderr, tc.want)
			}
		})
	}
}

// TestJWTVerifySignatureFirst checks that a bad signature is reported
// rather than any claim failure.
func TestJWTVerifySignatureFirst(t *testing.T) {
	for _, claims := range []string{`{"exp":1}`, `{"exp":-1}`, `{"sub":"a","Sub":"b"}`, `{"aud":[]}`} {
		tok := signRaw(t, claims, jws.Header{Type: "at+jwt"}, false)
		i := strings.LastIndexByte(tok, '.')
		sig := []byte(tok[i+1:])
		sig[0] ^= 'A' ^ 'B'
		if sig[0] == tok[i+1] {
			sig[0] = 'C'
		}
		code, stderr := runCode([]string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700000000", "-"}, tok[:i+1]+string(sig))
		if code != exitRejected || !strings.Contains(stderr, "invalid signature") {
			t.Errorf("%s: exit %d, stderr %q, want the signature failure", claims, code, stderr)
		}
	}
}

// TestJWTVerifyPrintsAllClaims checks that custom claims, nested values
// and exact numbers are printed.
func TestJWTVerifyPrintsAllClaims(t *testing.T) {
	tok := signRaw(t, `{"sub":"a","n":1.50,"obj":{"x":[1,"y"]},"big":123456789012345678901234567890}`, jws.Header{}, false)
	got := runOK(t, tok, "jwt", "verify", "--key", keys+"hs256.jwk", "--now", "1700000000")
	want := "{\n  \"big\": 123456789012345678901234567890,\n  \"n\": 1.50,\n  \"obj\": {\n    \"x\": [\n      1,\n      \"y\"\n    ]\n  },\n  \"sub\": \"a\"\n}\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestJWTSignFollowsLibrary checks that jwt sign refuses claims that
// core/jwt would refuse, with exit status 2, and that what it writes
// verifies with core/jwt.
func TestJWTSignFollowsLibrary(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--claims", `{"exp":-1}`}, `"exp"`},
		{[]string{"--claims", `{"exp":1e308}`}, `"exp"`},
		{[]string{"--claims", `{"nbf":99999999999999999999999}`}, `"nbf"`},
		{[]string{"--claims", `{"iat":-5}`}, `"iat"`},
		{[]string{"--claims", `{"Sub":"a","sub":"b"}`}, "case"},
		{[]string{"--claims", `{"Sub":"a"}`, "--sub", "b"}, "case"},
		{[]string{"--claims", `{"scope":"a","Scope":"b"}`}, "case"},
		{[]string{"--claims", `{"sub":"\ud800"}`}, "UTF-8"},
		{[]string{"--claims", `{"x":{"y":"\udc00"}}`}, "UTF-8"},
		{[]string{"--claims", `{"aud":[]}`}, `"aud"`},
		{[]string{"--claims", `{"iss":1}`}, `"iss"`},
		{[]string{"--exp", "-1"}, "--exp"},
		{[]string{"--exp", "253402300800"}, "--exp"},
		{[]string{"--nbf", "-1h", "--now", "0"}, "--nbf"},
		{[]string{"--exp", "9223372036854775807"}, "--exp"},
		{[]string{"--exp", "2562047h", "--now", "9999-12-31T00:00:00Z"}, "--exp"},
		{[]string{"--now", "9223372036854775807", "--exp", "1h"}, "--now"},
	} {
		args := append([]string{"jwt", "sign", "--key", keys + "hs256.jwk"}, tc.args...)
		code, stderr := runCode(args, "")
		if code != exitUsage || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("jose %s: exit %d, stderr %q, want 2 and %q", strings.Join(tc.args, " "), code, stderr, tc.want)
		}
	}

	_, v := hs256Signer(t)
	for _, args := range [][]string{
		{"--claims", `{"exp":1.5e9,"iat":1,"aud":["one"],"x":{"Y":1,"y":2},"n":1.50}`},
		{"--claims", `{"aud":"one"}`, "--exp", "253402300799"},
		{"--now", "9999-12-31T23:59:59Z"},
		{"--now", "0", "--nbf", "0s"},
	} {
		tok := strings.TrimSpace(runOK(t, "", append([]string{"jwt", "sign", "--key", keys + "hs256.jwk"}, args...)...))
		if _, err := jwt.Verify[struct{}](context.Background(), []byte(tok), v, &jwt.Options{IgnoreAudience: true}); err != nil && !errors.Is(err, jwt.ErrValidation) {
			t.Errorf("jose jwt sign %s wrote a token core/jwt refuses: %v", strings.Join(args, " "), err)
		}
	}
}

// TestJWTSignAudienceForm checks that "aud" keeps the form it was given.
func TestJWTSignAudienceForm(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--aud", "one"}, `"aud":"one"`},
		{[]string{"--aud", "one", "--aud", "two"}, `"aud":["one","two"]`},
		{[]string{"--claims", `{"aud":"one"}`}, `"aud":"one"`},
		{[]string{"--claims", `{"aud":["one"]}`}, `"aud":["one"]`},
	} {
		tok := strings.TrimSpace(runOK(t, "", append([]string{"jwt", "sign", "--key", keys + "hs256.jwk", "--now", "1700000000"}, tc.args...)...))
		p, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(p, []byte(tc.want)) {
			t.Errorf("%s: payload %s, want %s", tc.args, p, tc.want)
		}
		var m map[string]any
		if err := json.Unmarshal(p, &m); err != nil {
			t.Fatal(err)
		}
	}
}

// TestNowRange checks that --now and the dates computed from it stay
// within what a NumericDate can hold, without overflow.
func TestNowRange(t *testing.T) {
	tok := signRaw(t, `{"exp":1}`, jws.Header{}, false)
	// Past 2262, where UnixNano overflows, and still a NumericDate.
	code, stderr := runCode([]string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "9223372037", "-"}, tok)
	if code != exitRejected || !strings.Contains(stderr, "token expired at 1970-01-01T00:00:01Z (now 2262-04-11T23:47:17Z)") {
		t.Errorf("--now 9223372037: exit %d, stderr %q, want expired", code, stderr)
	}
	for _, now := range []string{"9223372036854775807", "-1", "253402300800", "-9223372036854775808", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z"} {
		code, stderr := runCode([]string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", now, "-"}, tok)
		if code != exitUsage || !strings.Contains(stderr, "--now") {
			t.Errorf("jwt verify --now %s: exit %d, stderr %q, want 2", now, code, stderr)
		}
		code, stderr = runCode([]string{"inspect", "--now", now, "-"}, tok)
		if code != exitUsage || !strings.Contains(stderr, "--now") {
			t.Errorf("inspect --now %s: exit %d, stderr %q, want 2", now, code, stderr)
		}
	}
	// The last second of year 9999 is a valid --now, and "exp": 1 has
	// expired then.
	code, stderr = runCode([]string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "253402300799", "-"}, tok)
	if code != exitRejected || !strings.Contains(stderr, "(now 9999-12-31T23:59:59Z)") {
		t.Errorf("--now 253402300799: exit %d, stderr %q", code, stderr)
	}
	// inspect warns about the expiry at a far --now too.
	out := runOK(t, tok, "inspect", "--now", "9999-12-31T23:59:59Z")
	if !strings.Contains(out, "expired") {
		t.Errorf("inspect at year 9999 does not see the expiry:\n%s", out)
	}
}
