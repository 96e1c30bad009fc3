package aeskw_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"log"

	"github.com/joseframework/jose/algs/aeskw"
	"github.com/joseframework/jose/core/jwa"
)

// Wrap and Unwrap are the RFC 3394 primitive, for algorithms that derive a
// key-encryption key themselves.
func ExampleWrap() {
	kek, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f")
	keyData, _ := hex.DecodeString("00112233445566778899aabbccddeeff")

	wrapped, err := aeskw.Wrap(kek, keyData)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%x\n", wrapped)

	unwrapped, err := aeskw.Unwrap(kek, wrapped)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%x\n", unwrapped)

	wrapped[0] ^= 1
	_, err = aeskw.Unwrap(kek, wrapped)
	fmt.Println(err)
	// Output:
	// 1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5
	// 00112233445566778899aabbccddeeff
	// aeskw: integrity check failed: jwa: decryption failed
}

// The sender wraps a fresh content encryption key for the recipient's
// 128-bit key; the recipient unwraps it.
func ExampleA128KW() {
	key, _ := hex.DecodeString("199cbab0867ac25f4d24e281fa39e655") // shared with the recipient
	ctx := context.Background()

	enc, err := aeskw.A128KW().NewEncrypter(key)
	if err != nil {
		log.Fatal(err)
	}
	cek, encryptedKey, err := enc.EncryptKey(ctx, "A128GCM", 16, &jwa.Params{})
	if err != nil {
		log.Fatal(err)
	}

	dec, err := aeskw.A128KW().NewDecrypter(key)
	if err != nil {
		log.Fatal(err)
	}
	got, err := dec.DecryptKey(ctx, "A128GCM", 16, encryptedKey, &jwa.Params{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Algorithm(), len(encryptedKey), string(got) == string(cek))
	// Output: A128KW 24 true
}
