// Package b64 implements the strict base64url encoding of JOSE (RFC 7515,
// Section 2): the URL-safe alphabet, no padding, no whitespace or line
// breaks, and only the canonical encoding of each value (the unused
// trailing bits of the last character must be zero).
package b64

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"slices"
	"unsafe"
)

// ErrInvalid means the input is not strict unpadded base64url.
var ErrInvalid = errors.New("b64: invalid base64url")

var enc = base64.RawURLEncoding.Strict()

// Encode returns the base64url encoding of src without padding.
func Encode(src []byte) string {
	if len(src) == 0 {
		return ""
	}
	buf := make([]byte, EncodedLen(len(src)))
	EncodeForward(buf, src)
	return unsafe.String(&buf[0], len(buf)) // buf is not used again
}

// AppendEncode appends the base64url encoding of src to dst.
func AppendEncode(dst, src []byte) []byte {
	n := len(dst)
	dst = slices.Grow(dst, EncodedLen(len(src)))
	m := EncodeForward(dst[n:cap(dst)], src)
	return dst[:n+m]
}

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// pairs holds, for each 12-bit value, its two characters, the first in
// the high byte.
var pairs = func() (t [1 << 12]uint16) {
	for i := range t {
		t[i] = uint16(alphabet[i>>6])<<8 | uint16(alphabet[i&0x3f])
	}
	return t
}()

// EncodeForward writes the base64url encoding of src to the start of dst
// and returns its length, EncodedLen(len(src)). Unlike the standard
// encoder, it allows dst to overlap src from below, src starting gap bytes
// after dst with gap >= EncodedLen(len(src)) - len(src) + 2: it goes
// forward, reading each group of six bytes (with the two after it, which it
// does not use yet) before it writes the group's eight characters. dst must
// hold EncodedLen(len(src)) bytes.
func EncodeForward(dst, src []byte) int {
	n := EncodedLen(len(src))
	dst = dst[:n]
	di, si := 0, 0
	for ; si+8 <= len(src); si, di = si+6, di+8 {
		v := binary.BigEndian.Uint64(src[si:])
		binary.BigEndian.PutUint64(dst[di:], uint64(pairs[v>>52])<<48|uint64(pairs[v>>40&0xfff])<<32|
			uint64(pairs[v>>28&0xfff])<<16|uint64(pairs[v>>16&0xfff]))
	}
	for ; si+3 <= len(src); si, di = si+3, di+4 {
		v := uint(src[si])<<16 | uint(src[si+1])<<8 | uint(src[si+2])
		binary.BigEndian.PutUint32(dst[di:], uint32(pairs[v>>12])<<16|uint32(pairs[v&0xfff]))
	}
	switch len(src) - si {
	case 2:
		v := uint(src[si])<<16 | uint(src[si+1])<<8
		d := dst[di : di+3 : di+3]
		d[0] = alphabet[v>>18&0x3f]
		d[1] = alphabet[v>>12&0x3f]
		d[2] = alphabet[v>>6&0x3f]
	case 1:
		v := uint(src[si]) << 16
		d := dst[di : di+2 : di+2]
		d[0] = alphabet[v>>18&0x3f]
		d[1] = alphabet[v>>12&0x3f]
	}
	return n
}

// EncodedLen returns the length of the encoding of n bytes.
func EncodedLen(n int) int { return enc.EncodedLen(n) }

// DecodedLen returns the most bytes that n characters can decode to.
func DecodedLen(n int) int { return enc.DecodedLen(n) }

// Decode decodes strict base64url text. It rejects padding, whitespace,
// line breaks, characters outside the URL-safe alphabet, impossible lengths
// and non-zero trailing bits with an error wrapping ErrInvalid.
func Decode[T string | []byte](src T) ([]byte, error) {
	return AppendDecode(nil, src)
}

// AppendDecode appends the decoding of src to dst, with the rules of
// [Decode].
func AppendDecode[T string | []byte](dst []byte, src T) ([]byte, error) {
	var in []byte
	switch s := any(src).(type) {
	case []byte:
		in = s
	case string:
		// Decode only reads its input, so the string's bytes serve as is.
		in = unsafe.Slice(unsafe.StringData(s), len(s))
	}
	// The standard decoder skips '\r' and '\n'; JOSE allows no whitespace.
	if bytes.IndexByte(in, '\n') >= 0 || bytes.IndexByte(in, '\r') >= 0 {
		return dst, ErrInvalid
	}
	n := len(dst)
	out := slices.Grow(dst, enc.DecodedLen(len(in)))
	m, err := enc.Decode(out[n:n+enc.DecodedLen(len(in))], in)
	if err != nil {
		return dst, ErrInvalid
	}
	return out[:n+m], nil
}
