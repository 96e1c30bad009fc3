package ecdh_test

import (
	"bytes"
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"fmt"
	"log"

	jecdh "github.com/joseframework/jose/algs/ecdh"
	"github.com/joseframework/jose/core/jwa"
)

func ExampleECDHESA128KW() {
	ctx := context.Background()
	recipient, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		log.Fatal(err)
	}

	// The sender needs only the recipient's public key. EncryptKey
	// records the ephemeral public key in params.EPK; the JWE layer puts
	// it in the "epk" header parameter.
	enc, err := jecdh.ECDHESA128KW().NewEncrypter(recipient.PublicKey())
	if err != nil {
		log.Fatal(err)
	}
	params := &jwa.Params{}
	cek, encryptedKey, err := enc.EncryptKey(ctx, "A128GCM", 16, params)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(enc.Algorithm(), len(cek), len(encryptedKey), params.EPK.Curve())

	// The recipient recovers the CEK from the encrypted key and the epk.
	dec, err := jecdh.ECDHESA128KW().NewDecrypter(recipient)
	if err != nil {
		log.Fatal(err)
	}
	got, err := dec.DecryptKey(ctx, "A128GCM", 16, encryptedKey, &jwa.Params{EPK: params.EPK})
	fmt.Println(bytes.Equal(got, cek), err)

	// An epk on another curve is refused before any key agreement.
	other, _ := ecdh.X25519().GenerateKey(rand.Reader)
	_, err = dec.DecryptKey(ctx, "A128GCM", 16, encryptedKey, &jwa.Params{EPK: other.PublicKey()})
	fmt.Println(err)
	// Output:
	// ECDH-ES+A128KW 16 24 P-256
	// true <nil>
	// ecdh: ECDH-ES+A128KW: "epk" is on X25519, the recipient's key on P-256: jwa: invalid algorithm parameter
}

func ExampleConcatKDF() {
	// RFC 7518, Appendix C: the shared secret Z of Alice and Bob, for
	// "enc":"A128GCM", "apu" Alice and "apv" Bob.
	z := []byte{158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156,
		251, 49, 110, 163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196}
	key, err := jecdh.ConcatKDF(z, "A128GCM", []byte("Alice"), []byte("Bob"), 16)
	fmt.Println(key, err)
	// Output: [86 170 141 234 248 35 109 32 92 34 40 205 113 167 16 26] <nil>
}
