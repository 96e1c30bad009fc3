package jwatest

import (
	"bytes"
	"crypto/rand"
	"reflect"
	"strings"
	"sync"

	"github.com/joseframework/jose/core/jwa"
)

// Sizes used by the suites.
const (
	huge        = 1 << 20 // "huge" inputs: 1 MiB
	goroutines  = 8       // concurrent users of one key-bound value
	opsPerGorou = 16      // operations per goroutine
)

// builtinWrongKeys are values no algorithm may accept as a key; every
// suite tries them in addition to the case's WrongKeys.
var builtinWrongKeys = []any{
	"a string is never a key",
	42,
	struct{}{},
	[]string{"k"},
}

// checkName fails unless name is something the registry would accept:
// 1 to 128 bytes of printable ASCII without spaces, and not "none".
func checkName(t tb, name string) {
	t.Helper()
	switch {
	case name == "":
		t.Errorf("Name() is empty")
	case len(name) > 128:
		t.Errorf("Name() is %d bytes, want at most 128", len(name))
	case strings.EqualFold(strings.TrimSpace(name), "none"):
		t.Errorf("Name() is %q: \"none\" is never an algorithm", name)
	}
	for i := 0; i < len(name); i++ {
		if name[i] <= ' ' || name[i] > '~' {
			t.Errorf("Name() %q has byte %#x at %d; want printable ASCII without spaces", name, name[i], i)
			return
		}
	}
}

// checkDescription checks an optional Describer for plain consistency.
func checkDescription(t tb, alg any) {
	t.Helper()
	d, ok := alg.(jwa.Describer)
	if !ok {
		return
	}
	var desc jwa.Description
	if !call(t, "Describe()", func() { desc = d.Describe() }) {
		return
	}
	if len(desc.KeyTypes) == 0 {
		t.Errorf("Describe().KeyTypes is empty")
	}
	for _, kty := range desc.KeyTypes {
		if kty == "" {
			t.Errorf("Describe().KeyTypes has an empty entry")
		}
	}
	if desc.MinKeyBits < 0 {
		t.Errorf("Describe().MinKeyBits = %d, want >= 0", desc.MinKeyBits)
	}
}

// typedNil returns the nil value of key's type when that type can be nil
// (pointer, slice, map, interface, func, chan), so that a constructor can be
// shown to refuse (*rsa.PrivateKey)(nil) or ed25519.PrivateKey(nil).
func typedNil(key any) (any, bool) {
	if key == nil {
		return nil, false
	}
	rt := reflect.TypeOf(key)
	switch rt.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Func, reflect.Chan, reflect.Interface:
		return reflect.Zero(rt).Interface(), true
	}
	return nil, false
}

// byteKey reports whether key is a byte slice, of any named type (such as
// []byte or ed25519.PrivateKey).
func byteKey(key any) bool {
	if key == nil {
		return false
	}
	rt := reflect.TypeOf(key)
	return rt.Kind() == reflect.Slice && rt.Elem().Kind() == reflect.Uint8
}

// cloneKey returns a copy of a byte-slice key with the same dynamic type,
// and a function that overwrites the copy, for the no-retention checks.
func cloneKey(key any) (clone any, scribble func()) {
	v := reflect.ValueOf(key)
	c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
	reflect.Copy(c, v)
	b := c.Bytes()
	return c.Interface(), func() {
		for i := range b {
			b[i] ^= 0xA5
		}
	}
}

// randBytes returns n random bytes.
func randBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// flipBit returns a copy of b with bit i (counting from the first byte's
// most significant bit) inverted.
func flipBit(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i/8] ^= 0x80 >> (i % 8)
	return c
}

// bitsToFlip returns the bit positions to flip in an n-byte value: every
// bit when n <= maxAll bytes; otherwise every bit of the first and last
// edgeBytes bytes and one bit, rotating, of each byte between, which keeps
// the suites fast for large RSA values while still touching every byte.
func bitsToFlip(n, maxAll int) []int {
	const edgeBytes = 4
	var bits []int
	if n <= maxAll {
		for i := range n * 8 {
			bits = append(bits, i)
		}
		return bits
	}
	for i := range n {
		if i < edgeBytes || i >= n-edgeBytes {
			for j := range 8 {
				bits = append(bits, i*8+j)
			}
		} else {
			bits = append(bits, i*8+i%8)
		}
	}
	return bits
}

// parallel runs f(g, i) for goroutines goroutines and opsPerGorou
// iterations each, and waits. f must report failures with Errorf only.
func parallel(f func(g, i int)) {
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range opsPerGorou {
				f(g, i)
			}
		})
	}
	wg.Wait()
}

// nonNilHint explains the commonest contract failure of a constructor: an
// error together with a non-nil interface value, often a typed nil pointer
// returned as the interface ("return k, err" with a nil *T k).
func nonNilHint(err error, nonNil bool) string {
	if err != nil && nonNil {
		return " (an error was returned, but with a non-nil value: return an untyped nil, not a nil pointer of the implementation's type)"
	}
	return ""
}
