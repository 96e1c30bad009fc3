package jwe

import (
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
)

// DecryptOptions are the caller's choices for [Decrypt] and
// [DecryptWithKeys]. ContentEncryption is required.
type DecryptOptions struct {
	// ContentEncryption lists the "enc" algorithms accepted. It is
	// required: there is no default that would let a token choose.
	ContentEncryption []jwa.ContentEncryptionAlgorithm

	// KeyManagement lists the "alg" algorithms accepted by
	// DecryptWithKeys, where it is required. Decrypt ignores it: its
	// KeyDecrypter fixes the one "alg" accepted.
	KeyManagement []jwa.KeyManagementAlgorithm

	// KeyID, when set, restricts decryption to the recipients whose "kid"
	// equals it.
	KeyID string

	// Critical lists the header parameter names of the extensions the
	// caller understands and checks itself. A token whose "crit" lists any
	// other name is rejected with ErrCritical.
	Critical []string

	// Limits bound the work and memory spent on the token. Zero fields
	// mean the defaults of package jwa.
	Limits jwa.Limits
}

// A Result is a decrypted JWE.
type Result struct {
	// Plaintext is the decrypted (and, for "zip": "DEF", inflated)
	// content. It does not alias the token.
	Plaintext []byte
	// Header is the header of the recipient that decrypted the token.
	Header *Header
	// AAD is the decoded "aad" member of a JSON serialization, or nil.
	AAD []byte
	// Recipient is the index of that recipient in the token (0 for the
	// compact and flattened serializations).
	Recipient int
	// Serialization is the serialization of the token.
	Serialization Serialization
	// Key is the key that decrypted the token, for DecryptWithKeys; nil
	// for Decrypt.
	Key *jwk.Key
}

// Decrypt decrypts a JWE in any serialization with kd.
//
// Only recipients whose "alg" is kd.Algorithm() (and, if opts.KeyID is
// set, whose "kid" equals it) are tried, at most opts.Limits.MaxRecipients
// of them. A token in which no recipient has that "alg" fails with an
// *AlgorithmError, and one whose "enc" is not in opts.ContentEncryption
// too, in both cases before any cryptographic operation. Malformed tokens
// fail with errors wrapping ErrMalformed, ErrCritical, ErrUnsupported or
// ErrTooLarge. A failure to recover the key, or any failure after it, is
// one error wrapping jwa.ErrDecryption; errors of the key management
// algorithm about its parameters (jwa.ErrInvalidParameter, jwa.ErrLimit)
// are returned as they are.
func Decrypt(ctx context.Context, token []byte, kd jwa.KeyDecrypter, opts *DecryptOptions) (*Result, error) {
	if kd == nil {
		return nil, fmt.Errorf("%w: nil KeyDecrypter", ErrInvalidOptions)
	}
	alg := kd.Algorithm()
	if alg == "" || strings.EqualFold(strings.TrimSpace(alg), "none") {
		return nil, fmt.Errorf("%w: KeyDecrypter algorithm %q", ErrInvalidOptions, alg)
	}
	if err := opts.check(); err != nil {
		return nil, err
	}
	l := opts.Limits.WithDefaults()
	m, err := parse(token, l, opts.Critical)
	if err != nil {
		return nil, err
	}
	var one [1]attempt
	attempts := one[:0]
	kidSeen := false
	for i, r := range m.recipients {
		if r.header.Algorithm != alg {
			continue
		}
		if opts.KeyID != "" && r.header.KeyID != opts.KeyID {
			kidSeen = true
			continue
		}
		if len(attempts) < l.MaxRecipients {
			attempts = append(attempts, attempt{recipient: i, kd: kd})
		}
	}
	if len(attempts) == 0 {
		if kidSeen {
			return nil, fmt.Errorf("%w: no recipient with \"kid\" %q", ErrNoRecipient, opts.KeyID)
		}
		algs := make([]string, len(m.recipients))
		for i, r := range m.recipients {
			algs[i] = r.header.Algorithm
		}
		return nil, &AlgorithmError{Param: "alg", Token: algs, Allowed: []string{alg}}
	}
	enc, err := opts.contentAlgorithm(m)
	if err != nil {
		return nil, err
	}
	return m.decrypt(ctx, enc, attempts, l)
}

func (o *DecryptOptions) check() error {
	if o == nil || len(o.ContentEncryption) == 0 {
		return fmt.Errorf("%w: no content encryption algorithm allowed (DecryptOptions.ContentEncryption)", ErrInvalidOptions)
	}
	for _, e := range o.ContentEncryption {
		if e == nil {
			return fmt.Errorf("%w: nil content encryption algorithm", ErrInvalidOptions)
		}
	}
	return nil
}

// contentAlgorithm returns the allowed algorithm named by the token's "enc".
func (o *DecryptOptions) contentAlgorithm(m *Message) (jwa.ContentEncryptionAlgorithm, error) {
	name := m.recipients[0].header.Encryption // all recipients agree
	for _, e := range o.ContentEncryption {
		if e.Name() == name {
			return e, nil
		}
	}
	allowed := make([]string, len(o.ContentEncryption))
	for i, e := range o.ContentEncryption {
		allowed[i] = e.Name()
	}
	return nil, &AlgorithmError{Param: "enc", Token: []string{name}, Allowed: allowed}
}

// An attempt is one recipient to try with one KeyDecrypter.
type attempt struct {
	recipient int
	kd        jwa.KeyDecrypter
	key       *jwk.Key // the key of kd, for DecryptWithKeys
}

// decrypt runs the attempts in order and returns the first success. If all
// fail, it returns the first error that is not a decryption failure (a
// parameter or limit error of a key management algorithm), or else the
// uniform decryption error.
func (m *Message) decrypt(ctx context.Context, enc jwa.ContentEncryptionAlgorithm, attempts []attempt, l jwa.Limits) (*Result, error) {
	var keep error
	for n, a := range attempts {
		pt, err := m.open(ctx, enc, a, l, n == len(attempts)-1)
		if err == nil {
			return &Result{
				Plaintext:     pt,
				Header:        m.recipients[a.recipient].header,
				AAD:           m.aad,
				Recipient:     a.recipient,
				Serialization: m.ser,
				Key:           a.key,
			}, nil
		}
		if keep == nil && err != errDecrypt {
			keep = err
		}
	}
	if keep != nil {
		return nil, keep
	}
	return nil, errDecrypt
}

// open recovers the CEK for one attempt and decrypts the content. Every
// failure after the key management step is errDecrypt. With last set,
// the ciphertext buffer is decrypted in place.
func (m *Message) open(ctx context.Context, enc jwa.ContentEncryptionAlgorithm, a attempt, l jwa.Limits, last bool) ([]byte, error) {
	r := &m.recipients[a.recipient]
	params := *r.params // the algorithm gets its own copy
	cek, err := a.kd.DecryptKey(ctx, enc.Name(), enc.KeySize(), r.encryptedKey, &params)
	if err != nil {
		for _, visible := range []error{jwa.ErrInvalidParameter, jwa.ErrLimit, jwa.ErrKeyType, jwa.ErrKeySize, context.Canceled, context.DeadlineExceeded} {
			if errors.Is(err, visible) && !errors.Is(err, jwa.ErrDecryption) {
				return nil, err
			}
		}
		return nil, errDecrypt
	}
	defer clear(cek)
	if len(cek) != enc.KeySize() {
		return nil, errDecrypt
	}
	aead, err := enc.NewAEAD(cek)
	if err != nil {
		return nil, errDecrypt
	}
	if len(m.iv) != aead.NonceSize() || len(m.tag) != aead.Overhead() {
		return nil, errDecrypt
	}
	ct := append(m.ct[:len(m.ct):cap(m.ct)], m.tag...)
	dst := ct[:0]
	if !last {
		dst = make([]byte, 0, len(ct))
	}
	pt, err := aead.Open(dst, m.iv, ct, m.authData)
	if err != nil {
		return nil, errDecrypt
	}
	if r.header.Compression == "DEF" {
		if pt, err = inflate(pt, l.MaxDecompressedSize); err != nil {
			return nil, errDecrypt
		}
	}
	return pt, nil
}

var errInflateLimit = errors.New("jwe: decompressed plaintext over the limit")

// inflate decompresses raw DEFLATE data, failing as soon as the output
// would exceed limit bytes. It never allocates much more than the output
// it returns: the buffer grows geometrically and never beyond limit+1.
func inflate(data []byte, limit int) ([]byte, error) {
	zr := flate.NewReader(bytes.NewReader(data))
	defer zr.Close()
	buf := make([]byte, 0, min(limit+1, max(512, 4*len(data))))
	for {
		if len(buf) == cap(buf) {
			if len(buf) > limit {
				return nil, errInflateLimit
			}
			next := make([]byte, len(buf), min(limit+1, 2*cap(buf)))
			copy(next, buf)
			buf = next
		}
		n, err := zr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > limit {
			return nil, errInflateLimit
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
