package compat_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/joseframework/jose/compat"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
	"github.com/joseframework/jose/core/jwk"
)

const vectorDir = "testdata/legacy"

// A vector is one entry of testdata/legacy/*.json (see its README.md).
type vector struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	Operation string `json:"operation"`
	Token     string `json:"token"`
	Key       struct {
		JWK    json.RawMessage `json:"jwk"`
		Legacy json.RawMessage `json:"legacy"`
	} `json:"key"`
	Options struct {
		Adata          *string  `json:"adata"`
		ValidateClaims *bool    `json:"validate_claims"`
		ExpirySeconds  *float64 `json:"expiry_seconds"`
		ExpectedAlg    string   `json:"expected_alg"`
	} `json:"options"`
	Expected struct {
		Verdict     string         `json:"verdict"`
		Header      map[string]any `json:"header"`
		Claims      map[string]any `json:"claims"`
		PayloadJSON *string        `json:"payload_json"`
		Error       *struct {
			Class                    string `json:"class"`
			Message                  string `json:"message"`
			MessageIsBackendSpecific bool   `json:"message_is_backend_specific"`
			MessageWithPycrypto      string `json:"message_with_pycrypto"`
		} `json:"error"`
	} `json:"expected"`
	Tags []string `json:"tags"`

	// Descriptive members, decoded so that DisallowUnknownFields catches
	// a changed format.
	ProducedBy         string            `json:"produced_by"`
	Description        string            `json:"description"`
	VerdictCheckedWith []string          `json:"verdict_checked_with"`
	RealLibraryResults map[string]string `json:"real_library_results"`
	DerivedFrom        string            `json:"derived_from"`
	Mutation           string            `json:"mutation"`
	Notes              string            `json:"notes"`
	Debug              *struct {
		CEK            hexBytes `json:"cek_hex"`
		IV             hexBytes `json:"iv_hex"`
		Layout         string   `json:"layout"`
		AESKey         hexBytes `json:"aes_key_hex"`
		MACKey         hexBytes `json:"mac_key_hex"`
		EncryptedBytes hexBytes `json:"encrypted_bytes_hex"`
		MACInput       hexBytes `json:"mac_input_hex"`
		HMACFull       hexBytes `json:"hmac_full_hex"`
		Tag            hexBytes `json:"tag_hex"`
	} `json:"debug"`
}

// loadVectors decodes every vector file, with json.Number for numbers so
// that expected claims compare exactly with what compat returns.
func loadVectors(t testing.TB) []vector {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(vectorDir, "v*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all []vector
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		d.DisallowUnknownFields()
		var f struct {
			Format  string   `json:"format"`
			Vectors []vector `json:"vectors"`
			// Descriptive members.
			Library             string `json:"library"`
			LibraryVersion      string `json:"library_version"`
			SourceCommit        string `json:"source_commit"`
			SourceCommitSubject string `json:"source_commit_subject"`
			ProducedWith        string `json:"produced_with"`
			TimeSemantics       string `json:"time_semantics"`
		}
		if err := d.Decode(&f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if f.Format != "jose-legacy-vectors/1" {
			t.Fatalf("%s: format %q", name, f.Format)
		}
		if len(f.Vectors) == 0 {
			t.Fatalf("%s: no vectors", name)
		}
		all = append(all, f.Vectors...)
	}
	if len(all) == 0 {
		t.Fatal("no vectors loaded")
	}
	return all
}

func TestManifest(t *testing.T) { jwatest.CheckManifest(t, vectorDir) }

// The README promises 144 vectors; a lost file must not go unnoticed.
const wantVectors = 144

// The verdicts hold for any time in [2015-01-01T01:00:00Z, 2100-01-01); run
// each vector at both ends.
var vectorTimes = []time.Time{
	time.Date(2015, 1, 1, 1, 0, 0, 0, time.UTC),
	time.Date(2099, 12, 31, 23, 59, 59, 999_000_000, time.UTC),
}

func TestVectors(t *testing.T) {
	vs := loadVectors(t)
	if len(vs) != wantVectors {
		t.Fatalf("loaded %d vectors, want %d", len(vs), wantVectors)
	}
	var firstDecryptErr error // every post-RSA JWE failure must be this value
	checked := 0
	for _, v := range vs {
		t.Run(v.ID, func(t *testing.T) {
			for _, form := range []string{"legacy", "jwk"} {
				raw := v.Key.Legacy
				if form == "jwk" {
					raw = v.Key.JWK
				}
				key, err := compat.ParseKey(raw)
				if err != nil {
					t.Fatalf("%s key: %v", form, err)
				}
				for _, now := range vectorTimes {
					opts := &compat.Options{Now: func() time.Time { return now }}
					if v.Options.ValidateClaims != nil && !*v.Options.ValidateClaims {
						opts.SkipClaimsValidation = true
					}
					if e := v.Options.ExpirySeconds; e != nil {
						opts.ExpirySeconds = int64(*e)
					}
					var header, claims map[string]any
					var err error
					switch v.Kind {
					case "jwe":
						if v.Operation != "decrypt" {
							t.Fatalf("operation %q", v.Operation)
						}
						if v.Options.Adata != nil {
							opts.Adata = []byte(*v.Options.Adata)
						}
						kd, kerr := compat.NewDecrypter(key)
						if kerr != nil {
							t.Fatal(kerr)
						}
						legacy := !truthyVersion(t, v.Token)
						// Without the opt-in, legacy tokens are refused before any
						// key is used; the others decrypt as with it.
						_, plainErr := compat.Decrypt(t.Context(), v.Token, kd, opts)
						if legacy && !errors.Is(plainErr, compat.ErrMacThenEncrypt) {
							t.Fatalf("legacy layout without opt-in: %v, want ErrMacThenEncrypt", plainErr)
						}
						opts.AllowMacThenEncrypt = true
						var d *compat.Decrypted
						d, err = compat.Decrypt(t.Context(), v.Token, kd, opts)
						if !legacy && !sameError(plainErr, err) {
							t.Fatalf("opt-in changed the result of a non-legacy token: %v, then %v", plainErr, err)
						}
						if err == nil {
							header, claims = d.UnauthenticatedHeader, d.Claims
							if v.Debug != nil && d.Layout.String() != v.Debug.Layout {
								t.Errorf("layout %v, want %s", d.Layout, v.Debug.Layout)
							}
						}
						if err != nil && errors.Is(err, jwa.ErrDecryption) {
							if firstDecryptErr == nil {
								firstDecryptErr = err
							} else if err != firstDecryptErr {
								t.Errorf("decryption error %v is not the one value %v", err, firstDecryptErr)
							}
						}
					case "jws":
						if v.Operation != "verify" {
							t.Fatalf("operation %q", v.Operation)
						}
						ver, kerr := compat.NewVerifier(key, v.Options.ExpectedAlg)
						if kerr != nil {
							t.Fatal(kerr)
						}
						var r *compat.Verified
						r, err = compat.Verify(t.Context(), v.Token, ver, opts)
						if err == nil {
							header, claims = r.Header, r.Claims
						}
					default:
						t.Fatalf("unknown kind %q", v.Kind)
					}
					checkVerdict(t, &v, header, claims, err)
				}
			}
			checked++
		})
	}
	if checked != wantVectors {
		t.Fatalf("checked %d vectors, want %d", checked, wantVectors)
	}
}

// checkVerdict compares a result with the vector's expectation.
func checkVerdict(t *testing.T, v *vector, header, claims map[string]any, err error) {
	t.Helper()
	switch v.Expected.Verdict {
	case "valid":
		if err != nil {
			t.Fatalf("got %v, want valid", err)
		}
		if diff := cmp.Diff(v.Expected.Header, header); diff != "" {
			t.Errorf("header (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(v.Expected.Claims, claims); diff != "" {
			t.Errorf("claims (-want +got):\n%s", diff)
		}
		if _, ok := claims["__v"]; ok {
			t.Error(`"__v" left in the claims`)
		}
	case "invalid":
		if err == nil {
			t.Fatal("accepted, want invalid")
		}
		want := expectedClass(t, v)
		if !errors.Is(err, want) {
			t.Fatalf("error %v, want %v", err, want)
		}
		for _, other := range []error{compat.ErrInvalid, compat.ErrExpired, compat.ErrNotYetValid} {
			if other != want && errors.Is(err, other) {
				t.Errorf("error %v is also %v", err, other)
			}
		}
		if want == compat.ErrInvalid {
			crypto := jwa.ErrVerification
			if v.Kind == "jwe" {
				crypto = jwa.ErrDecryption
			}
			if !errors.Is(err, crypto) {
				t.Errorf("error %v does not wrap %v", err, crypto)
			}
		}
	default:
		t.Fatalf("unknown verdict %q", v.Expected.Verdict)
	}
}

// expectedClass maps the library's exception to this package's sentinel.
// Version 0.1 raised ValueError for everything; its messages tell the
// claim errors apart.
func expectedClass(t *testing.T, v *vector) error {
	t.Helper()
	e := v.Expected.Error
	if e == nil {
		t.Fatal("invalid vector without expected.error")
	}
	switch {
	case e.Class == "Expired", e.Class == "ValueError" && e.Message == "Token has expired":
		return compat.ErrExpired
	case e.Class == "NotYetValid", e.Class == "ValueError" && e.Message == "Token is not valid yet":
		return compat.ErrNotYetValid
	case e.Class == "Error", e.Class == "ValueError", e.Class == "KeyError":
		return compat.ErrInvalid
	}
	t.Fatalf("unknown error class %q (%q)", e.Class, e.Message)
	return nil
}

// truthyVersion reports whether the token's header has a "__v" that the
// vectors use for a versioned layout. The vectors use only absent, 1, 2
// and 7; anything else fails the test rather than guessing.
func truthyVersion(t *testing.T, token string) bool {
	t.Helper()
	seg, _, _ := strings.Cut(token, ".")
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		t.Fatal(err)
	}
	var h map[string]json.RawMessage
	if err := json.Unmarshal(b, &h); err != nil {
		t.Fatal(err)
	}
	raw, ok := h["__v"]
	if !ok {
		return false
	}
	if !slices.Contains([]string{"1", "2", "7"}, string(raw)) {
		t.Fatalf("unexpected __v %s in a vector", raw)
	}
	return true
}

// sameError reports whether a and b are both nil or have the same text.
func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}

// keyByID returns the key with kid id from the vectors, in JWK form.
func keyByID(t testing.TB, id string) *jwk.Key {
	t.Helper()
	for _, v := range loadVectors(t) {
		var m struct {
			Kid string `json:"kid"`
		}
		if err := json.Unmarshal(v.Key.JWK, &m); err != nil {
			t.Fatal(err)
		}
		if m.Kid == id {
			k, err := jwk.ParseKey(v.Key.JWK)
			if err != nil {
				t.Fatal(err)
			}
			return k
		}
	}
	t.Fatalf("no key %q in the vectors", id)
	return nil
}
