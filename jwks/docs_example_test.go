package jwks_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/joseframework/jose/algs/ecdsa"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
	"github.com/joseframework/jose/jwks"
)

// The example in this file backs a code block of docs/getting-started.md;
// cmd/jose/docs_blocks_test.go keeps the page equal to its body.

// startProvider plays an OpenID provider for the example: a loopback TLS
// server publishing the JWK Set of one ES256 key, and a token signed with
// that key. It returns the set's URL, an HTTP client that trusts the
// server's certificate, the token, and a function that stops the server.
func startProvider() (jwksURI string, client *http.Client, token string, stop func()) {
	priv, err := jwk.Generate("EC", jwk.GenerateOptions{Algorithm: "ES256", KeyID: "2030-01"})
	if err != nil {
		log.Fatal(err)
	}
	pub, err := priv.Public()
	if err != nil {
		log.Fatal(err)
	}
	set, err := json.Marshal(&jwk.Set{Keys: []*jwk.Key{pub}})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Header().Set("Cache-Control", "max-age=3600")
		w.Write(set)
	}))

	signer, err := ecdsa.ES256().NewSigner(priv.Key())
	if err != nil {
		log.Fatal(err)
	}
	exp, _ := jwt.NewNumericDate(time.Now().Add(time.Hour))
	token, err = jwt.Sign(context.Background(), &jwt.Claims{
		Issuer:   "https://issuer.example",
		Subject:  "alice",
		Audience: jwt.Audience{"https://api.example"},
		Expiry:   &exp,
	}, nil, signer, &jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{KeyID: pub.KeyID()}}})
	if err != nil {
		log.Fatal(err)
	}
	return srv.URL + "/.well-known/jwks.json", srv.Client(), token, srv.Close
}

// Verify tokens with the keys an OpenID provider publishes at its
// "jwks_uri". In production the URL comes from the provider's
// configuration and the Options can stay nil; here the client only serves
// to trust the test server's certificate.
func ExampleNew() {
	ctx := context.Background()
	jwksURI, client, token, stop := startProvider()
	defer stop()

	src, err := jwks.New(jwksURI, &jwks.Options{Client: client})
	if err != nil {
		log.Fatal(err)
	}
	// Optional: fetch once at start-up, to fail early when the provider
	// cannot be reached. Otherwise the first lookup fetches the set.
	if err := src.Refresh(ctx); err != nil {
		log.Fatal(err)
	}

	t, err := jwt.VerifyKeys[struct{}](ctx, []byte(token), src,
		[]jwa.SignatureAlgorithm{ecdsa.ES256()}, &jwt.Options{
			Issuer:   "https://issuer.example",
			Audience: []string{"https://api.example"},
		})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Claims.Subject, t.Signature().KeyID())

	st := src.Status()
	fmt.Println(st.Keys, st.Expires.Sub(st.Fetched), st.LastError)
	// Output:
	// alice 2030-01
	// 1 1h0m0s <nil>
}
