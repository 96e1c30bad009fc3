package jwe

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

// Test-only algorithms: core may not import the algorithm modules, so these
// small implementations stand in for them. They follow the jwa contracts.

// testGCM is AES-GCM content encryption (RFC 7518, Section 5.3).
type testGCM struct {
	name string
	size int
}

var (
	a128gcm = testGCM{"A128GCM", 16}
	a256gcm = testGCM{"A256GCM", 32}
)

func (a testGCM) Name() string { return a.name }
func (a testGCM) KeySize() int { return a.size }

func (a testGCM) NewAEAD(cek []byte) (cipher.AEAD, error) {
	if len(cek) != a.size {
		return nil, fmt.Errorf("test: %s key is %d bytes: %w", a.name, len(cek), jwa.ErrKeySize)
	}
	b, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		return nil, err
	}
	return gcmAEAD{g}, nil
}

// gcmAEAD wraps the Open error in jwa.ErrDecryption, as the contract asks.
type gcmAEAD struct{ cipher.AEAD }

func (g gcmAEAD) Open(dst, nonce, ciphertext, ad []byte) ([]byte, error) {
	pt, err := g.AEAD.Open(dst, nonce, ciphertext, ad)
	if err != nil {
		return nil, fmt.Errorf("test: %w", jwa.ErrDecryption)
	}
	return pt, nil
}

// testKW is a key wrapping algorithm "T-GCMKW" in the style of A128GCMKW:
// the CEK is encrypted with AES-GCM under a 16-byte key, and the IV and
// tag travel in the header ("iv", "tag"). It exercises the Params path.
type testKW struct{}

func (testKW) Name() string { return "T-GCMKW" }

func (testKW) NewEncrypter(key any) (jwa.KeyEncrypter, error) { return newTestKWKey(key) }
func (testKW) NewDecrypter(key any) (jwa.KeyDecrypter, error) { return newTestKWKey(key) }

func newTestKWKey(key any) (*testKWKey, error) {
	b, ok := key.([]byte)
	if !ok {
		return nil, jwa.ErrKeyType
	}
	if len(b) != 16 {
		return nil, jwa.ErrKeySize
	}
	blk, _ := aes.NewCipher(b)
	g, _ := cipher.NewGCM(blk)
	return &testKWKey{g}, nil
}

type testKWKey struct{ gcm cipher.AEAD }

func (*testKWKey) Algorithm() string { return "T-GCMKW" }

func (k *testKWKey) EncryptKey(_ context.Context, _ string, cekSize int, p *jwa.Params) ([]byte, []byte, error) {
	cek := p.CEK
	if cek == nil {
		cek = make([]byte, cekSize)
		rand.Read(cek)
	}
	cek = bytes.Clone(cek)
	iv := make([]byte, 12)
	rand.Read(iv)
	sealed := k.gcm.Seal(nil, iv, cek, nil)
	p.IV, p.Tag = iv, sealed[len(cek):]
	return cek, sealed[:len(cek)], nil
}

func (k *testKWKey) DecryptKey(_ context.Context, _ string, cekSize int, ek []byte, p *jwa.Params) ([]byte, error) {
	if len(p.IV) != 12 || len(p.Tag) != 16 {
		return nil, fmt.Errorf("test: iv/tag: %w", jwa.ErrInvalidParameter)
	}
	cek, err := k.gcm.Open(nil, p.IV, append(bytes.Clone(ek), p.Tag...), nil)
	if err != nil || len(cek) != cekSize {
		return nil, fmt.Errorf("test: unwrap: %w", jwa.ErrDecryption)
	}
	return cek, nil
}

func mustKW(key []byte) *testKWKey {
	k, err := newTestKWKey(key)
	if err != nil {
		panic(err)
	}
	return k
}

func mustDir(key []byte) *dirKey {
	k, err := newDirKey(key)
	if err != nil {
		panic(err)
	}
	return k
}

func allow(encs ...jwa.ContentEncryptionAlgorithm) *DecryptOptions {
	return &DecryptOptions{ContentEncryption: encs}
}
