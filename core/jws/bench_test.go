package jws_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"testing"

	"github.com/joseframework/jose/core/jws"
)

var benchToken, _ = jws.Sign(context.Background(), []byte(`{"sub":"1234567890","name":"John Doe","iat":1516239022}`), newHS256(keyA), &jws.SignOptions{Header: jws.Header{Type: "JWT", KeyID: "k1"}})

// BenchmarkVerifyCompactHS256 measures Verify on a typical JWT-sized
// compact HS256 token; BenchmarkFloorHS256 is the raw work (split,
// base64url, HMAC) for comparison.
func BenchmarkVerifyCompactHS256(b *testing.B) {
	tok := []byte(benchToken)
	v := newHS256(keyA)
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jws.Verify(ctx, tok, v, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFloorHS256(b *testing.B) {
	tok := []byte(benchToken)
	b.ReportAllocs()
	for b.Loop() {
		i := bytes.LastIndexByte(tok, '.')
		sig, err := base64.RawURLEncoding.DecodeString(string(tok[i+1:]))
		if err != nil {
			b.Fatal(err)
		}
		j := bytes.IndexByte(tok, '.')
		if _, err := base64.RawURLEncoding.DecodeString(string(tok[j+1 : i])); err != nil {
			b.Fatal(err)
		}
		m := hmac.New(sha256.New, keyA)
		m.Write(tok[:i])
		if !hmac.Equal(m.Sum(nil), sig) {
			b.Fatal("bad MAC")
		}
	}
}
