package hs3

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha3"
	"fmt"
	"hash"

	"github.com/joseframework/jose/core/jwa"
)

// Name is the "alg" header value of HMAC over SHA3-256: a URI, which is a
// Collision-Resistant Name in the sense of RFC 7515, Section 4.1.1. A real
// deployment puts it under a domain it owns.
const Name = "https://example.com/jose/alg#HS3-256"

// KeySize is the minimum key length in bytes: the SHA3-256 output size,
// which is also the length of a signature.
const KeySize = 32

func init() { jwa.RegisterSignature(hs3) }

var hs3 = &algorithm{}

var (
	_ jwa.SignatureAlgorithm = (*algorithm)(nil)
	_ jwa.Describer          = (*algorithm)(nil)
	_ jwa.Signer             = (*macKey)(nil)
	_ jwa.Verifier           = (*macKey)(nil)
)

// HS3 returns the HMAC-SHA3-256 algorithm registered under [Name].
// Every call returns the same value, so results can be compared with ==.
//
// Its NewSigner and NewVerifier take a []byte key of at least [KeySize]
// bytes, which they copy. Any other type fails with [jwa.ErrKeyType], a
// shorter key with [jwa.ErrKeySize], and PEM text passed as a key (a
// public key mistaken for a secret, RFC 8725, Section 2.1) with
// [jwa.ErrKeyType].
func HS3() jwa.SignatureAlgorithm { return hs3 }

// algorithm is HMAC-SHA3-256.
type algorithm struct{}

func (*algorithm) Name() string { return Name }

// Describe reports the key type "oct" and the minimum key size. HMAC with
// SHA3-256 is a FIPS-approved construction, but this example module has
// not been validated, so FIPS is left unset.
func (*algorithm) Describe() jwa.Description {
	return jwa.Description{
		KeyTypes:   []string{"oct"},
		MinKeyBits: KeySize * 8,
		Summary:    "HMAC using SHA3-256 (private, example module)",
	}
}

// NewSigner and NewVerifier return a nil interface on error, not a nil
// *macKey inside a non-nil interface: jwatest checks for that mistake.

func (*algorithm) NewSigner(key any) (jwa.Signer, error) {
	k, err := newKey(key)
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (*algorithm) NewVerifier(key any) (jwa.Verifier, error) {
	k, err := newKey(key)
	if err != nil {
		return nil, err
	}
	return k, nil
}

func newKey(key any) (*macKey, error) {
	b, ok := key.([]byte)
	if !ok {
		return nil, fmt.Errorf("hs3: key is %T, want []byte: %w", key, jwa.ErrKeyType)
	}
	if len(b) < KeySize {
		return nil, fmt.Errorf("hs3: key is %d bytes, want at least %d: %w", len(b), KeySize, jwa.ErrKeySize)
	}
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("-----BEGIN")) {
		return nil, fmt.Errorf("hs3: key is PEM text, not a secret (RFC 8725, Section 2.1): %w", jwa.ErrKeyType)
	}
	return &macKey{key: bytes.Clone(b)}, nil // never keep the caller's slice
}

// macKey is an HMAC-SHA3-256 key; it is both the Signer and the Verifier.
// It holds no mutable state, so it is safe for concurrent use.
type macKey struct {
	key []byte
}

func (*macKey) Algorithm() string { return Name }

func (k *macKey) mac(signingInput []byte) []byte {
	h := hmac.New(func() hash.Hash { return sha3.New256() }, k.key)
	h.Write(signingInput)
	return h.Sum(nil)
}

// Sign returns the 32-byte MAC of signingInput.
func (k *macKey) Sign(_ context.Context, signingInput []byte) ([]byte, error) {
	return k.mac(signingInput), nil
}

// Verify compares the MAC of signingInput with signature in constant time
// (the length, which is public, is checked first).
func (k *macKey) Verify(_ context.Context, signingInput, signature []byte) error {
	if len(signature) != KeySize || !hmac.Equal(k.mac(signingInput), signature) {
		return fmt.Errorf("hs3: %w", jwa.ErrVerification)
	}
	return nil
}
