package compat

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/joseframework/jose/compat/internal/layout"
	"github.com/joseframework/jose/core/jwa"
)

// A Layout is one of the three JWE constructions of the Python library,
// chosen by the header member "__v".
type Layout int

// The JWE layouts.
const (
	// LayoutLegacy is the layout of versions 0.1 and 0.2.1, used when
	// "__v" is absent or falsy (null, false, 0, "", [] or {}): a CEK of
	// AES key then full-size MAC key, and a MAC over the plaintext
	// (MAC-then-encrypt). Decrypt reads it only with
	// Options.AllowMacThenEncrypt.
	LayoutLegacy = Layout(layout.Legacy)

	// LayoutV1 is the layout of versions 0.2.2 and 0.3.0, used when "__v"
	// equals 1 (also 1.0 or true): the RFC 7518 key split and a MAC over
	// the ciphertext, its inputs joined with ".".
	LayoutV1 = Layout(layout.V1)

	// LayoutV2 is the layout of version 1.0.0, used for any other truthy
	// "__v": RFC 7518, Section 5.2.2.1, except that the additional data is
	// the caller's adata, not the header.
	LayoutV2 = Layout(layout.V2)
)

// String returns "legacy", "v1" or "v2".
func (l Layout) String() string { return layout.Layout(l).String() }

// Decrypted is the result of Decrypt: Python's JWT namedtuple for a JWE.
type Decrypted struct {
	// UnauthenticatedHeader is the decoded JWE header, "__v" included, as
	// the library returned it. No version of the library authenticated
	// the JWE header: anyone can change it without making decryption
	// fail. Do not base decisions on it, not even on "kid" or "typ".
	UnauthenticatedHeader map[string]any

	// Claims are the decrypted claims, with "__v" removed. JSON numbers
	// are json.Number, so integers stay exact.
	Claims map[string]any

	// Layout is the layout the token was read with.
	Layout Layout
}

// The only key management algorithm the library used.
const rsaOAEP = "RSA-OAEP"

// Decrypt decrypts a compact JWE made by the Python library, as Python's
// decrypt(deserialize_compact(token), jwk, adata, validate_claims,
// expiry_seconds).
//
// kd must decrypt RSA-OAEP (SHA-1, MGF1-SHA-1, empty label), the only
// algorithm the library used: usually rsa.RSAOAEP().NewDecrypter(key) from
// github.com/joseframework/jose/algs/rsa, possibly over a crypto.Decrypter
// in an HSM; NewDecrypter makes one from a parsed key. The header's "alg"
// must be "RSA-OAEP" and its "enc" an AES-CBC and HMAC-SHA-2 pair the
// library understood ("A128CBC-HS256", also spelled "A128CBC+HS256", and
// any other of A128CBC, A192CBC, A256CBC with HS256, HS384, HS512). The
// layout comes from "__v" with Python's truthiness (see Layout); the legacy
// layout is refused with ErrMacThenEncrypt unless opts.AllowMacThenEncrypt
// is set. "zip": "DEF" means a zlib (RFC 1950) stream, inflated to at most
// opts.Limits.MaxDecompressedSize bytes; any other "zip" is refused.
//
// Errors: a token that cannot be parsed gives ErrMalformed (and
// ErrInvalid). Every failure from the RSA step on (wrong key, wrong CEK
// length, tampering, relabelling, padding, tag, decompression, limit,
// claims that are not a JSON object or have non-numeric "exp", "nbf" or
// "iat") gives one and the same error value, wrapping ErrInvalid and
// jwa.ErrDecryption, after the same work as far as this package can
// arrange: a failed RSA step continues with a random key. Only then are
// the claims validated as Options describes, giving ErrExpired or
// ErrNotYetValid. A kd of another algorithm, or invalid opts, give errors
// that wrap none of these.
//
// Decrypt does not retain token or any slice of opts.
func Decrypt(ctx context.Context, token string, kd jwa.KeyDecrypter, opts *Options) (*Decrypted, error) {
	o, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	if kd == nil {
		return nil, fmt.Errorf("compat: nil KeyDecrypter: %w", jwa.ErrKeyType)
	}
	if a := kd.Algorithm(); a != rsaOAEP {
		return nil, fmt.Errorf("compat: KeyDecrypter is for %q, the library only used %q: %w", a, rsaOAEP, jwa.ErrUnknownAlgorithm)
	}
	p, err := parseJWE(token, o.Limits)
	if err != nil {
		return nil, err
	}
	if p.layout == layout.Legacy && !o.AllowMacThenEncrypt {
		return nil, &kindError{kind: ErrMacThenEncrypt, detail: "the token has no truthy \"__v\"; set AllowMacThenEncrypt to read it"}
	}

	cekSize := p.enc.CEKSize(p.layout)
	cek, err := kd.DecryptKey(ctx, p.encName, cekSize, p.encryptedKey, &jwa.Params{Limits: o.Limits})
	failed := 0
	if err != nil || len(cek) != cekSize {
		if err != nil && !errors.Is(err, jwa.ErrDecryption) {
			// Not a verdict on the token: a done context, or a key that
			// cannot do the job.
			return nil, fmt.Errorf("compat: RSA-OAEP: %w", err)
		}
		// Carry on with a random key, so that a wrong key or a bad
		// encrypted key costs the same work as a bad tag.
		cek = make([]byte, cekSize)
		rand.Read(cek)
		failed = 1
	}
	m, ok := open(p, cek, o.Adata)
	if failed == 1 || !ok {
		return nil, errDecryption
	}
	if p.zip {
		if m, ok = inflate(m, o.Limits.MaxDecompressedSize); !ok {
			return nil, errDecryption
		}
	}
	claims, err := parseObject(m, o.Limits.MaxDepth)
	if err != nil {
		return nil, errDecryption
	}
	delete(claims, versionKey)
	if err := validateClaims(claims, &o); err != nil {
		if errors.Is(err, errClaimType) {
			return nil, errDecryption
		}
		return nil, err
	}
	return &Decrypted{UnauthenticatedHeader: p.header, Claims: claims, Layout: Layout(p.layout)}, nil
}

// versionKey is the library's _TEMP_VER_KEY.
const versionKey = "__v"

// parsedJWE is a JWE whose header has been read and whose segments have
// been decoded; nothing in it is authenticated.
type parsedJWE struct {
	header       map[string]any
	encName      string
	enc          layout.Enc
	layout       layout.Layout
	zip          bool
	encryptedKey []byte
	iv           []byte
	ciphertext   []byte
	tag          []byte
}

// parseJWE splits and decodes token and reads its header: the layout
// parser. It checks everything that depends on the token alone, before any
// key is used; its errors wrap ErrMalformed.
func parseJWE(token string, l jwa.Limits) (*parsedJWE, error) {
	parts, err := split(token, 5, l.MaxTokenSize)
	if err != nil {
		return nil, err
	}
	if len(parts[0]) > base64Len(l.MaxHeaderSize) {
		return nil, &kindError{kind: ErrMalformed, detail: "header larger than the size limit", cause: jwa.ErrLimit}
	}
	var seg [5][]byte
	for i, s := range parts {
		if seg[i], err = decode(s); err != nil {
			return nil, malformed("part %d: %v", i+1, err)
		}
	}
	if len(seg[0]) > l.MaxHeaderSize {
		return nil, &kindError{kind: ErrMalformed, detail: "header larger than the size limit", cause: jwa.ErrLimit}
	}
	h, err := parseObject(seg[0], l.MaxDepth)
	if err != nil {
		return nil, malformed("header: %v", err)
	}
	p := &parsedJWE{header: h, encryptedKey: seg[1], iv: seg[2], ciphertext: seg[3], tag: seg[4]}
	alg, ok := h["alg"].(string)
	if !ok {
		return nil, malformed("header \"alg\" missing or not a string")
	}
	if alg != rsaOAEP {
		return nil, malformed("\"alg\" is %q, the library only used %q", alg, rsaOAEP)
	}
	if p.encName, ok = h["enc"].(string); !ok {
		return nil, malformed("header \"enc\" missing or not a string")
	}
	if p.enc, err = layout.ParseEnc(p.encName); err != nil {
		return nil, malformed("\"enc\" %q is not an AES-CBC and HMAC pair the library knew", p.encName)
	}
	if z, present := h["zip"]; present {
		if z != "DEF" {
			return nil, malformed("unsupported \"zip\" %v", z)
		}
		p.zip = true
	}
	v, present := h[versionKey]
	p.layout = layoutOf(v, present)
	if len(p.iv) != layout.BlockSize {
		return nil, malformed("IV is %d bytes, want %d", len(p.iv), layout.BlockSize)
	}
	if len(p.ciphertext) == 0 || len(p.ciphertext)%layout.BlockSize != 0 {
		return nil, malformed("ciphertext is %d bytes, want a positive multiple of %d", len(p.ciphertext), layout.BlockSize)
	}
	return p, nil
}

// base64Len returns the unpadded base64 length of n bytes.
func base64Len(n int) int { return (n*8 + 5) / 6 }

// layoutOf chooses the layout from the "__v" header member as version
// 1.0.0 did, with Python's truthiness: absent or falsy (null, false, 0,
// "", [], {}) is legacy; equal to 1 (1, 1.0, true) is v1; anything else
// is v2.
func layoutOf(v any, present bool) layout.Layout {
	if !present {
		return layout.Legacy
	}
	switch v := v.(type) {
	case nil:
		return layout.Legacy
	case bool:
		if v {
			return layout.V1
		}
		return layout.Legacy
	case json.Number:
		// ParseFloat fails only with ErrRange, returning ±Inf or 0 as
		// Python's float would; a huge integer never equals 0 or 1.
		f, _ := strconv.ParseFloat(string(v), 64)
		switch f {
		case 0:
			return layout.Legacy
		case 1:
			return layout.V1
		}
		return layout.V2
	case string:
		if v == "" {
			return layout.Legacy
		}
	case []any:
		if len(v) == 0 {
			return layout.Legacy
		}
	case map[string]any:
		if len(v) == 0 {
			return layout.Legacy
		}
	}
	return layout.V2
}

// open authenticates and decrypts the content with cek (of the layout's
// size) and returns the plaintext, still compressed if "zip" is set.
func open(p *parsedJWE, cek, adata []byte) ([]byte, bool) {
	aesKey, macKey := p.enc.SplitKey(p.layout, cek)
	if p.layout == layout.Legacy {
		// MAC-then-encrypt: decrypt first, then check padding and tag
		// together in constant time.
		padded, ok := layout.DecryptCBC(aesKey, p.iv, p.ciphertext)
		if !ok {
			return nil, false
		}
		return p.enc.LegacyOpen(macKey, adata, p.iv, padded, p.tag)
	}
	want := p.enc.Tag(macKey, layout.MACInput(p.layout, adata, p.iv, p.ciphertext))
	if !hmac.Equal(want, p.tag) {
		return nil, false
	}
	padded, ok := layout.DecryptCBC(aesKey, p.iv, p.ciphertext)
	if !ok {
		return nil, false
	}
	m, good := layout.Unpad(padded)
	return m, good == 1
}

// inflate decompresses a zlib (RFC 1950) stream of at most max bytes of
// output, with nothing after it.
func inflate(data []byte, max int) ([]byte, bool) {
	br := bytes.NewReader(data)
	r, err := zlib.NewReader(br)
	if err != nil {
		return nil, false
	}
	out, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil || len(out) > max || br.Len() != 0 {
		return nil, false
	}
	return out, true
}
