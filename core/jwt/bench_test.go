package jwt_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"testing"
	"time"

	"github.com/joseframework/jose/core/jwt"
)

// The benchmarks measure; they assert nothing about time.

func benchToken(b *testing.B) []byte {
	exp, _ := jwt.NewNumericDate(time.Now().Add(time.Hour))
	iat, _ := jwt.NewNumericDate(time.Now())
	tok, err := jwt.Sign(context.Background(), &jwt.Claims{
		Issuer: "https://issuer.example", Subject: "1234567890", Audience: jwt.Audience{"api"},
		Expiry: &exp, IssuedAt: &iat,
	}, nil, hs256(macKey), nil)
	if err != nil {
		b.Fatal(err)
	}
	return []byte(tok)
}

// BenchmarkHS256Floor is the raw primitive: one HMAC-SHA-256 over the
// signing input and a constant-time compare, after base64url decoding the
// signature.
func BenchmarkHS256Floor(b *testing.B) {
	tok := benchToken(b)
	dot := 0
	for i := len(tok) - 1; i >= 0; i-- {
		if tok[i] == '.' {
			dot = i
			break
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		sig, _ := base64.RawURLEncoding.DecodeString(string(tok[dot+1:]))
		m := hmac.New(sha256.New, macKey)
		m.Write(tok[:dot])
		if !hmac.Equal(m.Sum(nil), sig) {
			b.Fatal("bad MAC")
		}
	}
}

func BenchmarkVerifyHS256(b *testing.B) {
	tok := benchToken(b)
	v := hs256(macKey)
	ctx := context.Background()
	opts := &jwt.Options{Issuer: "https://issuer.example", Audience: []string{"api"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jwt.Verify[struct{}](ctx, tok, v, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyHS256Custom(b *testing.B) {
	tok := benchToken(b)
	v := hs256(macKey)
	ctx := context.Background()
	opts := &jwt.Options{Issuer: "https://issuer.example", Audience: []string{"api"}}
	type claims struct {
		Sub string `json:"sub"`
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jwt.Verify[claims](ctx, tok, v, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignHS256(b *testing.B) {
	exp, _ := jwt.NewNumericDate(time.Now().Add(time.Hour))
	c := &jwt.Claims{Issuer: "https://issuer.example", Subject: "1234567890", Audience: jwt.Audience{"api"}, Expiry: &exp}
	s := hs256(macKey)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jwt.Sign(ctx, c, nil, s, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// benchClaims is the claims set of the bench module's JWT workloads.
const benchClaims = `{"iss":"https://auth.example.com","sub":"user-8a3f2c1e","aud":"https://api.example.com","exp":4102444800,"nbf":1700000000,"iat":1700000000,"jti":"c4e2b8a6-1f3d-4b5c-9e7a-2d8f0b6c4a1e","scope":"orders:read orders:write","roles":["admin","billing"],"tenant":"acme"}`

// BenchmarkClaims is the claims work of a Verify alone, on an unsecured
// token holding benchClaims, decoded into a struct of its custom claims.
func BenchmarkClaims(b *testing.B) {
	tok := []byte(base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." +
		base64.RawURLEncoding.EncodeToString([]byte(benchClaims)) + ".")
	type custom struct {
		Scope  string   `json:"scope"`
		Roles  []string `json:"roles"`
		Tenant string   `json:"tenant"`
	}
	opts := &jwt.Options{Issuer: "https://auth.example.com", Audience: []string{"https://api.example.com"},
		Now: func() time.Time { return time.Unix(1800000000, 0) }}
	b.ReportAllocs()
	for b.Loop() {
		t, err := jwt.InsecureParseUnsecured[custom](tok, opts)
		if err != nil || t.Custom.Tenant != "acme" {
			b.Fatal(err)
		}
	}
}
