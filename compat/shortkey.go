package compat

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"

	"github.com/joseframework/jose/core/jwa"
)

// NewShortKeyHMACVerifier returns a Verifier for alg ("HS256", "HS384" or
// "HS512") that accepts an HMAC secret shorter than the hash output, which
// RFC 7518, Section 3.2 forbids and github.com/joseframework/jose/algs/hmac
// refuses. The Python library took any string as the secret, and its
// documentation used {"k": "password"}; tokens made that way can only be
// checked with this Verifier. A short secret can be guessed offline from
// one token: replace it, and stop accepting such tokens, as soon as the
// issuers allow.
//
// The Verifier works only inside this package's Verify, which is how a
// caller opts in: given to core/jws (or to anything else) directly, it
// rejects every signature. secret must not be empty, nor PEM text (the
// algorithm-confusion attack of the library's versions before 0.3.0 used a
// public key's PEM as the secret). secret is copied. The full-length MAC is
// compared in constant time.
func NewShortKeyHMACVerifier(alg string, secret []byte) (jwa.Verifier, error) {
	var h func() hash.Hash
	switch alg {
	case "HS256":
		h = sha256.New
	case "HS384":
		h = sha512.New384
	case "HS512":
		h = sha512.New
	default:
		return nil, fmt.Errorf("compat: short-key HMAC verifier for %q: want HS256, HS384 or HS512: %w", alg, jwa.ErrUnknownAlgorithm)
	}
	if len(secret) == 0 {
		return nil, fmt.Errorf("compat: %s: empty HMAC secret: %w", alg, jwa.ErrKeySize)
	}
	if bytes.Contains(secret, []byte("-----BEGIN")) {
		return nil, fmt.Errorf("compat: %s: the HMAC secret is PEM text, a public key is no secret: %w", alg, jwa.ErrKeyType)
	}
	return &shortKeyVerifier{alg: alg, hash: h, key: bytes.Clone(secret)}, nil
}

type shortKeyVerifier struct {
	alg  string
	hash func() hash.Hash
	key  []byte
}

var _ jwa.Verifier = (*shortKeyVerifier)(nil)

func (v *shortKeyVerifier) Algorithm() string { return v.alg }

// Verify checks the full-length HMAC of signingInput in constant time. It
// fails, wrapping jwa.ErrVerification, unless called from compat.Verify.
func (v *shortKeyVerifier) Verify(ctx context.Context, signingInput, signature []byte) error {
	if ctx.Value(shortKeyOptIn{}) == nil {
		return fmt.Errorf("compat: the short-key HMAC verifier works only inside compat.Verify: %w", jwa.ErrVerification)
	}
	m := hmac.New(v.hash, v.key)
	m.Write(signingInput)
	if !hmac.Equal(m.Sum(nil), signature) {
		return fmt.Errorf("compat: %s: %w", v.alg, jwa.ErrVerification)
	}
	return nil
}

// shortKeyOptIn is the context key by which Verify lets a short-key
// verifier work.
type shortKeyOptIn struct{}
