package jwk

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"math/big"
	"slices"
	"testing"
)

// ed25519LowOrderProbe is the reference for ed25519LowOrder: it maps y to
// Curve25519 with u = (1+y)/(1-y), which keeps the order of a point, and
// runs X25519 with a fixed scalar, a multiple of the cofactor 8, whose
// result is zero exactly for the points of small order (on the curve or on
// its twist). y = 1 is the identity, which the map sends to infinity.
func ed25519LowOrderProbe(enc []byte) bool {
	p := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	le := bytes.Clone(enc)
	le[31] &= 0x7f
	slices.Reverse(le)
	y := new(big.Int).SetBytes(le)
	y.Mod(y, p)
	den := new(big.Int).Sub(big.NewInt(1), y)
	den.Mod(den, p)
	if den.Sign() == 0 {
		return true
	}
	u := new(big.Int).Add(big.NewInt(1), y)
	u.Mul(u, den.ModInverse(den, p))
	u.Mod(u, p)
	ub := u.FillBytes(make([]byte, 32))
	slices.Reverse(ub)
	pub, err := ecdh.X25519().NewPublicKey(ub)
	if err != nil {
		return true
	}
	_, err = x25519Probe().ECDH(pub)
	return err != nil
}

// TestEd25519LowOrder checks the table of ed25519LowOrder against the
// X25519 probe: every entry, with either sign bit, is of small order; the
// roots of d*y^4 + 2*y^2 - 1 = 0 (the y of points whose double has y = 0)
// and the small values that non-canonical encodings reduce to are in the
// table exactly when the probe rejects them; random encodings agree.
func TestEd25519LowOrder(t *testing.T) {
	p := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	enc := func(y *big.Int) []byte {
		b := new(big.Int).Mod(y, p).FillBytes(make([]byte, 32))
		slices.Reverse(b)
		return b
	}
	var cands [][]byte
	for _, e := range ed25519LowOrderY {
		for _, sign := range []byte{0, 0x80} {
			c := e
			c[31] |= sign
			cands = append(cands, c[:])
		}
	}
	for k := int64(0); k < 19; k++ { // p+k, non-canonical, and k
		le := new(big.Int).Add(p, big.NewInt(k)).FillBytes(make([]byte, 32))
		slices.Reverse(le)
		cands = append(cands, le, enc(big.NewInt(k)), enc(big.NewInt(-k)))
	}
	d := new(big.Int).Mul(big.NewInt(-121665), new(big.Int).ModInverse(big.NewInt(121666), p))
	d.Mod(d, p)
	if s := new(big.Int).ModSqrt(new(big.Int).Add(d, big.NewInt(1)), p); s != nil {
		dinv := new(big.Int).ModInverse(d, p)
		for _, sg := range []int64{1, -1} {
			y2 := new(big.Int).Mul(big.NewInt(sg), s)
			y2.Sub(y2, big.NewInt(1)).Mul(y2, dinv).Mod(y2, p)
			if y := new(big.Int).ModSqrt(y2, p); y != nil {
				cands = append(cands, enc(y), enc(new(big.Int).Neg(y)))
			}
		}
	}
	for range 200 {
		r := make([]byte, 32)
		rand.Read(r)
		cands = append(cands, r)
	}
	lows := 0
	for _, c := range cands {
		got, want := ed25519LowOrder(c), ed25519LowOrderProbe(c)
		if got != want {
			t.Errorf("ed25519LowOrder(%x) = %v, the X25519 probe says %v", c, got, want)
		}
		if got {
			lows++
		}
	}
	if lows < 2*len(ed25519LowOrderY) {
		t.Errorf("%d small-order encodings found, want at least %d", lows, 2*len(ed25519LowOrderY))
	}
}
