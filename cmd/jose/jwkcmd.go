package main

import (
	"crypto"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
)

func jwkGenerate(e *env, args []string) error {
	f := newFlags("jwk generate", "--kty RSA|EC|OKP|oct [--size BITS] [--crv NAME] [--alg A] [--use sig|enc] [--kid K]",
		`Generate a random key and print it as a private JWK.
RSA keys are 2048 bits by default, EC keys P-256, OKP keys Ed25519, oct keys
as long as --alg needs (256 bits otherwise).`,
		`jose jwk generate --kty EC --crv P-256 --alg ES256 --kid k1 > es256.jwk
jose jwk generate --kty oct --alg HS256 > hs256.jwk`)
	kty := f.String("kty", "", "key type: RSA, EC, OKP or oct (required)")
	size := f.Int("size", 0, "RSA modulus or oct key size in `BITS`")
	crv := f.String("crv", "", "curve: P-256, P-384, P-521 (EC); Ed25519, X25519 (OKP)")
	alg := f.String("alg", "", "the key's \"alg\" member")
	use := f.String("use", "", "the key's \"use\" member: sig or enc")
	kid := f.String("kid", "", "the key's \"kid\" member")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("jwk generate takes no arguments, got %q", pos)
	}
	if *kty == "" {
		return usageErrorf("jwk generate: missing --kty (RSA, EC, OKP or oct)")
	}
	if *alg != "" {
		if err := knownAlg(*alg); err != nil {
			return err
		}
	}
	k, err := jwk.Generate(*kty, jwk.GenerateOptions{Bits: *size, Curve: *crv, Algorithm: *alg, Use: *use, KeyID: *kid})
	if err != nil {
		return usageErrorf("jwk generate: %s", err.Error())
	}
	if *alg != "" {
		if err := algFits(k, *alg); err != nil {
			return usageErrorf("jwk generate: --alg %q does not fit the generated %s: %v", *alg, describeKey(k), err)
		}
	}
	return printKey(e, k)
}

// knownAlg checks that name is a registered algorithm of any kind, as a
// key's "alg" may name; "none" is refused.
func knownAlg(name string) error {
	switch {
	case strings.EqualFold(strings.TrimSpace(name), "none"):
		return unknownAlg(kindSignature, name, "--alg")
	case len(kindOf(name)) > 0:
		return nil
	case moduleFor(name) != "":
		return unknownAlg(kindSignature, name, "--alg") // names the module to link
	}
	for _, kind := range []algKind{kindSignature, kindKeyManagement, kindContentEncryption} {
		for _, n := range allNames(kind) {
			if strings.EqualFold(n, name) {
				return usageErrorf("unknown algorithm %q for --alg: did you mean %q? (names are case-sensitive)", name, n)
			}
		}
	}
	return usageErrorf("unknown algorithm %q for --alg: run \"jose algs\" for the registered names", name)
}

// algFits reports why the algorithm name cannot be used with k, by
// binding k to it as the commands will: a signer, a key decrypter, or for
// a content encryption algorithm (a "dir" key) an AEAD.
func algFits(k *jwk.Key, name string) error {
	if a, ok := jwa.LookupSignature(name); ok {
		_, err := a.NewSigner(cryptoKey(k))
		return err
	}
	if a, ok := jwa.LookupKeyManagement(name); ok {
		_, err := a.NewDecrypter(cryptoKey(k))
		return err
	}
	if a, ok := jwa.LookupContentEncryption(name); ok {
		b, ok := cryptoKey(k).([]byte)
		if !ok {
			return fmt.Errorf("a content encryption key is an oct key")
		}
		_, err := a.NewAEAD(b)
		return err
	}
	return knownAlg(name)
}

func printKey(e *env, k *jwk.Key) error {
	b, err := k.MarshalJSON()
	if err != nil {
		return usageErrorf("%v", err)
	}
	return writeLine(e.stdout, b)
}

func jwkPublic(e *env, args []string) error {
	f := newFlags("jwk public", "[FILE]",
		`Read a private JWK or JWK Set and print its public part. Private
"key_ops" become their public counterparts; members this command does not
know are dropped, as they might be private. oct keys have no public part.`,
		`jose jwk public es256.jwk > es256.pub.jwk`)
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	file, err := f.oneFile(pos)
	if err != nil {
		return err
	}
	ki, err := readKeyInput(e, file)
	if err != nil {
		return err
	}
	pub := make([]*jwk.Key, len(ki.keys))
	for i, k := range ki.keys {
		if pub[i], err = k.Public(); err != nil {
			return usageErrorf("%s has no public key: %v", describeKey(k), err)
		}
	}
	if !ki.isSet {
		return printKey(e, pub[0])
	}
	b, err := (&jwk.Set{Keys: pub}).MarshalJSON()
	if err != nil {
		return usageErrorf("%v", err)
	}
	return writeLine(e.stdout, b)
}

// readKeyInput reads a key (JWK, JWK Set or PEM) from FILE or standard
// input, for the jwk commands.
func readKeyInput(e *env, file string) (*keyInput, error) {
	data, err := readInput(e, file, maxKeyFile, "key")
	if err != nil {
		return nil, asUsage(err)
	}
	name := file
	if name == "" || name == "-" {
		name = "<stdin>"
	}
	return parseKeys(name, data)
}

var thumbprintHashes = map[string]crypto.Hash{
	"SHA-256": crypto.SHA256,
	"SHA-384": crypto.SHA384,
	"SHA-512": crypto.SHA512,
}

func jwkThumbprint(e *env, args []string) error {
	f := newFlags("jwk thumbprint", "[--hash SHA-256] [--uri] [FILE]",
		`Print the RFC 7638 JWK thumbprint of a key, base64url-encoded, or with
--uri its RFC 9278 thumbprint URI. A private key and its public key have the
same thumbprint. For a JWK Set, one line per key.`,
		`jose jwk thumbprint es256.jwk
jose jwk thumbprint --uri --hash SHA-256 es256.pub.jwk`)
	hash := f.String("hash", "SHA-256", "hash `NAME`: SHA-256, SHA-384 or SHA-512")
	uri := f.Bool("uri", false, "print the RFC 9278 thumbprint URI")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	file, err := f.oneFile(pos)
	if err != nil {
		return err
	}
	h, ok := thumbprintHashes[strings.ToUpper(*hash)]
	if !ok {
		return usageErrorf("jwk thumbprint: unknown --hash %q: use SHA-256, SHA-384 or SHA-512", *hash)
	}
	ki, err := readKeyInput(e, file)
	if err != nil {
		return err
	}
	for _, k := range ki.keys {
		var s string
		if *uri {
			s, err = k.ThumbprintURI(h)
		} else {
			var b []byte
			b, err = k.Thumbprint(h)
			s = base64.RawURLEncoding.EncodeToString(b)
		}
		if err != nil {
			return usageErrorf("%v", err)
		}
		fmt.Fprintln(e.stdout, s)
	}
	return nil
}

func jwkImport(e *env, args []string) error {
	f := newFlags("jwk import", "[--alg A] [--kid K] [FILE]",
		`Read a PEM key (PKCS #1, PKCS #8, SPKI, SEC 1 or an X.509 certificate)
and print it as a JWK. Encrypted PEM is not supported: decrypt it first.`,
		`jose jwk import --alg RS256 --kid 2024-01 key.pem > key.jwk`)
	alg := f.String("alg", "", "set the JWK's \"alg\"")
	kid := f.String("kid", "", "set the JWK's \"kid\"")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	file, err := f.oneFile(pos)
	if err != nil {
		return err
	}
	data, err := readInput(e, file, maxKeyFile, "PEM key")
	if err != nil {
		return asUsage(err)
	}
	k, err := jwk.ParsePEM(data)
	if err != nil {
		return usageErrorf("jwk import: %v", err)
	}
	if *alg != "" || *kid != "" {
		if k, err = withMetadata(k, *alg, *kid); err != nil {
			return err
		}
	}
	return printKey(e, k)
}

// withMetadata returns k with "alg" and "kid" set (when not empty),
// validated as any parsed JWK is.
func withMetadata(k *jwk.Key, alg, kid string) (*jwk.Key, error) {
	b, err := k.MarshalJSON()
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, usageErrorf("%v", err)
	}
	if alg != "" {
		m["alg"], _ = json.Marshal(alg)
	}
	if kid != "" {
		m["kid"], _ = json.Marshal(kid)
	}
	b, err = json.Marshal(m)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	k2, err := jwk.ParseKey(b)
	if err != nil {
		return nil, usageErrorf("jwk import: %s", err.Error())
	}
	return k2, nil
}

func jwkExport(e *env, args []string) error {
	f := newFlags("jwk export", "[FILE]",
		`Read a JWK and print it as PEM: "PRIVATE KEY" (PKCS #8) for a private
key, "PUBLIC KEY" (SubjectPublicKeyInfo) for a public key. Metadata is not
kept. oct keys have no PEM form.`,
		`jose jwk export es256.jwk > es256.pem`)
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	file, err := f.oneFile(pos)
	if err != nil {
		return err
	}
	ki, err := readKeyInput(e, file)
	if err != nil {
		return err
	}
	if ki.isSet {
		return usageErrorf("jwk export: the input is a JWK Set; export one key at a time")
	}
	b, err := ki.keys[0].MarshalPEM()
	if err != nil {
		return usageErrorf("jwk export: %v", err)
	}
	_, err = e.stdout.Write(b)
	return err
}
