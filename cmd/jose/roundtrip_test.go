package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/joseframework/jose/core/jwa"
)

// runOK runs the command and fails the test unless it exits 0.
func runOK(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(args, strings.NewReader(stdin), &stdout, &stderr); code != 0 {
		t.Fatalf("jose %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.String()
}

// runCode runs the command and returns its exit status and stderr.
func runCode(args []string, stdin string) (int, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stderr.String()
}

// signingKeyFor returns the test key file for a signature algorithm.
func signingKeyFor(t *testing.T, alg string) string {
	switch {
	case strings.HasPrefix(alg, "HS"):
		return map[string]string{"HS256": "oct256.jwk", "HS384": "oct384.jwk", "HS512": "oct512.jwk"}[alg]
	case strings.HasPrefix(alg, "RS"), strings.HasPrefix(alg, "PS"):
		return "rsa.jwk"
	case alg == "ES256":
		return "ec256.jwk"
	case alg == "ES384":
		return "ec384.jwk"
	case alg == "ES512":
		return "ec521.jwk"
	case alg == "EdDSA":
		return "ed25519.jwk"
	case alg == "Ed25519":
		return "ed25519-noalg.jwk" // ed25519.jwk says "alg": "EdDSA"
	}
	t.Fatalf("no test key for signature algorithm %s: add one", alg)
	return ""
}

// TestRoundTripJWS signs and verifies with every registered signature
// algorithm, in every serialization, and checks that a flipped signature
// byte and another algorithm are rejected.
func TestRoundTripJWS(t *testing.T) {
	names := jwa.SignatureNames()
	if len(names) < 14 {
		t.Fatalf("only %d signature algorithms registered: %v", len(names), names)
	}
	payload := "round trip \u00e9\n"
	for _, alg := range names {
		key := keys + signingKeyFor(t, alg)
		for _, ser := range []string{"", "--flattened", "--json"} {
			t.Run(alg+ser, func(t *testing.T) {
				args := []string{"jws", "sign", "--key", key, "--alg", alg}
				if ser != "" {
					args = append(args, ser)
				}
				tok := runOK(t, payload, args...)
				got := runOK(t, tok, "jws", "verify", "--key", key, "--alg", alg)
				if got != payload {
					t.Errorf("payload %q, want %q", got, payload)
				}
				if ser != "" {
					return
				}
				// Tamper with the last signature byte's encoding.
				b := []byte(strings.TrimSpace(tok))
				b[len(b)-2] ^= 0x01
				if code, stderr := runCode([]string{"jws", "verify", "--key", key, "--alg", alg}, string(b)); code != 1 {
					t.Errorf("tampered token: exit %d, want 1 (%s)", code, stderr)
				}
				// A token is never verified under another algorithm.
				other := "HS256"
				if strings.HasPrefix(alg, "HS") {
					other = "ES256"
				}
				code, stderr := runCode([]string{"jws", "verify", "--key", keys + signingKeyFor(t, other), "--alg", other}, tok)
				if code != 1 {
					t.Errorf("verify under %s: exit %d, want 1 (%s)", other, code, stderr)
				}
			})
		}
	}
}

// TestRoundTripJWT signs and verifies a JWT with every signature algorithm.
func TestRoundTripJWT(t *testing.T) {
	for _, alg := range jwa.SignatureNames() {
		t.Run(alg, func(t *testing.T) {
			key := keys + signingKeyFor(t, alg)
			tok := runOK(t, "", "jwt", "sign", "--key", key, "--alg", alg, "--now", "1700000000",
				"--iss", "me", "--sub", "you", "--aud", "api", "--exp", "10m", "--claims", `{"n":1.5}`)
			got := runOK(t, tok, "jwt", "verify", "--key", key, "--alg", alg, "--now", "1700000060", "--iss", "me", "--aud", "api")
			var claims map[string]any
			if err := json.Unmarshal([]byte(got), &claims); err != nil {
				t.Fatal(err)
			}
			want := map[string]any{"iss": "me", "sub": "you", "aud": "api", "n": 1.5,
				"iat": float64(1700000000), "exp": float64(1700000600)}
			if diff := cmp.Diff(want, claims); diff != "" {
				t.Errorf("claims (-want +got):\n%s", diff)
			}
			if code, stderr := runCode([]string{"jwt", "verify", "--key", key, "--alg", alg, "--now", "1700000600", "--aud", "api"}, tok); code != 1 {
				t.Errorf("expired token: exit %d, want 1 (%s)", code, stderr)
			}
		})
	}
}

// encryptionKeyFor returns the test key file for a key management
// algorithm and content encryption algorithm.
func encryptionKeyFor(t *testing.T, alg, enc string) string {
	switch {
	case strings.HasPrefix(alg, "RSA"):
		return "rsa.jwk"
	case alg == "ECDH-ES+A128KW":
		return "x25519.jwk"
	case strings.HasPrefix(alg, "ECDH-ES"):
		return "ec384.jwk"
	case strings.HasPrefix(alg, "A128"):
		return "oct128.jwk"
	case strings.HasPrefix(alg, "A192"):
		return "oct192.jwk"
	case strings.HasPrefix(alg, "A256"), strings.HasPrefix(alg, "PBES2"):
		return "oct256.jwk"
	case alg == "dir":
		a, _ := jwa.LookupContentEncryption(enc)
		return map[int]string{16: "oct128.jwk", 24: "oct192.jwk", 32: "oct256.jwk", 48: "oct384.jwk", 64: "oct512.jwk"}[a.KeySize()]
	}
	t.Fatalf("no test key for key management algorithm %s: add one", alg)
	return ""
}

// TestRoundTripJWE encrypts and decrypts with every pair of registered key
// management and content encryption algorithms, rotating through the
// serializations and compression, and checks that a flipped ciphertext
// byte is rejected.
func TestRoundTripJWE(t *testing.T) {
	algs, encs := jwa.KeyManagementNames(), jwa.ContentEncryptionNames()
	if len(algs) < 19 || len(encs) < 8 {
		t.Fatalf("too few algorithms registered: %v %v", algs, encs)
	}
	sers := []string{"", "--flattened", "--json"}
	plaintext := `{"secret":"round trip"}`
	i := 0
	for _, alg := range algs {
		for _, enc := range encs {
			i++
			ser := sers[i%len(sers)]
			zip := i%4 == 0
			t.Run(alg+"/"+enc, func(t *testing.T) {
				key := keys + encryptionKeyFor(t, alg, enc)
				args := []string{"jwe", "encrypt", "--key", key, "--alg", alg, "--enc", enc}
				if ser != "" {
					args = append(args, ser)
				}
				if zip {
					args = append(args, "--zip")
				}
				tok := runOK(t, plaintext, args...)
				got := runOK(t, tok, "jwe", "decrypt", "--key", key, "--alg", alg, "--enc", enc)
				if got != plaintext {
					t.Errorf("plaintext %q, want %q", got, plaintext)
				}
				if ser != "" {
					return
				}
				parts := strings.Split(strings.TrimSpace(tok), ".")
				c := []byte(parts[3])
				c[0] ^= 0x01 // stays in the base64url alphabet for letters and digits
				if !strings.ContainsRune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", rune(c[0])) {
					c[0] = 'A'
					if parts[3][0] == 'A' {
						c[0] = 'B'
					}
				}
				parts[3] = string(c)
				if code, stderr := runCode([]string{"jwe", "decrypt", "--key", key, "--alg", alg, "--enc", enc}, strings.Join(parts, ".")); code != 1 {
					t.Errorf("tampered token: exit %d, want 1 (%s)", code, stderr)
				}
			})
		}
	}
}

// TestRoundTripKeys generates a key of every type, takes its public part,
// converts it to PEM and back, and checks that the thumbprint never
// changes.
func TestRoundTripKeys(t *testing.T) {
	dir := t.TempDir()
	for _, g := range [][]string{
		{"--kty", "RSA"}, {"--kty", "EC", "--crv", "P-384"}, {"--kty", "EC", "--alg", "ES512"},
		{"--kty", "OKP"}, {"--kty", "OKP", "--crv", "X25519", "--use", "enc"},
	} {
		t.Run(strings.Join(g, " "), func(t *testing.T) {
			priv := filepath.Join(dir, "k.jwk")
			if err := os.WriteFile(priv, []byte(runOK(t, "", append([]string{"jwk", "generate"}, g...)...)), 0o600); err != nil {
				t.Fatal(err)
			}
			tp := runOK(t, "", "jwk", "thumbprint", priv)
			pub := runOK(t, "", "jwk", "public", priv)
			if strings.Contains(pub, `"d"`) {
				t.Errorf("public key holds a private member: %s", pub)
			}
			pem := runOK(t, "", "jwk", "export", priv)
			back := runOK(t, pem, "jwk", "import")
			for name, in := range map[string]string{"public": pub, "PEM round trip": back} {
				if got := runOK(t, in, "jwk", "thumbprint"); got != tp {
					t.Errorf("%s thumbprint %q, want %q", name, got, tp)
				}
			}
		})
	}
	out := runOK(t, "", "jwk", "generate", "--kty", "oct", "--alg", "HS384")
	var k struct{ K, Alg string }
	if err := json.Unmarshal([]byte(out), &k); err != nil {
		t.Fatal(err)
	}
	if k.Alg != "HS384" || len(k.K) != 64 { // 48 bytes in base64url
		t.Errorf("oct key for HS384: %s", out)
	}
}

// TestVersion checks that jose version lists the command and every module
// of the project it links.
func TestVersion(t *testing.T) {
	out := runOK(t, "", "version")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var mods []string
	for _, l := range lines {
		mods = append(mods, strings.Fields(l)[0])
	}
	for _, want := range []string{
		"go", "github.com/joseframework/jose/core", "github.com/joseframework/jose/compat",
		"github.com/joseframework/jose/algs/hmac", "github.com/joseframework/jose/algs/rsa",
		"github.com/joseframework/jose/algs/ecdsa", "github.com/joseframework/jose/algs/eddsa",
		"github.com/joseframework/jose/algs/aeskw", "github.com/joseframework/jose/algs/aesgcm",
		"github.com/joseframework/jose/algs/aescbc", "github.com/joseframework/jose/algs/ecdh",
		"github.com/joseframework/jose/algs/pbes2", "github.com/joseframework/jose/algs/chacha20",
	} {
		if !slices.Contains(mods, want) {
			t.Errorf("jose version does not list %s:\n%s", want, out)
		}
	}
	for _, m := range mods {
		if m != "go" && !strings.HasPrefix(m, projectPrefix) {
			t.Errorf("jose version lists a module outside the project: %s", m)
		}
	}
	if code, _ := runCode([]string{"version", "extra"}, ""); code != 2 {
		t.Errorf("version with an argument: exit %d, want 2", code)
	}
}
