package main

import (
	"context"
	"errors"
	"time"

	"github.com/joseframework/jose/compat"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
)

// legacyKey reads the --key of a legacy command: the Python library's
// {"k": ...} form, a JWK, a JWK Set (of which exactly one key must suit
// the operation) or PEM.
func legacyKey(e *env, file string, op string) (*jwk.Key, error) {
	if file == "" {
		return nil, usageErrorf("missing --key FILE (the Python library's {\"k\": ...} form, a JWK, a JWK Set or a PEM key)")
	}
	data, err := readInput(e, file, maxKeyFile, "key")
	if err != nil {
		return nil, asUsage(err)
	}
	if isJSONObject(data) && hasMember(data, "keys") {
		ki, err := parseKeys(file, data)
		if err != nil {
			return nil, err
		}
		return pickKey(ki, "", "", op)
	}
	k, err := compat.ParseKey(data)
	if err != nil {
		return nil, usageErrorf("key file %s: %v", file, err)
	}
	return k, nil
}

// legacyOptions are the flags shared by legacy decrypt and verify.
type legacyOptions struct {
	expirySeconds *int64
	noValidate    *bool
	now           *string
}

func addLegacyOptions(f *cmdFlags) *legacyOptions {
	return &legacyOptions{
		expirySeconds: f.Int64("expiry-seconds", 0, "reject the token once \"iat\" + `N` seconds has passed (Python's expiry_seconds; 0: no \"iat\" check)"),
		noValidate:    f.Bool("no-validate", false, "do not check \"exp\", \"nbf\" and \"iat\" (Python's validate_claims=False)"),
		now:           f.String("now", "", "the current time, Unix seconds or RFC 3339 (default: the clock)"),
	}
}

func (lo *legacyOptions) options() (*compat.Options, error) {
	if *lo.expirySeconds < 0 {
		return nil, usageErrorf("--expiry-seconds must not be negative")
	}
	opts := &compat.Options{ExpirySeconds: *lo.expirySeconds, SkipClaimsValidation: *lo.noValidate}
	if *lo.now != "" {
		now, err := parseNow(*lo.now)
		if err != nil {
			return nil, err
		}
		opts.Now = func() time.Time { return now }
	}
	return opts, nil
}

// legacyResult maps a compat error to an exit status: a rejected token
// (invalid, expired, not yet valid) is 1, anything else 2.
func legacyResult(err error) error {
	switch {
	case errors.Is(err, compat.ErrInvalid), errors.Is(err, compat.ErrExpired), errors.Is(err, compat.ErrNotYetValid):
		if errors.Is(err, compat.ErrMacThenEncrypt) {
			return rejectf("token rejected: %v: it is a token of the library's versions 0.1 or 0.2.1 (MAC-then-encrypt); add --allow-mac-then-encrypt to read it", compat.ErrMacThenEncrypt)
		}
		return rejectf("token rejected: %v", err)
	default:
		return usageErrorf("%v", err)
	}
}

func legacyDecrypt(e *env, args []string) error {
	f := newFlags("legacy decrypt", "--key FILE [--adata S] [--expiry-seconds N] [--no-validate] [--allow-mac-then-encrypt] [--now T] [FILE]",
		`Decrypt a JWE made by the Python jose library (versions 0.1 to 1.0.0) and
print its claims as indented JSON. The key is the RSA private key, in the
library's {"k": "<PEM>"} form, as a JWK or as PEM. Claims are validated as
the library did ("exp", "nbf", and "iat" with --expiry-seconds) unless
--no-validate. Tokens of versions 0.1 and 0.2.1 (MAC-then-encrypt) are
read only with --allow-mac-then-encrypt. The header is not authenticated
by any version of the library, so it is not printed.`,
		`jose legacy decrypt --key docs/examples/python/rsa-a.key.json docs/examples/python/v1.0.0-a128cbc-hs256.jwe
jose legacy decrypt --key rsa.pem --adata client-context-42 --expiry-seconds 3600 < token.jwe`)
	keyFile := f.String("key", "", "RSA private key `FILE`: {\"k\": PEM}, JWK, JWK Set or PEM (required)")
	adata := f.String("adata", "", "the additional authenticated data the sender passed (Python's adata)")
	allowLegacy := f.Bool("allow-mac-then-encrypt", false, "read the MAC-then-encrypt tokens of versions 0.1 and 0.2.1")
	lo := addLegacyOptions(f)
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	file, err := f.oneFile(pos)
	if err != nil {
		return err
	}
	opts, err := lo.options()
	if err != nil {
		return err
	}
	opts.Adata = []byte(*adata)
	opts.AllowMacThenEncrypt = *allowLegacy
	k, err := legacyKey(e, *keyFile, jwk.OpDecrypt)
	if err != nil {
		return err
	}
	kd, err := compat.NewDecrypter(k)
	if err != nil {
		return usageErrorf("key file %s: %v", *keyFile, err)
	}
	token, err := readToken(e, file)
	if err != nil {
		return err
	}
	res, err := compat.Decrypt(context.Background(), string(token), kd, opts)
	if err != nil {
		return legacyResult(err)
	}
	return writeJSON(e.stdout, res.Claims)
}

func legacyVerify(e *env, args []string) error {
	f := newFlags("legacy verify", "--key FILE --alg A [--expiry-seconds N] [--no-validate] [--now T] [FILE]",
		`Verify a JWS made by the Python jose library (any version) and print its
claims as indented JSON. --alg is required (HS256, HS384, HS512, RS256,
RS384 or RS512): versions before 0.3.0 took the algorithm from the token,
which let anyone forge tokens. The key is the HMAC secret or the RSA public
key, in the library's {"k": ...} form, as a JWK or as PEM.`,
		`jose legacy verify --key docs/examples/python/rsa-a.pub.pem --alg RS256 docs/examples/python/v1.0.0-rs256.jws
jose legacy verify --key secret.key.json --alg HS256 --no-validate < token.jws`)
	keyFile := f.String("key", "", "key `FILE`: {\"k\": secret or PEM}, JWK, JWK Set or PEM (required)")
	alg := f.String("alg", "", "the algorithm the tokens were made with (required)")
	shortKey := f.Bool("allow-short-hmac-key", false, "accept an HMAC secret shorter than the hash, as the library did (weak: replace such secrets)")
	lo := addLegacyOptions(f)
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	file, err := f.oneFile(pos)
	if err != nil {
		return err
	}
	if *alg == "" {
		return usageErrorf("legacy verify: missing --alg: pin the algorithm the tokens were made with (HS256, HS384, HS512, RS256, RS384 or RS512)")
	}
	opts, err := lo.options()
	if err != nil {
		return err
	}
	k, err := legacyKey(e, *keyFile, jwk.OpVerify)
	if err != nil {
		return err
	}
	if k.KeyType() != jwk.KeyTypeOct && k.IsPrivate() {
		if k, err = k.Public(); err != nil {
			return usageErrorf("%v", err)
		}
	}
	v, err := compat.NewVerifier(k, *alg)
	if errors.Is(err, jwa.ErrKeySize) && *shortKey && k.KeyType() == jwk.KeyTypeOct {
		secret, _ := k.Key().([]byte)
		v, err = compat.NewShortKeyHMACVerifier(*alg, secret)
	}
	if err != nil {
		if errors.Is(err, jwa.ErrKeySize) && k.KeyType() == jwk.KeyTypeOct {
			return usageErrorf("key file %s: the HMAC secret is %d bytes, shorter than the %s hash; --allow-short-hmac-key accepts it, but such a secret can be guessed offline from one token", *keyFile, k.Size()/8, *alg)
		}
		return usageErrorf("key file %s: %v", *keyFile, err)
	}
	token, err := readToken(e, file)
	if err != nil {
		return err
	}
	res, err := compat.Verify(context.Background(), string(token), v, opts)
	if err != nil {
		return legacyResult(err)
	}
	return writeJSON(e.stdout, res.Claims)
}
