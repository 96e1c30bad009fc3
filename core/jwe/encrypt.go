package jwe

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/jwa"
)

// A Recipient is one key a JWE is encrypted to.
type Recipient struct {
	// KeyEncrypter produces the recipient's encrypted key; its Algorithm
	// becomes the recipient's "alg". Required.
	KeyEncrypter jwa.KeyEncrypter

	// KeyID, when set, becomes the recipient's "kid".
	KeyID string

	// Params, when set, holds inputs of the key management algorithm,
	// such as the ECDH-ES "apu" and "apv" or the PBES2 "p2s" and "p2c".
	// Encrypt passes a copy to the KeyEncrypter; the caller's value is not
	// modified.
	Params *jwa.Params

	// Header holds extra members for this recipient's unprotected header
	// ("header"). JSON serializations only.
	Header map[string]any
}

// A Location is a header of a JSON serialization.
type Location int

const (
	// Auto lets Encrypt choose (see EncryptOptions).
	Auto Location = iota
	// Protected is the JWE Protected Header, covered by the tag.
	Protected
	// Shared is the shared unprotected header ("unprotected").
	Shared
	// PerRecipient is each recipient's unprotected header ("header").
	PerRecipient
)

// EncryptOptions are the optional settings of [Encrypt]. The zero value
// (or nil) gives the compact serialization with no compression.
type EncryptOptions struct {
	// Serialization is the output form. Compact requires exactly one
	// recipient and everything in the protected header.
	Serialization Serialization

	// Type and ContentType, when set, become "typ" and "cty" in the
	// protected header.
	Type, ContentType string

	// Compress sets "zip": "DEF" and compresses the plaintext with raw
	// DEFLATE (RFC 1951) before encryption. Compressing secrets next to
	// attacker-controlled data can leak them through the length; leave it
	// off unless the content is known to be safe to compress.
	Compress bool

	// Protected holds extra members of the protected header; Unprotected
	// those of the shared unprotected header (JSON serializations only).
	// Values are marshalled with encoding/json; members are written in
	// name order, after the registered ones. Members that Encrypt writes
	// itself ("alg", "enc", "zip", "crit" and the key management
	// parameters "epk", "apu", "apv", "iv", "tag", "p2s", "p2c") are
	// refused here and in Recipient.Header.
	Protected, Unprotected map[string]any

	// Critical becomes "crit": the names of members of Protected that the
	// recipient must understand.
	Critical []string

	// AAD is additional authenticated data (JSON serializations only),
	// written as the "aad" member.
	AAD []byte

	// RecipientLocation is where "alg", "kid" and the key management
	// parameters (such as "epk") go in a JSON serialization. Auto puts
	// them in the protected header when there is one recipient, and in
	// each recipient's header when there are several. With several
	// recipients only PerRecipient is possible.
	RecipientLocation Location

	// EncLocation is where "enc" goes: Auto and Protected mean the
	// protected header; Shared leaves "enc" unprotected, which only
	// reproduces RFC 7520, Section 5.12 and should not be used otherwise.
	EncLocation Location

	// CEK and IV, when set, are used instead of random values. They exist
	// to reproduce test vectors: reusing an IV with a key breaks AES-GCM.
	// Leave them nil.
	CEK, IV []byte
}

// Encrypt encrypts plaintext with enc for each recipient and returns the
// serialized JWE. The content encryption key and IV are random unless
// opts sets them. Direct encryption and direct key agreement ("dir",
// "ECDH-ES") allow only one recipient. Encrypt does not retain plaintext
// or any slice of opts.
func Encrypt(ctx context.Context, plaintext []byte, enc jwa.ContentEncryptionAlgorithm, recipients []Recipient, opts *EncryptOptions) ([]byte, error) {
	if opts == nil {
		opts = &EncryptOptions{}
	}
	if err := checkEncrypt(enc, recipients, opts); err != nil {
		return nil, err
	}

	// Key management: the first recipient makes (or is given) the CEK;
	// every other recipient wraps that same CEK.
	cek := opts.CEK
	var made []byte // the CEK the first recipient made, cleared on return
	defer func() { clear(made) }()
	ekeys := make([][]byte, len(recipients))
	recMembers := make([]members, len(recipients))
	for i, r := range recipients {
		var params jwa.Params
		if r.Params != nil {
			params = *r.Params
		}
		if cek != nil {
			if params.CEK != nil && subtle.ConstantTimeCompare(params.CEK, cek) != 1 {
				return nil, fmt.Errorf("%w: recipient %d asks for another CEK", ErrInvalidOptions, i)
			}
			params.CEK = cek
		}
		got, ek, err := r.KeyEncrypter.EncryptKey(ctx, enc.Name(), enc.KeySize(), &params)
		if err != nil {
			return nil, fmt.Errorf("jwe: recipient %d (%s): %w", i, r.KeyEncrypter.Algorithm(), err)
		}
		if len(got) != enc.KeySize() || (cek != nil && subtle.ConstantTimeCompare(got, cek) != 1) {
			return nil, fmt.Errorf("jwe: recipient %d (%s) returned a wrong content encryption key: %w", i, r.KeyEncrypter.Algorithm(), jwa.ErrInvalidParameter)
		}
		if len(recipients) > 1 && len(ek) == 0 {
			return nil, fmt.Errorf("%w: %s is direct encryption or key agreement and allows only one recipient", ErrInvalidOptions, r.KeyEncrypter.Algorithm())
		}
		if cek == nil {
			cek = got
			made = got
		}
		ekeys[i] = ek
		if recMembers[i], err = recipientMembers(r, &params); err != nil {
			return nil, err
		}
	}

	// Headers.
	recLoc := opts.RecipientLocation
	if recLoc == Auto {
		recLoc = Protected
		if len(recipients) > 1 {
			recLoc = PerRecipient
		}
	}
	var prot, shared members
	perRecipient := make([]members, len(recipients))
	switch recLoc {
	case Protected:
		prot = append(prot, recMembers[0]...)
	case Shared:
		shared = append(shared, recMembers[0]...)
	default:
		copy(perRecipient, recMembers)
	}
	if opts.Type != "" {
		prot = prot.addString("typ", opts.Type)
	}
	if opts.ContentType != "" {
		prot = prot.addString("cty", opts.ContentType)
	}
	if opts.EncLocation == Shared {
		shared = shared.addString("enc", enc.Name())
	} else {
		prot = prot.addString("enc", enc.Name())
	}
	if opts.Compress {
		prot = prot.addString("zip", "DEF")
	}
	if len(opts.Critical) > 0 {
		v, _ := json.Marshal(opts.Critical)
		prot = append(prot, member{"crit", v})
	}
	var err error
	if prot, err = prot.addMap(opts.Protected); err != nil {
		return nil, err
	}
	if shared, err = shared.addMap(opts.Unprotected); err != nil {
		return nil, err
	}
	for i, r := range recipients {
		if perRecipient[i], err = perRecipient[i].addMap(r.Header); err != nil {
			return nil, err
		}
		if err := checkDisjoint(prot, shared, perRecipient[i]); err != nil {
			return nil, err
		}
	}
	if err := checkCritOut(opts.Critical, prot); err != nil {
		return nil, err
	}
	if opts.Serialization == Compact && (len(shared) > 0 || len(perRecipient[0]) > 0) {
		return nil, fmt.Errorf("%w: the compact serialization has only a protected header", ErrInvalidOptions)
	}

	// Content encryption.
	var protB64 []byte
	if len(prot) > 0 {
		protB64 = b64.AppendEncode(nil, prot.appendJSON(nil))
	}
	authData := protB64
	if len(opts.AAD) > 0 {
		authData = append(append(bytes.Clone(protB64), '.'), b64.Encode(opts.AAD)...)
	}
	aead, err := enc.NewAEAD(cek)
	if err != nil {
		return nil, fmt.Errorf("jwe: %s: %w", enc.Name(), err)
	}
	iv := opts.IV
	if iv == nil {
		iv = make([]byte, aead.NonceSize())
		if _, err := rand.Read(iv); err != nil {
			return nil, err
		}
	} else if len(iv) != aead.NonceSize() {
		return nil, fmt.Errorf("%w: IV is %d bytes, %s needs %d", ErrInvalidOptions, len(iv), enc.Name(), aead.NonceSize())
	}
	data := plaintext
	if opts.Compress {
		if data, err = deflate(plaintext); err != nil {
			return nil, err
		}
	}
	var sealed []byte
	if opts.Serialization == Compact {
		var out []byte
		if out, sealed = compactInPlace(aead, iv, data, protB64, ekeys[0]); out != nil {
			return out, nil
		}
	} else {
		sealed = aead.Seal(make([]byte, 0, len(data)+aead.Overhead()), iv, data, authData)
	}
	if len(sealed) < aead.Overhead() {
		return nil, fmt.Errorf("jwe: %s produced a short ciphertext: %w", enc.Name(), jwa.ErrInvalidParameter)
	}
	ct, tag := sealed[:len(sealed)-aead.Overhead()], sealed[len(sealed)-aead.Overhead():]

	w := writer{protB64: protB64, iv: iv, ct: ct, tag: tag, aad: opts.AAD, shared: shared}
	switch opts.Serialization {
	case Compact:
		return w.compact(ekeys[0]), nil
	case FlattenedJSON:
		return w.flattened(perRecipient[0], ekeys[0]), nil
	default:
		return w.general(perRecipient, ekeys), nil
	}
}

func checkEncrypt(enc jwa.ContentEncryptionAlgorithm, recipients []Recipient, opts *EncryptOptions) error {
	switch {
	case enc == nil:
		return fmt.Errorf("%w: nil content encryption algorithm", ErrInvalidOptions)
	case len(recipients) == 0:
		return fmt.Errorf("%w: no recipients", ErrInvalidOptions)
	case opts.Serialization < Compact || opts.Serialization > GeneralJSON:
		return fmt.Errorf("%w: unknown serialization %v", ErrInvalidOptions, opts.Serialization)
	case opts.Serialization != GeneralJSON && len(recipients) != 1:
		return fmt.Errorf("%w: the %v serialization has exactly one recipient, not %d", ErrInvalidOptions, opts.Serialization, len(recipients))
	case opts.Serialization == Compact && (len(opts.AAD) > 0 || len(opts.Unprotected) > 0):
		return fmt.Errorf("%w: the compact serialization has no AAD and no unprotected header", ErrInvalidOptions)
	case opts.Serialization == Compact && opts.RecipientLocation != Auto && opts.RecipientLocation != Protected,
		opts.Serialization == Compact && opts.EncLocation != Auto && opts.EncLocation != Protected:
		return fmt.Errorf("%w: the compact serialization has only a protected header", ErrInvalidOptions)
	case opts.RecipientLocation < Auto || opts.RecipientLocation > PerRecipient:
		return fmt.Errorf("%w: unknown RecipientLocation %d", ErrInvalidOptions, opts.RecipientLocation)
	case len(recipients) > 1 && opts.RecipientLocation != Auto && opts.RecipientLocation != PerRecipient:
		return fmt.Errorf("%w: with several recipients, their members go in each recipient's header", ErrInvalidOptions)
	case opts.EncLocation != Auto && opts.EncLocation != Protected && opts.EncLocation != Shared:
		return fmt.Errorf("%w: EncLocation must be Protected or Shared", ErrInvalidOptions)
	case opts.Compress && opts.EncLocation == Shared:
		return fmt.Errorf("%w: \"zip\" must be protected; so must the \"enc\" it goes with", ErrInvalidOptions)
	case opts.CEK != nil && len(opts.CEK) != enc.KeySize():
		return fmt.Errorf("%w: CEK is %d bytes, %s needs %d", ErrInvalidOptions, len(opts.CEK), enc.Name(), enc.KeySize())
	}
	for i := -2; i < len(recipients); i++ {
		var m map[string]any
		switch i {
		case -2:
			m = opts.Protected
		case -1:
			m = opts.Unprotected
		default:
			m = recipients[i].Header
		}
		for name := range m {
			if reserved[name] {
				return fmt.Errorf("%w: header member %q is set by Encrypt, not through a map", ErrInvalidOptions, name)
			}
		}
	}
	for i, r := range recipients {
		if r.KeyEncrypter == nil {
			return fmt.Errorf("%w: recipient %d has no KeyEncrypter", ErrInvalidOptions, i)
		}
		if opts.Serialization == Compact && len(r.Header) > 0 {
			return fmt.Errorf("%w: the compact serialization has no per-recipient header", ErrInvalidOptions)
		}
	}
	return nil
}

// reserved lists the header members Encrypt writes itself: from the
// recipients, the content algorithm and the Compress and Critical options.
var reserved = map[string]bool{
	"alg": true, "enc": true, "zip": true, "crit": true,
	"epk": true, "apu": true, "apv": true, "iv": true, "tag": true, "p2s": true, "p2c": true,
}

// checkCritOut checks the caller's "crit" list before it is written.
func checkCritOut(crit []string, prot members) error {
	if crit == nil {
		return nil
	}
	if len(crit) == 0 {
		return fmt.Errorf("%w: empty Critical list", ErrCritical)
	}
	for i, n := range crit {
		switch {
		case registered[n]:
			return fmt.Errorf("%w: %q is a registered name", ErrCritical, n)
		case slices.Contains(crit[:i], n):
			return fmt.Errorf("%w: %q listed twice", ErrCritical, n)
		case !prot.has(n):
			return fmt.Errorf("%w: %q is not a member of the protected header", ErrCritical, n)
		}
	}
	return nil
}

func checkDisjoint(headers ...members) error {
	seen := map[string]bool{}
	for _, h := range headers {
		for _, m := range h {
			if seen[m.name] {
				return fmt.Errorf("%w: header member %q is set twice", ErrInvalidOptions, m.name)
			}
			seen[m.name] = true
		}
	}
	return nil
}

// recipientMembers returns "alg", "kid" and the parameters the key
// management algorithm recorded, in the order of the RFC 7520 examples.
func recipientMembers(r Recipient, p *jwa.Params) (members, error) {
	ms := members{}.addString("alg", r.KeyEncrypter.Algorithm())
	if r.KeyID != "" {
		ms = ms.addString("kid", r.KeyID)
	}
	if p.EPK != nil {
		v, err := appendEPK(nil, p.EPK)
		if err != nil {
			return nil, err
		}
		ms = append(ms, member{"epk", v})
	}
	for _, f := range []struct {
		name string
		v    []byte
	}{{"apu", p.APU}, {"apv", p.APV}, {"tag", p.Tag}, {"iv", p.IV}, {"p2s", p.P2S}} {
		if f.v != nil {
			ms = ms.addString(f.name, b64.Encode(f.v))
		}
	}
	if p.P2C != 0 {
		ms = append(ms, member{"p2c", strconv.AppendInt(nil, int64(p.P2C), 10)})
	}
	names := make([]string, 0, len(p.Extra))
	for k := range p.Extra {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if ms.has(k) {
			return nil, fmt.Errorf("jwe: %s set header member %q twice: %w", r.KeyEncrypter.Algorithm(), k, jwa.ErrInvalidParameter)
		}
		ms = append(ms, member{k, bytes.Clone(p.Extra[k])})
	}
	return ms, nil
}

// deflate compresses data with raw DEFLATE.
func deflate(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data)/2 + 64)
	zw, err := flate.NewWriter(&buf, flate.DefaultCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
