package ecdh

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"

	"github.com/joseframework/jose/algs/aeskw"
	"github.com/joseframework/jose/core/jwa"
)

func init() {
	jwa.RegisterKeyManagement(ecdhES)
	jwa.RegisterKeyManagement(ecdhESA128KW)
	jwa.RegisterKeyManagement(ecdhESA192KW)
	jwa.RegisterKeyManagement(ecdhESA256KW)
}

var (
	ecdhES       = &algorithm{name: "ECDH-ES"}
	ecdhESA128KW = &algorithm{name: "ECDH-ES+A128KW", kekSize: 16}
	ecdhESA192KW = &algorithm{name: "ECDH-ES+A192KW", kekSize: 24}
	ecdhESA256KW = &algorithm{name: "ECDH-ES+A256KW", kekSize: 32}
)

// ECDHES returns direct key agreement with ECDH-ES ("ECDH-ES"): the CEK is
// the output of the Concat KDF and the JWE Encrypted Key is empty. Every
// call returns the same value, so results can be compared with ==.
func ECDHES() jwa.KeyManagementAlgorithm { return ecdhES }

// ECDHESA128KW returns ECDH-ES with A128KW key wrapping ("ECDH-ES+A128KW"):
// the Concat KDF derives a 16-byte key that wraps a random CEK with AES Key
// Wrap. Every call returns the same value.
func ECDHESA128KW() jwa.KeyManagementAlgorithm { return ecdhESA128KW }

// ECDHESA192KW returns ECDH-ES with A192KW key wrapping ("ECDH-ES+A192KW"),
// with a 24-byte key-encryption key. Every call returns the same value.
func ECDHESA192KW() jwa.KeyManagementAlgorithm { return ecdhESA192KW }

// ECDHESA256KW returns ECDH-ES with A256KW key wrapping ("ECDH-ES+A256KW"),
// with a 32-byte key-encryption key. Every call returns the same value.
func ECDHESA256KW() jwa.KeyManagementAlgorithm { return ecdhESA256KW }

var (
	_ jwa.KeyManagementAlgorithm = (*algorithm)(nil)
	_ jwa.Describer              = (*algorithm)(nil)
	_ jwa.KeyEncrypter           = (*encrypter)(nil)
	_ jwa.KeyDecrypter           = (*decrypter)(nil)
	_ agreer                     = (*ecdh.PrivateKey)(nil)
)

// algorithm is one ECDH-ES variant; kekSize is 0 for direct key agreement.
type algorithm struct {
	name    string
	kekSize int
}

// Name returns the "alg" header value.
func (a *algorithm) Name() string { return a.name }

// Describe returns the algorithm's metadata.
func (a *algorithm) Describe() jwa.Description {
	summary := "ECDH-ES direct key agreement with the Concat KDF"
	if a.kekSize != 0 {
		summary = fmt.Sprintf("ECDH-ES with the Concat KDF and A%dKW key wrapping", 8*a.kekSize)
	}
	return jwa.Description{
		KeyTypes: []string{"EC", "OKP"},
		Summary:  summary + " (P-256, P-384, P-521, X25519)",
	}
}

// agreer is a private key that performs ECDH without exposing its scalar,
// as *ecdh.PrivateKey does and as hardware-backed keys can.
type agreer interface {
	ECDH(remote *ecdh.PublicKey) ([]byte, error)
	Public() crypto.PublicKey
}

// NewEncrypter returns a KeyEncrypter for the recipient's public key: an
// *ecdh.PublicKey or *ecdsa.PublicKey on P-256, P-384, P-521 or (ecdh only)
// X25519. The matching private keys are accepted as well. Other types,
// including Ed25519 keys and ECDSA keys on other curves, give an error
// wrapping jwa.ErrKeyType.
func (a *algorithm) NewEncrypter(key any) (jwa.KeyEncrypter, error) {
	var pub *ecdh.PublicKey
	switch k := key.(type) {
	case *ecdh.PublicKey:
		pub = k
	case *ecdh.PrivateKey:
		if k != nil {
			pub = k.PublicKey()
		}
	case *ecdsa.PublicKey:
		p, err := ecdsaPublic(a.name, k)
		if err != nil {
			return nil, err
		}
		pub = p
	case *ecdsa.PrivateKey:
		if k != nil {
			p, err := ecdsaPublic(a.name, &k.PublicKey)
			if err != nil {
				return nil, err
			}
			pub = p
		}
	default:
		return nil, keyTypeError(a.name, key, "*ecdh.PublicKey or *ecdsa.PublicKey")
	}
	if pub == nil {
		return nil, fmt.Errorf("ecdh: %s key is a nil %T: %w", a.name, key, jwa.ErrKeyType)
	}
	return &encrypter{alg: a, pub: pub}, nil
}

// NewDecrypter returns a KeyDecrypter for the recipient's private key: an
// *ecdh.PrivateKey, an *ecdsa.PrivateKey, or any value with the methods
// ECDH(*ecdh.PublicKey) ([]byte, error) and Public() crypto.PublicKey
// whose Public returns an *ecdh.PublicKey or *ecdsa.PublicKey. Public
// keys, Ed25519 keys and other types give an error wrapping
// jwa.ErrKeyType.
func (a *algorithm) NewDecrypter(key any) (jwa.KeyDecrypter, error) {
	var priv agreer
	switch k := key.(type) {
	case *ecdsa.PrivateKey:
		if k == nil || k.D == nil || k.X == nil || k.Y == nil {
			return nil, fmt.Errorf("ecdh: %s key is a nil or incomplete %T: %w", a.name, key, jwa.ErrKeyType)
		}
		p, err := k.ECDH()
		if err != nil {
			return nil, fmt.Errorf("ecdh: %s: ECDSA key on an unsupported curve (%v): %w", a.name, err, jwa.ErrKeyType)
		}
		priv = p
	case *ecdh.PrivateKey:
		if k == nil {
			return nil, fmt.Errorf("ecdh: %s key is a nil %T: %w", a.name, key, jwa.ErrKeyType)
		}
		priv = k
	case agreer:
		priv = k
	default:
		return nil, keyTypeError(a.name, key, "*ecdh.PrivateKey, *ecdsa.PrivateKey or a key with ECDH and Public methods")
	}
	var pub *ecdh.PublicKey
	var err error
	call(func() { // an agreer is caller code: a typed nil can panic
		switch p := priv.Public().(type) {
		case *ecdh.PublicKey:
			pub = p
		case *ecdsa.PublicKey:
			pub, err = ecdsaPublic(a.name, p)
		default:
			err = fmt.Errorf("ecdh: %s: %T.Public() returned %T, want *ecdh.PublicKey or *ecdsa.PublicKey: %w", a.name, key, p, jwa.ErrKeyType)
		}
	})
	if err != nil {
		return nil, err
	}
	if pub == nil {
		return nil, fmt.Errorf("ecdh: %s: %T has no usable public key: %w", a.name, key, jwa.ErrKeyType)
	}
	return &decrypter{alg: a, priv: priv, curve: pub.Curve()}, nil
}

// call runs f and turns a panic into nothing: the caller then sees the
// zero values f left, and reports them as an unusable key.
func call(f func()) {
	defer func() { _ = recover() }()
	f()
}

func ecdsaPublic(alg string, k *ecdsa.PublicKey) (*ecdh.PublicKey, error) {
	// crypto/ecdsa dereferences X and Y without checking them.
	if k == nil || k.Curve == nil || k.X == nil || k.Y == nil {
		return nil, fmt.Errorf("ecdh: %s key is a nil or incomplete *ecdsa.PublicKey: %w", alg, jwa.ErrKeyType)
	}
	p, err := k.ECDH()
	if err != nil {
		return nil, fmt.Errorf("ecdh: %s: ECDSA key cannot be used for ECDH (%v): %w", alg, err, jwa.ErrKeyType)
	}
	return p, nil
}

func keyTypeError(alg string, key any, want string) error {
	switch key.(type) {
	case ed25519.PublicKey, ed25519.PrivateKey, *ed25519.PublicKey, *ed25519.PrivateKey:
		return fmt.Errorf("ecdh: %s key is an Ed25519 signing key; key agreement needs an X25519 key: %w", alg, jwa.ErrKeyType)
	}
	return fmt.Errorf("ecdh: %s key is %T, want %s: %w", alg, key, want, jwa.ErrKeyType)
}

// encrypter is an ECDH-ES variant bound to the recipient's public key.
type encrypter struct {
	alg *algorithm
	pub *ecdh.PublicKey
}

// Algorithm returns the "alg" this KeyEncrypter produces.
func (e *encrypter) Algorithm() string { return e.alg.name }

// EncryptKey agrees on a secret with the recipient's key from a fresh
// ephemeral key (or params.EphemeralKey, which must be on the recipient's
// curve) and records the ephemeral public key in params.EPK. For ECDH-ES
// it returns the derived key as the CEK and no encrypted key, and refuses
// params.CEK; for the +KW variants it wraps params.CEK, or a random CEK of
// cekSize bytes, with the derived key. Parameter errors wrap
// jwa.ErrInvalidParameter.
func (e *encrypter) EncryptKey(ctx context.Context, enc string, cekSize int, params *jwa.Params) (cek, encryptedKey []byte, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if params == nil {
		return nil, nil, fmt.Errorf("ecdh: %s: nil Params: %w", e.alg.name, jwa.ErrInvalidParameter)
	}
	if e.alg.kekSize == 0 && params.CEK != nil {
		return nil, nil, fmt.Errorf("ecdh: %s derives the CEK and cannot use a given one: %w", e.alg.name, jwa.ErrInvalidParameter)
	}
	if e.alg.kekSize != 0 && params.CEK != nil && len(params.CEK) != cekSize {
		return nil, nil, fmt.Errorf("ecdh: %s: given CEK is %d bytes, want %d: %w", e.alg.name, len(params.CEK), cekSize, jwa.ErrInvalidParameter)
	}
	if e.alg.kekSize != 0 && (cekSize < 16 || cekSize%8 != 0) {
		return nil, nil, fmt.Errorf("ecdh: %s cannot wrap a %d-byte CEK: %w", e.alg.name, cekSize, jwa.ErrInvalidParameter)
	}

	curve := e.pub.Curve()
	eph := params.EphemeralKey
	if eph == nil {
		eph, err = curve.GenerateKey(rand.Reader)
		if err != nil {
			return nil, nil, fmt.Errorf("ecdh: %s: generating the ephemeral key: %w", e.alg.name, err)
		}
	} else if eph.Curve() != curve {
		return nil, nil, fmt.Errorf("ecdh: %s: ephemeral key is on %s, the recipient's key on %s: %w", e.alg.name, eph.Curve(), curve, jwa.ErrInvalidParameter)
	}
	z, err := eph.ECDH(e.pub)
	if err != nil { // an X25519 recipient key of small order
		return nil, nil, fmt.Errorf("ecdh: %s: key agreement with the recipient's key failed (%v): %w", e.alg.name, err, jwa.ErrInvalidParameter)
	}
	defer clear(z)

	algID, keyLen := enc, cekSize
	if e.alg.kekSize != 0 {
		algID, keyLen = e.alg.name, e.alg.kekSize
	}
	derived, err := ConcatKDF(z, algID, params.APU, params.APV, keyLen)
	if err != nil {
		return nil, nil, fmt.Errorf("ecdh: %s: %w", e.alg.name, err)
	}
	if e.alg.kekSize == 0 {
		params.EPK = eph.PublicKey()
		return derived, []byte{}, nil
	}
	defer clear(derived)

	if params.CEK != nil {
		cek = bytes.Clone(params.CEK)
	} else {
		cek = make([]byte, cekSize)
		rand.Read(cek)
	}
	encryptedKey, err = aeskw.Wrap(derived, cek)
	if err != nil { // unreachable: the sizes were checked
		return nil, nil, fmt.Errorf("ecdh: %s: %w", e.alg.name, err)
	}
	params.EPK = eph.PublicKey()
	return cek, encryptedKey, nil
}

// decrypter is an ECDH-ES variant bound to the recipient's private key.
type decrypter struct {
	alg   *algorithm
	priv  agreer
	curve ecdh.Curve
}

// Algorithm returns the only "alg" this KeyDecrypter accepts.
func (d *decrypter) Algorithm() string { return d.alg.name }

// DecryptKey agrees on the secret with params.EPK, which must be set and on
// the curve of the recipient's key (jwa.ErrInvalidParameter otherwise, as
// for an X25519 point of small order), and derives the CEK (ECDH-ES) or the
// key that unwraps encryptedKey (+KW variants). Every failure after key
// agreement, including a non-empty encryptedKey for ECDH-ES, wraps
// jwa.ErrDecryption.
func (d *decrypter) DecryptKey(ctx context.Context, enc string, cekSize int, encryptedKey []byte, params *jwa.Params) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if params == nil || params.EPK == nil {
		return nil, fmt.Errorf("ecdh: %s: missing \"epk\": %w", d.alg.name, jwa.ErrInvalidParameter)
	}
	if c := params.EPK.Curve(); c != d.curve {
		return nil, fmt.Errorf("ecdh: %s: \"epk\" is on %s, the recipient's key on %s: %w", d.alg.name, c, d.curve, jwa.ErrInvalidParameter)
	}
	if d.alg.kekSize == 0 && (cekSize < 1 || cekSize > MaxKeyDataLen) ||
		d.alg.kekSize != 0 && (cekSize < 16 || cekSize%8 != 0) {
		return nil, fmt.Errorf("ecdh: %s: CEK size %d not supported: %w", d.alg.name, cekSize, jwa.ErrInvalidParameter)
	}

	// The encrypted key must be empty for direct key agreement, and 8 bytes
	// longer than the CEK with AES Key Wrap. Its length is public, so it is
	// checked before any work with the private key; the error is still the
	// uniform one.
	if d.alg.kekSize == 0 && len(encryptedKey) != 0 || d.alg.kekSize != 0 && len(encryptedKey) != cekSize+8 {
		return nil, errDecrypt
	}

	z, err := d.priv.ECDH(params.EPK)
	if err != nil {
		// With the curve checked, crypto/ecdh fails only for an X25519
		// point of small order; a hardware key may fail for its own
		// reasons, which are kept for errors.Is.
		return nil, fmt.Errorf("ecdh: %s: key agreement with \"epk\" failed: %w: %w", d.alg.name, jwa.ErrInvalidParameter, err)
	}
	defer clear(z)

	if d.alg.kekSize == 0 {
		cek, err := ConcatKDF(z, enc, params.APU, params.APV, cekSize)
		if err != nil {
			return nil, errDecrypt
		}
		return cek, nil
	}

	kek, err := ConcatKDF(z, d.alg.name, params.APU, params.APV, d.alg.kekSize)
	if err != nil {
		return nil, errDecrypt
	}
	defer clear(kek)
	cek, err := aeskw.Unwrap(kek, encryptedKey)
	if err != nil || len(cek) != cekSize {
		return nil, errDecrypt
	}
	return cek, nil
}
