package aescbc_test

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log"

	"github.com/joseframework/jose/algs/aescbc"
	"github.com/joseframework/jose/core/jwa"
)

func ExampleA128CBCHS256() {
	cek := make([]byte, aescbc.A128CBCHS256().KeySize())
	rand.Read(cek)
	aead, err := aescbc.A128CBCHS256().NewAEAD(cek)
	if err != nil {
		log.Fatal(err)
	}
	iv := make([]byte, aead.NonceSize())
	rand.Read(iv)
	aad := []byte("eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0") // the encoded protected header

	sealed := aead.Seal(nil, iv, []byte("Live long and prosper."), aad)
	fmt.Println("ciphertext and tag:", len(sealed), "bytes")

	plaintext, err := aead.Open(nil, iv, sealed, aad)
	fmt.Printf("%s %v\n", plaintext, err)

	sealed[len(sealed)-1] ^= 1
	_, err = aead.Open(nil, iv, sealed, aad)
	fmt.Println(err, errors.Is(err, jwa.ErrDecryption))
	// Output:
	// ciphertext and tag: 48 bytes
	// Live long and prosper. <nil>
	// aescbc: jwa: decryption failed true
}
