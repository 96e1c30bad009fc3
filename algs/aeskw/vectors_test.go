package aeskw_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/joseframework/jose/algs/aeskw"
	"github.com/joseframework/jose/core/jwa"
)

// hexBytes decodes a JSON string of hex digits.
type hexBytes []byte

func (h *hexBytes) UnmarshalText(text []byte) error {
	b, err := hex.DecodeString(string(text))
	*h = b
	return err
}

// b64Bytes decodes a JSON string of unpadded base64url.
type b64Bytes []byte

func (b *b64Bytes) UnmarshalText(text []byte) error {
	d, err := base64.RawURLEncoding.Strict().DecodeString(string(text))
	*b = d
	return err
}

func readJSON(t testing.TB, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

type rfc3394Vector struct {
	ID    string   `json:"id"`
	Alg   string   `json:"alg"`
	Tests []string `json:"tests"`
	Input struct {
		KEK     hexBytes `json:"kek_hex"`
		KeyData hexBytes `json:"key_data_hex"`
	} `json:"input"`
	Expected struct {
		Ciphertext hexBytes `json:"ciphertext_hex"`
	} `json:"expected"`
}

func loadRFC3394(t testing.TB) []rfc3394Vector {
	t.Helper()
	var f struct{ Vectors []rfc3394Vector }
	readJSON(t, "testdata/vectors/rfcs/rfc3394.json", &f)
	if len(f.Vectors) == 0 {
		t.Fatal("no vectors loaded")
	}
	return f.Vectors
}

func TestRFC3394(t *testing.T) {
	for _, v := range loadRFC3394(t) {
		t.Run(v.ID, func(t *testing.T) {
			kek, data, want := []byte(v.Input.KEK), []byte(v.Input.KeyData), []byte(v.Expected.Ciphertext)
			if len(kek) == 0 || len(data) == 0 || len(want) == 0 {
				t.Fatal("vector has empty fields")
			}
			ran := 0
			for _, test := range v.Tests {
				switch test {
				case "wrap":
					got, err := aeskw.Wrap(kek, data)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got, want) {
						t.Errorf("Wrap = %x, want %x", got, want)
					}
				case "unwrap":
					got, err := aeskw.Unwrap(kek, want)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got, data) {
						t.Errorf("Unwrap = %x, want %x", got, data)
					}
				default:
					t.Fatalf("unknown test %q", test)
				}
				ran++
			}
			if ran == 0 {
				t.Fatal("vector lists no tests")
			}

			// The same vector through the JWE algorithm named by "alg".
			alg, ok := jwa.LookupKeyManagement(v.Alg)
			if !ok {
				t.Fatalf("%s is not registered", v.Alg)
			}
			enc, err := alg.NewEncrypter(kek)
			if err != nil {
				t.Fatal(err)
			}
			cek, ek, err := enc.EncryptKey(t.Context(), "test", len(data), &jwa.Params{CEK: data})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(cek, data) || !bytes.Equal(ek, want) {
				t.Errorf("EncryptKey = %x, %x; want %x, %x", cek, ek, data, want)
			}
			dec, err := alg.NewDecrypter(kek)
			if err != nil {
				t.Fatal(err)
			}
			got, err := dec.DecryptKey(t.Context(), "test", len(data), want, &jwa.Params{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Errorf("DecryptKey = %x, want %x", got, data)
			}
		})
	}
}

// cookbookKeyWrap is the part of an RFC 7520 JWE example that key wrapping
// needs.
type cookbookKeyWrap struct {
	Input struct {
		Key struct{ Kty, K string }
		Alg string
		Enc string
	}
	Generated struct {
		CEK b64Bytes
	}
	EncryptingKey struct {
		EncryptedKey b64Bytes `json:"encrypted_key"`
	} `json:"encrypting_key"`
}

func TestCookbook(t *testing.T) {
	files, err := filepath.Glob("testdata/vectors/rfc7520/jwe/*.json")
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, file := range files {
		var v cookbookKeyWrap
		readJSON(t, file, &v)
		switch v.Input.Alg {
		case "A128KW", "A192KW", "A256KW":
		default:
			continue
		}
		ran++
		t.Run(filepath.Base(file), func(t *testing.T) {
			if v.Input.Key.Kty != "oct" {
				t.Fatalf("key kty = %q, want oct", v.Input.Key.Kty)
			}
			kek, err := base64.RawURLEncoding.Strict().DecodeString(v.Input.Key.K)
			if err != nil {
				t.Fatal(err)
			}
			cek, ek := []byte(v.Generated.CEK), []byte(v.EncryptingKey.EncryptedKey)
			if len(cek) == 0 || len(ek) == 0 {
				t.Fatal("vector has no cek or encrypted_key")
			}
			alg, err := jwa.KeyManagement(v.Input.Alg)
			if err != nil {
				t.Fatal(err)
			}
			dec, err := alg.NewDecrypter(kek)
			if err != nil {
				t.Fatal(err)
			}
			got, err := dec.DecryptKey(t.Context(), v.Input.Enc, len(cek), ek, &jwa.Params{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, cek) {
				t.Errorf("DecryptKey = %x, want %x", got, cek)
			}
			enc, err := alg.NewEncrypter(kek)
			if err != nil {
				t.Fatal(err)
			}
			_, gotEK, err := enc.EncryptKey(t.Context(), v.Input.Enc, len(cek), &jwa.Params{CEK: cek})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(gotEK, ek) {
				t.Errorf("EncryptKey encrypted key = %x, want %x", gotEK, ek)
			}
			if _, err := dec.DecryptKey(t.Context(), v.Input.Enc, len(cek)+8, ek, &jwa.Params{}); !errors.Is(err, jwa.ErrDecryption) {
				t.Errorf("DecryptKey with a wrong cekSize = %v, want ErrDecryption", err)
			}
		})
	}
	if ran == 0 {
		t.Fatal("no AES key wrap examples among the cookbook vectors")
	}
}
