package compat_test

import (
	"bytes"
	"crypto"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/joseframework/jose/compat"
	"github.com/joseframework/jose/core/jwk"
)

// TestKeyForms parses both forms of every vector key, checks that they
// are the same key, and that MarshalKey gives back the library's form
// byte for byte (pycryptodome and Go write the same PEM).
func TestKeyForms(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range loadVectors(t) {
		var legacy struct{ K string }
		if err := json.Unmarshal(v.Key.Legacy, &legacy); err != nil {
			t.Fatal(err)
		}
		if seen[legacy.K] {
			continue
		}
		seen[legacy.K] = true
		fromLegacy, err := compat.ParseKey(v.Key.Legacy)
		if err != nil {
			t.Fatalf("%s: legacy form: %v", v.ID, err)
		}
		fromJWK, err := compat.ParseKey(v.Key.JWK)
		if err != nil {
			t.Fatalf("%s: JWK: %v", v.ID, err)
		}
		a, _ := fromLegacy.Thumbprint(crypto.SHA256)
		b, _ := fromJWK.Thumbprint(crypto.SHA256)
		if a == nil || !bytes.Equal(a, b) || fromLegacy.IsPrivate() != fromJWK.IsPrivate() {
			t.Errorf("%s: the two forms differ", v.ID)
		}
		// Raw PEM, as the CLI reads a key file.
		if strings.HasPrefix(legacy.K, "-----BEGIN") {
			fromPEM, err := compat.ParseKey([]byte(legacy.K + "\n"))
			if err != nil {
				t.Fatal(err)
			}
			if !fromPEM.Equal(fromLegacy) {
				t.Errorf("%s: PEM and legacy forms differ", v.ID)
			}
		}
		out, err := compat.MarshalKey(fromJWK)
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ K string }
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatal(err)
		}
		if strings.TrimSuffix(got.K, "\n") != legacy.K {
			t.Errorf("%s: MarshalKey\n got %q\nwant %q", v.ID, got.K, legacy.K)
		}
	}
	if len(seen) < 6 {
		t.Fatalf("only %d distinct keys", len(seen))
	}
}

func TestParseKeyErrors(t *testing.T) {
	for name, in := range map[string]string{
		"empty":         "",
		"not JSON":      "password",
		"k number":      `{"k": 1}`,
		"k empty":       `{"k": ""}`,
		"k null":        `{"k": null}`,
		"extra member":  `{"k": "secret", "alg": "HS256"}`,
		"no k":          `{"x": "secret"}`,
		"duplicate k":   `{"k": "a", "k": "b"}`,
		"array":         `["k"]`,
		"bad PEM in k":  `{"k": "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"}`,
		"bad PEM":       "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
		"bad JWK":       `{"kty": "oct"}`,
		"bad UTF-8":     "{\"k\": \"\xff\"}",
		"trailing data": `{"k": "a"} {}`,
		"huge":          `{"k": "` + strings.Repeat("a", 70000) + `"}`,
	} {
		if _, err := compat.ParseKey([]byte(in)); !errors.Is(err, compat.ErrKey) {
			t.Errorf("%s: %v, want ErrKey", name, err)
		}
	}
	// A short secret parses: the algorithm decides whether it is enough.
	k, err := compat.ParseKey([]byte(` {"k": "password"} `))
	if err != nil {
		t.Fatal(err)
	}
	if got := k.Key().([]byte); string(got) != "password" {
		t.Errorf("secret %q", got)
	}
	// A JSON string "k" is text: escapes are decoded, and the bytes are
	// the UTF-8 of the text, as the library's str.
	k, err = compat.ParseKey([]byte(`{"k": "p\u00e4ss"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := k.Key().([]byte); string(got) != "päss" {
		t.Errorf("secret %q", got)
	}
}

func TestMarshalKeyErrors(t *testing.T) {
	if _, err := compat.MarshalKey(nil); !errors.Is(err, compat.ErrKey) {
		t.Errorf("nil: %v", err)
	}
	bin, _ := jwk.New([]byte{0xff, 0xfe, 0x00, 0x01})
	if _, err := compat.MarshalKey(bin); !errors.Is(err, compat.ErrKey) {
		t.Errorf("binary secret: %v", err)
	}
	ec, err := jwk.Generate(jwk.KeyTypeEC, jwk.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := compat.MarshalKey(ec); !errors.Is(err, compat.ErrKey) {
		t.Errorf("EC key: %v", err)
	}
}
