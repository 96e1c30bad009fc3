package jws_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jws"
)

// vectorTokens returns every compact JWS string and every JSON
// serialization found in the copied vector files.
func vectorTokens(tb testing.TB) (compacts, jsons [][]byte) {
	tb.Helper()
	err := filepath.WalkDir("testdata/vectors", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		var walk func(key string, v any)
		walk = func(key string, v any) {
			switch x := v.(type) {
			case map[string]any:
				if _, ok := x["signature"]; ok {
					jsons = append(jsons, mustJSONTB(tb, x))
				} else if _, ok := x["signatures"]; ok {
					jsons = append(jsons, mustJSONTB(tb, x))
				}
				for k, e := range x {
					walk(k, e)
				}
			case []any:
				for _, e := range x {
					walk(key, e)
				}
			case string:
				if strings.HasPrefix(key, "compact") && strings.Count(x, ".") == 2 {
					compacts = append(compacts, []byte(x))
				}
			}
		}
		walk("", v)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return compacts, jsons
}

func mustJSONTB(tb testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// handmade are extra seeds for paths the vectors do not reach.
var handmade = [][]byte{
	compact(`{"alg":"HS256","b64":false,"crit":["b64"]}`, "raw payload"),
	compact(`{"alg":"HS256","crit":["x"],"x":1}`, "eA"),
	compact(`{"alg":"none"}`, "eA"),
	compact(`{"alg":"HS256","kid":"\u00e9\n"}`, ""),
	flat(`{"alg":"HS256"}`, `{"kid":"a"}`, "x"),
	flat("", `{"alg":"HS256"}`, ""),
	[]byte(`{"payload":"eA","signatures":[{"header":{"alg":"HS256"},"signature":""},{"protected":"eyJhbGciOiJIUzI1NiJ9","signature":"AAAA"}]}`),
}

// FuzzParseCompact checks that Parse never panics on compact input, that
// what it accepts serializes back to the same bytes, and that Verify
// agrees with Parse: an accepted token either verifies or fails with
// jwa.ErrVerification, never with a structural error.
func FuzzParseCompact(f *testing.F) {
	compacts, _ := vectorTokens(f)
	if len(compacts) == 0 {
		f.Fatal("no compact seeds: are the vectors copied?")
	}
	for _, c := range append(compacts, handmade[:4]...) {
		f.Add(c)
	}
	v := newHS256(keyA)
	f.Fuzz(func(t *testing.T, token []byte) {
		u, err := jws.Parse(token, nil)
		if err != nil {
			return
		}
		if u.Serialization() != jws.Compact {
			return // JSON input; FuzzParseJSON covers it
		}
		sigs := u.UnverifiedSignatures()
		if len(sigs) != 1 {
			t.Fatalf("compact JWS with %d signatures", len(sigs))
		}
		s := sigs[0]
		p := u.UnverifiedPayload()
		seg := enc(p)
		if s.Unencoded() {
			seg = string(p)
		}
		rebuilt := s.RawProtected() + "." + seg + "." + enc(s.Bytes())
		if rebuilt != string(token) {
			t.Errorf("round trip changed the token:\n got %q\nwant %q", rebuilt, token)
		}
		_, err = jws.Verify(t.Context(), token, v, nil)
		if err != nil && !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("Parse accepted %q but Verify says %v", token, err)
		}
	})
}

// FuzzParseJSON checks that Parse never panics on JSON input, and that
// what it accepts, written again as general JSON from its parts, parses
// to the same headers, payload and signatures.
func FuzzParseJSON(f *testing.F) {
	_, jsons := vectorTokens(f)
	if len(jsons) == 0 {
		f.Fatal("no JSON seeds: are the vectors copied?")
	}
	for _, j := range append(jsons, handmade[4:]...) {
		f.Add(j)
	}
	v := newHS256(keyA)
	f.Fuzz(func(t *testing.T, token []byte) {
		u, err := jws.Parse(token, nil)
		if err != nil {
			return
		}
		if u.Serialization() == jws.Compact {
			return
		}
		sigs := u.UnverifiedSignatures()
		type entry struct {
			Protected string          `json:"protected,omitempty"`
			Header    json.RawMessage `json:"header,omitempty"`
			Signature string          `json:"signature"`
		}
		out := struct {
			Payload    string  `json:"payload"`
			Signatures []entry `json:"signatures"`
		}{Payload: enc(u.UnverifiedPayload())}
		if sigs[0].Unencoded() {
			out.Payload = string(u.UnverifiedPayload())
		}
		for _, s := range sigs {
			out.Signatures = append(out.Signatures, entry{s.RawProtected(), s.UnprotectedHeader(), enc(s.Bytes())})
		}
		rebuilt, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		u2, err := jws.Parse(rebuilt, nil)
		if err != nil {
			t.Fatalf("Parse accepted %q but not its rewrite %q: %v", token, rebuilt, err)
		}
		if !bytes.Equal(u.UnverifiedPayload(), u2.UnverifiedPayload()) {
			t.Errorf("payload %q became %q", u.UnverifiedPayload(), u2.UnverifiedPayload())
		}
		sigs2 := u2.UnverifiedSignatures()
		if len(sigs2) != len(sigs) {
			t.Fatalf("%d signatures became %d", len(sigs), len(sigs2))
		}
		for i := range sigs {
			a, b := sigs[i], sigs2[i]
			if a.RawProtected() != b.RawProtected() || !bytes.Equal(a.Bytes(), b.Bytes()) ||
				a.Algorithm() != b.Algorithm() || a.KeyID() != b.KeyID() || !reflect.DeepEqual(a.Critical(), b.Critical()) ||
				!sameJSONBytes(a.UnprotectedHeader(), b.UnprotectedHeader()) {
				t.Errorf("signature %d changed in the rewrite", i)
			}
		}
		_, err = jws.Verify(t.Context(), token, v, nil)
		if err != nil && !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("Parse accepted %q but Verify says %v", token, err)
		}
	})
}

func sameJSONBytes(a, b []byte) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}
