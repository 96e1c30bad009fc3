package main

import (
	"strings"
	"testing"
)

// TestUnknownAlgorithmHints checks the fix each unknown-algorithm error
// suggests, through run(): the module to import when the name belongs to
// a module of the project that is not linked, the right spelling, the
// right kind, and the list of known names.
func TestUnknownAlgorithmHints(t *testing.T) {
	defer func(f func(string) string) { moduleFor = f }(moduleFor)
	moduleFor = func(name string) string {
		if name == "ES256K" {
			return "github.com/joseframework/jose/algs/secp256k1"
		}
		return ""
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"jws", "sign", "--key", keys + "ec256.jwk", "--alg", "ES256K"}, `--alg "ES256K" is not linked into this jose command; it is registered by importing github.com/joseframework/jose/algs/secp256k1`},
		{[]string{"jws", "verify", "--key", keys + "ec256.jwk", "--alg", "es256"}, `did you mean "ES256"?`},
		{[]string{"jwe", "encrypt", "--key", keys + "oct256.jwk", "--alg", "HS256", "--enc", "A256GCM"}, `"HS256" is a signature algorithm, not a key management algorithm`},
		{[]string{"jwe", "encrypt", "--key", keys + "oct256.jwk", "--alg", "dir", "--enc", "A256XYZ"}, "known: A128CBC-HS256,"},
		{[]string{"jwt", "verify", "--key", keys + "ec256.jwk", "--alg", "none"}, `"none" is refused`},
	} {
		code, out, errOut := runOut(tc.args, "x")
		if code != 2 || out != "" || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("jose %s: exit %d, stderr %q; want 2 and %q", strings.Join(tc.args, " "), code, errOut, tc.want)
		}
	}
}
