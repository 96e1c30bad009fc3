package jwe

import (
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/joseframework/jose/core/jwa"
)

// fuzzSeeds returns the outputs of the committed 5.6 vector and tokens made
// here in each serialization, with and without compression, AAD and
// several recipients.
func fuzzSeeds(f *testing.F) (compact, jsonTokens [][]byte) {
	data, err := os.ReadFile("testdata/vectors/rfc7520/jwe/5_6.direct_encryption_using_aes-gcm.json")
	if err != nil {
		f.Fatal(err)
	}
	var v struct{ Output map[string]json.RawMessage }
	if err := json.Unmarshal(data, &v); err != nil {
		f.Fatal(err)
	}
	var c string
	if err := json.Unmarshal(v.Output["compact"], &c); err != nil {
		f.Fatal(err)
	}
	compact = append(compact, []byte(c))
	jsonTokens = append(jsonTokens, v.Output["json"], v.Output["json_flat"])
	for _, o := range []*EncryptOptions{
		{}, {Compress: true}, {Type: "JWT", Critical: []string{"x"}, Protected: map[string]any{"x": 1}},
		{Serialization: FlattenedJSON, AAD: []byte("aad"), Unprotected: map[string]any{"u": true}},
		{Serialization: FlattenedJSON, RecipientLocation: Shared, EncLocation: Shared},
		{Serialization: GeneralJSON, Compress: true},
	} {
		rs := []Recipient{{KeyEncrypter: mustKW(key16), KeyID: "k"}}
		if o.Serialization == GeneralJSON {
			rs = append(rs, Recipient{KeyEncrypter: mustKW(key16), Header: map[string]any{"h": "v"}})
		}
		tok, err := Encrypt(f.Context(), []byte("fuzz seed plaintext"), a128gcm, rs, o)
		if err != nil {
			f.Fatal(err)
		}
		if o.Serialization == Compact {
			compact = append(compact, tok)
		} else {
			jsonTokens = append(jsonTokens, tok)
		}
	}
	return compact, jsonTokens
}

// knownError reports whether err is one of the documented errors.
func knownError(err error) bool {
	var ae *AlgorithmError
	for _, s := range []error{ErrMalformed, ErrCritical, ErrUnsupported, ErrTooLarge, ErrNoRecipient, jwa.ErrDecryption, jwa.ErrInvalidParameter, jwa.ErrKeySize} {
		if errors.Is(err, s) {
			return true
		}
	}
	return errors.As(err, &ae)
}

// FuzzDecryptCompact checks that decrypting any input never panics, fails
// only with documented errors, and that what decrypts was a well-formed
// token for the key's algorithm.
func FuzzDecryptCompact(f *testing.F) {
	compact, jsonTokens := fuzzSeeds(f)
	if len(compact) == 0 || len(jsonTokens) == 0 {
		f.Fatal("no seeds")
	}
	for _, s := range compact {
		f.Add(s)
	}
	opts := &DecryptOptions{
		ContentEncryption: []jwa.ContentEncryptionAlgorithm{a128gcm, a256gcm},
		Critical:          []string{"x"},
		Limits:            jwa.Limits{MaxDecompressedSize: 1 << 16},
	}
	kw := mustKW(key16)
	f.Fuzz(func(t *testing.T, token []byte) {
		res, err := Decrypt(t.Context(), token, kw, opts)
		if err != nil {
			if !knownError(err) {
				t.Fatalf("undocumented error %v", err)
			}
			return
		}
		if res.Header.Algorithm != kw.Algorithm() || res.Header.Encryption == "" {
			t.Fatalf("decrypted with header %+v", res.Header)
		}
		if len(res.Plaintext) > 1<<16 {
			t.Fatalf("plaintext of %d bytes over the limit", len(res.Plaintext))
		}
	})
}

// FuzzParseJSON checks that parsing any input never panics, fails only
// with documented errors, and that an accepted token has, for every
// recipient, an "alg" and the one shared "enc".
func FuzzParseJSON(f *testing.F) {
	_, jsonTokens := fuzzSeeds(f)
	if len(jsonTokens) == 0 {
		f.Fatal("no seeds")
	}
	for _, s := range jsonTokens {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token []byte) {
		m, err := Parse(token, jwa.Limits{MaxRecipients: 8}, []string{"x"})
		if err != nil {
			if !knownError(err) {
				t.Fatalf("undocumented error %v", err)
			}
			return
		}
		hs := m.Headers()
		if len(hs) == 0 || len(hs) > 8 {
			t.Fatalf("%d recipients", len(hs))
		}
		for _, h := range hs {
			if _, ok := h.Get("alg"); !ok || h.Encryption != hs[0].Encryption {
				t.Fatalf("header %+v", h)
			}
			if h.Compression != "" && (h.Compression != "DEF" || !h.IsProtected("zip")) {
				t.Fatalf("zip %q accepted", h.Compression)
			}
		}
	})
}
