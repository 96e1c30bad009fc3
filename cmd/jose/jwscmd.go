package main

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
)

// signingKey loads the private key of a signing command and binds it to
// the algorithm from --alg or the key's "alg".
func signingKey(e *env, keyFile, algFlag, kid string) (jwa.Signer, *jwk.Key, error) {
	ki, err := loadKeys(e, keyFile)
	if err != nil {
		return nil, nil, err
	}
	k, err := pickKey(ki, kid, algFlag, jwk.OpSign)
	if err != nil {
		return nil, nil, err
	}
	if !k.IsPrivate() {
		return nil, nil, usageErrorf("key file %s holds a public %s; signing needs the private key", keyFile, describeKey(k))
	}
	name := algFlag
	if name == "" {
		if name = k.Algorithm(); name == "" {
			return nil, nil, needAlg(k, signatureFits(k))
		}
	}
	alg, err := lookupSignature(name, algSource(algFlag != ""))
	if err != nil {
		return nil, nil, err
	}
	if !k.AlgorithmFits(name) {
		return nil, nil, usageErrorf("%s cannot sign with %s: %s", describeKey(k), name, fitsHint(k, signatureFits(k)))
	}
	if err := k.CheckOp(jwk.OpSign); err != nil {
		return nil, nil, usageErrorf("%s: %v", describeKey(k), err)
	}
	s, err := alg.NewSigner(cryptoKey(k))
	if err != nil {
		return nil, nil, usageErrorf("%s cannot sign with %s: %v", describeKey(k), name, err)
	}
	return s, k, nil
}

// jwsHeader turns the --header JSON object into a jws.Header. "alg" and
// "b64" are refused: they come from --alg and --unencoded.
func jwsHeader(text, keyID string) (jws.Header, error) {
	var h jws.Header
	if text != "" {
		m, err := decodeObject([]byte(text))
		if err != nil {
			return h, usageErrorf("--header: %v", err)
		}
		for name, v := range m {
			switch name {
			case "alg":
				return h, usageErrorf("--header may not set \"alg\": use --alg")
			case "b64":
				return h, usageErrorf("--header may not set \"b64\": use --unencoded")
			case "kid", "typ", "cty":
				s, ok := v.(string)
				if !ok {
					return h, usageErrorf("--header: %q must be a string", name)
				}
				switch name {
				case "kid":
					h.KeyID = s
				case "typ":
					h.Type = s
				case "cty":
					h.ContentType = s
				}
			case "crit":
				list, ok := stringList(v)
				if !ok {
					return h, usageErrorf("--header: \"crit\" must be an array of strings")
				}
				h.Critical = list
			default:
				if h.Protected == nil {
					h.Protected = map[string]any{}
				}
				h.Protected[name] = v
			}
		}
	}
	if h.KeyID == "" {
		h.KeyID = keyID
	}
	return h, nil
}

func stringList(v any) ([]string, bool) {
	a, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, len(a))
	for i, x := range a {
		if out[i], ok = x.(string); !ok {
			return nil, false
		}
	}
	return out, true
}

func jwsSign(e *env, args []string) error {
	f := newFlags("jws sign", "--key FILE [--alg A] [--header JSON] [--json|--flattened] [--detached] [--unencoded] [FILE]",
		`Sign the payload read from FILE (or standard input) and print the JWS,
compact by default. The key must be private; the algorithm is --alg or the
key's "alg". The key's "kid" goes into the header unless --header sets one.`,
		`jose jws sign --key es256.jwk --alg ES256 payload.txt > token.jws
echo -n hello | jose jws sign --key hs256.jwk --json`)
	keyFile := f.String("key", "", "private key `FILE`: JWK, JWK Set or PEM (required)")
	alg := f.String("alg", "", "signature algorithm (default: the key's \"alg\")")
	kid := f.String("kid", "", "choose the key with this \"kid\" from a JWK Set")
	header := f.String("header", "", "extra protected header members, as a JSON object")
	general := f.Bool("json", false, "print the general JSON serialization")
	flattened := f.Bool("flattened", false, "print the flattened JSON serialization")
	detached := f.Bool("detached", false, "leave the payload out of the JWS (RFC 7515, Appendix F)")
	unencoded := f.Bool("unencoded", false, "do not base64url-encode the payload (RFC 7797, \"b64\": false)")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	file, err := f.oneFile(pos)
	if err != nil {
		return err
	}
	if *general && *flattened {
		return usageErrorf("jws sign: --json and --flattened exclude each other")
	}
	s, k, err := signingKey(e, *keyFile, *alg, *kid)
	if err != nil {
		return err
	}
	h, err := jwsHeader(*header, k.KeyID())
	if err != nil {
		return err
	}
	payload, err := readInput(e, file, maxPayload, "payload")
	if err != nil {
		return asUsage(err)
	}
	ctx := context.Background()
	opts := &jws.SignOptions{Header: h, Unencoded: *unencoded, Detached: *detached}
	var out []byte
	switch {
	case *general:
		opts.Header = jws.Header{}
		out, err = jws.SignGeneral(ctx, payload, []jws.Signer{{Signer: s, Header: h}}, opts)
	case *flattened:
		out, err = jws.SignFlattened(ctx, payload, s, opts)
	default:
		var tok string
		tok, err = jws.Sign(ctx, payload, s, opts)
		out = []byte(tok)
	}
	if err != nil {
		return usageErrorf("jws sign: %v", err)
	}
	return writeLine(e.stdout, out)
}

// verificationKeys loads the keys for verifying: --key (a private key is
// accepted), or the remote JWK Set of --jwks-url. It returns the key
// source and the signature algorithms allowed: --alg, or the keys' "alg"
// values (--jwks-url requires --alg).
func verificationKeys(e *env, keyFile, jwksURL string, allowHTTP bool, algFlag []string) (jwk.KeySource, []jwa.SignatureAlgorithm, error) {
	if jwksURL != "" {
		if keyFile != "" {
			return nil, nil, usageErrorf("--key and --jwks-url exclude each other")
		}
		return remoteKeys(jwksURL, allowHTTP, algFlag)
	}
	if allowHTTP {
		return nil, nil, usageErrorf("--insecure-allow-http applies only to --jwks-url")
	}
	ki, err := loadKeys(e, keyFile)
	if err != nil {
		return nil, nil, err
	}
	names := slices.Clone(algFlag)
	if len(names) == 0 {
		if names, err = setAlgs(ki.keys, signatureFits); err != nil {
			return nil, nil, err
		}
	}
	algs := make([]jwa.SignatureAlgorithm, 0, len(names))
	for _, n := range names {
		a, err := lookupSignature(n, algSource(len(algFlag) > 0))
		if err != nil {
			return nil, nil, err
		}
		algs = append(algs, a)
	}
	keys, err := publicKeys(ki.keys)
	if err != nil {
		return nil, nil, err
	}
	// A single key must suit at least one allowed algorithm: a mismatch is
	// a configuration error, not a bad token.
	if !ki.isSet {
		k := keys[0]
		fits := false
		for _, a := range algs {
			if _, err := a.NewVerifier(cryptoKey(k)); err == nil && k.AlgorithmFits(a.Name()) && k.Permits(jwk.OpVerify) {
				fits = true
				break
			}
		}
		if !fits {
			return nil, nil, usageErrorf("%s cannot verify %s: %s", describeKey(k), strings.Join(names, ", "), fitsHint(k, signatureFits(k)))
		}
	}
	return ki.source(keys), algs, nil
}

func jwsVerify(e *env, args []string) error {
	f := newFlags("jws verify", "--key FILE|--jwks-url URL [--alg A[,A]] [--payload FILE] [FILE]",
		`Verify a JWS (compact, flattened or general JSON, detected from the input)
and print its payload exactly as signed. The accepted algorithms are --alg
or the keys' "alg" values, never the token's. With a JWK Set, the token's
"kid" selects the key. A private key is accepted. --jwks-url fetches the
JWK Set from an https URL (the token's "jku" and "x5u" are never
fetched) and needs --alg.`,
		`jose jws verify --key es256.pub.jwk token.jws
jose jws verify --key keys.jwks --alg ES256,RS256 < token.jws
jose jws verify --key hs256.jwk --payload payload.txt detached.jws
jose jws verify --jwks-url https://issuer.example/.well-known/jwks.json --alg RS256 token.jws`)
	keyFile := f.String("key", "", "verification key `FILE`: JWK, JWK Set or PEM")
	jwksURL := f.String("jwks-url", "", "fetch the JWK Set from the https `URL` (needs --alg)")
	allowHTTP := f.Bool("insecure-allow-http", false, "allow a plain http --jwks-url on a loopback address (for tests)")
	var algFlag listFlag
	f.Var(&algFlag, "alg", "accepted signature `ALGS`, comma-separated (default: the keys' \"alg\")")
	payloadFile := f.String("payload", "", "detached payload `FILE` (RFC 7515, Appendix F)")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	file, err := f.oneFile(pos)
	if err != nil {
		return err
	}
	ks, algs, err := verificationKeys(e, *keyFile, *jwksURL, *allowHTTP, algFlag)
	if err != nil {
		return err
	}
	opts := &jws.VerifyOptions{}
	if *payloadFile != "" {
		if *payloadFile == file || (*payloadFile == "-" && file == "") {
			return usageErrorf("--payload and the token cannot both come from standard input")
		}
		p, err := readInput(e, *payloadFile, maxPayload, "detached payload")
		if err != nil {
			return asUsage(err)
		}
		opts.DetachedPayload = p
	}
	token, err := readToken(e, file)
	if err != nil {
		return err
	}
	msg, err := jws.VerifyKeys(context.Background(), token, ks, algs, opts)
	if err != nil {
		return verifyFailure("JWS", err)
	}
	_, err = e.stdout.Write(msg.Payload())
	return err
}

// jsonString quotes s as JSON.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
