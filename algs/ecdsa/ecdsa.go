// Package ecdsa implements the ES256, ES384 and ES512 JWS algorithms
// (RFC 7518, Section 3.4) for github.com/joseframework/jose: ECDSA on the
// NIST curves P-256, P-384 and P-521 with SHA-256, SHA-384 and SHA-512.
//
// Importing this package registers all three with
// [jwa.RegisterSignature]. Only package main should import it for that side
// effect alone; libraries should take a [jwa.Verifier] from their caller.
//
// # Keys
//
// A Signer takes an *ecdsa.PrivateKey, or any [crypto.Signer] whose Public
// method returns an *ecdsa.PublicKey (a key in an HSM or a cloud KMS). A
// Verifier takes an *ecdsa.PublicKey or an *ecdsa.PrivateKey. Each
// algorithm accepts only its own curve: ES256 takes P-256 keys, ES384 P-384
// keys and ES512 P-521 keys, and anything else is refused with an error
// wrapping [jwa.ErrKeyType]. The curve must be the value returned by
// elliptic.P256, elliptic.P384 or elliptic.P521 (not its Params).
//
// Keys are checked when the Signer or Verifier is made: the public point
// must be on the curve, the private scalar in [1, n-1] and consistent with
// the public point, or the error wraps [ErrInvalidKey] (and
// [jwa.ErrKeyType]); of a crypto.Signer, only the public key can be
// checked. *ecdsa.PublicKey and *ecdsa.PrivateKey values are copied, so
// later changes to the caller's key do not affect a Signer or Verifier; a
// crypto.Signer is used as given.
//
// A crypto.Signer returns ASN.1 DER. Sign accepts only the canonical DER
// encoding of two integers in [1, n-1] and converts it to the JWS form;
// anything else gives an error wrapping [ErrSignerOutput].
//
// # Signatures
//
// A JWS ECDSA signature is not DER: it is R‖S, each integer big-endian and
// left-padded with zeros to the byte length of the group order, so exactly
// 64, 96 or 132 bytes (RFC 7518, Section 3.4). Verify refuses any other
// length, and any r or s outside [1, n-1], before any curve arithmetic.
//
// ECDSA signatures are malleable: whenever (r, s) is valid, so is
// (r, n-s). RFC 7518 does not require "low S", and this package accepts
// both forms, as an interoperable implementation must. Never use the bytes
// of a signature to identify a token; use a "jti" claim instead.
//
// Signing is randomized (crypto/ecdsa mixes fresh randomness from
// crypto/rand with the key and message), so two signatures of the same
// input differ.
package ecdsa

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"math/big"
	"reflect"
	"sync"

	"github.com/joseframework/jose/core/jwa"
)

func init() {
	jwa.RegisterSignature(es256)
	jwa.RegisterSignature(es384)
	jwa.RegisterSignature(es512)
}

var (
	es256 = &algorithm{name: "ES256", curve: elliptic.P256(), crv: "P-256", hash: crypto.SHA256, size: 32}
	es384 = &algorithm{name: "ES384", curve: elliptic.P384(), crv: "P-384", hash: crypto.SHA384, size: 48}
	es512 = &algorithm{name: "ES512", curve: elliptic.P521(), crv: "P-521", hash: crypto.SHA512, size: 66}
)

// ES256 returns the ECDSA P-256 SHA-256 algorithm. Every call returns the
// same value, so results can be compared with ==.
func ES256() jwa.SignatureAlgorithm { return es256 }

// ES384 returns the ECDSA P-384 SHA-384 algorithm. Every call returns the
// same value, so results can be compared with ==.
func ES384() jwa.SignatureAlgorithm { return es384 }

// ES512 returns the ECDSA P-521 SHA-512 algorithm (the curve is P-521, not
// P-512). Every call returns the same value, so results can be compared
// with ==.
func ES512() jwa.SignatureAlgorithm { return es512 }

var (
	_ jwa.SignatureAlgorithm = (*algorithm)(nil)
	_ jwa.Describer          = (*algorithm)(nil)
	_ jwa.Signer             = (*signer)(nil)
	_ jwa.Verifier           = (*verifier)(nil)
)

// algorithm is one of ES256, ES384 and ES512.
type algorithm struct {
	name  string
	curve elliptic.Curve
	crv   string // JWK "crv" of the curve, for messages and descriptions
	hash  crypto.Hash
	size  int // length of r and of s in a JWS signature: (bits of n + 7) / 8

	orderOnce sync.Once
	order     []byte // n, big-endian in size bytes; see orderBytes
}

func (a *algorithm) Name() string { return a.name }

// Describe returns the algorithm's metadata. ECDSA on the NIST P-curves
// with SHA-2 is approved in FIPS 186-5.
func (a *algorithm) Describe() jwa.Description {
	return jwa.Description{
		KeyTypes: []string{"EC"},
		FIPS:     true,
		Summary:  fmt.Sprintf("ECDSA using %s and %s", a.crv, a.hash),
	}
}

func (a *algorithm) NewSigner(key any) (jwa.Signer, error) {
	switch k := key.(type) {
	case *ecdsa.PrivateKey:
		priv, err := a.privateKey(k)
		if err != nil {
			return nil, err
		}
		return &signer{alg: a, key: priv}, nil
	case crypto.Signer:
		if isNil(k) {
			return nil, fmt.Errorf("ecdsa: %s signing key is a nil %T: %w", a.name, key, jwa.ErrKeyType)
		}
		pub, ok := k.Public().(*ecdsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("ecdsa: %s signing key is a crypto.Signer with a %T public key, want *ecdsa.PublicKey: %w",
				a.name, k.Public(), jwa.ErrKeyType)
		}
		if _, err := a.publicKey(pub); err != nil {
			return nil, err
		}
		return &signer{alg: a, key: k}, nil
	default:
		return nil, fmt.Errorf("ecdsa: %s signing key is %T, want *ecdsa.PrivateKey or a crypto.Signer: %w",
			a.name, key, jwa.ErrKeyType)
	}
}

func (a *algorithm) NewVerifier(key any) (jwa.Verifier, error) {
	var (
		pub *ecdsa.PublicKey
		err error
	)
	switch k := key.(type) {
	case *ecdsa.PublicKey:
		pub, err = a.publicKey(k)
	case *ecdsa.PrivateKey:
		var priv *ecdsa.PrivateKey
		if priv, err = a.privateKey(k); err == nil {
			pub = &priv.PublicKey
		}
	default:
		err = fmt.Errorf("ecdsa: %s verification key is %T, want *ecdsa.PublicKey or *ecdsa.PrivateKey: %w",
			a.name, key, jwa.ErrKeyType)
	}
	if err != nil {
		return nil, err
	}
	return &verifier{alg: a, pub: pub}, nil
}

// publicKey checks pub and returns a copy of it that the caller cannot
// change.
func (a *algorithm) publicKey(pub *ecdsa.PublicKey) (*ecdsa.PublicKey, error) {
	if pub == nil {
		return nil, fmt.Errorf("ecdsa: %s key is nil: %w", a.name, jwa.ErrKeyType)
	}
	if pub.Curve != a.curve {
		switch {
		case pub.Curve == nil:
			return nil, fmt.Errorf("ecdsa: %s key has no curve, want %s: %w", a.name, a.crv, jwa.ErrKeyType)
		case pub.Curve.Params() == a.curve.Params():
			return nil, fmt.Errorf("ecdsa: %s key uses the generic elliptic.CurveParams of %s; use elliptic.%s(): %w",
				a.name, a.crv, curveFunc(a.crv), jwa.ErrKeyType)
		default:
			return nil, fmt.Errorf("ecdsa: %s key is on curve %s, want %s: %w",
				a.name, pub.Curve.Params().Name, a.crv, jwa.ErrKeyType)
		}
	}
	if pub.X == nil || pub.Y == nil {
		return nil, fmt.Errorf("ecdsa: %s public key has no point: %w: %w", a.name, ErrInvalidKey, jwa.ErrKeyType)
	}
	// Bytes rejects negative or oversized coordinates; the parser then
	// checks that the point is on the curve and makes an independent copy.
	b, err := pub.Bytes()
	if err == nil {
		pub, err = ecdsa.ParseUncompressedPublicKey(a.curve, b)
	}
	if err != nil {
		return nil, fmt.Errorf("ecdsa: %s public key is not a point of %s: %w: %w", a.name, a.crv, ErrInvalidKey, jwa.ErrKeyType)
	}
	return pub, nil
}

// privateKey checks priv, including that its public point is the one its
// scalar gives, and returns a copy of it that the caller cannot change.
func (a *algorithm) privateKey(priv *ecdsa.PrivateKey) (*ecdsa.PrivateKey, error) {
	if priv == nil {
		return nil, fmt.Errorf("ecdsa: %s key is nil: %w", a.name, jwa.ErrKeyType)
	}
	pub, err := a.publicKey(&priv.PublicKey)
	if err != nil {
		return nil, err
	}
	if priv.D == nil {
		return nil, fmt.Errorf("ecdsa: %s private key has no scalar: %w: %w", a.name, ErrInvalidKey, jwa.ErrKeyType)
	}
	// Bytes rejects a scalar that is negative, zero or longer than the
	// order; ParseRawPrivateKey rejects one not below the order and
	// computes the public point from the scalar.
	d, err := priv.Bytes()
	var cp *ecdsa.PrivateKey
	if err == nil {
		cp, err = ecdsa.ParseRawPrivateKey(a.curve, d)
	}
	if err != nil {
		return nil, fmt.Errorf("ecdsa: %s private scalar is out of range: %w: %w", a.name, ErrInvalidKey, jwa.ErrKeyType)
	}
	// A key whose public half does not match its scalar would make
	// signatures that never verify under the published key.
	if !cp.PublicKey.Equal(pub) {
		return nil, fmt.Errorf("ecdsa: %s public point does not match the private scalar: %w: %w", a.name, ErrInvalidKey, jwa.ErrKeyType)
	}
	return cp, nil
}

// curveFunc returns the name of the crypto/elliptic function for crv.
func curveFunc(crv string) string {
	switch crv {
	case "P-256":
		return "P256"
	case "P-384":
		return "P384"
	default:
		return "P521"
	}
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

func (a *algorithm) digest(signingInput []byte) []byte {
	switch a.hash {
	case crypto.SHA256:
		d := sha256.Sum256(signingInput)
		return d[:]
	case crypto.SHA384:
		d := sha512.Sum384(signingInput)
		return d[:]
	case crypto.SHA512:
		d := sha512.Sum512(signingInput)
		return d[:]
	}
	h := a.hash.New()
	h.Write(signingInput)
	return h.Sum(nil)
}

// inRange reports whether 0 < x < n, where n is the order of the curve's
// group: the only values r and s of a valid signature can take.
func (a *algorithm) inRange(x *big.Int) bool {
	return x.Sign() > 0 && x.Cmp(a.curve.Params().N) < 0
}

// rawSignature converts a DER-encoded ECDSA signature, as crypto.Signer
// implementations return it, to the JWS form R‖S. It accepts only the
// canonical DER encoding of SEQUENCE { r INTEGER, s INTEGER } with r and s
// in [1, n-1], and reports false for anything else.
//
// The parser is written out rather than left to encoding/asn1, which needs
// reflection, big.Int values and a re-encoding to refuse what DER does not
// allow; TestRawSignatureStrict checks it against that reference.
func (a *algorithm) rawSignature(der []byte) ([]byte, bool) {
	if len(der) < 2 || der[0] != 0x30 {
		return nil, false
	}
	// The content of a valid signature is at most 2*(2+1+66) bytes, so
	// the length has the short form or the one-byte long form, and the
	// long form only for lengths of 128 or more (DER's minimal length).
	body := der[2:]
	switch l := der[1]; {
	case l < 0x80:
		if int(l) != len(body) {
			return nil, false
		}
	case l == 0x81 && len(der) >= 3 && der[2] >= 0x80:
		body = der[3:]
		if int(der[2]) != len(body) {
			return nil, false
		}
	default:
		return nil, false
	}
	out := make([]byte, 2*a.size)
	rest, ok := a.derInteger(body, out[:a.size])
	if !ok {
		return nil, false
	}
	if rest, ok = a.derInteger(rest, out[a.size:]); !ok || len(rest) != 0 {
		return nil, false
	}
	return out, true
}

// derInteger reads a DER INTEGER in [1, n-1] from the start of b into dst,
// big-endian and left-padded to a.size bytes, and returns the rest of b.
func (a *algorithm) derInteger(b, dst []byte) ([]byte, bool) {
	// An integer below n has at most a.size bytes and one leading zero,
	// so its length has the short form.
	if len(b) < 2 || b[0] != 0x02 || b[1] >= 0x80 || int(b[1]) > len(b)-2 {
		return nil, false
	}
	v, rest := b[2:2+int(b[1])], b[2+int(b[1]):]
	switch {
	case len(v) == 0:
		return nil, false
	case v[0]&0x80 != 0:
		return nil, false // negative
	case v[0] == 0:
		if len(v) == 1 || v[1]&0x80 == 0 {
			return nil, false // zero, or a leading zero DER does not allow
		}
		v = v[1:]
	}
	if len(v) > len(dst) {
		return nil, false
	}
	clear(dst[:len(dst)-len(v)])
	copy(dst[len(dst)-len(v):], v)
	// v > 0 here; it must be below the order n.
	if bytes.Compare(dst, a.orderBytes()) >= 0 {
		return nil, false
	}
	return rest, true
}

// orderBytes returns the order n of the curve's group, big-endian in
// a.size bytes.
func (a *algorithm) orderBytes() []byte {
	a.orderOnce.Do(func() { a.order = a.curve.Params().N.FillBytes(make([]byte, a.size)) })
	return a.order
}

// A signer signs with an *ecdsa.PrivateKey of its own or with the caller's
// crypto.Signer; both return DER, which Sign converts to R‖S.
type signer struct {
	alg *algorithm
	key crypto.Signer
}

func (s *signer) Algorithm() string { return s.alg.name }

// Sign returns the R‖S signature of signingInput. It fails if ctx is
// already done, if the key's Sign method fails, or, wrapping
// [ErrSignerOutput], if a crypto.Signer returns a malformed signature.
func (s *signer) Sign(ctx context.Context, signingInput []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("ecdsa: %s: %w", s.alg.name, err)
	}
	der, err := s.key.Sign(rand.Reader, s.alg.digest(signingInput), s.alg.hash)
	if err != nil {
		return nil, fmt.Errorf("ecdsa: %s signing failed: %w", s.alg.name, err)
	}
	sig, ok := s.alg.rawSignature(der)
	if !ok {
		return nil, fmt.Errorf("ecdsa: %s: %w", s.alg.name, ErrSignerOutput)
	}
	return sig, nil
}

type verifier struct {
	alg *algorithm
	pub *ecdsa.PublicKey
}

func (v *verifier) Algorithm() string { return v.alg.name }

// Verify checks an R‖S signature of signingInput.
func (v *verifier) Verify(_ context.Context, signingInput, signature []byte) error {
	n := v.alg.size
	if len(signature) != 2*n {
		return v.fail()
	}
	r := new(big.Int).SetBytes(signature[:n])
	s := new(big.Int).SetBytes(signature[n:])
	// crypto/ecdsa rejects r and s outside [1, n-1] too. The check is made
	// here as well so that the rule (SEC 1, Section 4.1.4, step 1) is
	// visible and tested in this package whatever the Go version or crypto
	// backend, and so that such values never reach the curve arithmetic.
	if !v.alg.inRange(r) || !v.alg.inRange(s) {
		return v.fail()
	}
	if !ecdsa.Verify(v.pub, v.alg.digest(signingInput), r, s) {
		return v.fail()
	}
	return nil
}

func (v *verifier) fail() error {
	return fmt.Errorf("ecdsa: %s: %w", v.alg.name, jwa.ErrVerification)
}
