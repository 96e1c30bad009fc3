package jwk_test

import (
	"crypto"
	"fmt"
	"log"

	"github.com/joseframework/jose/core/jwk"
)

func ExampleParseKey() {
	k, err := jwk.ParseKey([]byte(`{
		"kty": "EC", "crv": "P-256", "use": "sig", "kid": "1",
		"x": "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
		"y": "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"
	}`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.KeyType(), k.Curve(), k.KeyID(), k.IsPrivate())
	fmt.Println("may verify:", k.Permits(jwk.OpVerify), "may encrypt:", k.Permits(jwk.OpEncrypt))
	fmt.Printf("%T\n", k.Key())

	// A point off the curve is refused.
	_, err = jwk.ParseKey([]byte(`{"kty":"EC","crv":"P-256",
		"x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
		"y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyI"}`))
	fmt.Println(err)
	// Output:
	// EC P-256 1 false
	// may verify: true may encrypt: false
	// *ecdsa.PublicKey
	// jwk: invalid key: the point is not on curve P-256
}

func ExampleKey_Thumbprint() {
	// The key of RFC 7638, Section 3.1.
	k, err := jwk.ParseKey([]byte(`{"kty":"RSA","e":"AQAB","alg":"RS256","kid":"2011-04-29",
		"n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}`))
	if err != nil {
		log.Fatal(err)
	}
	sum, err := k.Thumbprint(crypto.SHA256)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%x\n", sum)
	uri, _ := k.ThumbprintURI(crypto.SHA256)
	fmt.Println(uri)
	// Output:
	// 3736cbb1787cb8309c77ee8c3705c5e16ffb9e859715901f1e4c59b11182f57b
	// urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs
}

func ExampleGenerate() {
	k, err := jwk.Generate(jwk.KeyTypeEC, jwk.GenerateOptions{Algorithm: "ES384", Use: jwk.UseSignature})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.KeyType(), k.Curve(), k.Algorithm(), k.IsPrivate())

	// Publish the public key, identified by its thumbprint.
	pub, err := k.Public()
	if err != nil {
		log.Fatal(err)
	}
	tp, _ := pub.Thumbprint(crypto.SHA256)
	fmt.Println(pub.IsPrivate(), len(tp))

	// An algorithm that does not suit the key type is refused.
	_, err = jwk.Generate(jwk.KeyTypeOKP, jwk.GenerateOptions{Curve: jwk.CurveX25519, Algorithm: "EdDSA"})
	fmt.Println(err)
	// Output:
	// EC P-384 ES384 true
	// false 32
	// jwk: invalid key: "alg" "EdDSA" does not suit an OKP X25519 key
}

func ExampleParsePEM() {
	k, err := jwk.ParsePEM([]byte(`-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
-----END PUBLIC KEY-----
`))
	if err != nil {
		log.Fatal(err)
	}
	out, err := k.MarshalJSON()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(out))
	// Output:
	// {"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
}

func ExampleSet_Select() {
	set, err := jwk.ParseSet([]byte(`{"keys":[
		{"kty":"oct","kid":"k1","alg":"HS256","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"},
		{"kty":"OKP","kid":"k1","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
		{"kty":"OKP","kid":"k2","crv":"Ed448","x":"AAAA"}
	]}`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(set.Keys), "keys,", set.Skipped, "skipped")
	// A token says kid "k1"; the caller allows only EdDSA.
	for _, k := range set.Select(jwk.Query{KeyID: "k1", Algorithm: "EdDSA", Op: jwk.OpVerify}) {
		fmt.Println(k.KeyType(), k.Curve())
	}
	// Output:
	// 2 keys, 1 skipped
	// OKP Ed25519
}
