package jwk

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/joseframework/jose/core/internal/b64"
)

// field is one key material member: its name and raw (not yet encoded)
// value; str is set instead for "crv".
type field struct {
	name string
	val  []byte
	str  string
}

// material appends the key material members of k to fs, public ones
// first.
func (k *Key) material(fs []field, private bool) []field {
	switch v := k.key.(type) {
	case []byte:
		if private {
			fs = append(fs, field{name: "k", val: v})
		}
	case *rsa.PublicKey:
		fs = appendRSAPublic(fs, v)
	case *rsa.PrivateKey:
		fs = appendRSAPublic(fs, &v.PublicKey)
		if private {
			pc := v.Precomputed
			fs = append(fs,
				field{name: "d", val: v.D.Bytes()},
				field{name: "p", val: v.Primes[0].Bytes()},
				field{name: "q", val: v.Primes[1].Bytes()},
				field{name: "dp", val: pc.Dp.Bytes()},
				field{name: "dq", val: pc.Dq.Bytes()},
				field{name: "qi", val: pc.Qinv.Bytes()})
		}
	case *ecdsa.PublicKey:
		fs = appendECPublic(fs, k.crv, v)
	case *ecdsa.PrivateKey:
		fs = appendECPublic(fs, k.crv, &v.PublicKey)
		if private {
			d, _ := v.Bytes() // cannot fail: the key was validated
			fs = append(fs, field{name: "d", val: d})
		}
	case ed25519.PublicKey:
		fs = append(fs, field{name: "crv", str: k.crv}, field{name: "x", val: v})
	case ed25519.PrivateKey:
		fs = append(fs, field{name: "crv", str: k.crv}, field{name: "x", val: v[ed25519.SeedSize:]})
		if private {
			fs = append(fs, field{name: "d", val: v.Seed()})
		}
	case *ecdh.PublicKey:
		fs = append(fs, field{name: "crv", str: k.crv}, field{name: "x", val: v.Bytes()})
	case *ecdh.PrivateKey:
		fs = append(fs, field{name: "crv", str: k.crv}, field{name: "x", val: v.PublicKey().Bytes()})
		if private {
			fs = append(fs, field{name: "d", val: v.Bytes()})
		}
	}
	return fs
}

func appendRSAPublic(fs []field, pub *rsa.PublicKey) []field {
	return append(fs, field{name: "n", val: pub.N.Bytes()}, field{name: "e", val: exponentBytes(pub.E)})
}

// f4 is 65537 as exponentBytes returns it. Callers only read it.
var f4 = []byte{1, 0, 1}

// exponentBytes returns e as a minimal big-endian integer, for reading.
func exponentBytes(e int) []byte {
	if e <= 0 {
		return big.NewInt(int64(e)).Bytes()
	}
	if e == 65537 {
		return f4 // the usual exponent, without allocating
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(e))
	i := 0
	for i < len(b) && b[i] == 0 {
		i++
	}
	return bytes.Clone(b[i:])
}

func appendECPublic(fs []field, crv string, pub *ecdsa.PublicKey) []field {
	p, _ := pub.Bytes() // cannot fail: the key was validated
	size := (len(p) - 1) / 2
	return append(fs, field{name: "crv", str: crv}, field{name: "x", val: p[1 : 1+size]}, field{name: "y", val: p[1+size:]})
}

// MarshalJSON returns the JWK, private members included when k is
// private, then its metadata, certificates and unknown members. The
// output parses back with [ParseKey] to a key [Key.Equal] to k.
func (k *Key) MarshalJSON() ([]byte, error) {
	if k == nil || k.key == nil {
		return nil, fmt.Errorf("%w: marshaling an empty Key", ErrMalformed)
	}
	b := make([]byte, 0, 256)
	b = append(b, `{"kty":`...)
	b = appendString(b, k.kty)
	if k.kid != "" {
		b = append(b, `,"kid":`...)
		b = appendString(b, k.kid)
	}
	if k.use != "" {
		b = append(b, `,"use":`...)
		b = appendString(b, k.use)
	}
	if k.hasKeyOps {
		b = append(b, `,"key_ops":[`...)
		for i, op := range k.keyOps {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, op)
		}
		b = append(b, ']')
	}
	if k.alg != "" {
		b = append(b, `,"alg":`...)
		b = appendString(b, k.alg)
	}
	for _, f := range k.material(nil, true) {
		b = append(b, ',')
		b = appendString(b, f.name)
		b = append(b, ':')
		if f.name == "crv" {
			b = appendString(b, f.str)
		} else {
			b = append(b, '"')
			b = b64.AppendEncode(b, f.val)
			b = append(b, '"')
		}
	}
	if k.hasX5U {
		b = append(b, `,"x5u":`...)
		b = appendString(b, k.x5u)
	}
	if len(k.certs) > 0 {
		b = append(b, `,"x5c":[`...)
		for i, c := range k.certs {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = base64.StdEncoding.AppendEncode(b, c.Raw)
			b = append(b, '"')
		}
		b = append(b, ']')
	}
	if k.x5t != nil {
		b = append(b, `,"x5t":"`...)
		b = append(b, b64.Encode(k.x5t)...)
		b = append(b, '"')
	}
	if k.x5tS256 != nil {
		b = append(b, `,"x5t#S256":"`...)
		b = append(b, b64.Encode(k.x5tS256)...)
		b = append(b, '"')
	}
	for _, m := range k.extra {
		b = append(b, ',')
		b = appendString(b, m.name)
		b = append(b, ':')
		b = append(b, m.value...)
	}
	return append(b, '}'), nil
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as with encoding/json; "<", ">" and "&" are not escaped.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// thumbprintInput returns the RFC 7638 canonical JSON of k: the required
// public members in lexicographic order, without whitespace.
func (k *Key) thumbprintInput() []byte {
	var fsBuf [8]field
	fs := k.material(fsBuf[:0], k.kty == KeyTypeOct)
	fs = append(fs, field{name: "kty", str: k.kty})
	slices.SortFunc(fs, func(a, b field) int { return strings.Compare(a.name, b.name) })
	n := 2
	for _, f := range fs {
		n += len(f.name) + len(f.str) + b64.EncodedLen(len(f.val)) + 6
	}
	b := append(make([]byte, 0, n), '{')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f.name)
		b = append(b, ':')
		if f.name == "crv" || f.name == "kty" {
			b = appendString(b, f.str)
		} else {
			b = append(b, '"')
			b = b64.AppendEncode(b, f.val)
			b = append(b, '"')
		}
	}
	return append(b, '}')
}

// thumbprintHashes are the hashes allowed for thumbprints, with their
// names in the IANA "Named Information Hash Algorithm" registry used by
// thumbprint URIs (RFC 9278).
var thumbprintHashes = map[crypto.Hash]string{
	crypto.SHA256: "sha-256",
	crypto.SHA384: "sha-384",
	crypto.SHA512: "sha-512",
}

// Thumbprint returns the RFC 7638 JWK Thumbprint of k with hash h, which
// must be crypto.SHA256, crypto.SHA384 or crypto.SHA512. A private key and
// its public key have the same thumbprint. Other hashes give an error
// wrapping ErrUnsupported; a nil k an error wrapping ErrInvalidKey.
func (k *Key) Thumbprint(h crypto.Hash) ([]byte, error) {
	if k == nil {
		return nil, fmt.Errorf("%w: nil key", ErrInvalidKey)
	}
	if _, ok := thumbprintHashes[h]; !ok || !h.Available() {
		return nil, fmt.Errorf("%w: thumbprint hash %v (want SHA-256, SHA-384 or SHA-512)", ErrUnsupported, h)
	}
	in := k.tpInput
	if in == nil {
		in = k.thumbprintInput()
	}
	switch h {
	case crypto.SHA256:
		sum := sha256.Sum256(in)
		return sum[:], nil
	case crypto.SHA384:
		sum := sha512.Sum384(in)
		return sum[:], nil
	case crypto.SHA512:
		sum := sha512.Sum512(in)
		return sum[:], nil
	}
	hh := h.New()
	hh.Write(in)
	return hh.Sum(nil), nil
}

// ThumbprintURI returns the RFC 9278 JWK Thumbprint URI of k, such as
// "urn:ietf:params:oauth:jwk-thumbprint:sha-256:NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs".
// h is as for [Key.Thumbprint].
func (k *Key) ThumbprintURI(h crypto.Hash) (string, error) {
	sum, err := k.Thumbprint(h)
	if err != nil {
		return "", err
	}
	return "urn:ietf:params:oauth:jwk-thumbprint:" + thumbprintHashes[h] + ":" + b64.Encode(sum), nil
}
