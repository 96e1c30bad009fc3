package jwe

import (
	"crypto/aes"
	"crypto/cipher"
	"fmt"
	"testing"
)

// BenchmarkDirect measures compact "dir" + A128GCM against the raw AES-GCM
// floor (Seal and Open without any JOSE framing).
func BenchmarkDirect(b *testing.B) {
	for _, size := range []int{1 << 10, 1 << 20} {
		pt := make([]byte, size)
		kd := mustDir(key16)
		tok, err := Encrypt(b.Context(), pt, a128gcm, []Recipient{{KeyEncrypter: kd}}, nil)
		if err != nil {
			b.Fatal(err)
		}
		opts := allow(a128gcm)
		opts.Limits.MaxTokenSize = 2 * len(tok)
		b.Run(fmt.Sprintf("encrypt/%d", size), func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Encrypt(b.Context(), pt, a128gcm, []Recipient{{KeyEncrypter: kd}}, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("decrypt/%d", size), func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Decrypt(b.Context(), tok, kd, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("floor/%d", size), func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			blk, _ := aes.NewCipher(key16)
			g, _ := cipher.NewGCM(blk)
			iv := make([]byte, 12)
			for b.Loop() {
				ct := g.Seal(nil, iv, pt, nil)
				if _, err := g.Open(ct[:0], iv, ct, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
