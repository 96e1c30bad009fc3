package ecdsa_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"

	joseecdsa "github.com/joseframework/jose/algs/ecdsa"
)

// The examples in this file back the code blocks of docs/getting-started.md;
// cmd/jose/docs_blocks_test.go keeps the page equal to their bodies.

// Sign a JWT with ES256 and verify it with the public key alone.
func Example_jwt() {
	ctx := context.Background()
	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

	// The issuer holds the private key. jwk.Generate uses crypto/rand.
	priv, err := jwk.Generate("EC", jwk.GenerateOptions{Algorithm: "ES256", KeyID: "2030-01"})
	if err != nil {
		log.Fatal(err)
	}
	signer, err := joseecdsa.ES256().NewSigner(priv.Key())
	if err != nil {
		log.Fatal(err)
	}
	exp, _ := jwt.NewNumericDate(now.Add(10 * time.Minute))
	token, err := jwt.Sign(ctx, &jwt.Claims{
		Issuer:   "https://issuer.example",
		Subject:  "alice",
		Audience: jwt.Audience{"https://api.example"},
		Expiry:   &exp,
	}, nil, signer, &jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{KeyID: priv.KeyID()}}})
	if err != nil {
		log.Fatal(err)
	}

	// The recipient needs only the public key.
	pub, err := priv.Public()
	if err != nil {
		log.Fatal(err)
	}
	verifier, err := joseecdsa.ES256().NewVerifier(pub.Key())
	if err != nil {
		log.Fatal(err)
	}
	t, err := jwt.Verify[struct{}](ctx, []byte(token), verifier, &jwt.Options{
		Issuer:   "https://issuer.example",
		Audience: []string{"https://api.example"},
		Now:      func() time.Time { return now },
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Claims.Subject, t.Signature().Algorithm(), t.Signature().KeyID())
	// Output: alice ES256 2030-01
}

// Verify tokens against a JWK Set, accepting only the algorithms listed.
func Example_keySet() {
	ctx := context.Background()

	// The issuer signs with one of two keys and publishes their public
	// halves as a JWK Set.
	k1, _ := jwk.Generate("EC", jwk.GenerateOptions{Algorithm: "ES256", KeyID: "k1"})
	k2, _ := jwk.Generate("EC", jwk.GenerateOptions{Curve: jwk.CurveP384, KeyID: "k2"})
	pub1, _ := k1.Public()
	pub2, _ := k2.Public()
	published, err := json.Marshal(&jwk.Set{Keys: []*jwk.Key{pub1, pub2}})
	if err != nil {
		log.Fatal(err)
	}

	signer, _ := joseecdsa.ES256().NewSigner(k1.Key())
	token, _ := jwt.Sign(ctx, &jwt.Claims{Subject: "alice"}, nil, signer,
		&jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{KeyID: "k1"}}})

	// The verifier parses the set and chooses the algorithms it accepts;
	// the token's "kid" only picks a key among those that suit them.
	set, err := jwk.ParseSet(published)
	if err != nil {
		log.Fatal(err)
	}
	allowed := []jwa.SignatureAlgorithm{joseecdsa.ES256()}
	t, err := jwt.VerifyKeys[struct{}](ctx, []byte(token), set, allowed, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Claims.Subject, t.Signature().KeyID())

	// A token signed with ES384 by the other key of the set is refused:
	// ES384 is not in the allow-list.
	signer384, _ := joseecdsa.ES384().NewSigner(k2.Key())
	other, _ := jwt.Sign(ctx, &jwt.Claims{Subject: "mallory"}, nil, signer384,
		&jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{KeyID: "k2"}}})
	_, err = jwt.VerifyKeys[struct{}](ctx, []byte(other), set, allowed, nil)
	fmt.Println(err)
	fmt.Println(errors.Is(err, jwa.ErrVerification))
	// Output:
	// alice k1
	// jwt: jws: token uses "ES384", allowed algorithms are "ES256"
	// true
}
