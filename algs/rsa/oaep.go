package rsa

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	_ "crypto/sha1" // registers SHA-1 with crypto.Hash, for RSA-OAEP
	"fmt"

	"github.com/joseframework/jose/algs/rsa/internal/rsakey"
	"github.com/joseframework/jose/core/jwa"
)

var (
	// RSA-OAEP with SHA-1 is not marked FIPS: Go's FIPS 140-only mode
	// refuses SHA-1 in OAEP.
	rsaOAEP    = &oaepAlg{name: "RSA-OAEP", hash: crypto.SHA1, summary: "RSAES-OAEP using SHA-1 and MGF1 with SHA-1"}
	rsaOAEP256 = &oaepAlg{name: "RSA-OAEP-256", hash: crypto.SHA256, fips: true, summary: "RSAES-OAEP using SHA-256 and MGF1 with SHA-256"}
	rsaOAEP384 = &oaepAlg{name: "RSA-OAEP-384", hash: crypto.SHA384, fips: true, summary: "RSAES-OAEP using SHA-384 and MGF1 with SHA-384"}
	rsaOAEP512 = &oaepAlg{name: "RSA-OAEP-512", hash: crypto.SHA512, fips: true, summary: "RSAES-OAEP using SHA-512 and MGF1 with SHA-512"}
)

// RSAOAEP returns the RSA-OAEP key management algorithm: RSAES-OAEP with
// SHA-1 and MGF1 with SHA-1 (RFC 7518, Section 4.3). New applications
// should prefer [RSAOAEP256]. Every call returns the same value.
func RSAOAEP() jwa.KeyManagementAlgorithm { return rsaOAEP }

// RSAOAEP256 returns the RSA-OAEP-256 key management algorithm: RSAES-OAEP
// with SHA-256 and MGF1 with SHA-256 (RFC 7518, Section 4.3). Every call
// returns the same value.
func RSAOAEP256() jwa.KeyManagementAlgorithm { return rsaOAEP256 }

// RSAOAEP384 returns the RSA-OAEP-384 key management algorithm: RSAES-OAEP
// with SHA-384 and MGF1 with SHA-384. Every call returns the same value.
func RSAOAEP384() jwa.KeyManagementAlgorithm { return rsaOAEP384 }

// RSAOAEP512 returns the RSA-OAEP-512 key management algorithm: RSAES-OAEP
// with SHA-512 and MGF1 with SHA-512. Every call returns the same value.
func RSAOAEP512() jwa.KeyManagementAlgorithm { return rsaOAEP512 }

// oaepAlg is one of the RSA-OAEP variants. OAEP and MGF1 use the same
// hash; the label is empty.
type oaepAlg struct {
	name    string
	hash    crypto.Hash
	fips    bool
	summary string
}

var (
	_ jwa.KeyManagementAlgorithm = (*oaepAlg)(nil)
	_ jwa.Describer              = (*oaepAlg)(nil)
	_ jwa.KeyEncrypter           = (*oaepEncrypter)(nil)
	_ jwa.KeyDecrypter           = (*oaepDecrypter)(nil)
)

func (a *oaepAlg) Name() string { return a.name }

// Describe returns the algorithm's metadata.
func (a *oaepAlg) Describe() jwa.Description {
	return jwa.Description{
		KeyTypes:   []string{"RSA"},
		MinKeyBits: rsakey.MinBits,
		FIPS:       a.fips,
		Summary:    a.summary,
	}
}

// NewEncrypter binds the recipient's *rsa.PublicKey, or the public part of
// an *rsa.PrivateKey.
func (a *oaepAlg) NewEncrypter(key any) (jwa.KeyEncrypter, error) {
	pub, err := rsakey.ForEncryption(key)
	if err != nil {
		return nil, fmt.Errorf("rsa: %s encryption key: %w", a.name, err)
	}
	return &oaepEncrypter{alg: a, pub: pub}, nil
}

// NewDecrypter binds an *rsa.PrivateKey or a crypto.Decrypter with an RSA
// public key.
func (a *oaepAlg) NewDecrypter(key any) (jwa.KeyDecrypter, error) {
	d, err := rsakey.ForDecryption(key)
	if err != nil {
		return nil, fmt.Errorf("rsa: %s decryption key: %w", a.name, err)
	}
	return &oaepDecrypter{alg: a, key: d}, nil
}

// maxCEK returns the longest message OAEP can encrypt to pub (RFC 8017,
// Section 7.1.1).
func (a *oaepAlg) maxCEK(pub *rsa.PublicKey) int { return pub.Size() - 2*a.hash.Size() - 2 }

type oaepEncrypter struct {
	alg *oaepAlg
	pub *rsa.PublicKey
}

func (e *oaepEncrypter) Algorithm() string { return e.alg.name }

// EncryptKey returns a random CEK of cekSize bytes (or a copy of
// params.CEK, which must then be cekSize bytes long) and its OAEP
// encryption to the recipient's key. A cekSize that is not positive or too
// long for the key gives an error wrapping jwa.ErrInvalidParameter.
func (e *oaepEncrypter) EncryptKey(_ context.Context, _ string, cekSize int, params *jwa.Params) (cek, encryptedKey []byte, err error) {
	if cekSize <= 0 || cekSize > e.alg.maxCEK(e.pub) {
		return nil, nil, fmt.Errorf("rsa: %s cannot encrypt a %d-byte CEK to a %d-bit key: %w",
			e.alg.name, cekSize, e.pub.N.BitLen(), jwa.ErrInvalidParameter)
	}
	cek, err = rsakey.NewCEK(cekSize, params)
	if err != nil {
		return nil, nil, fmt.Errorf("rsa: %s: %w", e.alg.name, err)
	}
	encryptedKey, err = rsa.EncryptOAEP(e.alg.hash.New(), rand.Reader, e.pub, cek, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("rsa: %s: %w", e.alg.name, err)
	}
	return cek, encryptedKey, nil
}

type oaepDecrypter struct {
	alg *oaepAlg
	key *rsakey.Decrypter
}

func (d *oaepDecrypter) Algorithm() string { return d.alg.name }

// DecryptKey decrypts encryptedKey, which must be exactly as long as the
// modulus, and returns the CEK if it is cekSize bytes long. Every failure
// gives the same error, wrapping jwa.ErrDecryption; only a cekSize that is
// not positive gives jwa.ErrInvalidParameter, and a done ctx (checked
// before calling a crypto.Decrypter) gives ctx.Err().
func (d *oaepDecrypter) DecryptKey(ctx context.Context, _ string, cekSize int, encryptedKey []byte, _ *jwa.Params) ([]byte, error) {
	if cekSize <= 0 {
		return nil, fmt.Errorf("rsa: %s: CEK size %d: %w", d.alg.name, cekSize, jwa.ErrInvalidParameter)
	}
	fail := fmt.Errorf("rsa: %s: %w", d.alg.name, jwa.ErrDecryption)
	if len(encryptedKey) != d.key.Pub.Size() {
		return nil, fail
	}
	var cek []byte
	var err error
	if d.key.Priv != nil {
		cek, err = rsa.DecryptOAEP(d.alg.hash.New(), nil, d.key.Priv, encryptedKey, nil)
	} else {
		if err := rsakey.Canceled(ctx); err != nil {
			return nil, err
		}
		cek, err = d.key.Opaque.Decrypt(rand.Reader, encryptedKey, &rsa.OAEPOptions{Hash: d.alg.hash, MGFHash: d.alg.hash})
	}
	if err != nil || len(cek) != cekSize {
		return nil, fail
	}
	return cek, nil
}
