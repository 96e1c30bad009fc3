// Package b64 implements the strict base64url encoding of JOSE (RFC 7515,
// Section 2): the URL-safe alphabet, no padding, no whitespace or line
// breaks, and only the canonical encoding of each value (the unused
// trailing bits of the last character must be zero).
package b64

import (
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
	if len(in)%4 == 1 {
		return dst, ErrInvalid // no encoding has this length
	}
	n := len(dst)
	m := DecodedLen(len(in))
	out := slices.Grow(dst, m)
	if !decode(out[n:n+m], in) {
		return dst, ErrInvalid
	}
	return out[:n+m], nil
}

// values maps each base64url character to its 6-bit value, and every other
// byte to 0xff.
var values = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := range len(alphabet) {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

// decode decodes src, whose length is not 1 modulo 4, into dst, which
// holds DecodedLen(len(src)) bytes, and reports whether src was strict
// base64url: only alphabet characters, and zero unused bits in the last
// one.
func decode(dst, src []byte) bool {
	di, si := 0, 0
	// Eight characters at a time, into six bytes written as eight: the two
	// extra bytes are overwritten next, so this runs while they fit.
	for ; si+8 <= len(src) && di+8 <= len(dst); si, di = si+8, di+6 {
		s := src[si : si+8 : si+8]
		a, b, c, d := values[s[0]], values[s[1]], values[s[2]], values[s[3]]
		e, f, g, h := values[s[4]], values[s[5]], values[s[6]], values[s[7]]
		if a|b|c|d|e|f|g|h >= 0x40 {
			return false
		}
		v := uint64(a)<<58 | uint64(b)<<52 | uint64(c)<<46 | uint64(d)<<40 |
			uint64(e)<<34 | uint64(f)<<28 | uint64(g)<<22 | uint64(h)<<16
		binary.BigEndian.PutUint64(dst[di:], v)
	}
	for ; si+4 <= len(src); si, di = si+4, di+3 {
		s := src[si : si+4 : si+4]
		a, b, c, d := values[s[0]], values[s[1]], values[s[2]], values[s[3]]
		if a|b|c|d >= 0x40 {
			return false
		}
		v := uint(a)<<18 | uint(b)<<12 | uint(c)<<6 | uint(d)
		t := dst[di : di+3 : di+3]
		t[0], t[1], t[2] = byte(v>>16), byte(v>>8), byte(v)
	}
	switch len(src) - si {
	case 2: // 12 bits: one byte and four that must be zero
		a, b := values[src[si]], values[src[si+1]]
		if a|b >= 0x40 || b&0x0f != 0 {
			return false
		}
		dst[di] = a<<2 | b>>4
	case 3: // 18 bits: two bytes and two that must be zero
		a, b, c := values[src[si]], values[src[si+1]], values[src[si+2]]
		if a|b|c >= 0x40 || c&0x03 != 0 {
			return false
		}
		t := dst[di : di+2 : di+2]
		t[0], t[1] = a<<2|b>>4, b<<4|c>>2
	}
	return true
}
