package pbes2_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/joseframework/jose/algs/pbes2"
	"github.com/joseframework/jose/core/jwa"
)

// The sender derives a key from a password and wraps a fresh CEK; "p2s"
// and "p2c" go into the JWE header. The recipient reads them back, and its
// limits refuse an iteration count that would cost too much.
func ExamplePBES2HS256A128KW() {
	password := []byte("Thus from my lips, by yours, my sin is purged.")
	ctx := context.Background()

	enc, err := pbes2.PBES2HS256A128KW().NewEncrypter(password)
	if err != nil {
		log.Fatal(err)
	}
	params := &jwa.Params{}
	cek, encryptedKey, err := enc.EncryptKey(ctx, "A128CBC-HS256", 32, params)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(encryptedKey), len(params.P2S), params.P2C)

	dec, err := pbes2.PBES2HS256A128KW().NewDecrypter(password)
	if err != nil {
		log.Fatal(err)
	}
	got, err := dec.DecryptKey(ctx, "A128CBC-HS256", 32, encryptedKey, &jwa.Params{P2S: params.P2S, P2C: params.P2C})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(got) == string(cek))

	// A hostile token asking for two billion iterations is refused at once.
	_, err = dec.DecryptKey(ctx, "A128CBC-HS256", 32, encryptedKey, &jwa.Params{P2S: params.P2S, P2C: 2_000_000_000})
	fmt.Println(errors.Is(err, jwa.ErrLimit))
	// Output:
	// 40 16 10000
	// true
	// true
}
