package compat_test

import (
	"context"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	algrsa "github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/compat"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
)

// hs256Token makes a JWS the way the library did, with any secret.
func hs256Token(header, payload string, secret []byte) string {
	b := base64.RawURLEncoding.EncodeToString
	in := b([]byte(header)) + "." + b([]byte(payload))
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(in))
	return in + "." + b(m.Sum(nil))
}

func TestShortKey(t *testing.T) {
	secret := []byte("password")
	tok := hs256Token(`{"alg": "HS256"}`, `{"sub": "legacy", "exp": 4102444800}`, secret)
	key, err := compat.ParseKey([]byte(`{"k": "password"}`))
	if err != nil {
		t.Fatal(err)
	}

	// The standard path refuses the short secret.
	if _, err := compat.NewVerifier(key, "HS256"); !errors.Is(err, jwa.ErrKeySize) || !errors.Is(err, compat.ErrKey) {
		t.Fatalf("NewVerifier with an 8-byte secret: %v, want ErrKeySize", err)
	}

	v, err := compat.NewShortKeyHMACVerifier("HS256", secret)
	if err != nil {
		t.Fatal(err)
	}
	secret[0] = 'X' // the verifier holds a copy
	r, err := compat.Verify(t.Context(), tok, v, &compat.Options{Now: at(fixedNow)})
	if err != nil {
		t.Fatalf("Verify with the short-key verifier: %v", err)
	}
	if r.Claims["sub"] != "legacy" {
		t.Errorf("claims %v", r.Claims)
	}
	// Outside compat.Verify it refuses everything.
	if _, err := jws.Verify(t.Context(), []byte(tok), v, nil); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("jws.Verify with the short-key verifier: %v, want ErrVerification", err)
	}
	if err := v.Verify(context.Background(), []byte("x"), nil); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("direct Verify: %v", err)
	}
	// Wrong secret, tampered payload, other algorithm.
	bad := hs256Token(`{"alg": "HS256"}`, `{"sub": "legacy"}`, []byte("passw0rd"))
	if _, err := compat.Verify(t.Context(), bad, v, nil); !errors.Is(err, jwa.ErrVerification) || !errors.Is(err, compat.ErrInvalid) {
		t.Errorf("wrong secret: %v", err)
	}
	parts := strings.Split(tok, ".")
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(`{"sub": "admin", "exp": 4102444800}`))
	if _, err := compat.Verify(t.Context(), strings.Join(parts, "."), v, nil); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("tampered payload: %v", err)
	}
	other := hs256Token(`{"alg": "HS384"}`, `{}`, []byte("password"))
	if _, err := compat.Verify(t.Context(), other, v, nil); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("HS384 token: %v", err)
	}

	for _, tt := range []struct {
		alg    string
		secret string
		want   error
	}{
		{"HS256", "", jwa.ErrKeySize},
		{"HS256", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n", jwa.ErrKeyType},
		{"RS256", "password", jwa.ErrUnknownAlgorithm},
		{"none", "password", jwa.ErrUnknownAlgorithm},
	} {
		if _, err := compat.NewShortKeyHMACVerifier(tt.alg, []byte(tt.secret)); !errors.Is(err, tt.want) {
			t.Errorf("NewShortKeyHMACVerifier(%s, %q): %v, want %v", tt.alg, tt.secret, err, tt.want)
		}
	}
	for _, alg := range []string{"HS384", "HS512"} {
		if _, err := compat.NewShortKeyHMACVerifier(alg, []byte("pw")); err != nil {
			t.Errorf("%s: %v", alg, err)
		}
	}
}

func TestVerifyRejects(t *testing.T) {
	secret := []byte(strings.Repeat("k", 32))
	key, _ := jwk.New(secret)
	v, err := compat.NewVerifier(key, "HS256")
	if err != nil {
		t.Fatal(err)
	}
	good := hs256Token(`{"alg": "HS256"}`, `{"a": 1}`, secret)
	if _, err := compat.Verify(t.Context(), good, v, nil); err != nil {
		t.Fatal(err)
	}
	malformedTokens := map[string]string{
		"JWE":              good + ".x.y",
		"two parts":        good[:strings.LastIndex(good, ".")],
		"JSON":             `{"payload":"e30","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"AA"}`,
		"payload array":    hs256Token(`{"alg": "HS256"}`, `[1]`, secret),
		"payload not JSON": hs256Token(`{"alg": "HS256"}`, `hello`, secret),
		"payload dup":      hs256Token(`{"alg": "HS256"}`, `{"a": 1, "a": 2}`, secret),
		"string exp":       hs256Token(`{"alg": "HS256"}`, `{"exp": "never"}`, secret),
		"padding":          good + "=",
		"crit":             hs256Token(`{"alg": "HS256", "crit": ["x"], "x": 1}`, `{}`, secret),
	}
	for name, tok := range malformedTokens {
		_, err := compat.Verify(t.Context(), tok, v, nil)
		if !errors.Is(err, compat.ErrInvalid) || !errors.Is(err, compat.ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed and ErrInvalid", name, err)
		}
	}
	// The algorithm is pinned: a token's "alg" never chooses.
	for _, h := range []string{`{"alg": "none"}`, `{"alg": "HS512"}`, `{"alg": "RS256"}`, `{}`} {
		tok := hs256Token(h, `{}`, secret)
		_, err := compat.Verify(t.Context(), tok, v, nil)
		if !errors.Is(err, compat.ErrInvalid) {
			t.Errorf("header %s: %v", h, err)
		}
	}
	// Verifiers outside the library's algorithms are a configuration
	// error.
	priv := keyByID(t, "rsa-a").Key().(*rsa.PrivateKey)
	ps, err := algrsa.PS256().NewVerifier(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := compat.Verify(t.Context(), good, ps, nil); !errors.Is(err, jwa.ErrUnknownAlgorithm) || errors.Is(err, compat.ErrInvalid) {
		t.Errorf("PS256 verifier: %v", err)
	}
	if _, err := compat.Verify(t.Context(), good, nil, nil); err == nil || errors.Is(err, compat.ErrInvalid) {
		t.Errorf("nil verifier: %v", err)
	}
	if _, err := compat.Verify(t.Context(), good, v, &compat.Options{Limits: jwa.Limits{MaxTokenSize: 10}}); !errors.Is(err, jwa.ErrLimit) {
		t.Errorf("over MaxTokenSize: %v", err)
	}
	// Claims come after the signature: an expired token with a bad
	// signature is a bad signature.
	expired := hs256Token(`{"alg": "HS256"}`, `{"exp": 1}`, []byte(strings.Repeat("x", 32)))
	if _, err := compat.Verify(t.Context(), expired, v, nil); !errors.Is(err, jwa.ErrVerification) || errors.Is(err, compat.ErrExpired) {
		t.Errorf("expired with a bad signature: %v", err)
	}
}

// TestResignVectors re-signs the first two segments of every valid JWS
// vector and compares with the third: HS* and RS* signatures are
// deterministic, so NewSigner reproduces the library byte for byte.
func TestResignVectors(t *testing.T) {
	priv, err := jwk.New(keyByID(t, "rsa-a").Key())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, v := range loadVectors(t) {
		if v.Kind != "jws" || v.Expected.Verdict != "valid" {
			continue
		}
		key, err := compat.ParseKey(v.Key.Legacy)
		if err != nil {
			t.Fatal(err)
		}
		if key.KeyType() == jwk.KeyTypeRSA {
			key = priv // the vectors hold the public half; rsa-a signed them all
		}
		s, err := compat.NewSigner(key, v.Options.ExpectedAlg)
		if err != nil {
			t.Fatalf("%s: %v", v.ID, err)
		}
		i := strings.LastIndex(v.Token, ".")
		sig, err := s.Sign(t.Context(), []byte(v.Token[:i]))
		if err != nil {
			t.Fatal(err)
		}
		if got := base64.RawURLEncoding.EncodeToString(sig); got != v.Token[i+1:] {
			t.Errorf("%s: signature %s, want %s", v.ID, got, v.Token[i+1:])
		}
		n++
	}
	if n == 0 {
		t.Fatal("no JWS vectors")
	}
}

func TestSign(t *testing.T) {
	secret := []byte(strings.Repeat("s", 64))
	key, _ := jwk.New(secret)
	s, err := compat.NewSigner(key, "HS512")
	if err != nil {
		t.Fatal(err)
	}
	claims := map[string]any{"sub": "x", "n": 12345678901234567, "exp": 4102444800}
	tok, err := compat.Sign(t.Context(), claims, s, map[string]any{"kid": "k1", "typ": "JWT", "alg": "HS256", "x-custom": []any{1.5}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := compat.NewVerifier(key, "HS512")
	if err != nil {
		t.Fatal(err)
	}
	r, err := compat.Verify(t.Context(), tok, v, &compat.Options{Now: at(fixedNow)})
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := map[string]any{"alg": "HS512", "kid": "k1", "typ": "JWT", "x-custom": []any{json.Number("1.5")}}
	if diff := cmp.Diff(wantHeader, r.Header); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	wantClaims := map[string]any{"sub": "x", "n": json.Number("12345678901234567"), "exp": json.Number("4102444800")}
	if diff := cmp.Diff(wantClaims, r.Claims); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
	// Verifying with HS256 fails: the argument won over add_header.
	v256, _ := compat.NewVerifier(key, "HS256")
	if _, err := compat.Verify(t.Context(), tok, v256, nil); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("HS256 verifier: %v", err)
	}

	for name, h := range map[string]map[string]any{
		"crit":       {"crit": []any{"x"}},
		"b64":        {"b64": false},
		"kid number": {"kid": 1},
	} {
		if _, err := compat.Sign(t.Context(), claims, s, h); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := compat.Sign(t.Context(), claims, nil, nil); err == nil {
		t.Error("nil signer accepted")
	}
	if _, err := compat.Sign(t.Context(), map[string]any{"f": func() {}}, s, nil); err == nil {
		t.Error("unencodable claims accepted")
	}
	// nil claims are {}.
	tok, err = compat.Sign(t.Context(), nil, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := compat.Verify(t.Context(), tok, v, nil); err != nil || len(r.Claims) != 0 {
		t.Errorf("nil claims: %v %v", r, err)
	}
}

func TestNewVerifierKeys(t *testing.T) {
	rsaPub, err := keyByID(t, "rsa-a").Public()
	if err != nil {
		t.Fatal(err)
	}
	oct, _ := jwk.New([]byte(strings.Repeat("k", 64)))
	tests := []struct {
		name string
		key  *jwk.Key
		alg  string
		want error
	}{
		{"RSA key for HS256", rsaPub, "HS256", jwa.ErrKeyType},
		{"oct key for RS256", oct, "RS256", jwa.ErrKeyType},
		{"PS256", rsaPub, "PS256", jwa.ErrUnknownAlgorithm},
		{"none", oct, "none", jwa.ErrUnknownAlgorithm},
		{"nil", nil, "HS256", compat.ErrKey},
	}
	for _, tt := range tests {
		if _, err := compat.NewVerifier(tt.key, tt.alg); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	// "use":"enc" does not permit verification.
	enc, err := jwk.ParseKey([]byte(`{"kty":"oct","use":"enc","k":"` + base64.RawURLEncoding.EncodeToString([]byte(strings.Repeat("k", 32))) + `"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := compat.NewVerifier(enc, "HS256"); !errors.Is(err, compat.ErrKey) {
		t.Errorf(`"use":"enc" key: %v`, err)
	}
	if _, err := compat.NewSigner(rsaPub, "RS256"); !errors.Is(err, compat.ErrKey) {
		t.Errorf("public key signer: %v", err)
	}
	if _, err := compat.NewDecrypter(rsaPub); !errors.Is(err, compat.ErrKey) {
		t.Errorf("public key decrypter: %v", err)
	}
	if _, err := compat.NewDecrypter(oct); !errors.Is(err, compat.ErrKey) {
		t.Errorf("oct decrypter: %v", err)
	}
	priv, _ := jwk.New(keyByID(t, "rsa-a").Key())
	sigOnly, err := jwk.ParseKey(mustMarshal(t, priv, `"use":"sig",`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := compat.NewDecrypter(sigOnly); !errors.Is(err, compat.ErrKey) || !errors.Is(err, jwk.ErrOperation) {
		t.Errorf(`"use":"sig" decrypter: %v`, err)
	}
}

// mustMarshal returns k's JWK with extra members inserted after "{".
func mustMarshal(t *testing.T, k *jwk.Key, extra string) []byte {
	t.Helper()
	b, err := k.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return []byte("{" + extra + string(b[1:]))
}

// TestNoSideEffects checks that linking compat registers nothing of its
// own and relaxes nothing: the registry holds exactly the standard
// algorithms of algs/hmac and algs/rsa, and algs/hmac still refuses short
// keys.
func TestNoSideEffects(t *testing.T) {
	wantSig := []string{"HS256", "HS384", "HS512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512"}
	if got := jwa.SignatureNames(); !slices.Equal(got, wantSig) {
		t.Errorf("signature algorithms %v, want %v", got, wantSig)
	}
	wantKM := []string{"RSA-OAEP", "RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512"}
	if got := jwa.KeyManagementNames(); !slices.Equal(got, wantKM) {
		t.Errorf("key management algorithms %v, want %v", got, wantKM)
	}
	if got := jwa.ContentEncryptionNames(); len(got) != 0 {
		t.Errorf("content encryption algorithms %v, want none", got)
	}
	hs, _ := jwa.LookupSignature("HS256")
	if _, err := hs.NewVerifier([]byte("password")); !errors.Is(err, jwa.ErrKeySize) {
		t.Errorf("HS256 with a short key after importing compat: %v", err)
	}
}
