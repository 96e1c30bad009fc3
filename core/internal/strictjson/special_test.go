package strictjson

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestSpecial8 checks special8 against a byte-by-byte test: every byte
// value at every position among plain and special neighbours, and random
// words.
func TestSpecial8(t *testing.T) {
	naive := func(b []byte) bool {
		for _, c := range b {
			if c == '"' || c == '\\' || c < 0x20 {
				return true
			}
		}
		return false
	}
	check := func(b []byte) {
		if got, want := special8(binary.LittleEndian.Uint64(b)), naive(b); got != want {
			t.Fatalf("special8(%q) = %v, want %v", b, got, want)
		}
	}
	for _, fill := range []byte{'a', 0x7f, 0x80, 0xff, 0x20, 0x21, 0x23, 0x5b, 0x5d, 0xa2, 0xdc, '"', 0x1f, 0} {
		for pos := range 8 {
			for v := range 256 {
				b := make([]byte, 8)
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(v)
				check(b)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1 << 20 {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], r.Uint64())
		check(b[:])
	}
}
