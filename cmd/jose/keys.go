package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
)

// keyInput is the content of a --key file: one key, or a JWK Set.
type keyInput struct {
	file  string
	keys  []*jwk.Key
	isSet bool
}

// loadKeys reads a --key file holding a JWK, a JWK Set or a PEM key.
// Every failure is a usage error (exit status 2).
func loadKeys(e *env, file string) (*keyInput, error) {
	if file == "" {
		return nil, usageErrorf("missing --key FILE (a JWK, a JWK Set or a PEM key)")
	}
	if file == "-" {
		return nil, usageErrorf("--key must name a file, not standard input")
	}
	data, err := readInput(e, file, maxKeyFile, "key")
	if err != nil {
		return nil, asUsage(err)
	}
	return parseKeys(file, data)
}

// parseKeys parses the content of a key file.
func parseKeys(file string, data []byte) (*keyInput, error) {
	trimmed := bytes.TrimSpace(data)
	switch {
	case bytes.HasPrefix(trimmed, []byte("-----BEGIN ")):
		k, err := jwk.ParsePEM(trimmed)
		if err != nil {
			return nil, usageErrorf("key file %s: %v", file, err)
		}
		return &keyInput{file: file, keys: []*jwk.Key{k}}, nil
	case isJSONObject(trimmed) && hasMember(trimmed, "keys"):
		set, err := jwk.ParseSet(trimmed)
		if err != nil {
			return nil, usageErrorf("key file %s: %v", file, err)
		}
		if len(set.Keys) == 0 {
			return nil, usageErrorf("key file %s: the JWK Set has no usable key (%d skipped as unsupported)", file, set.Skipped)
		}
		return &keyInput{file: file, keys: set.Keys, isSet: true}, nil
	case isJSONObject(trimmed):
		k, err := jwk.ParseKey(trimmed)
		if err != nil {
			return nil, usageErrorf("key file %s: %v", file, err)
		}
		return &keyInput{file: file, keys: []*jwk.Key{k}}, nil
	default:
		return nil, usageErrorf("key file %s: not a JWK, a JWK Set or a PEM key", file)
	}
}

// asUsage turns any error into a usage error, keeping its message.
func asUsage(err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return &exitError{code: exitUsage, err: ee.err}
	}
	return &exitError{code: exitUsage, err: err}
}

// hasMember reports whether the JSON object data has a top-level member
// name. It reads only the top level; malformed input gives false and is
// reported by the parser that runs next.
func hasMember(data []byte, name string) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil {
		return false
	}
	_, ok := m[name]
	return ok
}

// describeKey names a key for messages: `RSA key "kid"`, `EC P-256 key`.
func describeKey(k *jwk.Key) string {
	s := k.KeyType()
	if c := k.Curve(); c != "" {
		s += " " + c
	}
	s += " key"
	if kid := k.KeyID(); kid != "" {
		s += fmt.Sprintf(" %q", kid)
	}
	return s
}

// publicKeys returns the keys with every asymmetric private key replaced
// by its public key, so that a private JWK may be given where a public key
// is needed (its "key_ops" become the public operations).
func publicKeys(keys []*jwk.Key) ([]*jwk.Key, error) {
	out := make([]*jwk.Key, len(keys))
	for i, k := range keys {
		if k.KeyType() == jwk.KeyTypeOct || !k.IsPrivate() {
			out[i] = k
			continue
		}
		p, err := k.Public()
		if err != nil {
			return nil, usageErrorf("%s: %v", describeKey(k), err)
		}
		out[i] = p
	}
	return out, nil
}

// source returns the key source for verification or decryption: the set
// itself, which selects keys by the token's "kid", or for a single key a
// source that offers it whatever "kid" the token names (the user chose the
// key explicitly).
func (ki *keyInput) source(keys []*jwk.Key) jwk.KeySource {
	if ki.isSet {
		return &jwk.Set{Keys: keys}
	}
	return singleKey{keys[0]}
}

// singleKey is a KeySource of one key that ignores the query's key ID but
// applies every other rule of jwk.Query.
type singleKey struct{ k *jwk.Key }

func (s singleKey) LookupKeys(_ context.Context, q jwk.Query) ([]*jwk.Key, error) {
	k := s.k
	switch {
	case q.Algorithm != "" && !k.AlgorithmFits(q.Algorithm),
		q.Op != "" && !k.Permits(q.Op),
		q.KeyType != "" && q.KeyType != k.KeyType(),
		q.Use != "" && k.Use() != "" && k.Use() != q.Use:
		return nil, nil
	}
	return []*jwk.Key{k}, nil
}

// algKind is one of the three registries.
type algKind int

const (
	kindSignature algKind = iota
	kindKeyManagement
	kindContentEncryption
)

func (k algKind) String() string {
	return [...]string{"signature", "key management", "content encryption"}[k]
}

// kindOf returns the registries that know name.
func kindOf(name string) []algKind {
	var kinds []algKind
	if _, ok := jwa.LookupSignature(name); ok {
		kinds = append(kinds, kindSignature)
	}
	if _, ok := jwa.LookupKeyManagement(name); ok {
		kinds = append(kinds, kindKeyManagement)
	}
	if _, ok := jwa.LookupContentEncryption(name); ok {
		kinds = append(kinds, kindContentEncryption)
	}
	return kinds
}

// moduleFor names the module that registers an algorithm. This command
// links every module of the project, so the hint shows only in builds
// that leave one out (and in tests, which replace it).
var moduleFor = jwa.ModuleFor

// unknownAlg returns the usage error for a name missing from the
// registry of kind want, saying what the name is if it is known elsewhere.
func unknownAlg(want algKind, name, flagName string) error {
	if strings.EqualFold(strings.TrimSpace(name), "none") {
		return usageErrorf("%s \"none\" is refused: jose never makes or accepts unsecured tokens", flagName)
	}
	if kinds := kindOf(name); len(kinds) > 0 {
		return usageErrorf("%s %q is a %s algorithm, not a %s algorithm (run \"jose algs\")", flagName, name, kinds[0], want)
	}
	if m := moduleFor(name); m != "" {
		return usageErrorf("%s %q is not linked into this jose command; it is registered by importing %s (run \"jose algs\")", flagName, name, m)
	}
	for _, n := range allNames(want) {
		if strings.EqualFold(n, name) {
			return usageErrorf("unknown %s algorithm %q for %s: did you mean %q? (names are case-sensitive)", want, name, flagName, n)
		}
	}
	return usageErrorf("unknown %s algorithm %q for %s; known: %s", want, name, flagName, strings.Join(allNames(want), ", "))
}

func allNames(kind algKind) []string {
	switch kind {
	case kindSignature:
		return jwa.SignatureNames()
	case kindKeyManagement:
		return jwa.KeyManagementNames()
	default:
		return jwa.ContentEncryptionNames()
	}
}

func lookupSignature(name, flagName string) (jwa.SignatureAlgorithm, error) {
	a, ok := jwa.LookupSignature(name)
	if !ok {
		return nil, unknownAlg(kindSignature, name, flagName)
	}
	return a, nil
}

func lookupKeyManagement(name, flagName string) (jwa.KeyManagementAlgorithm, error) {
	a, ok := jwa.LookupKeyManagement(name)
	if !ok {
		return nil, unknownAlg(kindKeyManagement, name, flagName)
	}
	return a, nil
}

func lookupContentEncryption(name, flagName string) (jwa.ContentEncryptionAlgorithm, error) {
	a, ok := jwa.LookupContentEncryption(name)
	if !ok {
		return nil, unknownAlg(kindContentEncryption, name, flagName)
	}
	return a, nil
}

// signatureFits lists the signature algorithms that accept k, for hints.
func signatureFits(k *jwk.Key) []string {
	var fits []string
	for _, n := range jwa.SignatureNames() {
		a, _ := jwa.LookupSignature(n)
		if !k.AlgorithmFits(n) {
			continue
		}
		if _, err := a.NewVerifier(k.Key()); err == nil {
			fits = append(fits, n)
		}
	}
	return fits
}

// keyManagementFits lists the key management algorithms that accept k.
func keyManagementFits(k *jwk.Key) []string {
	var fits []string
	for _, n := range jwa.KeyManagementNames() {
		a, _ := jwa.LookupKeyManagement(n)
		if n != "dir" && !k.AlgorithmFits(n) {
			continue
		}
		if _, err := a.NewEncrypter(cryptoKey(k)); err == nil {
			fits = append(fits, n)
		}
	}
	return fits
}

// cryptoKey returns the Go crypto value of k for the algorithm modules.
func cryptoKey(k *jwk.Key) any { return k.Key() }

// algSource names where an algorithm name came from, for messages:
// "--alg", or the key's "alg" when no --alg was given.
func algSource(fromFlag bool) string {
	if fromFlag {
		return "--alg"
	}
	return "the key's \"alg\""
}

// needAlg is the error for a key without "alg" when no --alg was given.
func needAlg(k *jwk.Key, fits []string) error {
	hint := ""
	if len(fits) > 0 {
		hint = fmt.Sprintf(" (this %s fits: %s)", describeKey(k), strings.Join(fits, ", "))
	}
	return usageErrorf("the key has no \"alg\": choose the algorithm with --alg%s", hint)
}

// fitsHint describes which algorithms k suits, for messages.
func fitsHint(k *jwk.Key, fits []string) string {
	var s string
	if a := k.Algorithm(); a != "" {
		s = fmt.Sprintf("its \"alg\" is %s; ", a)
	}
	if u := k.Use(); u != "" {
		s += fmt.Sprintf("its \"use\" is %s; ", u)
	}
	if len(fits) == 0 {
		return s + "it suits no algorithm of this kind"
	}
	return s + "it suits " + strings.Join(fits, ", ")
}

// pickKey selects the one key of ki that op needs: a single key as is; from
// a set, the keys with the requested kid that permit op and fit alg (when
// alg is set). More or fewer than one match is a usage error.
func pickKey(ki *keyInput, kid, alg, op string) (*jwk.Key, error) {
	if !ki.isSet {
		k := ki.keys[0]
		if kid != "" && k.KeyID() != kid {
			return nil, usageErrorf("key file %s: the key's \"kid\" is %q, not %q", ki.file, k.KeyID(), kid)
		}
		return k, nil
	}
	var match []*jwk.Key
	for _, k := range ki.keys {
		if kid != "" && k.KeyID() != kid {
			continue
		}
		if alg != "" && !k.AlgorithmFits(alg) {
			continue
		}
		if op == jwk.OpEncrypt {
			// Key wrapping and key agreement permit other operations
			// than "encrypt": only "use" is checked here.
			if k.Use() != "" && k.Use() != jwk.UseEncryption {
				continue
			}
		} else if !k.Permits(op) {
			continue
		}
		if (op == jwk.OpSign || op == jwk.OpDecrypt) && !k.IsPrivate() {
			continue
		}
		match = append(match, k)
	}
	switch len(match) {
	case 1:
		return match[0], nil
	case 0:
		return nil, usageErrorf("key file %s: no key of the set fits (kid %q, alg %q, operation %s)", ki.file, kid, alg, op)
	default:
		return nil, usageErrorf("key file %s: %d keys of the set fit; choose one with --kid", ki.file, len(match))
	}
}

// setAlgs returns the distinct "alg" values of keys, in order, or an
// error asking for --alg when a key has none.
func setAlgs(keys []*jwk.Key, fits func(*jwk.Key) []string) ([]string, error) {
	var names []string
	for _, k := range keys {
		a := k.Algorithm()
		if a == "" {
			return nil, needAlg(k, fits(k))
		}
		if !slices.Contains(names, a) {
			names = append(names, a)
		}
	}
	return names, nil
}
