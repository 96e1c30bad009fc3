package compat

import (
	"encoding/base64"
	"errors"
	"strings"

	"github.com/joseframework/jose/core/jwa"
)

// A JWS is a compact JWS split into its three base64url segments, as the
// Python library's JWS namedtuple: the segments are text, not decoded.
type JWS struct {
	Header, Payload, Signature string
}

// A JWE is a compact JWE split into its five base64url segments, as the
// Python library's JWE namedtuple. EncryptedKey is the library's "cek"
// field: the RSA-OAEP encryption of the content key.
type JWE struct {
	Header, EncryptedKey, IV, Ciphertext, Tag string
}

// SerializeCompact returns the segments joined with ".", as Python's
// serialize_compact.
func (j JWS) SerializeCompact() string {
	return j.Header + "." + j.Payload + "." + j.Signature
}

// SerializeCompact returns the segments joined with ".", as Python's
// serialize_compact.
func (j JWE) SerializeCompact() string {
	return j.Header + "." + j.EncryptedKey + "." + j.IV + "." + j.Ciphertext + "." + j.Tag
}

// DeserializeCompactJWS splits a compact JWS, as Python's
// deserialize_compact did for a three-part token. It checks the part count,
// the default token size limit and that every segment is unpadded
// base64url; it decodes and verifies nothing. Errors wrap ErrMalformed and
// ErrInvalid.
func DeserializeCompactJWS(token string) (JWS, error) {
	parts, err := split(token, 3, jwa.DefaultMaxTokenSize)
	if err != nil {
		return JWS{}, err
	}
	return JWS{parts[0], parts[1], parts[2]}, nil
}

// DeserializeCompactJWE splits a compact JWE, as Python's
// deserialize_compact did for a five-part token, with the checks of
// DeserializeCompactJWS.
func DeserializeCompactJWE(token string) (JWE, error) {
	parts, err := split(token, 5, jwa.DefaultMaxTokenSize)
	if err != nil {
		return JWE{}, err
	}
	return JWE{parts[0], parts[1], parts[2], parts[3], parts[4]}, nil
}

// split splits token into exactly n segments of unpadded base64url text.
func split(token string, n, maxSize int) ([]string, error) {
	if len(token) > maxSize {
		return nil, &kindError{kind: ErrMalformed, detail: "token larger than the size limit", cause: jwa.ErrLimit}
	}
	if c := strings.Count(token, ".") + 1; c != n {
		return nil, malformed("%d parts, want %d", c, n)
	}
	parts := strings.Split(token, ".")
	for i, p := range parts {
		if !isBase64URL(p) {
			return nil, malformed("part %d is not unpadded base64url", i+1)
		}
	}
	return parts, nil
}

// isBase64URL reports whether s has only characters of the base64url
// alphabet and a length that unpadded base64url can have.
func isBase64URL(s string) bool {
	if len(s)%4 == 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

var errBase64 = errors.New("not canonical unpadded base64url")

// decode decodes one segment strictly: the base64url alphabet only, no
// padding, no whitespace, zero trailing bits.
func decode(s string) ([]byte, error) {
	if !isBase64URL(s) {
		return nil, errBase64
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, errBase64
	}
	return b, nil
}
