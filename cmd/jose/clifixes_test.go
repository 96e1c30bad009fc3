package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestKeyAlgMessages checks that an algorithm taken from the key's "alg"
// is named as such in errors, not as --alg.
func TestKeyAlgMessages(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := dir + "/" + name
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	none := write("none.jwk", `{"kty":"oct","alg":"none","k":"MSUkjloNW6krnhjzYv7ggzMAopgE2k_Bq3loSX7E8Rg"}`)
	for _, args := range [][]string{
		{"jws", "sign", "--key", none},
		{"jwt", "sign", "--key", none},
		{"jws", "verify", "--key", none, tokens + "hs256.jws"},
		{"jwt", "verify", "--key", none, tokens + "hs256.jwt"},
	} {
		code, stderr := runCode(args, "x")
		if code != exitUsage || !strings.Contains(stderr, `the key's "alg" "none" is refused`) {
			t.Errorf("jose %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr)
		}
	}
	code, stderr := runCode([]string{"jws", "sign", "--key", keys + "hs256.jwk", "--alg", "none"}, "x")
	if code != exitUsage || !strings.Contains(stderr, `--alg "none" is refused`) {
		t.Errorf("--alg none: exit %d, stderr %q", code, stderr)
	}
	code, stderr = runCode([]string{"jwe", "encrypt", "--key", keys + "ec256.jwk", "--enc", "A128GCM"}, "x")
	if code != exitUsage || !strings.Contains(stderr, `the key's "alg" "ES256" is a signature algorithm`) {
		t.Errorf("jwe encrypt with an ES256 key: exit %d, stderr %q", code, stderr)
	}
}

// TestCommandGroups checks "jose jwk", "jose jwk --help" and the like, and
// "jose --version".
func TestCommandGroups(t *testing.T) {
	for _, group := range []string{"jwk", "jws", "jwe", "jwt", "legacy"} {
		for _, args := range [][]string{{group, "--help"}, {group, "-h"}, {group, "help"}} {
			out := runOK(t, "", args...)
			for _, c := range commands {
				if strings.HasPrefix(c.name, group+" ") && !strings.Contains(out, c.name) {
					t.Errorf("jose %s does not list %q:\n%s", strings.Join(args, " "), c.name, out)
				}
			}
		}
		var stdout, stderr bytes.Buffer
		code := run([]string{group}, strings.NewReader(""), &stdout, &stderr)
		if code != exitUsage || !strings.HasPrefix(stderr.String(), "jose: ") || strings.Count(stderr.String(), "\n") != 1 || !strings.Contains(stderr.String(), group+" ") {
			t.Errorf("jose %s: exit %d, stderr %q, want 2 and one line naming the subcommands", group, code, stderr.String())
		}
	}
	if got, want := runOK(t, "", "--version"), runOK(t, "", "version"); got != want {
		t.Errorf("jose --version = %q, want %q", got, want)
	}
}
