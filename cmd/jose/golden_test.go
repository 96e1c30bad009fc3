package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// A goldenCase runs the command once. Its exit status, standard output and
// standard error are compared with testdata/golden/<name>.golden.
type goldenCase struct {
	name  string
	args  []string
	stdin string // "@FILE" reads standard input from FILE
	code  int
}

const (
	keys   = "testdata/keys/"
	tokens = "testdata/tokens/"
	npm    = docsDir + "/npm/"
	python = docsDir + "/python/"
)

func goldenCases() []goldenCase {
	cases := []goldenCase{
		// The command tree.
		{"help", []string{"--help"}, "", 0},
		{"no-args", nil, "", 2},
		{"unknown-command", []string{"jwz", "sign"}, "", 2},
		{"unknown-subcommand", []string{"jws", "seal"}, "", 2},
		{"group-help", []string{"jwk", "--help"}, "", 0},
		{"group-missing-subcommand", []string{"jwt"}, "", 2},
		{"bad-flag", []string{"jws", "verify", "--nope"}, "", 2},
		{"too-many-files", []string{"inspect", "a", "b"}, "", 2},
		{"missing-file", []string{"inspect", "testdata/does-not-exist"}, "", 2},
		{"algs", []string{"algs"}, "", 0},

		// jwk
		{"jwk-generate-missing-kty", []string{"jwk", "generate"}, "", 2},
		{"jwk-generate-bad-curve", []string{"jwk", "generate", "--kty", "EC", "--crv", "P-192"}, "", 2},
		{"jwk-generate-alg-mismatch", []string{"jwk", "generate", "--kty", "OKP", "--alg", "RS256"}, "", 2},
		{"jwk-generate-alg-too-long", []string{"jwk", "generate", "--kty", "oct", "--alg", "HS512", "--size", "256"}, "", 2},
		{"jwk-generate-alg-kw-size", []string{"jwk", "generate", "--kty", "oct", "--alg", "A128KW", "--size", "256"}, "", 2},
		{"jwk-generate-alg-none", []string{"jwk", "generate", "--kty", "EC", "--alg", "none"}, "", 2},
		{"jwk-generate-alg-unknown", []string{"jwk", "generate", "--kty", "EC", "--alg", "FOO"}, "", 2},
		{"jwk-generate-alg-curve", []string{"jwk", "generate", "--kty", "EC", "--crv", "P-256", "--alg", "ES384"}, "", 2},
		{"jwk-public-ec", []string{"jwk", "public", keys + "ec256.jwk"}, "", 0},
		{"jwk-public-stdin", []string{"jwk", "public"}, "@" + keys + "ed25519.jwk", 0},
		{"jwk-public-pem", []string{"jwk", "public", keys + "rsa.pem"}, "", 0},
		{"jwk-public-set", []string{"jwk", "public", keys + "set.jwks"}, "", 0},
		{"jwk-public-oct", []string{"jwk", "public", keys + "hs256.jwk"}, "", 2},
		{"jwk-public-garbage", []string{"jwk", "public", tokens + "payload.txt"}, "", 2},
		{"jwk-thumbprint", []string{"jwk", "thumbprint", keys + "ec256.jwk"}, "", 0},
		{"jwk-thumbprint-public-same", []string{"jwk", "thumbprint", keys + "ec256.pub.jwk"}, "", 0},
		{"jwk-thumbprint-uri-sha512", []string{"jwk", "thumbprint", "--uri", "--hash", "SHA-512", "-"}, "@" + keys + "rsa.jwk", 0},
		{"jwk-thumbprint-set", []string{"jwk", "thumbprint", keys + "set.jwks"}, "", 0},
		{"jwk-thumbprint-bad-hash", []string{"jwk", "thumbprint", "--hash", "MD5", keys + "ec256.jwk"}, "", 2},
		{"jwk-import", []string{"jwk", "import", "--alg", "RS256", "--kid", "imported", keys + "rsa.pem"}, "", 0},
		{"jwk-import-spki", []string{"jwk", "import", keys + "ec256.pub.pem"}, "", 0},
		{"jwk-import-bad-alg", []string{"jwk", "import", "--alg", "ES256", keys + "rsa.pem"}, "", 2},
		{"jwk-import-not-pem", []string{"jwk", "import", keys + "ec256.jwk"}, "", 2},
		{"jwk-export", []string{"jwk", "export", keys + "ec256.pub.jwk"}, "", 0},
		{"jwk-export-oct", []string{"jwk", "export", keys + "hs256.jwk"}, "", 2},
		{"jwk-export-set", []string{"jwk", "export", keys + "set.jwks"}, "", 2},

		// jws sign: deterministic algorithms only (HMAC, RSA PKCS#1 v1.5, EdDSA).
		{"jws-sign-hs256", []string{"jws", "sign", "--key", keys + "hs256.jwk", tokens + "payload.json"}, "", 0},
		{"jws-sign-stdin", []string{"jws", "sign", "--key", keys + "hs256.jwk"}, `{"hello":"world"}`, 0},
		{"jws-sign-flags-after-file", []string{"jws", "sign", tokens + "payload.json", "--key", keys + "hs256.jwk", "--flattened"}, "", 0},
		{"jws-sign-general", []string{"jws", "sign", "-key", keys + "hs256.jwk", "-json", tokens + "payload.json"}, "", 0},
		{"jws-sign-detached", []string{"jws", "sign", "--key", keys + "hs256.jwk", "--detached", tokens + "payload.txt"}, "", 0},
		{"jws-sign-unencoded", []string{"jws", "sign", "--key", keys + "hs256.jwk", "--unencoded", "--flattened", tokens + "payload.txt"}, "", 0},
		{"jws-sign-header", []string{"jws", "sign", "--key", keys + "hs256.jwk", "--header", `{"typ":"JOSE","kid":"other","x-trace":[1,2]}`, tokens + "payload.json"}, "", 0},
		{"jws-sign-pem", []string{"jws", "sign", "--key", keys + "rsa.pem", "--alg", "RS256", tokens + "payload.json"}, "", 0},
		{"jws-sign-eddsa", []string{"jws", "sign", "--key", keys + "ed25519.jwk", tokens + "payload.json"}, "", 0},
		{"jws-sign-set-kid", []string{"jws", "sign", "--key", keys + "set.jwks", "--kid", "ec-1"}, "x", 2},
		{"jws-sign-no-alg", []string{"jws", "sign", "--key", keys + "rsa.jwk"}, "x", 2},
		{"jws-sign-public-key", []string{"jws", "sign", "--key", keys + "ec256.pub.jwk"}, "x", 2},
		{"jws-sign-unknown-alg", []string{"jws", "sign", "--key", keys + "rsa.jwk", "--alg", "RS257"}, "x", 2},
		{"jws-sign-case-alg", []string{"jws", "sign", "--key", keys + "rsa.jwk", "--alg", "rs256"}, "x", 2},
		{"jws-sign-wrong-kind", []string{"jws", "sign", "--key", keys + "oct128.jwk", "--alg", "A128KW"}, "x", 2},
		{"jws-sign-none", []string{"jws", "sign", "--key", keys + "hs256.jwk", "--alg", "none"}, "x", 2},
		{"jws-sign-alg-mismatch", []string{"jws", "sign", "--key", keys + "hs256.jwk", "--alg", "HS512"}, "x", 2},
		{"jws-sign-short-key", []string{"jws", "sign", "--key", keys + "oct128.jwk", "--alg", "HS256"}, "x", 2},
		{"jws-sign-header-alg", []string{"jws", "sign", "--key", keys + "hs256.jwk", "--header", `{"alg":"none"}`}, "x", 2},
		{"jws-sign-header-bad", []string{"jws", "sign", "--key", keys + "hs256.jwk", "--header", `{"a":1,"a":2}`}, "x", 2},
		{"jws-sign-both-json", []string{"jws", "sign", "--key", keys + "hs256.jwk", "--json", "--flattened"}, "x", 2},
		{"jws-sign-no-key", []string{"jws", "sign"}, "x", 2},
		{"jws-sign-bad-key-file", []string{"jws", "sign", "--key", tokens + "hs256.jws"}, "x", 2},

		// jws verify
		{"jws-verify-hs256", []string{"jws", "verify", "--key", keys + "hs256.jwk", tokens + "hs256.jws"}, "", 0},
		{"jws-verify-stdin", []string{"jws", "verify", "--key", keys + "hs256.jwk"}, "@" + tokens + "hs256.jws", 0},
		{"jws-verify-dash", []string{"jws", "verify", "--key", keys + "hs256.jwk", "-"}, "@" + tokens + "hs256.jws", 0},
		{"jws-verify-whitespace", []string{"jws", "verify", "--key", keys + "hs256.jwk"}, "  \n" + readFile("testdata/tokens/hs256.jws") + "\n\n", 0},
		{"jws-verify-flattened", []string{"jws", "verify", "--key", keys + "hs256.jwk", tokens + "hs256.flattened.json"}, "", 0},
		{"jws-verify-general", []string{"jws", "verify", "--key", keys + "hs256.jwk", tokens + "hs256.general.json"}, "", 0},
		{"jws-verify-detached", []string{"jws", "verify", "--key", keys + "hs256.jwk", "--payload", tokens + "payload.txt", tokens + "hs256.detached.jws"}, "", 0},
		{"jws-verify-detached-missing", []string{"jws", "verify", "--key", keys + "hs256.jwk", tokens + "hs256.detached.jws"}, "", 1},
		{"jws-verify-detached-wrong", []string{"jws", "verify", "--key", keys + "hs256.jwk", "--payload", tokens + "payload.json", tokens + "hs256.detached.jws"}, "", 1},
		{"jws-verify-unencoded", []string{"jws", "verify", "--key", keys + "hs256.jwk", tokens + "hs256.unencoded.jws"}, "", 0},
		{"jws-verify-rs256-pem-private", []string{"jws", "verify", "--key", keys + "rsa.pem", "--alg", "RS256", tokens + "rs256.jws"}, "", 0},
		{"jws-verify-rs256-set", []string{"jws", "verify", "--key", keys + "set.jwks", tokens + "rs256.jws"}, "", 0},
		{"jws-verify-es256-public", []string{"jws", "verify", "--key", keys + "ec256.pub.jwk", tokens + "es256.jws"}, "", 0},
		{"jws-verify-es256-private", []string{"jws", "verify", "--key", keys + "ec256.jwk", tokens + "es256.jws"}, "", 0},
		{"jws-verify-es256-spki", []string{"jws", "verify", "--key", keys + "ec256.pub.pem", "--alg", "ES256", tokens + "es256.jws"}, "", 0},
		{"jws-verify-eddsa-set", []string{"jws", "verify", "--key", keys + "set.jwks", tokens + "eddsa.jws"}, "", 0},
		{"jws-verify-set-allowlist", []string{"jws", "verify", "--key", keys + "set.jwks", "--alg", "ES256", tokens + "eddsa.jws"}, "", 1},
		{"jws-verify-set-hs256", []string{"jws", "verify", "--key", keys + "set.jwks", tokens + "hs256.jws"}, "", 1},
		{"jws-verify-tampered", []string{"jws", "verify", "--key", keys + "hs256.jwk", tokens + "hs256.tampered.jws"}, "", 1},
		{"jws-verify-wrong-key", []string{"jws", "verify", "--key", keys + "ec256.pub.jwk", tokens + "hs256.jws"}, "", 1},
		{"jws-verify-wrong-alg-flag", []string{"jws", "verify", "--key", keys + "rsa.jwk", "--alg", "PS256", tokens + "rs256.jws"}, "", 1},
		{"jws-verify-none", []string{"jws", "verify", "--key", keys + "hs256.jwk", tokens + "none.jws"}, "", 1},
		{"jws-verify-malformed", []string{"jws", "verify", "--key", keys + "hs256.jwk"}, "not.a.token", 1},
		{"jws-verify-truncated", []string{"jws", "verify", "--key", keys + "hs256.jwk"}, "eyJhbGciOiJIUzI1NiIsImtpZCI6ImhzLTEifQ.eyJoZWxsbyI6IndvcmxkIn0", 1},
		{"jws-verify-empty", []string{"jws", "verify", "--key", keys + "hs256.jwk"}, " \n", 1},
		{"jws-verify-oversized", []string{"jws", "verify", "--key", keys + "hs256.jwk"}, strings.Repeat("a", 1<<20+5000), 1},
		{"jws-verify-key-no-alg", []string{"jws", "verify", "--key", keys + "rsa.jwk", tokens + "rs256.jws"}, "", 2},
		{"jws-verify-key-wrong-type", []string{"jws", "verify", "--key", keys + "hs256.jwk", "--alg", "ES256", tokens + "es256.jws"}, "", 2},
		{"jws-verify-unknown-alg", []string{"jws", "verify", "--key", keys + "hs256.jwk", "--alg", "HS256,XS1", tokens + "hs256.jws"}, "", 2},
		{"jws-verify-jwks-url", []string{"jws", "verify", "--jwks-url", "https://issuer.example/jwks", tokens + "hs256.jws"}, "", 2},
		{"jws-verify-jwks-url-http", []string{"jws", "verify", "--jwks-url", "http://issuer.example/jwks", "--alg", "RS256", tokens + "rs256.jws"}, "", 2},
		{"jws-verify-npm-es256", []string{"jws", "verify", "--key", npm + "es256.pub.jwk", npm + "es256.jws"}, "", 0},
		{"jws-verify-npm-general", []string{"jws", "verify", "--key", npm + "hs256.jwk", npm + "hs256.jws.json"}, "", 0},
		{"jws-verify-python-rs256", []string{"jws", "verify", "--key", python + "rsa-a.pub.pem", "--alg", "RS256", python + "v1.0.0-rs256.jws"}, "", 0},

		// jwe: encryption is randomized, so its output is checked by the
		// round trip tests; the errors are deterministic.
		{"jwe-encrypt-missing-enc", []string{"jwe", "encrypt", "--key", keys + "rsa.jwk", "--alg", "RSA-OAEP-256"}, "x", 2},
		{"jwe-encrypt-no-alg", []string{"jwe", "encrypt", "--key", keys + "rsa.jwk", "--enc", "A256GCM"}, "x", 2},
		{"jwe-encrypt-bad-enc", []string{"jwe", "encrypt", "--key", keys + "rsa.jwk", "--alg", "RSA-OAEP-256", "--enc", "A256GCMKW"}, "x", 2},
		{"jwe-encrypt-key-mismatch", []string{"jwe", "encrypt", "--key", keys + "oct128.jwk", "--alg", "A256KW", "--enc", "A256GCM"}, "x", 2},
		{"jwe-encrypt-header-enc", []string{"jwe", "encrypt", "--key", keys + "rsa.jwk", "--alg", "RSA-OAEP", "--enc", "A256GCM", "--header", `{"enc":"A128GCM"}`}, "x", 2},
		{"jwe-decrypt-rsa", []string{"jwe", "decrypt", "--key", keys + "rsa.jwk", "--alg", "RSA-OAEP-256", tokens + "rsa-oaep-256.jwe"}, "", 0},
		{"jwe-decrypt-set-kid", []string{"jwe", "decrypt", "--key", keys + "enc.jwks", "--alg", "RSA-OAEP-256", tokens + "rsa-oaep-256.jwe"}, "", 0},
		{"jwe-decrypt-set-flattened", []string{"jwe", "decrypt", "--key", keys + "enc.jwks", "--alg", "ECDH-ES"}, "@" + tokens + "x25519.flattened.json", 0},
		{"jwe-decrypt-set-alg-not-allowed", []string{"jwe", "decrypt", "--key", keys + "enc.jwks", "--alg", "RSA-OAEP-256,ECDH-ES", tokens + "a128kw.general.json"}, "", 1},
		{"jwe-decrypt-set-no-alg", []string{"jwe", "decrypt", "--key", keys + "enc.jwks", tokens + "rsa-oaep-256.jwe"}, "", 2},
		{"jwe-decrypt-rsa-pem", []string{"jwe", "decrypt", "--key", keys + "rsa.pem", "--alg", "RSA-OAEP-256", "--enc", "A256GCM"}, "@" + tokens + "rsa-oaep-256.jwe", 0},
		{"jwe-decrypt-a128kw-general", []string{"jwe", "decrypt", "--key", keys + "oct128.jwk", "--alg", "A128KW", tokens + "a128kw.general.json"}, "", 0},
		{"jwe-decrypt-dir", []string{"jwe", "decrypt", "--key", keys + "oct256.jwk", "--alg", "dir", tokens + "dir.jwe"}, "", 0},
		{"jwe-decrypt-x25519-flattened", []string{"jwe", "decrypt", "--key", keys + "x25519.jwk", "--alg", "ECDH-ES", tokens + "x25519.flattened.json"}, "", 0},
		{"jwe-decrypt-pbes2", []string{"jwe", "decrypt", "--key", keys + "oct256.jwk", "--alg", "PBES2-HS256+A128KW", tokens + "pbes2.jwe"}, "", 0},
		{"jwe-decrypt-zip", []string{"jwe", "decrypt", "--key", keys + "ec384.jwk", "--alg", "ECDH-ES+A256KW", "--enc", "A256GCM", tokens + "ecdh-zip.jwe"}, "", 0},
		{"jwe-decrypt-tampered", []string{"jwe", "decrypt", "--key", keys + "rsa.jwk", "--alg", "RSA-OAEP-256", tokens + "rsa-oaep-256.tampered.jwe"}, "", 1},
		{"jwe-decrypt-wrong-key", []string{"jwe", "decrypt", "--key", keys + "oct128.jwk", "--alg", "A128KW", tokens + "rsa-oaep-256.jwe"}, "", 1},
		{"jwe-decrypt-enc-not-allowed", []string{"jwe", "decrypt", "--key", keys + "rsa.jwk", "--alg", "RSA-OAEP-256", "--enc", "A128GCM", tokens + "rsa-oaep-256.jwe"}, "", 1},
		{"jwe-decrypt-alg-not-allowed", []string{"jwe", "decrypt", "--key", keys + "rsa.jwk", "--alg", "RSA-OAEP", tokens + "rsa-oaep-256.jwe"}, "", 1},
		{"jwe-decrypt-public-key", []string{"jwe", "decrypt", "--key", keys + "ec256.pub.jwk", tokens + "rsa-oaep-256.jwe"}, "", 2},
		{"jwe-decrypt-no-alg", []string{"jwe", "decrypt", "--key", keys + "rsa.jwk", tokens + "rsa-oaep-256.jwe"}, "", 2},
		{"jwe-decrypt-jws", []string{"jwe", "decrypt", "--key", keys + "rsa.jwk", "--alg", "RSA-OAEP-256", tokens + "hs256.jws"}, "", 1},
		{"jwe-decrypt-npm-rsa", []string{"jwe", "decrypt", "--key", npm + "rsa.jwk", npm + "rsa-oaep-256.jwe"}, "", 0},
		{"jwe-decrypt-npm-ecdh", []string{"jwe", "decrypt", "--key", npm + "ecdh.jwk", npm + "ecdh-es-a128kw.jwe.json"}, "", 0},

		// jwt
		{"jwt-sign", []string{"jwt", "sign", "--key", keys + "hs256.jwk", "--now", "1700000000", "--iss", "https://issuer.example", "--sub", "alice", "--aud", "api", "--exp", "1h", "--nbf", "0s", "--jti", "id-1"}, "", 0},
		{"jwt-sign-claims", []string{"jwt", "sign", "--key", keys + "ed25519.jwk", "--now", "2030-01-01T00:00:00Z", "--claims", `{"scope":"read","iat":1}`, "--aud", "a", "--aud", "b", "--exp", "1893456000", "--typ", "at+jwt"}, "", 0},
		{"jwt-sign-claims-file", []string{"jwt", "sign", "--key", keys + "hs256.jwk", "--now", "1700000000", "--claims", "@" + tokens + "payload.json", "--typ", ""}, "", 0},
		{"jwt-sign-bad-claims", []string{"jwt", "sign", "--key", keys + "hs256.jwk", "--claims", `["not","an","object"]`}, "", 2},
		{"jwt-sign-bad-exp-type", []string{"jwt", "sign", "--key", keys + "hs256.jwk", "--claims", `{"exp":"tomorrow"}`}, "", 2},
		{"jwt-sign-bad-exp", []string{"jwt", "sign", "--key", keys + "hs256.jwk", "--exp", "soon"}, "", 2},
		{"jwt-verify", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700000100", "--iss", "https://issuer.example", "--aud", "api", "--sub", "alice", "--typ", "application/JWT", tokens + "hs256.jwt"}, "", 0},
		{"jwt-verify-aud-any", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "2023-11-14T22:15:00Z", "--aud", "other", "--aud", "api", tokens + "hs256.jwt"}, "", 0},
		{"jwt-verify-expired", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700003600", "--aud", "api", tokens + "hs256.jwt"}, "", 1},
		{"jwt-verify-leeway", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700003600", "--leeway", "1m", "--aud", "api", tokens + "hs256.jwt"}, "", 0},
		{"jwt-verify-not-yet", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1699999999", "--aud", "api", tokens + "hs256.jwt"}, "", 1},
		{"jwt-verify-iss", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700000100", "--aud", "api", "--iss", "https://evil.example", tokens + "hs256.jwt"}, "", 1},
		{"jwt-verify-sub", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700000100", "--aud", "api", "--sub", "bob", tokens + "hs256.jwt"}, "", 1},
		{"jwt-verify-no-aud-flag", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700000100", tokens + "hs256.jwt"}, "", 1},
		{"jwt-verify-wrong-aud", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700000100", "--aud", "web", tokens + "hs256.jwt"}, "", 1},
		{"jwt-verify-typ", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700000100", "--aud", "api", "--typ", "at+jwt", tokens + "hs256.jwt"}, "", 1},
		{"jwt-verify-not-claims", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700000100", tokens + "hs256.unencoded.jws"}, "", 1},
		{"jwt-verify-json", []string{"jwt", "verify", "--key", keys + "hs256.jwk", tokens + "hs256.flattened.json"}, "", 1},
		{"jwt-verify-tampered", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700000100", "--aud", "api", tokens + "hs256.tampered.jws"}, "", 1},
		{"jwt-verify-bad-now", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "yesterday", tokens + "hs256.jwt"}, "", 2},
		{"jwt-verify-stdin", []string{"jwt", "verify", "--key", keys + "hs256.jwk", "--now", "1700000100", "--aud", "api", "-"}, "@" + tokens + "hs256.jwt", 0},
		{"jwt-verify-pem", []string{"jwt", "verify", "--key", keys + "rsa.pem", "--alg", "RS256", "--now", "2023-11-14T22:15:00Z", "--sub", "bob", tokens + "rs256.jwt"}, "", 0},
		{"jwt-verify-set", []string{"jwt", "verify", "--key", keys + "set.jwks", "--now", "1700000100", "--iss", "https://issuer.example", tokens + "rs256.jwt"}, "", 0},
		{"jwt-verify-set-wrong-sub", []string{"jwt", "verify", "--key", keys + "set.jwks", "--now", "1700000100", "--sub", "alice", tokens + "rs256.jwt"}, "", 1},
		{"jwt-verify-jwks-url", []string{"jwt", "verify", "--jwks-url", "https://issuer.example/jwks", tokens + "hs256.jwt"}, "", 2},
		{"jwt-verify-npm-eddsa", []string{"jwt", "verify", "--key", npm + "ed25519.pub.jwk", "--now", "2026-06-01T00:00:00Z", "--iss", "https://npm.example", "--aud", "jose-cli", npm + "eddsa.jwt"}, "", 0},

		// inspect
		{"inspect-jws", []string{"inspect", tokens + "hs256.jws"}, "", 0},
		{"inspect-jwt", []string{"inspect", "--now", "1700000100", tokens + "hs256.jwt"}, "", 0},
		{"inspect-jwt-expired", []string{"inspect", "--now", "1800000000"}, "@" + tokens + "hs256.jwt", 0},
		{"inspect-jws-general", []string{"inspect", tokens + "hs256.general.json"}, "", 0},
		{"inspect-jws-detached", []string{"inspect", tokens + "hs256.detached.jws"}, "", 0},
		{"inspect-jws-unencoded", []string{"inspect", tokens + "hs256.unencoded.jws"}, "", 0},
		{"inspect-none-jku", []string{"inspect", tokens + "none.jws"}, "", 0},
		{"inspect-embedded-jwk", []string{"inspect", tokens + "embedded-jwk.jws"}, "", 0},
		{"inspect-jwe", []string{"inspect", tokens + "ecdh-zip.jwe"}, "", 0},
		{"inspect-jwe-general", []string{"inspect", tokens + "a128kw.general.json"}, "", 0},
		{"inspect-jwe-flattened", []string{"inspect", tokens + "x25519.flattened.json"}, "", 0},
		{"inspect-jwk-private", []string{"inspect", keys + "ec256.jwk"}, "", 0},
		{"inspect-jwk-oct-short", []string{"inspect", keys + "oct128.jwk"}, "", 0},
		{"inspect-jwk-set", []string{"inspect", keys + "set.jwks"}, "", 0},
		{"inspect-pem", []string{"inspect", keys + "ec256.pub.pem"}, "", 0},
		{"inspect-python-jwe", []string{"inspect", python + "v1.0.0-a128cbc-hs256.jwe"}, "", 0},
		{"inspect-garbage", []string{"inspect"}, "hello world", 1},
		{"inspect-bad-base64", []string{"inspect"}, "e30.e30.***", 1},
		{"inspect-duplicate-members", []string{"inspect"}, `{"payload":"e30","signature":"","signature":""}`, 1},

		// legacy
		{"legacy-decrypt", []string{"legacy", "decrypt", "--key", python + "rsa-a.key.json", "--now", "2026-01-01T00:00:00Z", python + "v1.0.0-a128cbc-hs256.jwe"}, "", 0},
		{"legacy-decrypt-jwk-zip", []string{"legacy", "decrypt", "--key", python + "rsa-a.jwk", "--now", "2026-01-01T00:00:00Z", python + "v0.2.2-a256cbc-hs512-zip.jwe"}, "", 0},
		{"legacy-decrypt-mte-refused", []string{"legacy", "decrypt", "--key", python + "rsa-a.key.json", python + "v0.1-a128cbc-hs256-legacy.jwe"}, "", 1},
		{"legacy-decrypt-mte", []string{"legacy", "decrypt", "--key", python + "rsa-a.key.json", "--allow-mac-then-encrypt", "--now", "2026-01-01T00:00:00Z", python + "v0.1-a128cbc-hs256-legacy.jwe"}, "", 0},
		{"legacy-decrypt-tampered", []string{"legacy", "decrypt", "--key", python + "rsa-a.key.json", python + "v1.0.0-neg-tampered-tag.jwe"}, "", 1},
		{"legacy-decrypt-expiry", []string{"legacy", "decrypt", "--key", python + "rsa-a.key.json", "--expiry-seconds", "3600", "--now", "2026-01-01T00:00:00Z", python + "v1.0.0-a128cbc-hs256.jwe"}, "", 1},
		{"legacy-decrypt-public-key", []string{"legacy", "decrypt", "--key", python + "rsa-a.pub.pem", python + "v1.0.0-a128cbc-hs256.jwe"}, "", 2},
		{"legacy-verify", []string{"legacy", "verify", "--key", python + "rsa-a.pub.pem", "--alg", "RS256", "--now", "2026-01-01T00:00:00Z", python + "v1.0.0-rs256.jws"}, "", 0},
		{"legacy-verify-private-jwk", []string{"legacy", "verify", "--key", python + "rsa-a.jwk", "--alg", "RS256", "--now", "2026-01-01T00:00:00Z"}, "@" + python + "v1.0.0-rs256.jws", 0},
		{"legacy-verify-hs512", []string{"legacy", "verify", "--key", python + "hs-512.key.json", "--alg", "HS512", "--now", "2026-01-01T00:00:00Z", python + "v1.0.0-hs512.jws"}, "", 0},
		{"legacy-verify-wrong-alg", []string{"legacy", "verify", "--key", python + "rsa-a.pub.pem", "--alg", "RS384", python + "v1.0.0-rs256.jws"}, "", 1},
		{"legacy-verify-no-alg", []string{"legacy", "verify", "--key", python + "rsa-a.pub.pem", python + "v1.0.0-rs256.jws"}, "", 2},
		{"legacy-verify-short-key", []string{"legacy", "verify", "--key", "testdata/legacy-short.key.json", "--alg", "HS256", tokens + "hs256.jws"}, "", 2},
		{"legacy-verify-short-key-allowed", []string{"legacy", "verify", "--key", "testdata/legacy-short.key.json", "--alg", "HS256", "--allow-short-hmac-key", tokens + "hs256.jws"}, "", 1},
	}
	for _, c := range commands {
		args := append(strings.Fields(c.name), "--help")
		cases = append(cases, goldenCase{"help-" + strings.ReplaceAll(c.name, " ", "-"), args, "", 0})
	}
	return cases
}

func readFile(name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// docsDir is the bundled examples directory, relative to the module.
const docsDir = "../../docs/examples"

// skipWithoutDocs skips a test that reads the repository's docs/examples
// when the module is tested alone, outside the repository (CI copies each
// module elsewhere for GOWORK=off). The workspace run covers it.
func skipWithoutDocs(t *testing.T, args ...string) {
	t.Helper()
	uses := false
	for _, a := range args {
		if strings.Contains(a, docsDir) {
			uses = true
		}
	}
	if !uses {
		return
	}
	if _, err := os.Stat(docsDir); err != nil {
		t.Skipf("%s is not beside this module (module tested alone): %v", docsDir, err)
	}
}

// runCase runs one case and returns its exit status and output.
func runCase(t *testing.T, tc goldenCase) (int, string, string) {
	t.Helper()
	stdin := tc.stdin
	if name, ok := strings.CutPrefix(stdin, "@"); ok {
		stdin = readFile(name)
	}
	var stdout, stderr bytes.Buffer
	code := run(tc.args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// formatGolden is the content of a golden file.
func formatGolden(args []string, code int, stdout, stderr string) string {
	return fmt.Sprintf("# jose %s\nexit: %d\n-- stdout --\n%s-- stderr --\n%s", strings.Join(args, " "), code, stdout, stderr)
}

func TestGolden(t *testing.T) {
	cases := goldenCases()
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			skipWithoutDocs(t, append([]string{tc.stdin}, tc.args...)...)
			code, stdout, stderr := runCase(t, tc)
			if code != tc.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			// The exit status contract: errors are exactly one "jose: "
			// line on stderr, and success prints nothing there.
			if code == 0 && stderr != "" {
				t.Errorf("success wrote to stderr: %q", stderr)
			}
			if code != 0 && (!strings.HasPrefix(stderr, "jose: ") || strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n")) {
				t.Errorf("stderr is not one \"jose: \" line: %q", stderr)
			}
			got := formatGolden(tc.args, code, stdout, stderr)
			if len(got) > 64<<10 {
				got = got[:64<<10] // the oversized-input case echoes nothing, but stay safe
			}
			path := filepath.Join("testdata", "golden", tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("output mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// Every golden file belongs to a case: a renamed case must not leave
	// a stale file that nothing checks.
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.golden"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".golden"); !seen[name] && !*update {
			t.Errorf("stale golden file %s: no case named %q", f, name)
		}
	}
}

// TestGoldenCoversEveryCommand fails when a command has no golden case
// besides its help.
func TestGoldenCoversEveryCommand(t *testing.T) {
	for _, c := range commands {
		words := strings.Fields(c.name)
		found := false
		for _, tc := range goldenCases() {
			if len(tc.args) >= len(words) && slicesEqual(tc.args[:len(words)], words) && !strings.HasPrefix(tc.name, "help-") {
				found = true
			}
		}
		if !found && c.name != "version" { // version output depends on the build: see TestVersion
			t.Errorf("command %q has no golden case", c.name)
		}
	}
}
