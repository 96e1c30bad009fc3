package jwe

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
)

// DecryptWithKeys decrypts a JWE with a key from keys, such as a *jwk.Set.
// opts.KeyManagement and opts.ContentEncryption are required: they are the
// "alg" and "enc" algorithms accepted, as values, so that a token can never
// name an algorithm the caller did not choose.
//
// For each recipient whose "alg" is allowed (and whose "kid" equals
// opts.KeyID, when set), DecryptWithKeys asks keys for the keys with the
// recipient's "kid" (any key when the recipient has none) that fit the
// algorithm: a matching "alg" or none (for "dir", also the token's "enc"),
// "use" "enc" or none, and "key_ops", when present, listing an operation
// of the algorithm ("unwrapKey" or "decrypt" for key encryption and "dir",
// "deriveKey" or "deriveBits" for key agreement and PBES2). Keys of another type are skipped. At most
// opts.Limits.MaxRecipients (recipient, key) pairs are tried, in token and
// key-source order; the first that decrypts wins, and Result.Key is set to
// its key.
//
// Errors are those of [Decrypt]; if no allowed recipient has a usable key,
// the error wraps ErrNoRecipient.
func DecryptWithKeys(ctx context.Context, token []byte, keys jwk.KeySource, opts *DecryptOptions) (*Result, error) {
	if keys == nil {
		return nil, fmt.Errorf("%w: nil key source", ErrInvalidOptions)
	}
	if err := opts.check(); err != nil {
		return nil, err
	}
	if len(opts.KeyManagement) == 0 {
		return nil, fmt.Errorf("%w: no key management algorithm allowed (DecryptOptions.KeyManagement)", ErrInvalidOptions)
	}
	allowed := make([]string, len(opts.KeyManagement))
	for i, km := range opts.KeyManagement {
		if km == nil {
			return nil, fmt.Errorf("%w: nil key management algorithm", ErrInvalidOptions)
		}
		if strings.EqualFold(strings.TrimSpace(km.Name()), "none") {
			return nil, fmt.Errorf("%w: key management algorithm %q", ErrInvalidOptions, km.Name())
		}
		allowed[i] = km.Name()
	}
	l := opts.Limits.WithDefaults()
	m, err := parse(token, l, opts.Critical)
	if err != nil {
		return nil, err
	}

	var attempts []attempt
	var algs []string
	algMatched := false
recipients:
	for i, r := range m.recipients {
		algs = append(algs, r.header.Algorithm)
		idx := slices.Index(allowed, r.header.Algorithm)
		if idx < 0 {
			continue
		}
		algMatched = true
		if opts.KeyID != "" && r.header.KeyID != opts.KeyID {
			continue
		}
		km := opts.KeyManagement[idx]
		q := jwk.Query{KeyID: r.header.KeyID, Algorithm: km.Name(), Use: jwk.UseEncryption}
		if km.Name() == "dir" {
			// A "dir" key is the CEK; its "alg" may name the content
			// encryption algorithm instead (as in RFC 7520, Section 5.6).
			q.Algorithm = ""
		}
		candidates, err := keys.LookupKeys(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("jwe: looking up keys: %w", err)
		}
		for _, k := range candidates {
			if len(attempts) == l.MaxRecipients {
				break recipients
			}
			if !permitsOne(k, opsFor(km.Name())) {
				continue
			}
			if q.Algorithm == "" && k.Algorithm() != "" && k.Algorithm() != "dir" && k.Algorithm() != r.header.Encryption {
				continue
			}
			kd, ok := newDecrypter(km, k)
			if !ok {
				continue
			}
			attempts = append(attempts, attempt{recipient: i, kd: kd, key: k})
		}
	}
	if !algMatched {
		return nil, &AlgorithmError{Param: "alg", Token: algs, Allowed: allowed}
	}
	if len(attempts) == 0 {
		return nil, fmt.Errorf("%w: no key fits any recipient", ErrNoRecipient)
	}
	enc, err := opts.contentAlgorithm(m)
	if err != nil {
		return nil, err
	}
	return m.decrypt(ctx, enc, attempts, l)
}

// opsFor returns the "key_ops" values under which a recipient key may be
// used to decrypt with the key management algorithm alg.
func opsFor(alg string) []string {
	switch {
	case alg == "dir":
		return []string{jwk.OpDecrypt}
	case alg == "ECDH-ES":
		return []string{jwk.OpDeriveKey, jwk.OpDeriveBits}
	case strings.HasPrefix(alg, "ECDH-ES+"):
		return []string{jwk.OpDeriveKey, jwk.OpDeriveBits, jwk.OpUnwrapKey}
	case strings.HasPrefix(alg, "PBES2-"):
		return []string{jwk.OpDeriveKey, jwk.OpUnwrapKey}
	}
	return []string{jwk.OpUnwrapKey, jwk.OpDecrypt}
}

func permitsOne(k *jwk.Key, ops []string) bool {
	for _, op := range ops {
		if k.Permits(op) {
			return true
		}
	}
	return false
}

// newDecrypter binds k to km. EC and X25519 keys are offered in their
// crypto/ecdh form when the algorithm refuses the other.
func newDecrypter(km jwa.KeyManagementAlgorithm, k *jwk.Key) (jwa.KeyDecrypter, bool) {
	if !k.IsPrivate() {
		return nil, false
	}
	kd, err := km.NewDecrypter(k.Key())
	if err == nil && kd != nil {
		return kd, true
	}
	if e, err := k.ECDH(); err == nil {
		if kd, err := km.NewDecrypter(e); err == nil && kd != nil {
			return kd, true
		}
	}
	return nil, false
}
