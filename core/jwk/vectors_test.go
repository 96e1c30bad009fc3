package jwk_test

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/jwa/jwatest"
	"github.com/joseframework/jose/core/jwk"
)

func TestManifest(t *testing.T) {
	jwatest.CheckManifest(t, "testdata/vectors")
}

// rfcFile is the part of a vectors/rfcs file these tests read.
type rfcFile struct {
	Vectors []rfcVector
}

type rfcVector struct {
	ID       string
	Category string
	Tests    []string
	Key      json.RawMessage
	Keys     map[string]json.RawMessage
	Input    map[string]json.RawMessage
	Expected map[string]json.RawMessage
}

func loadRFC(t testing.TB, name string) []rfcVector {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata/vectors/rfcs", name))
	if err != nil {
		t.Fatal(err)
	}
	var f rfcFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Vectors) == 0 {
		t.Fatalf("%s: no vectors loaded", name)
	}
	return f.Vectors
}

func str(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("want a JSON string, got %s: %v", raw, err)
	}
	return s
}

func mustParse(t *testing.T, raw []byte) *jwk.Key {
	t.Helper()
	k, err := jwk.ParseKey(raw)
	if err != nil {
		t.Fatalf("ParseKey(%.80s...) = %v", raw, err)
	}
	return k
}

// checkRoundTrip marshals k and parses it back, and checks the thumbprint
// of the copy and of the public key.
func checkRoundTrip(t *testing.T, k *jwk.Key) {
	t.Helper()
	out, err := k.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	k2, err := jwk.ParseKey(out)
	if err != nil {
		t.Fatalf("ParseKey(MarshalJSON()) = %v\n%s", err, out)
	}
	if !k.Equal(k2) || !k2.Equal(k) {
		t.Fatalf("round trip changed the key:\n%s", out)
	}
	out2, err := k2.MarshalJSON()
	if err != nil || !bytes.Equal(out, out2) {
		t.Fatalf("second MarshalJSON differs: %v\n%s\n%s", err, out, out2)
	}
	tp1, err1 := k.Thumbprint(crypto.SHA256)
	tp2, err2 := k2.Thumbprint(crypto.SHA256)
	if err1 != nil || err2 != nil || !bytes.Equal(tp1, tp2) {
		t.Fatalf("thumbprints differ after round trip: %v %v", err1, err2)
	}
	if k.KeyType() != jwk.KeyTypeOct {
		pub, err := k.Public()
		if err != nil {
			t.Fatal(err)
		}
		if pub.IsPrivate() {
			t.Fatal("Public() returned a private key")
		}
		tp3, err := pub.Thumbprint(crypto.SHA256)
		if err != nil || !bytes.Equal(tp1, tp3) {
			t.Fatalf("public key thumbprint differs: %v", err)
		}
	}
}

func TestRFC7517(t *testing.T) {
	vectors := loadRFC(t, "rfc7517.json")
	sets := map[string]*jwk.Set{}
	for _, v := range vectors {
		t.Run(v.ID, func(t *testing.T) {
			switch v.ID {
			case "RFC7517-A.1", "RFC7517-A.2", "RFC7517-A.3":
				s, err := jwk.ParseSet(v.Input["jwk_set"])
				if err != nil {
					t.Fatal(err)
				}
				sets[v.ID] = s
				var want struct {
					KeyCount int `json:"key_count"`
					Kty, Kid []string
					KeyBits  []int `json:"key_bits"`
				}
				exp, _ := json.Marshal(v.Expected)
				if err := json.Unmarshal(exp, &want); err != nil {
					t.Fatal(err)
				}
				if len(s.Keys) != want.KeyCount || s.Skipped != 0 {
					t.Fatalf("got %d keys (%d skipped), want %d", len(s.Keys), s.Skipped, want.KeyCount)
				}
				for i, k := range s.Keys {
					if k.KeyType() != want.Kty[i] {
						t.Errorf("key %d: kty %q, want %q", i, k.KeyType(), want.Kty[i])
					}
					if want.Kid != nil && k.KeyID() != want.Kid[i] {
						t.Errorf("key %d: kid %q, want %q", i, k.KeyID(), want.Kid[i])
					}
					if want.KeyBits != nil && k.Size() != want.KeyBits[i] {
						t.Errorf("key %d: %d bits, want %d", i, k.Size(), want.KeyBits[i])
					}
					if wantPriv := v.ID != "RFC7517-A.1"; k.IsPrivate() != wantPriv {
						t.Errorf("key %d: IsPrivate = %v, want %v", i, k.IsPrivate(), wantPriv)
					}
					checkRoundTrip(t, k)
				}
				if v.ID == "RFC7517-A.2" {
					pub := sets["RFC7517-A.1"]
					if pub == nil {
						t.Fatal("A.1 must run before A.2")
					}
					for i, k := range s.Keys {
						p, err := k.Public()
						if err != nil {
							t.Fatal(err)
						}
						if !p.Equal(pub.Keys[i]) {
							t.Errorf("key %d: Public() differs from the A.1 key", i)
						}
					}
				}
			case "RFC7517-B":
				k := mustParse(t, v.Input["jwk"])
				certs := k.Certificates()
				if len(certs) != 1 {
					t.Fatalf("%d certificates, want 1", len(certs))
				}
				if !k.Equal(mustParse(t, v.Input["jwk"])) {
					t.Fatal("parsing twice gives different keys")
				}
				pub, ok := certs[0].PublicKey.(*rsa.PublicKey)
				if !ok || !pub.Equal(k.Key()) {
					t.Fatal("certificate key differs from the JWK key")
				}
				if k.KeyID() != "1b94c" || k.Use() != "sig" {
					t.Errorf("kid %q use %q", k.KeyID(), k.Use())
				}
				checkRoundTrip(t, k)
			case "RFC7517-C":
				// A JWE carrying a key: only the key (the plaintext) is
				// this package's business.
				k := mustParse(t, []byte(str(t, v.Input["plaintext"])))
				if k.KeyType() != jwk.KeyTypeRSA || !k.IsPrivate() || k.KeyID() != "juliet@capulet.lit" || k.Use() != "enc" {
					t.Errorf("got %s private=%v kid %q use %q", k.KeyType(), k.IsPrivate(), k.KeyID(), k.Use())
				}
				checkRoundTrip(t, k)
				// The passphrase, given as an oct JWK, parses too.
				if p := mustParse(t, v.Key); p.Size() != 8*len("Thus from my lips, by yours, my sin is purged.") {
					t.Errorf("passphrase key is %d bits", p.Size())
				}
			default:
				t.Fatalf("no test for vector %s", v.ID)
			}
		})
	}
}

func checkThumbprint(t *testing.T, k *jwk.Key, expected map[string]json.RawMessage) {
	t.Helper()
	got, err := k.Thumbprint(crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if want := str(t, expected["thumbprint_sha256_b64u"]); b64.Encode(got) != want {
		t.Errorf("thumbprint %s, want %s", b64.Encode(got), want)
	}
	if want := str(t, expected["thumbprint_sha256_hex"]); hex.EncodeToString(got) != want {
		t.Errorf("thumbprint %x, want %s", got, want)
	}
	uri, err := k.ThumbprintURI(crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if want := "urn:ietf:params:oauth:jwk-thumbprint:sha-256:" + str(t, expected["thumbprint_sha256_b64u"]); uri != want {
		t.Errorf("ThumbprintURI = %s, want %s", uri, want)
	}
}

func TestRFC7638(t *testing.T) {
	for _, v := range loadRFC(t, "rfc7638.json") {
		t.Run(v.ID, func(t *testing.T) {
			if v.ID != "RFC7638-3.1" {
				t.Fatalf("no test for vector %s", v.ID)
			}
			k := mustParse(t, v.Input["jwk"])
			checkThumbprint(t, k, v.Expected)
			if h := str(t, v.Input["hash"]); h != "SHA-256" {
				t.Fatalf("hash %q", h)
			}
		})
	}
}

func TestRFC8037(t *testing.T) {
	for _, v := range loadRFC(t, "rfc8037.json") {
		t.Run(v.ID, func(t *testing.T) {
			switch v.ID {
			case "RFC8037-A.1", "RFC8037-A.2":
				k := mustParse(t, v.Input["jwk"])
				if k.KeyType() != jwk.KeyTypeOKP || k.Curve() != jwk.CurveEd25519 || k.Size() != 256 {
					t.Errorf("got %s %s %d", k.KeyType(), k.Curve(), k.Size())
				}
				if want := v.ID == "RFC8037-A.1"; k.IsPrivate() != want {
					t.Errorf("IsPrivate = %v", k.IsPrivate())
				}
				x, _ := hex.DecodeString(str(t, v.Expected["x_hex"]))
				pub, err := k.Public()
				if err != nil {
					t.Fatal(err)
				}
				if got, ok := pub.Key().(ed25519.PublicKey); !ok || !bytes.Equal(got, x) {
					t.Fatalf("Public().Key() = %T %x, want ed25519.PublicKey %x", pub.Key(), got, x)
				}
				out, _ := pub.MarshalJSON()
				if !bytes.Contains(out, []byte(b64.Encode(x))) {
					t.Errorf("public key %s does not hold x %x", out, x)
				}
				if d, ok := v.Expected["d_hex"]; ok {
					seed, _ := hex.DecodeString(str(t, d))
					out, _ := k.MarshalJSON()
					if !bytes.Contains(out, []byte(`"d":"`+b64.Encode(seed)+`"`)) {
						t.Errorf("private key %s does not hold d %x", out, seed)
					}
				}
				checkRoundTrip(t, k)
			case "RFC8037-A.3":
				checkThumbprint(t, mustParse(t, v.Input["jwk"]), v.Expected)
				checkThumbprint(t, mustParse(t, v.Input["also_same_for_private_jwk"]), v.Expected)
			case "RFC8037-A.4", "RFC8037-A.5":
				// Signature vectors: their keys must parse; signing is the
				// eddsa module's test.
				checkRoundTrip(t, mustParse(t, v.Key))
			case "RFC8037-A.6":
				keys := map[string]*jwk.Key{}
				for name, raw := range v.Keys {
					keys[name] = mustParse(t, raw)
					checkRoundTrip(t, keys[name])
				}
				want, _ := hex.DecodeString(str(t, v.Expected["Z_hex"]))
				for _, pair := range [][2]string{{"ephemeral_private", "recipient_public"}, {"recipient_private", "ephemeral_public"}} {
					priv, err := keys[pair[0]].ECDH()
					if err != nil {
						t.Fatal(err)
					}
					pub, err := keys[pair[1]].ECDH()
					if err != nil {
						t.Fatal(err)
					}
					z, err := priv.(*ecdh.PrivateKey).ECDH(pub.(*ecdh.PublicKey))
					if err != nil || !bytes.Equal(z, want) {
						t.Errorf("%s with %s: Z = %x, %v; want %x", pair[0], pair[1], z, err, want)
					}
				}
			case "RFC8037-A.7":
				// X448 is not supported: every key is refused as such.
				if len(v.Keys) == 0 {
					t.Fatal("no keys")
				}
				for name, raw := range v.Keys {
					if _, err := jwk.ParseKey(raw); !errors.Is(err, jwk.ErrUnsupported) {
						t.Errorf("%s: ParseKey = %v, want ErrUnsupported", name, err)
					}
				}
			default:
				t.Fatalf("no test for vector %s", v.ID)
			}
		})
	}
}

// TestCookbookKeys parses the RFC 7520 Section 3 keys.
func TestCookbookKeys(t *testing.T) {
	files, err := filepath.Glob("testdata/vectors/rfc7520/jwk/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 6 {
		t.Fatalf("found %d cookbook keys, want 6", len(files))
	}
	want := map[string]struct {
		kty, crv, alg string
		private       bool
		size          int
	}{
		"3_1.ec_public_key.json":                 {"EC", "P-521", "", false, 521},
		"3_2.ec_private_key.json":                {"EC", "P-521", "", true, 521},
		"3_3.rsa_public_key.json":                {"RSA", "", "", false, 2048},
		"3_4.rsa_private_key.json":               {"RSA", "", "", true, 2048},
		"3_5.symmetric_key_mac_computation.json": {"oct", "", "HS256", true, 256},
		"3_6.symmetric_key_encryption.json":      {"oct", "", "A256GCM", true, 256},
	}
	var keys []*jwk.Key
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("no expectation for %s", name)
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			k := mustParse(t, data)
			keys = append(keys, k)
			if k.KeyType() != w.kty || k.Curve() != w.crv || k.Algorithm() != w.alg || k.IsPrivate() != w.private || k.Size() != w.size {
				t.Errorf("got %s %q alg %q private %v %d bits", k.KeyType(), k.Curve(), k.Algorithm(), k.IsPrivate(), k.Size())
			}
			if k.KeyID() == "" {
				t.Error("no kid")
			}
			checkRoundTrip(t, k)
		})
	}
	// Public keys equal the public parts of the private ones.
	for _, pair := range [][2]int{{1, 0}, {3, 2}} {
		if len(keys) != 6 {
			break
		}
		p, err := keys[pair[0]].Public()
		if err != nil {
			t.Fatal(err)
		}
		if !p.Equal(keys[pair[1]]) {
			t.Errorf("Public() of %s differs from %s", files[pair[0]], files[pair[1]])
		}
	}
	if !slices.ContainsFunc(keys, func(k *jwk.Key) bool { return k.Use() == "sig" }) {
		t.Error("no key with use sig")
	}
}
