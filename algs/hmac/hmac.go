package hmac

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"
	"sync"

	"github.com/joseframework/jose/core/jwa"
)

func init() {
	jwa.RegisterSignature(hs256)
	jwa.RegisterSignature(hs384)
	jwa.RegisterSignature(hs512)
}

var (
	hs256 = &algorithm{name: "HS256", hash: sha256.New, size: sha256.Size, summary: "HMAC using SHA-256"}
	hs384 = &algorithm{name: "HS384", hash: sha512.New384, size: sha512.Size384, summary: "HMAC using SHA-384"}
	hs512 = &algorithm{name: "HS512", hash: sha512.New, size: sha512.Size, summary: "HMAC using SHA-512"}
)

var (
	_ jwa.SignatureAlgorithm = (*algorithm)(nil)
	_ jwa.Describer          = (*algorithm)(nil)
	_ jwa.Signer             = (*macKey)(nil)
	_ jwa.Verifier           = (*macKey)(nil)
)

// HS256 returns the HMAC-SHA-256 algorithm. Every call returns the same
// value, so results can be compared with ==.
//
// Its NewSigner and NewVerifier take a []byte key of at least 32 bytes,
// which they copy. Any other type fails with [jwa.ErrKeyType], a shorter
// key with [jwa.ErrKeySize]. A []byte that is recognizably public key
// material (see the package documentation) fails with [jwa.ErrKeyType].
func HS256() jwa.SignatureAlgorithm { return hs256 }

// HS384 returns the HMAC-SHA-384 algorithm, with keys of at least 48
// bytes and otherwise as [HS256].
func HS384() jwa.SignatureAlgorithm { return hs384 }

// HS512 returns the HMAC-SHA-512 algorithm, with keys of at least 64
// bytes and otherwise as [HS256].
func HS512() jwa.SignatureAlgorithm { return hs512 }

// algorithm is one of HS256, HS384 and HS512.
type algorithm struct {
	name    string
	hash    func() hash.Hash
	size    int // hash output and minimum key length, in bytes
	summary string
}

func (a *algorithm) Name() string { return a.name }

// Describe reports the key type "oct", the minimum key size and FIPS
// approval (HMAC with SHA-2 is approved in FIPS 140-3).
func (a *algorithm) Describe() jwa.Description {
	return jwa.Description{
		KeyTypes:   []string{"oct"},
		MinKeyBits: a.size * 8,
		FIPS:       true,
		Summary:    a.summary,
	}
}

func (a *algorithm) NewSigner(key any) (jwa.Signer, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (a *algorithm) NewVerifier(key any) (jwa.Verifier, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (a *algorithm) newKey(key any) (*macKey, error) {
	b, ok := key.([]byte)
	if !ok {
		return nil, fmt.Errorf("hmac: %s key is %T, want []byte: %w", a.name, key, jwa.ErrKeyType)
	}
	if len(b) < a.size {
		return nil, fmt.Errorf("hmac: %s key is %d bytes, want at least %d: %w", a.name, len(b), a.size, jwa.ErrKeySize)
	}
	if kind, ok := looksLikePublicKey(b); ok {
		return nil, fmt.Errorf("hmac: %s key is %s, not a secret (RFC 8725, Section 2.1): %w", a.name, kind, jwa.ErrKeyType)
	}
	k := &macKey{alg: a, key: bytes.Clone(b)} // never keep the caller's slice
	k.pool.New = func() any { return &macState{h: hmac.New(a.hash, k.key)} }
	return k, nil
}

// macKey is an HMAC key bound to one algorithm. It is both the Signer and
// the Verifier. The pool holds keyed HMAC states, so that concurrent
// callers do not share one and a call does not rehash the key.
type macKey struct {
	alg  *algorithm
	key  []byte
	pool sync.Pool // of *macState
}

// macState is a keyed HMAC state with room for one MAC, so that Verify
// needs no allocation.
type macState struct {
	h   hash.Hash // hmac.New(alg.hash, key)
	sum [sha512.Size]byte
}

func (k *macKey) Algorithm() string { return k.alg.name }

// mac appends the MAC of in to dst.
func (k *macKey) mac(dst, in []byte) []byte {
	st := k.pool.Get().(*macState)
	st.h.Reset()
	st.h.Write(in)
	dst = st.h.Sum(dst)
	k.pool.Put(st)
	return dst
}

// Sign returns the MAC of signingInput, a new slice of the hash size.
func (k *macKey) Sign(_ context.Context, signingInput []byte) ([]byte, error) {
	return k.mac(make([]byte, 0, k.alg.size), signingInput), nil
}

// Verify compares the MAC of signingInput with signature in constant time
// (for a signature of the right length; the length itself is public).
func (k *macKey) Verify(_ context.Context, signingInput, signature []byte) error {
	if len(signature) != k.alg.size {
		return fmt.Errorf("hmac: %s: %w", k.alg.name, jwa.ErrVerification)
	}
	st := k.pool.Get().(*macState)
	defer func() {
		clear(st.sum[:])
		k.pool.Put(st)
	}()
	st.h.Reset()
	st.h.Write(signingInput)
	if !hmac.Equal(st.h.Sum(st.sum[:0]), signature) {
		return fmt.Errorf("hmac: %s: %w", k.alg.name, jwa.ErrVerification)
	}
	return nil
}
