package aesgcm_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"log"

	"github.com/joseframework/jose/algs/aesgcm"
	"github.com/joseframework/jose/core/jwa"
)

// Content encryption: the AEAD's nonce is the JWE IV, its overhead the
// authentication tag, and the additional data the ASCII of the encoded
// protected header.
func ExampleA256GCM() {
	cek := make([]byte, aesgcm.A256GCM().KeySize())
	rand.Read(cek)
	aead, err := aesgcm.A256GCM().NewAEAD(cek)
	if err != nil {
		log.Fatal(err)
	}

	iv := make([]byte, aead.NonceSize())
	rand.Read(iv) // never reuse an IV with the same CEK
	aad := []byte("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0")
	sealed := aead.Seal(nil, iv, []byte("hello, JWE"), aad)
	ciphertext, tag := sealed[:len(sealed)-aead.Overhead()], sealed[len(sealed)-aead.Overhead():]
	fmt.Println(len(iv), len(ciphertext), len(tag))

	plaintext, err := aead.Open(nil, iv, sealed, aad)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(plaintext))

	_, err = aead.Open(nil, iv, sealed, []byte("another header"))
	fmt.Println(err)
	// Output:
	// 12 10 16
	// hello, JWE
	// aesgcm: message authentication failed: jwa: decryption failed
}

// Key wrapping with AES-GCM records the "iv" and "tag" header parameters
// in Params; the recipient reads them back from the header.
func ExampleA128GCMKW() {
	key := make([]byte, 16) // shared with the recipient
	rand.Read(key)
	ctx := context.Background()

	enc, err := aesgcm.A128GCMKW().NewEncrypter(key)
	if err != nil {
		log.Fatal(err)
	}
	params := &jwa.Params{}
	cek, encryptedKey, err := enc.EncryptKey(ctx, "A128GCM", 16, params)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(encryptedKey), len(params.IV), len(params.Tag))

	dec, err := aesgcm.A128GCMKW().NewDecrypter(key)
	if err != nil {
		log.Fatal(err)
	}
	got, err := dec.DecryptKey(ctx, "A128GCM", 16, encryptedKey, &jwa.Params{IV: params.IV, Tag: params.Tag})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(got) == string(cek))
	// Output:
	// 16 12 16
	// true
}
