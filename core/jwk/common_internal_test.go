package jwk

import (
	"bytes"
	"crypto"
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

// TestRSAThumbprintFromText checks that the thumbprint input taken from
// the member text is the one encoding the key gives, that it is not taken
// from text that is not canonical, and that every RSA key gets the same
// thumbprint either way.
func TestRSAThumbprintFromText(t *testing.T) {
	const n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
	// RFC 7638, Section 3.1.
	const want = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
	for _, tt := range []struct {
		name     string
		jwk      string
		fromText bool
	}{
		{"canonical", `{"kty":"RSA","e":"AQAB","n":"` + n + `","kid":"x"}`, true},
		{"leading zero octets in n", `{"kty":"RSA","e":"AQAB","n":"AAAA` + n + `"}`, false},
		{"escaped character in n", `{"kty":"RSA","e":"AQAB","n":"\u0030` + n[1:] + `"}`, false},
		{"escaped character in e", `{"kty":"RSA","e":"\u0041QAB","n":"` + n + `"}`, false},
	} {
		k, err := ParseKey([]byte(tt.jwk))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := k.tpInput != nil; got != tt.fromText {
			t.Errorf("%s: input from the text %v, want %v", tt.name, got, tt.fromText)
		}
		if k.tpInput != nil && !bytes.Equal(k.tpInput, k.thumbprintInput()) {
			t.Errorf("%s: input from the text\n%s\nencoded\n%s", tt.name, k.tpInput, k.thumbprintInput())
		}
		uri, err := k.ThumbprintURI(crypto.SHA256)
		if err != nil || uri != "urn:ietf:params:oauth:jwk-thumbprint:sha-256:"+want {
			t.Errorf("%s: %s, %v", tt.name, uri, err)
		}
	}
}
