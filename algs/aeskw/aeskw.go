package aeskw

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
	"encoding/binary"
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

// defaultIV is the default initial value of RFC 3394, Section 2.2.3.1.
var defaultIV = [8]byte{0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6}

// Wrap wraps keyData with the key-encryption key kek (16, 24 or 32 bytes)
// per RFC 3394, Section 2.2.1, with the default initial value. keyData must
// be a multiple of 8 bytes and at least 16 bytes long. The result is 8 bytes
// longer than keyData and shares no memory with the arguments.
//
// Wrap returns an error wrapping [jwa.ErrKeySize] if kek has another length
// and [ErrKeyData] if keyData has a length RFC 3394 does not allow.
func Wrap(kek, keyData []byte) ([]byte, error) {
	block, err := newBlock(kek)
	if err != nil {
		return nil, err
	}
	return wrap(block, keyData)
}

// Unwrap reverses [Wrap]: it unwraps wrapped with kek per RFC 3394,
// Section 2.2.2, and checks the integrity value against the default initial
// value in constant time. It returns the key data, 8 bytes shorter than
// wrapped.
//
// Every failure returns an error wrapping [jwa.ErrDecryption]: a wrapped
// length that is not a multiple of 8 or is under 24 bytes, or an integrity
// check that fails (wrong key, altered bytes). A kek of the wrong length is
// a caller mistake and also wraps [jwa.ErrKeySize].
func Unwrap(kek, wrapped []byte) ([]byte, error) {
	block, err := newBlock(kek)
	if err != nil {
		return nil, fmt.Errorf("%w (%w)", err, jwa.ErrDecryption)
	}
	return unwrap(block, wrapped)
}

func newBlock(kek []byte) (cipher.Block, error) {
	switch len(kek) {
	case 16, 24, 32:
	default:
		return nil, fmt.Errorf("aeskw: key-encryption key is %d bytes, want 16, 24 or 32: %w", len(kek), jwa.ErrKeySize)
	}
	return aes.NewCipher(kek) // cannot fail for these lengths; copies kek
}

// wrap is Wrap with an expanded key.
func wrap(block cipher.Block, keyData []byte) ([]byte, error) {
	if len(keyData) < 16 || len(keyData)%8 != 0 {
		return nil, fmt.Errorf("aeskw: key data is %d bytes: %w", len(keyData), ErrKeyData)
	}
	n := len(keyData) / 8
	out := make([]byte, 8+len(keyData))
	copy(out[8:], keyData)
	var b [16]byte
	copy(b[:8], defaultIV[:])
	t := uint64(1)
	for range 6 {
		for i := 1; i <= n; i++ {
			r := out[8*i : 8*i+8]
			copy(b[8:], r)
			block.Encrypt(b[:], b[:])
			a := binary.BigEndian.Uint64(b[:8]) ^ t
			binary.BigEndian.PutUint64(b[:8], a)
			copy(r, b[8:])
			t++
		}
	}
	copy(out[:8], b[:8])
	clear(b[:])
	return out, nil
}

// unwrap is Unwrap with an expanded key.
func unwrap(block cipher.Block, wrapped []byte) ([]byte, error) {
	if len(wrapped) < 24 || len(wrapped)%8 != 0 {
		return nil, fmt.Errorf("aeskw: wrapped key is %d bytes: %w", len(wrapped), jwa.ErrDecryption)
	}
	n := len(wrapped)/8 - 1
	out := make([]byte, len(wrapped)-8)
	copy(out, wrapped[8:])
	var b [16]byte
	copy(b[:8], wrapped[:8])
	t := uint64(6 * n)
	for range 6 {
		for i := n; i >= 1; i-- {
			r := out[8*(i-1) : 8*i]
			a := binary.BigEndian.Uint64(b[:8]) ^ t
			binary.BigEndian.PutUint64(b[:8], a)
			copy(b[8:], r)
			block.Decrypt(b[:], b[:])
			copy(r, b[8:])
			t--
		}
	}
	ok := subtle.ConstantTimeCompare(b[:8], defaultIV[:])
	clear(b[:])
	if ok != 1 {
		clear(out)
		return nil, fmt.Errorf("aeskw: integrity check failed: %w", jwa.ErrDecryption)
	}
	return out, nil
}
