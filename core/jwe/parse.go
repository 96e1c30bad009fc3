package jwe

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/internal/strictjson"
	"github.com/joseframework/jose/core/jwa"
)

// A Serialization is one of the three ways to write a JWE (RFC 7516,
// Section 7).
type Serialization int

const (
	// Compact is the compact serialization: five base64url segments
	// separated by periods, one recipient, every header member protected.
	Compact Serialization = iota
	// FlattenedJSON is the flattened JSON serialization: a JSON object for
	// exactly one recipient.
	FlattenedJSON
	// GeneralJSON is the general JSON serialization: a JSON object with a
	// "recipients" array.
	GeneralJSON
)

// String returns the name of the serialization.
func (s Serialization) String() string {
	switch s {
	case Compact:
		return "compact"
	case FlattenedJSON:
		return "flattened JSON"
	case GeneralJSON:
		return "general JSON"
	}
	return fmt.Sprintf("Serialization(%d)", int(s))
}

// A Message is a parsed JWE that has not been decrypted. Nothing in it is
// authenticated; it exists to inspect a token, for example to find the
// "kid" of each recipient. Decrypt and DecryptWithKeys parse tokens
// themselves.
type Message struct {
	ser        Serialization
	protected  map[string]json.RawMessage // decoded protected header, or nil
	recipients []recipient
	aad        []byte // decoded JSON "aad", or nil
	iv, tag    []byte
	ct         []byte // ciphertext, with spare capacity for the tag
	authData   []byte // ASCII(BASE64URL(protected)) [ '.' BASE64URL(aad) ]

	// arena, when not nil, has room for the small decoded parts of a
	// compact token (header, IV, tag, encrypted key and authData), so
	// that one allocation holds them. Each part is a full slice
	// expression of it: appending to one never writes into the next.
	arena []byte
}

type recipient struct {
	encryptedKey []byte
	header       *Header
	params       *jwa.Params
}

// Serialization returns the serialization the token was in.
func (m *Message) Serialization() Serialization { return m.ser }

// Headers returns the header of each recipient, in the order of the
// token. They are not authenticated.
func (m *Message) Headers() []*Header {
	hs := make([]*Header, len(m.recipients))
	for i, r := range m.recipients {
		hs[i] = r.header
	}
	return hs
}

// AAD returns a copy of the additional authenticated data of a JSON
// serialization (the decoded "aad" member), or nil.
func (m *Message) AAD() []byte { return bytes.Clone(m.aad) }

// Parse parses a JWE in any serialization without decrypting it, with the
// given limits (zero fields mean the defaults) and the "crit" extensions
// the caller understands. Compact tokens are recognised by their first
// byte: a JSON serialization starts with '{' after optional whitespace.
func Parse(token []byte, limits jwa.Limits, critical []string) (*Message, error) {
	return parse(token, limits.WithDefaults(), critical)
}

func parse(token []byte, l jwa.Limits, critical []string) (*Message, error) {
	if len(token) > l.MaxTokenSize {
		return nil, fmt.Errorf("%w: token is %d bytes, limit %d", ErrTooLarge, len(token), l.MaxTokenSize)
	}
	var m *Message
	var err error
	if t := bytes.TrimLeft(token, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		m, err = parseJSON(token, l, critical)
	} else {
		m, err = parseCompact(token, l, critical)
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

func parseCompact(token []byte, l jwa.Limits, critical []string) (*Message, error) {
	// Cut at the dots: one pass over the token, where counting them first
	// would be a second one.
	var seg [5][]byte
	rest := token
	for i := range 4 {
		var found bool
		if seg[i], rest, found = bytes.Cut(rest, []byte{'.'}); !found {
			return nil, fmt.Errorf("%w: compact serialization has %d segments, want 5", ErrMalformed, i+1)
		}
	}
	if n := bytes.Count(rest, []byte{'.'}); n > 0 { // only the tag is left to scan
		return nil, fmt.Errorf("%w: compact serialization has %d segments, want 5", ErrMalformed, n+5)
	}
	seg[4] = rest
	if len(seg[0]) == 0 {
		return nil, fmt.Errorf("%w: empty protected header", ErrMalformed)
	}
	m := &Message{ser: Compact}
	if len(seg[0]) <= b64.EncodedLen(l.MaxHeaderSize) {
		// The ciphertext, seg[3], has a buffer of its own.
		n := len(seg[0]) + b64.DecodedLen(len(seg[0])) + b64.DecodedLen(len(seg[1])) +
			b64.DecodedLen(len(seg[2])) + b64.DecodedLen(len(seg[4]))
		m.arena = make([]byte, 0, n)
	}
	if err := m.setProtected(seg[0], l); err != nil {
		return nil, err
	}
	ek, err := m.decodeSegment(seg[1], "encrypted key")
	if err != nil {
		return nil, err
	}
	if err := m.setContent(seg[2], seg[3], seg[4], nil); err != nil {
		return nil, err
	}
	if err := m.addRecipient(nil, nil, ek, l, critical); err != nil {
		return nil, err
	}
	return m, nil
}

func parseJSON(token []byte, l jwa.Limits, critical []string) (*Message, error) {
	top, err := strictjson.Object(token, l.MaxDepth)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	str := func(name string) ([]byte, bool, error) {
		v, ok := top[name]
		if !ok {
			return nil, false, nil
		}
		s, err := jsonText(v)
		if err != nil {
			return nil, true, fmt.Errorf("%w: member %q: %w", ErrMalformed, name, err)
		}
		return s, true, nil
	}
	m := &Message{ser: FlattenedJSON}
	protected, hasProtected, err := str("protected")
	if err != nil {
		return nil, err
	}
	if hasProtected {
		if len(protected) == 0 {
			return nil, fmt.Errorf("%w: empty \"protected\" member", ErrMalformed)
		}
		if err := m.setProtected(protected, l); err != nil {
			return nil, err
		}
	}
	var shared map[string]json.RawMessage
	if v, ok := top["unprotected"]; ok {
		if shared, err = parseObject(v, "\"unprotected\"", l); err != nil {
			return nil, err
		}
	}
	aadText, hasAAD, err := str("aad")
	if err != nil {
		return nil, err
	}
	ivText, _, err := str("iv")
	if err != nil {
		return nil, err
	}
	tagText, _, err := str("tag")
	if err != nil {
		return nil, err
	}
	ctText, ok, err := str("ciphertext")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: no \"ciphertext\" member", ErrMalformed)
	}
	var aadB64 []byte
	if hasAAD {
		aadB64 = aadText
	}
	if err := m.setContent(ivText, ctText, tagText, aadB64); err != nil {
		return nil, err
	}

	rawRecipients, general := top["recipients"]
	if !general {
		header, err := optionalObject(top, "header", l)
		if err != nil {
			return nil, err
		}
		ek, _, err := str("encrypted_key")
		if err != nil {
			return nil, err
		}
		if ek, err = m.decodeSegment(ek, "encrypted_key"); err != nil {
			return nil, err
		}
		if err := m.addRecipient(shared, header, ek, l, critical); err != nil {
			return nil, err
		}
		return m, nil
	}

	m.ser = GeneralJSON
	for _, name := range []string{"header", "encrypted_key"} {
		if _, ok := top[name]; ok {
			return nil, fmt.Errorf("%w: %q beside \"recipients\"", ErrMalformed, name)
		}
	}
	// strictjson has validated the whole token (I-JSON, no duplicate
	// names, depth), so encoding/json only splits the array here.
	var elems []json.RawMessage
	if err := json.Unmarshal(rawRecipients, &elems); err != nil {
		return nil, fmt.Errorf("%w: \"recipients\" is not an array", ErrMalformed)
	}
	if len(elems) == 0 {
		return nil, fmt.Errorf("%w: \"recipients\" is empty", ErrMalformed)
	}
	if len(elems) > l.MaxRecipients {
		return nil, fmt.Errorf("%w: %d recipients, limit %d", ErrTooLarge, len(elems), l.MaxRecipients)
	}
	for i, e := range elems {
		r, err := strictjson.Object(e, l.MaxDepth)
		if err != nil {
			return nil, fmt.Errorf("%w: recipient %d: %w", ErrMalformed, i, err)
		}
		header, err := optionalObject(r, "header", l)
		if err != nil {
			return nil, err
		}
		var ek []byte
		if v, ok := r["encrypted_key"]; ok {
			s, err := strictjson.String(v)
			if err != nil {
				return nil, fmt.Errorf("%w: recipient %d \"encrypted_key\": %w", ErrMalformed, i, err)
			}
			if ek, err = m.decodeSegment([]byte(s), "encrypted_key"); err != nil {
				return nil, err
			}
		}
		if err := m.addRecipient(shared, header, ek, l, critical); err != nil {
			return nil, fmt.Errorf("recipient %d: %w", i, err)
		}
	}
	// Every recipient shares one ciphertext, so one "enc".
	for _, r := range m.recipients[1:] {
		if r.header.Encryption != m.recipients[0].header.Encryption {
			return nil, fmt.Errorf("%w: recipients disagree on \"enc\"", ErrMalformed)
		}
	}
	return m, nil
}

// jsonText returns the value of a JSON string. Base64url text never needs
// escapes, so the common case returns a sub-slice of raw without copying a
// possibly large ciphertext.
func jsonText(raw []byte) ([]byte, error) {
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && bytes.IndexByte(raw, '\\') < 0 {
		return raw[1 : len(raw)-1], nil // already validated by strictjson
	}
	s, err := strictjson.String(raw)
	return []byte(s), err
}

func optionalObject(obj map[string]json.RawMessage, name string, l jwa.Limits) (map[string]json.RawMessage, error) {
	v, ok := obj[name]
	if !ok {
		return nil, nil
	}
	return parseObject(v, fmt.Sprintf("%q", name), l)
}

// setProtected decodes and validates the protected header and starts the
// additional authenticated data with its encoded form.
func (m *Message) setProtected(enc []byte, l jwa.Limits) error {
	if len(enc) > b64.EncodedLen(l.MaxHeaderSize) {
		return fmt.Errorf("%w: protected header is over %d bytes", ErrTooLarge, l.MaxHeaderSize)
	}
	raw, err := m.decodeSegment(enc, "protected header")
	if err != nil {
		return err
	}
	h, err := parseObject(raw, "protected header", l)
	if err != nil {
		return err
	}
	m.protected = h
	m.authData = m.keep(enc)
	return nil
}

// setContent decodes the IV, ciphertext, tag and AAD. The ciphertext
// buffer gets room for the tag, so that AEAD.Open can run on
// ciphertext||tag in place.
func (m *Message) setContent(iv, ct, tag, aadB64 []byte) error {
	var err error
	if m.iv, err = m.decodeSegment(iv, "iv"); err != nil {
		return err
	}
	if m.tag, err = m.decodeSegment(tag, "tag"); err != nil {
		return err
	}
	buf := make([]byte, 0, b64.DecodedLen(len(ct))+len(m.tag))
	if m.ct, err = b64.AppendDecode(buf, ct); err != nil {
		return fmt.Errorf("%w: ciphertext: %w", ErrMalformed, err)
	}
	if aadB64 != nil {
		if m.aad, err = m.decodeSegment(aadB64, "aad"); err != nil {
			return err
		}
		m.authData = append(append(m.authData, '.'), aadB64...)
	}
	return nil
}

// decodeSegment decodes the base64url segment s, nil if empty, into the
// arena when there is one.
func (m *Message) decodeSegment(s []byte, what string) ([]byte, error) {
	if len(s) == 0 {
		return nil, nil
	}
	n := len(m.arena)
	out, err := b64.AppendDecode(m.arena, s)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrMalformed, what, err)
	}
	if m.arena != nil {
		m.arena = out
	}
	return out[n:len(out):len(out)], nil
}

// keep returns a private copy of b, in the arena when there is one.
func (m *Message) keep(b []byte) []byte {
	if m.arena == nil {
		return bytes.Clone(b)
	}
	n := len(m.arena)
	m.arena = append(m.arena, b...)
	return m.arena[n:len(m.arena):len(m.arena)]
}

func (m *Message) addRecipient(shared, header map[string]json.RawMessage, ek []byte, l jwa.Limits, critical []string) error {
	merged, err := union(m.protected, shared, header)
	if err != nil {
		return err
	}
	h, p, err := buildHeader(m.protected, merged, critical, l)
	if err != nil {
		return err
	}
	m.recipients = append(m.recipients, recipient{encryptedKey: ek, header: h, params: p})
	return nil
}
