package jwe

import (
	"bytes"
	"context"
	"crypto/subtle"
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

func init() { jwa.RegisterKeyManagement(direct) }

var direct = dirAlgorithm{}

var (
	_ jwa.KeyManagementAlgorithm = dirAlgorithm{}
	_ jwa.Describer              = dirAlgorithm{}
	_ jwa.KeyEncrypter           = (*dirKey)(nil)
	_ jwa.KeyDecrypter           = (*dirKey)(nil)
)

// Direct returns the "dir" key management algorithm (RFC 7518, Section
// 4.5): the key, a []byte shared by sender and recipient, is the content
// encryption key itself, and the JWE Encrypted Key is empty. The key must
// be exactly as long as the content encryption algorithm's key (16 bytes
// for A128GCM, 64 for A256CBC-HS512); a key of another length fails with
// an error wrapping jwa.ErrKeySize when it is used.
//
// A JWE made with "dir" has exactly one recipient. Every call returns the
// same value; the package registers it under the name "dir".
func Direct() jwa.KeyManagementAlgorithm { return direct }

type dirAlgorithm struct{}

func (dirAlgorithm) Name() string { return "dir" }

func (dirAlgorithm) Describe() jwa.Description {
	return jwa.Description{
		KeyTypes: []string{"oct"},
		FIPS:     true,
		Summary:  "Direct use of a shared symmetric key as the content encryption key",
	}
}

func (dirAlgorithm) NewEncrypter(key any) (jwa.KeyEncrypter, error) { return newDirKey(key) }

func (dirAlgorithm) NewDecrypter(key any) (jwa.KeyDecrypter, error) { return newDirKey(key) }

func newDirKey(key any) (*dirKey, error) {
	b, ok := key.([]byte)
	if !ok {
		return nil, fmt.Errorf("jwe: dir key is %T, want []byte: %w", key, jwa.ErrKeyType)
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("jwe: dir key is empty: %w", jwa.ErrKeySize)
	}
	return &dirKey{key: bytes.Clone(b)}, nil // never keep the caller's slice
}

type dirKey struct{ key []byte }

func (*dirKey) Algorithm() string { return "dir" }

// EncryptKey returns a copy of the key as the CEK and an empty encrypted
// key. params.CEK, when set, must equal the key.
func (k *dirKey) EncryptKey(_ context.Context, enc string, cekSize int, params *jwa.Params) (cek, encryptedKey []byte, err error) {
	if len(k.key) != cekSize {
		return nil, nil, fmt.Errorf("jwe: dir key is %d bytes, %s needs %d: %w", len(k.key), enc, cekSize, jwa.ErrKeySize)
	}
	if params != nil && params.CEK != nil && subtle.ConstantTimeCompare(params.CEK, k.key) != 1 {
		return nil, nil, fmt.Errorf("jwe: dir uses its key as the CEK; a different CEK was requested: %w", jwa.ErrInvalidParameter)
	}
	return bytes.Clone(k.key), nil, nil
}

// DecryptKey returns a copy of the key, after checking that the encrypted
// key is empty as RFC 7518, Section 4.5 requires.
func (k *dirKey) DecryptKey(_ context.Context, enc string, cekSize int, encryptedKey []byte, _ *jwa.Params) ([]byte, error) {
	if len(encryptedKey) != 0 {
		return nil, fmt.Errorf("jwe: dir requires an empty encrypted key, got %d bytes: %w", len(encryptedKey), jwa.ErrInvalidParameter)
	}
	if len(k.key) != cekSize {
		return nil, fmt.Errorf("jwe: dir key is %d bytes, %s needs %d: %w", len(k.key), enc, cekSize, jwa.ErrKeySize)
	}
	return bytes.Clone(k.key), nil
}
