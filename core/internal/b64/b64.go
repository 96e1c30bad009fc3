// Package b64 implements the strict base64url encoding of JOSE (RFC 7515,
// Section 2): the URL-safe alphabet, no padding, no whitespace or line
// breaks, and only the canonical encoding of each value (the unused
// trailing bits of the last character must be zero).
package b64

import (
	"bytes"
	"encoding/base64"
	"errors"
	"slices"
	"unsafe"
)

// ErrInvalid means the input is not strict unpadded base64url.
var ErrInvalid = errors.New("b64: invalid base64url")

var enc = base64.RawURLEncoding.Strict()

// Encode returns the base64url encoding of src without padding.
func Encode(src []byte) string { return enc.EncodeToString(src) }

// AppendEncode appends the base64url encoding of src to dst.
func AppendEncode(dst, src []byte) []byte { return enc.AppendEncode(dst, src) }

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
