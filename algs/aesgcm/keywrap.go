package aesgcm

import (
	"bytes"
	"context"
	"crypto/cipher"
	"crypto/rand"
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

func init() {
	jwa.RegisterContentEncryption(a128gcm)
	jwa.RegisterContentEncryption(a192gcm)
	jwa.RegisterContentEncryption(a256gcm)
	jwa.RegisterKeyManagement(a128gcmkw)
	jwa.RegisterKeyManagement(a192gcmkw)
	jwa.RegisterKeyManagement(a256gcmkw)
}

var (
	a128gcmkw = &kwAlgorithm{name: "A128GCMKW", size: 16}
	a192gcmkw = &kwAlgorithm{name: "A192GCMKW", size: 24}
	a256gcmkw = &kwAlgorithm{name: "A256GCMKW", size: 32}
)

// A128GCMKW returns the key wrapping algorithm with AES-GCM and a 128-bit
// key (RFC 7518, Section 4.7). Its key is a []byte of exactly 16 bytes.
// Every call returns the same value, so results can be compared with ==.
func A128GCMKW() jwa.KeyManagementAlgorithm { return a128gcmkw }

// A192GCMKW returns the key wrapping algorithm with AES-GCM and a 192-bit
// key. Its key is a []byte of exactly 24 bytes. Every call returns the same
// value.
func A192GCMKW() jwa.KeyManagementAlgorithm { return a192gcmkw }

// A256GCMKW returns the key wrapping algorithm with AES-GCM and a 256-bit
// key. Its key is a []byte of exactly 32 bytes. Every call returns the same
// value.
func A256GCMKW() jwa.KeyManagementAlgorithm { return a256gcmkw }

var (
	_ jwa.KeyManagementAlgorithm = (*kwAlgorithm)(nil)
	_ jwa.Describer              = (*kwAlgorithm)(nil)
	_ jwa.KeyEncrypter           = (*kwKey)(nil)
	_ jwa.KeyDecrypter           = (*kwKey)(nil)
)

type kwAlgorithm struct {
	name string
	size int // key-encryption key length in bytes
}

func (a *kwAlgorithm) Name() string { return a.name }

// Describe returns the algorithm's metadata.
func (a *kwAlgorithm) Describe() jwa.Description {
	return jwa.Description{
		KeyTypes: []string{"oct"},
		FIPS:     true, // NIST SP 800-38D
		Summary:  fmt.Sprintf("Key wrapping with AES-GCM and a %d-bit key", 8*a.size),
	}
}

// NewEncrypter returns a KeyEncrypter for key, a []byte of the algorithm's
// key size.
func (a *kwAlgorithm) NewEncrypter(key any) (jwa.KeyEncrypter, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err // not a typed nil in a non-nil interface
	}
	return k, nil
}

// NewDecrypter returns a KeyDecrypter for key, a []byte of the algorithm's
// key size.
func (a *kwAlgorithm) NewDecrypter(key any) (jwa.KeyDecrypter, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err // not a typed nil in a non-nil interface
	}
	return k, nil
}

func (a *kwAlgorithm) newKey(key any) (*kwKey, error) {
	b, ok := key.([]byte)
	if !ok {
		return nil, fmt.Errorf("aesgcm: %s key is %T, want []byte: %w", a.name, key, jwa.ErrKeyType)
	}
	if len(b) != a.size {
		return nil, fmt.Errorf("aesgcm: %s key is %d bytes, want %d: %w", a.name, len(b), a.size, jwa.ErrKeySize)
	}
	g, err := newGCM(b) // the expanded key is a copy: b is not retained
	if err != nil {
		return nil, err
	}
	return &kwKey{alg: a, gcm: g}, nil
}

// kwKey is a key-encryption key bound to one algorithm.
type kwKey struct {
	alg *kwAlgorithm
	gcm cipher.AEAD
}

func (k *kwKey) Algorithm() string { return k.alg.name }

// EncryptKey returns a CEK of cekSize bytes and the CEK encrypted with
// AES-GCM under the key-encryption key, with empty additional data. It
// sets params.IV to the 96-bit IV used and params.Tag to the 128-bit tag;
// the recipient needs both ("iv" and "tag" header parameters). A nil
// params is refused with jwa.ErrInvalidParameter.
//
// The CEK and the IV are random. To reproduce a published test vector, a
// caller may set params.CEK (cekSize bytes) and, with it, params.IV
// (12 bytes). A caller-set params.IV is used only in that case and only
// while params.Tag is empty, that is, on a Params that has not been through
// EncryptKey before; a Params being reused gets a fresh random IV. A
// params.IV set without params.CEK is refused with jwa.ErrInvalidParameter:
// a fixed IV with a fresh CEK would reuse a GCM nonce under the same key.
// Never set params.IV outside tests.
func (k *kwKey) EncryptKey(ctx context.Context, enc string, cekSize int, params *jwa.Params) (cek, encryptedKey []byte, err error) {
	if params == nil {
		return nil, nil, fmt.Errorf("aesgcm: %s needs params to record \"iv\" and \"tag\": %w", k.alg.name, jwa.ErrInvalidParameter)
	}
	if cekSize <= 0 {
		return nil, nil, fmt.Errorf("aesgcm: %s cannot encrypt a %d-byte CEK for %q: %w", k.alg.name, cekSize, enc, jwa.ErrInvalidParameter)
	}
	fixedIV := params.IV != nil && params.Tag == nil
	if fixedIV && params.CEK == nil {
		return nil, nil, fmt.Errorf("aesgcm: %s: params.IV is only honoured together with params.CEK, to reproduce test vectors: %w", k.alg.name, jwa.ErrInvalidParameter)
	}
	if params.CEK != nil {
		if len(params.CEK) != cekSize {
			return nil, nil, fmt.Errorf("aesgcm: params.CEK is %d bytes, %q needs %d: %w", len(params.CEK), enc, cekSize, jwa.ErrInvalidParameter)
		}
		cek = bytes.Clone(params.CEK)
	} else {
		cek = make([]byte, cekSize)
		rand.Read(cek) // never returns an error (Go 1.24+)
	}
	var iv []byte
	if fixedIV {
		if len(params.IV) != NonceSize {
			return nil, nil, fmt.Errorf("aesgcm: params.IV is %d bytes, want %d: %w", len(params.IV), NonceSize, jwa.ErrInvalidParameter)
		}
		iv = bytes.Clone(params.IV)
	} else {
		iv = make([]byte, NonceSize)
		rand.Read(iv)
	}
	sealed := k.gcm.Seal(nil, iv, cek, nil)
	encryptedKey, tag := sealed[:cekSize:cekSize], sealed[cekSize:]
	params.IV, params.Tag = iv, tag
	return cek, encryptedKey, nil
}

// DecryptKey decrypts encryptedKey with the IV and tag in params.IV and
// params.Tag, which must be exactly 12 and 16 bytes (jwa.ErrInvalidParameter
// otherwise). Any other failure, including an encrypted key whose length
// is not cekSize, returns an error wrapping jwa.ErrDecryption.
func (k *kwKey) DecryptKey(ctx context.Context, enc string, cekSize int, encryptedKey []byte, params *jwa.Params) ([]byte, error) {
	if params == nil || len(params.IV) != NonceSize {
		n := 0
		if params != nil {
			n = len(params.IV)
		}
		return nil, fmt.Errorf("aesgcm: %s \"iv\" is %d bytes, want %d: %w", k.alg.name, n, NonceSize, jwa.ErrInvalidParameter)
	}
	if len(params.Tag) != TagSize {
		return nil, fmt.Errorf("aesgcm: %s \"tag\" is %d bytes, want %d: %w", k.alg.name, len(params.Tag), TagSize, jwa.ErrInvalidParameter)
	}
	if cekSize <= 0 || len(encryptedKey) != cekSize {
		return nil, fmt.Errorf("aesgcm: %s encrypted key is %d bytes, want %d for %q: %w", k.alg.name, len(encryptedKey), cekSize, enc, jwa.ErrDecryption)
	}
	sealed := make([]byte, 0, len(encryptedKey)+TagSize)
	sealed = append(append(sealed, encryptedKey...), params.Tag...)
	cek, err := k.gcm.Open(sealed[:0], params.IV, sealed, nil)
	if err != nil {
		clear(sealed)
		return nil, fmt.Errorf("aesgcm: %s key unwrap failed: %w", k.alg.name, jwa.ErrDecryption)
	}
	return cek, nil
}
