package compat_test

import (
	"bytes"
	"compress/zlib"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"testing"
	"time"

	"github.com/joseframework/jose/compat/internal/layout"
)

// hexBytes decodes a JSON string of hex digits.
type hexBytes []byte

func (h *hexBytes) UnmarshalText(text []byte) error {
	b, err := hex.DecodeString(string(text))
	*h = b
	return err
}

// rawToken builds a JWE in any layout of the library from its parts, with
// the construction of internal/layout (checked byte for byte against the
// vectors), so that tests can make tokens the writer refuses to: legacy
// layout, odd headers, bad padding or compressed data under a valid tag.
type rawToken struct {
	Header    string // header JSON text
	Layout    layout.Layout
	Enc       string // for the key split and MAC; default from nothing: A128CBC-HS256
	Plaintext []byte // the AES input before padding
	Padded    []byte // when set, the exact AES input (no padding added)
	Adata     []byte
	CEK       []byte // default: zeros of the layout's size
	Pub       *rsa.PublicKey
	Wrapped   []byte // when set, the key RSA-encrypted instead of CEK
}

func (r rawToken) build(t testing.TB) string {
	t.Helper()
	encName := r.Enc
	if encName == "" {
		encName = "A128CBC-HS256"
	}
	enc, err := layout.ParseEnc(encName)
	if err != nil {
		t.Fatal(err)
	}
	cek := r.CEK
	if cek == nil {
		cek = bytes.Repeat([]byte{0x5a}, enc.CEKSize(r.Layout))
	}
	iv := bytes.Repeat([]byte{0x3c}, 16)
	aesKey, macKey := enc.SplitKey(r.Layout, cek)
	padded := r.Padded
	if padded == nil {
		padded = layout.Pad(r.Plaintext)
	}
	blk, err := aes.NewCipher(aesKey)
	if err != nil {
		t.Fatal(err)
	}
	c := make([]byte, len(padded))
	cipher.NewCBCEncrypter(blk, iv).CryptBlocks(c, padded)
	data := c
	if r.Layout == layout.Legacy {
		data = r.Plaintext
	}
	tag := enc.Tag(macKey, layout.MACInput(r.Layout, r.Adata, iv, data))
	wrapped := cek
	if r.Wrapped != nil {
		wrapped = r.Wrapped
	}
	ek, err := rsa.EncryptOAEP(sha1.New(), rand.Reader, r.Pub, wrapped, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := base64.RawURLEncoding.EncodeToString
	return b([]byte(r.Header)) + "." + b(ek) + "." + b(iv) + "." + b(c) + "." + b(tag)
}

func zlibOf(t testing.TB, m []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write(m)
	w.Close()
	return b.Bytes()
}

// fixedNow is inside every vector's validity window.
var fixedNow = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

func at(t time.Time) func() time.Time { return func() time.Time { return t } }
