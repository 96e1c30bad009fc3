package main

import (
	"strings"
	"testing"
)

// TestJWKGenerateAlgFits checks that jwk generate refuses an --alg that
// the generated key cannot be used with.
func TestJWKGenerateAlgFits(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--kty", "oct", "--alg", "HS512", "--size", "256"}, "HS512"},
		{[]string{"--kty", "oct", "--alg", "A128KW", "--size", "256"}, "A128KW"},
		{[]string{"--kty", "oct", "--alg", "A256GCM", "--size", "128"}, "A256GCM"},
		{[]string{"--kty", "EC", "--alg", "none"}, "none"},
		{[]string{"--kty", "EC", "--alg", "FOO"}, "FOO"},
		{[]string{"--kty", "EC", "--crv", "P-256", "--alg", "ES384"}, "ES384"},
		{[]string{"--kty", "OKP", "--crv", "X25519", "--alg", "EdDSA"}, "EdDSA"},
		{[]string{"--kty", "OKP", "--alg", "RS256"}, "an OKP"},
	} {
		code, stderr := runCode(append([]string{"jwk", "generate"}, tc.args...), "")
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("jwk generate %s: exit %d, stderr %q, want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	for _, args := range [][]string{
		{"--kty", "oct", "--alg", "HS512"},
		{"--kty", "oct", "--alg", "HS256", "--size", "512"},
		{"--kty", "oct", "--alg", "A128KW"},
		{"--kty", "oct", "--alg", "A256GCM"},
		{"--kty", "oct", "--alg", "dir"},
		{"--kty", "oct", "--alg", "PBES2-HS256+A128KW"},
		{"--kty", "EC", "--crv", "P-384", "--alg", "ES384"},
		{"--kty", "EC", "--alg", "ECDH-ES+A128KW"},
		{"--kty", "OKP", "--crv", "X25519", "--alg", "ECDH-ES"},
		{"--kty", "OKP", "--alg", "EdDSA"},
		{"--kty", "RSA", "--alg", "RSA-OAEP-256"},
		{"--kty", "RSA", "--alg", "PS256", "--use", "sig", "--kid", "k"},
	} {
		runOK(t, "", append([]string{"jwk", "generate"}, args...)...)
	}
}
