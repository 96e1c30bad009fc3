package jws_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jws"
)

var (
	keyA = []byte("0123456789abcdef0123456789abcdef")
	keyB = []byte("fedcba9876543210fedcba9876543210")
	edA  = func() *testEdDSA {
		priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))
		return &testEdDSA{priv: priv, pub: priv.Public().(ed25519.PublicKey)}
	}()
)

func enc(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// compact builds a compact JWS from a raw header text and a payload
// segment, with a valid HS256 MAC under keyA, so that a rejection can only
// come from what the test put in the header.
func compact(header, payloadSeg string) []byte {
	input := enc([]byte(header)) + "." + payloadSeg
	sig, _ := newHS256(keyA).Sign(context.Background(), []byte(input))
	return []byte(input + "." + enc(sig))
}

// flat builds a flattened JSON JWS from raw protected header text ("" for
// none), raw unprotected header JSON ("" for none) and a payload, with a
// valid HS256 MAC under keyA.
func flat(protected, header, payload string) []byte {
	p := ""
	if protected != "" {
		p = enc([]byte(protected))
	}
	sig, _ := newHS256(keyA).Sign(context.Background(), []byte(p+"."+enc([]byte(payload))))
	var b strings.Builder
	fmt.Fprintf(&b, `{"payload":%q`, enc([]byte(payload)))
	if protected != "" {
		fmt.Fprintf(&b, `,"protected":%q`, p)
	}
	if header != "" {
		fmt.Fprintf(&b, `,"header":%s`, header)
	}
	fmt.Fprintf(&b, `,"signature":%q}`, enc(sig))
	return []byte(b.String())
}

// wantErr fails unless err matches want: nil, a sentinel (errors.Is) or
// "alg" for an *AlgorithmError.
func wantErr(t *testing.T, err error, want any) {
	t.Helper()
	switch w := want.(type) {
	case nil:
		if err != nil {
			t.Fatalf("error = %v, want nil", err)
		}
	case error:
		if !errors.Is(err, w) {
			t.Fatalf("error = %v, want %v", err, w)
		}
	case string:
		if w != "alg" {
			t.Fatalf("bad want %q", w)
		}
		var ae *jws.AlgorithmError
		if !errors.As(err, &ae) || !errors.Is(err, jwa.ErrVerification) {
			t.Fatalf("error = %v, want *AlgorithmError wrapping ErrVerification", err)
		}
	default:
		t.Fatalf("bad want %T", want)
	}
}

func TestCompactRejects(t *testing.T) {
	good := compact(`{"alg":"HS256"}`, enc([]byte("hi")))
	parts := strings.Split(string(good), ".")
	h, p, s := parts[0], parts[1], parts[2]
	deep := `{"alg":"HS256","x":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`
	tests := []struct {
		name  string
		token []byte
		opts  *jws.VerifyOptions
		want  any
	}{
		{"control", good, nil, nil},
		{"1 part", []byte(h), nil, jws.ErrMalformed},
		{"2 parts", []byte(h + "." + p), nil, jws.ErrMalformed},
		{"4 parts", []byte(h + "." + p + "." + s + "." + s), nil, jws.ErrMalformed},
		{"5 parts", []byte(h + "." + p + "." + s + ".."), nil, jws.ErrMalformed},
		{"empty", []byte(""), nil, jws.ErrMalformed},
		{"only dots", []byte(".."), nil, jws.ErrMalformed},
		{"empty header", []byte("." + p + "." + s), nil, jws.ErrMalformed},
		{"empty signature", []byte(h + "." + p + "."), nil, jwa.ErrVerification},
		{"bad b64 header", []byte("eyJ*" + h[4:] + "." + p + "." + s), nil, jws.ErrMalformed},
		{"bad b64 payload", []byte(h + ".a+b/." + s), nil, jws.ErrMalformed},
		{"bad b64 signature", []byte(h + "." + p + "." + s[:10] + "+" + s[11:]), nil, jws.ErrMalformed},
		{"impossible b64 length", []byte(h + "." + p + "." + s + "AA"), nil, jws.ErrMalformed},
		{"non-canonical b64", []byte(h + "." + "aGl" + "." + s), nil, jws.ErrMalformed},
		{"padding in header", []byte(h + "=." + p + "." + s), nil, jws.ErrMalformed},
		{"padding in signature", []byte(h + "." + p + "." + s + "="), nil, jws.ErrMalformed},
		{"leading space", []byte(" " + string(good)), nil, jws.ErrMalformed},
		{"trailing newline", []byte(string(good) + "\n"), nil, jws.ErrMalformed},
		{"space inside", []byte(h[:5] + " " + h[5:] + "." + p + "." + s), nil, jws.ErrMalformed},
		{"CRLF inside", []byte(h + "." + p + "." + s[:5] + "\r\n" + s[5:]), nil, jws.ErrMalformed},
		{"header array", compact(`["alg","HS256"]`, p), nil, jws.ErrMalformed},
		{"header string", compact(`"HS256"`, p), nil, jws.ErrMalformed},
		{"header number", compact(`1`, p), nil, jws.ErrMalformed},
		{"header null", compact(`null`, p), nil, jws.ErrMalformed},
		{"header not JSON", compact(`{alg:HS256}`, p), nil, jws.ErrMalformed},
		{"header trailing data", compact(`{"alg":"HS256"} {}`, p), nil, jws.ErrMalformed},
		{"header truncated", compact(`{"alg":"HS256"`, p), nil, jws.ErrMalformed},
		{"duplicate alg", compact(`{"alg":"HS256","alg":"HS256"}`, p), nil, jws.ErrMalformed},
		{"duplicate other", compact(`{"alg":"HS256","x":1,"x":1}`, p), nil, jws.ErrMalformed},
		{"duplicate via escape", compact(`{"alg":"HS256","\u0061lg":"HS256"}`, p), nil, jws.ErrMalformed},
		{"invalid UTF-8", compact("{\"alg\":\"HS256\",\"x\":\"\xff\"}", p), nil, jws.ErrMalformed},
		{"lone surrogate", compact(`{"alg":"HS256","x":"\ud800"}`, p), nil, jws.ErrMalformed},
		{"no alg", compact(`{"kid":"a"}`, p), nil, jws.ErrMalformed},
		{"empty alg", compact(`{"alg":""}`, p), nil, jws.ErrMalformed},
		{"alg number", compact(`{"alg":256}`, p), nil, jws.ErrMalformed},
		{"alg null", compact(`{"alg":null}`, p), nil, jws.ErrMalformed},
		{"kid number", compact(`{"alg":"HS256","kid":1}`, p), nil, jws.ErrMalformed},
		{"typ array", compact(`{"alg":"HS256","typ":["JWT"]}`, p), nil, jws.ErrMalformed},
		{"escaped alg", compact(`{"alg":"HS\u0032\u00356"}`, p), nil, nil},
		{"other alg", compact(`{"alg":"HS384"}`, p), nil, "alg"},
		{"alg case", compact(`{"alg":"hs256"}`, p), nil, "alg"},
		{"alg with space", compact(`{"alg":"HS256 "}`, p), nil, "alg"},
		{"none", compact(`{"alg":"none"}`, p), nil, "alg"},
		{"NONE", compact(`{"alg":"NONE"}`, p), nil, "alg"},
		{"deep header", compact(deep, p), nil, jws.ErrTooLarge},
		{"depth limit", compact(`{"alg":"HS256","x":[[1]]}`, p), &jws.VerifyOptions{Limits: jwa.Limits{MaxDepth: 2}}, jws.ErrTooLarge},
		{"depth limit ok", compact(`{"alg":"HS256","x":[1]}`, p), &jws.VerifyOptions{Limits: jwa.Limits{MaxDepth: 2}}, nil},
		{"header size", compact(`{"alg":"HS256","x":"`+strings.Repeat("a", 100)+`"}`, p), &jws.VerifyOptions{Limits: jwa.Limits{MaxHeaderSize: 100}}, jws.ErrTooLarge},
		{"token size", good, &jws.VerifyOptions{Limits: jwa.Limits{MaxTokenSize: len(good) - 1}}, jwa.ErrLimit},
		{"token size exact", good, &jws.VerifyOptions{Limits: jwa.Limits{MaxTokenSize: len(good)}}, nil},
		{"detached but attached", good, &jws.VerifyOptions{DetachedPayload: []byte("hi")}, jws.ErrDetached},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &countingVerifier{Verifier: newHS256(keyA)}
			_, err := jws.Verify(t.Context(), tt.token, v, tt.opts)
			wantErr(t, err, tt.want)
			if tt.want != nil && tt.want != jwa.ErrVerification && v.calls.Load() != 0 {
				t.Errorf("the Verifier ran %d times for a token rejected before cryptography", v.calls.Load())
			}
			if tt.want == nil || tt.want == "alg" || tt.want == jwa.ErrVerification {
				return
			}
			// Parse applies the same structural checks.
			_, err = jws.Parse(tt.token, tt.opts)
			wantErr(t, err, tt.want)
		})
	}
}

func TestNoneIsNeverAccepted(t *testing.T) {
	for _, alg := range []string{"none", "NONE", "None", "nOnE", " none", "none "} {
		t.Run(alg, func(t *testing.T) {
			hdr := `{"alg":` + mustQuote(alg) + `}`
			for _, tok := range [][]byte{
				[]byte(enc([]byte(hdr)) + "." + enc([]byte("x")) + "."),
				compact(hdr, enc([]byte("x"))),
				flat(hdr, "", "x"),
			} {
				// A Verifier that claims the same name and accepts
				// everything is still refused.
				_, err := jws.Verify(t.Context(), tok, namedVerifier(alg), nil)
				wantErr(t, err, "alg")
				_, err = jws.Verify(t.Context(), tok, newHS256(keyA), nil)
				wantErr(t, err, "alg")
			}
			if _, err := jws.Sign(t.Context(), []byte("x"), namedVerifier(alg), nil); !errors.Is(err, jws.ErrInvalidHeader) {
				t.Errorf("Sign with a %q signer = %v, want ErrInvalidHeader", alg, err)
			}
		})
	}
}

func mustQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestAlgorithmErrorBeforeCryptography(t *testing.T) {
	tok := compact(`{"alg":"HS256"}`, enc([]byte("x")))
	v := &countingVerifier{Verifier: &testEdDSA{pub: edA.pub}}
	_, err := jws.Verify(t.Context(), tok, v, nil)
	var ae *jws.AlgorithmError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want *AlgorithmError", err)
	}
	want := &jws.AlgorithmError{Token: "HS256", Verifier: "EdDSA"}
	if !reflect.DeepEqual(ae, want) {
		t.Errorf("AlgorithmError = %+v, want %+v", ae, want)
	}
	if got := ae.Error(); got != `jws: token uses "HS256", verifier accepts only "EdDSA"` {
		t.Errorf("Error() = %q", got)
	}
	if v.calls.Load() != 0 {
		t.Errorf("Verifier ran %d times", v.calls.Load())
	}
}

func TestCrit(t *testing.T) {
	p := enc([]byte("x"))
	understood := &jws.VerifyOptions{Critical: []string{"exp1", "exp2"}}
	tests := []struct {
		name   string
		header string
		opts   *jws.VerifyOptions
		want   error
	}{
		{"understood", `{"alg":"HS256","crit":["exp1"],"exp1":1}`, understood, nil},
		{"two understood", `{"alg":"HS256","crit":["exp1","exp2"],"exp1":1,"exp2":2}`, understood, nil},
		{"unknown", `{"alg":"HS256","crit":["exp1"],"exp1":1}`, nil, jws.ErrCritical},
		{"one unknown", `{"alg":"HS256","crit":["exp1","exp3"],"exp1":1,"exp3":1}`, understood, jws.ErrCritical},
		{"empty", `{"alg":"HS256","crit":[]}`, understood, jws.ErrCritical},
		{"not an array", `{"alg":"HS256","crit":"exp1","exp1":1}`, understood, jws.ErrCritical},
		{"null", `{"alg":"HS256","crit":null}`, understood, jws.ErrCritical},
		{"not strings", `{"alg":"HS256","crit":[1]}`, understood, jws.ErrCritical},
		{"nested array", `{"alg":"HS256","crit":[["exp1"]],"exp1":1}`, understood, jws.ErrCritical},
		{"duplicate", `{"alg":"HS256","crit":["exp1","exp1"],"exp1":1}`, understood, jws.ErrCritical},
		{"registered alg", `{"alg":"HS256","crit":["alg"]}`, understood, jws.ErrCritical},
		{"registered kid", `{"alg":"HS256","kid":"a","crit":["kid"]}`, &jws.VerifyOptions{Critical: []string{"kid"}}, jws.ErrCritical},
		{"registered x5t#S256", `{"alg":"HS256","x5t#S256":"a","crit":["x5t#S256"]}`, &jws.VerifyOptions{Critical: []string{"x5t#S256"}}, jws.ErrCritical},
		{"registered JWE name", `{"alg":"HS256","enc":"a","crit":["enc"]}`, &jws.VerifyOptions{Critical: []string{"enc"}}, jws.ErrCritical},
		{"listed but absent", `{"alg":"HS256","crit":["exp1"]}`, understood, jws.ErrCritical},
		{"crit itself", `{"alg":"HS256","crit":["crit"]}`, &jws.VerifyOptions{Critical: []string{"crit"}}, jws.ErrCritical},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := compact(tt.header, p)
			_, err := jws.Verify(t.Context(), tok, newHS256(keyA), tt.opts)
			wantErr(t, err, tt.want)
		})
	}
	t.Run("unprotected", func(t *testing.T) {
		tok := flat(`{"alg":"HS256"}`, `{"crit":["exp1"],"exp1":1}`, "x")
		_, err := jws.Verify(t.Context(), tok, newHS256(keyA), understood)
		wantErr(t, err, jws.ErrCritical)
	})
	t.Run("extension in unprotected header", func(t *testing.T) {
		tok := flat(`{"alg":"HS256","crit":["exp1"]}`, `{"exp1":1}`, "x")
		_, err := jws.Verify(t.Context(), tok, newHS256(keyA), understood)
		wantErr(t, err, nil)
	})
}

func TestB64(t *testing.T) {
	tests := []struct {
		name    string
		header  string
		payload string // the payload segment
		opts    *jws.VerifyOptions
		want    error
	}{
		{"false", `{"alg":"HS256","b64":false,"crit":["b64"]}`, "raw payload", nil, nil},
		{"true", `{"alg":"HS256","b64":true,"crit":["b64"]}`, enc([]byte("x")), nil, nil},
		{"false empty", `{"alg":"HS256","b64":false,"crit":["b64"]}`, "", nil, nil},
		{"no crit", `{"alg":"HS256","b64":false}`, "raw", nil, jws.ErrB64},
		{"true no crit", `{"alg":"HS256","b64":true}`, enc([]byte("x")), nil, jws.ErrB64},
		{"crit without b64", `{"alg":"HS256","b64":false,"crit":["e"],"e":1}`, "raw", &jws.VerifyOptions{Critical: []string{"e"}}, jws.ErrB64},
		{"string", `{"alg":"HS256","b64":"false","crit":["b64"]}`, "raw", nil, jws.ErrB64},
		{"number", `{"alg":"HS256","b64":0,"crit":["b64"]}`, "raw", nil, jws.ErrB64},
		{"null", `{"alg":"HS256","b64":null,"crit":["b64"]}`, "raw", nil, jws.ErrB64},
		{"crit b64 absent", `{"alg":"HS256","crit":["b64"]}`, enc([]byte("x")), nil, jws.ErrCritical},
		{"payload with dot", `{"alg":"HS256","b64":false,"crit":["b64"]}`, "$.02", nil, jws.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := jws.Verify(t.Context(), compact(tt.header, tt.payload), newHS256(keyA), tt.opts)
			wantErr(t, err, tt.want)
			if err == nil && strings.Contains(tt.header, "false") && string(msg.Payload()) != tt.payload {
				t.Errorf("payload = %q, want %q", msg.Payload(), tt.payload)
			}
		})
	}
	t.Run("unprotected", func(t *testing.T) {
		tok := flat(`{"alg":"HS256","crit":["b64"]}`, `{"b64":true}`, "x")
		_, err := jws.Verify(t.Context(), tok, newHS256(keyA), nil)
		wantErr(t, err, jws.ErrB64)
	})
	t.Run("signatures disagree", func(t *testing.T) {
		one := `{"protected":"` + enc([]byte(`{"alg":"HS256"}`)) + `","signature":"AAAA"}`
		two := `{"protected":"` + enc([]byte(`{"alg":"HS256","b64":false,"crit":["b64"]}`)) + `","signature":"AAAA"}`
		tok := []byte(`{"payload":"eA","signatures":[` + one + `,` + two + `]}`)
		_, err := jws.Verify(t.Context(), tok, newHS256(keyA), nil)
		wantErr(t, err, jws.ErrB64)
	})
}

func TestJSONRejects(t *testing.T) {
	prot := enc([]byte(`{"alg":"HS256"}`))
	good := flat(`{"alg":"HS256"}`, "", "x")
	var g map[string]string
	if err := json.Unmarshal(good, &g); err != nil {
		t.Fatal(err)
	}
	sig := g["signature"]
	entry := `{"protected":"` + prot + `","signature":"` + sig + `"}`
	tests := []struct {
		name  string
		token string
		opts  *jws.VerifyOptions
		want  error
	}{
		{"control flattened", string(good), nil, nil},
		{"control general", `{"payload":"eA","signatures":[` + entry + `]}`, nil, nil},
		{"leading whitespace", " \n" + string(good), nil, nil},
		{"unknown members ignored", `{"payload":"eA","x":{"y":1},"signatures":[{"z":2,"protected":"` + prot + `","signature":"` + sig + `"}]}`, nil, nil},
		{"both signature and signatures", `{"payload":"eA","signature":"` + sig + `","signatures":[` + entry + `]}`, nil, jws.ErrMalformed},
		{"signatures and protected", `{"payload":"eA","protected":"` + prot + `","signatures":[` + entry + `]}`, nil, jws.ErrMalformed},
		{"signatures and header", `{"payload":"eA","header":{},"signatures":[` + entry + `]}`, nil, jws.ErrMalformed},
		{"no signature", `{"payload":"eA","protected":"` + prot + `"}`, nil, jws.ErrMalformed},
		{"no headers", `{"payload":"eA","signature":"` + sig + `"}`, nil, jws.ErrMalformed},
		{"no protected", string(flat("", `{"alg":"HS256"}`, "x")), nil, nil},
		{"member in both", string(flat(`{"alg":"HS256","kid":"a"}`, `{"kid":"a"}`, "x")), nil, jws.ErrMalformed},
		{"alg in both", string(flat(`{"alg":"HS256"}`, `{"alg":"HS256"}`, "x")), nil, jws.ErrMalformed},
		{"alg only unprotected, wrong", string(flat("", `{"alg":"HS384"}`, "x")), nil, jwa.ErrVerification},
		{"header not object", `{"payload":"eA","protected":"` + prot + `","header":"x","signature":"` + sig + `"}`, nil, jws.ErrMalformed},
		{"header array", `{"payload":"eA","protected":"` + prot + `","header":[],"signature":"` + sig + `"}`, nil, jws.ErrMalformed},
		{"header duplicate", `{"payload":"eA","protected":"` + prot + `","header":{"kid":"a","kid":"b"},"signature":"` + sig + `"}`, nil, jws.ErrMalformed},
		{"header kid number", `{"payload":"eA","protected":"` + prot + `","header":{"kid":1},"signature":"` + sig + `"}`, nil, jws.ErrMalformed},
		{"protected not string", `{"payload":"eA","protected":{"alg":"HS256"},"signature":"` + sig + `"}`, nil, jws.ErrMalformed},
		{"protected empty", `{"payload":"eA","protected":"","header":{"alg":"HS256"},"signature":"` + sig + `"}`, nil, jws.ErrMalformed},
		{"protected bad b64", `{"payload":"eA","protected":"` + prot + `=","signature":"` + sig + `"}`, nil, jws.ErrMalformed},
		{"signature not string", `{"payload":"eA","protected":"` + prot + `","signature":1}`, nil, jws.ErrMalformed},
		{"signature bad b64", `{"payload":"eA","protected":"` + prot + `","signature":"` + sig + `=="}`, nil, jws.ErrMalformed},
		{"payload not string", `{"payload":1,"protected":"` + prot + `","signature":"` + sig + `"}`, nil, jws.ErrMalformed},
		{"payload bad b64", `{"payload":"e+A","protected":"` + prot + `","signature":"` + sig + `"}`, nil, jws.ErrMalformed},
		{"no payload", `{"protected":"` + prot + `","signature":"` + sig + `"}`, nil, jws.ErrDetached},
		{"no payload, detached", `{"protected":"` + prot + `","signature":"` + sig + `"}`, &jws.VerifyOptions{DetachedPayload: []byte("x")}, nil},
		{"payload and detached", string(good), &jws.VerifyOptions{DetachedPayload: []byte("x")}, jws.ErrDetached},
		{"signatures not array", `{"payload":"eA","signatures":{}}`, nil, jws.ErrMalformed},
		{"signatures empty", `{"payload":"eA","signatures":[]}`, nil, jws.ErrMalformed},
		{"signatures entry not object", `{"payload":"eA","signatures":["x"]}`, nil, jws.ErrMalformed},
		{"signatures entry null", `{"payload":"eA","signatures":[null]}`, nil, jws.ErrMalformed},
		{"signatures entry without signature", `{"payload":"eA","signatures":[{"protected":"` + prot + `"}]}`, nil, jws.ErrMalformed},
		{"too many signatures", `{"payload":"eA","signatures":[` + entry + `,` + entry + `,` + entry + `]}`, &jws.VerifyOptions{Limits: jwa.Limits{MaxSignatures: 2}}, jws.ErrTooLarge},
		{"signature limit ok", `{"payload":"eA","signatures":[` + entry + `,` + entry + `]}`, &jws.VerifyOptions{Limits: jwa.Limits{MaxSignatures: 2}}, nil},
		{"duplicate top-level member", `{"payload":"eA","payload":"eA","protected":"` + prot + `","signature":"` + sig + `"}`, nil, jws.ErrMalformed},
		{"invalid JSON", `{"payload":"eA",`, nil, jws.ErrMalformed},
		{"trailing data", string(good) + "x", nil, jws.ErrMalformed},
		{"invalid UTF-8", `{"payload":"eA","x":"` + "\xff" + `","protected":"` + prot + `","signature":"` + sig + `"}`, nil, jws.ErrMalformed},
		{"too deep", `{"payload":"eA","x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `,"protected":"` + prot + `","signature":"` + sig + `"}`, nil, jws.ErrTooLarge},
		{"unprotected header too large", string(flat(`{"alg":"HS256"}`, `{"x":"`+strings.Repeat("a", 200)+`"}`, "x")), &jws.VerifyOptions{Limits: jwa.Limits{MaxHeaderSize: 100}}, jws.ErrTooLarge},
		{"array top level", `[` + string(good) + `]`, nil, jws.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jws.Verify(t.Context(), []byte(tt.token), newHS256(keyA), tt.opts)
			wantErr(t, err, tt.want)
		})
	}
}

// tamper returns token with its (decoded) signature replaced by f(sig).
func tamper(t *testing.T, token []byte, f func([]byte) []byte) []byte {
	t.Helper()
	if token[0] == '{' {
		var m map[string]any
		if err := json.Unmarshal(token, &m); err != nil {
			t.Fatal(err)
		}
		sigs, ok := m["signatures"].([]any)
		if !ok {
			sigs = []any{m}
		}
		for _, s := range sigs {
			s := s.(map[string]any)
			s["signature"] = enc(f(b64d(t, s["signature"].(string))))
		}
		return mustJSON(t, m)
	}
	i := bytes.LastIndexByte(token, '.')
	return []byte(string(token[:i+1]) + enc(f(b64d(t, string(token[i+1:])))))
}

func TestSignatureTampering(t *testing.T) {
	payload := []byte(`{"sub":"alice"}`)
	keys := []struct {
		name string
		s    jwa.Signer
		v    jwa.Verifier
	}{
		{"HS256", newHS256(keyA), newHS256(keyA)},
		{"EdDSA", edA, &testEdDSA{pub: edA.pub}},
	}
	for _, k := range keys {
		c, err := jws.Sign(t.Context(), payload, k.s, nil)
		if err != nil {
			t.Fatal(err)
		}
		fl, err := jws.SignFlattened(t.Context(), payload, k.s, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range [][]byte{[]byte(c), fl} {
			t.Run(k.name+"/"+jwsForm(tok), func(t *testing.T) {
				if _, err := jws.Verify(t.Context(), tok, k.v, nil); err != nil {
					t.Fatalf("control: %v", err)
				}
				var n int
				if tok[0] == '{' {
					n = len(b64d(t, jsonSig(t, tok)))
				} else {
					n = len(b64d(t, string(tok[bytes.LastIndexByte(tok, '.')+1:])))
				}
				for i := range n {
					for _, bit := range []byte{0x01, 0x80} {
						bad := tamper(t, tok, func(s []byte) []byte { s[i] ^= bit; return s })
						_, err := jws.Verify(t.Context(), bad, k.v, nil)
						if !errors.Is(err, jwa.ErrVerification) {
							t.Fatalf("byte %d ^ %#x: Verify = %v, want ErrVerification", i, bit, err)
						}
					}
				}
				for name, f := range map[string]func([]byte) []byte{
					"truncated by one": func(s []byte) []byte { return s[:len(s)-1] },
					"first byte cut":   func(s []byte) []byte { return s[1:] },
					"half":             func(s []byte) []byte { return s[:len(s)/2] },
					"extended by zero": func(s []byte) []byte { return append(s, 0) },
					"doubled":          func(s []byte) []byte { return append(s, s...) },
					"empty":            func([]byte) []byte { return nil },
					"all zero":         func(s []byte) []byte { return make([]byte, len(s)) },
				} {
					_, err := jws.Verify(t.Context(), tamper(t, tok, f), k.v, nil)
					if !errors.Is(err, jwa.ErrVerification) {
						t.Errorf("%s: Verify = %v, want ErrVerification", name, err)
					}
				}
			})
		}
	}
}

func jwsForm(tok []byte) string {
	if tok[0] == '{' {
		return "json"
	}
	return "compact"
}

func jsonSig(t *testing.T, tok []byte) string {
	var m map[string]any
	if err := json.Unmarshal(tok, &m); err != nil {
		t.Fatal(err)
	}
	return m["signature"].(string)
}

func TestTamperedContent(t *testing.T) {
	tok, err := jws.Sign(t.Context(), []byte("pay me 10"), newHS256(keyA), &jws.SignOptions{Header: jws.Header{KeyID: "a"}})
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	otherPayload := enc([]byte("pay me 99"))
	otherHeader := enc([]byte(`{"alg":"HS256","kid":"b"}`))
	for name, bad := range map[string]string{
		"payload":         parts[0] + "." + otherPayload + "." + parts[2],
		"header":          otherHeader + "." + parts[1] + "." + parts[2],
		"swapped":         parts[1] + "." + parts[0] + "." + parts[2],
		"payload dropped": parts[0] + ".." + parts[2],
	} {
		_, err := jws.Verify(t.Context(), []byte(bad), newHS256(keyA), nil)
		if !errors.Is(err, jwa.ErrVerification) && !errors.Is(err, jws.ErrMalformed) {
			t.Errorf("%s: Verify = %v, want a rejection", name, err)
		}
	}
	if _, err := jws.Verify(t.Context(), []byte(tok), newHS256(keyB), nil); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("wrong key: Verify = %v, want ErrVerification", err)
	}
	if _, err := jws.Verify(t.Context(), []byte(tok), nil, nil); !errors.Is(err, jws.ErrInvalidOptions) {
		t.Errorf("nil Verifier: Verify = %v, want ErrInvalidOptions", err)
	}
}

func TestRoundTrip(t *testing.T) {
	payloads := map[string][]byte{
		"empty":  {},
		"text":   []byte("hello world"),
		"binary": {0, 1, 2, 0xfe, 0xff, '.', '"', '\\'},
		"json":   []byte(`{"a":"b\"c","d":[1,2]}`),
	}
	keys := []struct {
		s jwa.Signer
		v jwa.Verifier
	}{
		{newHS256(keyA), newHS256(keyA)},
		{edA, &testEdDSA{pub: edA.pub}},
	}
	for pname, payload := range payloads {
		for _, k := range keys {
			for _, ser := range []jws.Serialization{jws.Compact, jws.Flattened, jws.General} {
				for _, unencoded := range []bool{false, true} {
					for _, detached := range []bool{false, true} {
						name := fmt.Sprintf("%s/%s/%v/unencoded=%v/detached=%v", pname, k.s.Algorithm(), ser, unencoded, detached)
						t.Run(name, func(t *testing.T) {
							roundTrip(t, payload, k.s, k.v, ser, unencoded, detached)
						})
					}
				}
			}
		}
	}
}

func roundTrip(t *testing.T, payload []byte, s jwa.Signer, v jwa.Verifier, ser jws.Serialization, unencoded, detached bool) {
	h := jws.Header{KeyID: "k\"1\\\n\u00e9", Type: "JOSE", ContentType: "example", Protected: map[string]any{"ext": []int{1, 2}}}
	opts := &jws.SignOptions{Header: h, Unencoded: unencoded, Detached: detached}
	var (
		tok []byte
		err error
	)
	switch ser {
	case jws.Compact:
		var c string
		c, err = jws.Sign(t.Context(), payload, s, opts)
		tok = []byte(c)
	case jws.Flattened:
		opts.Unprotected = map[string]any{"note": "unprotected"}
		tok, err = jws.SignFlattened(t.Context(), payload, s, opts)
	case jws.General:
		opts.Header = jws.Header{}
		h.Unprotected = map[string]any{"note": "unprotected"}
		tok, err = jws.SignGeneral(t.Context(), payload, []jws.Signer{{Signer: s, Header: h}, {Signer: newHS256(keyB), Header: jws.Header{KeyID: "b"}}}, opts)
	}
	if unencoded && !detached && ser == jws.Compact && !compactSafe(payload) {
		if !errors.Is(err, jws.ErrB64) {
			t.Fatalf("Sign = %v, want ErrB64 for a payload the compact form cannot carry", err)
		}
		return
	}
	if unencoded && !detached && ser != jws.Compact && pnameBinary(payload) {
		if !errors.Is(err, jws.ErrB64) {
			t.Fatalf("Sign = %v, want ErrB64 for a non-UTF-8 unencoded JSON payload", err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	var vo *jws.VerifyOptions
	if detached {
		vo = &jws.VerifyOptions{DetachedPayload: payload}
		if bytes.Contains(tok, []byte(enc(payload))) && len(payload) > 0 {
			t.Errorf("detached token contains the payload: %s", tok)
		}
		if _, err := jws.Verify(t.Context(), tok, v, nil); err == nil && len(payload) > 0 {
			t.Error("a detached JWS verified without its payload")
		}
	}
	msg, err := jws.Verify(t.Context(), tok, v, vo)
	if err != nil {
		t.Fatalf("Verify(%s) = %v", tok, err)
	}
	if !bytes.Equal(msg.Payload(), payload) {
		t.Errorf("payload = %q, want %q", msg.Payload(), payload)
	}
	if msg.Serialization() != ser {
		t.Errorf("Serialization = %v, want %v", msg.Serialization(), ser)
	}
	if msg.Detached() != detached {
		t.Errorf("Detached = %v", msg.Detached())
	}
	sig := msg.Signature()
	if sig.Algorithm() != s.Algorithm() || sig.KeyID() != h.KeyID || sig.Type() != "JOSE" || sig.ContentType() != "example" || sig.Unencoded() != unencoded {
		t.Errorf("header = alg %q kid %q typ %q cty %q unencoded %v", sig.Algorithm(), sig.KeyID(), sig.Type(), sig.ContentType(), sig.Unencoded())
	}
	if v, ok := sig.Get("ext"); !ok || string(v) != "[1,2]" || !sig.IsProtected("ext") {
		t.Errorf("Get(ext) = %s, %v", v, ok)
	}
	if ser != jws.Compact {
		if v, ok := sig.Get("note"); !ok || string(v) != `"unprotected"` || sig.IsProtected("note") {
			t.Errorf("Get(note) = %s, %v, protected %v", v, ok, sig.IsProtected("note"))
		}
	}
	if _, ok := sig.Get("nothing"); ok {
		t.Error("Get(nothing) found something")
	}
	var ph map[string]any
	if err := json.Unmarshal(sig.ProtectedHeader(), &ph); err != nil || ph["alg"] != s.Algorithm() {
		t.Errorf("ProtectedHeader = %s (%v)", sig.ProtectedHeader(), err)
	}
	if unencoded && !reflect.DeepEqual(sig.Critical(), []string{"b64"}) {
		t.Errorf("Critical = %q", sig.Critical())
	}
}

// compactSafe reports whether p may be an unencoded compact payload
// (RFC 7797, Section 5.2).
func compactSafe(p []byte) bool {
	for _, c := range p {
		if c < 0x20 || c > 0x7e || c == '.' {
			return false
		}
	}
	return true
}

func pnameBinary(p []byte) bool { return bytes.IndexByte(p, 0xff) >= 0 }

func TestPolicy(t *testing.T) {
	payload := []byte("multi")
	tok, err := jws.SignGeneral(t.Context(), payload, []jws.Signer{
		{Signer: newHS256(keyA), Header: jws.Header{KeyID: "a"}},
		{Signer: edA, Header: jws.Header{KeyID: "e"}},
		{Signer: newHS256(keyB), Header: jws.Header{KeyID: "b"}},
		{Signer: newHS256(keyA), Header: jws.Header{KeyID: "a2"}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	edV := &testEdDSA{pub: edA.pub}
	tests := []struct {
		name string
		v    jwa.Verifier
		opts *jws.VerifyOptions
		want error
		kids []string // key IDs of the verified signatures
	}{
		{"any, first", newHS256(keyA), nil, nil, []string{"a"}},
		{"any, later", newHS256(keyB), nil, nil, []string{"b"}},
		{"any, other alg", edV, nil, nil, []string{"e"}},
		{"any, none fits", newHS256([]byte("ffffffffffffffffffffffffffffffff")), nil, jwa.ErrVerification, nil},
		{"all, mixed", newHS256(keyA), &jws.VerifyOptions{RequireAll: true}, jwa.ErrVerification, nil},
		{"kid a", newHS256(keyA), &jws.VerifyOptions{RequireKeyIDs: []string{"a"}}, nil, []string{"a"}},
		{"kids a and a2", newHS256(keyA), &jws.VerifyOptions{RequireKeyIDs: []string{"a", "a2"}}, nil, []string{"a", "a2"}},
		{"kid b with key a", newHS256(keyA), &jws.VerifyOptions{RequireKeyIDs: []string{"b"}}, jwa.ErrVerification, nil},
		{"kids a and b with key a", newHS256(keyA), &jws.VerifyOptions{RequireKeyIDs: []string{"a", "b"}}, jwa.ErrVerification, nil},
		{"absent kid", newHS256(keyA), &jws.VerifyOptions{RequireKeyIDs: []string{"zz"}}, jwa.ErrVerification, nil},
		{"kid e", edV, &jws.VerifyOptions{RequireKeyIDs: []string{"e"}}, nil, []string{"e"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := jws.Verify(t.Context(), tok, tt.v, tt.opts)
			wantErr(t, err, tt.want)
			if err != nil {
				return
			}
			var kids []string
			for _, s := range msg.Signatures() {
				kids = append(kids, s.KeyID())
			}
			if !reflect.DeepEqual(kids, tt.kids) {
				t.Errorf("verified key IDs %q, want %q", kids, tt.kids)
			}
		})
	}
	t.Run("all, same key", func(t *testing.T) {
		tok, err := jws.SignGeneral(t.Context(), payload, []jws.Signer{
			{Signer: newHS256(keyA), Header: jws.Header{KeyID: "1"}},
			{Signer: newHS256(keyA), Header: jws.Header{KeyID: "2"}},
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := jws.Verify(t.Context(), tok, newHS256(keyA), &jws.VerifyOptions{RequireAll: true})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(msg.Signatures()); n != 2 {
			t.Errorf("%d verified signatures, want 2", n)
		}
		bad := tamper(t, tok, func(s []byte) []byte { s[0] ^= 1; return s })
		// tamper changes every signature; change only the second instead.
		var m map[string]any
		_ = json.Unmarshal(tok, &m)
		sigs := m["signatures"].([]any)
		sigs[1].(map[string]any)["signature"] = enc(make([]byte, 32))
		oneBad := mustJSON(t, m)
		if _, err := jws.Verify(t.Context(), bad, newHS256(keyA), &jws.VerifyOptions{RequireAll: true}); !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("all bad: %v", err)
		}
		if _, err := jws.Verify(t.Context(), oneBad, newHS256(keyA), &jws.VerifyOptions{RequireAll: true}); !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("second bad, RequireAll: %v", err)
		}
		if _, err := jws.Verify(t.Context(), oneBad, newHS256(keyA), nil); err != nil {
			t.Errorf("second bad, any: %v", err)
		}
	})
}

func TestParseThenVerify(t *testing.T) {
	keys := map[string]jwa.Verifier{"a": newHS256(keyA), "b": newHS256(keyB)}
	tok, err := jws.Sign(t.Context(), []byte("chosen by kid"), newHS256(keyB), &jws.SignOptions{Header: jws.Header{KeyID: "b"}})
	if err != nil {
		t.Fatal(err)
	}
	buf := []byte(tok)
	u, err := jws.Parse(buf, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Parse must not keep the caller's bytes.
	for i := range buf {
		buf[i] = 'A'
	}
	if u.Serialization() != jws.Compact {
		t.Errorf("Serialization = %v", u.Serialization())
	}
	sigs := u.UnverifiedSignatures()
	if len(sigs) != 1 || sigs[0].KeyID() != "b" || sigs[0].RawProtected() != strings.Split(tok, ".")[0] {
		t.Fatalf("unverified signatures %+v", sigs)
	}
	if string(u.UnverifiedPayload()) != "chosen by kid" {
		t.Errorf("UnverifiedPayload = %q", u.UnverifiedPayload())
	}
	if _, err := u.Verify(t.Context(), keys["a"]); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("Verify with the other key = %v", err)
	}
	msg, err := u.Verify(t.Context(), keys[sigs[0].KeyID()])
	if err != nil {
		t.Fatal(err)
	}
	if string(msg.Payload()) != "chosen by kid" {
		t.Errorf("payload = %q", msg.Payload())
	}
	if _, err := u.Verify(t.Context(), nil); !errors.Is(err, jws.ErrInvalidOptions) {
		t.Errorf("nil Verifier: Verify = %v, want ErrInvalidOptions", err)
	}
}

func TestDetachedNotRetained(t *testing.T) {
	payload := []byte("detached content")
	tok, err := jws.SignFlattened(t.Context(), payload, newHS256(keyA), &jws.SignOptions{Detached: true})
	if err != nil {
		t.Fatal(err)
	}
	det := bytes.Clone(payload)
	u, err := jws.Parse(tok, &jws.VerifyOptions{DetachedPayload: det})
	if err != nil {
		t.Fatal(err)
	}
	det[0] = 'X'
	msg, err := u.Verify(t.Context(), newHS256(keyA))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(msg.Payload(), payload) {
		t.Errorf("payload = %q", msg.Payload())
	}
}

func TestSignRejects(t *testing.T) {
	s := newHS256(keyA)
	tests := []struct {
		name string
		opts *jws.SignOptions
		want error
	}{
		{"alg in Protected", &jws.SignOptions{Header: jws.Header{Protected: map[string]any{"alg": "none"}}}, jws.ErrInvalidHeader},
		{"kid in Protected", &jws.SignOptions{Header: jws.Header{Protected: map[string]any{"kid": "a"}}}, jws.ErrInvalidHeader},
		{"typ in Protected", &jws.SignOptions{Header: jws.Header{Protected: map[string]any{"typ": "a"}}}, jws.ErrInvalidHeader},
		{"cty in Protected", &jws.SignOptions{Header: jws.Header{Protected: map[string]any{"cty": "a"}}}, jws.ErrInvalidHeader},
		{"crit in Protected", &jws.SignOptions{Header: jws.Header{Protected: map[string]any{"crit": []string{"x"}}}}, jws.ErrInvalidHeader},
		{"b64 in Protected", &jws.SignOptions{Header: jws.Header{Protected: map[string]any{"b64": false}}}, jws.ErrInvalidHeader},
		{"empty name", &jws.SignOptions{Header: jws.Header{Protected: map[string]any{"": 1}}}, jws.ErrInvalidHeader},
		{"invalid UTF-8 name", &jws.SignOptions{Header: jws.Header{Protected: map[string]any{"\xff": 1}}}, jws.ErrInvalidHeader},
		{"invalid UTF-8 kid", &jws.SignOptions{Header: jws.Header{KeyID: "\xff"}}, jws.ErrInvalidHeader},
		{"unencodable value", &jws.SignOptions{Header: jws.Header{Protected: map[string]any{"x": make(chan int)}}}, jws.ErrInvalidHeader},
		{"crit b64", &jws.SignOptions{Header: jws.Header{Critical: []string{"b64"}}}, jws.ErrInvalidHeader},
		{"crit registered", &jws.SignOptions{Header: jws.Header{KeyID: "a", Critical: []string{"kid"}}}, jws.ErrInvalidHeader},
		{"crit absent", &jws.SignOptions{Header: jws.Header{Critical: []string{"x"}}}, jws.ErrInvalidHeader},
		{"crit duplicate", &jws.SignOptions{Header: jws.Header{Critical: []string{"x", "x"}, Protected: map[string]any{"x": 1}}}, jws.ErrInvalidHeader},
		{"unprotected in compact", &jws.SignOptions{Header: jws.Header{Unprotected: map[string]any{"x": 1}}}, jws.ErrInvalidHeader},
		{"unencoded dot", &jws.SignOptions{Unencoded: true}, jws.ErrB64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jws.Sign(t.Context(), []byte("a.b"), s, tt.opts)
			wantErr(t, err, tt.want)
		})
	}
	jsonTests := []struct {
		name    string
		payload []byte
		opts    *jws.SignOptions
		want    error
	}{
		{"unprotected alg", nil, &jws.SignOptions{Header: jws.Header{Unprotected: map[string]any{"alg": "HS256"}}}, jws.ErrInvalidHeader},
		{"unprotected crit", nil, &jws.SignOptions{Header: jws.Header{Unprotected: map[string]any{"crit": []string{"x"}}}}, jws.ErrInvalidHeader},
		{"unprotected b64", nil, &jws.SignOptions{Header: jws.Header{Unprotected: map[string]any{"b64": true}}}, jws.ErrInvalidHeader},
		{"kid in both", nil, &jws.SignOptions{Header: jws.Header{KeyID: "a", Unprotected: map[string]any{"kid": "b"}}}, jws.ErrInvalidHeader},
		{"typ in both", nil, &jws.SignOptions{Header: jws.Header{Type: "a", Unprotected: map[string]any{"typ": "b"}}}, jws.ErrInvalidHeader},
		{"cty in both", nil, &jws.SignOptions{Header: jws.Header{ContentType: "a", Unprotected: map[string]any{"cty": "b"}}}, jws.ErrInvalidHeader},
		{"extra in both", nil, &jws.SignOptions{Header: jws.Header{Protected: map[string]any{"x": 1}, Unprotected: map[string]any{"x": 1}}}, jws.ErrInvalidHeader},
		{"unprotected empty name", nil, &jws.SignOptions{Header: jws.Header{Unprotected: map[string]any{"": 1}}}, jws.ErrInvalidHeader},
		{"unprotected unencodable", nil, &jws.SignOptions{Header: jws.Header{Unprotected: map[string]any{"x": func() {}}}}, jws.ErrInvalidHeader},
		{"unencoded invalid UTF-8", []byte{0xff}, &jws.SignOptions{Unencoded: true}, jws.ErrB64},
		{"unencoded invalid UTF-8 detached", []byte{0xff}, &jws.SignOptions{Unencoded: true, Detached: true}, nil},
		{"unencoded dot", []byte("a.b"), &jws.SignOptions{Unencoded: true}, nil},
	}
	for _, tt := range jsonTests {
		t.Run("flattened/"+tt.name, func(t *testing.T) {
			_, err := jws.SignFlattened(t.Context(), tt.payload, s, tt.opts)
			wantErr(t, err, tt.want)
		})
	}
	t.Run("general/header in options", func(t *testing.T) {
		_, err := jws.SignGeneral(t.Context(), nil, []jws.Signer{{Signer: s}}, &jws.SignOptions{Header: jws.Header{KeyID: "a"}})
		wantErr(t, err, jws.ErrInvalidHeader)
	})
	t.Run("general/no signers", func(t *testing.T) {
		_, err := jws.SignGeneral(t.Context(), nil, nil, nil)
		wantErr(t, err, jws.ErrInvalidHeader)
	})
	t.Run("general/nil signer", func(t *testing.T) {
		_, err := jws.SignGeneral(t.Context(), nil, []jws.Signer{{Signer: s}, {}}, nil)
		wantErr(t, err, jws.ErrInvalidHeader)
	})
	t.Run("nil signer", func(t *testing.T) {
		_, err := jws.Sign(t.Context(), nil, nil, nil)
		wantErr(t, err, jws.ErrInvalidHeader)
	})
	t.Run("signer fails", func(t *testing.T) {
		if _, err := jws.Sign(t.Context(), nil, failingSigner{}, nil); err == nil || !strings.Contains(err.Error(), "hsm unreachable") {
			t.Errorf("Sign = %v", err)
		}
		if _, err := jws.SignFlattened(t.Context(), nil, failingSigner{}, nil); err == nil {
			t.Error("SignFlattened: no error")
		}
	})
}

func TestCriticalRoundTrip(t *testing.T) {
	h := jws.Header{Critical: []string{"urn:example:policy"}, Protected: map[string]any{"urn:example:policy": "strict"}}
	tok, err := jws.Sign(t.Context(), []byte("x"), newHS256(keyA), &jws.SignOptions{Header: h, Unencoded: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jws.Verify(t.Context(), []byte(tok), newHS256(keyA), nil); !errors.Is(err, jws.ErrCritical) {
		t.Errorf("without declaring the extension: %v, want ErrCritical", err)
	}
	msg, err := jws.Verify(t.Context(), []byte(tok), newHS256(keyA), &jws.VerifyOptions{Critical: []string{"urn:example:policy"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := msg.Signature().Critical(); !reflect.DeepEqual(got, []string{"b64", "urn:example:policy"}) {
		t.Errorf("Critical = %q", got)
	}
}

// TestHugeTokenRefusedCheaply checks that a token over the size limit is
// refused before any splitting or decoding: no allocation at all.
func TestHugeTokenRefusedCheaply(t *testing.T) {
	huge := bytes.Repeat([]byte("A"), 2<<20)
	copy(huge, compact(`{"alg":"HS256"}`, "eA"))
	v := newHS256(keyA)
	ctx := t.Context()
	var err error
	allocs := testing.AllocsPerRun(20, func() { _, err = jws.Verify(ctx, huge, v, nil) })
	if !errors.Is(err, jws.ErrTooLarge) || !errors.Is(err, jwa.ErrLimit) {
		t.Fatalf("Verify = %v, want ErrTooLarge", err)
	}
	if allocs > 0 {
		t.Errorf("refusing a 2 MiB token made %v allocations, want 0", allocs)
	}
	hugeJSON := append([]byte(`{"payload":"`), huge...)
	allocs = testing.AllocsPerRun(20, func() { _, err = jws.Parse(hugeJSON, nil) })
	if !errors.Is(err, jws.ErrTooLarge) {
		t.Fatalf("Parse = %v, want ErrTooLarge", err)
	}
	if allocs > 0 {
		t.Errorf("refusing a 2 MiB JSON token made %v allocations, want 0", allocs)
	}
}

func TestSerializationString(t *testing.T) {
	for s, want := range map[jws.Serialization]string{jws.Compact: "compact", jws.Flattened: "flattened JSON", jws.General: "general JSON", 0: "Serialization(0)"} {
		if s.String() != want {
			t.Errorf("%d.String() = %q, want %q", s, s.String(), want)
		}
	}
}

func TestAlgorithmErrorAllowList(t *testing.T) {
	e := &jws.AlgorithmError{Token: "none", Allowed: []string{"RS256", "ES256"}}
	if got, want := e.Error(), `jws: token uses "none", allowed algorithms are "RS256", "ES256"`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(e, jwa.ErrVerification) {
		t.Error("does not unwrap to ErrVerification")
	}
}
