package jwatest

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

// Toy algorithms for testing the suites. Each has switches that break one
// rule, so that the tests can show the suites catch that breakage. None of
// them is meant for anything but these tests.

// toySig is HMAC-SHA-256 with []byte keys of at least 32 bytes.
type toySig struct {
	name string

	acceptString   bool // takes a string as a key
	noSizeCheck    bool // accepts short keys
	panicOnNil     bool // panics on a nil key
	retainKey      bool // keeps the caller's key slice
	wrongAlgName   bool // Algorithm() differs from Name()
	acceptPrefix   bool // accepts any prefix of the MAC (truncation)
	ignoreLastByte bool // compares all but the last byte
	rawError       bool // rejects without wrapping jwa.ErrVerification
	panicOnEmpty   bool // panics on an empty signature
	mutateInput    bool // overwrites the caller's signing input
}

type toySigKey struct {
	a   *toySig
	key []byte
}

var (
	_ jwa.SignatureAlgorithm = (*toySig)(nil)
	_ jwa.Signer             = (*toySigKey)(nil)
	_ jwa.Verifier           = (*toySigKey)(nil)
	_ jwa.Describer          = (*toySig)(nil)
)

func (a *toySig) Name() string { return a.name }

func (a *toySig) Describe() jwa.Description {
	return jwa.Description{KeyTypes: []string{"oct"}, MinKeyBits: 256, Summary: "toy HMAC"}
}

func (a *toySig) newKey(key any) (*toySigKey, error) {
	var b []byte
	switch k := key.(type) {
	case []byte:
		b = k
	case string:
		if !a.acceptString {
			return nil, fmt.Errorf("toy: key is string: %w", jwa.ErrKeyType)
		}
		b = []byte(k)
	case nil:
		if a.panicOnNil {
			panic("toy: nil key")
		}
		return nil, fmt.Errorf("toy: nil key: %w", jwa.ErrKeyType)
	default:
		return nil, fmt.Errorf("toy: key is %T: %w", key, jwa.ErrKeyType)
	}
	if len(b) < 32 && !a.noSizeCheck {
		return nil, fmt.Errorf("toy: key is %d bytes: %w", len(b), jwa.ErrKeySize)
	}
	if !a.retainKey {
		b = bytes.Clone(b)
	}
	return &toySigKey{a: a, key: b}, nil
}

func (a *toySig) NewSigner(key any) (jwa.Signer, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (a *toySig) NewVerifier(key any) (jwa.Verifier, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (k *toySigKey) Algorithm() string {
	if k.a.wrongAlgName {
		return k.a.name + "-other"
	}
	return k.a.name
}

func (k *toySigKey) mac(in []byte) []byte {
	m := hmac.New(sha256.New, k.key)
	m.Write(in)
	return m.Sum(nil)
}

func (k *toySigKey) Sign(_ context.Context, in []byte) ([]byte, error) {
	sig := k.mac(in)
	if k.a.mutateInput {
		clear(in)
	}
	return sig, nil
}

func (k *toySigKey) Verify(_ context.Context, in, sig []byte) error {
	if k.a.panicOnEmpty && len(sig) == 0 {
		panic("toy: empty signature")
	}
	want := k.mac(in)
	var ok bool
	switch {
	case k.a.acceptPrefix:
		ok = len(sig) > 0 && hmac.Equal(want[:min(len(sig), len(want))], sig)
	case k.a.ignoreLastByte:
		ok = len(sig) == len(want) && hmac.Equal(want[:len(want)-1], sig[:len(sig)-1])
	default:
		ok = hmac.Equal(want, sig)
	}
	if ok {
		return nil
	}
	if k.a.rawError {
		return errors.New("toy: bad signature")
	}
	return fmt.Errorf("toy: %w", jwa.ErrVerification)
}

// toyKW wraps a CEK with AES-128-GCM under a 16-byte key: the encrypted
// key is nonce || ciphertext || tag.
type toyKW struct {
	name string

	randomOnFailure bool // RSA1_5 style: a random CEK instead of an error
	unauthenticated bool // "wraps" with XOR, no integrity
	fixedCEK        bool // always the same CEK
	ignoreGivenCEK  bool // ignores Params.CEK
	ignoreCEKSize   bool // returns the unwrapped CEK whatever its length
	openInPlace     bool // decrypts over the caller's encrypted key
	retainKey       bool // keeps the caller's key slice
}

type toyKWKey struct {
	a   *toyKW
	key []byte
}

var _ jwa.KeyManagementAlgorithm = (*toyKW)(nil)

func (a *toyKW) Name() string { return a.name }

func (a *toyKW) newKey(key any) (*toyKWKey, error) {
	b, ok := key.([]byte)
	if !ok {
		return nil, fmt.Errorf("toy: key is %T: %w", key, jwa.ErrKeyType)
	}
	if len(b) != 16 {
		return nil, fmt.Errorf("toy: key is %d bytes: %w", len(b), jwa.ErrKeySize)
	}
	if !a.retainKey {
		b = bytes.Clone(b)
	}
	return &toyKWKey{a: a, key: b}, nil
}

func (a *toyKW) NewEncrypter(key any) (jwa.KeyEncrypter, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (a *toyKW) NewDecrypter(key any) (jwa.KeyDecrypter, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (k *toyKWKey) Algorithm() string { return k.a.name }

func (k *toyKWKey) gcm() cipher.AEAD {
	b, err := aes.NewCipher(k.key)
	if err != nil {
		panic(err)
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		panic(err)
	}
	return g
}

func (k *toyKWKey) EncryptKey(_ context.Context, _ string, size int, p *jwa.Params) (cek, ek []byte, err error) {
	switch {
	case p.CEK != nil && !k.a.ignoreGivenCEK:
		if len(p.CEK) != size {
			return nil, nil, fmt.Errorf("toy: CEK size: %w", jwa.ErrInvalidParameter)
		}
		cek = bytes.Clone(p.CEK)
	case k.a.fixedCEK:
		cek = make([]byte, size)
	default:
		cek = make([]byte, size)
		rand.Read(cek)
	}
	if k.a.unauthenticated {
		ek = bytes.Clone(cek)
		for i := range ek {
			ek[i] ^= k.key[i%len(k.key)]
		}
		return cek, ek, nil
	}
	nonce := make([]byte, 12)
	rand.Read(nonce)
	return cek, k.gcm().Seal(nonce, nonce, cek, nil), nil
}

func (k *toyKWKey) DecryptKey(_ context.Context, _ string, size int, ek []byte, _ *jwa.Params) ([]byte, error) {
	fail := func() ([]byte, error) {
		if k.a.randomOnFailure {
			r := make([]byte, size)
			rand.Read(r)
			return r, nil
		}
		return nil, fmt.Errorf("toy: %w", jwa.ErrDecryption)
	}
	var cek []byte
	if k.a.unauthenticated {
		cek = bytes.Clone(ek)
		for i := range cek {
			cek[i] ^= k.key[i%len(k.key)]
		}
	} else {
		if len(ek) < 12+16 {
			return fail()
		}
		var err error
		var dst []byte
		if k.a.openInPlace {
			dst = ek[12:12]
		}
		cek, err = k.gcm().Open(dst, ek[:12], ek[12:], nil)
		if err != nil {
			return fail()
		}
	}
	if len(cek) != size && !k.a.ignoreCEKSize {
		return fail()
	}
	return cek, nil
}

// toyDir is direct encryption: the key is the CEK.
type toyDir struct {
	acceptEncryptedKey bool // ignores a non-empty encrypted key
	aliasKey           bool // returns its own key slice as the CEK
}

type toyDirKey struct {
	a   *toyDir
	key []byte
}

var _ jwa.KeyManagementAlgorithm = (*toyDir)(nil)

func (a *toyDir) Name() string { return "T-dir" }

func (a *toyDir) newKey(key any) (*toyDirKey, error) {
	b, ok := key.([]byte)
	if !ok {
		return nil, fmt.Errorf("toy: key is %T: %w", key, jwa.ErrKeyType)
	}
	if len(b) < 16 {
		return nil, fmt.Errorf("toy: key is %d bytes: %w", len(b), jwa.ErrKeySize)
	}
	return &toyDirKey{a: a, key: bytes.Clone(b)}, nil
}

func (a *toyDir) NewEncrypter(key any) (jwa.KeyEncrypter, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (a *toyDir) NewDecrypter(key any) (jwa.KeyDecrypter, error) {
	k, err := a.newKey(key)
	if err != nil {
		return nil, err
	}
	return k, nil
}

func (k *toyDirKey) Algorithm() string { return "T-dir" }

func (k *toyDirKey) cek(size int) ([]byte, error) {
	if size != len(k.key) {
		return nil, fmt.Errorf("toy: key is %d bytes, enc wants %d: %w", len(k.key), size, jwa.ErrKeySize)
	}
	if k.a.aliasKey {
		return k.key, nil
	}
	return bytes.Clone(k.key), nil
}

func (k *toyDirKey) EncryptKey(_ context.Context, _ string, size int, _ *jwa.Params) ([]byte, []byte, error) {
	cek, err := k.cek(size)
	return cek, nil, err
}

func (k *toyDirKey) DecryptKey(_ context.Context, _ string, size int, ek []byte, _ *jwa.Params) ([]byte, error) {
	if len(ek) != 0 && !k.a.acceptEncryptedKey {
		return nil, fmt.Errorf("toy: encrypted key with dir: %w", jwa.ErrInvalidParameter)
	}
	cek, err := k.cek(size)
	if err != nil {
		return nil, fmt.Errorf("toy: %w", jwa.ErrDecryption)
	}
	return cek, nil
}

// toyGCM is AES-128-GCM as a content encryption algorithm.
type toyGCM struct {
	anyAESKey       bool // accepts 16-, 24- and 32-byte CEKs
	rawOpenError    bool // Open's error does not wrap jwa.ErrDecryption
	unauthenticated bool // CTR with a tag that is never checked
	retainCEK       bool // keeps the caller's CEK slice and uses it later
	plaintextOnFail bool // returns the plaintext with the error
}

var _ jwa.ContentEncryptionAlgorithm = (*toyGCM)(nil)

func (a *toyGCM) Name() string { return "T-GCM" }
func (a *toyGCM) KeySize() int { return 16 }

func (a *toyGCM) NewAEAD(cek []byte) (cipher.AEAD, error) {
	if len(cek) != 16 && !(a.anyAESKey && (len(cek) == 24 || len(cek) == 32)) {
		return nil, fmt.Errorf("toy: CEK is %d bytes: %w", len(cek), jwa.ErrKeySize)
	}
	if !a.retainCEK {
		cek = bytes.Clone(cek)
	}
	return &toyAEAD{a: a, key: cek}, nil
}

type toyAEAD struct {
	a   *toyGCM
	key []byte
}

func (t *toyAEAD) gcm() cipher.AEAD {
	b, err := aes.NewCipher(t.key)
	if err != nil {
		panic(err)
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		panic(err)
	}
	return g
}

func (t *toyAEAD) NonceSize() int { return 12 }
func (t *toyAEAD) Overhead() int  { return 16 }

func (t *toyAEAD) ctr(dst, nonce, in []byte) []byte {
	b, _ := aes.NewCipher(t.key)
	iv := append(bytes.Clone(nonce), 0, 0, 0, 2)
	out := make([]byte, len(in))
	cipher.NewCTR(b, iv).XORKeyStream(out, in)
	return append(dst, out...)
}

func (t *toyAEAD) Seal(dst, nonce, pt, aad []byte) []byte {
	if t.a.unauthenticated {
		if len(nonce) != 12 {
			panic("toy: nonce length")
		}
		return append(t.ctr(dst, nonce, pt), make([]byte, 16)...)
	}
	return t.gcm().Seal(dst, nonce, pt, aad)
}

func (t *toyAEAD) Open(dst, nonce, ct, aad []byte) ([]byte, error) {
	if len(nonce) != 12 || len(ct) < 16 {
		return nil, fmt.Errorf("toy: %w", jwa.ErrDecryption)
	}
	if t.a.unauthenticated {
		return t.ctr(dst, nonce, ct[:len(ct)-16]), nil
	}
	pt, err := t.gcm().Open(dst, nonce, ct, aad)
	if err != nil {
		if t.a.rawOpenError {
			return nil, err
		}
		if t.a.plaintextOnFail {
			return t.ctr(dst, nonce, ct[:len(ct)-16]), fmt.Errorf("toy: %w", jwa.ErrDecryption)
		}
		return nil, fmt.Errorf("toy: %w", jwa.ErrDecryption)
	}
	return pt, nil
}
