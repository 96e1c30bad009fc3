// Package eddsa implements Ed25519 JWS signatures for
// github.com/joseframework/jose under both of their names: "EdDSA"
// (RFC 8037, Section 3.1) and the fully-specified "Ed25519" (RFC 9864).
//
// Importing this package registers both with [jwa.RegisterSignature]. Only
// package main should import it for that side effect alone; libraries
// should take a [jwa.Verifier] from their caller.
//
// The two algorithms make and accept the same signature bytes; they differ
// only in the "alg" header value, which the JWS layer checks against
// [jwa.Verifier.Algorithm] before any signature is verified. "EdDSA" names
// a family of curves, so the key alone says which curve a token uses;
// RFC 9864 deprecates it in favour of "Ed25519", which names one. Use
// "Ed25519" where every peer understands it and "EdDSA" otherwise (most
// deployed JOSE libraries know only "EdDSA").
//
// # Ed448
//
// RFC 8037 also defines "EdDSA" over Ed448, and RFC 9864 the name "Ed448".
// Neither is supported: the Go standard library has no Ed448, and this
// project takes no dependency for it. An "EdDSA" Verifier from this package
// only ever checks Ed25519 signatures. Keys of Ed448 sizes are refused with
// [ErrEd448].
//
// # Keys
//
// A Signer takes an ed25519.PrivateKey (64 bytes: seed and public key) or
// any [crypto.Signer] whose Public method returns an ed25519.PublicKey (a
// key in an HSM or a cloud KMS); it is called with crypto.Hash(0), as
// pure Ed25519 requires. A Verifier takes an ed25519.PublicKey (32 bytes)
// or an ed25519.PrivateKey. A key of another length is refused with
// [jwa.ErrKeySize], a key of another type, including X25519 keys
// (*ecdh.PrivateKey, *ecdh.PublicKey), which are for ECDH-ES key
// agreement and never for signatures, with [jwa.ErrKeyType]. Keys are
// copied, so later changes to the caller's slice do not affect a Signer or
// Verifier.
//
// An ed25519.PrivateKey whose public half does not belong to its seed is
// refused with [ErrInvalidKey]: Ed25519 signs with the public key it is
// given, and two signatures of one message under different public keys
// reveal the private key. So is a public key of small order (such as the
// identity point), under which crypto/ed25519 accepts signatures that hold
// for every message.
//
// # Signatures
//
// Signatures are 64 bytes (RFC 8032, Section 5.1.6); Verify refuses any
// other length before doing any arithmetic. Verification is that of
// crypto/ed25519: it refuses a non-canonical S (so a valid signature cannot
// be changed into another valid one by adding the group order to S).
// Signing is deterministic: the same key and input always give the same
// signature.
package eddsa

import (
	"context"
	"crypto"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"reflect"

	"github.com/joseframework/jose/core/jwa"
)

func init() {
	jwa.RegisterSignature(edDSA)
	jwa.RegisterSignature(ed25519Alg)
}

var (
	edDSA = &algorithm{
		name:    "EdDSA",
		summary: "EdDSA (RFC 8037) with Ed25519; Ed448 is not supported",
	}
	ed25519Alg = &algorithm{
		name:    "Ed25519",
		summary: "Ed25519 (RFC 9864, fully specified)",
	}
)

// EdDSA returns the "EdDSA" algorithm of RFC 8037, restricted to Ed25519
// keys. Every call returns the same value, so results can be compared
// with ==.
func EdDSA() jwa.SignatureAlgorithm { return edDSA }

// Ed25519 returns the fully-specified "Ed25519" algorithm of RFC 9864.
// Every call returns the same value, so results can be compared with ==.
func Ed25519() jwa.SignatureAlgorithm { return ed25519Alg }

var (
	_ jwa.SignatureAlgorithm = (*algorithm)(nil)
	_ jwa.Describer          = (*algorithm)(nil)
	_ jwa.Signer             = (*signer)(nil)
	_ jwa.Verifier           = (*verifier)(nil)
)

// Sizes of Ed448 keys (RFC 8032, Section 5.2.5), for a clear refusal.
const (
	ed448KeySize     = 57  // public key, and the private key (seed) alone
	ed448PrivKeySize = 114 // seed and public key, the layout of ed25519.PrivateKey
)

type algorithm struct {
	name    string
	summary string
}

func (a *algorithm) Name() string { return a.name }

// Describe returns the algorithm's metadata. Ed25519 is approved in
// FIPS 186-5.
func (a *algorithm) Describe() jwa.Description {
	return jwa.Description{
		KeyTypes: []string{"OKP"},
		FIPS:     true,
		Summary:  a.summary,
	}
}

func (a *algorithm) NewSigner(key any) (jwa.Signer, error) {
	switch k := key.(type) {
	case ed25519.PrivateKey:
		priv, err := a.privateKey(k)
		if err != nil {
			return nil, err
		}
		return &signer{alg: a, priv: priv}, nil
	case *ed25519.PrivateKey:
		// It is a crypto.Signer, but taking it as one would skip the
		// checks and the copy above.
		return nil, a.typeError("signing", key, "ed25519.PrivateKey or a crypto.Signer")
	case crypto.Signer:
		if isNil(k) {
			return nil, fmt.Errorf("eddsa: %s signing key is a nil %T: %w", a.name, key, jwa.ErrKeyType)
		}
		pub, ok := k.Public().(ed25519.PublicKey)
		if !ok {
			return nil, fmt.Errorf("eddsa: %s signing key is a crypto.Signer with a %T public key, want ed25519.PublicKey: %w",
				a.name, k.Public(), jwa.ErrKeyType)
		}
		if _, err := a.publicKey(pub); err != nil {
			return nil, err
		}
		return &signer{alg: a, ext: k}, nil
	default:
		return nil, a.typeError("signing", key, "ed25519.PrivateKey or a crypto.Signer")
	}
}

func (a *algorithm) NewVerifier(key any) (jwa.Verifier, error) {
	switch k := key.(type) {
	case ed25519.PublicKey:
		pub, err := a.publicKey(k)
		if err != nil {
			return nil, err
		}
		return &verifier{alg: a, pub: pub}, nil
	case ed25519.PrivateKey:
		priv, err := a.privateKey(k)
		if err != nil {
			return nil, err
		}
		return &verifier{alg: a, pub: priv.Public().(ed25519.PublicKey)}, nil
	default:
		return nil, a.typeError("verification", key, "ed25519.PublicKey or ed25519.PrivateKey")
	}
}

func (a *algorithm) typeError(use string, key any, want string) error {
	switch key.(type) {
	case *ecdh.PrivateKey, *ecdh.PublicKey:
		return fmt.Errorf("eddsa: %s %s key is %T, a key agreement key (such as X25519) and never a signature key: %w",
			a.name, use, key, jwa.ErrKeyType)
	case *ed25519.PrivateKey, *ed25519.PublicKey:
		return fmt.Errorf("eddsa: %s %s key is %T, want %s (not a pointer): %w", a.name, use, key, want, jwa.ErrKeyType)
	}
	return fmt.Errorf("eddsa: %s %s key is %T, want %s: %w", a.name, use, key, want, jwa.ErrKeyType)
}

// publicKey checks the length of pub and returns a copy of it.
func (a *algorithm) publicKey(pub ed25519.PublicKey) (ed25519.PublicKey, error) {
	switch len(pub) {
	case ed25519.PublicKeySize:
		if smallOrder(pub) {
			return nil, fmt.Errorf("eddsa: %s public key is a point of small order, which would accept forged signatures: %w: %w",
				a.name, ErrInvalidKey, jwa.ErrKeyType)
		}
		return ed25519.PublicKey(append([]byte(nil), pub...)), nil
	case ed448KeySize:
		return nil, fmt.Errorf("eddsa: %s public key is %d bytes, the size of an Ed448 key: %w: %w",
			a.name, len(pub), ErrEd448, jwa.ErrKeyType)
	default:
		return nil, fmt.Errorf("eddsa: %s public key is %d bytes, want %d: %w",
			a.name, len(pub), ed25519.PublicKeySize, jwa.ErrKeySize)
	}
}

// privateKey checks priv, including that its public half belongs to its
// seed, and returns a copy of it.
func (a *algorithm) privateKey(priv ed25519.PrivateKey) (ed25519.PrivateKey, error) {
	switch len(priv) {
	case ed25519.PrivateKeySize:
	case ed448KeySize, ed448PrivKeySize:
		return nil, fmt.Errorf("eddsa: %s private key is %d bytes, the size of an Ed448 key: %w: %w",
			a.name, len(priv), ErrEd448, jwa.ErrKeyType)
	case ed25519.SeedSize:
		return nil, fmt.Errorf("eddsa: %s private key is %d bytes, a seed; use ed25519.NewKeyFromSeed: %w",
			a.name, len(priv), jwa.ErrKeySize)
	default:
		return nil, fmt.Errorf("eddsa: %s private key is %d bytes, want %d: %w",
			a.name, len(priv), ed25519.PrivateKeySize, jwa.ErrKeySize)
	}
	cp := ed25519.NewKeyFromSeed(priv.Seed())
	if subtle.ConstantTimeCompare(cp, priv) != 1 {
		return nil, fmt.Errorf("eddsa: %s private key holds a public key that is not its seed's: %w: %w",
			a.name, ErrInvalidKey, jwa.ErrKeyType)
	}
	return cp, nil
}

// isNil reports whether v holds a nil pointer (or other nil reference),
// which would panic when its methods are called.
func isNil(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// A signer signs with its own copy of an ed25519.PrivateKey (priv) or with
// the caller's crypto.Signer (ext).
type signer struct {
	alg  *algorithm
	priv ed25519.PrivateKey
	ext  crypto.Signer
}

func (s *signer) Algorithm() string { return s.alg.name }

// Sign returns the 64-byte Ed25519 signature of signingInput. It fails if
// ctx is already done, if a crypto.Signer fails, or, wrapping
// [ErrSignerOutput], if a crypto.Signer returns a signature of the wrong
// length.
func (s *signer) Sign(ctx context.Context, signingInput []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("eddsa: %s: %w", s.alg.name, err)
	}
	if s.priv != nil {
		return ed25519.Sign(s.priv, signingInput), nil
	}
	sig, err := s.ext.Sign(rand.Reader, signingInput, crypto.Hash(0))
	if err != nil {
		return nil, fmt.Errorf("eddsa: %s signing failed: %w", s.alg.name, err)
	}
	if len(sig) != ed25519.SignatureSize {
		return nil, fmt.Errorf("eddsa: %s: signature is %d bytes, want %d: %w",
			s.alg.name, len(sig), ed25519.SignatureSize, ErrSignerOutput)
	}
	// The Signer may keep or reuse its result; the caller gets its own.
	return append([]byte(nil), sig...), nil
}

type verifier struct {
	alg *algorithm
	pub ed25519.PublicKey
}

func (v *verifier) Algorithm() string { return v.alg.name }

// Verify checks a 64-byte Ed25519 signature of signingInput.
func (v *verifier) Verify(_ context.Context, signingInput, signature []byte) error {
	if len(signature) != ed25519.SignatureSize || !ed25519.Verify(v.pub, signingInput, signature) {
		return fmt.Errorf("eddsa: %s: %w", v.alg.name, jwa.ErrVerification)
	}
	return nil
}
