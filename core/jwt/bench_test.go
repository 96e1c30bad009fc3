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
