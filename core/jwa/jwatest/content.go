package jwatest

import (
	"bytes"
	"crypto/cipher"
	"errors"
	"fmt"
	"testing"

	"github.com/joseframework/jose/core/jwa"
)

// A ContentEncryptionCase describes one content encryption algorithm.
type ContentEncryptionCase struct {
	// Alg is the algorithm under test.
	Alg jwa.ContentEncryptionAlgorithm
	// IVSize is the expected NonceSize of its AEAD: the JWE IV length.
	IVSize int
	// TagSize is the expected Overhead of its AEAD: the JWE
	// authentication tag length.
	TagSize int
}

// TestContentEncryption runs the contract suite for a content encryption
// algorithm: its name; NewAEAD accepts exactly KeySize-byte CEKs (others
// fail with jwa.ErrKeySize, without panicking); NonceSize and Overhead are
// IVSize and TagSize; Seal then Open round trips for plaintext and AAD
// lengths from 0 up, and for 1 MiB; Seal is deterministic for a given
// nonce, appends to dst and works in place; every single-bit change of the
// ciphertext, tag, nonce or AAD, a truncated, extended or empty
// ciphertext, a wrong-length nonce and the wrong CEK make Open fail with
// jwa.ErrDecryption; the CEK, plaintext, nonce and AAD slices are neither
// kept nor modified; and concurrent use of one AEAD.
//
// Following crypto/cipher, Seal may panic when given a nonce of the wrong
// length; the suite does not call it so. Open must return an error.
func TestContentEncryption(t *testing.T, c ContentEncryptionCase) {
	t.Helper()
	testContentEncryption(realT{t}, c)
}

func testContentEncryption(t tb, c ContentEncryptionCase) {
	t.Helper()
	if c.Alg == nil {
		t.Fatalf("jwatest: ContentEncryptionCase.Alg is nil")
	}
	if c.IVSize <= 0 || c.TagSize <= 0 {
		t.Fatalf("jwatest: ContentEncryptionCase needs a positive IVSize and TagSize")
	}
	name := c.Alg.Name()
	size := c.Alg.KeySize()

	t.Run("Name", func(t tb) {
		checkName(t, name)
		checkDescription(t, c.Alg)
	})
	if size <= 0 {
		t.Fatalf("KeySize() = %d, want a positive CEK length", size)
	}

	cek := randBytes(size)
	var aead cipher.AEAD
	if !t.Run("NewAEAD", func(t tb) {
		var err error
		if !call(t, "NewAEAD", func() { aead, err = c.Alg.NewAEAD(bytes.Clone(cek)) }) {
			t.Fatalf("cannot continue")
		}
		if err != nil || aead == nil {
			t.Fatalf("NewAEAD(%d-byte CEK) = %v, %v; want an AEAD", size, aead, err)
		}
		if got := aead.NonceSize(); got != c.IVSize {
			t.Errorf("NonceSize() = %d, want %d", got, c.IVSize)
		}
		if got := aead.Overhead(); got != c.TagSize {
			t.Errorf("Overhead() = %d, want %d", got, c.TagSize)
		}
	}) {
		return
	}

	// open returns Open's results; a panic is reported and returned as
	// errPanicked.
	open := func(t tb, a cipher.AEAD, dst, nonce, ct, aad []byte) (pt []byte, err error) {
		t.Helper()
		err = errPanicked
		call(t, "Open", func() { pt, err = a.Open(dst, nonce, ct, aad) })
		return pt, err
	}
	seal := func(t tb, a cipher.AEAD, dst, nonce, pt, aad []byte) (ct []byte) {
		t.Helper()
		call(t, "Seal", func() { ct = a.Seal(dst, nonce, pt, aad) })
		return ct
	}
	wantReject := func(t tb, what string, pt []byte, err error) bool {
		t.Helper()
		if err == errPanicked {
			return false
		}
		if !errors.Is(err, jwa.ErrDecryption) {
			t.Errorf("Open with %s = %d bytes, %v; want an error wrapping jwa.ErrDecryption", what, len(pt), err)
			return false
		}
		if pt != nil {
			t.Errorf("Open with %s returned %d bytes of plaintext with its error", what, len(pt))
			return false
		}
		return true
	}

	nonce := randBytes(c.IVSize)
	pt := []byte("The true sign of intelligence is not knowledge but imagination.")
	aad := []byte("eyJhbGciOiJkaXIiLCJlbmMiOiJ0ZXN0In0")
	ct := seal(t, aead, nil, nonce, pt, aad)
	if ct == nil {
		t.Fatalf("cannot continue without a ciphertext")
	}

	t.Run("KeySize", func(t tb) {
		bad := [][]byte{nil, {}, cek[:1], cek[:size-1], append(bytes.Clone(cek), 0), append(bytes.Clone(cek), cek...)}
		if size > 16 {
			bad = append(bad, cek[:16])
		}
		if size > 32 {
			bad = append(bad, cek[:32])
		}
		for _, k := range bad {
			var (
				a   cipher.AEAD
				err error
			)
			if !call(t, fmt.Sprintf("NewAEAD(%d-byte CEK)", len(k)), func() { a, err = c.Alg.NewAEAD(k) }) {
				continue
			}
			if !errors.Is(err, jwa.ErrKeySize) || a != nil {
				t.Errorf("NewAEAD(%d-byte CEK) = %v, %v; want jwa.ErrKeySize", len(k), a, err)
			}
		}
	})

	t.Run("RoundTrip", func(t tb) {
		for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 64, 1000} {
			for _, m := range []int{0, 1, 16, 100} {
				p, a := randBytes(n), randBytes(m)
				if m == 0 {
					a = nil
				}
				nc := randBytes(c.IVSize)
				sealed := seal(t, aead, nil, nc, p, a)
				if sealed == nil {
					return
				}
				if len(sealed) < n+c.TagSize {
					t.Errorf("Seal(%d bytes) = %d bytes, want at least %d (plaintext + tag)", n, len(sealed), n+c.TagSize)
				}
				got, err := open(t, aead, nil, nc, sealed, a)
				if err != nil {
					t.Errorf("Open(Seal(%d bytes, aad %d bytes)) error: %v", n, m, err)
					continue
				}
				if !bytes.Equal(got, p) {
					t.Errorf("Open(Seal(%d bytes, aad %d bytes)) = %x, want %x", n, m, got, p)
				}
			}
		}
		big := randBytes(huge)
		sealed := seal(t, aead, nil, nonce, big, aad)
		if got, err := open(t, aead, nil, nonce, sealed, aad); err != nil || !bytes.Equal(got, big) {
			t.Errorf("1 MiB round trip failed: %v", err)
		}
		// Another AEAD from the same CEK opens what this one sealed.
		a2, err := c.Alg.NewAEAD(bytes.Clone(cek))
		if err != nil {
			t.Fatalf("second NewAEAD: %v", err)
		}
		if got, err := open(t, a2, nil, nonce, ct, aad); err != nil || !bytes.Equal(got, pt) {
			t.Errorf("second AEAD: Open = %q, %v; want %q", got, err, pt)
		}
	})

	t.Run("SealAPI", func(t tb) {
		if again := seal(t, aead, nil, nonce, pt, aad); !bytes.Equal(again, ct) {
			t.Errorf("Seal is not deterministic for a given CEK, nonce, plaintext and AAD")
		}
		prefix := []byte("prefix")
		got := seal(t, aead, bytes.Clone(prefix), nonce, pt, aad)
		if !bytes.HasPrefix(got, prefix) || !bytes.Equal(got[len(prefix):], ct) {
			t.Errorf("Seal(dst=%q) did not append the ciphertext to dst", prefix)
		}
		opened, err := open(t, aead, bytes.Clone(prefix), nonce, ct, aad)
		if err != nil || !bytes.HasPrefix(opened, prefix) || !bytes.Equal(opened[len(prefix):], pt) {
			t.Errorf("Open(dst=%q) = %q, %v; want the plaintext appended to dst", prefix, opened, err)
		}
		// In place, as crypto/cipher allows: Seal(buf[:0], nonce, buf, aad).
		buf := make([]byte, len(pt), len(pt)+c.TagSize+64)
		copy(buf, pt)
		if inPlace := seal(t, aead, buf[:0], nonce, buf, aad); !bytes.Equal(inPlace, ct) {
			t.Errorf("in-place Seal gave a different ciphertext")
		}
		buf = bytes.Clone(ct)
		if inPlace, err := open(t, aead, buf[:0], nonce, buf, aad); err != nil || !bytes.Equal(inPlace, pt) {
			t.Errorf("in-place Open = %q, %v; want %q", inPlace, err, pt)
		}
	})

	t.Run("CiphertextBitFlip", func(t tb) {
		for i := range len(ct) * 8 {
			got, err := open(t, aead, nil, nonce, flipBit(ct, i), aad)
			if !wantReject(t, fmt.Sprintf("bit %d of ciphertext||tag flipped", i), got, err) {
				return
			}
		}
	})

	t.Run("NonceBitFlip", func(t tb) {
		for i := range len(nonce) * 8 {
			got, err := open(t, aead, nil, flipBit(nonce, i), ct, aad)
			if !wantReject(t, fmt.Sprintf("bit %d of the nonce flipped", i), got, err) {
				return
			}
		}
	})

	t.Run("AADBitFlip", func(t tb) {
		for i := range len(aad) * 8 {
			got, err := open(t, aead, nil, nonce, ct, flipBit(aad, i))
			if !wantReject(t, fmt.Sprintf("bit %d of the AAD flipped", i), got, err) {
				return
			}
		}
		got, err := open(t, aead, nil, nonce, ct, nil)
		wantReject(t, "the AAD left out", got, err)
		got, err = open(t, aead, nil, nonce, ct, append(bytes.Clone(aad), 0))
		wantReject(t, "the AAD extended", got, err)
		emptyAAD := seal(t, aead, nil, nonce, pt, nil)
		got, err = open(t, aead, nil, nonce, emptyAAD, []byte{0})
		wantReject(t, "one AAD byte where there was none", got, err)
	})

	t.Run("MalformedCiphertext", func(t tb) {
		cases := []struct {
			what string
			ct   []byte
		}{
			{"a nil ciphertext", nil},
			{"an empty ciphertext", []byte{}},
			{"a one-byte ciphertext", ct[:1]},
			{"the tag only", ct[len(ct)-c.TagSize:]},
			{"one byte less than the tag", ct[len(ct)-c.TagSize+1:]},
			{"the ciphertext without its tag", ct[:len(ct)-c.TagSize]},
			{"the ciphertext truncated by one byte", ct[:len(ct)-1]},
			{"the ciphertext extended by a zero byte", append(bytes.Clone(ct), 0)},
			{"the ciphertext extended by 16 bytes", append(bytes.Clone(ct), make([]byte, 16)...)},
			{"the ciphertext twice", append(bytes.Clone(ct), ct...)},
			{"1 MiB of zeros", make([]byte, huge)},
		}
		for _, tc := range cases {
			got, err := open(t, aead, nil, nonce, tc.ct, aad)
			wantReject(t, tc.what, got, err)
		}
	})

	t.Run("NonceLength", func(t tb) {
		for _, n := range []int{0, c.IVSize - 1, c.IVSize + 1, 2 * c.IVSize} {
			if n < 0 {
				continue
			}
			nc := make([]byte, n)
			copy(nc, nonce)
			got, err := open(t, aead, nil, nc, ct, aad)
			wantReject(t, fmt.Sprintf("a %d-byte nonce", n), got, err)
		}
	})

	t.Run("WrongCEK", func(t tb) {
		other, err := c.Alg.NewAEAD(randBytes(size))
		if err != nil {
			t.Fatalf("NewAEAD(another CEK): %v", err)
		}
		got, err := open(t, other, nil, nonce, ct, aad)
		wantReject(t, "another CEK", got, err)
		flipped, err := c.Alg.NewAEAD(flipBit(cek, 8*size-1))
		if err != nil {
			t.Fatalf("NewAEAD(CEK with its last bit flipped): %v", err)
		}
		got, err = open(t, flipped, nil, nonce, ct, aad)
		wantReject(t, "the CEK's last bit flipped", got, err)
		flipped, err = c.Alg.NewAEAD(flipBit(cek, 0))
		if err != nil {
			t.Fatalf("NewAEAD(CEK with its first bit flipped): %v", err)
		}
		got, err = open(t, flipped, nil, nonce, ct, aad)
		wantReject(t, "the CEK's first bit flipped", got, err)
	})

	t.Run("NotRetained", func(t tb) {
		k := bytes.Clone(cek)
		a, err := c.Alg.NewAEAD(k)
		if err != nil {
			t.Fatalf("NewAEAD: %v", err)
		}
		for i := range k {
			k[i] ^= 0xff
		}
		if got, err := open(t, a, nil, nonce, ct, aad); err != nil || !bytes.Equal(got, pt) {
			t.Errorf("after the caller overwrote the CEK given to NewAEAD, Open = %q, %v; want %q", got, err, pt)
		}
		if again := seal(t, a, nil, nonce, pt, aad); !bytes.Equal(again, ct) {
			t.Errorf("after the caller overwrote the CEK given to NewAEAD, Seal gives another ciphertext")
		}
		p, n, ad := bytes.Clone(pt), bytes.Clone(nonce), bytes.Clone(aad)
		sealed := seal(t, aead, nil, n, p, ad)
		if !bytes.Equal(p, pt) || !bytes.Equal(n, nonce) || !bytes.Equal(ad, aad) {
			t.Errorf("Seal modified its plaintext, nonce or AAD")
		}
		sc := bytes.Clone(sealed)
		if _, err := open(t, aead, nil, n, sc, ad); err != nil {
			t.Errorf("Open: %v", err)
		}
		if !bytes.Equal(sc, sealed) || !bytes.Equal(n, nonce) || !bytes.Equal(ad, aad) {
			t.Errorf("Open with a separate dst modified its ciphertext, nonce or AAD")
		}
	})

	t.Run("Concurrent", func(t tb) {
		parallel(func(g, i int) {
			nc := randBytes(c.IVSize)
			p := []byte{byte(g), byte(i), 'j', 'w', 'e'}
			var (
				sealed, got []byte
				err         error
			)
			if !call(t, "concurrent Seal", func() { sealed = aead.Seal(nil, nc, p, aad) }) {
				return
			}
			if !call(t, "concurrent Open", func() { got, err = aead.Open(nil, nc, sealed, aad) }) {
				return
			}
			if err != nil || !bytes.Equal(got, p) {
				t.Errorf("concurrent Open(Seal(%x)) = %x, %v", p, got, err)
			}
		})
	})
}
