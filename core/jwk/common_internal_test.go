package jwk

import (
	"testing"

	"github.com/joseframework/jose/core/internal/strictjson"
)

// TestCommon checks that the allocation-free strings are the values they
// stand for, and that other spellings still go through strictjson.
func TestCommon(t *testing.T) {
	for _, v := range []string{`"RSA"`, `"EC"`, `"OKP"`, `"oct"`, `"sig"`, `"enc"`, `"P-256"`, `"P-384"`, `"P-521"`,
		`"Ed25519"`, `"X25519"`, `"RS256"`, `"PS256"`, `"ES256"`, `"EdDSA"`} {
		got, ok := common([]byte(v))
		want, err := strictjson.Unquote([]byte(v))
		if !ok || err != nil || got != want {
			t.Errorf("common(%s) = %q, %v; want %q", v, got, ok, want)
		}
	}
	for _, v := range []string{`"R\u0053A"`, `"rsa"`, `"RSA "`, `RSA`, `""`} {
		if got, ok := common([]byte(v)); ok {
			t.Errorf("common(%s) = %q", v, got)
		}
	}
	k, err := ParseKey([]byte(`{"kty":"oc\u0074","k":"AQID","use":"si\u0067"}`))
	if err != nil || k.KeyType() != "oct" || k.Use() != "sig" {
		t.Fatalf("escaped names: %v, %v", k, err)
	}
}
