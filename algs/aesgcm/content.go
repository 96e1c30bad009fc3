package aesgcm

import (
	"crypto/aes"
	"crypto/cipher"
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

// NonceSize and TagSize are the JWE IV and authentication tag lengths, in
// bytes, of every algorithm in this package (RFC 7518, Sections 4.7 and
// 5.3).
const (
	NonceSize = 12
	TagSize   = 16
)

var (
	a128gcm = &contentAlgorithm{name: "A128GCM", size: 16}
	a192gcm = &contentAlgorithm{name: "A192GCM", size: 24}
	a256gcm = &contentAlgorithm{name: "A256GCM", size: 32}
)

// A128GCM returns the AES-GCM content encryption algorithm with a 128-bit
// key (RFC 7518, Section 5.3). Every call returns the same value, so
// results can be compared with ==.
func A128GCM() jwa.ContentEncryptionAlgorithm { return a128gcm }

// A192GCM returns the AES-GCM content encryption algorithm with a 192-bit
// key. Every call returns the same value.
func A192GCM() jwa.ContentEncryptionAlgorithm { return a192gcm }

// A256GCM returns the AES-GCM content encryption algorithm with a 256-bit
// key. Every call returns the same value.
func A256GCM() jwa.ContentEncryptionAlgorithm { return a256gcm }

var (
	_ jwa.ContentEncryptionAlgorithm = (*contentAlgorithm)(nil)
	_ jwa.Describer                  = (*contentAlgorithm)(nil)
	_ cipher.AEAD                    = (*aead)(nil)
)

type contentAlgorithm struct {
	name string
	size int // CEK length in bytes
}

func (a *contentAlgorithm) Name() string { return a.name }

// KeySize returns the CEK length in bytes: 16, 24 or 32.
func (a *contentAlgorithm) KeySize() int { return a.size }

// Describe returns the algorithm's metadata.
func (a *contentAlgorithm) Describe() jwa.Description {
	return jwa.Description{
		KeyTypes: []string{"oct"},
		FIPS:     true, // NIST SP 800-38D
		Summary:  fmt.Sprintf("AES-GCM content encryption with a %d-bit key", 8*a.size),
	}
}

// NewAEAD returns an AES-GCM AEAD for cek, which must be exactly KeySize
// bytes (jwa.ErrKeySize otherwise); cek is not retained. The AEAD has a
// 12-byte nonce and a 16-byte tag. Seal appends the tag to the ciphertext
// and, like every cipher.AEAD, panics if the nonce has the wrong length.
// Open never panics: any failure, including a nonce of the wrong length or
// a ciphertext shorter than the tag, returns an error wrapping
// jwa.ErrDecryption.
func (a *contentAlgorithm) NewAEAD(cek []byte) (cipher.AEAD, error) {
	if len(cek) != a.size {
		return nil, fmt.Errorf("aesgcm: %s key is %d bytes, want %d: %w", a.name, len(cek), a.size, jwa.ErrKeySize)
	}
	g, err := newGCM(cek)
	if err != nil {
		return nil, err
	}
	return &aead{gcm: g}, nil
}

// newGCM returns a standard-library AES-GCM with a 12-byte nonce and a
// 16-byte tag. key must be 16, 24 or 32 bytes; it is copied.
func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("aesgcm: %w", jwa.ErrKeySize)
	}
	return cipher.NewGCM(block)
}

// aead is a standard-library GCM whose Open never panics and whose errors
// wrap jwa.ErrDecryption.
type aead struct{ gcm cipher.AEAD }

func (a *aead) NonceSize() int { return NonceSize }

func (a *aead) Overhead() int { return TagSize }

func (a *aead) Seal(dst, nonce, plaintext, additionalData []byte) []byte {
	return a.gcm.Seal(dst, nonce, plaintext, additionalData)
}

func (a *aead) Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error) {
	if len(nonce) != NonceSize || len(ciphertext) < TagSize {
		return nil, errDecryption
	}
	out, err := a.gcm.Open(dst, nonce, ciphertext, additionalData)
	if err != nil {
		return nil, errDecryption
	}
	return out, nil
}
