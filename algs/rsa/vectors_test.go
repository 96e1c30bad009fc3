package rsa_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/algs/rsa/internal/rsatest"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
)

func TestManifest(t *testing.T) { jwatest.CheckManifest(t, rsatest.VectorsDir) }

// rfcVector is one vector of the rfcs/*.json files (see the README of the
// vectors).
type rfcVector struct {
	ID, Alg, Enc string
	Tests        []string
	Key          rsatest.JWK
	Keys         map[string]rsatest.JWK
	Input        map[string]any
	Expected     map[string]any
}

// str returns the string member name of m, failing the test if it is
// missing or not a string.
func str(t *testing.T, m map[string]any, name string) string {
	t.Helper()
	s, ok := m[name].(string)
	if !ok {
		t.Fatalf("vector has no string %q", name)
	}
	return s
}

// ours maps the algorithm names of this package to their algorithms.
var ours = map[string]any{
	"RS256": rsa.RS256(), "RS384": rsa.RS384(), "RS512": rsa.RS512(),
	"PS256": rsa.PS256(), "PS384": rsa.PS384(), "PS512": rsa.PS512(),
	"RSA-OAEP": rsa.RSAOAEP(), "RSA-OAEP-256": rsa.RSAOAEP256(),
	"RSA-OAEP-384": rsa.RSAOAEP384(), "RSA-OAEP-512": rsa.RSAOAEP512(),
}

// notOurs lists the vector tests that other modules run, and why.
var notOurs = map[string]string{
	"content-encrypt-with-given-cek-iv": "content encryption belongs to algs/aesgcm and algs/aescbc",
}

// TestRFCVectors runs every vector of RFC 7515 and RFC 7516 whose "alg"
// this package implements. The set of vectors run is compared with the
// expected list, so that a vector lost from the files fails the test.
func TestRFCVectors(t *testing.T) {
	var ran []string
	for _, file := range []string{"rfc7515.json", "rfc7516.json"} {
		var f struct{ Vectors []rfcVector }
		rsatest.ReadJSON(t, filepath.Join(rsatest.VectorsDir, "rfcs", file), &f)
		if len(f.Vectors) == 0 {
			t.Fatalf("%s: no vectors loaded", file)
		}
		for _, v := range f.Vectors {
			alg, ok := ours[v.Alg]
			if !ok {
				continue
			}
			if len(v.Tests) == 0 {
				t.Fatalf("%s lists no tests", v.ID)
			}
			for _, test := range v.Tests {
				ran = append(ran, v.ID+"/"+test)
				t.Run(v.ID+"/"+test, func(t *testing.T) {
					switch test {
					case "sign":
						sig := b64(t, v.Expected, "signature_b64u")
						checkSign(t, alg.(jwa.SignatureAlgorithm), v.Key, []byte(str(t, v.Expected, "signing_input")), sig)
					case "verify":
						sig := b64(t, v.Expected, "signature_b64u")
						checkVerify(t, alg.(jwa.SignatureAlgorithm), v.Key, []byte(str(t, v.Expected, "signing_input")), sig)
					case "decrypt":
						checkDecrypt(t, alg.(jwa.KeyManagementAlgorithm), v.Key, v.Enc,
							b64(t, v.Expected, "encrypted_key_b64u"), b64(t, v.Input, "cek_b64u"))
					default:
						if why, ok := notOurs[test]; ok {
							t.Skip(why)
						}
						t.Fatalf("unknown test %q", test)
					}
				})
			}
		}
	}
	want := []string{"RFC7515-A.2/sign", "RFC7515-A.2/verify", "RFC7516-A.1/decrypt", "RFC7516-A.1/content-encrypt-with-given-cek-iv"}
	if diff := cmp.Diff(want, ran); diff != "" {
		t.Errorf("vectors run (-want +got):\n%s", diff)
	}
}

// cookbook is the part of an RFC 7520 cookbook file that this package
// uses.
type cookbook struct {
	Title        string
	Reproducible bool
	Input        struct {
		Alg, Enc string
		Key      rsatest.JWK
	}
	Generated struct{ CEK string }
	Signing   struct {
		SigInput string `json:"sig-input"`
		Sig      string
	}
	EncryptingKey struct {
		EncryptedKey string `json:"encrypted_key"`
	} `json:"encrypting_key"`
}

func TestCookbook(t *testing.T) {
	tests := []struct {
		file   string
		alg    string
		expect string // "sign+verify", "verify" or "decrypt"
	}{
		{"jws/4_1.rsa_v15_signature.json", "RS256", "sign+verify"},
		{"jws/4_2.rsa-pss_signature.json", "PS384", "verify"},
		{"jwe/5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json", "RSA-OAEP", "decrypt"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var c cookbook
			rsatest.ReadJSON(t, filepath.Join(rsatest.VectorsDir, "rfc7520", tt.file), &c)
			if c.Input.Alg != tt.alg {
				t.Fatalf("alg is %q, want %q", c.Input.Alg, tt.alg)
			}
			alg := ours[tt.alg]
			switch tt.expect {
			case "sign+verify":
				if !c.Reproducible {
					t.Fatalf("%s is not reproducible; cannot compare signatures", c.Title)
				}
				checkSign(t, alg.(jwa.SignatureAlgorithm), c.Input.Key, []byte(c.Signing.SigInput), rsatest.B64(t, c.Signing.Sig))
				checkVerify(t, alg.(jwa.SignatureAlgorithm), c.Input.Key, []byte(c.Signing.SigInput), rsatest.B64(t, c.Signing.Sig))
			case "verify":
				checkVerify(t, alg.(jwa.SignatureAlgorithm), c.Input.Key, []byte(c.Signing.SigInput), rsatest.B64(t, c.Signing.Sig))
			case "decrypt":
				checkDecrypt(t, alg.(jwa.KeyManagementAlgorithm), c.Input.Key, c.Input.Enc,
					rsatest.B64(t, c.EncryptingKey.EncryptedKey), rsatest.B64(t, c.Generated.CEK))
			default:
				t.Fatalf("unknown expect value %q", tt.expect)
			}
		})
	}
}

// TestRFC7519NestedInnerJWS verifies, and reproduces, the RS256 JWS inside
// the nested JWT of RFC 7519, Appendix A.2. (Its RSA1_5 layer is tested in
// package rsa15.)
func TestRFC7519NestedInnerJWS(t *testing.T) {
	var f struct{ Vectors []rfcVector }
	rsatest.ReadJSON(t, filepath.Join(rsatest.VectorsDir, "rfcs", "rfc7519.json"), &f)
	i := slices.IndexFunc(f.Vectors, func(v rfcVector) bool { return v.ID == "RFC7519-A.2" })
	if i < 0 {
		t.Fatal("RFC7519-A.2 not found")
	}
	v := f.Vectors[i]
	if !slices.Contains(v.Tests, "verify-inner-jws") {
		t.Fatalf("RFC7519-A.2 does not list verify-inner-jws: %v", v.Tests)
	}
	key, ok := v.Keys["inner_jws_verification"]
	if !ok {
		t.Fatal("no inner_jws_verification key")
	}
	jws := str(t, v.Expected, "inner_jws")
	dot := strings.LastIndexByte(jws, '.')
	if dot < 0 || strings.Count(jws, ".") != 2 {
		t.Fatalf("inner_jws is not a compact JWS: %q", jws)
	}
	input, sig := []byte(jws[:dot]), rsatest.B64(t, jws[dot+1:])
	checkVerify(t, rsa.RS256(), key, input, sig)
	checkSign(t, rsa.RS256(), key, input, sig)
}

func b64(t *testing.T, m map[string]any, name string) []byte {
	t.Helper()
	return rsatest.B64(t, str(t, m, name))
}

// checkSign signs input with the JWK's private key and compares the result
// with want (RSASSA-PKCS1-v1_5 is deterministic).
func checkSign(t *testing.T, alg jwa.SignatureAlgorithm, jwk rsatest.JWK, input, want []byte) {
	t.Helper()
	s, err := alg.NewSigner(jwk.PrivateKey(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Sign(context.Background(), input)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("signature differs from the vector:\n got %x\nwant %x", got, want)
	}
}

// checkVerify checks that sig verifies with the JWK's public key, and
// that a changed signature, a changed input and the same signature under
// every other signature algorithm of this package do not.
func checkVerify(t *testing.T, alg jwa.SignatureAlgorithm, jwk rsatest.JWK, input, sig []byte) {
	t.Helper()
	ctx := context.Background()
	pub := jwk.PublicKey(t)
	v, err := alg.NewVerifier(pub)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(ctx, input, sig); err != nil {
		t.Fatalf("Verify = %v, want nil", err)
	}
	bad := bytes.Clone(sig)
	bad[len(bad)/2] ^= 1
	if err := v.Verify(ctx, input, bad); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("Verify with a changed signature = %v, want ErrVerification", err)
	}
	if err := v.Verify(ctx, append(bytes.Clone(input), '.'), sig); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("Verify with a changed input = %v, want ErrVerification", err)
	}
	for name, other := range ours {
		o, ok := other.(jwa.SignatureAlgorithm)
		if !ok || name == alg.Name() {
			continue
		}
		ov, err := o.NewVerifier(pub)
		if err != nil {
			t.Fatal(err)
		}
		if err := ov.Verify(ctx, input, sig); !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("a %s signature offered to %s: Verify = %v, want ErrVerification", alg.Name(), name, err)
		}
	}
}

// checkDecrypt checks that DecryptKey recovers cek from encryptedKey, and
// that a changed encrypted key and every other OAEP variant fail.
func checkDecrypt(t *testing.T, alg jwa.KeyManagementAlgorithm, jwk rsatest.JWK, enc string, encryptedKey, cek []byte) {
	t.Helper()
	ctx := context.Background()
	priv := jwk.PrivateKey(t)
	d, err := alg.NewDecrypter(priv)
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.DecryptKey(ctx, enc, len(cek), encryptedKey, &jwa.Params{})
	if err != nil {
		t.Fatalf("DecryptKey = %v", err)
	}
	if !bytes.Equal(got, cek) {
		t.Fatalf("DecryptKey = %x, want %x", got, cek)
	}
	bad := bytes.Clone(encryptedKey)
	bad[len(bad)-1] ^= 1
	if _, err := d.DecryptKey(ctx, enc, len(cek), bad, &jwa.Params{}); !errors.Is(err, jwa.ErrDecryption) {
		t.Errorf("DecryptKey with a changed encrypted key = %v, want ErrDecryption", err)
	}
	if _, err := d.DecryptKey(ctx, enc, len(cek)+1, encryptedKey, &jwa.Params{}); !errors.Is(err, jwa.ErrDecryption) {
		t.Errorf("DecryptKey with the wrong CEK size = %v, want ErrDecryption", err)
	}
	for name, other := range ours {
		o, ok := other.(jwa.KeyManagementAlgorithm)
		if !ok || name == alg.Name() {
			continue
		}
		od, err := o.NewDecrypter(priv)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := od.DecryptKey(ctx, enc, len(cek), encryptedKey, &jwa.Params{}); !errors.Is(err, jwa.ErrDecryption) {
			t.Errorf("an %s encrypted key offered to %s: DecryptKey = %v, want ErrDecryption", alg.Name(), name, err)
		}
	}
}
