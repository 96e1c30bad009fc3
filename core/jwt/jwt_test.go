package jwt_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
)

type custom struct {
	Scope string   `json:"scope"`
	Roles []string `json:"roles,omitempty"`
	Admin bool     `json:"admin"`
}

func fullClaims(tb testing.TB) *jwt.Claims {
	return &jwt.Claims{
		Issuer:    "https://issuer.example",
		Subject:   "alice",
		Audience:  jwt.Audience{"api", "other"},
		Expiry:    date(tb, t0.Add(time.Hour)),
		NotBefore: date(tb, t0.Add(-time.Minute)),
		IssuedAt:  date(tb, t0.Add(-time.Minute+500*time.Millisecond)),
		ID:        "id-1",
	}
}

func TestSignVerify(t *testing.T) {
	ctx := t.Context()
	c := fullClaims(t)
	cu := custom{Scope: "read write", Roles: []string{"r1"}, Admin: true}
	tok, err := jwt.Sign(ctx, c, cu, hs256(macKey), &jwt.SignOptions{
		JWS: jws.SignOptions{Header: jws.Header{KeyID: "k1", Type: "at+jwt"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	opts := &jwt.Options{
		Issuer: "https://issuer.example", Audience: []string{"nope", "api"}, Subject: "alice", ID: "id-1",
		Type: "at+jwt", Required: []string{"scope", "exp", "iat"}, MaxAge: time.Hour, Now: clock(t0),
	}
	got, err := jwt.Verify[custom](ctx, []byte(tok), hs256(macKey), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got.Claims, c) {
		t.Errorf("Claims = %+v, want %+v", got.Claims, *c)
	}
	if !reflect.DeepEqual(got.Custom, cu) {
		t.Errorf("Custom = %+v, want %+v", got.Custom, cu)
	}
	if s := got.Signature(); s == nil || s.KeyID() != "k1" || s.Type() != "at+jwt" || s.Algorithm() != "HS256" {
		t.Errorf("Signature = %+v", s)
	}
	if got.Encryption() != nil {
		t.Error("Encryption() != nil for a signed JWT")
	}
	want := `{"iss":"https://issuer.example","sub":"alice","aud":["api","other"],"exp":1893557045,"nbf":1893553385,"iat":1893553385.5,"jti":"id-1","scope":"read write","roles":["r1"],"admin":true}`
	if string(got.Payload()) != want {
		t.Errorf("Payload =\n%s\nwant\n%s", got.Payload(), want)
	}
	if v, ok := got.Get("roles"); !ok || string(v) != `["r1"]` {
		t.Errorf(`Get("roles") = %s, %v`, v, ok)
	}
	if v, ok := got.Get("exp"); !ok || string(v) != `1893557045` {
		t.Errorf(`Get("exp") = %s, %v`, v, ok)
	}
	if v, ok := got.Get("Roles"); ok {
		t.Errorf(`Get("Roles") = %s, want absent`, v)
	}
	if names := got.Names(); !reflect.DeepEqual(names, []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "scope", "roles", "admin"}) {
		t.Errorf("Names = %q", names)
	}

	// The same token read without custom claims, and into a map.
	if _, err := jwt.Verify[struct{}](ctx, []byte(tok), hs256(macKey), opts); err != nil {
		t.Errorf("struct{}: %v", err)
	}
	m, err := jwt.Verify[map[string]any](ctx, []byte(tok), hs256(macKey), opts)
	if err != nil || m.Custom["scope"] != "read write" || m.Custom["iss"] != "https://issuer.example" {
		t.Errorf("map: %v, %v", m, err)
	}
}

func TestSingleAudience(t *testing.T) {
	for _, tt := range []struct {
		aud    jwt.Audience
		single bool
		want   string
	}{
		{jwt.Audience{"a"}, false, `{"aud":["a"]}`},
		{jwt.Audience{"a"}, true, `{"aud":"a"}`},
		{jwt.Audience{"a", "b"}, true, `{"aud":["a","b"]}`},
		{nil, true, `{}`},
	} {
		tok, err := jwt.Sign(t.Context(), &jwt.Claims{Audience: tt.aud}, nil, hs256(macKey), &jwt.SignOptions{SingleAudience: tt.single})
		if err != nil {
			t.Fatal(err)
		}
		got, err := jwt.Verify[struct{}](t.Context(), []byte(tok), hs256(macKey), &jwt.Options{IgnoreAudience: true})
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Payload()) != tt.want || !reflect.DeepEqual(got.Claims.Audience, tt.aud) {
			t.Errorf("%q single=%v: payload %s, aud %q", tt.aud, tt.single, got.Payload(), got.Claims.Audience)
		}
	}
}

// flip changes one bit of the segment i of a compact token.
func flip(tb testing.TB, tok string, i int) []byte {
	tb.Helper()
	p := strings.Split(tok, ".")
	b, err := base64.RawURLEncoding.DecodeString(p[i])
	if err != nil || len(b) == 0 {
		tb.Fatalf("segment %d: %v", i, err)
	}
	b[len(b)/2] ^= 0x10
	p[i] = base64.RawURLEncoding.EncodeToString(b)
	return []byte(strings.Join(p, "."))
}

// TestCryptoBeforeClaims checks that a token that fails cryptographically
// reports that failure, whatever is wrong with its claims.
func TestCryptoBeforeClaims(t *testing.T) {
	ctx := t.Context()
	expired := &jwt.Claims{Issuer: "mallory", Expiry: date(t, t0.Add(-time.Hour)), NotBefore: date(t, t0.Add(time.Hour))}
	signed, err := jwt.Sign(ctx, expired, nil, hs256(macKey), &jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{Type: "wrong"}}})
	if err != nil {
		t.Fatal(err)
	}
	strict := &jwt.Options{Now: clock(t0), Issuer: "trent", Audience: []string{"x"}, Required: []string{"nope"}, Type: "at+jwt"}

	// Sanity: with the right key the claims are what fails.
	if _, err := jwt.Verify[struct{}](ctx, []byte(signed), hs256(macKey), strict); !errors.Is(err, jwt.ErrValidation) {
		t.Fatalf("good signature: err = %v, want ErrValidation", err)
	}
	for name, tc := range map[string]struct {
		tok []byte
		v   jwa.Verifier
	}{
		"bad signature":   {flip(t, signed, 2), hs256(macKey)},
		"tampered claims": {flip(t, signed, 1), hs256(macKey)},
		"wrong key":       {[]byte(signed), hs256(otherKey)},
		"wrong alg":       {[]byte(signed), hs384(macKey)},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := jwt.Verify[struct{}](ctx, tc.tok, tc.v, strict)
			if !errors.Is(err, jwa.ErrVerification) || errors.Is(err, jwt.ErrValidation) || errors.Is(err, jwt.ErrMalformed) {
				t.Fatalf("err = %v, want only ErrVerification", err)
			}
		})
	}
	// Claims that are not even JSON, under a bad signature.
	junk := rawToken(t, `{"alg":"HS256"}`, `not json`, hs256(otherKey))
	if _, err := jwt.Verify[struct{}](ctx, junk, hs256(macKey), nil); !errors.Is(err, jwa.ErrVerification) || errors.Is(err, jwt.ErrMalformed) {
		t.Errorf("junk claims, bad signature: err = %v", err)
	}

	// Encrypted: a wrong key or a changed ciphertext is a decryption
	// failure, not an expiry.
	opts := encOpts()
	opts.Issuer = "trent"
	enc, err := jwt.Encrypt(ctx, expired, nil, testGCM{}, jwe.Recipient{KeyEncrypter: dirEncrypter(t, encKey)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jwt.Decrypt[struct{}](ctx, []byte(enc), dirDecrypter(t, encKey), opts); !errors.Is(err, jwt.ErrExpired) {
		t.Fatalf("right key: err = %v, want ErrExpired", err)
	}
	for name, tc := range map[string]struct {
		tok []byte
		key []byte
	}{
		"wrong key":  {[]byte(enc), encKey2},
		"ciphertext": {flip(t, enc, 3), encKey},
		"tag":        {flip(t, enc, 4), encKey},
		"iv":         {flip(t, enc, 2), encKey},
	} {
		t.Run("jwe/"+name, func(t *testing.T) {
			_, err := jwt.Decrypt[struct{}](ctx, tc.tok, dirDecrypter(t, tc.key), opts)
			if !errors.Is(err, jwa.ErrDecryption) || errors.Is(err, jwt.ErrValidation) {
				t.Fatalf("err = %v, want only ErrDecryption", err)
			}
		})
	}

	// Nested: the inner signature fails; the claims are never looked at.
	nested, err := jwt.SignEncrypt(ctx, expired, nil, hs256(otherKey), testGCM{}, jwe.Recipient{KeyEncrypter: dirEncrypter(t, encKey)}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jwt.DecryptVerify[struct{}](ctx, []byte(nested), dirDecrypter(t, encKey), hs256(macKey), opts); !errors.Is(err, jwa.ErrVerification) || errors.Is(err, jwt.ErrValidation) {
		t.Errorf("nested, bad inner signature: err = %v", err)
	}
}

func TestVerifyMalformed(t *testing.T) {
	ctx := t.Context()
	good, err := jwt.Sign(ctx, &jwt.Claims{Issuer: "joe"}, nil, hs256(macKey), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jwt.Verify[struct{}](ctx, []byte(good), hs256(macKey), nil); err != nil {
		t.Fatal(err)
	}
	flat, err := jws.SignFlattened(ctx, []byte(`{"iss":"joe"}`), hs256(macKey), nil)
	if err != nil {
		t.Fatal(err)
	}
	dot := strings.LastIndexByte(good, '.')
	tests := []struct {
		name string
		tok  []byte
		want error
	}{
		{"empty", nil, jws.ErrMalformed},
		{"no signature part", []byte(good[:dot]), jws.ErrMalformed},
		{"empty signature", []byte(good[:dot+1]), jwa.ErrVerification},
		{"truncated signature", []byte(good[:len(good)-3]), jwa.ErrVerification},
		{"signature of impossible length", []byte(good[:len(good)-2]), jws.ErrMalformed},
		{"extra part", []byte(good + ".x"), jws.ErrMalformed},
		{"flattened JSON", flat, jwt.ErrMalformed},
		{"JSON after spaces", append([]byte(" \n"), flat...), jwt.ErrMalformed},
		{"unsecured", rawToken(t, `{"alg":"none"}`, `{"iss":"joe"}`, nil), jwa.ErrVerification},
		{"payload not JSON", rawToken(t, `{"alg":"HS256"}`, `hello`, hs256(macKey)), jwt.ErrMalformed},
		{"payload empty", rawToken(t, `{"alg":"HS256"}`, ``, hs256(macKey)), jwt.ErrMalformed},
		{"payload array", rawToken(t, `{"alg":"HS256"}`, `[{"iss":"joe"}]`, hs256(macKey)), jwt.ErrMalformed},
		{"payload null", rawToken(t, `{"alg":"HS256"}`, `null`, hs256(macKey)), jwt.ErrMalformed},
		{"exp string", rawToken(t, `{"alg":"HS256"}`, `{"exp":"1893560645"}`, hs256(macKey)), jwt.ErrMalformed},
		{"duplicate claim", rawToken(t, `{"alg":"HS256"}`, `{"exp":1,"exp":1893560645}`, hs256(macKey)), jwt.ErrMalformed},
		{"case duplicate", rawToken(t, `{"alg":"HS256"}`, `{"scope":"a","SCOPE":"b"}`, hs256(macKey)), jwt.ErrMalformed},
		{"custom type mismatch", rawToken(t, `{"alg":"HS256"}`, `{"scope":1}`, hs256(macKey)), jwt.ErrMalformed},
		{"unencoded payload", rawToken(t, `{"alg":"HS256","b64":false,"crit":["b64"]}`, `{}`, nil), jwt.ErrMalformed},
		{"nested JWS", rawToken(t, `{"alg":"HS256","cty":"JWT"}`, `{}`, hs256(macKey)), jwt.ErrNesting},
		{"typ not a string", rawToken(t, `{"alg":"HS256","typ":1}`, `{}`, hs256(macKey)), jws.ErrMalformed},
		{"oversized", bytes.Repeat([]byte("a"), jwa.DefaultMaxTokenSize+1), jwa.ErrLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := tt.tok
			if tt.name == "unencoded payload" {
				// b64 false: the payload is signed as is, so sign by hand.
				e := base64.RawURLEncoding
				h := e.EncodeToString([]byte(`{"alg":"HS256","b64":false,"crit":["b64"]}`))
				sig, _ := hs256(macKey).Sign(ctx, []byte(h+".{}"))
				tok = []byte(h + ".{}." + e.EncodeToString(sig))
			}
			_, err := jwt.Verify[custom](ctx, tok, hs256(macKey), nil)
			wantErr(t, err, tt.want)
		})
	}
}

func TestOptionsChecked(t *testing.T) {
	for name, o := range map[string]*jwt.Options{
		"negative leeway":  {Leeway: -time.Second},
		"negative max age": {MaxAge: -time.Second},
		"detached":         {JWS: jws.VerifyOptions{DetachedPayload: []byte{}}},
		"both audiences":   {Audience: []string{"a"}, IgnoreAudience: true},
		"empty audience":   {Audience: []string{"a", ""}},
		"65 required":      {Required: make([]string, 65)},
	} {
		t.Run(name, func(t *testing.T) {
			// Options are checked before anything else: even a garbage
			// token reports them.
			_, err := jwt.Verify[struct{}](t.Context(), []byte("garbage"), hs256(macKey), o)
			wantErr(t, err, jwt.ErrInvalidOptions)
			_, err = jwt.Decrypt[struct{}](t.Context(), []byte("garbage"), dirDecrypter(t, encKey), o)
			wantErr(t, err, jwt.ErrInvalidOptions)
			_, err = jwt.InsecureParseUnsecured[struct{}]([]byte("garbage"), o)
			wantErr(t, err, jwt.ErrInvalidOptions)
		})
	}
}

func TestSignErrors(t *testing.T) {
	ctx := t.Context()
	s := hs256(macKey)
	tests := []struct {
		name   string
		c      *jwt.Claims
		custom any
		opts   *jwt.SignOptions
		want   error
	}{
		{"custom exp", nil, map[string]any{"exp": "tomorrow"}, nil, jwt.ErrInvalidClaims},
		{"custom aud", nil, struct {
			Aud int `json:"aud"`
		}{1}, nil, jwt.ErrInvalidClaims},
		{"custom case variant of a claim", &jwt.Claims{Issuer: "a"}, map[string]any{"ISS": "b"}, nil, jwt.ErrInvalidClaims},
		{"custom case variants", nil, map[string]any{"x": 1, "X": 2}, nil, jwt.ErrInvalidClaims},
		{"custom string", nil, "claims", nil, jwt.ErrInvalidClaims},
		{"custom array", nil, []string{"a"}, nil, jwt.ErrInvalidClaims},
		{"custom unmarshalable", nil, map[string]any{"c": make(chan int)}, nil, jwt.ErrInvalidClaims},
		{"invalid UTF-8", &jwt.Claims{Subject: "\xff"}, nil, nil, jwt.ErrInvalidClaims},
		{"custom invalid UTF-8", nil, map[string]any{"x": "a\xfeb"}, nil, jwt.ErrInvalidClaims},
		{"custom invalid UTF-8 in a name", nil, map[string]any{"\xfe": 1}, nil, jwt.ErrInvalidClaims},
		{"custom invalid UTF-8 nested", nil, map[string]any{"x": []any{map[string]string{"y": "\xc3"}}}, nil, jwt.ErrInvalidClaims},
		{"custom U+FFFD", nil, map[string]any{"x": "\ufffd"}, nil, nil},
		{"custom backslash before ufffd", nil, map[string]any{"x": `\ufffd`}, nil, nil},
		{"empty audience", &jwt.Claims{Audience: jwt.Audience{}}, nil, nil, jwt.ErrInvalidClaims},
		{"cty", nil, nil, &jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{ContentType: "JWT"}}}, jwt.ErrInvalidOptions},
		{"detached", nil, nil, &jwt.SignOptions{JWS: jws.SignOptions{Detached: true}}, jwt.ErrInvalidOptions},
		{"unencoded", nil, nil, &jwt.SignOptions{JWS: jws.SignOptions{Unencoded: true}}, jwt.ErrInvalidOptions},
		{"nil custom map", &jwt.Claims{Issuer: "a"}, map[string]any(nil), nil, nil},
		{"nil custom pointer", nil, (*custom)(nil), nil, nil},
		{"empty custom", nil, struct{}{}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jwt.Sign(ctx, tt.c, tt.custom, s, tt.opts)
			wantErr(t, err, tt.want)
			if tt.opts == nil {
				_, err = jwt.Encrypt(ctx, tt.c, tt.custom, testGCM{}, jwe.Recipient{KeyEncrypter: dirEncrypter(t, encKey)}, nil)
				wantErr(t, err, tt.want)
				_, err = jwt.InsecureMakeUnsecured(tt.c, tt.custom, nil)
				wantErr(t, err, tt.want)
			}
		})
	}
	r := jwe.Recipient{KeyEncrypter: dirEncrypter(t, encKey)}
	for name, o := range map[string]*jwt.EncryptOptions{
		"JSON": {JWE: jwe.EncryptOptions{Serialization: jwe.FlattenedJSON}},
		"AAD":  {JWE: jwe.EncryptOptions{AAD: []byte("x")}},
		"cty":  {JWE: jwe.EncryptOptions{ContentType: "JWT"}},
	} {
		if _, err := jwt.Encrypt(ctx, nil, nil, testGCM{}, r, o); !errors.Is(err, jwt.ErrInvalidOptions) {
			t.Errorf("Encrypt %s: err = %v", name, err)
		}
		if _, err := jwt.SignEncrypt(ctx, nil, nil, s, testGCM{}, r, nil, o); !errors.Is(err, jwt.ErrInvalidOptions) {
			t.Errorf("SignEncrypt %s: err = %v", name, err)
		}
	}
}

func TestEncryptDecrypt(t *testing.T) {
	ctx := t.Context()
	c := fullClaims(t)
	cu := custom{Scope: "s"}
	tok, err := jwt.Encrypt(ctx, c, cu, testGCM{}, jwe.Recipient{KeyEncrypter: dirEncrypter(t, encKey), KeyID: "e1"},
		&jwt.EncryptOptions{JWE: jwe.EncryptOptions{Type: "secret+jwt"}, SingleAudience: true})
	if err != nil {
		t.Fatal(err)
	}
	opts := encOpts()
	opts.Audience, opts.Type = []string{"api"}, "secret+jwt"
	got, err := jwt.Decrypt[custom](ctx, []byte(tok), dirDecrypter(t, encKey), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got.Claims, c) || got.Custom.Scope != "s" {
		t.Errorf("got %+v %+v", got.Claims, got.Custom)
	}
	if h := got.Encryption(); h == nil || h.KeyID != "e1" || h.Type != "secret+jwt" || h.ContentType != "" || got.Signature() != nil {
		t.Errorf("Encryption() = %+v, Signature() = %v", h, got.Signature())
	}

	// The enc allow-list is required and enforced.
	noEnc := *opts
	noEnc.JWE = jwe.DecryptOptions{}
	if _, err := jwt.Decrypt[custom](ctx, []byte(tok), dirDecrypter(t, encKey), &noEnc); !errors.Is(err, jwe.ErrInvalidOptions) {
		t.Errorf("no enc allowed: err = %v", err)
	}
	if _, err := jwt.Decrypt[custom](ctx, []byte(tok), dirDecrypter(t, encKey), nil); !errors.Is(err, jwe.ErrInvalidOptions) {
		t.Errorf("nil options: err = %v", err)
	}
	// A signed JWT is not a JWE, and the reverse.
	signed, _ := jwt.Sign(ctx, c, nil, hs256(macKey), nil)
	if _, err := jwt.Decrypt[custom](ctx, []byte(signed), dirDecrypter(t, encKey), opts); !errors.Is(err, jwe.ErrMalformed) {
		t.Errorf("Decrypt(JWS): err = %v", err)
	}
	if _, err := jwt.Verify[custom](ctx, []byte(tok), hs256(macKey), nil); !errors.Is(err, jws.ErrMalformed) {
		t.Errorf("Verify(JWE): err = %v", err)
	}
	// A nested JWT needs DecryptVerify.
	nested, err := jwt.SignEncrypt(ctx, c, nil, hs256(macKey), testGCM{}, jwe.Recipient{KeyEncrypter: dirEncrypter(t, encKey)}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jwt.Decrypt[custom](ctx, []byte(nested), dirDecrypter(t, encKey), opts); !errors.Is(err, jwt.ErrNesting) {
		t.Errorf("Decrypt(nested): err = %v", err)
	}
}

// jweOf encrypts plaintext with "dir" and A128GCM under the given header
// values.
func jweOf(tb testing.TB, plaintext []byte, cty, typ string) []byte {
	tb.Helper()
	tok, err := jwe.Encrypt(context.Background(), plaintext, testGCM{}, []jwe.Recipient{{KeyEncrypter: dirEncrypter(tb, encKey)}},
		&jwe.EncryptOptions{ContentType: cty, Type: typ})
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

func TestNested(t *testing.T) {
	ctx := t.Context()
	c := fullClaims(t)
	tok, err := jwt.SignEncrypt(ctx, c, custom{Scope: "n"}, hs256(macKey), testGCM{}, jwe.Recipient{KeyEncrypter: dirEncrypter(t, encKey)},
		&jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{Type: "at+jwt", KeyID: "sig"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := encOpts()
	opts.Audience, opts.Type = []string{"other"}, "at+jwt"
	got, err := jwt.DecryptVerify[custom](ctx, []byte(tok), dirDecrypter(t, encKey), hs256(macKey), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got.Claims, c) || got.Custom.Scope != "n" {
		t.Errorf("got %+v %+v", got.Claims, got.Custom)
	}
	if got.Signature().KeyID() != "sig" || got.Encryption().ContentType != "JWT" {
		t.Errorf("layers: %v %v", got.Signature(), got.Encryption())
	}
	// Each layer has its own key: swapping them fails.
	if _, err := jwt.DecryptVerify[custom](ctx, []byte(tok), dirDecrypter(t, encKey2), hs256(macKey), opts); !errors.Is(err, jwa.ErrDecryption) {
		t.Errorf("wrong decryption key: err = %v", err)
	}
	if _, err := jwt.DecryptVerify[custom](ctx, []byte(tok), dirDecrypter(t, encKey), hs256(otherKey), opts); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("wrong verification key: err = %v", err)
	}
	// Each layer has its own policy: the enc allow-list and the JWS limits.
	small := *opts
	small.JWS.Limits.MaxTokenSize = 50
	if _, err := jwt.DecryptVerify[custom](ctx, []byte(tok), dirDecrypter(t, encKey), hs256(macKey), &small); !errors.Is(err, jwa.ErrLimit) {
		t.Errorf("inner limit: err = %v", err)
	}

	signed, err := jwt.Sign(ctx, c, nil, hs256(macKey), &jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{Type: "at+jwt"}}})
	if err != nil {
		t.Fatal(err)
	}
	unsecured, err := jwt.InsecureMakeUnsecured(c, nil, &jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{Type: "at+jwt"}}})
	if err != nil {
		t.Fatal(err)
	}
	claimsJSON := []byte(`{"aud":"other"}`)
	tests := []struct {
		name string
		tok  []byte
		want error
	}{
		{"cty jwt", jweOf(t, []byte(signed), "jwt", ""), nil},
		{"cty application/JWT", jweOf(t, []byte(signed), "application/JWT", ""), nil},
		{"outer typ JWT", jweOf(t, []byte(signed), "JWT", "JWT"), nil},
		{"outer typ as inner", jweOf(t, []byte(signed), "JWT", "application/at+jwt"), nil},
		{"outer typ other", jweOf(t, []byte(signed), "JWT", "foo"), jwt.ErrType},
		{"no cty", jweOf(t, []byte(signed), "", ""), jwt.ErrNesting},
		{"cty other", jweOf(t, []byte(signed), "text/plain", ""), jwt.ErrNesting},
		{"inner unsecured", jweOf(t, []byte(unsecured), "JWT", ""), jwa.ErrVerification},
		{"inner claims", jweOf(t, claimsJSON, "JWT", ""), jwt.ErrNesting},
		{"inner JWE", jweOf(t, jweOf(t, []byte(signed), "JWT", ""), "JWT", ""), jwt.ErrNesting},
		{"inner JSON JWS", jweOf(t, mustFlattened(t, []byte(`{}`)), "JWT", ""), jwt.ErrNesting},
		{"not nested", jweOf(t, claimsJSON, "", ""), jwt.ErrNesting},
		{"signed only", []byte(signed), jwe.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jwt.DecryptVerify[custom](ctx, tt.tok, dirDecrypter(t, encKey), hs256(macKey), opts)
			wantErr(t, err, tt.want)
		})
	}
}

func mustFlattened(tb testing.TB, payload []byte) []byte {
	tok, err := jws.SignFlattened(context.Background(), payload, hs256(macKey), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

func TestUnsecured(t *testing.T) {
	c := &jwt.Claims{Issuer: "joe", Expiry: date(t, t0.Add(time.Second))}
	tok, err := jwt.InsecureMakeUnsecured(c, map[string]bool{"http://example.com/is_root": true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "eyJhbGciOiJub25lIn0."; !strings.HasPrefix(tok, want) || !strings.HasSuffix(tok, ".") {
		t.Errorf("token %s: want header %s and an empty signature", tok, want)
	}
	got, err := jwt.InsecureParseUnsecured[map[string]any]([]byte(tok), &jwt.Options{Now: clock(t0)})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got.Claims, c) || got.Custom["http://example.com/is_root"] != true || got.Signature() != nil || got.Encryption() != nil {
		t.Errorf("got %+v, %v", got.Claims, got.Custom)
	}
	// The claims rules apply.
	if _, err := jwt.InsecureParseUnsecured[struct{}]([]byte(tok), &jwt.Options{Now: clock(t0.Add(time.Second))}); !errors.Is(err, jwt.ErrExpired) {
		t.Errorf("expired: err = %v", err)
	}
	// Verification never accepts it.
	if _, err := jwt.Verify[struct{}](t.Context(), []byte(tok), hs256(macKey), &jwt.Options{Now: clock(t0)}); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("Verify(unsecured): err = %v", err)
	}
	typed, err := jwt.InsecureMakeUnsecured(nil, nil, &jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{Type: "x+jwt", KeyID: "k"}}})
	if err != nil {
		t.Fatal(err)
	}
	if tt, err := jwt.InsecureParseUnsecured[struct{}]([]byte(typed), &jwt.Options{Type: "x+jwt"}); err != nil || string(tt.Payload()) != "{}" {
		t.Errorf("typed: %v", err)
	}
	if _, err := jwt.InsecureMakeUnsecured(nil, nil, &jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{Protected: map[string]any{"x": 1}}}}); !errors.Is(err, jwt.ErrInvalidOptions) {
		t.Errorf("extra header: err = %v", err)
	}

	signed, _ := jwt.Sign(t.Context(), c, nil, hs256(macKey), nil)
	tests := []struct {
		name string
		tok  []byte
		want error
	}{
		{"signed", []byte(signed), jwt.ErrUnsecured},
		{"alg None", rawToken(t, `{"alg":"None"}`, `{}`, nil), jwt.ErrUnsecured},
		{"alg HS256 without signature", rawToken(t, `{"alg":"HS256"}`, `{}`, nil), jwt.ErrUnsecured},
		{"signature present", []byte(string(rawToken(t, `{"alg":"none"}`, `{}`, nil)) + "AAAA"), jwt.ErrUnsecured},
		{"crit", rawToken(t, `{"alg":"none","crit":["x"],"x":1}`, `{}`, nil), jwt.ErrUnsecured},
		{"no alg", rawToken(t, `{"typ":"JWT"}`, `{}`, nil), jwt.ErrMalformed},
		{"alg not a string", rawToken(t, `{"alg":null}`, `{}`, nil), jwt.ErrMalformed},
		{"duplicate alg", rawToken(t, `{"alg":"none","alg":"none"}`, `{}`, nil), jwt.ErrMalformed},
		{"header not JSON", rawToken(t, `alg`, `{}`, nil), jwt.ErrMalformed},
		{"bad base64", []byte("eyJhbGciOiJub25lIn0.e30=."), jwt.ErrMalformed},
		{"two parts", []byte("eyJhbGciOiJub25lIn0.e30"), jwt.ErrMalformed},
		{"four parts", []byte("eyJhbGciOiJub25lIn0.e30.."), jwt.ErrMalformed},
		{"nested", rawToken(t, `{"alg":"none","cty":"JWT"}`, `{}`, nil), jwt.ErrNesting},
		{"typ other", rawToken(t, `{"alg":"none","typ":"foo"}`, `{}`, nil), jwt.ErrType},
		{"claims malformed", rawToken(t, `{"alg":"none"}`, `{"iat":"now"}`, nil), jwt.ErrMalformed},
		{"oversized", bytes.Repeat([]byte("."), jwa.DefaultMaxTokenSize+1), jwa.ErrLimit},
		{"ok", rawToken(t, `{"alg":"none"}`, `{}`, nil), nil},
		{"ok with spaces", []byte(" " + string(rawToken(t, `{"alg":"none"}`, `{}`, nil)) + "\n"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := jwt.InsecureParseUnsecured[struct{}](tt.tok, &jwt.Options{Now: clock(t0)})
			wantErr(t, err, tt.want)
		})
	}
}

func TestCheckHook(t *testing.T) {
	tok, err := jwt.Sign(t.Context(), &jwt.Claims{Subject: "bob"}, custom{Scope: "read"}, hs256(macKey), nil)
	if err != nil {
		t.Fatal(err)
	}
	errScope := errors.New("scope write required")
	var calls int
	opts := &jwt.Options{Check: func(c *jwt.Claims, cu any) error {
		calls++
		if c.Subject != "bob" {
			return errors.New("claims not passed")
		}
		if cu.(*custom).Scope != "write" {
			return errScope
		}
		return nil
	}}
	_, err = jwt.Verify[custom](t.Context(), []byte(tok), hs256(macKey), opts)
	if !errors.Is(err, jwt.ErrCheck) || !errors.Is(err, errScope) || !errors.Is(err, jwt.ErrValidation) {
		t.Errorf("err = %v, want ErrCheck and the check's error", err)
	}
	// The hook does not run when another rule failed first.
	opts.Subject = "carol"
	if _, err := jwt.Verify[custom](t.Context(), []byte(tok), hs256(macKey), opts); !errors.Is(err, jwt.ErrSubject) || calls != 1 {
		t.Errorf("err = %v, calls %d", err, calls)
	}
}

func TestTokenJSONUnaffectedByEmbedding(t *testing.T) {
	// Claims fields are tagged "-": embedding Claims in a custom type does
	// not smuggle them into or out of the JSON.
	type embedded struct {
		jwt.Claims
		Scope string `json:"scope"`
	}
	b, err := json.Marshal(embedded{Claims: jwt.Claims{Issuer: "x"}, Scope: "s"})
	if err != nil || string(b) != `{"scope":"s"}` {
		t.Errorf("json.Marshal = %s, %v", b, err)
	}
}

func TestVerifyKeys(t *testing.T) {
	ctx := t.Context()
	k1, err := jwk.New(otherKey)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := jwk.New(macKey)
	if err != nil {
		t.Fatal(err)
	}
	set := &jwk.Set{Keys: []*jwk.Key{k1, k2}}
	algs := []jwa.SignatureAlgorithm{testHMACAlg{}}
	tok, err := jwt.Sign(ctx, &jwt.Claims{Subject: "s", Expiry: date(t, t0.Add(-time.Second))}, nil, hs256(macKey), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := jwt.VerifyKeys[struct{}](ctx, []byte(tok), set, algs, &jwt.Options{Now: clock(t0.Add(-time.Minute))})
	if err != nil || got.Claims.Subject != "s" {
		t.Fatalf("VerifyKeys = %v, %v", got, err)
	}
	if _, err := jwt.VerifyKeys[struct{}](ctx, []byte(tok), set, algs, &jwt.Options{Now: clock(t0)}); !errors.Is(err, jwt.ErrExpired) {
		t.Errorf("expired: err = %v", err)
	}
	// No key verifies: the signature failure wins over the expiry.
	only1 := &jwk.Set{Keys: []*jwk.Key{k1}}
	if _, err := jwt.VerifyKeys[struct{}](ctx, []byte(tok), only1, algs, &jwt.Options{Now: clock(t0)}); !errors.Is(err, jwa.ErrVerification) || errors.Is(err, jwt.ErrValidation) {
		t.Errorf("wrong keys: err = %v", err)
	}
	if got, err := jwt.VerifyKeys[struct{}](ctx, []byte(tok), set, nil, nil); err == nil || got != nil {
		t.Errorf("no algorithm allowed: %v, %v", got, err)
	}
	flat := mustFlattened(t, []byte(`{}`))
	if _, err := jwt.VerifyKeys[struct{}](ctx, flat, set, algs, nil); !errors.Is(err, jwt.ErrMalformed) {
		t.Errorf("JSON serialization: err = %v", err)
	}
}
