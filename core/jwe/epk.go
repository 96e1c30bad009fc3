package jwe

import (
	"crypto/ecdh"
	"fmt"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/internal/strictjson"
	"github.com/joseframework/jose/core/jwa"
)

// epkCurve describes a curve an "epk" may use.
type epkCurve struct {
	kty, crv string
	curve    ecdh.Curve
	size     int // coordinate length in bytes
}

var epkCurves = []epkCurve{
	{"EC", "P-256", ecdh.P256(), 32},
	{"EC", "P-384", ecdh.P384(), 48},
	{"EC", "P-521", ecdh.P521(), 66},
	{"OKP", "X25519", ecdh.X25519(), 32},
}

// appendEPK appends the public JWK of an ephemeral key, with its members in
// the order of the RFC 7520 examples: kty, crv, x, y.
func appendEPK(dst []byte, pub *ecdh.PublicKey) ([]byte, error) {
	for _, c := range epkCurves {
		if pub.Curve() != c.curve {
			continue
		}
		raw := pub.Bytes()
		dst = append(dst, `{"kty":"`...)
		dst = append(dst, c.kty...)
		dst = append(dst, `","crv":"`...)
		dst = append(dst, c.crv...)
		dst = append(dst, `","x":"`...)
		if c.kty == "OKP" {
			dst = b64.AppendEncode(dst, raw)
			return append(dst, `"}`...), nil
		}
		// Uncompressed point: 0x04 || X || Y.
		dst = b64.AppendEncode(dst, raw[1:1+c.size])
		dst = append(dst, `","y":"`...)
		dst = b64.AppendEncode(dst, raw[1+c.size:])
		return append(dst, `"}`...), nil
	}
	return nil, fmt.Errorf("jwe: ephemeral key on an unsupported curve: %w", jwa.ErrInvalidParameter)
}

// parseEPK reads an "epk" header value: a public JWK of kty "EC" (P-256,
// P-384, P-521) or "OKP" (X25519). The point is validated by crypto/ecdh.
// A private member "d" is refused: an ephemeral private key has no place
// in a header.
func parseEPK(raw []byte, maxDepth int) (*ecdh.PublicKey, error) {
	m, err := strictjson.Object(raw, maxDepth)
	if err != nil {
		return nil, fmt.Errorf("jwe: \"epk\": %w: %w", jwa.ErrInvalidParameter, err)
	}
	str := func(name string) (string, error) {
		v, ok := m[name]
		if !ok {
			return "", fmt.Errorf("jwe: \"epk\" has no %q: %w", name, jwa.ErrInvalidParameter)
		}
		s, err := strictjson.String(v)
		if err != nil {
			return "", fmt.Errorf("jwe: \"epk\" member %q: %w: %w", name, jwa.ErrInvalidParameter, err)
		}
		return s, nil
	}
	coord := func(name string, size int) ([]byte, error) {
		s, err := str(name)
		if err != nil {
			return nil, err
		}
		b, err := b64.Decode(s)
		if err != nil || len(b) != size {
			return nil, fmt.Errorf("jwe: \"epk\" member %q is not %d base64url-encoded bytes: %w", name, size, jwa.ErrInvalidParameter)
		}
		return b, nil
	}
	if _, ok := m["d"]; ok {
		return nil, fmt.Errorf("jwe: \"epk\" holds a private key: %w", jwa.ErrInvalidParameter)
	}
	kty, err := str("kty")
	if err != nil {
		return nil, err
	}
	crv, err := str("crv")
	if err != nil {
		return nil, err
	}
	for _, c := range epkCurves {
		if c.kty != kty || c.crv != crv {
			continue
		}
		x, err := coord("x", c.size)
		if err != nil {
			return nil, err
		}
		var point []byte
		if kty == "OKP" {
			if _, ok := m["y"]; ok {
				return nil, fmt.Errorf("jwe: \"epk\" of kty OKP has a \"y\": %w", jwa.ErrInvalidParameter)
			}
			point = x
		} else {
			y, err := coord("y", c.size)
			if err != nil {
				return nil, err
			}
			point = make([]byte, 0, 1+2*c.size)
			point = append(append(append(point, 4), x...), y...)
		}
		pub, err := c.curve.NewPublicKey(point)
		if err != nil {
			return nil, fmt.Errorf("jwe: \"epk\" is not a valid %s point: %w", crv, jwa.ErrInvalidParameter)
		}
		return pub, nil
	}
	return nil, fmt.Errorf("jwe: \"epk\" has unsupported kty %q / crv %q: %w", kty, crv, jwa.ErrInvalidParameter)
}
