package jws_test

import (
	"context"
	"fmt"
	"log"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
)

// The examples use the test algorithms of this package's tests, because
// core may not import the algorithm modules. A program takes its Signer
// and Verifier from one instead, for example:
//
//	signer, err := hmac.HS256().NewSigner(key)
//	verifier, err := hmac.HS256().NewVerifier(key)
var (
	exampleKey = []byte("an example key of 32 bytes, ok!!")
	hs256      = newHS256(exampleKey) // a jwa.Signer and jwa.Verifier
)

func ExampleSign() {
	token, err := jws.Sign(context.Background(), []byte(`{"sub":"alice"}`), hs256, &jws.SignOptions{
		Header: jws.Header{KeyID: "2024-01", Type: "JWT"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(token)
	// Output: eyJhbGciOiJIUzI1NiIsImtpZCI6IjIwMjQtMDEiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiJhbGljZSJ9.zi5aE_oiJlgqGFHf6UAqrVbiourVOhQ41zEhh0vniAc
}

func ExampleVerify() {
	token := []byte("eyJhbGciOiJIUzI1NiIsImtpZCI6IjIwMjQtMDEiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiJhbGljZSJ9.zi5aE_oiJlgqGFHf6UAqrVbiourVOhQ41zEhh0vniAc")
	msg, err := jws.Verify(context.Background(), token, hs256, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (kid %s)\n", msg.Payload(), msg.Signature().KeyID())

	// A token for another algorithm is refused before any cryptography.
	other := []byte("eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.")
	_, err = jws.Verify(context.Background(), other, hs256, nil)
	fmt.Println(err)
	// Output:
	// {"sub":"alice"} (kid 2024-01)
	// jws: token uses "none", verifier accepts only "HS256"
}

func ExampleVerifyKeys() {
	set, err := jwk.ParseSet([]byte(`{"keys":[
		{"kty":"oct","kid":"2023-12","alg":"HS256","k":"b2xkIGtleSBvZiB0aGlydHktdHdvIGJ5dGVzLCBvayEhIQ"},
		{"kty":"oct","kid":"2024-01","alg":"HS256","k":"YW4gZXhhbXBsZSBrZXkgb2YgMzIgYnl0ZXMsIG9rISE"}
	]}`))
	if err != nil {
		log.Fatal(err)
	}
	token := []byte("eyJhbGciOiJIUzI1NiIsImtpZCI6IjIwMjQtMDEiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiJhbGljZSJ9.zi5aE_oiJlgqGFHf6UAqrVbiourVOhQ41zEhh0vniAc")

	// The allow-list is given as algorithm values, never taken from the
	// token; a program passes e.g. []jwa.SignatureAlgorithm{hmac.HS256()}.
	allowed := []jwa.SignatureAlgorithm{testHS256Alg{}}
	msg, err := jws.VerifyKeys(context.Background(), token, set, allowed, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s verified with key %s\n", msg.Payload(), msg.Signature().KeyID())
	// Output: {"sub":"alice"} verified with key 2024-01
}

func ExampleSignGeneral() {
	ctx := context.Background()
	token, err := jws.SignGeneral(ctx, []byte("signed twice"), []jws.Signer{
		{Signer: hs256, Header: jws.Header{KeyID: "mac"}},
		{Signer: edA, Header: jws.Header{KeyID: "ed"}},
	}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s\n", token)

	// Each recipient verifies the signature it has a key for; a policy
	// can also require all signatures (RequireAll) or named key IDs.
	recipients := []struct {
		kid string
		v   jwa.Verifier
	}{{"mac", hs256}, {"ed", &testEdDSA{pub: edA.pub}}}
	for _, r := range recipients {
		msg, err := jws.Verify(ctx, token, r.v, &jws.VerifyOptions{RequireKeyIDs: []string{r.kid}})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %s\n", msg.Signature().KeyID(), msg.Payload())
	}
	// Output:
	// {"payload":"c2lnbmVkIHR3aWNl","signatures":[{"protected":"eyJhbGciOiJIUzI1NiIsImtpZCI6Im1hYyJ9","signature":"MpK3-Ub8f4R2gsnj5-gK3qpGxlMD8G8OAfN7PTjc5Fw"},{"protected":"eyJhbGciOiJFZERTQSIsImtpZCI6ImVkIn0","signature":"FAcHk44eDvXWtQuMuII3y6Muu7hsyW26peoYmAeUEDlBaoPFflswgsR2di79jVlX42IvQ3WlYNZTOiaw2vXnDw"}]}
	// mac: signed twice
	// ed: signed twice
}

// A detached, unencoded payload (RFC 7797): the signature covers the
// payload bytes as they are, and the token does not carry them.
func ExampleSign_detachedUnencoded() {
	ctx := context.Background()
	payload := []byte("$.02")
	token, err := jws.Sign(ctx, payload, hs256, &jws.SignOptions{Unencoded: true, Detached: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(token)

	msg, err := jws.Verify(ctx, []byte(token), hs256, &jws.VerifyOptions{DetachedPayload: payload})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s %v\n", msg.Payload(), msg.Signature().Critical())
	// Output:
	// eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..7ZtJXDOAybVp-XQt9cM7HZtxDjkeu4WZtGvH8-5QX70
	// $.02 [b64]
}

// Parse gives the unverified header, to choose a key by "kid" before
// verifying.
func ExampleParse() {
	keys := map[string]jwa.Verifier{"2024-01": hs256}
	token := []byte("eyJhbGciOiJIUzI1NiIsImtpZCI6IjIwMjQtMDEiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiJhbGljZSJ9.zi5aE_oiJlgqGFHf6UAqrVbiourVOhQ41zEhh0vniAc")
	u, err := jws.Parse(token, nil)
	if err != nil {
		log.Fatal(err)
	}
	kid := u.UnverifiedSignatures()[0].KeyID()
	v, ok := keys[kid]
	if !ok {
		log.Fatalf("no key %q", kid)
	}
	msg, err := u.Verify(context.Background(), v)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s\n", msg.Payload())
	// Output: {"sub":"alice"}
}
