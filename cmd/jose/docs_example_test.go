package main_test

import (
	"context"
	"fmt"
	"log"

	"github.com/joseframework/jose/algs/aesgcm"
	"github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwk"
)

// The examples in this file back code blocks of docs/getting-started.md that
// need two algorithm modules at once. They live here because this module is
// the one allowed to import every algorithm module (.ci/depcheck);
// docs_blocks_test.go keeps the page equal to their bodies.

// Encrypt to an RSA public key with RSA-OAEP-256 and A256GCM, and decrypt
// with the private key, accepting only that "enc".
func Example_jweRSAOAEP256() {
	ctx := context.Background()
	priv, err := jwk.Generate("RSA", jwk.GenerateOptions{Bits: 2048, KeyID: "enc-1"})
	if err != nil {
		log.Fatal(err)
	}
	pub, err := priv.Public()
	if err != nil {
		log.Fatal(err)
	}

	// The sender needs only the recipient's public key.
	ke, err := rsa.RSAOAEP256().NewEncrypter(pub.Key())
	if err != nil {
		log.Fatal(err)
	}
	token, err := jwe.Encrypt(ctx, []byte("the eagle has landed"), aesgcm.A256GCM(),
		[]jwe.Recipient{{KeyEncrypter: ke, KeyID: pub.KeyID()}}, nil)
	if err != nil {
		log.Fatal(err)
	}

	// The recipient decrypts with the private key. Its KeyDecrypter fixes
	// the one "alg" accepted; the "enc" allow-list is required.
	kd, err := rsa.RSAOAEP256().NewDecrypter(priv.Key())
	if err != nil {
		log.Fatal(err)
	}
	res, err := jwe.Decrypt(ctx, token, kd, &jwe.DecryptOptions{
		ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A256GCM()},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (%s, %s, kid %s)\n", res.Plaintext, res.Header.Algorithm, res.Header.Encryption, res.Header.KeyID)
	// Output: the eagle has landed (RSA-OAEP-256, A256GCM, kid enc-1)
}

// Decrypt with whichever key of a JWK Set fits, accepting only the "alg"
// and "enc" values listed.
func Example_jweKeySet() {
	ctx := context.Background()
	old, _ := jwk.Generate("RSA", jwk.GenerateOptions{Bits: 2048, KeyID: "enc-2029"})
	cur, _ := jwk.Generate("RSA", jwk.GenerateOptions{Bits: 2048, KeyID: "enc-2030"})
	keys := &jwk.Set{Keys: []*jwk.Key{old, cur}} // the recipient's private keys

	pub, _ := cur.Public()
	ke, _ := rsa.RSAOAEP256().NewEncrypter(pub.Key())
	token, err := jwe.Encrypt(ctx, []byte("hello"), aesgcm.A256GCM(),
		[]jwe.Recipient{{KeyEncrypter: ke, KeyID: pub.KeyID()}}, nil)
	if err != nil {
		log.Fatal(err)
	}

	res, err := jwe.DecryptWithKeys(ctx, token, keys, &jwe.DecryptOptions{
		KeyManagement:     []jwa.KeyManagementAlgorithm{rsa.RSAOAEP256()},
		ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A256GCM()},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s, decrypted with %s\n", res.Plaintext, res.Key.KeyID())
	// Output: hello, decrypted with enc-2030
}
