package aescbc

import (
	"bytes"
	"testing"
)

// FuzzOpen checks that Open never panics on any nonce, ciphertext or AAD,
// that every failure is the one uniform error, and that whatever Open
// accepts is exactly what Seal produces for the recovered plaintext.
//
// The keys are those of the vectors, one per algorithm, so that the seeds
// open and the fuzzer explores around valid inputs.
func FuzzOpen(f *testing.F) {
	keys := map[string][]byte{}
	seeds := 0
	for _, v := range loadVectors(f) {
		if _, ok := keys[v.enc]; !ok {
			keys[v.enc] = v.key
		}
		if !bytes.Equal(keys[v.enc], v.key) {
			continue
		}
		f.Add(v.enc, v.iv, append(bytes.Clone(v.ciphertext), v.tag...), v.aad)
		seeds++
	}
	if seeds == 0 {
		f.Fatal("no seeds: are the vectors in testdata/vectors?")
	}
	aeads := map[string]*aead{}
	for _, a := range all {
		key, ok := keys[a.name]
		if !ok {
			f.Fatalf("no vector key for %s", a.name)
		}
		c, err := a.NewAEAD(key)
		if err != nil {
			f.Fatal(err)
		}
		aeads[a.name] = c.(*aead)
	}
	f.Fuzz(func(t *testing.T, enc string, nonce, ciphertext, aad []byte) {
		c, ok := aeads[enc]
		if !ok {
			return
		}
		pt, err := c.Open(nil, nonce, ciphertext, aad)
		if err != nil {
			if err != errOpen || pt != nil {
				t.Fatalf("Open = %q, %v; want nil and the uniform error", pt, err)
			}
			return
		}
		if got := c.Seal(nil, nonce, pt, aad); !bytes.Equal(got, ciphertext) {
			t.Fatalf("Open accepted %x, but Seal of its plaintext gives %x", ciphertext, got)
		}
	})
}
