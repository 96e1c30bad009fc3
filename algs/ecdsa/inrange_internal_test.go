package ecdsa

import (
	"math/big"
	"testing"
)

// TestInRange: r and s must be in [1, n-1]. crypto/ecdsa checks this too,
// which hides a broken inRange from the black-box tests, so it is tested
// here directly at the edges.
func TestInRange(t *testing.T) {
	for _, a := range []*algorithm{es256, es384, es512} {
		n := a.curve.Params().N
		one := big.NewInt(1)
		for _, c := range []struct {
			name string
			x    *big.Int
			want bool
		}{
			{"-1", big.NewInt(-1), false},
			{"0", big.NewInt(0), false},
			{"1", big.NewInt(1), true},
			{"n-1", new(big.Int).Sub(n, one), true},
			{"n", new(big.Int).Set(n), false},
			{"n+1", new(big.Int).Add(n, one), false},
			{"2n", new(big.Int).Lsh(n, 1), false},
		} {
			if got := a.inRange(c.x); got != c.want {
				t.Errorf("%s: inRange(%s) = %v, want %v", a.name, c.name, got, c.want)
			}
		}
	}
}
