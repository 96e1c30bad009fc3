// Package legacywriter makes JWE tokens in the non-standard v1 and v2
// layouts of the Python library "jose", for consumers that still run that
// library and cannot read anything else.
//
// These tokens are NOT RFC 7516 JWE, and no standard JOSE library reads
// them: the header is not authenticated, the additional data is the
// caller's adata, "zip": "DEF" means zlib rather than raw DEFLATE, and the
// header and claims carry a "__v" member. Use this package only during a
// migration, for consumers on the Python library; give every other
// consumer standard tokens from core/jwe.
//
// Which consumers read which layout:
//
//   - V1 ("__v": 1) is read by every Python version from 0.2.2 on, 1.x
//     included: choose it when any consumer is older than 1.0.0;
//   - V2 ("__v": 2) is read by 1.0.0 and later only.
//
// The legacy MAC-then-encrypt layout of 0.1 and 0.2.1 cannot be written.
//
// Package compat, the reader, never imports this package. This package
// has no init function and registers nothing.
package legacywriter

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"

	"github.com/joseframework/jose/compat/internal/layout"
	"github.com/joseframework/jose/core/jwa"
)

// A Version is a JWE layout this package writes, and the value of "__v".
type Version int

// The layouts this package writes.
const (
	V1 Version = 1 // Python jose 0.2.2 and 0.3.0; read by 0.2.2 and later
	V2 Version = 2 // Python jose 1.0.0; read by 1.0.0 and later
)

// ErrOptions means the arguments of Encrypt cannot make a token: no or an
// unknown Version, an "enc" other than the three standard names, a
// KeyEncrypter that is not RSA-OAEP, a "__v" already in the header or
// claims, or reserved header members in AddHeader.
var ErrOptions = errors.New("legacywriter: invalid options")

// EncryptOptions are the arguments of Python's encrypt besides the claims
// and the key.
type EncryptOptions struct {
	// Version is the layout to write, V1 or V2. It has no default: the
	// choice depends on the consumers (see the package documentation).
	Version Version

	// Enc is "A128CBC-HS256" (the default when empty), "A192CBC-HS384" or
	// "A256CBC-HS512".
	Enc string

	// Adata is the additional authenticated data the consumer will pass
	// to its decrypt (Python's adata); empty by default.
	Adata []byte

	// AddHeader holds extra header members (Python's add_header). They
	// are not authenticated. "alg", "enc", "zip" and "__v" may not be
	// set here.
	AddHeader map[string]any

	// Compress sets "zip": "DEF" and compresses the claims with zlib (RFC
	// 1950), as Python's compression='DEF'.
	Compress bool

	// Rand, when not nil, replaces crypto/rand for the IV and the content
	// key, which are read from it in that order (16 bytes, then 32, 48 or
	// 64), as the library called its rng. It exists to reproduce test
	// vectors; leave it nil otherwise.
	Rand io.Reader
}

// layout returns the layout that v names.
func (v Version) layout() layout.Layout {
	if v == V1 {
		return layout.V1
	}
	return layout.V2
}

// versionKey is the library's _TEMP_VER_KEY.
const versionKey = "__v"

// Encrypt encrypts claims for a consumer on the Python library and returns
// the compact token, as Python's serialize_compact(encrypt(claims, jwk,
// adata, add_header, 'RSA-OAEP', enc, rng, compression)).
//
// ke must be an RSA-OAEP KeyEncrypter for the consumer's public key, such
// as rsa.RSAOAEP().NewEncrypter(pub) from
// github.com/joseframework/jose/algs/rsa. As the library did, Encrypt adds
// "__v" (1 or 2) to the header and to a copy of the claims, which must
// not already have it; the consumer's decrypt removes it from the claims.
// The claims are encoded with encoding/json, the header as {"__v":…,
// "alg":"RSA-OAEP","enc":…,"zip":…} plus AddHeader.
//
// Encrypt does not retain or modify claims or any slice or map of opts.
func Encrypt(ctx context.Context, claims map[string]any, ke jwa.KeyEncrypter, opts *EncryptOptions) (string, error) {
	var o EncryptOptions
	if opts != nil {
		o = *opts
	}
	if o.Version != V1 && o.Version != V2 {
		return "", fmt.Errorf("%w: Version %d, want V1 or V2", ErrOptions, o.Version)
	}
	if o.Enc == "" {
		o.Enc = "A128CBC-HS256"
	}
	switch o.Enc {
	case "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512":
	default:
		return "", fmt.Errorf("%w: enc %q, want A128CBC-HS256, A192CBC-HS384 or A256CBC-HS512", ErrOptions, o.Enc)
	}
	enc, err := layout.ParseEnc(o.Enc)
	if err != nil {
		return "", fmt.Errorf("%w: enc %q", ErrOptions, o.Enc)
	}
	if ke == nil || ke.Algorithm() != "RSA-OAEP" {
		return "", fmt.Errorf("%w: the library reads only RSA-OAEP, want a KeyEncrypter for it", ErrOptions)
	}

	header := maps.Clone(o.AddHeader)
	if header == nil {
		header = make(map[string]any)
	}
	for _, name := range []string{"alg", "enc", "zip", versionKey} {
		if _, ok := header[name]; ok {
			return "", fmt.Errorf("%w: AddHeader may not set %q", ErrOptions, name)
		}
	}
	header["alg"] = "RSA-OAEP"
	header["enc"] = o.Enc
	header[versionKey] = int(o.Version)
	if o.Compress {
		header["zip"] = "DEF"
	}

	body := maps.Clone(claims)
	if body == nil {
		body = make(map[string]any)
	}
	if _, ok := body[versionKey]; ok {
		return "", fmt.Errorf("%w: the claims already have %q", ErrOptions, versionKey)
	}
	body[versionKey] = int(o.Version)

	headerJSON, err := marshal(header)
	if err != nil {
		return "", fmt.Errorf("legacywriter: header: %w", err)
	}
	m, err := marshal(body)
	if err != nil {
		return "", fmt.Errorf("legacywriter: claims: %w", err)
	}
	if o.Compress {
		if m, err = deflate(m); err != nil {
			return "", fmt.Errorf("legacywriter: %w", err)
		}
	}

	r := o.Rand
	if r == nil {
		r = rand.Reader
	}
	l := o.Version.layout()
	iv := make([]byte, layout.BlockSize)
	cek := make([]byte, enc.CEKSize(l))
	if _, err := io.ReadFull(r, iv); err != nil {
		return "", fmt.Errorf("legacywriter: reading the IV: %w", err)
	}
	if _, err := io.ReadFull(r, cek); err != nil {
		return "", fmt.Errorf("legacywriter: reading the content key: %w", err)
	}
	_, encryptedKey, err := ke.EncryptKey(ctx, o.Enc, len(cek), &jwa.Params{CEK: cek})
	if err != nil {
		return "", fmt.Errorf("legacywriter: RSA-OAEP: %w", err)
	}
	c, tag, err := seal(l, enc, cek, iv, m, o.Adata)
	if err != nil {
		return "", fmt.Errorf("legacywriter: %w", err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	return b64(headerJSON) + "." + b64(encryptedKey) + "." + b64(iv) + "." + b64(c) + "." + b64(tag), nil
}

// seal encrypts m (the claims JSON, or its zlib stream) in layout l and
// returns the ciphertext and the tag.
func seal(l layout.Layout, enc layout.Enc, cek, iv, m, adata []byte) (c, tag []byte, err error) {
	aesKey, macKey := enc.SplitKey(l, cek)
	c, err = layout.EncryptCBC(aesKey, iv, m)
	if err != nil {
		return nil, nil, err
	}
	return c, enc.Tag(macKey, layout.MACInput(l, adata, iv, c)), nil
}

// marshal encodes v with encoding/json, without HTML escaping.
func marshal(v map[string]any) ([]byte, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// deflate returns the zlib (RFC 1950) stream of m at the default level, as
// Python's zlib.compress.
func deflate(m []byte) ([]byte, error) {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	if _, err := w.Write(m); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
