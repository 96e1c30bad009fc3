package jws

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"unicode/utf8"
	"unsafe"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/jwa"
)

// A Header holds the header members a signer chooses for one signature.
// "alg" is always the Signer's algorithm and cannot be set here; "b64" and
// its "crit" entry come from [SignOptions.Unencoded].
//
// The protected header is written as {"alg":…,"kid":…,"typ":…,"cty":…,
// "b64":false,"crit":[…], then the Protected members sorted by name},
// leaving out empty fields.
type Header struct {
	// KeyID, Type and ContentType set "kid", "typ" and "cty" in the
	// protected header when not empty.
	KeyID       string
	Type        string
	ContentType string

	// Critical lists extension members of Protected that a recipient must
	// understand; they are written in "crit". Registered names and "b64"
	// may not be listed.
	Critical []string

	// Protected holds further protected header members, each encoded with
	// encoding/json. It may not hold "alg", "kid", "typ", "cty", "crit"
	// or "b64": use the fields above.
	Protected map[string]any

	// Unprotected holds the members of the unprotected header of a JSON
	// serialization (the compact serialization has none). It may not hold
	// "alg", "crit" or "b64", nor any name of the protected header.
	Unprotected map[string]any
}

func (h *Header) isZero() bool {
	return h.KeyID == "" && h.Type == "" && h.ContentType == "" && len(h.Critical) == 0 &&
		len(h.Protected) == 0 && len(h.Unprotected) == 0
}

// SignOptions are the options of [Sign], [SignFlattened] and
// [SignGeneral]. A nil pointer means the zero value: a header with "alg"
// alone and an attached, base64url-encoded payload.
type SignOptions struct {
	// Header is the header of the signature made by Sign and
	// SignFlattened. SignGeneral takes one header per signer and rejects a
	// non-zero Header here.
	Header

	// Unencoded signs and carries the payload as is, without base64url
	// (RFC 7797): the protected header gets "b64": false, listed in
	// "crit". In the compact serialization an attached unencoded payload
	// must be printable ASCII without '.'; in JSON, valid UTF-8.
	Unencoded bool

	// Detached leaves the payload out of the output (RFC 7515, Appendix
	// F); the recipient supplies it with VerifyOptions.DetachedPayload.
	Detached bool
}

// A Signer pairs a signing key with the header of its signature, for
// [SignGeneral].
type Signer struct {
	Signer jwa.Signer
	Header Header
}

// Sign signs payload with s and returns the JWS in the compact
// serialization. The header's "alg" is s.Algorithm().
//
// Sign does not retain payload or any slice or map of opts.
func Sign(ctx context.Context, payload []byte, s jwa.Signer, opts *SignOptions) (string, error) {
	if opts == nil {
		opts = &SignOptions{}
	}
	if len(opts.Unprotected) > 0 {
		return "", fmt.Errorf("%w: the compact serialization has no unprotected header", ErrInvalidHeader)
	}
	if opts.Unencoded && !opts.Detached && !validUnencodedCompact(payload) {
		return "", fmt.Errorf("%w: an unencoded compact payload must be printable ASCII without '.'; use Detached or a JSON serialization", ErrB64)
	}
	var hbuf [128]byte
	hdr, err := protectedHeader(hbuf[:0], s, &opts.Header, opts.Unencoded)
	if err != nil {
		return "", err
	}
	plen := len(payload)
	if !opts.Unencoded {
		plen = b64.EncodedLen(len(payload))
	}
	// One buffer holds the signing input and then the whole token, which
	// is returned as a string without a copy.
	buf := make([]byte, 0, b64.EncodedLen(len(hdr))+plen+2+b64.EncodedLen(sigSizeHint(s.Algorithm())))
	buf = b64.AppendEncode(buf, hdr)
	buf = append(buf, '.')
	hlen := len(buf)
	buf = appendPayload(buf, payload, opts.Unencoded)
	sig, err := s.Sign(ctx, buf[:len(buf):len(buf)])
	if err != nil {
		return "", fmt.Errorf("jws: signing: %w", err)
	}
	if opts.Detached {
		buf = buf[:hlen]
	}
	buf = append(buf, '.')
	buf = b64.AppendEncode(buf, sig)
	// buf is not referenced anywhere else and never written again.
	return unsafe.String(unsafe.SliceData(buf), len(buf)), nil
}

// sigSizeHint returns the usual size of a signature of the registered
// algorithm alg, for sizing buffers: a guess, never a limit.
func sigSizeHint(alg string) int {
	switch alg {
	case "HS256", "ES256", "EdDSA", "Ed25519", "ES256K":
		return 64
	case "HS384", "ES384":
		return 96
	case "HS512", "ES512":
		return 132
	case "Ed448":
		return 114
	}
	return 512
}

// SignFlattened signs payload with s and returns the JWS in the flattened
// JSON serialization, with the unprotected header of opts if any.
//
// SignFlattened does not retain payload or any slice or map of opts.
func SignFlattened(ctx context.Context, payload []byte, s jwa.Signer, opts *SignOptions) ([]byte, error) {
	if opts == nil {
		opts = &SignOptions{}
	}
	return signJSON(ctx, payload, []Signer{{Signer: s, Header: opts.Header}}, opts, true)
}

// SignGeneral signs payload once with each signer and returns the JWS in
// the general JSON serialization. Each signature has its own header;
// opts.Header must be zero. The payload options (Unencoded, Detached)
// apply to every signature.
//
// SignGeneral does not retain payload or any slice or map of its
// arguments.
func SignGeneral(ctx context.Context, payload []byte, signers []Signer, opts *SignOptions) ([]byte, error) {
	if opts == nil {
		opts = &SignOptions{}
	}
	if !opts.Header.isZero() {
		return nil, fmt.Errorf("%w: SignGeneral takes each header from its Signer, not from SignOptions", ErrInvalidHeader)
	}
	if len(signers) == 0 {
		return nil, fmt.Errorf("%w: no signers", ErrInvalidHeader)
	}
	return signJSON(ctx, payload, signers, opts, false)
}

func signJSON(ctx context.Context, payload []byte, signers []Signer, opts *SignOptions, flat bool) ([]byte, error) {
	if opts.Unencoded && !opts.Detached && !validUnencodedJSON(payload) {
		return nil, fmt.Errorf("%w: an unencoded JSON payload must be valid UTF-8", ErrB64)
	}
	var pseg []byte
	if opts.Unencoded {
		pseg = payload
	} else {
		pseg = b64.AppendEncode(nil, payload)
	}
	out := []byte{'{'}
	if !opts.Detached {
		out = append(out, `"payload":`...)
		out = appendString(out, pseg)
		out = append(out, ',')
	}
	if !flat {
		out = append(out, `"signatures":[`...)
	}
	var input []byte
	for i, sg := range signers {
		if sg.Signer == nil {
			return nil, fmt.Errorf("%w: signer %d is nil", ErrInvalidHeader, i)
		}
		hdr, err := protectedHeader(nil, sg.Signer, &sg.Header, opts.Unencoded)
		if err != nil {
			return nil, err
		}
		unprot, err := unprotectedHeader(&sg.Header)
		if err != nil {
			return nil, err
		}
		input = b64.AppendEncode(input[:0], hdr)
		protLen := len(input)
		input = append(input, '.')
		input = append(input, pseg...)
		sig, err := sg.Signer.Sign(ctx, input)
		if err != nil {
			return nil, fmt.Errorf("jws: signing: %w", err)
		}
		if i > 0 {
			out = append(out, ',')
		}
		if !flat {
			out = append(out, '{')
		}
		out = append(out, `"protected":"`...)
		out = append(out, input[:protLen]...)
		out = append(out, `",`...)
		if unprot != nil {
			out = append(out, `"header":`...)
			out = append(out, unprot...)
			out = append(out, ',')
		}
		out = append(out, `"signature":"`...)
		out = b64.AppendEncode(out, sig)
		out = append(out, '"')
		if !flat {
			out = append(out, '}')
		}
	}
	if !flat {
		out = append(out, ']')
	}
	return append(out, '}'), nil
}

// appendPayload appends the payload as it appears in the signing input.
func appendPayload(dst, payload []byte, unencoded bool) []byte {
	if unencoded {
		return append(dst, payload...)
	}
	return b64.AppendEncode(dst, payload)
}

// reservedProtected are the names Header.Protected may not hold.
var reservedProtected = map[string]bool{"alg": true, "kid": true, "typ": true, "cty": true, "crit": true, "b64": true}

// protectedHeader appends the JSON text of the protected header to dst.
func protectedHeader(dst []byte, s jwa.Signer, h *Header, unencoded bool) ([]byte, error) {
	if s == nil {
		return nil, fmt.Errorf("%w: nil Signer", ErrInvalidHeader)
	}
	alg := s.Algorithm()
	if alg == "" || isNone([]byte(alg)) {
		return nil, fmt.Errorf("%w: the Signer's algorithm %q cannot sign", ErrInvalidHeader, alg)
	}
	for name := range h.Protected {
		if reservedProtected[name] {
			return nil, fmt.Errorf("%w: set %q through its own field, not Protected", ErrInvalidHeader, name)
		}
		if name == "" || !utf8.ValidString(name) {
			return nil, fmt.Errorf("%w: invalid member name %q", ErrInvalidHeader, name)
		}
	}
	for i, name := range h.Critical {
		switch {
		case name == "b64":
			return nil, fmt.Errorf("%w: \"b64\" is listed in \"crit\" by SignOptions.Unencoded", ErrInvalidHeader)
		case registered[name]:
			return nil, fmt.Errorf("%w: registered name %q cannot be critical", ErrInvalidHeader, name)
		case slices.Contains(h.Critical[:i], name):
			return nil, fmt.Errorf("%w: %q is listed twice in Critical", ErrInvalidHeader, name)
		}
		if _, ok := h.Protected[name]; !ok {
			return nil, fmt.Errorf("%w: critical %q is not in the protected header", ErrInvalidHeader, name)
		}
	}
	out := append(dst, `{"alg":`...)
	var err error
	add := func(name, value string) {
		if value == "" || err != nil {
			return
		}
		if !utf8.ValidString(value) {
			err = fmt.Errorf("%w: %q is not valid UTF-8", ErrInvalidHeader, name)
			return
		}
		out = append(out, ',', '"')
		out = append(out, name...)
		out = append(out, '"', ':')
		out = appendString(out, value)
	}
	if !utf8.ValidString(alg) {
		return nil, fmt.Errorf("%w: \"alg\" is not valid UTF-8", ErrInvalidHeader)
	}
	out = appendString(out, alg)
	add("kid", h.KeyID)
	add("typ", h.Type)
	add("cty", h.ContentType)
	if err != nil {
		return nil, err
	}
	crit := h.Critical
	if unencoded {
		out = append(out, `,"b64":false`...)
		crit = append([]string{"b64"}, crit...)
	}
	if len(crit) > 0 {
		out = append(out, `,"crit":[`...)
		for i, c := range crit {
			if i > 0 {
				out = append(out, ',')
			}
			out = appendString(out, c)
		}
		out = append(out, ']')
	}
	for _, name := range slices.Sorted(maps.Keys(h.Protected)) {
		v, err := json.Marshal(h.Protected[name])
		if err != nil {
			return nil, fmt.Errorf("%w: member %q: %w", ErrInvalidHeader, name, err)
		}
		out = append(out, ',')
		out = appendString(out, name)
		out = append(out, ':')
		out = append(out, v...)
	}
	return append(out, '}'), nil
}

// unprotectedHeader returns the JSON text of the unprotected header, or
// nil if there is none.
func unprotectedHeader(h *Header) ([]byte, error) {
	if len(h.Unprotected) == 0 {
		return nil, nil
	}
	for name := range h.Unprotected {
		_, inProtected := h.Protected[name]
		switch {
		case name == "alg" || name == "crit" || name == "b64":
			return nil, fmt.Errorf("%w: %q must be in the protected header", ErrInvalidHeader, name)
		case inProtected,
			name == "kid" && h.KeyID != "",
			name == "typ" && h.Type != "",
			name == "cty" && h.ContentType != "":
			return nil, fmt.Errorf("%w: %q is in both the protected and the unprotected header", ErrInvalidHeader, name)
		case name == "" || !utf8.ValidString(name):
			return nil, fmt.Errorf("%w: invalid member name %q", ErrInvalidHeader, name)
		}
	}
	v, err := json.Marshal(h.Unprotected)
	if err != nil {
		return nil, fmt.Errorf("%w: unprotected header: %w", ErrInvalidHeader, err)
	}
	return v, nil
}

// appendString appends s, valid UTF-8, as a JSON string.
func appendString[T string | []byte](dst []byte, s T) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}
