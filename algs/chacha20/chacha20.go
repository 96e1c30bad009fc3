package chacha20

import (
	"bytes"
	"crypto/cipher"
	"fmt"

	"github.com/joseframework/jose/core/jwa"
	"golang.org/x/crypto/chacha20poly1305"
)

func init() {
	jwa.RegisterContentEncryption(c20p)
	jwa.RegisterContentEncryption(xc20p)
}

var (
	c20p = &algorithm{
		name:      "C20P",
		nonceSize: chacha20poly1305.NonceSize,
		new:       chacha20poly1305.New,
		summary:   "ChaCha20-Poly1305 (RFC 8439) with a 96-bit IV",
	}
	xc20p = &algorithm{
		name:      "XC20P",
		nonceSize: chacha20poly1305.NonceSizeX,
		new:       chacha20poly1305.NewX,
		summary:   "XChaCha20-Poly1305 with a 192-bit IV",
	}
)

// C20P returns the ChaCha20-Poly1305 algorithm ("C20P"): a 32-byte CEK, a
// 12-byte IV and a 16-byte tag. Every call returns the same value, so
// results can be compared with ==.
func C20P() jwa.ContentEncryptionAlgorithm { return c20p }

// XC20P returns the XChaCha20-Poly1305 algorithm ("XC20P"): a 32-byte CEK,
// a 24-byte IV and a 16-byte tag. Every call returns the same value.
func XC20P() jwa.ContentEncryptionAlgorithm { return xc20p }

var (
	_ jwa.ContentEncryptionAlgorithm = (*algorithm)(nil)
	_ jwa.Describer                  = (*algorithm)(nil)
	_ cipher.AEAD                    = (*aead)(nil)
)

type algorithm struct {
	name      string
	nonceSize int
	new       func(key []byte) (cipher.AEAD, error)
	summary   string
}

// Name returns the "enc" header value.
func (a *algorithm) Name() string { return a.name }

// KeySize returns the CEK length in bytes, 32.
func (a *algorithm) KeySize() int { return chacha20poly1305.KeySize }

// Describe returns the algorithm's metadata.
func (a *algorithm) Describe() jwa.Description {
	return jwa.Description{KeyTypes: []string{"oct"}, Summary: a.summary}
}

// NewAEAD returns an AEAD for cek, which must be 32 bytes long. The AEAD
// keeps its own copy of the key.
func (a *algorithm) NewAEAD(cek []byte) (cipher.AEAD, error) {
	if len(cek) != chacha20poly1305.KeySize {
		return nil, fmt.Errorf("chacha20: %s key is %d bytes, want %d: %w", a.name, len(cek), chacha20poly1305.KeySize, jwa.ErrKeySize)
	}
	inner, err := a.new(bytes.Clone(cek))
	if err != nil { // unreachable: the length was checked
		return nil, fmt.Errorf("chacha20: %s: %v: %w", a.name, err, jwa.ErrKeySize)
	}
	return &aead{alg: a, inner: inner}, nil
}

// maxCiphertext is the largest ciphertext, tag included, that
// chacha20poly1305 accepts (a 32-bit block counter of 64-byte blocks, plus
// the tag). Open rejects longer input itself instead of letting the
// underlying implementation panic.
const maxCiphertext = 1<<38 + chacha20poly1305.Overhead

// aead adapts a chacha20poly1305 AEAD to the jwa contract: Open reports
// every failure with errOpen and never panics on bad input.
type aead struct {
	alg   *algorithm
	inner cipher.AEAD
}

// NonceSize returns the JWE IV length: 12 for C20P, 24 for XC20P.
func (c *aead) NonceSize() int { return c.alg.nonceSize }

// Overhead returns the tag length, 16.
func (c *aead) Overhead() int { return chacha20poly1305.Overhead }

// Seal encrypts and authenticates plaintext with the IV nonce and
// additional data, and appends the ciphertext and the tag to dst. As with
// every cipher.AEAD, it panics if len(nonce) is not NonceSize, and
// plaintext[:0] may be passed as dst to encrypt in place.
func (c *aead) Seal(dst, nonce, plaintext, additionalData []byte) []byte {
	if len(nonce) != c.alg.nonceSize {
		panic("chacha20: incorrect nonce length given to " + c.alg.name)
	}
	return c.inner.Seal(dst, nonce, plaintext, additionalData)
}

// Open authenticates and decrypts ciphertext (ciphertext ‖ tag) with the IV
// nonce and additional data, and appends the plaintext to dst.
// ciphertext[:0] may be passed as dst to decrypt in place. Every failure,
// including a nonce of the wrong length, returns the same error, which
// wraps jwa.ErrDecryption.
func (c *aead) Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error) {
	if len(nonce) != c.alg.nonceSize || uint64(len(ciphertext)) > maxCiphertext {
		return nil, errOpen
	}
	pt, err := c.inner.Open(dst, nonce, ciphertext, additionalData)
	if err != nil {
		return nil, errOpen
	}
	return pt, nil
}
