package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/joseframework/jose/core/jwa/jwatest"
)

func TestVectorManifest(t *testing.T) {
	jwatest.CheckManifest(t, "testdata/vectors")
}

// legacyVector is one vector of testdata/vectors/legacy (see its README).
type legacyVector struct {
	ID         string
	Kind       string
	Operation  string
	Token      string
	ProducedBy string `json:"produced_by"`
	Key        struct {
		JWK    json.RawMessage
		Legacy json.RawMessage
	}
	Options struct {
		Adata          *string
		ValidateClaims *bool   `json:"validate_claims"`
		ExpirySeconds  *int64  `json:"expiry_seconds"`
		ExpectedAlg    *string `json:"expected_alg"`
	}
	Expected struct {
		Verdict string
		Claims  map[string]any
		Error   struct{ Class string }
	}
}

func loadLegacyVectors(t *testing.T) []legacyVector {
	files, err := filepath.Glob("testdata/vectors/legacy/v*.json")
	if err != nil {
		t.Fatal(err)
	}
	var all []legacyVector
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Format  string
			Vectors []legacyVector
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if doc.Format != "jose-legacy-vectors/1" || len(doc.Vectors) == 0 {
			t.Fatalf("%s: format %q with %d vectors", f, doc.Format, len(doc.Vectors))
		}
		all = append(all, doc.Vectors...)
	}
	if len(all) < 144 {
		t.Fatalf("loaded %d legacy vectors from %d files, want 144", len(all), len(files))
	}
	return all
}

// TestLegacyVectors runs every legacy vector through "jose legacy decrypt"
// or "jose legacy verify", with the key in both of its forms (JWK and the
// Python library's {"k": ...}), at a time inside the vectors' validity
// window.
func TestLegacyVectors(t *testing.T) {
	dir := t.TempDir()
	for i, v := range loadLegacyVectors(t) {
		for _, form := range []string{"jwk", "legacy"} {
			t.Run(v.ID+"/"+form, func(t *testing.T) {
				key := v.Key.JWK
				if form == "legacy" {
					key = v.Key.Legacy
				}
				if len(key) == 0 {
					t.Fatalf("vector has no %s key", form)
				}
				keyFile := filepath.Join(dir, strconv.Itoa(i)+form+".key")
				if err := os.WriteFile(keyFile, key, 0o600); err != nil {
					t.Fatal(err)
				}
				args := []string{"legacy", "", "--key", keyFile, "--now", "2026-01-01T00:00:00Z"}
				switch v.Operation {
				case "decrypt":
					args[1] = "decrypt"
					args = append(args, "--allow-mac-then-encrypt")
					if v.Options.Adata != nil && *v.Options.Adata != "" {
						args = append(args, "--adata", *v.Options.Adata)
					}
				case "verify":
					args[1] = "verify"
					if v.Options.ExpectedAlg == nil {
						t.Fatal("verify vector without expected_alg")
					}
					args = append(args, "--alg", *v.Options.ExpectedAlg)
				default:
					t.Fatalf("unknown operation %q", v.Operation)
				}
				if v.Options.ExpirySeconds != nil {
					args = append(args, "--expiry-seconds", strconv.FormatInt(*v.Options.ExpirySeconds, 10))
				}
				if v.Options.ValidateClaims != nil && !*v.Options.ValidateClaims {
					args = append(args, "--no-validate")
				}
				var stdout, stderr bytes.Buffer
				code := run(args, strings.NewReader(v.Token+"\n"), &stdout, &stderr)
				switch v.Expected.Verdict {
				case "valid":
					if code != 0 || stderr.Len() != 0 {
						t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, stderr.String())
					}
					var got map[string]any
					if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
						t.Fatalf("output is not JSON: %v\n%s", err, stdout.String())
					}
					if diff := cmp.Diff(v.Expected.Claims, got); diff != "" {
						t.Errorf("claims (-want +got):\n%s", diff)
					}
				case "invalid":
					if code != 1 {
						t.Errorf("exit %d, want 1 (token rejected): %s", code, stderr.String())
					}
					if stdout.Len() != 0 {
						t.Errorf("rejected token printed %q", stdout.String())
					}
					// One line, naming the library's exception class where
					// it is one the caller branches on.
					want := "jose: token rejected: "
					switch v.Expected.Error.Class {
					case "Expired":
						want += "compat: token expired"
					case "NotYetValid":
						want += "compat: token not yet valid"
					}
					msg := stderr.String()
					if !strings.HasPrefix(msg, want) || strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") {
						t.Errorf("stderr %q, want one line starting %q (class %s)", msg, want, v.Expected.Error.Class)
					}
				default:
					t.Fatalf("unknown verdict %q", v.Expected.Verdict)
				}
			})
		}
	}
}

// TestLegacyMacThenEncryptOptIn checks that the valid JWE tokens of the
// MAC-then-encrypt layout (versions 0.1 and 0.2.1) are refused without
// --allow-mac-then-encrypt, with a hint to add it.
func TestLegacyMacThenEncryptOptIn(t *testing.T) {
	dir := t.TempDir()
	n := 0
	for i, v := range loadLegacyVectors(t) {
		if v.Operation != "decrypt" || v.Expected.Verdict != "valid" || (v.ProducedBy != "0.1" && v.ProducedBy != "0.2.1") {
			continue
		}
		n++
		keyFile := filepath.Join(dir, strconv.Itoa(i)+".key")
		if err := os.WriteFile(keyFile, v.Key.Legacy, 0o600); err != nil {
			t.Fatal(err)
		}
		args := []string{"legacy", "decrypt", "--key", keyFile, "--now", "2026-01-01T00:00:00Z"}
		if v.Options.Adata != nil {
			args = append(args, "--adata", *v.Options.Adata)
		}
		code, stderr := runCode(args, v.Token)
		if code != 1 || !strings.Contains(stderr, "--allow-mac-then-encrypt") {
			t.Errorf("%s: exit %d, stderr %q; want 1 and a hint", v.ID, code, stderr)
		}
	}
	if n == 0 {
		t.Fatal("no legacy-layout vectors found")
	}
}
