package jwt_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
)

// The examples use the test-only HS256 of this package's tests; a program
// takes its Signer and Verifier from an algorithm module, for example
// hmac.HS256().NewSigner(key) from github.com/joseframework/jose/algs/hmac.

type accessClaims struct {
	Scope string `json:"scope"`
}

func Example() {
	ctx := context.Background()
	issued := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	iat, _ := jwt.NewNumericDate(issued)
	exp, _ := jwt.NewNumericDate(issued.Add(time.Hour))

	token, err := jwt.Sign(ctx, &jwt.Claims{
		Issuer:   "https://issuer.example",
		Subject:  "alice",
		Audience: jwt.Audience{"https://api.example"},
		IssuedAt: &iat,
		Expiry:   &exp,
	}, accessClaims{Scope: "read"}, hs256(macKey), &jwt.SignOptions{
		JWS: jws.SignOptions{Header: jws.Header{Type: "at+jwt"}},
	})
	if err != nil {
		log.Fatal(err)
	}

	t, err := jwt.Verify[accessClaims](ctx, []byte(token), hs256(macKey), &jwt.Options{
		Issuer:   "https://issuer.example",
		Audience: []string{"https://api.example"},
		Type:     "at+jwt",
		Now:      func() time.Time { return issued.Add(time.Minute) },
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Claims.Subject, t.Custom.Scope, t.Claims.Expiry)

	// An hour later the same token has expired.
	_, err = jwt.Verify[accessClaims](ctx, []byte(token), hs256(macKey), &jwt.Options{
		Issuer:   "https://issuer.example",
		Audience: []string{"https://api.example"},
		Type:     "at+jwt",
		Now:      func() time.Time { return issued.Add(time.Hour) },
	})
	fmt.Println(errors.Is(err, jwt.ErrExpired))
	// Output:
	// alice read 2030-01-02T04:04:05Z
	// true
}

// A claim failure is reported only for an authentic token: with the wrong
// key, an expired token reports the signature failure.
func Example_signatureBeforeClaims() {
	ctx := context.Background()
	exp, _ := jwt.NewNumericDate(time.Unix(1300819380, 0))
	token, _ := jwt.Sign(ctx, &jwt.Claims{Expiry: &exp}, nil, hs256(macKey), nil)

	_, err := jwt.Verify[struct{}](ctx, []byte(token), hs256(otherKey), nil)
	fmt.Println(err)
	_, err = jwt.Verify[struct{}](ctx, []byte(token), hs256(macKey), nil)
	fmt.Println(errors.Is(err, jwt.ErrExpired), errors.Is(err, jwt.ErrValidation))
	// Output:
	// jwt: jws: invalid signature: jwa: verification failed
	// true true
}

func ExampleInsecureParseUnsecured() {
	// RFC 7519, Section 6.1.
	token := "eyJhbGciOiJub25lIn0" +
		".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
	t, err := jwt.InsecureParseUnsecured[struct {
		Root bool `json:"http://example.com/is_root"`
	}]([]byte(token), &jwt.Options{Now: func() time.Time { return time.Unix(1300819379, 0) }})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Claims.Issuer, t.Claims.Expiry, t.Custom.Root)
	// Output: joe 2011-03-22T18:43:00Z true
}
