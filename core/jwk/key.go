package jwk

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/subtle"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"slices"
)

// Key types ("kty", RFC 7518 Section 6.1 and RFC 8037 Section 2).
const (
	KeyTypeRSA = "RSA"
	KeyTypeEC  = "EC"
	KeyTypeOKP = "OKP"
	KeyTypeOct = "oct"
)

// Curves ("crv") of EC and OKP keys.
const (
	CurveP256    = "P-256"
	CurveP384    = "P-384"
	CurveP521    = "P-521"
	CurveEd25519 = "Ed25519"
	CurveX25519  = "X25519"
)

// Public key uses ("use", RFC 7517 Section 4.2).
const (
	UseSignature  = "sig"
	UseEncryption = "enc"
)

// Key operations ("key_ops", RFC 7517 Section 4.3).
const (
	OpSign       = "sign"
	OpVerify     = "verify"
	OpEncrypt    = "encrypt"
	OpDecrypt    = "decrypt"
	OpWrapKey    = "wrapKey"
	OpUnwrapKey  = "unwrapKey"
	OpDeriveKey  = "deriveKey"
	OpDeriveBits = "deriveBits"
)

// A Key is one JSON Web Key (RFC 7517): a validated cryptographic key and
// its metadata. A Key is immutable after it is made, by [ParseKey], [New],
// [ParsePEM] or [Generate], and safe for concurrent use.
//
// The zero Key is not usable; always use a *Key obtained from this
// package.
type Key struct {
	kty, crv string
	key      any // see Key.Key for the Go types

	kid, alg, use string
	keyOps        []string // nil when "key_ops" is absent
	hasKeyOps     bool

	x5u     string
	hasX5U  bool
	certs   []*x509.Certificate
	x5t     []byte // SHA-1 of certs[0], as given
	x5tS256 []byte // SHA-256 of certs[0], as given

	extra []member // unknown members, compacted, in input order

	tpInput []byte // the RFC 7638 input, when parsing found it; else nil
}

// member is a JSON object member kept verbatim.
type member struct {
	name  string
	value json.RawMessage
}

// KeyType returns "kty": "RSA", "EC", "OKP" or "oct".
func (k *Key) KeyType() string { return k.kty }

// Curve returns "crv" of an EC or OKP key ("P-256", "P-384", "P-521",
// "Ed25519" or "X25519"), and "" for RSA and oct keys.
func (k *Key) Curve() string { return k.crv }

// KeyID returns "kid", or "" when absent.
func (k *Key) KeyID() string { return k.kid }

// Algorithm returns "alg", or "" when absent. It is metadata: this package
// checks that it suits the key type, and nothing else.
func (k *Key) Algorithm() string { return k.alg }

// Use returns "use" ("sig", "enc" or another value), or "" when absent.
func (k *Key) Use() string { return k.use }

// KeyOps returns a copy of "key_ops", or nil when absent.
func (k *Key) KeyOps() []string {
	if !k.hasKeyOps {
		return nil
	}
	return append([]string{}, k.keyOps...)
}

// IsPrivate reports whether k holds private (or, for oct, secret) key
// material.
func (k *Key) IsPrivate() bool {
	switch k.key.(type) {
	case []byte, *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey, *ecdh.PrivateKey:
		return true
	}
	return false
}

// Size returns the key size in bits: the modulus length of an RSA key, the
// field size of an EC curve (256, 384 or 521), 256 for OKP keys and the
// key length of an oct key.
func (k *Key) Size() int {
	switch v := k.key.(type) {
	case []byte:
		return 8 * len(v)
	case *rsa.PrivateKey:
		return v.N.BitLen()
	case *rsa.PublicKey:
		return v.N.BitLen()
	}
	switch k.crv {
	case CurveP256:
		return 256
	case CurveP384:
		return 384
	case CurveP521:
		return 521
	case CurveEd25519, CurveX25519:
		return 256
	}
	return 0
}

// Key returns the key as a Go crypto value:
//
//   - oct: []byte (a fresh copy)
//   - RSA: *rsa.PrivateKey (validated and precomputed) or *rsa.PublicKey
//   - EC: *ecdsa.PrivateKey or *ecdsa.PublicKey
//   - OKP Ed25519: ed25519.PrivateKey (a fresh copy) or ed25519.PublicKey
//   - OKP X25519: *ecdh.PrivateKey or *ecdh.PublicKey
//
// Pointer values are shared with k: callers must not modify them.
func (k *Key) Key() any {
	switch v := k.key.(type) {
	case []byte:
		return bytes.Clone(v)
	case ed25519.PrivateKey:
		return slices.Clone(v)
	case ed25519.PublicKey:
		return slices.Clone(v)
	}
	return k.key
}

// ECDH returns an EC or X25519 key as *ecdh.PrivateKey or *ecdh.PublicKey,
// the form ECDH-ES key agreement uses. Other keys give an error wrapping
// ErrUnsupported; a nil k an error wrapping ErrInvalidKey.
func (k *Key) ECDH() (any, error) {
	if k == nil {
		return nil, fmt.Errorf("%w: nil key", ErrInvalidKey)
	}
	switch v := k.key.(type) {
	case *ecdh.PrivateKey, *ecdh.PublicKey:
		return v, nil
	case *ecdsa.PrivateKey:
		p, err := v.ECDH()
		if err != nil {
			return nil, fmt.Errorf("jwk: %w: %w", ErrUnsupported, err)
		}
		return p, nil
	case *ecdsa.PublicKey:
		p, err := v.ECDH()
		if err != nil {
			return nil, fmt.Errorf("jwk: %w: %w", ErrUnsupported, err)
		}
		return p, nil
	}
	return nil, fmt.Errorf("%w: %s %s key cannot be used for ECDH", ErrUnsupported, k.kty, k.crv)
}

// Public returns the public key of k, with the same "kid", "alg", "use",
// "x5u", "x5c", "x5t" and "x5t#S256". Private operations in "key_ops" become
// their public counterparts ("sign" becomes "verify", "decrypt" becomes
// "encrypt", "unwrapKey" becomes "wrapKey"). Unknown members are dropped,
// as they might hold private data. If k is public, Public returns k. An
// oct key has no public part: Public returns an error wrapping
// ErrUnsupported; a nil k an error wrapping ErrInvalidKey.
func (k *Key) Public() (*Key, error) {
	if k == nil {
		return nil, fmt.Errorf("%w: nil key", ErrInvalidKey)
	}
	var pub any
	switch v := k.key.(type) {
	case []byte:
		return nil, fmt.Errorf("%w: a symmetric (oct) key has no public part", ErrUnsupported)
	case *rsa.PrivateKey:
		pub = &v.PublicKey
	case *ecdsa.PrivateKey:
		pub = &v.PublicKey
	case ed25519.PrivateKey:
		pub = v.Public()
	case *ecdh.PrivateKey:
		pub = v.PublicKey()
	default:
		return k, nil
	}
	p := *k
	p.key = pub
	p.extra = nil
	if k.hasKeyOps {
		p.keyOps = nil
		for _, op := range k.keyOps {
			switch op {
			case OpSign:
				op = OpVerify
			case OpDecrypt:
				op = OpEncrypt
			case OpUnwrapKey:
				op = OpWrapKey
			}
			if !slices.Contains(p.keyOps, op) {
				p.keyOps = append(p.keyOps, op)
			}
		}
		if p.keyOps == nil {
			p.keyOps = []string{}
		}
	}
	return &p, nil
}

// Permits reports whether k's "use" and "key_ops" allow the operation op
// (one of the Op constants). Absent members permit everything. "use":"sig"
// permits sign and verify; "use":"enc" permits the other six operations;
// any other "use" value permits none of them.
//
// Permits checks the metadata only: whether k is private is the caller's
// concern.
func (k *Key) Permits(op string) bool {
	if k.hasKeyOps && !slices.Contains(k.keyOps, op) {
		return false
	}
	if k.use != "" && !useAllows(k.use, op) {
		return false
	}
	return true
}

// CheckOp returns nil if [Key.Permits] allows op, and an error wrapping
// ErrOperation otherwise.
func (k *Key) CheckOp(op string) error {
	if k.Permits(op) {
		return nil
	}
	switch {
	case k.hasKeyOps && !slices.Contains(k.keyOps, op):
		return fmt.Errorf("%w: %q is not in key_ops %q", ErrOperation, op, k.keyOps)
	default:
		return fmt.Errorf("%w: %q is not allowed for use %q", ErrOperation, op, k.use)
	}
}

func useAllows(use, op string) bool {
	switch use {
	case UseSignature:
		return op == OpSign || op == OpVerify
	case UseEncryption:
		switch op {
		case OpEncrypt, OpDecrypt, OpWrapKey, OpUnwrapKey, OpDeriveKey, OpDeriveBits:
			return true
		}
	}
	return false
}

// Equal reports whether k and x hold the same key material and the same
// members (metadata, certificates and unknown members alike). Secret
// material is compared in constant time.
func (k *Key) Equal(x *Key) bool {
	if k == nil || x == nil {
		return k == x
	}
	if k.kty != x.kty || k.crv != x.crv || k.kid != x.kid || k.alg != x.alg || k.use != x.use ||
		k.hasKeyOps != x.hasKeyOps || !slices.Equal(k.keyOps, x.keyOps) ||
		k.hasX5U != x.hasX5U || k.x5u != x.x5u ||
		!bytes.Equal(k.x5t, x.x5t) || !bytes.Equal(k.x5tS256, x.x5tS256) ||
		len(k.certs) != len(x.certs) || len(k.extra) != len(x.extra) {
		return false
	}
	for i := range k.certs {
		if !k.certs[i].Equal(x.certs[i]) {
			return false
		}
	}
	for i := range k.extra {
		if k.extra[i].name != x.extra[i].name || !bytes.Equal(k.extra[i].value, x.extra[i].value) {
			return false
		}
	}
	return keyEqual(k.key, x.key)
}

// keyEqual compares two Go keys of this package's types.
func keyEqual(a, b any) bool {
	switch v := a.(type) {
	case []byte:
		w, ok := b.([]byte)
		return ok && len(v) == len(w) && subtle.ConstantTimeCompare(v, w) == 1
	case *rsa.PrivateKey:
		return v.Equal(b)
	case *rsa.PublicKey:
		return v.Equal(b)
	case *ecdsa.PrivateKey:
		return v.Equal(b)
	case *ecdsa.PublicKey:
		return v.Equal(b)
	case ed25519.PrivateKey:
		return v.Equal(b)
	case ed25519.PublicKey:
		return v.Equal(b)
	case *ecdh.PrivateKey:
		return v.Equal(b)
	case *ecdh.PublicKey:
		return v.Equal(b)
	}
	return false
}

// Certificates returns the certificates of "x5c", the key's own first, or
// nil when absent. The slice is a copy; the certificates are shared and
// must not be modified. They are parsed and the first one is checked to
// hold k's public key, but the chain is not verified: see
// [Key.VerifyChain].
func (k *Key) Certificates() []*x509.Certificate { return slices.Clone(k.certs) }

// X509URL returns "x5u", or "" when absent. This package never fetches it.
func (k *Key) X509URL() string { return k.x5u }

// Member returns a copy of the raw JSON value of a member this package
// does not interpret, and whether it is present. Registered members
// ("kty", "kid", "n", ...) are available through their own methods and
// are not returned here.
func (k *Key) Member(name string) (json.RawMessage, bool) {
	for _, m := range k.extra {
		if m.name == name {
			return bytes.Clone(m.value), true
		}
	}
	return nil, false
}
