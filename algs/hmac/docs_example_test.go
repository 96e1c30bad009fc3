package hmac_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/joseframework/jose/algs/hmac"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
)

// The examples in this file back code blocks of docs/getting-started.md and
// docs/architecture.md; cmd/jose/docs_blocks_test.go keeps the pages equal
// to their bodies.

// scopeClaims are the custom claims of the example: every claim that is not
// a registered one.
type scopeClaims struct {
	Scope string `json:"scope"`
}

// Issue an HS256 access token with custom claims and an explicit type,
// then read it back under the recipient's rules.
func Example_accessToken() {
	ctx := context.Background()
	key := make([]byte, 32) // HS256 needs at least 32 bytes
	if _, err := rand.Read(key); err != nil {
		log.Fatal(err)
	}
	signer, err := hmac.HS256().NewSigner(key)
	if err != nil {
		log.Fatal(err)
	}
	verifier, err := hmac.HS256().NewVerifier(key)
	if err != nil {
		log.Fatal(err)
	}

	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	iat, _ := jwt.NewNumericDate(now)
	exp, _ := jwt.NewNumericDate(now.Add(time.Hour))
	token, err := jwt.Sign(ctx, &jwt.Claims{
		Issuer:   "https://issuer.example",
		Subject:  "alice",
		Audience: jwt.Audience{"https://api.example"},
		IssuedAt: &iat,
		Expiry:   &exp,
	}, scopeClaims{Scope: "read"}, signer, &jwt.SignOptions{
		JWS: jws.SignOptions{Header: jws.Header{Type: "at+jwt"}},
	})
	if err != nil {
		log.Fatal(err)
	}

	opts := &jwt.Options{
		Issuer:   "https://issuer.example",
		Audience: []string{"https://api.example"},
		Type:     "at+jwt",
		Now:      func() time.Time { return now.Add(time.Minute) },
	}
	t, err := jwt.Verify[scopeClaims](ctx, []byte(token), verifier, opts)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Claims.Subject, t.Custom.Scope, t.Claims.Expiry)

	// Two hours later the same token has expired.
	opts.Now = func() time.Time { return now.Add(2 * time.Hour) }
	_, err = jwt.Verify[scopeClaims](ctx, []byte(token), verifier, opts)
	fmt.Println(errors.Is(err, jwt.ErrExpired), errors.Is(err, jwt.ErrValidation))
	// Output:
	// alice read 2030-01-02T04:04:05Z
	// true true
}

// A Verifier accepts only its own algorithm: a token whose header names
// another one is refused before any MAC is computed, even when the key is
// the same.
func Example_tokenNeverPicksTheCode() {
	ctx := context.Background()
	key := make([]byte, 64) // long enough for HS512, and so for HS256
	rand.Read(key)
	hs512, _ := hmac.HS512().NewSigner(key)
	token, _ := jws.Sign(ctx, []byte("hello"), hs512, nil)

	hs256, _ := hmac.HS256().NewVerifier(key)
	_, err := jws.Verify(ctx, []byte(token), hs256, nil)
	fmt.Println(err)

	var algErr *jws.AlgorithmError
	fmt.Println(errors.As(err, &algErr), algErr.Token, errors.Is(err, jwa.ErrVerification))
	// Output:
	// jws: token uses "HS512", verifier accepts only "HS256"
	// true HS512 true
}

// Limits bound every token before it is split or decoded; zero fields
// take the defaults of jwa.DefaultLimits.
func Example_limits() {
	ctx := context.Background()
	key := []byte("a 256-bit secret, 32 bytes long!")
	signer, _ := hmac.HS256().NewSigner(key)
	verifier, _ := hmac.HS256().NewVerifier(key)
	token, _ := jws.Sign(ctx, []byte(strings.Repeat("x", 10_000)), signer, nil)

	opts := &jws.VerifyOptions{Limits: jwa.Limits{MaxTokenSize: 8 << 10}}
	_, err := jws.Verify(ctx, []byte(token), verifier, opts)
	fmt.Println(errors.Is(err, jws.ErrTooLarge), errors.Is(err, jwa.ErrLimit))

	_, err = jws.Verify(ctx, []byte(token), verifier, nil) // default: 1 MiB
	fmt.Println(err)
	// Output:
	// true true
	// <nil>
}
