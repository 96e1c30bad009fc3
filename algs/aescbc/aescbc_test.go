package aescbc

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/joseframework/jose/core/jwa"
)

var all = []*algorithm{a128cbcHS256, a192cbcHS384, a256cbcHS512}

// algFor returns this package's algorithm for an "enc" name and fails the
// test for any other name.
func algFor(t testing.TB, enc string) *algorithm {
	t.Helper()
	for _, a := range all {
		if a.name == enc {
			return a
		}
	}
	t.Fatalf("vector uses enc %q, which this package does not implement", enc)
	return nil
}

func newAEAD(t testing.TB, a *algorithm, key []byte) cipher.AEAD {
	t.Helper()
	c, err := a.NewAEAD(key)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func randomBytes(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.id, func(t *testing.T) {
			a := algFor(t, v.enc)
			c := newAEAD(t, a, v.key)
			if len(v.tag) != c.Overhead() {
				t.Fatalf("vector tag is %d bytes, Overhead is %d", len(v.tag), c.Overhead())
			}
			want := append(bytes.Clone(v.ciphertext), v.tag...)

			got := c.Seal(nil, v.iv, v.plaintext, v.aad)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Seal mismatch (-want +got):\n%s", diff)
			}
			pt, err := c.Open(nil, v.iv, want, v.aad)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if diff := cmp.Diff(v.plaintext, pt); diff != "" {
				t.Errorf("Open mismatch (-want +got):\n%s", diff)
			}
			if v.bitLength != nil {
				if diff := cmp.Diff(v.bitLength, bitLength(v.aad)); diff != "" {
					t.Errorf("AL mismatch (-want +got):\n%s", diff)
				}
			}
			if v.macFull != nil && !bytes.Equal(v.macFull[:len(v.tag)], v.tag) {
				t.Errorf("vector T is not the first half of M")
			}

			// Every byte of T, flipped in turn, must fail.
			for i := len(v.ciphertext); i < len(want); i++ {
				bad := bytes.Clone(want)
				bad[i] ^= 0x01
				if _, err := c.Open(nil, v.iv, bad, v.aad); err != errOpen {
					t.Errorf("tag byte %d flipped: Open error = %v, want %v", i-len(v.ciphertext), err, errOpen)
				}
			}
			// So must a flipped byte of E, the IV or the AAD.
			for _, i := range []int{0, len(v.ciphertext) / 2, len(v.ciphertext) - 1} {
				bad := bytes.Clone(want)
				bad[i] ^= 0x80
				if _, err := c.Open(nil, v.iv, bad, v.aad); err != errOpen {
					t.Errorf("ciphertext byte %d flipped: Open error = %v", i, err)
				}
			}
			for i := range v.iv {
				iv := bytes.Clone(v.iv)
				iv[i] ^= 0x01
				if _, err := c.Open(nil, iv, want, v.aad); err != errOpen {
					t.Errorf("IV byte %d flipped: Open error = %v", i, err)
				}
			}
			aad := bytes.Clone(v.aad)
			aad[len(aad)-1] ^= 0x01
			if _, err := c.Open(nil, v.iv, want, aad); err != errOpen {
				t.Errorf("AAD flipped: Open error = %v", err)
			}
			if _, err := c.Open(nil, v.iv, want, append(bytes.Clone(v.aad), 0)); err != errOpen {
				t.Errorf("AAD extended: Open error = %v", err)
			}
			// The wrong key: flip one bit of MAC_KEY, then of ENC_KEY.
			for _, i := range []int{0, len(v.key) - 1} {
				key := bytes.Clone(v.key)
				key[i] ^= 0x01
				if _, err := newAEAD(t, a, key).Open(nil, v.iv, want, v.aad); err != errOpen {
					t.Errorf("key byte %d flipped: Open error = %v", i, err)
				}
			}
		})
	}
}

func TestMalformedLengths(t *testing.T) {
	for _, a := range all {
		t.Run(a.name, func(t *testing.T) {
			c := newAEAD(t, a, randomBytes(t, a.keySize))
			iv := randomBytes(t, 16)
			aad := []byte("header")
			ct := c.Seal(nil, iv, []byte("forty-two bytes of plaintext, give or take"), aad)
			tagSize := c.Overhead()
			cases := map[string]struct{ iv, ct []byte }{
				"tag truncated by one":  {iv, ct[:len(ct)-1]},
				"tag missing":           {iv, ct[:len(ct)-tagSize]},
				"tag extended":          {iv, append(bytes.Clone(ct), 0)},
				"tag extended by block": {iv, append(bytes.Clone(ct), make([]byte, 16)...)},
				"last block dropped":    {iv, append(bytes.Clone(ct[:len(ct)-tagSize-16]), ct[len(ct)-tagSize:]...)},
				"only a tag":            {iv, ct[len(ct)-tagSize:]},
				"empty":                 {iv, nil},
				"IV empty":              {nil, ct},
				"IV 12 bytes":           {iv[:12], ct},
				"IV 15 bytes":           {iv[:15], ct},
				"IV 17 bytes":           {append(bytes.Clone(iv), 0), ct},
			}
			for name, tc := range cases {
				if pt, err := c.Open(nil, tc.iv, tc.ct, aad); err != errOpen || pt != nil {
					t.Errorf("%s: Open = %q, %v; want nil, %v", name, pt, err, errOpen)
				}
			}
			if _, err := c.Open(nil, iv, ct, aad); err != nil {
				t.Fatalf("the unmodified ciphertext does not open: %v", err)
			}
		})
	}
}

// sealRaw encrypts already padded data and computes a valid tag for it, so
// that a test can make ciphertexts whose tag verifies but whose padding is
// wrong. It is written from RFC 7518, Section 5.2.2.1, independently of Seal.
func sealRaw(a *algorithm, key, iv, padded, aad []byte) []byte {
	half := a.keySize / 2
	block, err := aes.NewCipher(key[half:])
	if err != nil {
		panic(err)
	}
	e := make([]byte, len(padded))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(e, padded)
	m := hmac.New(a.hash, key[:half])
	m.Write(aad)
	m.Write(iv)
	m.Write(e)
	al := uint64(len(aad)) * 8
	m.Write([]byte{byte(al >> 56), byte(al >> 48), byte(al >> 40), byte(al >> 32), byte(al >> 24), byte(al >> 16), byte(al >> 8), byte(al)})
	return append(e, m.Sum(nil)[:half]...)
}

// TestBadPaddingIsIndistinguishable checks that a ciphertext with a valid
// tag and invalid padding fails with exactly the error a bad tag gives.
func TestBadPaddingIsIndistinguishable(t *testing.T) {
	block := func(last ...byte) []byte {
		b := bytes.Repeat([]byte{'x'}, 32)
		copy(b[32-len(last):], last)
		return b
	}
	paddings := map[string][]byte{
		"pad byte 0":               block(0),
		"pad byte 17":              block(17),
		"pad byte 255":             block(255),
		"pad 2 with wrong byte":    block('x', 2),
		"pad 3, one byte wrong":    block(3, 4, 3),
		"pad 16, first byte 15":    append(bytes.Repeat([]byte{'x'}, 16), append([]byte{15}, bytes.Repeat([]byte{16}, 15)...)...),
		"pad 32 (two blocks)":      bytes.Repeat([]byte{32}, 32),
		"pad 16, all 16 but wrong": append(bytes.Repeat([]byte{'x'}, 16), append(bytes.Repeat([]byte{16}, 15), 17)...),
	}
	for _, a := range all {
		key := randomBytes(t, a.keySize)
		c := newAEAD(t, a, key)
		iv := randomBytes(t, 16)
		aad := []byte("protected")
		good := c.Seal(nil, iv, []byte("x"), aad)
		tagged := bytes.Clone(good)
		tagged[len(tagged)-1] ^= 1
		_, tagErr := c.Open(nil, iv, tagged, aad)
		if tagErr == nil {
			t.Fatal("a flipped tag opened")
		}
		for name, padded := range paddings {
			t.Run(a.name+"/"+name, func(t *testing.T) {
				ct := sealRaw(a, key, iv, padded, aad)
				dst := make([]byte, 3, 3+len(ct))
				copy(dst, "abc")
				pt, err := c.Open(dst, iv, ct, aad)
				if pt != nil || !errors.Is(err, jwa.ErrDecryption) {
					t.Fatalf("Open = %q, %v; want nil, ErrDecryption", pt, err)
				}
				if err != tagErr || err.Error() != tagErr.Error() {
					t.Errorf("padding error %q (%p) differs from tag error %q (%p)", err, err, tagErr, tagErr)
				}
				if got := dst[:cap(dst)]; !bytes.Equal(got[:3], []byte("abc")) || !bytes.Equal(got[3:], make([]byte, len(got)-3)) {
					t.Errorf("dst after failed Open = %q; want the prefix kept and the rest zeroed", got)
				}
			})
		}
		// The same construction with valid padding opens, so the cases
		// above fail because of the padding alone.
		for n := 1; n <= 16; n++ {
			padded := append(bytes.Repeat([]byte{'y'}, 32-n), bytes.Repeat([]byte{byte(n)}, n)...)
			pt, err := c.Open(nil, iv, sealRaw(a, key, iv, padded, aad), aad)
			if err != nil || !bytes.Equal(pt, padded[:32-n]) {
				t.Errorf("%s: valid padding %d: Open = %q, %v", a.name, n, pt, err)
			}
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, a := range all {
		t.Run(a.name, func(t *testing.T) {
			c := newAEAD(t, a, randomBytes(t, a.keySize))
			if c.NonceSize() != 16 || c.Overhead() != a.keySize/2 {
				t.Fatalf("NonceSize, Overhead = %d, %d", c.NonceSize(), c.Overhead())
			}
			for n := 0; n <= 70; n++ {
				for _, aad := range [][]byte{nil, []byte("a"), randomBytes(t, 100)} {
					pt := randomBytes(t, n)
					iv := randomBytes(t, 16)
					ct := c.Seal(nil, iv, pt, aad)
					if want := (n/16+1)*16 + c.Overhead(); len(ct) != want {
						t.Fatalf("len %d: ciphertext is %d bytes, want %d", n, len(ct), want)
					}
					got, err := c.Open(nil, iv, ct, aad)
					if err != nil {
						t.Fatalf("len %d: Open: %v", n, err)
					}
					if !bytes.Equal(got, pt) {
						t.Fatalf("len %d: Open = %x, want %x", n, got, pt)
					}
				}
			}
		})
	}
}

func TestEmptyPlaintext(t *testing.T) {
	for _, a := range all {
		c := newAEAD(t, a, randomBytes(t, a.keySize))
		iv := randomBytes(t, 16)
		ct := c.Seal(nil, iv, nil, nil)
		if len(ct) != 16+c.Overhead() {
			t.Errorf("%s: empty plaintext sealed to %d bytes, want one block and the tag", a.name, len(ct))
		}
		pt, err := c.Open(nil, iv, ct, nil)
		if err != nil || len(pt) != 0 {
			t.Errorf("%s: Open = %q, %v; want empty, nil", a.name, pt, err)
		}
	}
}

// TestBuffers checks the dst and in-place conventions of cipher.AEAD.
func TestBuffers(t *testing.T) {
	for _, a := range all {
		t.Run(a.name, func(t *testing.T) {
			c := newAEAD(t, a, randomBytes(t, a.keySize))
			iv := randomBytes(t, 16)
			aad := []byte("aad")
			pt := []byte("some plaintext that spans blocks")
			want := c.Seal(nil, iv, pt, aad)

			// Appending to a prefix keeps the prefix.
			got := c.Seal([]byte("prefix"), iv, pt, aad)
			if !bytes.Equal(got, append([]byte("prefix"), want...)) {
				t.Errorf("Seal with prefix = %x", got)
			}
			opened, err := c.Open([]byte("prefix"), iv, want, aad)
			if err != nil || !bytes.Equal(opened, append([]byte("prefix"), pt...)) {
				t.Errorf("Open with prefix = %q, %v", opened, err)
			}

			// In place: plaintext[:0] and ciphertext[:0] as dst.
			buf := make([]byte, len(pt), len(want))
			copy(buf, pt)
			sealed := c.Seal(buf[:0], iv, buf, aad)
			if !bytes.Equal(sealed, want) || &sealed[0] != &buf[0] {
				t.Errorf("in-place Seal = %x, want %x in the same buffer", sealed, want)
			}
			opened, err = c.Open(sealed[:0], iv, sealed, aad)
			if err != nil || !bytes.Equal(opened, pt) || &opened[0] != &buf[0] {
				t.Errorf("in-place Open = %q, %v", opened, err)
			}

			// The AAD and IV may overlap dst's spare capacity in Seal.
			space := make([]byte, 0, 200)
			aadInDst := append(space[:100], aad...)[100:]
			ivInDst := append(space[:150], iv...)[150:]
			if got := c.Seal(space[:0], ivInDst, pt, aadInDst); !bytes.Equal(got, want) {
				t.Errorf("Seal with IV and AAD in dst's capacity = %x, want %x", got, want)
			}

			// Open refuses an output that overlaps the ciphertext inexactly.
			buf = append([]byte{0}, want...)
			func() {
				defer func() {
					if recover() == nil {
						t.Error("Open with inexactly overlapping buffers did not panic")
					}
				}()
				c.Open(buf[:0], iv, buf[1:], aad)
			}()
		})
	}
}

func TestSealPanicsOnBadNonce(t *testing.T) {
	c := newAEAD(t, a128cbcHS256, randomBytes(t, 32))
	for _, n := range []int{0, 12, 15, 17, 24} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Seal with a %d-byte nonce did not panic", n)
				}
			}()
			c.Seal(nil, make([]byte, n), []byte("p"), nil)
		}()
	}
}

func TestKeySize(t *testing.T) {
	for _, a := range all {
		for _, n := range []int{0, 16, 24, 31, 32, 33, 47, 48, 49, 63, 64, 65, 128} {
			_, err := a.NewAEAD(make([]byte, n))
			switch {
			case n == a.keySize && err != nil:
				t.Errorf("%s: %d-byte key: %v", a.name, n, err)
			case n != a.keySize && !errors.Is(err, jwa.ErrKeySize):
				t.Errorf("%s: %d-byte key: error = %v, want ErrKeySize", a.name, n, err)
			}
		}
	}
}

// TestKeyNotRetained checks that changing the caller's key slice after
// NewAEAD changes nothing.
func TestKeyNotRetained(t *testing.T) {
	for _, a := range all {
		key := randomBytes(t, a.keySize)
		iv := randomBytes(t, 16)
		c := newAEAD(t, a, key)
		want := c.Seal(nil, iv, []byte("p"), nil)
		clear(key)
		if got := c.Seal(nil, iv, []byte("p"), nil); !bytes.Equal(got, want) {
			t.Errorf("%s: the AEAD changed when the caller's key slice was cleared", a.name)
		}
	}
}

func TestRegistered(t *testing.T) {
	for _, tc := range []struct {
		name    string
		alg     jwa.ContentEncryptionAlgorithm
		keySize int
		summary string
	}{
		{"A128CBC-HS256", A128CBCHS256(), 32, "AES-128-CBC with HMAC-SHA-256, tag truncated to 128 bits"},
		{"A192CBC-HS384", A192CBCHS384(), 48, "AES-192-CBC with HMAC-SHA-384, tag truncated to 192 bits"},
		{"A256CBC-HS512", A256CBCHS512(), 64, "AES-256-CBC with HMAC-SHA-512, tag truncated to 256 bits"},
	} {
		got, ok := jwa.LookupContentEncryption(tc.name)
		if !ok || got != tc.alg {
			t.Errorf("LookupContentEncryption(%q) = %v, %v; want the package's value", tc.name, got, ok)
		}
		if tc.alg.Name() != tc.name || tc.alg.KeySize() != tc.keySize {
			t.Errorf("%s: Name, KeySize = %q, %d", tc.name, tc.alg.Name(), tc.alg.KeySize())
		}
		d := tc.alg.(jwa.Describer).Describe()
		want := jwa.Description{KeyTypes: []string{"oct"}, FIPS: true, Summary: tc.summary}
		if diff := cmp.Diff(want, d); diff != "" {
			t.Errorf("%s: Describe mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestCheckPadding(t *testing.T) {
	for last := 0; last < 256; last++ {
		b := bytes.Repeat([]byte{byte(last)}, 32)
		n, ok := checkPadding(b)
		wantOK := 0
		if last >= 1 && last <= 16 {
			wantOK = 1
		}
		if ok != wantOK || n != last {
			t.Errorf("checkPadding(all %d) = %d, %d; want %d, %d", last, n, ok, last, wantOK)
		}
		if wantOK == 1 && last > 1 {
			b[len(b)-last] ^= 0xff // the first padding byte
			if _, ok := checkPadding(b); ok != 0 {
				t.Errorf("checkPadding accepted pad %d with its first byte wrong", last)
			}
			b[len(b)-last] ^= 0xff
			b[len(b)-last-1] ^= 0xff // the byte before the padding does not matter
			if _, ok := checkPadding(b); ok != 1 {
				t.Errorf("checkPadding rejected pad %d because of the byte before it", last)
			}
		}
	}
}
