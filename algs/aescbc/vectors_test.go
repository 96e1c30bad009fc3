package aescbc

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// vector is one content encryption test case: with key, iv and aad, the
// plaintext encrypts to ciphertext ‖ tag.
type vector struct {
	id                 string
	enc                string
	key, iv, aad       []byte
	plaintext          []byte
	ciphertext, tag    []byte
	macFull, bitLength []byte // optional: the untruncated HMAC and AL, when the source gives them
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

func unb64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		t.Fatalf("bad base64url %q: %v", s, err)
	}
	return b
}

func readJSON(t testing.TB, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "vectors", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// rfcFile is the part of a vectors/rfcs file these tests read.
type rfcFile struct {
	Vectors []struct {
		ID       string
		Category string
		Enc      string
		Tests    []string
		Input    map[string]any
		Expected map[string]any
	}
}

// cookbookFile is the part of an RFC 7520 JWE example these tests read.
type cookbookFile struct {
	Input struct {
		Plaintext string
		Enc       string
	}
	Generated struct {
		CEK string
		IV  string
	}
	EncryptingKey struct {
		CEK string
	} `json:"encrypting_key"`
	EncryptingContent struct {
		ProtectedB64u string `json:"protected_b64u"`
		Ciphertext    string
		Tag           string
	} `json:"encrypting_content"`
}

func str(t testing.TB, m map[string]any, key string) string {
	t.Helper()
	s, ok := m[key].(string)
	if !ok {
		t.Fatalf("member %q missing or not a string", key)
	}
	return s
}

// loadVectors returns every content encryption vector this package is
// tested with. It fails if any of the sources listed in the assignment is
// missing or yields nothing, so a vector cannot be dropped silently.
func loadVectors(t testing.TB) []vector {
	t.Helper()
	var out []vector

	// RFC 7518 Appendix B.1–B.3: every content-encryption vector of the file.
	var f7518 rfcFile
	readJSON(t, "rfcs/rfc7518.json", &f7518)
	n7518 := 0
	for _, v := range f7518.Vectors {
		if v.Category != "content-encryption" {
			continue
		}
		in, exp := v.Input, v.Expected
		out = append(out, vector{
			id:         v.ID,
			enc:        v.Enc,
			key:        unhex(t, str(t, in, "K_hex")),
			iv:         unhex(t, str(t, in, "IV_hex")),
			aad:        unhex(t, str(t, in, "A_hex")),
			plaintext:  unhex(t, str(t, in, "P_hex")),
			ciphertext: unhex(t, str(t, exp, "E_hex")),
			tag:        unhex(t, str(t, exp, "T_hex")),
			macFull:    unhex(t, str(t, exp, "M_hex")),
			bitLength:  unhex(t, str(t, exp, "AL_hex")),
		})
		n7518++
	}
	if n7518 != 3 {
		t.Fatalf("rfc7518.json: %d content-encryption vectors, want 3 (B.1–B.3)", n7518)
	}

	// RFC 7516 Appendix B (step by step) and the content of A.3.
	var f7516 rfcFile
	readJSON(t, "rfcs/rfc7516.json", &f7516)
	found := map[string]bool{}
	for _, v := range f7516.Vectors {
		in, exp := v.Input, v.Expected
		switch v.ID {
		case "RFC7516-B":
			out = append(out, vector{
				id:         v.ID,
				enc:        v.Enc,
				key:        unb64(t, str(t, in, "key_b64u")),
				iv:         unb64(t, str(t, in, "iv_b64u")),
				aad:        []byte(str(t, in, "aad")),
				plaintext:  []byte(str(t, in, "plaintext")),
				ciphertext: unb64(t, str(t, exp, "ciphertext_b64u")),
				tag:        unb64(t, str(t, exp, "tag_b64u")),
				macFull:    unb64(t, str(t, exp, "hmac_b64u")),
				bitLength:  unb64(t, str(t, exp, "al_b64u")),
			})
		case "RFC7516-A.3":
			out = append(out, vector{
				id:         v.ID,
				enc:        v.Enc,
				key:        unb64(t, str(t, in, "cek_b64u")),
				iv:         unb64(t, str(t, in, "iv_b64u")),
				aad:        []byte(str(t, in, "aad")),
				plaintext:  []byte(str(t, in, "plaintext")),
				ciphertext: unb64(t, str(t, exp, "ciphertext_b64u")),
				tag:        unb64(t, str(t, exp, "tag_b64u")),
			})
		default:
			continue
		}
		found[v.ID] = true
	}
	for _, id := range []string{"RFC7516-A.3", "RFC7516-B"} {
		if !found[id] {
			t.Fatalf("rfc7516.json: vector %s not found", id)
		}
	}

	// RFC 7520 (JOSE Cookbook) examples that use AES_CBC_HMAC_SHA2 content
	// encryption; the AAD is the ASCII of the encoded protected header.
	cookbook := []string{
		"rfc7520/jwe/5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2.json",
		"rfc7520/jwe/5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json",
		"rfc7520/jwe/5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json",
		"rfc7520/jwe/5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2.json",
	}
	for _, name := range cookbook {
		var c cookbookFile
		readJSON(t, name, &c)
		cek := c.Generated.CEK
		if cek == "" { // direct key agreement: the CEK is the derived key
			cek = c.EncryptingKey.CEK
		}
		if cek == "" || c.Generated.IV == "" || c.EncryptingContent.ProtectedB64u == "" {
			t.Fatalf("%s: cek, iv or protected header missing", name)
		}
		out = append(out, vector{
			id:         "RFC7520-" + filepath.Base(name)[:3],
			enc:        c.Input.Enc,
			key:        unb64(t, cek),
			iv:         unb64(t, c.Generated.IV),
			aad:        []byte(c.EncryptingContent.ProtectedB64u),
			plaintext:  []byte(c.Input.Plaintext),
			ciphertext: unb64(t, c.EncryptingContent.Ciphertext),
			tag:        unb64(t, c.EncryptingContent.Tag),
		})
	}

	if len(out) == 0 {
		t.Fatal("no vectors loaded")
	}
	return out
}
