package pbes2

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"testing"
)

// TestDeriveKey checks the PBKDF2 salt and derived key printed in RFC 7517,
// Appendix C.
func TestDeriveKey(t *testing.T) {
	data, err := os.ReadFile("testdata/vectors/rfcs/rfc7517.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Vectors []struct {
			ID    string   `json:"id"`
			Alg   string   `json:"alg"`
			Tests []string `json:"tests"`
			Input struct {
				Passphrase string `json:"passphrase"`
				P2S        string `json:"p2s_b64u"`
				P2C        int    `json:"p2c"`
				Salt       string `json:"pbkdf2_salt_b64u"`
			} `json:"input"`
			Expected struct {
				Derived string `json:"pbkdf2_derived_key_b64u"`
			} `json:"expected"`
		} `json:"vectors"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	dec := func(s string) []byte {
		b, err := base64.RawURLEncoding.Strict().DecodeString(s)
		if err != nil || len(b) == 0 {
			t.Fatalf("bad base64url %q: %v", s, err)
		}
		return b
	}
	ran := 0
	for _, v := range f.Vectors {
		if v.Expected.Derived == "" {
			continue
		}
		ran++
		var alg *algorithm
		for _, a := range []*algorithm{hs256, hs384, hs512} {
			if a.name == v.Alg {
				alg = a
			}
		}
		if alg == nil {
			t.Fatalf("%s: unknown alg %q", v.ID, v.Alg)
		}
		p := &password{alg: alg, pw: v.Input.Passphrase}
		p2s, salt, want := dec(v.Input.P2S), dec(v.Input.Salt), dec(v.Expected.Derived)
		wantSalt := append(append([]byte(alg.name), 0), p2s...)
		if !bytes.Equal(salt, wantSalt) {
			t.Errorf("%s: the vector's PBKDF2 salt %x is not UTF8(alg) || 0x00 || p2s = %x", v.ID, salt, wantSalt)
		}
		got, err := p.deriveKey(p2s, v.Input.P2C)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: deriveKey = %x, want %x", v.ID, got, want)
		}
	}
	if ran == 0 {
		t.Fatal("no PBKDF2 vectors")
	}
}
