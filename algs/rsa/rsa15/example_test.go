package rsa15_test

import (
	"bytes"
	"context"
	"crypto/rand"
	stdrsa "crypto/rsa"
	"fmt"
	"log"

	"github.com/joseframework/jose/algs/rsa/rsa15"
	"github.com/joseframework/jose/core/jwa"
)

// RSA1_5 never reports a bad encrypted key: it returns a random CEK, and
// the JWE's authentication tag check fails later.
func ExampleRSA15() {
	key, err := stdrsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	e, _ := rsa15.RSA15().NewEncrypter(&key.PublicKey)
	d, _ := rsa15.RSA15().NewDecrypter(key)

	cek, encryptedKey, err := e.EncryptKey(ctx, "A128CBC-HS256", 32, &jwa.Params{})
	if err != nil {
		log.Fatal(err)
	}
	got, err := d.DecryptKey(ctx, "A128CBC-HS256", 32, encryptedKey, &jwa.Params{})
	fmt.Println(bytes.Equal(got, cek), err)

	encryptedKey[10] ^= 1
	got, err = d.DecryptKey(ctx, "A128CBC-HS256", 32, encryptedKey, &jwa.Params{})
	fmt.Println(bytes.Equal(got, cek), len(got), err)

	desc := rsa15.RSA15().(jwa.Describer).Describe()
	fmt.Println(desc.Deprecated)
	// Output:
	// true <nil>
	// false 32 <nil>
	// true
}
