package pbes2

import (
	"bytes"
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"

	"github.com/joseframework/jose/algs/aeskw"
	"github.com/joseframework/jose/core/jwa"
)

// Parameters of encryption.
const (
	// DefaultCount is the "p2c" iteration count EncryptKey uses when
	// Params.P2C is zero. It is jwa.DefaultMaxPBES2Count, the highest count
	// that a recipient with default limits accepts: a higher default would
	// make tokens that this library itself refuses by default.
	DefaultCount = jwa.DefaultMaxPBES2Count

	// DefaultSaltSize is the length, in bytes, of the random "p2s" salt
	// input EncryptKey makes when Params.P2S is nil.
	DefaultSaltSize = 16

	// MinSaltSize is the shortest "p2s" accepted, in bytes, on encryption
	// and decryption (RFC 7518, Section 4.8.1.1).
	MinSaltSize = 8
)

// defaultCount is DefaultCount; tests lower it to run the jwatest suite,
// which cannot set Params.P2C, in reasonable time.
var defaultCount = DefaultCount

func init() {
	jwa.RegisterKeyManagement(hs256)
	jwa.RegisterKeyManagement(hs384)
	jwa.RegisterKeyManagement(hs512)
}

var (
	hs256 = &algorithm{name: "PBES2-HS256+A128KW", hash: sha256.New, bits: 256, size: 16}
	hs384 = &algorithm{name: "PBES2-HS384+A192KW", hash: sha512.New384, bits: 384, size: 24}
	hs512 = &algorithm{name: "PBES2-HS512+A256KW", hash: sha512.New, bits: 512, size: 32}
)

// PBES2HS256A128KW returns PBES2 with HMAC-SHA-256 and A128KW wrapping
// ("PBES2-HS256+A128KW"). Every call returns the same value, so results
// can be compared with ==.
func PBES2HS256A128KW() jwa.KeyManagementAlgorithm { return hs256 }

// PBES2HS384A192KW returns PBES2 with HMAC-SHA-384 and A192KW wrapping
// ("PBES2-HS384+A192KW"). Every call returns the same value.
func PBES2HS384A192KW() jwa.KeyManagementAlgorithm { return hs384 }

// PBES2HS512A256KW returns PBES2 with HMAC-SHA-512 and A256KW wrapping
// ("PBES2-HS512+A256KW"). Every call returns the same value.
func PBES2HS512A256KW() jwa.KeyManagementAlgorithm { return hs512 }

var (
	_ jwa.KeyManagementAlgorithm = (*algorithm)(nil)
	_ jwa.Describer              = (*algorithm)(nil)
	_ jwa.KeyEncrypter           = (*password)(nil)
	_ jwa.KeyDecrypter           = (*password)(nil)
)

type algorithm struct {
	name string
	hash func() hash.Hash
	bits int // hash output size in bits, for Describe
	size int // derived key-encryption key length in bytes
}

func (a *algorithm) Name() string { return a.name }

// Describe returns the algorithm's metadata. FIPS is not set: NIST SP
// 800-132 approves PBKDF2 only for protecting stored data.
func (a *algorithm) Describe() jwa.Description {
	return jwa.Description{
		KeyTypes: []string{"oct"},
		Summary:  fmt.Sprintf("PBES2 with PBKDF2-HMAC-SHA-%d and AES Key Wrap with a %d-bit key", a.bits, 8*a.size),
	}
}

// NewEncrypter returns a KeyEncrypter for a password: a non-empty []byte,
// such as the UTF-8 bytes of a passphrase.
func (a *algorithm) NewEncrypter(key any) (jwa.KeyEncrypter, error) {
	p, err := a.newKey(key)
	if err != nil {
		return nil, err // not a typed nil in a non-nil interface
	}
	return p, nil
}

// NewDecrypter returns a KeyDecrypter for a password: a non-empty []byte.
func (a *algorithm) NewDecrypter(key any) (jwa.KeyDecrypter, error) {
	p, err := a.newKey(key)
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (a *algorithm) newKey(key any) (*password, error) {
	b, ok := key.([]byte)
	if !ok {
		return nil, fmt.Errorf("pbes2: %s key is %T, want the password as []byte: %w", a.name, key, jwa.ErrKeyType)
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("pbes2: %s password is empty: %w", a.name, jwa.ErrKeySize)
	}
	return &password{alg: a, pw: string(b)}, nil // a copy: b is not retained
}

// password is a password bound to one algorithm.
type password struct {
	alg *algorithm
	pw  string
}

func (p *password) Algorithm() string { return p.alg.name }

// deriveKey returns the key-encryption key for salt input p2s and count
// p2c: PBKDF2 with the algorithm's HMAC over the salt
// UTF8(alg) || 0x00 || p2s (RFC 7518, Section 4.8.1.1).
func (p *password) deriveKey(p2s []byte, p2c int) ([]byte, error) {
	salt := make([]byte, 0, len(p.alg.name)+1+len(p2s))
	salt = append(append(append(salt, p.alg.name...), 0), p2s...)
	kek, err := pbkdf2.Key(p.alg.hash, p.pw, salt, p2c, p.alg.size)
	if err != nil {
		return nil, fmt.Errorf("pbes2: %s: %w", p.alg.name, err)
	}
	return kek, nil
}

// EncryptKey returns a CEK of cekSize bytes and the CEK wrapped with the
// key derived from the password. It records the salt input and iteration
// count in params.P2S and params.P2C (the "p2s" and "p2c" header
// parameters). A nil params is refused with jwa.ErrInvalidParameter.
//
// The salt input is params.P2S if set (at least MinSaltSize bytes), else
// DefaultSaltSize random bytes. The count is params.P2C if set, else
// DefaultCount; it must not be below params.Limits' MinPBES2Count (by
// default 1,000), the least a recipient accepts. A count above the
// recipient's MaxPBES2Count (by default 10,000) makes a token it refuses.
// The CEK is random unless params.CEK is set, for test vectors. Every
// error wraps jwa.ErrInvalidParameter.
func (p *password) EncryptKey(ctx context.Context, enc string, cekSize int, params *jwa.Params) (cek, encryptedKey []byte, err error) {
	if params == nil {
		return nil, nil, fmt.Errorf("pbes2: %s needs params to record \"p2s\" and \"p2c\": %w", p.alg.name, jwa.ErrInvalidParameter)
	}
	if cekSize < 16 || cekSize%8 != 0 {
		return nil, nil, fmt.Errorf("pbes2: %s cannot wrap a %d-byte CEK for %q: %w", p.alg.name, cekSize, enc, jwa.ErrInvalidParameter)
	}
	p2s := params.P2S
	if p2s == nil {
		p2s = make([]byte, DefaultSaltSize)
		rand.Read(p2s) // never returns an error (Go 1.24+)
	} else if len(p2s) < MinSaltSize {
		return nil, nil, fmt.Errorf("pbes2: params.P2S is %d bytes, want at least %d: %w", len(p2s), MinSaltSize, jwa.ErrInvalidParameter)
	} else {
		p2s = bytes.Clone(p2s)
	}
	p2c := params.P2C
	if p2c == 0 {
		p2c = defaultCount
	}
	if minCount := params.Limits.WithDefaults().MinPBES2Count; p2c < minCount {
		return nil, nil, fmt.Errorf("pbes2: params.P2C is %d, want at least %d: %w", p2c, minCount, jwa.ErrInvalidParameter)
	}
	if params.CEK != nil {
		if len(params.CEK) != cekSize {
			return nil, nil, fmt.Errorf("pbes2: params.CEK is %d bytes, %q needs %d: %w", len(params.CEK), enc, cekSize, jwa.ErrInvalidParameter)
		}
		cek = bytes.Clone(params.CEK)
	} else {
		cek = make([]byte, cekSize)
		rand.Read(cek)
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	kek, err := p.deriveKey(p2s, p2c)
	if err != nil {
		return nil, nil, err
	}
	defer clear(kek)
	encryptedKey, err = aeskw.Wrap(kek, cek)
	if err != nil {
		return nil, nil, fmt.Errorf("pbes2: %s: %w", p.alg.name, err)
	}
	params.P2S, params.P2C = p2s, p2c
	return cek, encryptedKey, nil
}

// DecryptKey derives the key-encryption key from the password and
// params.P2S and params.P2C, and unwraps encryptedKey. Before any PBKDF2
// work it checks that params.P2S has at least MinSaltSize bytes
// (jwa.ErrInvalidParameter otherwise), that params.P2C is within
// params.Limits (jwa.Limits.WithDefaults: MinPBES2Count to MaxPBES2Count;
// an error wrapping jwa.ErrLimit otherwise, and also
// jwa.ErrInvalidParameter when it is not positive), and that encryptedKey
// is cekSize+8 bytes long. A wrong password, altered bytes, or any other
// failure to unwrap return an error wrapping jwa.ErrDecryption.
func (p *password) DecryptKey(ctx context.Context, enc string, cekSize int, encryptedKey []byte, params *jwa.Params) ([]byte, error) {
	if params == nil {
		return nil, fmt.Errorf("pbes2: %s needs \"p2s\" and \"p2c\": %w", p.alg.name, jwa.ErrInvalidParameter)
	}
	if len(params.P2S) < MinSaltSize {
		return nil, fmt.Errorf("pbes2: %s \"p2s\" is %d bytes, want at least %d: %w", p.alg.name, len(params.P2S), MinSaltSize, jwa.ErrInvalidParameter)
	}
	limits := params.Limits.WithDefaults()
	switch p2c := params.P2C; {
	case p2c <= 0:
		return nil, fmt.Errorf("pbes2: %s \"p2c\" is %d, want a positive count: %w (%w)", p.alg.name, p2c, jwa.ErrInvalidParameter, jwa.ErrLimit)
	case p2c < limits.MinPBES2Count:
		return nil, fmt.Errorf("pbes2: %s \"p2c\" is %d, below the minimum of %d: %w", p.alg.name, p2c, limits.MinPBES2Count, jwa.ErrLimit)
	case p2c > limits.MaxPBES2Count:
		return nil, fmt.Errorf("pbes2: %s \"p2c\" is %d, above the maximum of %d: %w", p.alg.name, p2c, limits.MaxPBES2Count, jwa.ErrLimit)
	}
	if cekSize <= 0 || len(encryptedKey) != cekSize+8 {
		return nil, fmt.Errorf("pbes2: %s encrypted key is %d bytes, want %d for %q: %w", p.alg.name, len(encryptedKey), cekSize+8, enc, jwa.ErrDecryption)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	kek, err := p.deriveKey(params.P2S, params.P2C)
	if err != nil {
		return nil, fmt.Errorf("%w (%w)", err, jwa.ErrDecryption)
	}
	defer clear(kek)
	cek, err := aeskw.Unwrap(kek, encryptedKey)
	if err != nil {
		return nil, fmt.Errorf("pbes2: %s key unwrap failed: %w", p.alg.name, jwa.ErrDecryption)
	}
	return cek, nil
}
