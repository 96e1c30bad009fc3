package rsa15_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/joseframework/jose/algs/rsa/internal/rsatest"
	"github.com/joseframework/jose/algs/rsa/rsa15"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
)

// vectors is the copied vector directory, seen from this package.
var vectors = filepath.Join("..", rsatest.VectorsDir)

func TestManifest(t *testing.T) { jwatest.CheckManifest(t, vectors) }

type rfcVector struct {
	ID, Alg, Enc string
	Tests        []string
	Errata       string
	Key          rsatest.JWK
	Keys         map[string]rsatest.JWK
	Input        map[string]any
	Expected     map[string]any
}

// rsa15Case is one RSA1_5 encrypted key from the vectors.
type rsa15Case struct {
	name         string
	key          rsatest.JWK
	encryptedKey []byte
	cek          []byte
	notCEK       []byte // a value the vector says is not the CEK, or nil
}

func str(t *testing.T, m map[string]any, name string) string {
	t.Helper()
	s, ok := m[name].(string)
	if !ok {
		t.Fatalf("vector has no string %q", name)
	}
	return s
}

// compactPart returns part i of a compact serialization.
func compactPart(t *testing.T, compact string, i int) []byte {
	t.Helper()
	parts := strings.Split(compact, ".")
	if len(parts) != 5 {
		t.Fatalf("not a compact JWE: %d parts", len(parts))
	}
	return rsatest.B64(t, parts[i])
}

// loadCases collects every RSA1_5 encrypted key of RFC 7516, RFC 7519
// and RFC 7520 that the vectors hold, failing on anything unexpected.
func loadCases(t *testing.T) []rsa15Case {
	t.Helper()
	var cases []rsa15Case
	for _, file := range []string{"rfc7516.json", "rfc7519.json"} {
		var f struct{ Vectors []rfcVector }
		rsatest.ReadJSON(t, filepath.Join(vectors, "rfcs", file), &f)
		if len(f.Vectors) == 0 {
			t.Fatalf("%s: no vectors loaded", file)
		}
		for _, v := range f.Vectors {
			switch {
			case v.Alg == "RSA1_5" && file == "rfc7516.json":
				cases = append(cases, rsa15Case{
					name: v.ID, key: v.Key,
					encryptedKey: rsatest.B64(t, str(t, v.Expected, "encrypted_key_b64u")),
					cek:          rsatest.B64(t, str(t, v.Input, "cek_b64u")),
				})
			case v.Alg == "RSA1_5": // RFC 7519: the key is in the compact form
				key := v.Key
				if k, ok := v.Keys["decryption"]; ok {
					key = k
				}
				c := rsa15Case{
					name: v.ID, key: key,
					encryptedKey: compactPart(t, str(t, v.Expected, "compact"), 1),
					cek:          rsatest.B64(t, str(t, v.Input, "cek_recovered_b64u")),
				}
				if v.Errata != "" {
					// The printed CEK is wrong (see the vector's errata):
					// decryption must not give it.
					c.notCEK = rsatest.B64(t, str(t, v.Input, "cek_as_printed_in_rfc_b64u"))
				}
				cases = append(cases, c)
			case v.Alg == "" && slices.Contains(v.Tests, "decrypt"):
				// General JSON with several recipients (RFC 7516 A.4).
				var j struct {
					Recipients []struct {
						Header       struct{ Alg, Kid string }
						EncryptedKey string `json:"encrypted_key"`
					}
				}
				reencode(t, v.Expected["json"], &j)
				for _, r := range j.Recipients {
					if r.Header.Alg != "RSA1_5" {
						continue
					}
					key, ok := v.Keys[r.Header.Kid]
					if !ok {
						t.Fatalf("%s: no key %q", v.ID, r.Header.Kid)
					}
					cases = append(cases, rsa15Case{
						name: v.ID + "/" + r.Header.Kid, key: key,
						encryptedKey: rsatest.B64(t, r.EncryptedKey),
						cek:          rsatest.B64(t, str(t, v.Input, "cek_b64u")),
					})
				}
			}
		}
	}

	var cb struct {
		Input struct {
			Alg string
			Key rsatest.JWK
		}
		Generated     struct{ CEK string }
		EncryptingKey struct {
			EncryptedKey string `json:"encrypted_key"`
		} `json:"encrypting_key"`
	}
	rsatest.ReadJSON(t, filepath.Join(vectors, "rfc7520", "jwe", "5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2.json"), &cb)
	if cb.Input.Alg != "RSA1_5" {
		t.Fatalf("RFC 7520 5.1: alg %q", cb.Input.Alg)
	}
	cases = append(cases, rsa15Case{
		name: "RFC7520-5.1", key: cb.Input.Key,
		encryptedKey: rsatest.B64(t, cb.EncryptingKey.EncryptedKey),
		cek:          rsatest.B64(t, cb.Generated.CEK),
	})

	var names []string
	for _, c := range cases {
		names = append(names, c.name)
	}
	want := []string{"RFC7516-A.2", "RFC7516-A.4/2011-04-29", "RFC7519-A.1", "RFC7519-A.2", "RFC7520-5.1"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Fatalf("RSA1_5 vectors found (-want +got):\n%s", diff)
	}
	return cases
}

// TestVectors decrypts every RSA1_5 encrypted key of the vectors, with a
// local key and through a crypto.Decrypter, and checks that a changed
// encrypted key gives a random CEK, not an error.
func TestVectors(t *testing.T) {
	ctx := context.Background()
	for _, c := range loadCases(t) {
		t.Run(c.name, func(t *testing.T) {
			priv := c.key.PrivateKey(t)
			for _, key := range []any{priv, &rsatest.OpaqueDecrypter{Key: priv}} {
				d, err := rsa15.RSA15().NewDecrypter(key)
				if err != nil {
					t.Fatal(err)
				}
				got, err := d.DecryptKey(ctx, "A128CBC-HS256", len(c.cek), c.encryptedKey, &jwa.Params{})
				if err != nil {
					t.Fatalf("%T: DecryptKey = %v", key, err)
				}
				if !bytes.Equal(got, c.cek) {
					t.Fatalf("%T: DecryptKey = %x, want %x", key, got, c.cek)
				}
				if c.notCEK != nil && bytes.Equal(got, c.notCEK) {
					t.Errorf("DecryptKey gave the CEK printed in the RFC, which the errata says is wrong")
				}
				bad := bytes.Clone(c.encryptedKey)
				bad[len(bad)/2] ^= 0x10
				got, err = d.DecryptKey(ctx, "A128CBC-HS256", len(c.cek), bad, &jwa.Params{})
				if err != nil || len(got) != len(c.cek) || bytes.Equal(got, c.cek) {
					t.Errorf("%T: DecryptKey of a changed encrypted key = %x, %v; want a random %d-byte CEK and no error", key, got, err, len(c.cek))
				}
				// The wrong CEK size: the real key no longer comes back.
				got, err = d.DecryptKey(ctx, "A256CBC-HS512", 64, c.encryptedKey, &jwa.Params{})
				if err != nil || len(got) != 64 || bytes.HasPrefix(got, c.cek) {
					t.Errorf("%T: DecryptKey with cekSize 64 = %x, %v; want a random 64-byte CEK", key, got, err)
				}
			}
		})
	}
}

// reencode converts a decoded JSON value into v.
func reencode(t *testing.T, from, v any) {
	t.Helper()
	b, err := json.Marshal(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
