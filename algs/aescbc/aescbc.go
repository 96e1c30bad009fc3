package aescbc

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"hash"

	"github.com/joseframework/jose/core/jwa"
)

func init() {
	jwa.RegisterContentEncryption(a128cbcHS256)
	jwa.RegisterContentEncryption(a192cbcHS384)
	jwa.RegisterContentEncryption(a256cbcHS512)
}

var (
	a128cbcHS256 = &algorithm{name: "A128CBC-HS256", keySize: 32, hash: sha256.New}
	a192cbcHS384 = &algorithm{name: "A192CBC-HS384", keySize: 48, hash: sha512.New384}
	a256cbcHS512 = &algorithm{name: "A256CBC-HS512", keySize: 64, hash: sha512.New}
)

// A128CBCHS256 returns the AES_128_CBC_HMAC_SHA_256 algorithm
// ("A128CBC-HS256"): a 32-byte CEK and a 16-byte tag. Every call returns the
// same value, so results can be compared with ==.
func A128CBCHS256() jwa.ContentEncryptionAlgorithm { return a128cbcHS256 }

// A192CBCHS384 returns the AES_192_CBC_HMAC_SHA_384 algorithm
// ("A192CBC-HS384"): a 48-byte CEK and a 24-byte tag. Every call returns the
// same value.
func A192CBCHS384() jwa.ContentEncryptionAlgorithm { return a192cbcHS384 }

// A256CBCHS512 returns the AES_256_CBC_HMAC_SHA_512 algorithm
// ("A256CBC-HS512"): a 64-byte CEK and a 32-byte tag. Every call returns the
// same value.
func A256CBCHS512() jwa.ContentEncryptionAlgorithm { return a256cbcHS512 }

var (
	_ jwa.ContentEncryptionAlgorithm = (*algorithm)(nil)
	_ jwa.Describer                  = (*algorithm)(nil)
	_ cipher.AEAD                    = (*aead)(nil)
)

// algorithm is one AES_CBC_HMAC_SHA2 variant. Its key is MAC_KEY ‖ ENC_KEY,
// each keySize/2 bytes, and its tag is keySize/2 bytes long (RFC 7518,
// Sections 5.2.3 to 5.2.5).
type algorithm struct {
	name    string
	keySize int
	hash    func() hash.Hash
}

// Name returns the "enc" header value.
func (a *algorithm) Name() string { return a.name }

// KeySize returns the CEK length in bytes: 32, 48 or 64.
func (a *algorithm) KeySize() int { return a.keySize }

// Describe returns the algorithm's metadata.
func (a *algorithm) Describe() jwa.Description {
	n := a.keySize / 2 * 8
	return jwa.Description{
		KeyTypes: []string{"oct"},
		FIPS:     true,
		Summary:  fmt.Sprintf("AES-%d-CBC with HMAC-SHA-%d, tag truncated to %d bits", n, 2*n, n),
	}
}

// NewAEAD returns an AEAD for cek, which must be a []byte of KeySize bytes.
// The AEAD keeps its own copy of the key.
func (a *algorithm) NewAEAD(cek []byte) (cipher.AEAD, error) {
	if len(cek) != a.keySize {
		return nil, fmt.Errorf("aescbc: %s key is %d bytes, want %d: %w", a.name, len(cek), a.keySize, jwa.ErrKeySize)
	}
	half := a.keySize / 2
	block, err := aes.NewCipher(cek[half:])
	if err != nil { // unreachable: half is 16, 24 or 32
		return nil, fmt.Errorf("aescbc: %s: %v: %w", a.name, err, jwa.ErrKeySize)
	}
	return &aead{alg: a, macKey: bytes.Clone(cek[:half]), block: block}, nil
}

// aead is AES_CBC_HMAC_SHA2 bound to one key. It is safe for concurrent use:
// every call makes its own HMAC and CBC state.
type aead struct {
	alg    *algorithm
	macKey []byte
	block  cipher.Block
}

// NonceSize returns 16, the JWE IV length.
func (c *aead) NonceSize() int { return aes.BlockSize }

// Overhead returns the tag length, 16, 24 or 32 bytes. The ciphertext is
// also up to one block longer than the plaintext because of padding, which
// Overhead does not count.
func (c *aead) Overhead() int { return c.alg.keySize / 2 }

// Seal encrypts and authenticates plaintext with the 16-byte IV nonce and
// additional data, appends E ‖ T to dst and returns the result. As with
// every cipher.AEAD, plaintext[:0] may be passed as dst to encrypt in place;
// Seal panics if len(nonce) is not NonceSize, which is a programming error.
func (c *aead) Seal(dst, nonce, plaintext, additionalData []byte) []byte {
	if len(nonce) != aes.BlockSize {
		panic("aescbc: incorrect nonce length given to " + c.alg.name)
	}
	// The MAC input starts with A ‖ IV: hash them before anything is
	// written to dst, so that overlapping buffers cannot change them.
	mac := hmac.New(c.alg.hash, c.macKey)
	mac.Write(additionalData)
	mac.Write(nonce)
	enc := cipher.NewCBCEncrypter(c.block, nonce)

	padLen := aes.BlockSize - len(plaintext)%aes.BlockSize
	n := len(plaintext) + padLen
	ret, out := sliceForAppend(dst, n+c.Overhead())
	// copy is a memmove: it is correct however out and plaintext overlap,
	// and plaintext is not read after it.
	copy(out, plaintext)
	for i := len(plaintext); i < n; i++ {
		out[i] = byte(padLen)
	}
	enc.CryptBlocks(out[:n], out[:n])

	mac.Write(out[:n])
	mac.Write(bitLength(additionalData))
	sum := mac.Sum(nil)
	copy(out[n:], sum[:c.Overhead()])
	return ret
}

// Open authenticates and decrypts ciphertext (E ‖ T) with the 16-byte IV
// nonce and additional data, appends the plaintext to dst and returns the
// result. ciphertext[:0] may be passed as dst to decrypt in place.
//
// The tag is verified in constant time before anything is decrypted, and
// the padding is checked after. Every failure, including a nonce of the
// wrong length, returns the same error, which wraps jwa.ErrDecryption; on
// failure the part of dst's capacity that Open wrote to is zeroed.
func (c *aead) Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error) {
	tagSize := c.Overhead()
	if len(nonce) != aes.BlockSize || len(ciphertext) < aes.BlockSize+tagSize ||
		(len(ciphertext)-tagSize)%aes.BlockSize != 0 {
		return nil, errOpen
	}
	n := len(ciphertext) - tagSize
	e, tag := ciphertext[:n], ciphertext[n:]

	mac := hmac.New(c.alg.hash, c.macKey)
	mac.Write(additionalData)
	mac.Write(nonce)
	mac.Write(e)
	mac.Write(bitLength(additionalData))
	sum := mac.Sum(nil)
	if !hmac.Equal(sum[:tagSize], tag) {
		return nil, errOpen
	}

	dec := cipher.NewCBCDecrypter(c.block, nonce) // copies the IV
	ret, out := sliceForAppend(dst, n)
	if inexactOverlap(out, e) {
		panic("aescbc: invalid buffer overlap")
	}
	dec.CryptBlocks(out, e)

	padLen, ok := checkPadding(out)
	if ok != 1 {
		clear(out)
		return nil, errOpen
	}
	return ret[:len(ret)-padLen], nil
}

// checkPadding returns the PKCS #7 padding length of b, a non-empty
// multiple of the block size, and ok = 1 if the padding is valid (1 to 16
// bytes, all equal to the length) or ok = 0 if not. Its running time
// depends only on len(b), never on the content.
func checkPadding(b []byte) (padLen, ok int) {
	last := b[len(b)-1]
	good := subtle.ConstantTimeLessOrEq(1, int(last)) & subtle.ConstantTimeLessOrEq(int(last), aes.BlockSize)
	tail := b[len(b)-aes.BlockSize:]
	for i, v := range tail {
		// Byte i of the last block is padding if it is among the last
		// `last` bytes, that is if aes.BlockSize-i <= last.
		inPad := subtle.ConstantTimeLessOrEq(aes.BlockSize-i, int(last))
		same := subtle.ConstantTimeByteEq(v, last)
		// Where inPad is 1, same must be 1.
		good &= subtle.ConstantTimeSelect(inPad, same, 1)
	}
	return int(last), good
}

// bitLength returns AL: the bit length of a as a 64-bit big-endian integer.
func bitLength(a []byte) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), uint64(len(a))*8)
}

// sliceForAppend extends in by n bytes, reallocating if needed, and returns
// the whole slice and the n new bytes, as the standard library's AEADs do.
func sliceForAppend(in []byte, n int) (head, tail []byte) {
	if total := len(in) + n; cap(in) >= total {
		head = in[:total]
	} else {
		head = make([]byte, total)
		copy(head, in)
	}
	tail = head[len(in):]
	return head, tail
}
