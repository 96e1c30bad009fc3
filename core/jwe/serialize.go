package jwe

import (
	"crypto/cipher"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/joseframework/jose/core/internal/b64"
)

// A member is one header member: a name and its JSON value.
type member struct {
	name  string
	value []byte
}

// members is a header under construction, in output order.
type members []member

func (ms members) has(name string) bool {
	for _, m := range ms {
		if m.name == name {
			return true
		}
	}
	return false
}

func (ms members) addString(name, value string) members {
	return append(ms, member{name, marshalString(value)})
}

// marshalString returns json.Marshal(s). Strings of printable ASCII that
// encoding/json writes as they are (no '"', '\\' or the HTML characters
// '<', '>', '&' that it escapes) are quoted directly.
func marshalString(s string) []byte {
	return appendMarshalString(make([]byte, 0, len(s)+2), s)
}

// appendMarshalString appends json.Marshal(s) to dst.
func appendMarshalString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			v, _ := json.Marshal(s) // a string always marshals
			return append(dst, v...)
		}
	}
	return append(append(append(dst, '"'), s...), '"')
}

// addMap appends the members of m in name order. A name already present is
// an error.
func (ms members) addMap(m map[string]any) (members, error) {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if ms.has(k) {
			return nil, fmt.Errorf("%w: header member %q is set twice", ErrInvalidOptions, k)
		}
		v, err := json.Marshal(m[k])
		if err != nil {
			return nil, fmt.Errorf("%w: header member %q: %w", ErrInvalidOptions, k, err)
		}
		ms = append(ms, member{k, v})
	}
	return ms, nil
}

func (ms members) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	for i, m := range ms {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(append(appendMarshalString(dst, m.name), ':'), m.value...)
	}
	return append(dst, '}')
}

// writer serializes an encrypted JWE.
type writer struct {
	protB64     []byte
	iv, ct, tag []byte
	aad         []byte
	shared      members
}

func (w *writer) compact(ek []byte) []byte {
	n := len(w.protB64) + 4 + b64.EncodedLen(len(ek)) + b64.EncodedLen(len(w.iv)) +
		b64.EncodedLen(len(w.ct)) + b64.EncodedLen(len(w.tag))
	out := make([]byte, 0, n)
	out = append(out, w.protB64...)
	out = append(b64.AppendEncode(append(out, '.'), ek), '.')
	out = append(b64.AppendEncode(out, w.iv), '.')
	out = append(b64.AppendEncode(out, w.ct), '.')
	return b64.AppendEncode(out, w.tag)
}

// sealSlack is the room compactInPlace leaves for ciphertext longer than
// the plaintext: a block of padding, as AES-CBC adds.
const sealSlack = 16

// compactInPlace seals data with aead and writes the compact
// serialization in one allocation: the AEAD seals into the tail of the
// output, where the ciphertext is then base64url-encoded forward into its
// place (b64.EncodeForward allows that overlap). The protected header
// protB64 is the additional data. When the AEAD did not seal in place (its
// output outgrew the room left for it), out is nil and sealed is the AEAD's
// output, for the caller to serialize its own way.
func compactInPlace(aead cipher.AEAD, iv, data, protB64, ek []byte) (out, sealed []byte) {
	over := aead.Overhead()
	head := len(protB64) + 1 + b64.EncodedLen(len(ek)) + 1 + b64.EncodedLen(len(iv)) + 1
	room := len(data) + sealSlack + over // the most the sealed output may take here
	n := head + b64.EncodedLen(room-over) + 1 + b64.EncodedLen(over)
	out = make([]byte, n)
	p := copy(out, protB64)
	out[p] = '.'
	p += 1 + b64.EncodeForward(out[p+1:], ek)
	out[p] = '.'
	p += 1 + b64.EncodeForward(out[p+1:], iv)
	out[p] = '.'
	p++
	// e - p = EncodedLen(room-over) - (room-over) + 1 + EncodedLen(over) - over,
	// which for over >= 1 is the gap EncodeForward needs for any ciphertext
	// of at most room-over bytes.
	e := n - room
	sealed = aead.Seal(out[e:e:n], iv, data, protB64)
	if over < 1 || len(sealed) < over || len(sealed) > room || &sealed[0] != &out[e] {
		return nil, sealed
	}
	ctLen := len(sealed) - over
	var tagBuf [32]byte
	tag := append(tagBuf[:0], sealed[ctLen:]...) // its encoding may overwrite it
	p += b64.EncodeForward(out[p:], sealed[:ctLen])
	out[p] = '.'
	p += 1 + b64.EncodeForward(out[p+1:], tag)
	return out[:p], nil
}

// size is an upper bound of the JSON output, to allocate it once.
func (w *writer) size(headers []members, ekeys [][]byte) int {
	n := 128 + len(w.protB64) + b64.EncodedLen(len(w.aad)) + b64.EncodedLen(len(w.iv)) +
		b64.EncodedLen(len(w.ct)) + b64.EncodedLen(len(w.tag)) + len(w.shared.appendJSON(nil))
	for i := range headers {
		n += 64 + len(headers[i].appendJSON(nil)) + b64.EncodedLen(len(ekeys[i]))
	}
	return n
}

func (w *writer) head(out []byte) []byte {
	out = append(out, '{')
	if len(w.protB64) > 0 {
		out = append(append(append(out, `"protected":"`...), w.protB64...), `",`...)
	}
	if len(w.shared) > 0 {
		out = append(w.shared.appendJSON(append(out, `"unprotected":`...)), ',')
	}
	return out
}

func (w *writer) tail(out []byte) []byte {
	if len(w.aad) > 0 {
		out = append(b64.AppendEncode(append(out, `"aad":"`...), w.aad), `",`...)
	}
	if len(w.iv) > 0 {
		out = append(b64.AppendEncode(append(out, `"iv":"`...), w.iv), `",`...)
	}
	out = append(b64.AppendEncode(append(out, `"ciphertext":"`...), w.ct), '"')
	if len(w.tag) > 0 {
		out = append(b64.AppendEncode(append(out, `,"tag":"`...), w.tag), '"')
	}
	return append(out, '}')
}

// recipientBody appends "header" and "encrypted_key" members, each
// followed by a comma when next is set.
func recipientBody(out []byte, header members, ek []byte, next bool) []byte {
	sep := func() {
		out = append(out, ',')
	}
	if len(header) > 0 {
		out = header.appendJSON(append(out, `"header":`...))
		if len(ek) > 0 || next {
			sep()
		}
	}
	if len(ek) > 0 {
		out = append(b64.AppendEncode(append(out, `"encrypted_key":"`...), ek), '"')
		if next {
			sep()
		}
	}
	return out
}

func (w *writer) flattened(header members, ek []byte) []byte {
	out := w.head(make([]byte, 0, w.size([]members{header}, [][]byte{ek})))
	out = recipientBody(out, header, ek, true)
	return w.tail(out)
}

func (w *writer) general(headers []members, ekeys [][]byte) []byte {
	out := w.head(make([]byte, 0, w.size(headers, ekeys)))
	out = append(out, `"recipients":[`...)
	for i := range headers {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(recipientBody(append(out, '{'), headers[i], ekeys[i], false), '}')
	}
	out = append(out, "],"...)
	return w.tail(out)
}
