package conformance_test

// JWS vectors (RFC 7515 Appendix A and E, RFC 7797 Section 4, RFC 8037
// A.4/A.5, the RFC 7520 Section 4 cookbook, and the cookbook's RFC 7797
// and Ed25519 examples) run through core/jws with this project's
// algorithm modules. Every identifier here starts with "jws" (or
// "Example_jws") so that the JWE tests beside this file cannot collide
// with it.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	_ "github.com/joseframework/jose/algs/ecdsa"
	_ "github.com/joseframework/jose/algs/eddsa"
	_ "github.com/joseframework/jose/algs/hmac"
	_ "github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/conformance"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
)

// jwsSkips lists every (vector, test) pair of a JWS vector that this file
// does not run, and why. A pair neither run nor listed fails the test, and
// so does a listed pair that no vector has.
var jwsSkips = map[string]string{
	// The RFC's protected header is {"typ":"JWT",CR LF SP "alg":"HS256"};
	// jws.Sign writes compact JSON with "alg" first, so it cannot make
	// those bytes. Verification of the published token runs, and HS256
	// re-signing is compared byte for byte on RFC 7797 4.1 and RFC 7520
	// 4.4, 4.5, 4.6 and the cookbook's b64 example with the same code.
	"RFC7515-A.1/sign": "the RFC's header bytes (CR LF, key order) are not what jws.Sign writes",
}

// jwsCookbookSkips lists cookbook JWS files not run, and why. It is empty:
// every file runs.
var jwsCookbookSkips = map[string]string{}

func jwsRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := fs.ReadFile(conformance.Vectors(), name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// jwsParseKey parses a vector JWK (a JSON value), adding kid when the
// vector gives it separately.
func jwsParseKey(t testing.TB, v any, kid string) *jwk.Key {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("vector key is %T", v)
	}
	if kid != "" {
		m = maps.Clone(m)
		m["kid"] = kid
	}
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	k, err := jwk.ParseKey(raw)
	if err != nil {
		t.Fatalf("vector key: %v", err)
	}
	return k
}

func jwsAlg(t testing.TB, name string) jwa.SignatureAlgorithm {
	t.Helper()
	a, err := jwa.Signature(name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func jwsVerifier(t testing.TB, alg string, k *jwk.Key) jwa.Verifier {
	t.Helper()
	v, err := jwsAlg(t, alg).NewVerifier(k.Key())
	if err != nil {
		t.Fatalf("%s verifier: %v", alg, err)
	}
	return v
}

func jwsSigner(t testing.TB, alg string, k *jwk.Key) jwa.Signer {
	t.Helper()
	s, err := jwsAlg(t, alg).NewSigner(k.Key())
	if err != nil {
		t.Fatalf("%s signer: %v", alg, err)
	}
	return s
}

// jwsHeader turns a vector's protected header object into signing
// options; "alg" comes from the Signer.
func jwsHeader(t testing.TB, protected map[string]any, unprotected map[string]any) jws.SignOptions {
	t.Helper()
	var o jws.SignOptions
	for name, v := range protected {
		switch name {
		case "alg":
		case "kid":
			o.KeyID = v.(string)
		case "typ":
			o.Type = v.(string)
		case "cty":
			o.ContentType = v.(string)
		case "b64":
			o.Unencoded = v == false
		case "crit":
			for _, c := range v.([]any) {
				if c != "b64" {
					o.Critical = append(o.Critical, c.(string))
				}
			}
		default:
			if o.Protected == nil {
				o.Protected = map[string]any{}
			}
			o.Protected[name] = v
		}
	}
	o.Unprotected = unprotected
	return o
}

// jwsSameJSON reports whether two JSON texts hold the same value.
func jwsSameJSON(t testing.TB, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("invalid JSON %s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

// jwsTamper returns token with the last byte of every signature flipped.
func jwsTamper(t testing.TB, token []byte) []byte {
	t.Helper()
	flip := func(s string) string {
		b := jweB64(t, s)
		b[len(b)-1] ^= 1
		return jwsEnc(b)
	}
	if token[0] != '{' {
		i := bytes.LastIndexByte(token, '.')
		return []byte(string(token[:i+1]) + flip(string(token[i+1:])))
	}
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
		s["signature"] = flip(s["signature"].(string))
	}
	out, _ := json.Marshal(m)
	return out
}

func jwsEnc(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

type jwsRFCVector struct {
	ID       string
	Category string
	Alg      string
	Tests    []string
	Key      any
	Keys     map[string]any
	Input    map[string]any
	Expected map[string]any
}

// jwsForm is one serialization of a vector to verify.
type jwsForm struct {
	name     string
	token    []byte
	detached bool
}

func jwsForms(t testing.TB, v jwsRFCVector) []jwsForm {
	t.Helper()
	var forms []jwsForm
	for _, m := range []map[string]any{v.Input, v.Expected} {
		if c, ok := m["compact"].(string); ok {
			forms = append(forms, jwsForm{"compact", []byte(c), false})
		}
	}
	if c, ok := v.Expected["compact_detached"].(string); ok {
		forms = append(forms, jwsForm{"compact_detached", []byte(c), true})
	}
	for _, k := range []string{"json", "json_flattened"} {
		if j, ok := v.Expected[k]; ok {
			b, err := json.Marshal(j)
			if err != nil {
				t.Fatal(err)
			}
			forms = append(forms, jwsForm{k, b, false})
		}
	}
	return forms
}

func TestJWSVectors(t *testing.T) {
	seen := map[string]bool{}
	ran := 0
	for _, file := range []string{"rfcs/rfc7515.json", "rfcs/rfc7797.json", "rfcs/rfc8037.json"} {
		var f struct{ Vectors []jwsRFCVector }
		if err := json.Unmarshal(jwsRead(t, file), &f); err != nil {
			t.Fatal(err)
		}
		for _, v := range f.Vectors {
			if v.Category != "jws" {
				continue
			}
			for _, test := range v.Tests {
				name := v.ID + "/" + test
				seen[name] = true
				if _, skip := jwsSkips[name]; skip {
					continue
				}
				ran++
				t.Run(name, func(t *testing.T) { jwsRunRFC(t, v, test) })
			}
		}
	}
	if ran == 0 {
		t.Fatal("no JWS vectors ran")
	}
	for name := range jwsSkips {
		if !seen[name] {
			t.Errorf("jwsSkips lists %s, which no vector has", name)
		}
	}
}

func jwsRunRFC(t *testing.T, v jwsRFCVector, test string) {
	payload := func() []byte {
		if p, ok := v.Input["payload"].(string); ok {
			return []byte(p)
		}
		p, ok := v.Expected["payload"].(string)
		if !ok {
			t.Fatal("vector has no payload")
		}
		return []byte(p)
	}
	switch test {
	case "verify", "verify-detached":
		forms := jwsForms(t, v)
		if len(forms) == 0 {
			t.Fatal("no serialization to verify")
		}
		if test == "verify-detached" && !slices.ContainsFunc(forms, func(f jwsForm) bool { return f.detached }) {
			t.Fatal("verify-detached without a detached form")
		}
		p := payload()
		if v.Keys != nil {
			jwsVerifyMulti(t, v, forms, p)
			return
		}
		ver := jwsVerifier(t, v.Alg, jwsParseKey(t, v.Key, ""))
		for _, f := range forms {
			var opts *jws.VerifyOptions
			if f.detached {
				opts = &jws.VerifyOptions{DetachedPayload: p}
			}
			msg, err := jws.Verify(t.Context(), f.token, ver, opts)
			if err != nil {
				t.Fatalf("%s: Verify = %v", f.name, err)
			}
			if !bytes.Equal(msg.Payload(), p) {
				t.Errorf("%s: payload %q, want %q", f.name, msg.Payload(), p)
			}
			if _, err := jws.Verify(t.Context(), jwsTamper(t, f.token), ver, opts); !errors.Is(err, jwa.ErrVerification) {
				t.Errorf("%s: tampered signature: %v, want ErrVerification", f.name, err)
			}
		}
	case "sign":
		s := jwsSigner(t, v.Alg, jwsParseKey(t, v.Key, ""))
		hdr, _ := v.Input["protected_header"].(map[string]any)
		if hdr == nil {
			t.Fatal("no protected_header")
		}
		opts := jwsHeader(t, hdr, nil)
		compared := 0
		if want, ok := v.Expected["compact"].(string); ok {
			got, err := jws.Sign(t.Context(), payload(), s, &opts)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("Sign =\n%s\nwant\n%s", got, want)
			}
			compared++
		}
		if want, ok := v.Expected["compact_detached"].(string); ok {
			o := opts
			o.Detached = true
			got, err := jws.Sign(t.Context(), payload(), s, &o)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("Sign(detached) =\n%s\nwant\n%s", got, want)
			}
			compared++
		}
		if want, ok := v.Expected["json_flattened"]; ok {
			got, err := jws.SignFlattened(t.Context(), payload(), s, &opts)
			if err != nil {
				t.Fatal(err)
			}
			wantJSON, _ := json.Marshal(want)
			if !jwsSameJSON(t, got, wantJSON) {
				t.Errorf("SignFlattened =\n%s\nwant\n%s", got, wantJSON)
			}
			compared++
		}
		if compared == 0 {
			t.Fatal("nothing to compare")
		}
	case "reject":
		tok := []byte(v.Expected["compact"].(string))
		for _, alg := range jwa.SignatureNames() {
			a := jwsAlg(t, alg)
			_, err := jws.VerifyKeys(t.Context(), tok, &jwk.Set{}, []jwa.SignatureAlgorithm{a}, nil)
			if !errors.Is(err, jws.ErrCritical) {
				t.Errorf("VerifyKeys with %s allowed = %v, want ErrCritical", alg, err)
			}
		}
	case "serialize", "parse":
		// RFC 7515 A.5: an unsecured JWS. It parses for inspection, is
		// refused by every verification path, and cannot be made.
		tok := []byte(v.Expected["compact"].(string))
		u, err := jws.Parse(tok, nil)
		if err != nil {
			t.Fatal(err)
		}
		if alg := u.UnverifiedSignatures()[0].Algorithm(); alg != "none" {
			t.Fatalf("alg %q", alg)
		}
		var algs []jwa.SignatureAlgorithm
		for _, name := range jwa.SignatureNames() {
			algs = append(algs, jwsAlg(t, name))
		}
		_, err = jws.VerifyKeys(t.Context(), tok, &jwk.Set{}, algs, nil)
		if !errors.As(err, new(*jws.AlgorithmError)) {
			t.Errorf("VerifyKeys with every algorithm allowed = %v, want *AlgorithmError", err)
		}
	default:
		t.Fatalf("unknown test %q", test)
	}
}

// jwsVerifyMulti verifies a vector with several keys (RFC 7515 A.6): each
// key alone verifies its signature, and the set of all keys verifies
// every signature.
func jwsVerifyMulti(t *testing.T, v jwsRFCVector, forms []jwsForm, payload []byte) {
	set := &jwk.Set{}
	for kid, raw := range v.Keys {
		set.Keys = append(set.Keys, jwsParseKey(t, raw, kid))
	}
	var algs []jwa.SignatureAlgorithm
	for _, f := range forms {
		u, err := jws.Parse(f.token, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range u.UnverifiedSignatures() {
			algs = append(algs, jwsAlg(t, s.Algorithm()))
		}
		msg, err := jws.VerifyKeys(t.Context(), f.token, set, algs, &jws.VerifyOptions{RequireAll: true})
		if err != nil {
			t.Fatalf("%s: VerifyKeys(all) = %v", f.name, err)
		}
		if len(msg.Signatures()) != len(u.UnverifiedSignatures()) || !bytes.Equal(msg.Payload(), payload) {
			t.Errorf("%s: %d signatures verified, payload %q", f.name, len(msg.Signatures()), msg.Payload())
		}
		for _, s := range u.UnverifiedSignatures() {
			k := set.Select(jwk.Query{KeyID: s.KeyID()})
			if len(k) != 1 {
				t.Fatalf("no single key for kid %q", s.KeyID())
			}
			opts := &jws.VerifyOptions{RequireKeyIDs: []string{s.KeyID()}}
			if _, err := jws.Verify(t.Context(), f.token, jwsVerifier(t, s.Algorithm(), k[0]), opts); err != nil {
				t.Errorf("%s: signature %q alone: %v", f.name, s.KeyID(), err)
			}
		}
		if _, err := jws.VerifyKeys(t.Context(), jwsTamper(t, f.token), set, algs, nil); !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("%s: tampered: %v, want ErrVerification", f.name, err)
		}
	}
}

// jwsCookbookCase says what to do with one cookbook file.
type jwsCookbookCase struct {
	file     string
	expect   string // "valid" or "reject-b64"
	detached bool
	resign   bool   // outputs are deterministic and this package can make them
	why      string // why a valid case is not re-signed
}

var jwsCookbook = []jwsCookbookCase{
	{file: "rfc7520/jws/4_1.rsa_v15_signature.json", expect: "valid", resign: true},
	{file: "rfc7520/jws/4_2.rsa-pss_signature.json", expect: "valid", why: "RSA-PSS signatures are randomized"},
	{file: "rfc7520/jws/4_3.ecdsa_signature.json", expect: "valid", why: "ECDSA signatures are randomized"},
	{file: "rfc7520/jws/4_4.hmac-sha2_integrity_protection.json", expect: "valid", resign: true},
	{file: "rfc7520/jws/4_5.signature_with_detached_content.json", expect: "valid", detached: true, resign: true},
	{file: "rfc7520/jws/4_6.protecting_specific_header_fields.json", expect: "valid", resign: true},
	{file: "rfc7520/jws/4_7.protecting_content_only.json", expect: "valid", why: "\"alg\" is unprotected; jws.Sign always protects it"},
	{file: "rfc7520/jws/4_8.multiple_signatures.json", expect: "valid", why: "ES512 is randomized and its \"alg\" unprotected"},
	{file: "rfc7520/rfc7797/hmac-sha2_b64_false.json", expect: "valid", resign: true},
	{file: "rfc7520/curve25519/jws.json", expect: "valid", resign: true},
	// The header encoded in this file is {"alg":"HS256","b64":false}
	// without "crit", although its "signing.protected" object lists
	// one: RFC 7797, Section 6 requires "b64" to be listed in "crit", so
	// the JWS is rejected although the MAC is right.
	{file: "rfc7520/rfc7797/4.2.hmac-sha2_b64_false.json", expect: "reject-b64"},
}

type jwsCookbookFile struct {
	Input struct {
		Payload string
		Key     json.RawMessage // one JWK or a list
		Alg     json.RawMessage // one name or a list
	}
	Signing json.RawMessage // one object or a list
	Output  map[string]json.RawMessage
}

func TestJWSCookbook(t *testing.T) {
	// Every JWS file of the cookbook is in the table.
	var files []string
	for _, dir := range []string{"rfc7520/jws", "rfc7520/rfc7797", "rfc7520/curve25519"} {
		entries, err := fs.ReadDir(conformance.Vectors(), dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".json") && e.Name() != "ecdh-es.json" {
				files = append(files, dir+"/"+e.Name())
			}
		}
	}
	if len(files) == 0 {
		t.Fatal("no cookbook JWS files")
	}
	listed := map[string]bool{}
	for _, c := range jwsCookbook {
		listed[c.file] = true
	}
	for f := range jwsCookbookSkips {
		if !slices.Contains(files, f) {
			t.Errorf("jwsCookbookSkips lists %s, which is not a cookbook JWS file", f)
		}
		listed[f] = true
	}
	for _, f := range files {
		if !listed[f] {
			t.Errorf("cookbook file %s is neither run nor skipped", f)
		}
	}
	for _, c := range jwsCookbook {
		t.Run(c.file, func(t *testing.T) { jwsRunCookbook(t, c) })
	}
}

func jwsRunCookbook(t *testing.T, c jwsCookbookCase) {
	var f jwsCookbookFile
	if err := json.Unmarshal(jwsRead(t, c.file), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Output) == 0 {
		t.Fatal("no outputs")
	}
	var rawKeys []json.RawMessage
	if err := json.Unmarshal(f.Input.Key, &rawKeys); err != nil {
		rawKeys = []json.RawMessage{f.Input.Key}
	}
	var algNames []string
	if err := json.Unmarshal(f.Input.Alg, &algNames); err != nil {
		var one string
		if err := json.Unmarshal(f.Input.Alg, &one); err != nil {
			t.Fatal(err)
		}
		algNames = []string{one}
	}
	if len(rawKeys) != len(algNames) {
		t.Fatalf("%d keys for %d algorithms", len(rawKeys), len(algNames))
	}
	set := &jwk.Set{}
	var algs []jwa.SignatureAlgorithm
	for i, raw := range rawKeys {
		var m any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		set.Keys = append(set.Keys, jwsParseKey(t, m, ""))
		algs = append(algs, jwsAlg(t, algNames[i]))
	}
	payload := []byte(f.Input.Payload)
	var opts *jws.VerifyOptions
	if c.detached {
		opts = &jws.VerifyOptions{DetachedPayload: payload}
	}
	unencoded := false
	for form, raw := range f.Output {
		token := []byte(raw)
		if form == "compact" {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				t.Fatal(err)
			}
			token = []byte(s)
		}
		switch c.expect {
		case "valid":
			// With each key and its algorithm alone...
			for i, k := range set.Keys {
				o := jws.VerifyOptions{}
				if opts != nil {
					o = *opts
				}
				msg, err := jws.Verify(t.Context(), token, jwsVerifier(t, algNames[i], k), &o)
				if err != nil {
					t.Fatalf("%s, key %d: Verify = %v", form, i, err)
				}
				if !bytes.Equal(msg.Payload(), payload) {
					t.Errorf("%s: payload %q, want %q", form, msg.Payload(), payload)
				}
				if got := msg.Signature().Algorithm(); got != algNames[i] {
					t.Errorf("%s: verified a %s signature with the %s key", form, got, algNames[i])
				}
				unencoded = msg.Signature().Unencoded()
			}
			// ...and with the whole set, every signature (4.8 has two
			// keys with one "kid": kid, alg and kty choose).
			all := jws.VerifyOptions{RequireAll: true}
			if opts != nil {
				all.DetachedPayload = opts.DetachedPayload
			}
			msg, err := jws.VerifyKeys(t.Context(), token, set, algs, &all)
			if err != nil {
				t.Fatalf("%s: VerifyKeys(all) = %v", form, err)
			}
			if form == "json" && len(set.Keys) > 1 && len(msg.Signatures()) != len(set.Keys) {
				t.Errorf("%s: %d signatures verified, want %d", form, len(msg.Signatures()), len(set.Keys))
			}
			if _, err := jws.VerifyKeys(t.Context(), jwsTamper(t, token), set, algs, opts); !errors.Is(err, jwa.ErrVerification) {
				t.Errorf("%s: tampered: %v, want ErrVerification", form, err)
			}
		case "reject-b64":
			_, err := jws.VerifyKeys(t.Context(), token, set, algs, opts)
			if !errors.Is(err, jws.ErrB64) {
				t.Errorf("%s: VerifyKeys = %v, want ErrB64", form, err)
			}
		default:
			t.Fatalf("unknown expect value %q", c.expect)
		}
	}
	if !c.resign {
		if c.expect == "valid" && c.why == "" {
			t.Fatal("a valid case must be re-signed or say why not")
		}
		return
	}
	var sg struct {
		Protected   map[string]any
		Unprotected map[string]any
	}
	if err := json.Unmarshal(f.Signing, &sg); err != nil {
		t.Fatal(err)
	}
	so := jwsHeader(t, sg.Protected, sg.Unprotected)
	so.Unencoded = unencoded
	so.Detached = c.detached
	s := jwsSigner(t, algNames[0], set.Keys[0])
	for form, raw := range f.Output {
		var got []byte
		var err error
		switch form {
		case "compact":
			var tok string
			tok, err = jws.Sign(t.Context(), payload, s, &so)
			got, _ = json.Marshal(tok)
		case "json_flat":
			got, err = jws.SignFlattened(t.Context(), payload, s, &so)
		case "json":
			g := jws.SignOptions{Unencoded: so.Unencoded, Detached: so.Detached}
			got, err = jws.SignGeneral(t.Context(), payload, []jws.Signer{{Signer: s, Header: so.Header}}, &g)
		default:
			t.Fatalf("unknown output form %q", form)
		}
		if err != nil {
			t.Fatalf("%s: %v", form, err)
		}
		if form == "compact" && !bytes.Equal(got, raw) || !jwsSameJSON(t, got, raw) {
			t.Errorf("%s: signed\n%s\nwant\n%s", form, got, raw)
		}
	}
}
