package jwe

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"testing"

	"github.com/joseframework/jose/core/internal/b64"
)

// TestCompactInPlace checks the in-place compact writer against the
// plain one at every plaintext length around the base64 group sizes, and
// at a large one.
func TestCompactInPlace(t *testing.T) {
	blk, _ := aes.NewCipher(key16)
	g, _ := cipher.NewGCM(blk)
	iv := bytes.Repeat([]byte{7}, 12)
	prot := []byte(b64.Encode([]byte(`{"alg":"dir","enc":"A128GCM"}`)))
	for _, ek := range [][]byte{nil, bytes.Repeat([]byte{9}, 40)} {
		for n := range 70 {
			checkInPlace(t, g, iv, bytes.Repeat([]byte{byte(n)}, n), prot, ek)
		}
		checkInPlace(t, g, iv, bytes.Repeat([]byte("large "), 200000), prot, ek)
	}
}

func checkInPlace(t *testing.T, g cipher.AEAD, iv, data, prot, ek []byte) {
	t.Helper()
	got, ok := compactInPlace(g, iv, data, prot, ek)
	if !ok {
		t.Fatalf("%d bytes: not sealed in place", len(data))
	}
	sealed := g.Seal(nil, iv, data, prot)
	w := writer{protB64: prot, iv: iv, ct: sealed[:len(data)], tag: sealed[len(data):]}
	if want := w.compact(ek); !bytes.Equal(got, want) {
		t.Fatalf("%d bytes:\n got %s\nwant %s", len(data), got, want)
	}
}

// An oddAEAD misbehaves in one way, for the fallbacks.
type oddAEAD struct {
	cipher.AEAD
	elsewhere bool // seal into a new slice
	overhead  int  // report this overhead
	extra     int  // write this many more bytes
}

func (o oddAEAD) Overhead() int { return o.overhead }

func (o oddAEAD) Seal(dst, nonce, plaintext, ad []byte) []byte {
	if o.elsewhere {
		dst = nil
	}
	out := o.AEAD.Seal(dst, nonce, plaintext, ad)
	return append(out, make([]byte, o.extra)...)
}

func TestCompactInPlaceFallback(t *testing.T) {
	blk, _ := aes.NewCipher(key16)
	g, _ := cipher.NewGCM(blk)
	iv := bytes.Repeat([]byte{7}, 12)
	for name, a := range map[string]oddAEAD{
		"elsewhere":   {AEAD: g, elsewhere: true, overhead: 16},
		"no overhead": {AEAD: g, overhead: 0},
		"longer":      {AEAD: g, overhead: 16, extra: 1},
		"shorter":     {AEAD: g, overhead: 17},
	} {
		if _, ok := compactInPlace(a, iv, []byte("data"), []byte("eyJ9"), nil); ok {
			t.Errorf("%s: sealed in place", name)
		}
	}
}
