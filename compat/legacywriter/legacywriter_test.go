package legacywriter_test

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	algrsa "github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/compat"
	"github.com/joseframework/jose/compat/legacywriter"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
)

// rsaA returns the vectors' key "rsa-a", which every JWE vector is
// encrypted to.
func rsaA(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	data, err := os.ReadFile("../testdata/legacy/v1.0.0.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Vectors []struct {
			Kind string
			Key  struct{ JWK json.RawMessage }
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	for _, v := range f.Vectors {
		if v.Kind != "jwe" {
			continue
		}
		k, err := jwk.ParseKey(v.Key.JWK)
		if err != nil {
			t.Fatal(err)
		}
		if k.KeyID() == "rsa-a" {
			return k.Key().(*rsa.PrivateKey)
		}
	}
	t.Fatal("rsa-a not found")
	return nil
}

func encrypter(t testing.TB, k *rsa.PrivateKey) jwa.KeyEncrypter {
	t.Helper()
	ke, err := algrsa.RSAOAEP().NewEncrypter(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return ke
}

func decrypter(t testing.TB, k *rsa.PrivateKey) jwa.KeyDecrypter {
	t.Helper()
	kd, err := algrsa.RSAOAEP().NewDecrypter(k)
	if err != nil {
		t.Fatal(err)
	}
	return kd
}

var now = func() time.Time { return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) }

// TestRoundTrip writes v1 and v2 tokens in every combination of enc,
// compression and adata, and reads them back with package compat.
func TestRoundTrip(t *testing.T) {
	key := rsaA(t)
	ke, kd := encrypter(t, key), decrypter(t, key)
	claims := map[string]any{
		"sub": "user-1", "exp": 4102444800, "big": int64(1) << 60, "nested": map[string]any{"a": []any{"x", true}},
		"text": "é <&> \u2028",
	}
	orig, _ := json.Marshal(claims)
	want := map[string]any{
		"sub": "user-1", "exp": json.Number("4102444800"), "big": json.Number("1152921504606846976"),
		"nested": map[string]any{"a": []any{"x", true}}, "text": "é <&> \u2028",
	}
	for _, ver := range []legacywriter.Version{legacywriter.V1, legacywriter.V2} {
		for _, enc := range []string{"", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512"} {
			for _, zip := range []bool{false, true} {
				for _, adata := range []string{"", "client-context-42"} {
					name := strings.Join([]string{map[legacywriter.Version]string{1: "v1", 2: "v2"}[ver], enc, map[bool]string{true: "zip"}[zip], adata}, "/")
					t.Run(name, func(t *testing.T) {
						tok, err := legacywriter.Encrypt(t.Context(), claims, ke, &legacywriter.EncryptOptions{
							Version: ver, Enc: enc, Compress: zip, Adata: []byte(adata),
							AddHeader: map[string]any{"kid": "rsa-a", "typ": "JWT"},
						})
						if err != nil {
							t.Fatal(err)
						}
						d, err := compat.Decrypt(t.Context(), tok, kd, &compat.Options{Now: now, Adata: []byte(adata)})
						if err != nil {
							t.Fatal(err)
						}
						if diff := cmp.Diff(want, d.Claims); diff != "" {
							t.Errorf("claims (-want +got):\n%s", diff)
						}
						wantEnc := enc
						if wantEnc == "" {
							wantEnc = "A128CBC-HS256"
						}
						wantHeader := map[string]any{"alg": "RSA-OAEP", "enc": wantEnc, "__v": json.Number(map[legacywriter.Version]string{1: "1", 2: "2"}[ver]), "kid": "rsa-a", "typ": "JWT"}
						if zip {
							wantHeader["zip"] = "DEF"
						}
						if diff := cmp.Diff(wantHeader, d.UnauthenticatedHeader); diff != "" {
							t.Errorf("header (-want +got):\n%s", diff)
						}
						if int(d.Layout) != map[legacywriter.Version]int{1: int(compat.LayoutV1), 2: int(compat.LayoutV2)}[ver] {
							t.Errorf("read as %v", d.Layout)
						}
						// The adata is authenticated.
						_, err = compat.Decrypt(t.Context(), tok, kd, &compat.Options{Now: now, Adata: []byte(adata + "x")})
						if !errors.Is(err, jwa.ErrDecryption) {
							t.Errorf("wrong adata: %v, want ErrDecryption", err)
						}
					})
				}
			}
		}
	}
	if got, _ := json.Marshal(claims); !bytes.Equal(got, orig) {
		t.Error("Encrypt modified the caller's claims")
	}
}

// TestRand checks that Rand supplies the IV and then the content key, in
// the library's order, so that vectors can be reproduced.
func TestRand(t *testing.T) {
	key := rsaA(t)
	iv := bytes.Repeat([]byte{0x11}, 16)
	cek := bytes.Repeat([]byte{0x22}, 64)
	tok, err := legacywriter.Encrypt(t.Context(), map[string]any{"a": 1}, encrypter(t, key), &legacywriter.EncryptOptions{
		Version: legacywriter.V2, Enc: "A256CBC-HS512", Rand: bytes.NewReader(append(bytes.Clone(iv), cek...)),
	})
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	if got, _ := base64.RawURLEncoding.DecodeString(parts[2]); !bytes.Equal(got, iv) {
		t.Errorf("IV %x", got)
	}
	ek, _ := base64.RawURLEncoding.DecodeString(parts[1])
	got, err := rsa.DecryptOAEP(sha1.New(), nil, key, ek, nil)
	if err != nil || !bytes.Equal(got, cek) {
		t.Errorf("CEK %x, %v", got, err)
	}
	// A short random source is an error, not a weak key.
	_, err = legacywriter.Encrypt(t.Context(), nil, encrypter(t, key), &legacywriter.EncryptOptions{
		Version: legacywriter.V1, Rand: bytes.NewReader(make([]byte, 20)),
	})
	if err == nil {
		t.Error("Encrypt with 20 random bytes succeeded")
	}
}

func TestOptionErrors(t *testing.T) {
	key := rsaA(t)
	ke := encrypter(t, key)
	oaep256, err := algrsa.RSAOAEP256().NewEncrypter(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		claims map[string]any
		ke     jwa.KeyEncrypter
		opts   *legacywriter.EncryptOptions
	}{
		{"nil options", nil, ke, nil},
		{"version 0", nil, ke, &legacywriter.EncryptOptions{}},
		{"version 3", nil, ke, &legacywriter.EncryptOptions{Version: 3}},
		{"enc GCM", nil, ke, &legacywriter.EncryptOptions{Version: 2, Enc: "A128GCM"}},
		{"enc plus spelling", nil, ke, &legacywriter.EncryptOptions{Version: 2, Enc: "A128CBC+HS256"}},
		{"enc mismatched", nil, ke, &legacywriter.EncryptOptions{Version: 2, Enc: "A192CBC-HS256"}},
		{"nil encrypter", nil, nil, &legacywriter.EncryptOptions{Version: 2}},
		{"RSA-OAEP-256", nil, oaep256, &legacywriter.EncryptOptions{Version: 2}},
		{"__v in claims", map[string]any{"__v": 2}, ke, &legacywriter.EncryptOptions{Version: 2}},
		{"__v in header", nil, ke, &legacywriter.EncryptOptions{Version: 2, AddHeader: map[string]any{"__v": 1}}},
		{"alg in header", nil, ke, &legacywriter.EncryptOptions{Version: 2, AddHeader: map[string]any{"alg": "dir"}}},
		{"zip in header", nil, ke, &legacywriter.EncryptOptions{Version: 2, AddHeader: map[string]any{"zip": "DEF"}}},
	}
	for _, tt := range tests {
		_, err := legacywriter.Encrypt(t.Context(), tt.claims, tt.ke, tt.opts)
		if !errors.Is(err, legacywriter.ErrOptions) {
			t.Errorf("%s: %v, want ErrOptions", tt.name, err)
		}
	}
	// Claims that encoding/json cannot encode.
	_, err = legacywriter.Encrypt(t.Context(), map[string]any{"f": func() {}}, ke, &legacywriter.EncryptOptions{Version: 1})
	if err == nil {
		t.Error("unencodable claims accepted")
	}
}

// TestRelabelled checks that a written v2 token cannot be read in another
// layout by editing its unauthenticated header.
func TestRelabelled(t *testing.T) {
	key := rsaA(t)
	tok, err := legacywriter.Encrypt(context.Background(), map[string]any{"a": 1}, encrypter(t, key), &legacywriter.EncryptOptions{Version: legacywriter.V2})
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	parts[0] = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RSA-OAEP","enc":"A128CBC-HS256"}`))
	_, err = compat.Decrypt(t.Context(), strings.Join(parts, "."), decrypter(t, key), &compat.Options{AllowMacThenEncrypt: true, Now: now})
	if !errors.Is(err, jwa.ErrDecryption) {
		t.Errorf("v2 token relabelled legacy: %v, want ErrDecryption", err)
	}
}
