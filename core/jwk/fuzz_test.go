package jwk_test

import (
	"bytes"
	"crypto"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/joseframework/jose/core/jwk"
)

// vectorKeys returns every JSON object with a "kty" member found in the
// vector files, re-encoded, plus the negative cases.
func vectorKeys(t testing.TB) [][]byte {
	t.Helper()
	var files []string
	for _, pattern := range []string{"testdata/vectors/rfcs/*.json", "testdata/vectors/rfc7520/jwk/*.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	var out [][]byte
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["kty"]; ok {
				b, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, b)
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatal(err)
		}
		walk(v)
	}
	for _, c := range loadInvalid(t) {
		out = append(out, []byte(c.JWK))
	}
	return out
}

// FuzzParseKey checks that ParseKey never panics and that every key it
// accepts marshals to JSON that parses back to an equal key with the same
// thumbprint.
func FuzzParseKey(f *testing.F) {
	seeds := vectorKeys(f)
	if len(seeds) < 20 {
		f.Fatalf("only %d seeds: are the vectors there?", len(seeds))
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := jwk.ParseKey(data)
		if err != nil {
			if k != nil {
				t.Fatal("key returned with an error")
			}
			return
		}
		checkFuzzedKey(t, k)
	})
}

func checkFuzzedKey(t *testing.T, k *jwk.Key) {
	t.Helper()
	out, err := k.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON of an accepted key: %v", err)
	}
	k2, err := jwk.ParseKey(out)
	if err != nil {
		t.Fatalf("ParseKey(MarshalJSON()) = %v\n%s", err, out)
	}
	if !k.Equal(k2) {
		t.Fatalf("round trip changed the key:\n%s", out)
	}
	out2, err := k2.MarshalJSON()
	if err != nil || !bytes.Equal(out, out2) {
		t.Fatalf("MarshalJSON is not stable:\n%s\n%s", out, out2)
	}
	tp1, err1 := k.Thumbprint(crypto.SHA256)
	tp2, err2 := k2.Thumbprint(crypto.SHA256)
	if err1 != nil || err2 != nil || !bytes.Equal(tp1, tp2) {
		t.Fatalf("thumbprints differ: %x %x %v %v", tp1, tp2, err1, err2)
	}
	if k.KeyType() == jwk.KeyTypeOct {
		return
	}
	pub, err := k.Public()
	if err != nil {
		t.Fatal(err)
	}
	tp3, err := pub.Thumbprint(crypto.SHA256)
	if err != nil || !bytes.Equal(tp1, tp3) {
		t.Fatalf("public key thumbprint differs: %v", err)
	}
	if _, err := jwk.ParseKey(must(pub.MarshalJSON())); err != nil {
		t.Fatalf("public key does not parse: %v", err)
	}
}

// FuzzParseSet checks that ParseSet never panics and that every set it
// accepts marshals to JSON that parses back to the same keys.
func FuzzParseSet(f *testing.F) {
	keys := vectorKeys(f)
	f.Add([]byte(testSet))
	f.Add([]byte(`{"keys":[]}`))
	for i := 0; i+2 < len(keys); i += 3 {
		f.Add([]byte(`{"keys":[` + string(keys[i]) + `,` + string(keys[i+1]) + `,` + string(keys[i+2]) + `]}`))
	}
	for _, v := range loadRFC(f, "rfc7517.json") {
		if s, ok := v.Input["jwk_set"]; ok {
			f.Add([]byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := jwk.ParseSet(data)
		if err != nil {
			if s != nil {
				t.Fatal("set returned with an error")
			}
			return
		}
		out, err := s.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		s2, err := jwk.ParseSet(out)
		if err != nil {
			t.Fatalf("ParseSet(MarshalJSON()) = %v\n%s", err, out)
		}
		if len(s2.Keys) != len(s.Keys) || s2.Skipped != 0 {
			t.Fatalf("round trip: %d keys (%d skipped), want %d", len(s2.Keys), s2.Skipped, len(s.Keys))
		}
		for i, k := range s.Keys {
			if !k.Equal(s2.Keys[i]) {
				t.Fatalf("key %d changed", i)
			}
			checkFuzzedKey(t, k)
		}
	})
}
