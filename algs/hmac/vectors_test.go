package hmac_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/joseframework/jose/algs/hmac"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
)

func TestManifest(t *testing.T) { jwatest.CheckManifest(t, "testdata/vectors") }

// hexBytes decodes a JSON string of hex digits.
type hexBytes []byte

func (h *hexBytes) UnmarshalText(text []byte) error {
	b, err := hex.DecodeString(string(text))
	*h = b
	return err
}

// b64u decodes a JSON string of unpadded base64url.
type b64u []byte

func (b *b64u) UnmarshalText(text []byte) error {
	d, err := base64.RawURLEncoding.Strict().DecodeString(string(text))
	*b = d
	return err
}

// checkSignVerify signs input with key under alg, compares the result with
// want byte for byte, and verifies want.
func checkSignVerify(t *testing.T, alg jwa.SignatureAlgorithm, key, input, want []byte) {
	t.Helper()
	s, err := alg.NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Sign(t.Context(), input)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Sign = %x, want %x", got, want)
	}
	v, err := alg.NewVerifier(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(t.Context(), input, want); err != nil {
		t.Errorf("Verify(published MAC) = %v", err)
	}
}

// TestRFC7515 runs every HMAC vector of RFC 7515 that lists "sign" and
// "verify".
func TestRFC7515(t *testing.T) {
	data, err := os.ReadFile("testdata/vectors/rfcs/rfc7515.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Vectors []struct {
			ID, Alg string
			Tests   []string
			Key     struct {
				Kty string
				K   b64u
			}
			Expected struct {
				SigningInput  string `json:"signing_input"`
				SignatureB64u b64u   `json:"signature_b64u"`
			}
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, v := range f.Vectors {
		alg, err := jwa.Signature(v.Alg)
		if err != nil || !isHMAC(alg) {
			continue
		}
		ran++
		t.Run(v.ID, func(t *testing.T) {
			if v.Key.Kty != "oct" || len(v.Key.K) == 0 || v.Expected.SigningInput == "" || len(v.Expected.SignatureB64u) == 0 {
				t.Fatalf("vector lacks an oct key, signing input or signature")
			}
			checkSignVerify(t, alg, v.Key.K, []byte(v.Expected.SigningInput), v.Expected.SignatureB64u)
		})
	}
	if ran == 0 {
		t.Fatal("no HMAC vectors in rfc7515.json")
	}
}

// TestCookbook runs RFC 7520, Section 4.4 (HMAC-SHA2 integrity protection).
func TestCookbook(t *testing.T) {
	data, err := os.ReadFile("testdata/vectors/rfc7520/jws/4_4.hmac-sha2_integrity_protection.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Input struct {
			Alg string
			Key struct {
				Kty string
				K   b64u
			}
		}
		Signing struct {
			SigInput string `json:"sig-input"`
			Sig      b64u
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if f.Input.Alg != "HS256" || f.Input.Key.Kty != "oct" || len(f.Signing.Sig) == 0 || f.Signing.SigInput == "" {
		t.Fatalf("unexpected vector shape: alg %q, kty %q", f.Input.Alg, f.Input.Key.Kty)
	}
	checkSignVerify(t, hmac.HS256(), f.Input.Key.K, []byte(f.Signing.SigInput), f.Signing.Sig)
}

func isHMAC(a jwa.SignatureAlgorithm) bool {
	return a == hmac.HS256() || a == hmac.HS384() || a == hmac.HS512()
}

// TestCases runs testdata/cases.json: RFC 7515 A.1 and local negative
// cases, including algorithm-confusion keys.
func TestCases(t *testing.T) {
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Vectors []struct {
			Name, Alg, Expect string
			Key, Msg, MAC     hexBytes
			KeyText           string `json:"key_text"`
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Vectors) == 0 {
		t.Fatal("no vectors loaded")
	}
	for _, v := range f.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			alg, ok := jwa.LookupSignature(v.Alg)
			if !ok {
				t.Fatalf("%s is not registered", v.Alg)
			}
			key := []byte(v.Key)
			if v.KeyText != "" {
				key = []byte(v.KeyText)
			}
			ver, verr := alg.NewVerifier(key)
			_, serr := alg.NewSigner(key)
			var want error
			switch v.Expect {
			case "key size":
				want = jwa.ErrKeySize
			case "key type":
				want = jwa.ErrKeyType
			case "valid", "invalid":
				if verr != nil || serr != nil {
					t.Fatalf("NewVerifier: %v; NewSigner: %v", verr, serr)
				}
			default:
				t.Fatalf("unknown expect value %q", v.Expect)
			}
			if want != nil {
				if !errors.Is(verr, want) || !errors.Is(serr, want) {
					t.Fatalf("NewVerifier: %v; NewSigner: %v; want %v", verr, serr, want)
				}
				return
			}
			err := ver.Verify(t.Context(), v.Msg, v.MAC)
			switch v.Expect {
			case "valid":
				if err != nil {
					t.Errorf("Verify = %v, want nil", err)
				}
			case "invalid":
				if !errors.Is(err, jwa.ErrVerification) {
					t.Errorf("Verify = %v, want ErrVerification", err)
				}
			}
		})
	}
}
