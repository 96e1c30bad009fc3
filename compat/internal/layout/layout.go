// Package layout holds the byte-level pieces of the three JWE layouts of the
// Python jose library (0.1 to 1.0.0) that both the reader (package compat)
// and the writer (package legacywriter) need: the "enc" table, the key
// split, the MAC inputs and AES-CBC with PKCS #7 padding. It knows nothing
// about tokens, headers or claims.
//
// The layouts are described byte by byte in LEGACY.md, Section 5.3:
//
//	          CEK      AES key        MAC key        MAC input
//	Legacy    K + D    first K bytes  last D bytes   A "." IV "." M "." decimal(len(A))   (M: plaintext)
//	V1        D        last D/2       first D/2      A "." IV "." C "." AL                (C: ciphertext)
//	V2        D        last D/2       first D/2      A ‖ IV ‖ C ‖ AL
//
// where D is the HMAC output size, K the AES key size named in "enc", A the
// caller's adata and AL the 64-bit big-endian bit length of A. The tag is
// the first D/2 bytes of the HMAC in every layout.
package layout

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"hash"
	"strconv"
	"strings"
)

// A Layout is one of the three JWE constructions.
type Layout int

// The layouts, in the order the library introduced them.
const (
	Legacy Layout = iota + 1 // 0.1 and 0.2.1: no "__v", MAC-then-encrypt
	V1                       // 0.2.2 and 0.3.0: "__v": 1
	V2                       // 1.0.0: any other truthy "__v"
)

// String returns "legacy", "v1" or "v2".
func (l Layout) String() string {
	switch l {
	case Legacy:
		return "legacy"
	case V1:
		return "v1"
	case V2:
		return "v2"
	}
	return "Layout(" + strconv.Itoa(int(l)) + ")"
}

// BlockSize is the AES block size and the IV length of every layout.
const BlockSize = aes.BlockSize

// ErrEnc reports an "enc" value the library could not have used.
var ErrEnc = errors.New("unsupported enc")

// An Enc is a parsed "enc": an AES key size and an HMAC hash.
type Enc struct {
	AESKeySize int              // K: 16, 24 or 32, from the AES part of the name
	Hash       func() hash.Hash // the HMAC hash, from the HMAC part of the name
	MACSize    int              // D: 32, 48 or 64
}

// TagSize returns the length of the truncated tag, D/2.
func (e Enc) TagSize() int { return e.MACSize / 2 }

// CEKSize returns the content key length of layout l: K + D for Legacy,
// D for V1 and V2.
func (e Enc) CEKSize(l Layout) int {
	if l == Legacy {
		return e.AESKeySize + e.MACSize
	}
	return e.MACSize
}

// ParseEnc parses an "enc" value the way the library did: it splits on "+"
// when that gives exactly two parts, else on "-", and looks the parts up
// as an AES part (A128CBC, A192CBC, A256CBC) and an HMAC part (HS256,
// HS384, HS512). Any combination is accepted, in either spelling.
func ParseEnc(name string) (Enc, error) {
	aesPart, macPart, ok := split2(name, "+")
	if !ok {
		aesPart, macPart, ok = split2(name, "-")
	}
	if !ok {
		return Enc{}, ErrEnc
	}
	var e Enc
	switch aesPart {
	case "A128CBC":
		e.AESKeySize = 16
	case "A192CBC":
		e.AESKeySize = 24
	case "A256CBC":
		e.AESKeySize = 32
	default:
		return Enc{}, ErrEnc
	}
	switch macPart {
	case "HS256":
		e.Hash, e.MACSize = sha256.New, sha256.Size
	case "HS384":
		e.Hash, e.MACSize = sha512.New384, sha512.Size384
	case "HS512":
		e.Hash, e.MACSize = sha512.New, sha512.Size
	default:
		return Enc{}, ErrEnc
	}
	return e, nil
}

// split2 splits s at sep if that gives exactly two parts.
func split2(s, sep string) (a, b string, ok bool) {
	if strings.Count(s, sep) != 1 {
		return "", "", false
	}
	a, b, _ = strings.Cut(s, sep)
	return a, b, true
}

// SplitKey returns the AES key and the MAC key of cek, which must be
// e.CEKSize(l) bytes long (the caller checks). The results alias cek.
func (e Enc) SplitKey(l Layout, cek []byte) (aesKey, macKey []byte) {
	if l == Legacy {
		return cek[:e.AESKeySize], cek[e.AESKeySize:]
	}
	half := e.MACSize / 2
	return cek[half:], cek[:half]
}

// MACInput returns the HMAC input of layout l. For Legacy, data is the
// plaintext M (after unpadding); for V1 and V2, the ciphertext C.
func MACInput(l Layout, adata, iv, data []byte) []byte {
	var out []byte
	switch l {
	case Legacy:
		out = make([]byte, 0, len(adata)+len(iv)+len(data)+24)
		out = append(out, adata...)
		out = append(out, '.')
		out = append(out, iv...)
		out = append(out, '.')
		out = append(out, data...)
		out = append(out, legacyTail(adata)...)
	case V1:
		out = make([]byte, 0, len(adata)+len(iv)+len(data)+11)
		out = append(out, adata...)
		out = append(out, '.')
		out = append(out, iv...)
		out = append(out, '.')
		out = append(out, data...)
		out = append(out, '.')
		out = binary.BigEndian.AppendUint64(out, uint64(len(adata))*8)
	default:
		out = make([]byte, 0, len(adata)+len(iv)+len(data)+8)
		out = append(out, adata...)
		out = append(out, iv...)
		out = append(out, data...)
		out = binary.BigEndian.AppendUint64(out, uint64(len(adata))*8)
	}
	return out
}

// legacyTail is the end of the legacy MAC input: "." and the decimal byte
// length of adata.
func legacyTail(adata []byte) []byte {
	return []byte("." + strconv.Itoa(len(adata)))
}

// Tag returns the truncated tag, the first D/2 bytes of the HMAC of input.
func (e Enc) Tag(macKey, input []byte) []byte {
	m := hmac.New(e.Hash, macKey)
	m.Write(input)
	return m.Sum(nil)[:e.TagSize()]
}

// Pad returns m with PKCS #7 padding to a whole number of blocks (1 to 16
// bytes, always added).
func Pad(m []byte) []byte {
	n := BlockSize - len(m)%BlockSize
	out := make([]byte, len(m)+n)
	copy(out, m)
	for i := len(m); i < len(out); i++ {
		out[i] = byte(n)
	}
	return out
}

// EncryptCBC returns AES-CBC(key, iv, Pad(m)). key must be 16, 24 or 32
// bytes and iv 16 bytes.
func EncryptCBC(key, iv, m []byte) ([]byte, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	if len(iv) != BlockSize {
		return nil, errors.New("IV is not 16 bytes")
	}
	out := Pad(m)
	cipher.NewCBCEncrypter(b, iv).CryptBlocks(out, out)
	return out, nil
}

// DecryptCBC returns the AES-CBC decryption of c, padding included. c must
// be a positive multiple of 16 bytes, key 16, 24 or 32 bytes and iv 16
// bytes; otherwise it returns ok == false. It takes the same time for
// every c of a given length.
func DecryptCBC(key, iv, c []byte) (padded []byte, ok bool) {
	if len(c) == 0 || len(c)%BlockSize != 0 || len(iv) != BlockSize {
		return nil, false
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, false
	}
	out := make([]byte, len(c))
	cipher.NewCBCDecrypter(b, iv).CryptBlocks(out, c)
	return out, true
}

// Unpad removes PKCS #7 padding from padded, a positive multiple of 16
// bytes. It runs in time independent of the padding value and returns ok
// == 1 only for valid padding.
func Unpad(padded []byte) (m []byte, ok int) {
	n, ok := padLen(padded)
	return padded[:len(padded)-n], ok
}

// padLen returns the PKCS #7 padding length of padded (in 1..16, and 1
// when the padding is invalid) and ok == 1 when it is valid, in constant
// time. len(padded) must be a positive multiple of 16.
func padLen(padded []byte) (n int, ok int) {
	last := padded[len(padded)-BlockSize:]
	p := int(last[BlockSize-1])
	ok = subtle.ConstantTimeLessOrEq(1, p) & subtle.ConstantTimeLessOrEq(p, BlockSize)
	for i := 1; i <= BlockSize; i++ {
		inPad := subtle.ConstantTimeLessOrEq(i, p)
		same := subtle.ConstantTimeByteEq(last[BlockSize-i], byte(p))
		ok &= same | (inPad ^ 1)
	}
	n = subtle.ConstantTimeSelect(ok, p, 1)
	return n, ok
}

// LegacyOpen checks and unpads the decrypted plaintext of a legacy token
// (MAC-then-encrypt: the MAC covers the unpadded plaintext). It returns
// the plaintext and ok == true only when the padding is valid and tag is
// the truncated HMAC of the legacy MAC input.
//
// The padding length decides how many bytes the MAC covers, so a naive
// check would take a time that depends on it (a padding oracle, as in
// Lucky Thirteen). LegacyOpen instead hashes the common prefix once and
// finishes the HMAC for each of the 16 possible padding lengths, keeping
// the one that applies with constant-time selection: the work does not
// depend on the padding byte, nor on whether the padding or the tag is
// valid.
func (e Enc) LegacyOpen(macKey, adata, iv, padded, tag []byte) (m []byte, ok bool) {
	if len(padded) == 0 || len(padded)%BlockSize != 0 {
		return nil, false
	}
	p, good := padLen(padded)
	body := padded[:len(padded)-BlockSize]
	last := padded[len(padded)-BlockSize:]
	tail := legacyTail(adata)

	prefix := hmac.New(e.Hash, macKey)
	prefix.Write(adata)
	prefix.Write([]byte{'.'})
	prefix.Write(iv)
	prefix.Write([]byte{'.'})
	prefix.Write(body)

	want := make([]byte, e.MACSize)
	var sum []byte
	for cand := 1; cand <= BlockSize; cand++ {
		h, ok := clone(prefix)
		if !ok {
			// Cloning is unavailable (as under GOFIPS140=v1.0.0): hash the
			// whole input again, which costs more but stays uniform.
			h = hmac.New(e.Hash, macKey)
			h.Write(adata)
			h.Write([]byte{'.'})
			h.Write(iv)
			h.Write([]byte{'.'})
			h.Write(body)
		}
		h.Write(last[:BlockSize-cand])
		h.Write(tail)
		sum = h.Sum(sum[:0])
		subtle.ConstantTimeCopy(subtle.ConstantTimeEq(int32(cand), int32(p)), want, sum)
	}
	tagOK := 0
	if len(tag) == e.TagSize() {
		tagOK = subtle.ConstantTimeCompare(want[:e.TagSize()], tag)
	}
	if good&tagOK != 1 {
		return nil, false
	}
	return padded[:len(padded)-p], true
}

// clone returns an independent copy of h, if h can be cloned.
func clone(h hash.Hash) (hash.Hash, bool) {
	c, ok := h.(hash.Cloner)
	if !ok {
		return nil, false
	}
	d, err := c.Clone()
	if err != nil {
		return nil, false
	}
	return d, true
}
