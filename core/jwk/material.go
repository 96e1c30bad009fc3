package jwk

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/subtle"
	"fmt"
	"math/big"
	"sync"
)

// RSA modulus sizes accepted by [ParseKey], [New] and [ParsePEM].
// Algorithms enforce their own, higher minimum (2048 bits by default, see
// jwa.ErrKeySize): the parse minimum only refuses keys that no JOSE
// algorithm could ever accept. The maximum bounds the work a hostile key
// can cause: checking a private key costs time cubic in its size (about a
// quarter of a second at 8192 bits, eight times that at 16384).
const (
	MinRSABits = 1024
	MaxRSABits = 8192
)

// curveInfo describes one supported EC curve.
type curveInfo struct {
	name  string
	curve elliptic.Curve
	ecdh  ecdh.Curve
	size  int // octets of a coordinate or private scalar
}

func ecCurve(crv string) (curveInfo, bool) {
	switch crv {
	case CurveP256:
		return curveInfo{crv, elliptic.P256(), ecdh.P256(), 32}, true
	case CurveP384:
		return curveInfo{crv, elliptic.P384(), ecdh.P384(), 48}, true
	case CurveP521:
		return curveInfo{crv, elliptic.P521(), ecdh.P521(), 66}, true
	}
	return curveInfo{}, false
}

func ecCurveOf(c elliptic.Curve) (curveInfo, bool) {
	switch c {
	case elliptic.P256():
		return ecCurve(CurveP256)
	case elliptic.P384():
		return ecCurve(CurveP384)
	case elliptic.P521():
		return ecCurve(CurveP521)
	}
	return curveInfo{}, false
}

func ecdhCurveName(c ecdh.Curve) string {
	switch c {
	case ecdh.P256():
		return CurveP256
	case ecdh.P384():
		return CurveP384
	case ecdh.P521():
		return CurveP521
	case ecdh.X25519():
		return CurveX25519
	}
	return ""
}

// checkRSAPublic checks the modulus size and the public exponent.
func checkRSAPublic(n *big.Int, e int) error {
	if n == nil || n.Sign() <= 0 {
		return fmt.Errorf("%w: RSA modulus missing or not positive", ErrInvalidKey)
	}
	if bits := n.BitLen(); bits < MinRSABits || bits > MaxRSABits {
		return fmt.Errorf("%w: RSA modulus is %d bits, want %d to %d", ErrInvalidKey, bits, MinRSABits, MaxRSABits)
	}
	if n.Bit(0) == 0 {
		return fmt.Errorf("%w: RSA modulus is even", ErrInvalidKey)
	}
	if e < 3 || e > 1<<31-1 || e%2 == 0 {
		return fmt.Errorf("%w: RSA public exponent %d is not an odd number from 3 to 2^31-1", ErrInvalidKey, e)
	}
	return nil
}

// newRSAPrivate builds and validates a two-prime RSA private key. When dp,
// dq and qi are non-nil they must equal the values computed from the key.
// The big.Int arguments are copied.
func newRSAPrivate(n *big.Int, e int, d, p, q, dp, dq, qi *big.Int) (*rsa.PrivateKey, error) {
	if err := checkRSAPublic(n, e); err != nil {
		return nil, err
	}
	if d == nil || p == nil || q == nil || d.Sign() <= 0 || p.Sign() <= 0 || q.Sign() <= 0 {
		return nil, fmt.Errorf("%w: RSA private values missing or not positive", ErrInvalidKey)
	}
	// Validate would reject a d >= n only as a consequence of other
	// checks; say it plainly and bound the work.
	if d.Cmp(n) >= 0 || p.Cmp(n) >= 0 || q.Cmp(n) >= 0 {
		return nil, fmt.Errorf("%w: RSA private values are not smaller than the modulus", ErrInvalidKey)
	}
	priv := &rsa.PrivateKey{
		PublicKey: rsa.PublicKey{N: new(big.Int).Set(n), E: e},
		D:         new(big.Int).Set(d),
		Primes:    []*big.Int{new(big.Int).Set(p), new(big.Int).Set(q)},
	}
	if err := priv.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidKey, err)
	}
	priv.Precompute()
	if dp != nil || dq != nil || qi != nil {
		pc := priv.Precomputed
		if pc.Dp == nil || pc.Dq == nil || pc.Qinv == nil ||
			!ctEqualInt(pc.Dp, dp, n) || !ctEqualInt(pc.Dq, dq, n) || !ctEqualInt(pc.Qinv, qi, n) {
			return nil, fmt.Errorf("%w: RSA CRT values (dp, dq, qi) do not match the key", ErrInvalidKey)
		}
	}
	return priv, nil
}

// ctEqualInt compares two non-negative integers below n in constant time.
func ctEqualInt(a, b, n *big.Int) bool {
	if a == nil || b == nil || a.Cmp(n) >= 0 || b.Cmp(n) >= 0 {
		return false
	}
	size := (n.BitLen() + 7) / 8
	return subtle.ConstantTimeCompare(a.FillBytes(make([]byte, size)), b.FillBytes(make([]byte, size))) == 1
}

// newECPublic makes an EC public key from its coordinates, which must be
// exactly the curve's length and a point on the curve other than the
// point at infinity.
func newECPublic(c curveInfo, x, y []byte) (*ecdsa.PublicKey, error) {
	if len(x) != c.size || len(y) != c.size {
		return nil, fmt.Errorf("%w: %s coordinates are %d and %d bytes, want %d", ErrInvalidKey, c.name, len(x), len(y), c.size)
	}
	point := make([]byte, 0, 1+2*c.size)
	point = append(point, 4)
	point = append(point, x...)
	point = append(point, y...)
	// crypto/ecdh rejects points off the curve and the point at infinity.
	if _, err := c.ecdh.NewPublicKey(point); err != nil {
		return nil, fmt.Errorf("%w: the point is not on curve %s", ErrInvalidKey, c.name)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(c.curve, point)
	if err != nil {
		return nil, fmt.Errorf("%w: %s point: %w", ErrInvalidKey, c.name, err)
	}
	return pub, nil
}

// newECPrivate makes an EC private key from its scalar and checks that
// its public point is (x, y).
func newECPrivate(c curveInfo, x, y, d []byte) (*ecdsa.PrivateKey, error) {
	pub, err := newECPublic(c, x, y)
	if err != nil {
		return nil, err
	}
	if len(d) != c.size {
		return nil, fmt.Errorf("%w: %s private scalar is %d bytes, want %d", ErrInvalidKey, c.name, len(d), c.size)
	}
	priv, err := ecdsa.ParseRawPrivateKey(c.curve, d)
	if err != nil {
		return nil, fmt.Errorf("%w: %s private scalar: %w", ErrInvalidKey, c.name, err)
	}
	if !priv.PublicKey.Equal(pub) {
		return nil, fmt.Errorf("%w: %s private scalar does not match the public point", ErrInvalidKey, c.name)
	}
	return priv, nil
}

func newEd25519Public(x []byte) (ed25519.PublicKey, error) {
	if len(x) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: Ed25519 public key is %d bytes, want %d", ErrInvalidKey, len(x), ed25519.PublicKeySize)
	}
	if ed25519LowOrder(x) {
		return nil, fmt.Errorf("%w: Ed25519 public key is a low-order point", ErrInvalidKey)
	}
	return ed25519.PublicKey(bytes.Clone(x)), nil
}

// ed25519LowOrderY are the encodings, sign bit cleared, of the y
// coordinates of the edwards25519 points of order 1, 2, 4 or 8: y = 0
// (order 4), 1 (the identity), two values of order 8, p-1 (order 2), and
// the non-canonical p and p+1 (0 and 1 again). No other encoding reduces
// to one of these values: y+p >= 2^255 for the others. It is the set of
// libsodium's has_small_order, and TestEd25519LowOrder checks it against
// the X25519 probe that the birational map u = (1+y)/(1-y) gives.
var ed25519LowOrderY = [...][32]byte{
	{0x00},
	{0x01},
	{0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
		0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05},
	{0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
		0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a},
	{0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
	{0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
	{0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
}

// ed25519LowOrder reports whether the 32-byte encoded edwards25519 point
// has order 1, 2, 4 or 8, in canonical form or not. Such public keys let
// signatures verify for more than one message. The sign of x does not
// change the order, so only y is compared; the comparison is of public
// data and need not be constant-time.
func ed25519LowOrder(enc []byte) bool {
	var y [32]byte
	copy(y[:], enc)
	y[31] &= 0x7f
	for i := range ed25519LowOrderY {
		if y == ed25519LowOrderY[i] {
			return true
		}
	}
	return false
}

func newEd25519Private(x, d []byte) (ed25519.PrivateKey, error) {
	pub, err := newEd25519Public(x)
	if err != nil {
		return nil, err
	}
	if len(d) != ed25519.SeedSize {
		return nil, fmt.Errorf("%w: Ed25519 private key is %d bytes, want %d", ErrInvalidKey, len(d), ed25519.SeedSize)
	}
	priv := ed25519.NewKeyFromSeed(d)
	if subtle.ConstantTimeCompare(priv[ed25519.SeedSize:], pub) != 1 {
		return nil, fmt.Errorf("%w: Ed25519 private key does not match the public key", ErrInvalidKey)
	}
	return priv, nil
}

// x25519Probe is a fixed X25519 private key used to detect low-order
// public keys: X25519 scalars are multiples of the cofactor 8, so the
// shared secret with a point of order 1, 2, 4 or 8 (on the curve or on its
// twist, in canonical form or not) is all zeros, which crypto/ecdh reports
// as an error. For any other point it is not, since the probe scalar is
// not a multiple of the large prime subgroup order.
var x25519Probe = sync.OnceValue(func() *ecdh.PrivateKey {
	seed := bytes.Repeat([]byte{0x5a}, 32)
	k, err := ecdh.X25519().NewPrivateKey(seed)
	if err != nil {
		panic("jwk: X25519 probe key: " + err.Error())
	}
	return k
})

func newX25519Public(x []byte) (*ecdh.PublicKey, error) {
	if len(x) != 32 {
		return nil, fmt.Errorf("%w: X25519 public key is %d bytes, want 32", ErrInvalidKey, len(x))
	}
	pub, err := ecdh.X25519().NewPublicKey(x)
	if err != nil {
		return nil, fmt.Errorf("%w: X25519 public key: %w", ErrInvalidKey, err)
	}
	if _, err := x25519Probe().ECDH(pub); err != nil {
		return nil, fmt.Errorf("%w: X25519 public key is a low-order point", ErrInvalidKey)
	}
	return pub, nil
}

func newX25519Private(x, d []byte) (*ecdh.PrivateKey, error) {
	pub, err := newX25519Public(x)
	if err != nil {
		return nil, err
	}
	if len(d) != 32 {
		return nil, fmt.Errorf("%w: X25519 private key is %d bytes, want 32", ErrInvalidKey, len(d))
	}
	priv, err := ecdh.X25519().NewPrivateKey(d)
	if err != nil {
		return nil, fmt.Errorf("%w: X25519 private key: %w", ErrInvalidKey, err)
	}
	if !priv.PublicKey().Equal(pub) {
		return nil, fmt.Errorf("%w: X25519 private key does not match the public key", ErrInvalidKey)
	}
	return priv, nil
}
