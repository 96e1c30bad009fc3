package hs3_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
	"github.com/joseframework/jose/examples/hs3"
)

// exampleKey is a fixed key so that the output below is reproducible. A
// real key is 32 or more bytes from crypto/rand.
var exampleKey = []byte("hs3 example key, 32 bytes long!!")

// Code that knows its algorithm calls the accessor: no registry, no
// lookup by name.
func ExampleHS3() {
	ctx := context.Background()
	signer, err := hs3.HS3().NewSigner(exampleKey)
	if err != nil {
		log.Fatal(err)
	}
	token, err := jwt.Sign(ctx, &jwt.Claims{Subject: "alice"}, nil, signer, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(token)

	verifier, err := hs3.HS3().NewVerifier(exampleKey)
	if err != nil {
		log.Fatal(err)
	}
	t, err := jwt.Verify[struct{}](ctx, []byte(token), verifier, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Claims.Subject)
	// Output:
	// eyJhbGciOiJodHRwczovL2V4YW1wbGUuY29tL2pvc2UvYWxnI0hTMy0yNTYifQ.eyJzdWIiOiJhbGljZSJ9.h1Y4Nii9fATEFxyj9Rv6sEzWAjs_KTHXvDiTUIHiLF4
	// alice
}

// A program that imports the module (a blank import is enough) finds the
// algorithm by its name, for example a name read from configuration.
func Example_lookupByName() {
	ctx := context.Background()
	alg, err := jwa.Signature("https://example.com/jose/alg#HS3-256")
	if err != nil {
		log.Fatal(err)
	}
	signer, err := alg.NewSigner(exampleKey)
	if err != nil {
		log.Fatal(err)
	}
	token, err := jws.Sign(ctx, []byte("hello"), signer, nil)
	if err != nil {
		log.Fatal(err)
	}

	verifier, err := alg.NewVerifier(exampleKey)
	if err != nil {
		log.Fatal(err)
	}
	msg, err := jws.Verify(ctx, []byte(token), verifier, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s %s\n", msg.Payload(), msg.Signature().Algorithm())
	// Output: hello https://example.com/jose/alg#HS3-256
}

// Keys shorter than 32 bytes are refused when the Signer or Verifier is
// built, and a changed token does not verify.
func ExampleHS3_errors() {
	_, err := hs3.HS3().NewVerifier([]byte("too short"))
	fmt.Println(err)
	fmt.Println(errors.Is(err, jwa.ErrKeySize))

	ctx := context.Background()
	signer, _ := hs3.HS3().NewSigner(exampleKey)
	token, _ := jws.Sign(ctx, []byte("hello"), signer, nil)
	verifier, _ := hs3.HS3().NewVerifier([]byte("another key of thirty-two bytes!"))
	_, err = jws.Verify(ctx, []byte(token), verifier, nil)
	fmt.Println(errors.Is(err, jwa.ErrVerification))
	// Output:
	// hs3: key is 9 bytes, want at least 32: jwa: key size not allowed for algorithm
	// true
	// true
}
