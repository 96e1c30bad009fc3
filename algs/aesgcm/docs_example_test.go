package aesgcm_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log"

	"github.com/joseframework/jose/algs/aesgcm"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
)

// The example in this file backs a code block of docs/getting-started.md;
// cmd/jose/docs_blocks_test.go keeps the page equal to its body.

// Encrypt with a shared key ("dir": the key is the content encryption key)
// and A256GCM, and decrypt with the same key and an "enc" allow-list.
func Example_direct() {
	ctx := context.Background()
	key := make([]byte, aesgcm.A256GCM().KeySize()) // 32 bytes, shared by both sides
	if _, err := rand.Read(key); err != nil {
		log.Fatal(err)
	}

	ke, err := jwe.Direct().NewEncrypter(key)
	if err != nil {
		log.Fatal(err)
	}
	token, err := jwe.Encrypt(ctx, []byte("meet at noon"), aesgcm.A256GCM(),
		[]jwe.Recipient{{KeyEncrypter: ke, KeyID: "shared-1"}}, nil)
	if err != nil {
		log.Fatal(err)
	}

	kd, err := jwe.Direct().NewDecrypter(key)
	if err != nil {
		log.Fatal(err)
	}
	res, err := jwe.Decrypt(ctx, token, kd, &jwe.DecryptOptions{
		ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A256GCM()},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (alg %s, enc %s)\n", res.Plaintext, res.Header.Algorithm, res.Header.Encryption)

	// Without A256GCM in the allow-list, the token is refused before any
	// decryption, with a *jwe.AlgorithmError that wraps jwa.ErrDecryption.
	_, err = jwe.Decrypt(ctx, token, kd, &jwe.DecryptOptions{
		ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()},
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, jwa.ErrDecryption))
	// Output:
	// meet at noon (alg dir, enc A256GCM)
	// jwe: token "enc" is "A256GCM", allowed: "A128GCM"
	// true
}
