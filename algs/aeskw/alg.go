package aeskw

import (
	"bytes"
	"context"
	"crypto/cipher"
	"crypto/rand"
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

func init() {
	jwa.RegisterKeyManagement(a128kw)
	jwa.RegisterKeyManagement(a192kw)
	jwa.RegisterKeyManagement(a256kw)
}

var (
	a128kw = &algorithm{name: "A128KW", size: 16}
	a192kw = &algorithm{name: "A192KW", size: 24}
	a256kw = &algorithm{name: "A256KW", size: 32}
)

// A128KW returns the AES Key Wrap algorithm with a 128-bit key (RFC 7518,
// Section 4.4). Its key is a []byte of exactly 16 bytes. Every call returns
// the same value, so results can be compared with ==.
func A128KW() jwa.KeyManagementAlgorithm { return a128kw }

// A192KW returns the AES Key Wrap algorithm with a 192-bit key. Its key is
// a []byte of exactly 24 bytes. Every call returns the same value.
func A192KW() jwa.KeyManagementAlgorithm { return a192kw }

// A256KW returns the AES Key Wrap algorithm with a 256-bit key. Its key is
// a []byte of exactly 32 bytes. Every call returns the same value.
func A256KW() jwa.KeyManagementAlgorithm { return a256kw }

var (
	_ jwa.KeyManagementAlgorithm = (*algorithm)(nil)
	_ jwa.Describer              = (*algorithm)(nil)
	_ jwa.KeyEncrypter           = (*kek)(nil)
	_ jwa.KeyDecrypter           = (*kek)(nil)
)

type algorithm struct {
	name string
	size int // key-encryption key length in bytes
}

func (a *algorithm) Name() string { return a.name }

// Describe returns the algorithm's metadata.
func (a *algorithm) Describe() jwa.Description {
	return jwa.Description{
		KeyTypes: []string{"oct"},
		FIPS:     true, // NIST SP 800-38F, KW mode
		Summary:  fmt.Sprintf("AES Key Wrap with a %d-bit key (RFC 3394)", 8*a.size),
	}
}

// NewEncrypter returns a KeyEncrypter for key, a []byte of the algorithm's
// key size.
func (a *algorithm) NewEncrypter(key any) (jwa.KeyEncrypter, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err // not a typed nil in a non-nil interface
	}
	return k, nil
}

// NewDecrypter returns a KeyDecrypter for key, a []byte of the algorithm's
// key size.
func (a *algorithm) NewDecrypter(key any) (jwa.KeyDecrypter, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err // not a typed nil in a non-nil interface
	}
	return k, nil
}

func (a *algorithm) newKey(key any) (*kek, error) {
	b, ok := key.([]byte)
	if !ok {
		return nil, fmt.Errorf("aeskw: %s key is %T, want []byte: %w", a.name, key, jwa.ErrKeyType)
	}
	if len(b) != a.size {
		return nil, fmt.Errorf("aeskw: %s key is %d bytes, want %d: %w", a.name, len(b), a.size, jwa.ErrKeySize)
	}
	block, err := newBlock(b) // the expanded key is a copy: b is not retained
	if err != nil {
		return nil, err
	}
	return &kek{alg: a, block: block}, nil
}

// kek is a key-encryption key bound to one algorithm.
type kek struct {
	alg   *algorithm
	block cipher.Block
}

func (k *kek) Algorithm() string { return k.alg.name }

// EncryptKey returns a CEK of cekSize bytes and the CEK wrapped with the
// key-encryption key. The CEK is random unless params.CEK is set (for test
// vectors), in which case its length must be cekSize. cekSize must be a
// multiple of 8 and at least 16, as AES Key Wrap requires; otherwise the
// error wraps jwa.ErrInvalidParameter.
func (k *kek) EncryptKey(ctx context.Context, enc string, cekSize int, params *jwa.Params) (cek, encryptedKey []byte, err error) {
	if cekSize < 16 || cekSize%8 != 0 {
		return nil, nil, fmt.Errorf("aeskw: %s cannot wrap a %d-byte CEK for %q: %w", k.alg.name, cekSize, enc, jwa.ErrInvalidParameter)
	}
	if params != nil && params.CEK != nil {
		if len(params.CEK) != cekSize {
			return nil, nil, fmt.Errorf("aeskw: params.CEK is %d bytes, %q needs %d: %w", len(params.CEK), enc, cekSize, jwa.ErrInvalidParameter)
		}
		cek = bytes.Clone(params.CEK)
	} else {
		cek = make([]byte, cekSize)
		rand.Read(cek) // never returns an error (Go 1.24+)
	}
	encryptedKey, err = wrap(k.block, cek)
	if err != nil {
		return nil, nil, err
	}
	return cek, encryptedKey, nil
}

// DecryptKey unwraps encryptedKey and returns the CEK. Any failure, including
// an unwrapped key whose length is not cekSize, returns an error wrapping
// jwa.ErrDecryption.
func (k *kek) DecryptKey(ctx context.Context, enc string, cekSize int, encryptedKey []byte, params *jwa.Params) ([]byte, error) {
	if cekSize <= 0 || len(encryptedKey) != cekSize+8 {
		return nil, fmt.Errorf("aeskw: %s encrypted key is %d bytes, want %d for %q: %w", k.alg.name, len(encryptedKey), cekSize+8, enc, jwa.ErrDecryption)
	}
	return unwrap(k.block, encryptedKey)
}
