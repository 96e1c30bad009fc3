package jwk

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"fmt"
	"math/big"
)

// New makes a Key, with no metadata, from a Go crypto key:
//
//   - []byte: an oct key (the slice is copied)
//   - *rsa.PrivateKey (two primes), *rsa.PublicKey: an RSA key
//   - *ecdsa.PrivateKey, *ecdsa.PublicKey on P-256, P-384 or P-521: an EC key
//   - ed25519.PrivateKey, ed25519.PublicKey: an OKP Ed25519 key
//   - *ecdh.PrivateKey, *ecdh.PublicKey: an EC key for P-256, P-384 and
//     P-521, an OKP X25519 key for X25519
//
// The key is validated as [ParseKey] validates key material, and copied:
// later changes to the argument do not affect the Key. Other types give an
// error wrapping ErrUnsupported.
func New(key any) (*Key, error) {
	k := &Key{}
	var err error
	switch v := key.(type) {
	case []byte:
		if len(v) == 0 {
			return nil, fmt.Errorf("%w: empty symmetric key", ErrInvalidKey)
		}
		k.kty, k.key = KeyTypeOct, bytes.Clone(v)
	case *rsa.PrivateKey:
		if v == nil {
			break
		}
		if len(v.Primes) != 2 {
			return nil, fmt.Errorf("%w: RSA keys with %d primes", ErrUnsupported, len(v.Primes))
		}
		k.kty = KeyTypeRSA
		k.key, err = newRSAPrivate(v.N, v.E, v.D, v.Primes[0], v.Primes[1], nil, nil, nil)
	case *rsa.PublicKey:
		if v == nil {
			break
		}
		if err = checkRSAPublic(v.N, v.E); err == nil {
			k.kty, k.key = KeyTypeRSA, &rsa.PublicKey{N: new(big.Int).Set(v.N), E: v.E}
		}
	case *ecdsa.PrivateKey:
		if v == nil {
			break
		}
		k.kty = KeyTypeEC
		k.crv, k.key, err = fromECDSAPrivate(v)
	case *ecdsa.PublicKey:
		if v == nil {
			break
		}
		k.kty = KeyTypeEC
		k.crv, k.key, err = fromECDSAPublic(v)
	case ed25519.PrivateKey:
		if len(v) != ed25519.PrivateKeySize {
			return nil, fmt.Errorf("%w: Ed25519 private key is %d bytes, want %d", ErrInvalidKey, len(v), ed25519.PrivateKeySize)
		}
		k.kty, k.crv = KeyTypeOKP, CurveEd25519
		k.key, err = newEd25519Private(v[ed25519.SeedSize:], v.Seed())
	case ed25519.PublicKey:
		k.kty, k.crv = KeyTypeOKP, CurveEd25519
		k.key, err = newEd25519Public(v)
	case *ecdh.PrivateKey:
		if v == nil {
			break
		}
		return fromECDH(v.Curve(), v.PublicKey().Bytes(), v.Bytes())
	case *ecdh.PublicKey:
		if v == nil {
			break
		}
		return fromECDH(v.Curve(), v.Bytes(), nil)
	default:
		return nil, fmt.Errorf("%w: no JWK form for %T", ErrUnsupported, key)
	}
	if err != nil {
		return nil, err
	}
	if k.key == nil {
		return nil, fmt.Errorf("%w: nil %T", ErrInvalidKey, key)
	}
	return k, nil
}

func fromECDSAPublic(pub *ecdsa.PublicKey) (string, *ecdsa.PublicKey, error) {
	c, ok := ecCurveOf(pub.Curve)
	if !ok {
		return "", nil, fmt.Errorf("%w: ECDSA curve %v", ErrUnsupported, curveName(pub.Curve))
	}
	p, err := pub.Bytes()
	if err != nil {
		return "", nil, fmt.Errorf("%w: %w", ErrInvalidKey, err)
	}
	key, err := newECPublic(c, p[1:1+c.size], p[1+c.size:])
	return c.name, key, err
}

func fromECDSAPrivate(priv *ecdsa.PrivateKey) (string, *ecdsa.PrivateKey, error) {
	c, ok := ecCurveOf(priv.Curve)
	if !ok {
		return "", nil, fmt.Errorf("%w: ECDSA curve %v", ErrUnsupported, curveName(priv.Curve))
	}
	p, err := priv.PublicKey.Bytes()
	if err != nil {
		return "", nil, fmt.Errorf("%w: %w", ErrInvalidKey, err)
	}
	d, err := priv.Bytes()
	if err != nil {
		return "", nil, fmt.Errorf("%w: %w", ErrInvalidKey, err)
	}
	key, err := newECPrivate(c, p[1:1+c.size], p[1+c.size:], d)
	return c.name, key, err
}

func fromECDH(curve ecdh.Curve, pub, priv []byte) (*Key, error) {
	name := ecdhCurveName(curve)
	k := &Key{crv: name}
	var err error
	switch name {
	case CurveX25519:
		k.kty = KeyTypeOKP
		if priv == nil {
			k.key, err = newX25519Public(pub)
		} else {
			k.key, err = newX25519Private(pub, priv)
		}
	case CurveP256, CurveP384, CurveP521:
		c, _ := ecCurve(name)
		k.kty = KeyTypeEC
		x, y := pub[1:1+c.size], pub[1+c.size:]
		if priv == nil {
			k.key, err = newECPublic(c, x, y)
		} else {
			k.key, err = newECPrivate(c, x, y, priv)
		}
	default:
		return nil, fmt.Errorf("%w: ECDH curve %v", ErrUnsupported, curve)
	}
	if err != nil {
		return nil, err
	}
	return k, nil
}

func curveName(c elliptic.Curve) string {
	if c == nil || c.Params() == nil {
		return "<nil>"
	}
	return c.Params().Name
}
