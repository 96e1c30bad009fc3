package rsa15

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"fmt"

	"github.com/joseframework/jose/algs/rsa/internal/rsakey"
	"github.com/joseframework/jose/core/jwa"
)

func init() { jwa.RegisterKeyManagement(rsa15) }

// MinCEKSize is the smallest CEK, in bytes, that DecryptKey accepts. A
// shorter random CEK could be found by brute force, which would tell an
// attacker that the padding was wrong (see the Go documentation of
// [crypto/rsa.DecryptPKCS1v15SessionKey]).
const MinCEKSize = 16

var rsa15 = &algorithm{}

// RSA15 returns the RSA1_5 key management algorithm (RSAES-PKCS1-v1_5,
// RFC 7518, Section 4.2). It is deprecated; see the package documentation.
// Every call returns the same value.
func RSA15() jwa.KeyManagementAlgorithm { return rsa15 }

type algorithm struct{}

var (
	_ jwa.KeyManagementAlgorithm = (*algorithm)(nil)
	_ jwa.Describer              = (*algorithm)(nil)
	_ jwa.KeyEncrypter           = (*encrypter)(nil)
	_ jwa.KeyDecrypter           = (*decrypter)(nil)
)

const name = "RSA1_5"

func (*algorithm) Name() string { return name }

// Describe returns the algorithm's metadata: deprecated, and not FIPS
// approved (PKCS #1 v1.5 encryption is not an approved key transport
// scheme, and Go's FIPS 140-only mode refuses it).
func (*algorithm) Describe() jwa.Description {
	return jwa.Description{
		KeyTypes:   []string{"RSA"},
		MinKeyBits: rsakey.MinBits,
		Deprecated: true,
		Summary:    "RSAES-PKCS1-v1_5 (deprecated; use RSA-OAEP-256)",
	}
}

// NewEncrypter binds the recipient's *rsa.PublicKey, or the public part of
// an *rsa.PrivateKey.
func (*algorithm) NewEncrypter(key any) (jwa.KeyEncrypter, error) {
	pub, err := rsakey.ForEncryption(key)
	if err != nil {
		return nil, fmt.Errorf("rsa15: %s encryption key: %w", name, err)
	}
	return &encrypter{pub: pub}, nil
}

// NewDecrypter binds an *rsa.PrivateKey or a crypto.Decrypter with an RSA
// public key.
func (*algorithm) NewDecrypter(key any) (jwa.KeyDecrypter, error) {
	d, err := rsakey.ForDecryption(key)
	if err != nil {
		return nil, fmt.Errorf("rsa15: %s decryption key: %w", name, err)
	}
	return &decrypter{key: d}, nil
}

// maxCEK is the longest message PKCS #1 v1.5 can encrypt to pub
// (RFC 8017, Section 7.2.1).
func maxCEK(pub *rsa.PublicKey) int { return pub.Size() - 11 }

type encrypter struct{ pub *rsa.PublicKey }

func (*encrypter) Algorithm() string { return name }

// EncryptKey returns a random CEK of cekSize bytes (or a copy of
// params.CEK, which must then be cekSize bytes long) and its PKCS #1 v1.5
// encryption to the recipient's key. A cekSize below MinCEKSize or too long
// for the key gives an error wrapping jwa.ErrInvalidParameter.
func (e *encrypter) EncryptKey(_ context.Context, _ string, cekSize int, params *jwa.Params) (cek, encryptedKey []byte, err error) {
	if cekSize < MinCEKSize || cekSize > maxCEK(e.pub) {
		return nil, nil, fmt.Errorf("rsa15: %s cannot encrypt a %d-byte CEK to a %d-bit key: %w",
			name, cekSize, e.pub.N.BitLen(), jwa.ErrInvalidParameter)
	}
	cek, err = rsakey.NewCEK(cekSize, params)
	if err != nil {
		return nil, nil, fmt.Errorf("rsa15: %s: %w", name, err)
	}
	// EncryptPKCS1v15 is deprecated since Go 1.26; RSA1_5 is PKCS #1 v1.5
	// encryption by definition, and this package is opt-in.
	encryptedKey, err = rsa.EncryptPKCS1v15(rand.Reader, e.pub, cek)
	if err != nil {
		return nil, nil, fmt.Errorf("rsa15: %s: %w", name, err)
	}
	return cek, encryptedKey, nil
}

type decrypter struct{ key *rsakey.Decrypter }

func (*decrypter) Algorithm() string { return name }

// DecryptKey returns a CEK of cekSize bytes and, for any encryptedKey, no
// error: when encryptedKey does not decrypt to a well-padded key of
// exactly cekSize bytes, the CEK is random (RFC 7516, Section 11.5), and
// the JWE's authentication tag check fails later. It returns an error only
// for a cekSize below MinCEKSize or too long for the key
// (jwa.ErrInvalidParameter), for a failure of the random source, or, with
// a crypto.Decrypter, when ctx is done before the call (ctx.Err()); none
// of these depends on encryptedKey.
func (d *decrypter) DecryptKey(ctx context.Context, _ string, cekSize int, encryptedKey []byte, _ *jwa.Params) ([]byte, error) {
	if cekSize < MinCEKSize || cekSize > maxCEK(d.key.Pub) {
		return nil, fmt.Errorf("rsa15: %s: CEK size %d for a %d-bit key: %w",
			name, cekSize, d.key.Pub.N.BitLen(), jwa.ErrInvalidParameter)
	}
	// The random CEK is drawn first, whatever encryptedKey holds.
	cek := make([]byte, cekSize)
	if _, err := rand.Read(cek); err != nil {
		return nil, fmt.Errorf("rsa15: %s: %w", name, err)
	}
	if d.key.Priv != nil {
		if len(encryptedKey) != d.key.Pub.Size() {
			return cek, nil // the length is public; nothing secret is revealed
		}
		// DecryptPKCS1v15SessionKey overwrites cek, in constant time, only
		// if the padding is valid and the message is exactly cekSize
		// bytes. Its only errors (a ciphertext not below the modulus)
		// depend on public values alone, and leave cek random.
		// (Deprecated since Go 1.26, used knowingly: this is the
		// countermeasure RFC 7516 requires.)
		_ = rsa.DecryptPKCS1v15SessionKey(nil, d.key.Priv, encryptedKey, cek)
		return cek, nil
	}
	if err := rsakey.Canceled(ctx); err != nil {
		return nil, err
	}
	if len(encryptedKey) != d.key.Pub.Size() {
		return cek, nil
	}
	// PKCS1v15DecryptOptions (deprecated since Go 1.26) asks the device
	// for the same countermeasure.
	opts := &rsa.PKCS1v15DecryptOptions{SessionKeyLen: cekSize}
	out, err := d.key.Opaque.Decrypt(rand.Reader, encryptedKey, opts)
	if err != nil || len(out) != cekSize {
		return cek, nil
	}
	copy(cek, out)
	return cek, nil
}
