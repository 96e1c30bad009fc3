package jws_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
	"github.com/joseframework/jose/core/jws"
)

// The vectors under testdata/vectors are verbatim copies of files from the
// project's shared vectors folder. The RSA and ECDSA vectors among them
// need algorithm modules, which core may not import: the conformance
// module runs those. Here only HS256 and EdDSA run, with the test
// algorithms of algs_test.go.

func TestManifest(t *testing.T) { jwatest.CheckManifest(t, "testdata/vectors") }

func b64d(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("bad base64url in vector: %v", err)
	}
	return b
}

// testKey turns a vector's JWK (oct or OKP Ed25519 only) into a signer and
// a verifier.
func testKey(t *testing.T, jwk map[string]any) (jwa.Signer, jwa.Verifier) {
	t.Helper()
	switch jwk["kty"] {
	case "oct":
		k := newHS256(b64d(t, jwk["k"].(string)))
		return k, k
	case "OKP":
		if jwk["crv"] != "Ed25519" {
			t.Fatalf("unsupported curve %v", jwk["crv"])
		}
		pub := ed25519.PublicKey(b64d(t, jwk["x"].(string)))
		k := &testEdDSA{pub: pub}
		if d, ok := jwk["d"].(string); ok {
			k.priv = ed25519.NewKeyFromSeed(b64d(t, d))
			if !bytes.Equal(k.priv.Public().(ed25519.PublicKey), pub) {
				t.Fatal("vector key: d does not match x")
			}
		}
		return k, k
	}
	t.Fatalf("unsupported kty %v", jwk["kty"])
	return nil, nil
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sameJSON reports whether two JSON texts hold the same value.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("invalid JSON %q: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("invalid JSON %q: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

type rfcVector struct {
	ID       string
	Category string
	Alg      string
	Tests    []string
	Key      map[string]any
	Input    map[string]any
	Expected map[string]any
}

// rfcSkips lists every (vector, test) pair of the copied RFC files that
// this package does not run, and why. A pair that neither runs nor is
// listed fails the test, and so does a listed pair that does not exist.
var rfcSkips = map[string]string{
	"RFC7515-A.1/sign":   "the RFC's header contains CR LF and a space; the signing API writes compact JSON (re-signing is checked for RFC 7797 4.1 with the same key)",
	"RFC7515-A.2/sign":   "RS256 needs algs/rsa: run in the conformance module",
	"RFC7515-A.2/verify": "RS256 needs algs/rsa: run in the conformance module",
	"RFC7515-A.3/verify": "ES256 needs algs/ecdsa: run in the conformance module",
	"RFC7515-A.4/verify": "ES512 needs algs/ecdsa: run in the conformance module",
	"RFC7515-A.6/verify": "RS256 and ES256 need algs/rsa and algs/ecdsa: run in the conformance module",
	"RFC7515-A.7/verify": "ES256 needs algs/ecdsa: run in the conformance module",
}

func TestRFCVectors(t *testing.T) {
	ran := map[string]bool{}
	total := 0
	for _, file := range []string{"rfc7515.json", "rfc7797.json", "rfc8037.json"} {
		data, err := os.ReadFile(filepath.Join("testdata/vectors/rfcs", file))
		if err != nil {
			t.Fatal(err)
		}
		var f struct{ Vectors []rfcVector }
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatal(err)
		}
		for _, v := range f.Vectors {
			if v.Category != "jws" {
				continue
			}
			for _, test := range v.Tests {
				name := v.ID + "/" + test
				total++
				if _, skip := rfcSkips[name]; skip {
					ran[name] = false
					continue
				}
				ran[name] = true
				t.Run(name, func(t *testing.T) { runRFCVector(t, v, test) })
			}
		}
	}
	if total == 0 {
		t.Fatal("no JWS vectors loaded")
	}
	for name := range rfcSkips {
		if _, ok := ran[name]; !ok {
			t.Errorf("skip table lists %s, which is not a vector test", name)
		}
	}
}

func runRFCVector(t *testing.T, v rfcVector, test string) {
	str := func(m map[string]any, k string) string {
		s, ok := m[k].(string)
		if !ok {
			t.Fatalf("vector has no string %q", k)
		}
		return s
	}
	switch test {
	case "verify", "verify-detached":
		_, ver := testKey(t, v.Key)
		p, ok := v.Input["payload"].(string)
		if !ok {
			p = str(v.Expected, "payload")
		}
		payload := []byte(p)
		type form struct {
			token    []byte
			detached bool
		}
		var forms []form
		for _, m := range []map[string]any{v.Input, v.Expected} {
			if c, ok := m["compact"].(string); ok {
				forms = append(forms, form{[]byte(c), false})
			}
		}
		if c, ok := v.Expected["compact_detached"].(string); ok {
			forms = append(forms, form{[]byte(c), true})
		}
		for _, k := range []string{"json", "json_flattened"} {
			if j, ok := v.Expected[k]; ok {
				forms = append(forms, form{mustJSON(t, j), false})
			}
		}
		if len(forms) == 0 {
			t.Fatal("no serialization to verify")
		}
		if test == "verify-detached" && !slices.ContainsFunc(forms, func(f form) bool { return f.detached }) {
			t.Fatal("verify-detached without a detached form")
		}
		for _, f := range forms {
			var opts *jws.VerifyOptions
			if f.detached {
				opts = &jws.VerifyOptions{DetachedPayload: payload}
			}
			msg, err := jws.Verify(t.Context(), f.token, ver, opts)
			if err != nil {
				t.Fatalf("Verify(%s) = %v", f.token, err)
			}
			if !bytes.Equal(msg.Payload(), payload) {
				t.Errorf("payload = %q, want %q", msg.Payload(), payload)
			}
			if f.detached {
				_, err := jws.Verify(t.Context(), f.token, ver, &jws.VerifyOptions{DetachedPayload: []byte("not the payload")})
				if !errors.Is(err, jwa.ErrVerification) {
					t.Errorf("Verify with a wrong detached payload = %v, want ErrVerification", err)
				}
			}
		}
	case "sign":
		s, _ := testKey(t, v.Key)
		payload := []byte(str(v.Input, "payload"))
		hdr := v.Input["protected_header"].(map[string]any)
		opts := &jws.SignOptions{}
		if b, ok := hdr["b64"]; ok && b == false {
			opts.Unencoded = true
		}
		if want, ok := v.Expected["compact"].(string); ok {
			got, err := jws.Sign(t.Context(), payload, s, opts)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("Sign =\n%s\nwant\n%s", got, want)
			}
		}
		if want, ok := v.Expected["compact_detached"].(string); ok {
			o := *opts
			o.Detached = true
			got, err := jws.Sign(t.Context(), payload, s, &o)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("Sign(detached) =\n%s\nwant\n%s", got, want)
			}
		}
		if want, ok := v.Expected["json_flattened"]; ok {
			got, err := jws.SignFlattened(t.Context(), payload, s, opts)
			if err != nil {
				t.Fatal(err)
			}
			if !sameJSON(t, got, mustJSON(t, want)) {
				t.Errorf("SignFlattened =\n%s\nwant\n%s", got, mustJSON(t, want))
			}
		}
	case "reject":
		tok := []byte(str(v.Expected, "compact"))
		_, err := jws.Verify(t.Context(), tok, namedVerifier(v.Alg), nil)
		if !errors.Is(err, jws.ErrCritical) {
			t.Errorf("Verify = %v, want ErrCritical", err)
		}
		if _, err := jws.Parse(tok, nil); !errors.Is(err, jws.ErrCritical) {
			t.Errorf("Parse = %v, want ErrCritical", err)
		}
	case "serialize", "parse":
		// RFC 7515 A.5, an unsecured JWS ("alg": "none"). Parsing it
		// for inspection works, but nothing ever verifies it, and the
		// signing API cannot make one.
		if v.Alg != "none" {
			t.Fatalf("%s test on a vector with alg %q", test, v.Alg)
		}
		tok := []byte(str(v.Expected, "compact"))
		u, err := jws.Parse(tok, nil)
		if err != nil {
			t.Fatalf("Parse = %v", err)
		}
		if got := u.UnverifiedSignatures()[0].Algorithm(); got != "none" {
			t.Errorf("alg = %q", got)
		}
		var ae *jws.AlgorithmError
		if _, err := jws.Verify(t.Context(), tok, namedVerifier("none"), nil); !errors.As(err, &ae) || !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("Verify with a \"none\" verifier = %v, want *AlgorithmError", err)
		}
		if _, err := jws.Sign(t.Context(), []byte("x"), namedVerifier("none"), nil); !errors.Is(err, jws.ErrInvalidHeader) {
			t.Errorf("Sign with a \"none\" signer = %v, want ErrInvalidHeader", err)
		}
	default:
		t.Fatalf("unknown test %q", test)
	}
}

// cookbookCase says what to expect of one copied cookbook file.
type cookbookCase struct {
	file     string
	expect   string      // "valid", or "reject-b64"
	detached bool        // the payload is detached
	resign   *jws.Header // header to re-sign with and compare; nil if not reproducible
	why      string      // why resign is nil
}

var cookbook = []cookbookCase{
	{file: "jws/4_4.hmac-sha2_integrity_protection.json", expect: "valid",
		resign: &jws.Header{KeyID: "018c0ae5-4d9b-471b-bfd6-eef314bc7037"}},
	{file: "jws/4_5.signature_with_detached_content.json", expect: "valid", detached: true,
		resign: &jws.Header{KeyID: "018c0ae5-4d9b-471b-bfd6-eef314bc7037"}},
	{file: "jws/4_6.protecting_specific_header_fields.json", expect: "valid",
		resign: &jws.Header{Unprotected: map[string]any{"kid": "018c0ae5-4d9b-471b-bfd6-eef314bc7037"}}},
	{file: "jws/4_7.protecting_content_only.json", expect: "valid",
		why: "no protected header: this package always protects \"alg\" when signing"},
	{file: "curve25519/jws.json", expect: "valid", resign: &jws.Header{}},
	{file: "rfc7797/hmac-sha2_b64_false.json", expect: "valid", resign: &jws.Header{}},
	// Its protected header is {"alg":"HS256","b64":false} without "crit",
	// which RFC 7797, Section 6 requires: a strict implementation rejects
	// it, although its MAC is right.
	{file: "rfc7797/4.2.hmac-sha2_b64_false.json", expect: "reject-b64"},
}

func TestCookbook(t *testing.T) {
	if len(cookbook) == 0 {
		t.Fatal("no cookbook cases")
	}
	for _, c := range cookbook {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata/vectors/rfc7520", c.file))
			if err != nil {
				t.Fatal(err)
			}
			var f struct {
				Input struct {
					Payload string
					Key     map[string]any
				}
				Output map[string]json.RawMessage
			}
			if err := json.Unmarshal(data, &f); err != nil {
				t.Fatal(err)
			}
			if len(f.Output) == 0 {
				t.Fatal("no outputs")
			}
			s, ver := testKey(t, f.Input.Key)
			payload := []byte(f.Input.Payload)
			var opts *jws.VerifyOptions
			if c.detached {
				opts = &jws.VerifyOptions{DetachedPayload: payload}
			}
			unencoded := false
			for form, raw := range f.Output {
				token := []byte(raw)
				if form == "compact" {
					var str string
					if err := json.Unmarshal(raw, &str); err != nil {
						t.Fatal(err)
					}
					token = []byte(str)
				}
				msg, err := jws.Verify(t.Context(), token, ver, opts)
				switch c.expect {
				case "valid":
					if err != nil {
						t.Fatalf("%s: Verify = %v", form, err)
					}
					if !bytes.Equal(msg.Payload(), payload) {
						t.Errorf("%s: payload = %q, want %q", form, msg.Payload(), payload)
					}
					unencoded = msg.Signature().Unencoded()
				case "reject-b64":
					if !errors.Is(err, jws.ErrB64) {
						t.Errorf("%s: Verify = %v, want ErrB64", form, err)
					}
				default:
					t.Fatalf("unknown expect value %q", c.expect)
				}
			}
			if c.resign == nil {
				if c.expect == "valid" && c.why == "" {
					t.Fatal("a valid case must be re-signed or say why not")
				}
				return
			}
			so := &jws.SignOptions{Header: *c.resign, Unencoded: unencoded, Detached: c.detached}
			for form, raw := range f.Output {
				switch form {
				case "compact":
					got, err := jws.Sign(t.Context(), payload, s, so)
					if err != nil {
						t.Fatal(err)
					}
					if want := mustString(t, raw); got != want {
						t.Errorf("Sign =\n%s\nwant\n%s", got, want)
					}
				case "json_flat":
					got, err := jws.SignFlattened(t.Context(), payload, s, so)
					if err != nil {
						t.Fatal(err)
					}
					if !sameJSON(t, got, raw) {
						t.Errorf("SignFlattened =\n%s\nwant\n%s", got, raw)
					}
				case "json":
					g := *so
					g.Header = jws.Header{}
					got, err := jws.SignGeneral(t.Context(), payload, []jws.Signer{{Signer: s, Header: *c.resign}}, &g)
					if err != nil {
						t.Fatal(err)
					}
					if !sameJSON(t, got, raw) {
						t.Errorf("SignGeneral =\n%s\nwant\n%s", got, raw)
					}
				default:
					t.Fatalf("unknown output form %q", form)
				}
			}
		})
	}
}

func mustString(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	return s
}
