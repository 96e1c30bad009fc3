package compat

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/joseframework/jose/core/jwa"
)

// vectorTokens returns the token of every vector in testdata/legacy.
func vectorTokens(tb testing.TB) []string {
	files, err := filepath.Glob("testdata/legacy/v*.json")
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		var f struct{ Vectors []struct{ Token string } }
		if err := json.Unmarshal(data, &f); err != nil {
			tb.Fatal(err)
		}
		for _, v := range f.Vectors {
			out = append(out, v.Token)
		}
	}
	if len(out) == 0 {
		tb.Fatal("no vector tokens")
	}
	return out
}

// FuzzParseJWE checks the layout parser: it never panics, and what it
// accepts is consistent: five segments that re-encode to the token, "alg"
// RSA-OAEP, a parsed "enc", a 16-byte IV, whole blocks of ciphertext, and
// the layout that "__v" selects.
func FuzzParseJWE(f *testing.F) {
	for _, tok := range vectorTokens(f) {
		f.Add(tok)
	}
	b := base64.RawURLEncoding.EncodeToString
	for _, h := range []string{`{"alg":"RSA-OAEP","enc":"A128CBC-HS256","__v":1e-400}`, `{"alg":"RSA-OAEP","enc":"A128CBC+HS512","__v":[{}]}`, `{"alg":"RSA-OAEP","enc":"A256CBC-HS256","zip":"DEF","__v":"\ud83d\ude00"}`} {
		f.Add(b([]byte(h)) + ".AAAA." + b(make([]byte, 16)) + "." + b(make([]byte, 32)) + ".AAAA")
	}
	l := jwa.DefaultLimits()
	f.Fuzz(func(t *testing.T, token string) {
		p, err := parseJWE(token, l)
		if err != nil {
			return
		}
		got := strings.Join([]string{b(headerBytes(t, token)), b(p.encryptedKey), b(p.iv), b(p.ciphertext), b(p.tag)}, ".")
		if got != token {
			t.Fatalf("segments re-encode to %q", got)
		}
		if p.header["alg"] != rsaOAEP || len(p.iv) != 16 || len(p.ciphertext)%16 != 0 || len(p.ciphertext) == 0 {
			t.Fatalf("accepted %+v", p)
		}
		if p.enc.MACSize == 0 || p.enc.AESKeySize == 0 {
			t.Fatal("enc not parsed")
		}
		v, ok := p.header[versionKey]
		if p.layout != layoutOf(v, ok) {
			t.Fatal("layout differs from __v")
		}
		if _, z := p.header["zip"]; z != p.zip {
			t.Fatal("zip flag differs from the header")
		}
	})
}

// headerBytes returns the decoded first segment of token.
func headerBytes(t *testing.T, token string) []byte {
	seg, _, _ := strings.Cut(token, ".")
	h, err := decode(seg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// FuzzParseObject compares the strict JSON reader with encoding/json:
// whatever parseObject accepts, encoding/json accepts with the same
// result; and parseObject rejects whatever encoding/json rejects.
func FuzzParseObject(f *testing.F) {
	for _, s := range []string{`{}`, `{"a": 1, "b": [1, 2, {"c": null}]}`, `{"a": 1, "a": 2}`, `{"a": {"b": 1, "b": 2}}`,
		`{"\u0061": 1, "a": 2}`, `{"x": "\ud83d\ude00"}`, `{"x": "\ud83d"}`, `{"x": "\ude00"}`, `[]`, `{"a": 1} `, `{"a": 1} x`,
		`{"a": 1e999}`, `{"a": -0.0}`, "{\"a\": \"\xff\"}", `{"a": "\\"}`, `{"a": "\\\ud800"}`, `{"k": [[[[[[]]]]]]}`} {
		f.Add([]byte(s))
	}
	for _, tok := range vectorTokens(f)[:5] {
		seg, _, _ := strings.Cut(tok, ".")
		h, _ := decode(seg)
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := parseObject(data, 5)
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		var want map[string]any
		stdErr := d.Decode(&want)
		if stdErr == nil {
			if _, e := d.Token(); e == nil {
				stdErr = errTrailing
			}
		}
		if err != nil {
			return
		}
		if stdErr != nil {
			t.Fatalf("accepted what encoding/json rejects (%v)", stdErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v, encoding/json %v", got, want)
		}
	})
}

var errTrailing = errors.New("data after the JSON value")
