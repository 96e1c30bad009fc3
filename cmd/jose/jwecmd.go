package main

import (
	"context"
	"slices"
	"strings"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwk"
)

func jweEncrypt(e *env, args []string) error {
	f := newFlags("jwe encrypt", "--key FILE --alg A --enc E [--zip] [--header JSON] [--json|--flattened] [FILE]",
		`Encrypt the plaintext read from FILE (or standard input) to the key and
print the JWE, compact by default. For RSA, EC and OKP keys the public key
is used (a private key is accepted); oct keys are used as they are (A*KW,
A*GCMKW, PBES2 passwords, "dir"). The key's "kid" goes into the header.`,
		`jose jwe encrypt --key rsa.pub.jwk --alg RSA-OAEP-256 --enc A256GCM secret.txt > secret.jwe
echo -n hello | jose jwe encrypt --key aes.jwk --alg A128KW --enc A128CBC-HS256 --json`)
	keyFile := f.String("key", "", "recipient key `FILE`: JWK, JWK Set or PEM (required)")
	alg := f.String("alg", "", "key management algorithm (default: the key's \"alg\")")
	enc := f.String("enc", "", "content encryption algorithm (required)")
	kid := f.String("kid", "", "choose the key with this \"kid\" from a JWK Set")
	zip := f.Bool("zip", false, "compress the plaintext with DEFLATE (\"zip\": \"DEF\"); unsafe next to attacker-controlled data")
	header := f.String("header", "", "extra protected header members, as a JSON object")
	general := f.Bool("json", false, "print the general JSON serialization")
	flattened := f.Bool("flattened", false, "print the flattened JSON serialization")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	file, err := f.oneFile(pos)
	if err != nil {
		return err
	}
	if *general && *flattened {
		return usageErrorf("jwe encrypt: --json and --flattened exclude each other")
	}
	if *enc == "" {
		return usageErrorf("jwe encrypt: missing --enc (for example --enc A256GCM; run \"jose algs\")")
	}
	ce, err := lookupContentEncryption(*enc, "--enc")
	if err != nil {
		return err
	}
	ki, err := loadKeys(e, *keyFile)
	if err != nil {
		return err
	}
	k, err := pickKey(ki, *kid, *alg, jwk.OpEncrypt)
	if err != nil {
		return err
	}
	if k.KeyType() != jwk.KeyTypeOct && k.IsPrivate() {
		if k, err = k.Public(); err != nil {
			return usageErrorf("%v", err)
		}
	}
	name := *alg
	if name == "" {
		if name = k.Algorithm(); name == "" {
			return needAlg(k, keyManagementFits(k))
		}
		if slices.Contains(jwa.ContentEncryptionNames(), name) {
			name = "dir" // a "dir" key's "alg" may name its "enc"
		}
	}
	km, err := lookupKeyManagement(name, algSource(*alg != ""))
	if err != nil {
		return err
	}
	if name != "dir" && !k.AlgorithmFits(name) {
		return usageErrorf("%s cannot encrypt with %s: %s", describeKey(k), name, fitsHint(k, keyManagementFits(k)))
	}
	ke, err := km.NewEncrypter(cryptoKey(k))
	if err != nil {
		return usageErrorf("%s cannot encrypt with %s: %v", describeKey(k), name, err)
	}
	opts := &jwe.EncryptOptions{Compress: *zip}
	switch {
	case *general:
		opts.Serialization = jwe.GeneralJSON
	case *flattened:
		opts.Serialization = jwe.FlattenedJSON
	default:
		opts.Serialization = jwe.Compact
	}
	rcpt := jwe.Recipient{KeyEncrypter: ke, KeyID: k.KeyID()}
	if *header != "" {
		m, err := decodeObject([]byte(*header))
		if err != nil {
			return usageErrorf("--header: %v", err)
		}
		for n, v := range m {
			switch n {
			case "kid", "typ", "cty":
				s, ok := v.(string)
				if !ok {
					return usageErrorf("--header: %q must be a string", n)
				}
				switch n {
				case "kid":
					rcpt.KeyID = s
				case "typ":
					opts.Type = s
				case "cty":
					opts.ContentType = s
				}
			case "crit":
				list, ok := stringList(v)
				if !ok {
					return usageErrorf("--header: \"crit\" must be an array of strings")
				}
				opts.Critical = list
			case "alg", "enc", "zip":
				return usageErrorf("--header may not set %q: use --%s", n, n)
			default:
				if opts.Protected == nil {
					opts.Protected = map[string]any{}
				}
				opts.Protected[n] = v
			}
		}
	}
	plaintext, err := readInput(e, file, maxPayload, "plaintext")
	if err != nil {
		return asUsage(err)
	}
	out, err := jwe.Encrypt(context.Background(), plaintext, ce, []jwe.Recipient{rcpt}, opts)
	if err != nil {
		return usageErrorf("jwe encrypt: %v", err)
	}
	return writeLine(e.stdout, out)
}

// decryptionOptions loads the private keys and allow-lists of a decrypting
// command: "alg" from --alg or the keys ("dir" for a key whose "alg" names
// a content encryption algorithm), "enc" from --enc or every registered
// content encryption algorithm.
func decryptionOptions(e *env, keyFile string, algFlag, encFlag []string) (jwk.KeySource, *jwe.DecryptOptions, error) {
	ki, err := loadKeys(e, keyFile)
	if err != nil {
		return nil, nil, err
	}
	for _, k := range ki.keys {
		if !k.IsPrivate() {
			return nil, nil, usageErrorf("key file %s holds a public %s; decryption needs the private key", keyFile, describeKey(k))
		}
	}
	names := slices.Clone(algFlag)
	if len(names) == 0 {
		if names, err = setAlgs(ki.keys, keyManagementFits); err != nil {
			return nil, nil, err
		}
	}
	opts := &jwe.DecryptOptions{}
	var dirEnc []string
	for _, n := range names {
		if slices.Contains(jwa.ContentEncryptionNames(), n) && len(algFlag) == 0 {
			dirEnc = append(dirEnc, n)
			n = "dir"
		}
		km, err := lookupKeyManagement(n, algSource(len(algFlag) > 0))
		if err != nil {
			return nil, nil, err
		}
		if !slices.Contains(opts.KeyManagement, km) {
			opts.KeyManagement = append(opts.KeyManagement, km)
		}
	}
	encNames := slices.Clone(encFlag)
	if len(encNames) == 0 {
		encNames = jwa.ContentEncryptionNames()
		if len(dirEnc) > 0 && len(dirEnc) == len(names) {
			encNames = dirEnc
		}
	}
	for _, n := range encNames {
		ce, err := lookupContentEncryption(n, "--enc")
		if err != nil {
			return nil, nil, err
		}
		opts.ContentEncryption = append(opts.ContentEncryption, ce)
	}
	if !ki.isSet {
		k := ki.keys[0]
		fits := false
		for _, km := range opts.KeyManagement {
			if km.Name() != "dir" && !k.AlgorithmFits(km.Name()) {
				continue
			}
			if _, err := km.NewDecrypter(cryptoKey(k)); err == nil {
				fits = true
				break
			}
		}
		if !fits {
			return nil, nil, usageErrorf("%s cannot decrypt %s: %s", describeKey(k), strings.Join(names, ", "), fitsHint(k, keyManagementFits(k)))
		}
	}
	return ki.source(ki.keys), opts, nil
}

func jweDecrypt(e *env, args []string) error {
	f := newFlags("jwe decrypt", "--key FILE [--alg A[,A]] [--enc E[,E]] [FILE]",
		`Decrypt a JWE (compact, flattened or general JSON, detected from the
input) with a private key and print the plaintext exactly as encrypted.
The accepted "alg" values are --alg or the keys' "alg"; the accepted "enc"
values are --enc or every registered content encryption algorithm (all are
authenticated). With a JWK Set, each recipient's "kid" selects the key.`,
		`jose jwe decrypt --key rsa.jwk secret.jwe
jose jwe decrypt --key aes.jwk --alg A128KW --enc A128CBC-HS256 < secret.jwe`)
	keyFile := f.String("key", "", "private key `FILE`: JWK, JWK Set or PEM (required)")
	var algFlag, encFlag listFlag
	f.Var(&algFlag, "alg", "accepted key management `ALGS`, comma-separated (default: the keys' \"alg\")")
	f.Var(&encFlag, "enc", "accepted content encryption `ENCS`, comma-separated (default: all registered)")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	file, err := f.oneFile(pos)
	if err != nil {
		return err
	}
	ks, opts, err := decryptionOptions(e, *keyFile, algFlag, encFlag)
	if err != nil {
		return err
	}
	token, err := readToken(e, file)
	if err != nil {
		return err
	}
	res, err := jwe.DecryptWithKeys(context.Background(), token, ks, opts)
	if err != nil {
		return rejectf("JWE rejected: %v", err)
	}
	_, err = e.stdout.Write(res.Plaintext)
	return err
}
