package chacha20_test

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log"

	"github.com/joseframework/jose/algs/chacha20"
	"github.com/joseframework/jose/core/jwa"
)

func ExampleXC20P() {
	cek := make([]byte, chacha20.XC20P().KeySize())
	rand.Read(cek)
	aead, err := chacha20.XC20P().NewAEAD(cek)
	if err != nil {
		log.Fatal(err)
	}
	iv := make([]byte, aead.NonceSize()) // 24 bytes: safe to pick at random
	rand.Read(iv)
	aad := []byte("eyJhbGciOiJkaXIiLCJlbmMiOiJYQzIwUCJ9")

	sealed := aead.Seal(nil, iv, []byte("Live long and prosper."), aad)
	plaintext, err := aead.Open(nil, iv, sealed, aad)
	fmt.Printf("%d-byte IV, %d-byte tag: %s %v\n", len(iv), aead.Overhead(), plaintext, err)

	_, err = aead.Open(nil, iv[:12], sealed, aad) // an IV of the wrong length
	fmt.Println(err, errors.Is(err, jwa.ErrDecryption))
	// Output:
	// 24-byte IV, 16-byte tag: Live long and prosper. <nil>
	// chacha20: jwa: decryption failed true
}
