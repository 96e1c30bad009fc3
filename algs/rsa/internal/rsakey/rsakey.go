// Package rsakey checks and copies the RSA keys given to the algorithms of
// module github.com/joseframework/jose/algs/rsa, so that packages rsa and
// rsa15 apply exactly the same rules.
//
// Errors returned here carry no package prefix; callers wrap them with
// their own ("rsa: RS256 key: ...").
package rsakey

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"math/big"
	"reflect"

	"github.com/joseframework/jose/core/jwa"
)

// Size limits, in bits of the modulus.
const (
	// MinBits is the smallest modulus accepted (RFC 7518, Sections 3.3,
	// 3.5, 4.2 and 4.3 require 2048 bits or more).
	MinBits = 2048
	// MaxBits is the largest modulus accepted. It bounds the work one
	// operation can cost when keys come from a remote JWK Set.
	MaxBits = 16384
)

// ErrInvalid means an RSA key of the right type is not a usable key: a
// missing or even modulus, a public exponent out of range, or private
// values that do not match the public key.
// Packages rsa and rsa15 export it as ErrInvalidKey.
var ErrInvalid = errors.New("rsa: invalid key")

// CheckPublic checks pub's modulus size and public exponent. Size errors
// wrap jwa.ErrKeySize; other defects wrap ErrInvalid.
func CheckPublic(pub *rsa.PublicKey) error {
	if pub == nil {
		return fmt.Errorf("nil public key: %w", jwa.ErrKeyType)
	}
	if pub.N == nil || pub.N.Sign() <= 0 {
		return fmt.Errorf("missing modulus: %w", ErrInvalid)
	}
	if pub.N.Bit(0) == 0 {
		return fmt.Errorf("even modulus: %w", ErrInvalid)
	}
	if bits := pub.N.BitLen(); bits < MinBits || bits > MaxBits {
		return fmt.Errorf("modulus is %d bits, want %d to %d: %w", bits, MinBits, MaxBits, jwa.ErrKeySize)
	}
	// Go's crypto/rsa refuses the same exponents; checking here turns a
	// failure at first use into an error when the key is bound.
	if pub.E < 3 || pub.E&1 == 0 || pub.E > 1<<31-1 {
		return fmt.Errorf("public exponent %d is not odd, at least 3 and below 2^31: %w", pub.E, ErrInvalid)
	}
	return nil
}

// Public returns a private copy of pub after checking it with CheckPublic,
// so that later changes to the caller's key cannot affect a bound key.
func Public(pub *rsa.PublicKey) (*rsa.PublicKey, error) {
	if err := CheckPublic(pub); err != nil {
		return nil, err
	}
	return &rsa.PublicKey{N: new(big.Int).Set(pub.N), E: pub.E}, nil
}

// Private returns a validated, precomputed private copy of priv. It
// requires the prime factors (a key with only n, e and d is refused), as
// crypto/rsa's Validate does.
func Private(priv *rsa.PrivateKey) (*rsa.PrivateKey, error) {
	if priv == nil {
		return nil, fmt.Errorf("nil private key: %w", jwa.ErrKeyType)
	}
	if err := CheckPublic(&priv.PublicKey); err != nil {
		return nil, err
	}
	if priv.D == nil || len(priv.Primes) < 2 {
		return nil, fmt.Errorf("missing private exponent or prime factors: %w", ErrInvalid)
	}
	c := &rsa.PrivateKey{
		PublicKey: rsa.PublicKey{N: new(big.Int).Set(priv.N), E: priv.E},
		D:         new(big.Int).Set(priv.D),
		Primes:    make([]*big.Int, len(priv.Primes)),
	}
	for i, p := range priv.Primes {
		if p == nil {
			return nil, fmt.Errorf("missing prime factor: %w", ErrInvalid)
		}
		c.Primes[i] = new(big.Int).Set(p)
	}
	// Precompute leaves the key unprecomputed if it is invalid; Validate
	// then reports why, and is cheap for a key that precomputed.
	c.Precompute()
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("%v: %w", err, ErrInvalid)
	}
	return c, nil
}

// PublicOf returns the RSA public key of an opaque key (crypto.Signer or
// crypto.Decrypter), checked with CheckPublic, or an error wrapping
// jwa.ErrKeyType if it is not an RSA key.
func PublicOf(k interface{ Public() crypto.PublicKey }) (*rsa.PublicKey, error) {
	if isNil(k) {
		return nil, fmt.Errorf("nil %T: %w", k, jwa.ErrKeyType)
	}
	p := k.Public()
	pub, ok := p.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%T has a %T public key, want *rsa.PublicKey: %w", k, p, jwa.ErrKeyType)
	}
	return Public(pub)
}

// ForEncryption returns a checked copy of the public key to encrypt to:
// key itself if it is an *rsa.PublicKey, or the public part of an
// *rsa.PrivateKey.
func ForEncryption(key any) (*rsa.PublicKey, error) {
	switch k := key.(type) {
	case *rsa.PublicKey:
		return Public(k)
	case *rsa.PrivateKey:
		if k == nil {
			return nil, fmt.Errorf("nil private key: %w", jwa.ErrKeyType)
		}
		return Public(&k.PublicKey)
	default:
		return nil, fmt.Errorf("key is %T, want *rsa.PublicKey or *rsa.PrivateKey: %w", key, jwa.ErrKeyType)
	}
}

// A Decrypter is a bound decryption key: either a local private key or an
// opaque crypto.Decrypter (HSM, KMS).
type Decrypter struct {
	Priv   *rsa.PrivateKey  // set for a local key
	Opaque crypto.Decrypter // set otherwise
	Pub    *rsa.PublicKey
}

// ForDecryption binds an *rsa.PrivateKey (copied and validated) or a
// crypto.Decrypter whose public key is RSA.
func ForDecryption(key any) (*Decrypter, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		priv, err := Private(k)
		if err != nil {
			return nil, err
		}
		return &Decrypter{Priv: priv, Pub: &priv.PublicKey}, nil
	case *rsa.PublicKey:
		return nil, fmt.Errorf("key is a public key, decryption needs *rsa.PrivateKey or a crypto.Decrypter: %w", jwa.ErrKeyType)
	case crypto.Decrypter:
		pub, err := PublicOf(k)
		if err != nil {
			return nil, err
		}
		return &Decrypter{Opaque: k, Pub: pub}, nil
	default:
		return nil, fmt.Errorf("key is %T, want *rsa.PrivateKey or a crypto.Decrypter: %w", key, jwa.ErrKeyType)
	}
}

// A Signer is a bound signing key. For a local key, Signer is the
// validated private copy.
type Signer struct {
	Signer crypto.Signer
	Pub    *rsa.PublicKey
	Local  bool
}

// ForSigning binds an *rsa.PrivateKey (copied and validated) or a
// crypto.Signer whose public key is RSA.
func ForSigning(key any) (*Signer, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		priv, err := Private(k)
		if err != nil {
			return nil, err
		}
		return &Signer{Signer: priv, Pub: &priv.PublicKey, Local: true}, nil
	case *rsa.PublicKey:
		return nil, fmt.Errorf("key is a public key, signing needs *rsa.PrivateKey or a crypto.Signer: %w", jwa.ErrKeyType)
	case crypto.Signer:
		pub, err := PublicOf(k)
		if err != nil {
			return nil, err
		}
		return &Signer{Signer: k, Pub: pub}, nil
	default:
		return nil, fmt.Errorf("key is %T, want *rsa.PrivateKey or a crypto.Signer: %w", key, jwa.ErrKeyType)
	}
}

// ForVerification returns a checked copy of the public key that verifies:
// key itself if it is an *rsa.PublicKey, or the public part of an
// *rsa.PrivateKey.
func ForVerification(key any) (*rsa.PublicKey, error) { return ForEncryption(key) }

// isNil reports whether v holds a nil pointer, map, slice, func, channel
// or interface, whose Public method would likely panic.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return r.IsNil()
	}
	return false
}

// Canceled returns ctx.Err(), for operations that may do I/O.
func Canceled(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	return ctx.Err()
}

// NewCEK returns a copy of params.CEK if it is set (it must be cekSize
// bytes long, or the error wraps jwa.ErrInvalidParameter), or cekSize
// random bytes.
func NewCEK(cekSize int, params *jwa.Params) ([]byte, error) {
	if params != nil && params.CEK != nil {
		if len(params.CEK) != cekSize {
			return nil, fmt.Errorf("params.CEK is %d bytes, want %d: %w", len(params.CEK), cekSize, jwa.ErrInvalidParameter)
		}
		return bytes.Clone(params.CEK), nil
	}
	cek := make([]byte, cekSize)
	if _, err := rand.Read(cek); err != nil {
		return nil, err
	}
	return cek, nil
}
