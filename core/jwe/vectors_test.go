package jwe

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/jwa/jwatest"
)

func TestManifest(t *testing.T) { jwatest.CheckManifest(t, "testdata/vectors") }

// TestCookbookDirect runs RFC 7520, Section 5.6 ("dir" with A128GCM) with
// the test AES-GCM: it needs no algorithm module, so core checks it itself.
// The full cookbook runs in the conformance module.
func TestCookbookDirect(t *testing.T) {
	data, err := os.ReadFile("testdata/vectors/rfc7520/jwe/5_6.direct_encryption_using_aes-gcm.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Input struct {
			Plaintext string
			Key       struct{ Kid, K string }
			Alg, Enc  string
		}
		Generated struct{ IV string }
		Output    map[string]json.RawMessage
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	key, err := b64.Decode(v.Input.Key.K)
	if err != nil || v.Input.Alg != "dir" || v.Input.Enc != "A128GCM" {
		t.Fatalf("unexpected vector: %v %s %s", err, v.Input.Alg, v.Input.Enc)
	}
	iv, _ := b64.Decode(v.Generated.IV)
	var compact string
	if err := json.Unmarshal(v.Output["compact"], &compact); err != nil || compact == "" {
		t.Fatalf("no compact output: %v", err)
	}

	got, err := Encrypt(t.Context(), []byte(v.Input.Plaintext), a128gcm,
		[]Recipient{{KeyEncrypter: mustDir(key), KeyID: v.Input.Key.Kid}}, &EncryptOptions{IV: iv})
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != compact {
		t.Errorf("compact:\n got %s\nwant %s", got, compact)
	}
	flat, err := Encrypt(t.Context(), []byte(v.Input.Plaintext), a128gcm,
		[]Recipient{{KeyEncrypter: mustDir(key), KeyID: v.Input.Key.Kid}}, &EncryptOptions{IV: iv, Serialization: FlattenedJSON})
	if err != nil {
		t.Fatal(err)
	}
	var wantFlat, gotFlat map[string]any
	json.Unmarshal(v.Output["json_flat"], &wantFlat)
	json.Unmarshal(flat, &gotFlat)
	if len(wantFlat) == 0 {
		t.Fatal("no json_flat output")
	}
	if !reflect.DeepEqual(wantFlat, gotFlat) {
		t.Errorf("json_flat:\n got %v\nwant %v", gotFlat, wantFlat)
	}

	for _, form := range []string{"compact", "json", "json_flat"} {
		t.Run(form, func(t *testing.T) {
			tok := []byte(v.Output[form])
			if form == "compact" {
				tok = []byte(compact)
			}
			res, err := Decrypt(t.Context(), tok, mustDir(key), allow(a128gcm))
			if err != nil {
				t.Fatal(err)
			}
			if string(res.Plaintext) != v.Input.Plaintext || res.Header.KeyID != v.Input.Key.Kid {
				t.Errorf("plaintext %q, kid %q", res.Plaintext, res.Header.KeyID)
			}
		})
	}
}
