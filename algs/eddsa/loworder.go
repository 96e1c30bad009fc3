package eddsa

import (
	"crypto/ecdh"
	"math/big"
	"slices"
	"sync"
)

// fieldPrime is 2^255 - 19, the prime of the field of edwards25519 and
// Curve25519.
var fieldPrime = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))

// smallOrder reports whether pub, a 32-byte Ed25519 public key, encodes a
// point of order 1, 2, 4 or 8, in canonical form or not. Under such a key,
// crypto/ed25519 accepts signatures that hold for many messages: under the
// identity point, R = identity, S = 0 verifies for every message.
//
// The test maps the point to Curve25519 with u = (1 + y) / (1 - y), which
// keeps the order of a point, and computes X25519 with a fixed scalar.
// X25519 scalars are multiples of the cofactor 8, so the result is zero,
// which crypto/ecdh reports as an error, exactly for the points of small
// order. y = 1 is the identity (u would be infinite).
func smallOrder(pub []byte) bool {
	le := slices.Clone(pub)
	le[31] &= 0x7f // the sign bit of x; it does not change the order
	slices.Reverse(le)
	y := new(big.Int).SetBytes(le)
	y.Mod(y, fieldPrime)
	den := new(big.Int).Sub(big.NewInt(1), y)
	den.Mod(den, fieldPrime)
	if den.Sign() == 0 {
		return true
	}
	u := new(big.Int).Add(big.NewInt(1), y)
	u.Mul(u, den.ModInverse(den, fieldPrime))
	u.Mod(u, fieldPrime)
	ub := u.FillBytes(make([]byte, 32))
	slices.Reverse(ub)
	mont, err := ecdh.X25519().NewPublicKey(ub)
	if err != nil {
		return true
	}
	_, err = probe().ECDH(mont)
	return err != nil
}

// probe is the fixed X25519 key of smallOrder. Its value does not matter,
// as long as it is not a multiple of the order of the large subgroup.
var probe = sync.OnceValue(func() *ecdh.PrivateKey {
	k, err := ecdh.X25519().NewPrivateKey([]byte("eddsa small-order probe scalar!!"))
	if err != nil {
		panic("eddsa: probe key: " + err.Error())
	}
	return k
})
