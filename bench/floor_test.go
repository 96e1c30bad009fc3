package bench

// The floor: the standard-library primitives and base64url, with no JSON
// encoder or parser. Where a workload needs a member of a JSON text (a JWE
// "epk", a JWK's "n"), the floor finds it by a byte search that assumes the
// fixed layout of the benchmark inputs: it is a lower bound, not a parser.

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
)

var b64 = base64.RawURLEncoding

var errFloor = errors.New("floor: invalid input")

// member returns the string value of the first member name in the JSON
// object text obj, assuming `"name":"value"` without spaces or escapes.
func member(obj []byte, name string) []byte {
	key := make([]byte, 0, len(name)+4)
	key = append(append(append(key, '"'), name...), `":"`...)
	i := bytes.Index(obj, key)
	if i < 0 {
		// The JWKS file is indented: `"name": "value"`.
		key = append(append(append(key[:0], '"'), name...), `": "`...)
		if i = bytes.Index(obj, key); i < 0 {
			return nil
		}
	}
	v := obj[i+len(key):]
	j := bytes.IndexByte(v, '"')
	if j < 0 {
		return nil
	}
	return v[:j]
}

// split5 splits a compact JWE into its five parts.
func split5(tok []byte) (parts [5][]byte, ok bool) {
	for i := range 4 {
		j := bytes.IndexByte(tok, '.')
		if j < 0 {
			return parts, false
		}
		parts[i], tok = tok[:j], tok[j+1:]
	}
	parts[4] = tok
	return parts, bytes.IndexByte(tok, '.') < 0
}

// decode decodes base64url without padding.
func decode(s []byte) ([]byte, error) {
	dst := make([]byte, b64.DecodedLen(len(s)))
	n, err := b64.Decode(dst, s)
	return dst[:n], err
}

// appendB64 appends the base64url encoding of src to dst.
func appendB64(dst, src []byte) []byte { return b64.AppendEncode(dst, src) }

// compactJWE assembles a compact JWE from its header text and raw parts.
func compactJWE(header []byte, ek, iv, ct, tag []byte) []byte {
	n := len(header) + 4 + b64.EncodedLen(len(ek)) + b64.EncodedLen(len(iv)) + b64.EncodedLen(len(ct)) + b64.EncodedLen(len(tag))
	out := make([]byte, 0, n)
	out = append(out, header...)
	out = append(out, '.')
	out = appendB64(out, ek)
	out = append(out, '.')
	out = appendB64(out, iv)
	out = append(out, '.')
	out = appendB64(out, ct)
	out = append(out, '.')
	return appendB64(out, tag)
}

// wrapKW is AES Key Wrap (RFC 3394), which the standard library lacks.
func wrapKW(kek, key []byte) ([]byte, error) {
	blk, err := aes.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	n := len(key) / 8
	out := make([]byte, 8+len(key))
	copy(out[8:], key)
	var a, b [16]byte
	binary.BigEndian.PutUint64(a[:8], 0xA6A6A6A6A6A6A6A6)
	for j := range 6 {
		for i := 1; i <= n; i++ {
			copy(a[8:], out[8*i:8*i+8])
			blk.Encrypt(b[:], a[:])
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(a[:8], binary.BigEndian.Uint64(b[:8])^t)
			copy(out[8*i:], b[8:])
		}
	}
	copy(out, a[:8])
	return out, nil
}

// unwrapKW reverses wrapKW and checks the integrity value.
func unwrapKW(kek, wrapped []byte) ([]byte, error) {
	if len(wrapped)%8 != 0 || len(wrapped) < 24 {
		return nil, errFloor
	}
	blk, err := aes.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	n := len(wrapped)/8 - 1
	out := make([]byte, 8*n)
	copy(out, wrapped[8:])
	var a, b [16]byte
	copy(a[:8], wrapped[:8])
	for j := 5; j >= 0; j-- {
		for i := n; i >= 1; i-- {
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(a[:8], binary.BigEndian.Uint64(a[:8])^t)
			copy(a[8:], out[8*(i-1):8*i])
			blk.Decrypt(b[:], a[:])
			copy(a[:8], b[:8])
			copy(out[8*(i-1):], b[8:])
		}
	}
	if subtle.ConstantTimeCompare(a[:8], []byte{0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6}) != 1 {
		return nil, errFloor
	}
	return out, nil
}

// sealCBC is A128CBC-HS256 (RFC 7518, Section 5.2.2.1) with a 32-byte key.
func sealCBC(key, iv, plaintext, aad []byte) (ct, tag []byte, err error) {
	blk, err := aes.NewCipher(key[16:])
	if err != nil {
		return nil, nil, err
	}
	pad := 16 - len(plaintext)%16
	ct = make([]byte, len(plaintext)+pad)
	copy(ct, plaintext)
	for i := len(plaintext); i < len(ct); i++ {
		ct[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(blk, iv).CryptBlocks(ct, ct)
	return ct, cbcTag(key[:16], aad, iv, ct), nil
}

// openCBC reverses sealCBC, checking the tag in constant time first.
func openCBC(key, iv, ct, tag, aad []byte) ([]byte, error) {
	if len(iv) != 16 || len(ct) == 0 || len(ct)%16 != 0 || len(tag) != 16 {
		return nil, errFloor
	}
	if !hmac.Equal(cbcTag(key[:16], aad, iv, ct), tag) {
		return nil, errFloor
	}
	blk, err := aes.NewCipher(key[16:])
	if err != nil {
		return nil, err
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(blk, iv).CryptBlocks(pt, ct)
	pad := int(pt[len(pt)-1])
	if pad == 0 || pad > 16 {
		return nil, errFloor
	}
	return pt[:len(pt)-pad], nil
}

func cbcTag(macKey, aad, iv, ct []byte) []byte {
	m := hmac.New(sha256.New, macKey)
	m.Write(aad)
	m.Write(iv)
	m.Write(ct)
	var al [8]byte
	binary.BigEndian.PutUint64(al[:], uint64(len(aad))*8)
	m.Write(al[:])
	return m.Sum(nil)[:16]
}
