package chacha20

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/joseframework/jose/core/jwa"
)

// The shared vectors folder has no ChaCha20 vectors, and the JOSE draft
// prints none, so these known answers come from the primitives' own
// specifications.
var katVectors = []struct {
	name, source    string
	alg             *algorithm
	key, nonce, aad string // hex
	plaintext       string
	ciphertext, tag string // hex
}{
	{
		name:      "C20P/RFC8439-2.8.2",
		source:    "RFC 8439, Section 2.8.2 (AEAD_CHACHA20_POLY1305 example)",
		alg:       c20p,
		key:       "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
		nonce:     "070000004041424344454647",
		aad:       "50515253c0c1c2c3c4c5c6c7",
		plaintext: "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
		ciphertext: "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b" +
			"1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc" +
			"3ff4def08e4b7a9de576d26586cec64b6116",
		tag: "1ae10b594f09e26a7e902ecbd0600691",
	},
	{
		name:      "XC20P/draft-irtf-cfrg-xchacha-03-A.3.1",
		source:    "draft-irtf-cfrg-xchacha-03, Appendix A.3.1 (AEAD_XChaCha20_Poly1305 example)",
		alg:       xc20p,
		key:       "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
		nonce:     "404142434445464748494a4b4c4d4e4f5051525354555657",
		aad:       "50515253c0c1c2c3c4c5c6c7",
		plaintext: "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
		ciphertext: "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39" +
			"ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9" +
			"21f9664c97637da9768812f615c68b13b52e",
		tag: "c0875924c1c7987947deafd8780acf49",
	},
}

var all = []*algorithm{c20p, xc20p}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func newAEAD(t testing.TB, a *algorithm, key []byte) *aead {
	t.Helper()
	c, err := a.NewAEAD(key)
	if err != nil {
		t.Fatal(err)
	}
	return c.(*aead)
}

func TestKnownAnswers(t *testing.T) {
	if len(katVectors) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range katVectors {
		t.Run(v.name, func(t *testing.T) {
			c := newAEAD(t, v.alg, unhex(t, v.key))
			nonce, aad := unhex(t, v.nonce), unhex(t, v.aad)
			want := append(unhex(t, v.ciphertext), unhex(t, v.tag)...)

			got := c.Seal(nil, nonce, []byte(v.plaintext), aad)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Seal mismatch with %s (-want +got):\n%s", v.source, diff)
			}
			pt, err := c.Open(nil, nonce, want, aad)
			if err != nil || string(pt) != v.plaintext {
				t.Fatalf("Open = %q, %v", pt, err)
			}
			// Every byte of the tag, flipped in turn, must fail.
			for i := len(want) - c.Overhead(); i < len(want); i++ {
				bad := bytes.Clone(want)
				bad[i] ^= 0x01
				if pt, err := c.Open(nil, nonce, bad, aad); err != errOpen || pt != nil {
					t.Errorf("byte %d flipped: Open = %q, %v; want nil, %v", i, pt, err, errOpen)
				}
			}
			for name, tc := range map[string]struct{ nonce, ct, aad []byte }{
				"ciphertext flipped":           {nonce, flip(want, 0), aad},
				"nonce flipped":                {flip(nonce, 0), want, aad},
				"aad flipped":                  {nonce, want, flip(aad, 0)},
				"aad missing":                  {nonce, want, nil},
				"tag truncated":                {nonce, want[:len(want)-1], aad},
				"tag extended":                 {nonce, append(bytes.Clone(want), 0), aad},
				"tag only":                     {nonce, want[len(want)-16:], aad},
				"shorter than a tag":           {nonce, want[:15], aad},
				"empty":                        {nonce, nil, aad},
				"nonce empty":                  {nil, want, aad},
				"nonce short":                  {nonce[:len(nonce)-1], want, aad},
				"nonce long":                   {append(bytes.Clone(nonce), 0), want, aad},
				"nonce of the other algorithm": {make([]byte, 36-len(nonce)), want, aad},
			} {
				if pt, err := c.Open(nil, tc.nonce, tc.ct, tc.aad); err != errOpen || pt != nil {
					t.Errorf("%s: Open = %q, %v; want nil, %v", name, pt, err, errOpen)
				}
			}
			wrongKey := newAEAD(t, v.alg, flip(unhex(t, v.key), 31))
			if _, err := wrongKey.Open(nil, nonce, want, aad); err != errOpen {
				t.Errorf("wrong key: Open error = %v", err)
			}
		})
	}
}

func flip(b []byte, i int) []byte {
	b = bytes.Clone(b)
	b[i] ^= 0x01
	return b
}

func TestRoundTrip(t *testing.T) {
	for _, a := range all {
		t.Run(a.name, func(t *testing.T) {
			c := newAEAD(t, a, randomBytes(32))
			if c.NonceSize() != a.nonceSize || c.Overhead() != 16 {
				t.Fatalf("NonceSize, Overhead = %d, %d", c.NonceSize(), c.Overhead())
			}
			for _, n := range []int{0, 1, 15, 16, 17, 63, 64, 65, 1000} {
				pt, nonce, aad := randomBytes(n), randomBytes(a.nonceSize), randomBytes(n%7)
				ct := c.Seal(nil, nonce, pt, aad)
				if len(ct) != n+16 {
					t.Fatalf("len %d: sealed to %d bytes", n, len(ct))
				}
				got, err := c.Open(nil, nonce, ct, aad)
				if err != nil || !bytes.Equal(got, pt) {
					t.Fatalf("len %d: Open = %x, %v", n, got, err)
				}
				// In place.
				buf := append(make([]byte, 0, n+16), pt...)
				sealed := c.Seal(buf[:0], nonce, buf, aad)
				if !bytes.Equal(sealed, ct) {
					t.Fatalf("len %d: in-place Seal differs", n)
				}
				opened, err := c.Open(sealed[:0], nonce, sealed, aad)
				if err != nil || !bytes.Equal(opened, pt) {
					t.Fatalf("len %d: in-place Open = %x, %v", n, opened, err)
				}
			}
		})
	}
}

func TestEmptyPlaintext(t *testing.T) {
	for _, a := range all {
		c := newAEAD(t, a, randomBytes(32))
		nonce := randomBytes(a.nonceSize)
		ct := c.Seal(nil, nonce, nil, nil)
		if len(ct) != 16 {
			t.Errorf("%s: empty plaintext sealed to %d bytes, want 16", a.name, len(ct))
		}
		if pt, err := c.Open(nil, nonce, ct, nil); err != nil || len(pt) != 0 {
			t.Errorf("%s: Open = %q, %v", a.name, pt, err)
		}
	}
}

func TestSealPanicsOnBadNonce(t *testing.T) {
	for _, a := range all {
		c := newAEAD(t, a, randomBytes(32))
		for _, n := range []int{0, 8, 12, 16, 24, 25} {
			if n == a.nonceSize {
				continue
			}
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s: Seal with a %d-byte nonce did not panic", a.name, n)
					}
				}()
				c.Seal(nil, make([]byte, n), nil, nil)
			}()
		}
	}
}

func TestKeySize(t *testing.T) {
	for _, a := range all {
		for _, n := range []int{0, 16, 24, 31, 33, 64} {
			if _, err := a.NewAEAD(make([]byte, n)); !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("%s: %d-byte key: error = %v, want ErrKeySize", a.name, n, err)
			}
		}
		if _, err := a.NewAEAD(make([]byte, 32)); err != nil {
			t.Errorf("%s: 32-byte key: %v", a.name, err)
		}
	}
}

func TestKeyNotRetained(t *testing.T) {
	for _, a := range all {
		key, nonce := randomBytes(32), randomBytes(a.nonceSize)
		c := newAEAD(t, a, key)
		want := c.Seal(nil, nonce, []byte("p"), nil)
		clear(key)
		if got := c.Seal(nil, nonce, []byte("p"), nil); !bytes.Equal(got, want) {
			t.Errorf("%s: the AEAD changed when the caller's key slice was cleared", a.name)
		}
	}
}

func TestRegistered(t *testing.T) {
	for _, tc := range []struct {
		alg  jwa.ContentEncryptionAlgorithm
		name string
		desc jwa.Description
	}{
		{C20P(), "C20P", jwa.Description{KeyTypes: []string{"oct"}, Summary: "ChaCha20-Poly1305 (RFC 8439) with a 96-bit IV"}},
		{XC20P(), "XC20P", jwa.Description{KeyTypes: []string{"oct"}, Summary: "XChaCha20-Poly1305 with a 192-bit IV"}},
	} {
		got, ok := jwa.LookupContentEncryption(tc.name)
		if !ok || got != tc.alg || tc.alg.Name() != tc.name || tc.alg.KeySize() != 32 {
			t.Errorf("%s: lookup = %v, %v; Name %q, KeySize %d", tc.name, got, ok, tc.alg.Name(), tc.alg.KeySize())
		}
		if diff := cmp.Diff(tc.desc, tc.alg.(jwa.Describer).Describe()); diff != "" {
			t.Errorf("%s: Describe mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
}

// FuzzOpen checks that Open never panics, fails only with the uniform
// error, and accepts only what Seal produces.
func FuzzOpen(f *testing.F) {
	for _, v := range katVectors {
		f.Add(v.alg.name, unhex(f, v.nonce), append(unhex(f, v.ciphertext), unhex(f, v.tag)...), unhex(f, v.aad))
	}
	key := unhex(f, katVectors[0].key)
	aeads := map[string]*aead{"C20P": newAEAD(f, c20p, key), "XC20P": newAEAD(f, xc20p, key)}
	f.Fuzz(func(t *testing.T, enc string, nonce, ciphertext, aad []byte) {
		c, ok := aeads[enc]
		if !ok {
			return
		}
		pt, err := c.Open(nil, nonce, ciphertext, aad)
		if err != nil {
			if err != errOpen || pt != nil {
				t.Fatalf("Open = %q, %v", pt, err)
			}
			return
		}
		if got := c.Seal(nil, nonce, pt, aad); !bytes.Equal(got, ciphertext) {
			t.Fatalf("Open accepted %x, but Seal gives %x", ciphertext, got)
		}
	})
}
