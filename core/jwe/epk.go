package jwe

import (
	"crypto/ecdh"
	"fmt"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
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

// parseEPK reads an "epk" header value with package jwk, which validates
// it as any JWK (for EC keys, that the point is on the curve), and returns
// it in the form ECDH-ES uses. It must be a public EC (P-256, P-384, P-521)
// or X25519 key: an ephemeral private key has no place in a header.
func parseEPK(raw []byte, l jwa.Limits) (*ecdh.PublicKey, error) {
	k, err := jwk.ParseKeyWithLimits(raw, l)
	if err != nil {
		return nil, fmt.Errorf("jwe: \"epk\": %w: %w", jwa.ErrInvalidParameter, err)
	}
	if k.IsPrivate() {
		return nil, fmt.Errorf("jwe: \"epk\" holds a private key: %w", jwa.ErrInvalidParameter)
	}
	v, err := k.ECDH()
	if err != nil {
		return nil, fmt.Errorf("jwe: \"epk\": %w: %w", jwa.ErrInvalidParameter, err)
	}
	pub, ok := v.(*ecdh.PublicKey)
	if !ok {
		return nil, fmt.Errorf("jwe: \"epk\" is not a public key: %w", jwa.ErrInvalidParameter)
	}
	return pub, nil
}
