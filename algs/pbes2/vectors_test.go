package pbes2_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/joseframework/jose/core/jwa"
)

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

// vector is one PBES2 key wrap: password, salt input, count, CEK and the
// encrypted key.
type vector struct {
	name     string
	alg, enc string
	password string
	p2s      []byte
	p2c      int
	cek      []byte
	ek       []byte
}

// loadVectors returns the PBES2 vectors of RFC 7517 Appendix C and of the
// RFC 7520 cookbook. It fails if there are none of either.
func loadVectors(t testing.TB) []vector {
	var rfc struct {
		Vectors []struct {
			ID    string   `json:"id"`
			Alg   string   `json:"alg"`
			Enc   string   `json:"enc"`
			Tests []string `json:"tests"`
			Key   struct {
				Kty, K string
			} `json:"key"`
			Input struct {
				Passphrase string   `json:"passphrase"`
				P2S        b64Bytes `json:"p2s_b64u"`
				P2C        int      `json:"p2c"`
				CEK        b64Bytes `json:"cek_b64u"`
			} `json:"input"`
			Expected struct {
				EncryptedKey b64Bytes `json:"encrypted_key_b64u"`
			} `json:"expected"`
		} `json:"vectors"`
	}
	readJSON(t, "testdata/vectors/rfcs/rfc7517.json", &rfc)
	var out []vector
	for _, v := range rfc.Vectors {
		if !slices.Contains(v.Tests, "encrypt-with-given-cek-iv-salt") {
			continue
		}
		// The JWK form of the key must agree with the passphrase.
		k, err := base64.RawURLEncoding.Strict().DecodeString(v.Key.K)
		if err != nil || v.Key.Kty != "oct" || string(k) != v.Input.Passphrase {
			t.Fatalf("%s: JWK key %q does not hold the passphrase %q", v.ID, k, v.Input.Passphrase)
		}
		out = append(out, vector{
			name: v.ID, alg: v.Alg, enc: v.Enc, password: v.Input.Passphrase,
			p2s: v.Input.P2S, p2c: v.Input.P2C, cek: v.Input.CEK, ek: v.Expected.EncryptedKey,
		})
	}
	nRFC := len(out)

	files, err := filepath.Glob("testdata/vectors/rfc7520/jwe/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		var v struct {
			Input struct {
				Pwd, Alg, Enc string
			}
			Generated struct {
				CEK b64Bytes
			}
			EncryptingKey struct {
				Salt           b64Bytes
				IterationCount int      `json:"iteration_count"`
				EncryptedKey   b64Bytes `json:"encrypted_key"`
			} `json:"encrypting_key"`
			EncryptingContent struct {
				Protected struct {
					P2S b64Bytes
					P2C int
				}
			} `json:"encrypting_content"`
		}
		readJSON(t, file, &v)
		if v.Input.Pwd == "" {
			continue
		}
		if !bytes.Equal(v.EncryptingKey.Salt, v.EncryptingContent.Protected.P2S) || v.EncryptingKey.IterationCount != v.EncryptingContent.Protected.P2C {
			t.Fatalf("%s: salt and count disagree with the protected header", file)
		}
		out = append(out, vector{
			name: filepath.Base(file), alg: v.Input.Alg, enc: v.Input.Enc, password: v.Input.Pwd,
			p2s: v.EncryptingKey.Salt, p2c: v.EncryptingKey.IterationCount,
			cek: v.Generated.CEK, ek: v.EncryptingKey.EncryptedKey,
		})
	}
	if nRFC == 0 || len(out) == nRFC {
		t.Fatalf("loaded %d RFC 7517 and %d cookbook PBES2 vectors, want some of each", nRFC, len(out)-nRFC)
	}
	for _, v := range out {
		if v.alg == "" || v.password == "" || len(v.p2s) == 0 || v.p2c == 0 || len(v.cek) == 0 || len(v.ek) == 0 {
			t.Fatalf("%s: vector has empty fields", v.name)
		}
	}
	return out
}

func TestVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.name, func(t *testing.T) {
			alg, err := jwa.KeyManagement(v.alg)
			if err != nil {
				t.Fatal(err)
			}
			dec, err := alg.NewDecrypter([]byte(v.password))
			if err != nil {
				t.Fatal(err)
			}
			got, err := dec.DecryptKey(t.Context(), v.enc, len(v.cek), v.ek, &jwa.Params{P2S: v.p2s, P2C: v.p2c})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, v.cek) {
				t.Errorf("DecryptKey = %x, want %x", got, v.cek)
			}

			enc, err := alg.NewEncrypter([]byte(v.password))
			if err != nil {
				t.Fatal(err)
			}
			params := &jwa.Params{CEK: v.cek, P2S: v.p2s, P2C: v.p2c}
			cek, ek, err := enc.EncryptKey(t.Context(), v.enc, len(v.cek), params)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(cek, v.cek) || !bytes.Equal(ek, v.ek) {
				t.Errorf("EncryptKey = %x, %x; want %x, %x", cek, ek, v.cek, v.ek)
			}
			if !bytes.Equal(params.P2S, v.p2s) || params.P2C != v.p2c {
				t.Errorf("EncryptKey recorded p2s %x, p2c %d; want %x, %d", params.P2S, params.P2C, v.p2s, v.p2c)
			}
		})
	}
}
