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
	got, sealed := compactInPlace(g, iv, data, prot, ek)
	if got == nil {
		t.Fatalf("%d bytes: not sealed in place", len(data))
	}
	if sealed != nil {
		t.Fatalf("%d bytes: sealed output returned as well", len(data))
	}
	if want := plainCompact(g, iv, data, prot, ek); !bytes.Equal(got, want) {
		t.Fatalf("%d bytes:\n got %s\nwant %s", len(data), got, want)
	}
}

// plainCompact is the compact serialization written the plain way, or nil
// for an output shorter than Overhead, which Encrypt refuses.
func plainCompact(a cipher.AEAD, iv, data, prot, ek []byte) []byte {
	sealed := a.Seal(nil, iv, data, prot)
	n := len(sealed) - a.Overhead()
	if n < 0 {
		return nil
	}
	w := writer{protB64: prot, iv: iv, ct: sealed[:n], tag: sealed[n:]}
	return w.compact(ek)
}

// An oddAEAD misbehaves in one way.
type oddAEAD struct {
	cipher.AEAD
	elsewhere bool // seal into a new slice
	overhead  int  // report this overhead
	extra     int  // write this many more bytes, as padding would
}

func (o oddAEAD) Overhead() int { return o.overhead }

func (o oddAEAD) Seal(dst, nonce, plaintext, ad []byte) []byte {
	if o.elsewhere {
		dst = nil
	}
	out := o.AEAD.Seal(dst, nonce, plaintext, ad)
	return append(out, make([]byte, o.extra)...)
}

// TestCompactInPlaceOdd checks AEADs whose output is not plaintext plus
// Overhead, or that do not seal in place: the in-place writer gives the
// plain writer's bytes, or hands back the sealed output without sealing
// twice.
func TestCompactInPlaceOdd(t *testing.T) {
	blk, _ := aes.NewCipher(key16)
	g, _ := cipher.NewGCM(blk)
	iv := bytes.Repeat([]byte{7}, 12)
	prot := []byte("eyJ9")
	for _, tt := range []struct {
		name    string
		a       oddAEAD
		inPlace bool
	}{
		{"exact", oddAEAD{AEAD: g, overhead: 16}, true},
		{"padding", oddAEAD{AEAD: g, overhead: 16, extra: sealSlack}, true},
		{"shorter than Overhead says", oddAEAD{AEAD: g, overhead: 17}, true},
		{"elsewhere", oddAEAD{AEAD: g, elsewhere: true, overhead: 16}, false},
		{"no overhead", oddAEAD{AEAD: g, overhead: 0}, false},
		{"past the slack", oddAEAD{AEAD: g, overhead: 16, extra: sealSlack + 1}, false},
	} {
		for _, n := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 100} {
			data := bytes.Repeat([]byte("d"), n)
			want := plainCompact(tt.a, iv, data, prot, nil)
			out, sealed := compactInPlace(tt.a, iv, data, prot, nil)
			switch {
			case want == nil && out != nil:
				t.Errorf("%s, %d bytes: a short output written: %s", tt.name, n, out)
			case want == nil:
			case tt.inPlace && (out == nil || !bytes.Equal(out, want)):
				t.Errorf("%s, %d bytes: %s, want %s", tt.name, n, out, want)
			case !tt.inPlace && (out != nil || !bytes.Equal(sealed, tt.a.Seal(nil, iv, data, prot))):
				t.Errorf("%s, %d bytes: in place %v, sealed %x", tt.name, n, out != nil, sealed)
			}
		}
	}
}
