package conformance_test

// JWE vectors (RFC 7516 Appendix A, RFC 7519 Appendix A, the RFC 7520
// Section 5 and 6 cookbook and its X25519 example) run through core/jwe
// with this project's algorithm modules. Every identifier here starts with
// "jwe" (or "Example_jwe") so that the JWS tests beside this file cannot
// collide with it.

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/joseframework/jose/algs/aescbc"
	"github.com/joseframework/jose/algs/aesgcm"
	_ "github.com/joseframework/jose/algs/aeskw"
	joseecdh "github.com/joseframework/jose/algs/ecdh"
	_ "github.com/joseframework/jose/algs/pbes2"
	josersa "github.com/joseframework/jose/algs/rsa"
	_ "github.com/joseframework/jose/algs/rsa/rsa15"
	"github.com/joseframework/jose/conformance"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwk"
)

// jweSkips lists every (vector, test) pair of a JWE or encrypted-JWT
// vector that this file does not run, and why. A pair neither run nor
// listed fails TestJWEVectors.
var jweSkips = map[string]string{
	"RFC7519-A.1/parse-claims": "claims are parsed by the JWT tests; here the plaintext is compared byte for byte",
	"RFC7519-A.2/parse-claims": "claims are parsed by the JWT tests; here the plaintext is compared byte for byte",
	// RFC 7520 5.9: the cookbook compressed with another DEFLATE encoder
	// than compress/flate, so a re-encryption cannot reproduce its
	// ciphertext; the protected header, encrypted key and IV are still
	// compared, and decryption of the published token checks inflation.
	"5_9/encrypt-ciphertext": "another DEFLATE encoder made the published compressed plaintext",
	// RFC 7519 A.2 lists decryption only; this file re-encrypts anyway
	// with the recovered CEK. The RFC writes "cty" after "enc", while
	// Encrypt writes registered members in one fixed order (that of the
	// RFC 7520 examples: "cty" before "enc"), so the protected header and
	// the tag it authenticates differ; the IV and ciphertext are compared.
	"RFC7519-A.2/encrypt-header": "the RFC orders the protected header members differently",
}

// jweSkipped reports whether key is in jweSkips, and records the lookup so
// that TestJWEVectors can fail on entries that no longer apply.
func jweSkipped(key string) bool {
	jweSkipsSeen[key] = true
	return jweSkips[key] != ""
}

var jweSkipsSeen = map[string]bool{}

func jweB64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		t.Fatalf("bad base64url %q: %v", s, err)
	}
	return b
}

func jweRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := fs.ReadFile(conformance.Vectors(), name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// jweKeyManagement returns the registered algorithm name, failing the test
// when its module is not linked.
func jweKeyManagement(t testing.TB, name string) jwa.KeyManagementAlgorithm {
	t.Helper()
	a, err := jwa.KeyManagement(name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func jweContent(t testing.TB, name string) jwa.ContentEncryptionAlgorithm {
	t.Helper()
	a, err := jwa.ContentEncryption(name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// jweRandomized reports whether alg's encrypted key uses randomness that
// the vectors do not record.
func jweRandomized(alg string) bool { return strings.HasPrefix(alg, "RSA") }

// A jweRecipient is one recipient of a vector: algorithm, key, and the
// inputs that make its encryption reproducible.
type jweRecipient struct {
	alg    string
	key    *jwk.Key       // nil for PBES2
	secret []byte         // the PBES2 password
	params jwa.Params     // EphemeralKey, IV, P2S, P2C
	header map[string]any // expected per-recipient header, or nil
}

func (r *jweRecipient) goKey() any {
	if r.key == nil {
		return r.secret
	}
	return r.key.Key()
}

func (r *jweRecipient) decrypter(t testing.TB) jwa.KeyDecrypter {
	t.Helper()
	kd, err := jweKeyManagement(t, r.alg).NewDecrypter(r.goKey())
	if err != nil {
		t.Fatalf("%s decrypter: %v", r.alg, err)
	}
	return kd
}

func (r *jweRecipient) encrypter(t testing.TB) jwa.KeyEncrypter {
	t.Helper()
	key := r.goKey()
	if r.key != nil && r.key.IsPrivate() && r.key.KeyType() != "oct" {
		pub, err := r.key.Public()
		if err != nil {
			t.Fatal(err)
		}
		key = pub.Key()
	}
	ke, err := jweKeyManagement(t, r.alg).NewEncrypter(key)
	if err != nil {
		t.Fatalf("%s encrypter: %v", r.alg, err)
	}
	return ke
}

// A jweCase is one vector in a common form.
type jweCase struct {
	id         string
	plaintext  []byte
	enc        string
	cek, iv    []byte // nil when not given
	aad        []byte
	recipients []jweRecipient
	protected  map[string]any // expected protected header
	shared     map[string]any // expected shared unprotected header
	outputs    map[string][]byte
	directCEK  bool // the CEK is derived (ECDH-ES) or is the key (dir)
}

// TestJWEVectors decrypts every serialization of every JWE vector with
// every recipient's key, and re-encrypts with the recorded CEK, IV and
// key management inputs, comparing the result with the published token.
func TestJWEVectors(t *testing.T) {
	cases := append(jweRFCCases(t), jweCookbookCases(t)...)
	if len(cases) < 20 {
		t.Fatalf("only %d JWE vectors loaded", len(cases))
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			if len(c.outputs) == 0 {
				t.Fatal("no outputs")
			}
			for form, tok := range c.outputs {
				t.Run("decrypt/"+form, func(t *testing.T) { jweCheckDecrypt(t, c, tok) })
			}
			t.Run("encrypt", func(t *testing.T) { jweCheckEncrypt(t, c) })
		})
	}
	for key := range jweSkips {
		if !jweSkipsSeen[key] {
			t.Errorf("jweSkips entry %q matches nothing that runs", key)
		}
	}
}

func jweCheckDecrypt(t *testing.T, c jweCase, tok []byte) {
	enc := jweContent(t, c.enc)
	for i, r := range c.recipients {
		res, err := jwe.Decrypt(t.Context(), tok, r.decrypter(t), &jwe.DecryptOptions{
			ContentEncryption: []jwa.ContentEncryptionAlgorithm{enc},
		})
		if err != nil {
			t.Fatalf("recipient %d (%s): %v", i, r.alg, err)
		}
		if string(res.Plaintext) != string(c.plaintext) {
			t.Errorf("recipient %d: plaintext %q, want %q", i, res.Plaintext, c.plaintext)
		}
		if len(c.recipients) > 1 && res.Recipient != i {
			t.Errorf("recipient %d decrypted as recipient %d", i, res.Recipient)
		}
		if c.aad != nil && string(res.AAD) != string(c.aad) {
			t.Errorf("AAD %q, want %q", res.AAD, c.aad)
		}
		// A changed ciphertext must fail with the uniform error.
		bad := jweTamperCiphertext(t, tok)
		if _, err := jwe.Decrypt(t.Context(), bad, r.decrypter(t), &jwe.DecryptOptions{
			ContentEncryption: []jwa.ContentEncryptionAlgorithm{enc},
		}); err == nil || err.Error() != "jwe: jwa: decryption failed" {
			t.Errorf("tampered ciphertext: err = %v", err)
		}
	}
	// The same through a JWK Set holding every recipient's key.
	var set jwk.Set
	var kms []jwa.KeyManagementAlgorithm
	for _, r := range c.recipients {
		k := r.key
		if k == nil {
			var err error
			if k, err = jwk.New(r.secret); err != nil {
				t.Fatal(err)
			}
		}
		set.Keys = append(set.Keys, k)
		kms = append(kms, jweKeyManagement(t, r.alg))
	}
	res, err := jwe.DecryptWithKeys(t.Context(), tok, &set, &jwe.DecryptOptions{
		ContentEncryption: []jwa.ContentEncryptionAlgorithm{enc},
		KeyManagement:     kms,
	})
	if err != nil {
		t.Fatalf("DecryptWithKeys: %v", err)
	}
	if string(res.Plaintext) != string(c.plaintext) || res.Key == nil {
		t.Errorf("DecryptWithKeys: plaintext %q, key %v", res.Plaintext, res.Key)
	}
}

// jweTamperCiphertext flips a bit of the ciphertext of a compact or JSON
// token.
func jweTamperCiphertext(t *testing.T, tok []byte) []byte {
	flip := func(s string) string {
		b := jweB64(t, s)
		if len(b) == 0 {
			t.Fatal("empty ciphertext")
		}
		b[0] ^= 1
		return base64.RawURLEncoding.EncodeToString(b)
	}
	if tok[0] != '{' {
		p := strings.Split(string(tok), ".")
		p[3] = flip(p[3])
		return []byte(strings.Join(p, "."))
	}
	var m map[string]any
	if err := json.Unmarshal(tok, &m); err != nil {
		t.Fatal(err)
	}
	m["ciphertext"] = flip(m["ciphertext"].(string))
	out, _ := json.Marshal(m)
	return out
}

// jweCheckEncrypt encrypts with the vector's inputs in each serialization
// it publishes and compares everything that is deterministic.
func jweCheckEncrypt(t *testing.T, c jweCase) {
	if c.iv == nil || (c.cek == nil && !c.directCEK) {
		t.Fatal("vector has no CEK or IV to reproduce")
	}
	enc := jweContent(t, c.enc)
	opts, rs := jweLayout(t, c)
	opts.CEK, opts.IV = c.cek, c.iv
	if c.directCEK {
		opts.CEK = nil
	}
	for form, want := range c.outputs {
		t.Run(form, func(t *testing.T) {
			o := *opts
			switch form {
			case "compact":
				o.Serialization = jwe.Compact
			case "json_flat":
				o.Serialization = jwe.FlattenedJSON
			default:
				o.Serialization = jwe.GeneralJSON
				if !strings.Contains(string(want), `"recipients"`) {
					// The cookbook writes direct encryption in "general"
					// JSON without "recipients", which RFC 7516 Section
					// 7.2.1 requires; that form is the flattened one.
					o.Serialization = jwe.FlattenedJSON
				}
			}
			got, err := jwe.Encrypt(t.Context(), c.plaintext, enc, rs(t), &o)
			if err != nil {
				t.Fatal(err)
			}
			// Our own output must decrypt, in any case.
			r0 := c.recipients[0]
			res, err := jwe.Decrypt(t.Context(), got, r0.decrypter(t), &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{enc}})
			if err != nil || string(res.Plaintext) != string(c.plaintext) {
				t.Fatalf("own token does not decrypt: %v", err)
			}
			jweCompare(t, c, form, want, got)
		})
	}
}

// jweCompare compares a token made here with the published one, leaving
// out what the vector cannot fix: randomized encrypted keys, and for 5.9 the
// compressed ciphertext.
func jweCompare(t *testing.T, c jweCase, form string, want, got []byte) {
	skipCT := jweSkipped(c.id + "/encrypt-ciphertext")
	if form == "compact" {
		w, g := strings.Split(string(want), "."), strings.Split(string(got), ".")
		if len(g) != 5 {
			t.Fatalf("got %d segments", len(g))
		}
		if jweRandomized(c.recipients[0].alg) {
			w[1], g[1] = "", ""
		}
		if skipCT {
			w[3], g[3], w[4], g[4] = "", "", "", ""
		}
		if jweSkipped(c.id + "/encrypt-header") {
			w[0], g[0], w[4], g[4] = "", "", "", ""
		}
		if !slices.Equal(w, g) {
			t.Errorf("compact:\n got %q\nwant %q", g, w)
		}
		return
	}
	var wm, gm map[string]any
	if err := json.Unmarshal(want, &wm); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &gm); err != nil {
		t.Fatal(err)
	}
	for _, m := range []map[string]any{wm, gm} {
		if skipCT {
			delete(m, "ciphertext")
			delete(m, "tag")
		}
		if rs, ok := m["recipients"].([]any); ok {
			for i, r := range rs {
				if jweRandomized(c.recipients[i].alg) {
					delete(r.(map[string]any), "encrypted_key")
				}
			}
		} else if jweRandomized(c.recipients[0].alg) {
			delete(m, "encrypted_key")
		}
	}
	if !reflect.DeepEqual(wm, gm) {
		t.Errorf("%s:\n got %v\nwant %v", form, gm, wm)
	}
}

// jweLayout turns the vector's expected headers into EncryptOptions and
// recipients: where "alg" is tells where the recipient members go, and the
// members that are neither registered nor produced by the algorithms are
// passed through.
func jweLayout(t *testing.T, c jweCase) (*jwe.EncryptOptions, func(*testing.T) []jwe.Recipient) {
	opts := &jwe.EncryptOptions{AAD: c.aad}
	generated := map[string]bool{"alg": true, "kid": true, "enc": true, "zip": true, "epk": true, "iv": true, "tag": true, "p2s": true, "p2c": true}
	rest := func(h map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range h {
			if !generated[k] {
				out[k] = v
			}
		}
		return out
	}
	switch {
	case c.protected["alg"] != nil:
		opts.RecipientLocation = jwe.Protected
	case c.shared["alg"] != nil:
		opts.RecipientLocation = jwe.Shared
	default:
		opts.RecipientLocation = jwe.PerRecipient
	}
	if c.shared["enc"] != nil {
		opts.EncLocation = jwe.Shared
	}
	opts.Compress = c.protected["zip"] == "DEF"
	prot := rest(c.protected)
	if cty, ok := prot["cty"].(string); ok {
		opts.ContentType = cty
		delete(prot, "cty")
	}
	if len(prot) > 0 {
		opts.Protected = prot
	}
	if s := rest(c.shared); len(s) > 0 {
		opts.Unprotected = s
	}
	recipients := func(t *testing.T) []jwe.Recipient {
		var rs []jwe.Recipient
		for _, r := range c.recipients {
			kid, _ := c.protected["kid"].(string)
			if k, ok := c.shared["kid"].(string); ok {
				kid = k
			}
			if k, ok := r.header["kid"].(string); ok {
				kid = k
			}
			p := r.params
			rec := jwe.Recipient{KeyEncrypter: r.encrypter(t), KeyID: kid, Params: &p}
			if h := rest(r.header); len(h) > 0 {
				rec.Header = h
			}
			rs = append(rs, rec)
		}
		return rs
	}
	return opts, recipients
}

// jweRFCCases loads the JWE vectors of RFC 7516 and the encrypted JWTs of
// RFC 7519, checking each listed test against what this file runs.
func jweRFCCases(t *testing.T) []jweCase {
	var cases []jweCase
	for _, file := range []string{"rfcs/rfc7516.json", "rfcs/rfc7519.json"} {
		var f struct {
			Vectors []struct {
				ID, Category, Alg, Enc string
				Tests                  []string
				Key                    json.RawMessage
				Keys                   map[string]json.RawMessage
				Input                  map[string]json.RawMessage
				Expected               map[string]json.RawMessage
			}
		}
		if err := json.Unmarshal(jweRead(t, file), &f); err != nil {
			t.Fatal(err)
		}
		for _, v := range f.Vectors {
			if v.Category != "jwe" && (v.Category != "jwt" || v.Enc == "") {
				continue
			}
			if v.Category == "jwe" && v.Alg == "" && v.Input["recipient_headers"] == nil {
				continue // RFC 7516 B: raw A128CBC-HS256, run by algs/aescbc
			}
			str := func(m map[string]json.RawMessage, name string) string {
				var s string
				if raw, ok := m[name]; ok {
					if err := json.Unmarshal(raw, &s); err != nil {
						t.Fatalf("%s %s: %v", v.ID, name, err)
					}
				}
				return s
			}
			obj := func(m map[string]json.RawMessage, name string) map[string]any {
				var o map[string]any
				if raw, ok := m[name]; ok {
					json.Unmarshal(raw, &o)
				}
				return o
			}
			c := jweCase{id: v.ID, enc: v.Enc, outputs: map[string][]byte{}}
			c.plaintext = []byte(str(v.Input, "plaintext"))
			if len(c.plaintext) == 0 {
				c.plaintext = []byte(str(v.Expected, "plaintext"))
			}
			if s := str(v.Input, "cek_b64u"); s != "" {
				c.cek = jweB64(t, s)
			}
			c.iv = jweB64(t, str(v.Input, "iv_b64u"))
			c.protected = obj(v.Input, "protected_header")
			c.shared = obj(v.Input, "unprotected")
			if s := str(v.Expected, "compact"); s != "" {
				c.outputs["compact"] = []byte(s)
			}
			if raw, ok := v.Expected["json"]; ok {
				form := "json"
				if !strings.Contains(string(raw), `"recipients"`) {
					form = "json_flat"
				}
				c.outputs[form] = raw
			}
			parseKey := func(raw json.RawMessage) *jwk.Key {
				k, err := jwk.ParseKey(raw)
				if err != nil {
					t.Fatalf("%s key: %v", v.ID, err)
				}
				return k
			}
			switch {
			case v.Input["recipient_headers"] != nil: // A.4
				var hs []map[string]any
				json.Unmarshal(v.Input["recipient_headers"], &hs)
				for _, h := range hs {
					c.recipients = append(c.recipients, jweRecipient{alg: h["alg"].(string), key: parseKey(v.Keys[h["kid"].(string)]), header: h})
				}
			case v.Key != nil:
				r := jweRecipient{alg: v.Alg, key: parseKey(v.Key), header: obj(v.Input, "header")}
				c.recipients = append(c.recipients, r)
			default: // RFC 7519 A.2
				c.recipients = append(c.recipients, jweRecipient{alg: v.Alg, key: parseKey(v.Keys["decryption"])})
			}
			for _, test := range v.Tests {
				switch test {
				case "decrypt", "content-encrypt-with-given-cek-iv", "encrypt-with-given-cek-iv":
				case "verify-inner-jws":
					t.Run(v.ID+"/verify-inner-jws", func(t *testing.T) {
						jweVerifyInner(t, c, parseKey(v.Keys["inner_jws_verification"]), str(v.Expected, "inner_jws"))
					})
				default:
					if !jweSkipped(v.ID + "/" + test) {
						t.Errorf("%s: test %q is neither run nor in jweSkips", v.ID, test)
					}
				}
			}
			if !slices.Contains(v.Tests, "content-encrypt-with-given-cek-iv") && !slices.Contains(v.Tests, "encrypt-with-given-cek-iv") {
				// Decryption-only vectors: encrypt with the recovered CEK,
				// comparing the deterministic parts.
				c.cek = jweB64(t, str(v.Input, "cek_recovered_b64u"))
			}
			cases = append(cases, c)
		}
	}
	return cases
}

// jweVerifyInner checks the RS256 JWS inside RFC 7519 A.2.
func jweVerifyInner(t *testing.T, c jweCase, key *jwk.Key, inner string) {
	if string(c.plaintext) != inner || inner == "" {
		t.Fatalf("plaintext is not the inner JWS")
	}
	v, err := josersa.RS256().NewVerifier(key.Key())
	if err != nil {
		t.Fatal(err)
	}
	i := strings.LastIndexByte(inner, '.')
	if err := v.Verify(t.Context(), []byte(inner[:i]), jweB64(t, inner[i+1:])); err != nil {
		t.Fatal(err)
	}
}

// jweCookbookCases loads RFC 7520 Section 5, the X25519 example and the
// encryption part of Section 6.
func jweCookbookCases(t *testing.T) []jweCase {
	names, err := fs.Glob(conformance.Vectors(), "rfc7520/jwe/*.json")
	if err != nil || len(names) != 13 {
		t.Fatalf("want the 13 cookbook JWE files, found %d (%v)", len(names), err)
	}
	names = append(names, "rfc7520/curve25519/ecdh-es.json", "rfc7520/6.nesting_signatures_and_encryption.json")
	var cases []jweCase
	for _, name := range names {
		data := jweRead(t, name)
		var outer struct{ Encrypt json.RawMessage }
		json.Unmarshal(data, &outer)
		if outer.Encrypt != nil {
			data = outer.Encrypt
		}
		var v struct {
			Input struct {
				Plaintext string
				Key, Alg  json.RawMessage
				Pwd       string
			}
			Generated struct {
				CEK, IV string
				AADB64U string `json:"aad_b64u"`
			}
			EncryptingKey     json.RawMessage `json:"encrypting_key"`
			EncryptingContent struct {
				Protected, Unprotected map[string]any
			} `json:"encrypting_content"`
			Output map[string]json.RawMessage
		}
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		id := strings.TrimSuffix(name[strings.LastIndexByte(name, '/')+1:], ".json")
		if i := strings.IndexByte(id, '.'); i > 0 && id[0] == '5' {
			id = id[:i]
		}
		c := jweCase{id: id, plaintext: []byte(v.Input.Plaintext), outputs: map[string][]byte{},
			protected: v.EncryptingContent.Protected, shared: v.EncryptingContent.Unprotected}
		// Take "enc" from the header: 5_13's input.enc has a typo.
		c.enc, _ = c.protected["enc"].(string)
		if c.enc == "" {
			c.enc, _ = c.shared["enc"].(string)
		}
		if v.Generated.CEK != "" {
			c.cek = jweB64(t, v.Generated.CEK)
		}
		c.iv = jweB64(t, v.Generated.IV)
		if v.Generated.AADB64U != "" {
			c.aad = jweB64(t, v.Generated.AADB64U)
		}
		for form, raw := range v.Output {
			if form == "compact" {
				var s string
				json.Unmarshal(raw, &s)
				c.outputs[form] = []byte(s)
			} else {
				c.outputs[form] = raw
			}
		}
		var keys []json.RawMessage
		var algs []string
		if err := json.Unmarshal(v.Input.Key, &keys); err != nil {
			keys = []json.RawMessage{v.Input.Key}
		}
		if err := json.Unmarshal(v.Input.Alg, &algs); err != nil {
			var a string
			json.Unmarshal(v.Input.Alg, &a)
			algs = []string{a}
		}
		var eks []map[string]any
		if err := json.Unmarshal(v.EncryptingKey, &eks); err != nil {
			var ek map[string]any
			json.Unmarshal(v.EncryptingKey, &ek)
			eks = []map[string]any{ek}
		}
		for i, alg := range algs {
			r := jweRecipient{alg: alg}
			if v.Input.Pwd != "" {
				r.secret = []byte(v.Input.Pwd)
			} else {
				k, err := jwk.ParseKey(keys[i])
				if err != nil {
					t.Fatalf("%s key %d: %v", name, i, err)
				}
				r.key = k
			}
			ek := eks[min(i, len(eks)-1)]
			if h, ok := ek["header"].(map[string]any); ok && len(algs) > 1 {
				r.header = h
			}
			if epk, ok := ek["epk"].(map[string]any); ok {
				r.params.EphemeralKey = jweEphemeral(t, epk)
			}
			if s, ok := ek["salt"].(string); ok {
				r.params.P2S = jweB64(t, s)
				r.params.P2C = int(ek["iteration_count"].(float64))
			}
			if s, ok := ek["iv"].(string); ok {
				r.params.IV = jweB64(t, s)
			}
			c.recipients = append(c.recipients, r)
		}
		c.directCEK = algs[0] == "dir" || algs[0] == "ECDH-ES"
		cases = append(cases, c)
	}
	return cases
}

// jweEphemeral returns the recorded ephemeral private key. The X25519
// example records an "x" that is not the public key of its "d" (the header
// carries the right one), so the key is made from "d" alone.
func jweEphemeral(t *testing.T, epk map[string]any) *ecdh.PrivateKey {
	if epk["crv"] == "X25519" {
		k, err := ecdh.X25519().NewPrivateKey(jweB64(t, epk["d"].(string)))
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	raw, _ := json.Marshal(epk)
	k, err := jwk.ParseKey(raw)
	if err != nil {
		t.Fatalf("epk: %v", err)
	}
	e, err := k.ECDH()
	if err != nil {
		t.Fatal(err)
	}
	return e.(*ecdh.PrivateKey)
}

// TestJWEVectorNegative checks that the cookbook's multiple-recipient
// token cannot be decrypted with a key for no recipient, and that a wrong
// "enc" allow-list stops it before any cryptography.
func TestJWEVectorNegative(t *testing.T) {
	tok := jweRead(t, "rfc7520/jwe/5_13.encrypting_to_multiple_recipients.json")
	var v struct {
		Output struct{ JSON json.RawMessage }
	}
	if err := json.Unmarshal(tok, &v); err != nil || v.Output.JSON == nil {
		t.Fatalf("no json output: %v", err)
	}
	other := make([]byte, 32)
	rand.Read(other)
	kd, err := aesgcm.A256GCMKW().NewDecrypter(other)
	if err != nil {
		t.Fatal(err)
	}
	opts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aescbc.A128CBCHS256()}}
	if _, err := jwe.Decrypt(t.Context(), v.Output.JSON, kd, opts); err == nil || err.Error() != "jwe: jwa: decryption failed" {
		t.Errorf("wrong key: %v", err)
	}
	opts.ContentEncryption = []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()}
	var ae *jwe.AlgorithmError
	if _, err := jwe.Decrypt(t.Context(), v.Output.JSON, kd, opts); !errors.As(err, &ae) || ae.Param != "enc" {
		t.Errorf("enc outside the allow-list: %v", err)
	}
}

// Example_jweRSAOAEP256 encrypts to an RSA public key with RSA-OAEP-256 and
// A256GCM, and decrypts with the private key, allowing only A256GCM.
func Example_jweRSAOAEP256() {
	ctx := context.Background()
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		log.Fatal(err)
	}
	ke, err := josersa.RSAOAEP256().NewEncrypter(&priv.PublicKey)
	if err != nil {
		log.Fatal(err)
	}
	token, err := jwe.Encrypt(ctx, []byte("The true sign of intelligence is not knowledge but imagination."),
		aesgcm.A256GCM(), []jwe.Recipient{{KeyEncrypter: ke, KeyID: "2024-01"}}, nil)
	if err != nil {
		log.Fatal(err)
	}

	kd, err := josersa.RSAOAEP256().NewDecrypter(priv)
	if err != nil {
		log.Fatal(err)
	}
	res, err := jwe.Decrypt(ctx, token, kd, &jwe.DecryptOptions{
		ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A256GCM()},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Header.Algorithm, res.Header.Encryption, res.Header.KeyID)
	fmt.Println(string(res.Plaintext))
	// Output:
	// RSA-OAEP-256 A256GCM 2024-01
	// The true sign of intelligence is not knowledge but imagination.
}

// Example_jweECDHESA128KW encrypts to an X25519 key with ECDH-ES+A128KW in
// the flattened JSON serialization, with additional authenticated data.
func Example_jweECDHESA128KW() {
	ctx := context.Background()
	priv, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	ke, err := joseecdh.ECDHESA128KW().NewEncrypter(priv.PublicKey())
	if err != nil {
		log.Fatal(err)
	}
	token, err := jwe.Encrypt(ctx, []byte("hello"), aescbc.A128CBCHS256(),
		[]jwe.Recipient{{KeyEncrypter: ke}},
		&jwe.EncryptOptions{Serialization: jwe.FlattenedJSON, AAD: []byte("order 66")})
	if err != nil {
		log.Fatal(err)
	}

	kd, err := joseecdh.ECDHESA128KW().NewDecrypter(priv)
	if err != nil {
		log.Fatal(err)
	}
	res, err := jwe.Decrypt(ctx, token, kd, &jwe.DecryptOptions{
		ContentEncryption: []jwa.ContentEncryptionAlgorithm{aescbc.A128CBCHS256()},
	})
	if err != nil {
		log.Fatal(err)
	}
	_, hasEPK := res.Header.Get("epk")
	fmt.Println(res.Serialization, res.Header.Algorithm, hasEPK, string(res.AAD), string(res.Plaintext))
	// Output: flattened JSON ECDH-ES+A128KW true order 66 hello
}

// Example_jweDirect encrypts with a shared 128-bit key used directly as the
// content encryption key ("dir"), compressing the plaintext first, and
// decrypts against a JWK Set that selects the key by "kid".
func Example_jweDirect() {
	ctx := context.Background()
	secret := make([]byte, 16)
	rand.Read(secret)
	ke, err := jwe.Direct().NewEncrypter(secret)
	if err != nil {
		log.Fatal(err)
	}
	token, err := jwe.Encrypt(ctx, []byte(strings.Repeat("la ", 100)), aesgcm.A128GCM(),
		[]jwe.Recipient{{KeyEncrypter: ke, KeyID: "shared-1"}}, &jwe.EncryptOptions{Compress: true})
	if err != nil {
		log.Fatal(err)
	}

	key, err := jwk.New(secret)
	if err != nil {
		log.Fatal(err)
	}
	other, _ := jwk.New(make([]byte, 16))
	set := &jwk.Set{Keys: []*jwk.Key{other, withKID(key, "shared-1")}}
	res, err := jwe.DecryptWithKeys(ctx, token, set, &jwe.DecryptOptions{
		KeyManagement:     []jwa.KeyManagementAlgorithm{jwe.Direct()},
		ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Header.Compression, res.Key.KeyID(), len(res.Plaintext))
	// Output: DEF shared-1 300
}

// withKID returns k with a "kid", through its JSON form.
func withKID(k *jwk.Key, kid string) *jwk.Key {
	raw, err := k.MarshalJSON()
	if err != nil {
		log.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(raw, &m)
	m["kid"] = kid
	raw, _ = json.Marshal(m)
	out, err := jwk.ParseKey(raw)
	if err != nil {
		log.Fatal(err)
	}
	return out
}
