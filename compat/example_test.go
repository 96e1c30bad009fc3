package compat_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/joseframework/jose/compat"
)

// exampleVector returns the token and the legacy key form of a vector, as
// a service would read them from a request and from its configuration.
func exampleVector(id string) (token string, key []byte) {
	data, err := os.ReadFile("testdata/legacy/" + id[:len("v1.0.0")] + ".json")
	if err != nil {
		log.Fatal(err)
	}
	var f struct {
		Vectors []struct {
			ID    string
			Token string
			Key   struct{ Legacy json.RawMessage }
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		log.Fatal(err)
	}
	for _, v := range f.Vectors {
		if v.ID == id {
			return v.Token, v.Key.Legacy
		}
	}
	log.Fatalf("no vector %s", id)
	return "", nil
}

// Decrypting a token made by the Python library 1.0.0 with the key dict
// that service was configured with, {"k": "-----BEGIN RSA PRIVATE KEY-----…"}.
func ExampleDecrypt() {
	token, keyDict := exampleVector("v1.0.0/jwe/a128cbc-hs256")

	key, err := compat.ParseKey(keyDict)
	if err != nil {
		log.Fatal(err)
	}
	kd, err := compat.NewDecrypter(key)
	if err != nil {
		log.Fatal(err)
	}
	now := func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }
	d, err := compat.Decrypt(context.Background(), token, kd, &compat.Options{Now: now})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Layout, d.Claims["sub"], d.Claims["exp"])
	fmt.Println("unauthenticated header:", d.UnauthenticatedHeader["enc"], d.UnauthenticatedHeader["__v"])
	// Output:
	// v2 user-jwe-a128cbc-hs256 4102444800
	// unauthenticated header: A128CBC-HS256 2
}

// Tokens of versions 0.1 and 0.2.1 use the MAC-then-encrypt layout, which
// Decrypt reads only on request.
func ExampleDecrypt_macThenEncrypt() {
	token, keyDict := exampleVector("v0.2.1/jwe/a256cbc-hs512")
	key, err := compat.ParseKey(keyDict)
	if err != nil {
		log.Fatal(err)
	}
	kd, err := compat.NewDecrypter(key)
	if err != nil {
		log.Fatal(err)
	}
	now := func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }

	_, err = compat.Decrypt(context.Background(), token, kd, &compat.Options{Now: now})
	fmt.Println(errors.Is(err, compat.ErrMacThenEncrypt))

	d, err := compat.Decrypt(context.Background(), token, kd, &compat.Options{Now: now, AllowMacThenEncrypt: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Layout, d.Claims["sub"])
	// Output:
	// true
	// legacy user-jwe-a256cbc-hs512
}

// Verifying a JWS of any version with a pinned algorithm, and telling
// expired tokens from bad ones.
func ExampleVerify() {
	token, keyDict := exampleVector("v0.3.0/jws/rs256")
	key, err := compat.ParseKey(keyDict) // {"k": "-----BEGIN PUBLIC KEY-----…"}
	if err != nil {
		log.Fatal(err)
	}
	v, err := compat.NewVerifier(key, "RS256")
	if err != nil {
		log.Fatal(err)
	}
	for _, year := range []int{2025, 2100} {
		now := func() time.Time { return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC) }
		r, err := compat.Verify(context.Background(), token, v, &compat.Options{Now: now})
		switch {
		case errors.Is(err, compat.ErrExpired):
			fmt.Println(year, err)
		case err != nil:
			fmt.Println(year, "rejected:", err)
		default:
			fmt.Println(year, r.Header["alg"], r.Claims["sub"])
		}
	}
	// Output:
	// 2025 RS256 user-jws-rs256
	// 2100 compat: token expired at 2100-01-01T00:00:00Z
}

// The library's documentation used {"k": "password"}: a secret far
// shorter than RFC 7518 allows. Only an explicitly named Verifier takes it.
func ExampleNewShortKeyHMACVerifier() {
	key, err := compat.ParseKey([]byte(`{"k": "password"}`))
	if err != nil {
		log.Fatal(err)
	}
	_, err = compat.NewVerifier(key, "HS256")
	fmt.Println(err != nil)

	v, err := compat.NewShortKeyHMACVerifier("HS256", key.Key().([]byte))
	if err != nil {
		log.Fatal(err)
	}
	// A token the library made with sign({'sub': 'x'}, {'k': 'password'}).
	token := "eyJhbGciOiAiSFMyNTYifQ.eyJzdWIiOiAieCJ9.tkLAkb_dHeZC8FO4fU-oG6NwqS4cG9pYdtHGKD3lDuI"
	r, err := compat.Verify(context.Background(), token, v, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Claims["sub"])
	// Output:
	// true
	// x
}

// Porting code that splits tokens itself.
func ExampleDeserializeCompactJWE() {
	token, _ := exampleVector("v0.2.2/jwe/a128cbc-hs256")
	jwe, err := compat.DeserializeCompactJWE(token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(jwe.IV), jwe.SerializeCompact() == token)
	// Output: 22 true
}
