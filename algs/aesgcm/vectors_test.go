package aesgcm_test

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

// contentVector is one content encryption with a given CEK and IV.
type contentVector struct {
	name            string
	enc             string
	cek, iv         []byte
	aad, plaintext  []byte
	ciphertext, tag []byte
}

// rfcContentVectors returns the vectors of rfcs/rfc7516.json that test
// content encryption with a given CEK and IV.
func rfcContentVectors(t testing.TB) []contentVector {
	var f struct {
		Vectors []struct {
			ID    string   `json:"id"`
			Enc   string   `json:"enc"`
			Tests []string `json:"tests"`
			Input struct {
				Plaintext string   `json:"plaintext"`
				CEK       b64Bytes `json:"cek_b64u"`
				IV        b64Bytes `json:"iv_b64u"`
				AAD       string   `json:"aad"`
			} `json:"input"`
			Expected struct {
				Ciphertext b64Bytes `json:"ciphertext_b64u"`
				Tag        b64Bytes `json:"tag_b64u"`
			} `json:"expected"`
		} `json:"vectors"`
	}
	readJSON(t, "testdata/vectors/rfcs/rfc7516.json", &f)
	var out []contentVector
	for _, v := range f.Vectors {
		if !isGCM(v.Enc) || !slices.Contains(v.Tests, "content-encrypt-with-given-cek-iv") {
			continue
		}
		out = append(out, contentVector{
			name: v.ID, enc: v.Enc, cek: v.Input.CEK, iv: v.Input.IV,
			aad: []byte(v.Input.AAD), plaintext: []byte(v.Input.Plaintext),
			ciphertext: v.Expected.Ciphertext, tag: v.Expected.Tag,
		})
	}
	return out
}

func isGCM(enc string) bool { return enc == "A128GCM" || enc == "A192GCM" || enc == "A256GCM" }

// cookbook is the part of an RFC 7520 JWE example that this package needs.
type cookbook struct {
	Input struct {
		Plaintext string
		Key       struct{ Kty, K string }
		Alg, Enc  string
		AAD       *string
	}
	Generated struct {
		CEK b64Bytes
		IV  b64Bytes
	}
	EncryptingKey struct {
		EncryptedKey b64Bytes `json:"encrypted_key"`
		IV           b64Bytes
		Tag          b64Bytes
	} `json:"encrypting_key"`
	EncryptingContent struct {
		ProtectedB64u string `json:"protected_b64u"`
		Ciphertext    b64Bytes
		Tag           b64Bytes
	} `json:"encrypting_content"`
}

func loadCookbook(t testing.TB) map[string]cookbook {
	files, err := filepath.Glob("testdata/vectors/rfc7520/jwe/*.json")
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]cookbook)
	for _, file := range files {
		var v cookbook
		readJSON(t, file, &v)
		out[filepath.Base(file)] = v
	}
	if len(out) == 0 {
		t.Fatal("no cookbook vectors loaded")
	}
	return out
}

func octKey(t testing.TB, kty, k string) []byte {
	t.Helper()
	if kty != "oct" {
		t.Fatalf("key kty = %q, want oct", kty)
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(k)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cookbookContentVectors returns the cookbook examples whose "enc" is an
// AES-GCM algorithm. The AAD is the encoded protected header; examples
// with extra AAD or without a protected header are not among the copied
// files, and are refused here so that a new file cannot be run wrongly.
func cookbookContentVectors(t testing.TB) []contentVector {
	var out []contentVector
	for name, v := range loadCookbook(t) {
		if !isGCM(v.Input.Enc) {
			continue
		}
		if v.Input.AAD != nil || v.EncryptingContent.ProtectedB64u == "" {
			t.Fatalf("%s: extra AAD or no protected header; this test does not handle it", name)
		}
		cek := []byte(v.Generated.CEK)
		if v.Input.Alg == "dir" {
			cek = octKey(t, v.Input.Key.Kty, v.Input.Key.K)
		}
		out = append(out, contentVector{
			name: name, enc: v.Input.Enc, cek: cek, iv: v.Generated.IV,
			aad: []byte(v.EncryptingContent.ProtectedB64u), plaintext: []byte(v.Input.Plaintext),
			ciphertext: v.EncryptingContent.Ciphertext, tag: v.EncryptingContent.Tag,
		})
	}
	slices.SortFunc(out, func(a, b contentVector) int { return cmpString(a.name, b.name) })
	return out
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestContentVectors(t *testing.T) {
	rfc, cb := rfcContentVectors(t), cookbookContentVectors(t)
	if len(rfc) == 0 || len(cb) == 0 {
		t.Fatalf("loaded %d RFC 7516 and %d cookbook content vectors, want some of each", len(rfc), len(cb))
	}
	for _, v := range append(rfc, cb...) {
		t.Run(v.name, func(t *testing.T) {
			if len(v.cek) == 0 || len(v.iv) == 0 || len(v.plaintext) == 0 || len(v.ciphertext) == 0 || len(v.tag) == 0 {
				t.Fatal("vector has empty fields")
			}
			alg, err := jwa.ContentEncryption(v.enc)
			if err != nil {
				t.Fatal(err)
			}
			aead, err := alg.NewAEAD(v.cek)
			if err != nil {
				t.Fatal(err)
			}
			want := append(bytes.Clone(v.ciphertext), v.tag...)
			got := aead.Seal(nil, v.iv, v.plaintext, v.aad)
			if !bytes.Equal(got, want) {
				t.Errorf("Seal = %x,\nwant %x", got, want)
			}
			pt, err := aead.Open(nil, v.iv, want, v.aad)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(pt, v.plaintext) {
				t.Errorf("Open = %q, want %q", pt, v.plaintext)
			}
		})
	}
}

func TestKeyWrapVectors(t *testing.T) {
	ran := 0
	for name, v := range loadCookbook(t) {
		switch v.Input.Alg {
		case "A128GCMKW", "A192GCMKW", "A256GCMKW":
		default:
			continue
		}
		ran++
		t.Run(name, func(t *testing.T) {
			kek := octKey(t, v.Input.Key.Kty, v.Input.Key.K)
			cek, ek := []byte(v.Generated.CEK), []byte(v.EncryptingKey.EncryptedKey)
			iv, tag := []byte(v.EncryptingKey.IV), []byte(v.EncryptingKey.Tag)
			if len(cek) == 0 || len(ek) == 0 || len(iv) == 0 || len(tag) == 0 {
				t.Fatal("vector has empty fields")
			}
			alg, err := jwa.KeyManagement(v.Input.Alg)
			if err != nil {
				t.Fatal(err)
			}
			dec, err := alg.NewDecrypter(kek)
			if err != nil {
				t.Fatal(err)
			}
			got, err := dec.DecryptKey(t.Context(), v.Input.Enc, len(cek), ek, &jwa.Params{IV: iv, Tag: tag})
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
			params := &jwa.Params{CEK: cek, IV: iv}
			gotCEK, gotEK, err := enc.EncryptKey(t.Context(), v.Input.Enc, len(cek), params)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(gotCEK, cek) || !bytes.Equal(gotEK, ek) {
				t.Errorf("EncryptKey = %x, %x; want %x, %x", gotCEK, gotEK, cek, ek)
			}
			if !bytes.Equal(params.IV, iv) || !bytes.Equal(params.Tag, tag) {
				t.Errorf("EncryptKey set iv %x, tag %x; want %x, %x", params.IV, params.Tag, iv, tag)
			}
		})
	}
	if ran == 0 {
		t.Fatal("no AES-GCM key wrap examples among the cookbook vectors")
	}
}
