package legacywriter_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"log"

	algrsa "github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/compat"
	"github.com/joseframework/jose/compat/legacywriter"
)

// A service that has moved to Go still issues tokens to a consumer on the
// Python library 0.2.2, which reads only the v1 layout.
func ExampleEncrypt() {
	consumerKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		log.Fatal(err)
	}
	ke, err := algrsa.RSAOAEP().NewEncrypter(&consumerKey.PublicKey)
	if err != nil {
		log.Fatal(err)
	}
	token, err := legacywriter.Encrypt(context.Background(), map[string]any{"sub": "user-1"}, ke,
		&legacywriter.EncryptOptions{Version: legacywriter.V1, Compress: true})
	if err != nil {
		log.Fatal(err)
	}

	// The consumer (here package compat in its place) decrypts it.
	kd, err := algrsa.RSAOAEP().NewDecrypter(consumerKey)
	if err != nil {
		log.Fatal(err)
	}
	d, err := compat.Decrypt(context.Background(), token, kd, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Layout, d.Claims["sub"], d.UnauthenticatedHeader["zip"])
	// Output: v1 user-1 DEF
}
