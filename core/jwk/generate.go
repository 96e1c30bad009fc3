package jwk

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"slices"
	"unicode/utf8"
)

// GenerateOptions are the parameters of [Generate]. The zero value asks
// for the defaults.
type GenerateOptions struct {
	// Bits is the RSA modulus size (default 2048, at least 2048, at most
	// MaxRSABits) or the oct key size (a multiple of 8, at least 128;
	// default the size the known Algorithm needs, otherwise 256). It must
	// be zero for EC and OKP keys.
	Bits int

	// Curve is "P-256" (the default), "P-384" or "P-521" for EC, and
	// "Ed25519" (the default) or "X25519" for OKP. When it is empty and
	// Algorithm names an ECDSA algorithm, the algorithm's curve is used.
	// It must be empty for RSA and oct keys.
	Curve string

	// Algorithm, Use, KeyID and KeyOps become "alg", "use", "kid" and
	// "key_ops" (KeyOps when non-nil). They must agree with each other
	// and with the key type, as for [ParseKey]. There is no default key
	// ID; compute one with [Key.Thumbprint] if wanted.
	Algorithm string
	Use       string
	KeyID     string
	KeyOps    []string
}

// octSizes are the natural oct key sizes, in bits, of known algorithms.
var octSizes = map[string]int{
	"HS256": 256, "HS384": 384, "HS512": 512,
	"A128KW": 128, "A192KW": 192, "A256KW": 256,
	"A128GCMKW": 128, "A192GCMKW": 192, "A256GCMKW": 256,
	"A128GCM": 128, "A192GCM": 192, "A256GCM": 256,
	"A128CBC-HS256": 256, "A192CBC-HS384": 384, "A256CBC-HS512": 512,
	"C20P": 256, "XC20P": 256,
}

// ecdsaCurves are the curves of the ECDSA algorithms.
var ecdsaCurves = map[string]string{"ES256": CurveP256, "ES384": CurveP384, "ES512": CurveP521}

// Generate makes a new random key of type kty ("RSA", "EC", "OKP" or
// "oct") with crypto/rand. Errors for bad options wrap ErrInvalidKey, and
// ErrUnsupported for an unknown kty or curve.
func Generate(kty string, opts GenerateOptions) (*Key, error) {
	for _, s := range append([]string{opts.Algorithm, opts.Use, opts.KeyID}, opts.KeyOps...) {
		if !utf8.ValidString(s) {
			return nil, fmt.Errorf("%w: option %q is not valid UTF-8", ErrInvalidKey, s)
		}
	}
	if kty != KeyTypeRSA && kty != KeyTypeOct && opts.Bits != 0 {
		return nil, fmt.Errorf("%w: Bits is for RSA and oct keys, not %s", ErrInvalidKey, kty)
	}
	if (kty == KeyTypeRSA || kty == KeyTypeOct) && opts.Curve != "" {
		return nil, fmt.Errorf("%w: Curve is for EC and OKP keys, not %s", ErrInvalidKey, kty)
	}
	k := &Key{kty: kty, kid: opts.KeyID, alg: opts.Algorithm, use: opts.Use}
	if opts.KeyOps != nil {
		k.keyOps, k.hasKeyOps = slices.Clone(opts.KeyOps), true
	}
	switch kty {
	case KeyTypeRSA:
		bits := opts.Bits
		if bits == 0 {
			bits = 2048
		}
		if bits < 2048 || bits > MaxRSABits {
			return nil, fmt.Errorf("%w: RSA keys are generated with 2048 to %d bits, not %d", ErrInvalidKey, MaxRSABits, bits)
		}
		priv, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			return nil, fmt.Errorf("jwk: generating an RSA key: %w", err)
		}
		priv.Precompute()
		k.key = priv
	case KeyTypeEC:
		crv := opts.Curve
		if crv == "" {
			crv = ecdsaCurves[opts.Algorithm]
		}
		if crv == "" {
			crv = CurveP256
		}
		c, ok := ecCurve(crv)
		if !ok {
			return nil, fmt.Errorf("%w: EC curve %q", ErrUnsupported, crv)
		}
		priv, err := ecdsa.GenerateKey(c.curve, rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("jwk: generating an EC key: %w", err)
		}
		k.crv, k.key = crv, priv
	case KeyTypeOKP:
		crv := opts.Curve
		if crv == "" {
			crv = CurveEd25519
		}
		switch crv {
		case CurveEd25519:
			_, priv, err := ed25519.GenerateKey(rand.Reader)
			if err != nil {
				return nil, fmt.Errorf("jwk: generating an Ed25519 key: %w", err)
			}
			k.key = priv
		case CurveX25519:
			priv, err := ecdh.X25519().GenerateKey(rand.Reader)
			if err != nil {
				return nil, fmt.Errorf("jwk: generating an X25519 key: %w", err)
			}
			k.key = priv
		default:
			return nil, fmt.Errorf("%w: OKP curve %q", ErrUnsupported, crv)
		}
		k.crv = crv
	case KeyTypeOct:
		bits := opts.Bits
		if bits == 0 {
			bits = octSizes[opts.Algorithm]
		}
		if bits == 0 {
			bits = 256
		}
		if bits < 128 || bits%8 != 0 || bits > 8*4096 {
			return nil, fmt.Errorf("%w: oct keys are generated with a multiple of 8 bits from 128 to 32768, not %d", ErrInvalidKey, bits)
		}
		b := make([]byte, bits/8)
		rand.Read(b)
		k.key = b
	default:
		return nil, fmt.Errorf("%w: kty %q", ErrUnsupported, kty)
	}
	if opts.Algorithm == "" && opts.Use == "" && opts.KeyOps == nil {
		return k, nil
	}
	if err := k.checkMetadata(); err != nil {
		return nil, err
	}
	return k, nil
}
