package jws

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/internal/strictjson"
)

// A Signature is one signature of a JWS with its JOSE Header: the
// protected header, which the signature covers, and for the JSON
// serializations an optional unprotected header, which it does not.
//
// A Signature obtained from a [Message] has been verified; one obtained
// from [Unverified.UnverifiedSignatures] has not, and its header is
// attacker-controlled input until it is. Signatures are immutable and
// safe for concurrent use.
type Signature struct {
	protected   []byte // base64url protected header as in the signing input (may be empty)
	header      []byte // decoded protected header JSON (nil if absent)
	unprotected []byte // unprotected header JSON object (nil if absent)
	sig         []byte // decoded signature value

	// Decoded string members of the JOSE Header (protected or not).
	alg, kid, typ, cty []byte
	hasAlg             bool
	crit               []string
	b64                bool // effective "b64": true unless "b64": false
}

// Algorithm returns the "alg" header parameter.
func (s *Signature) Algorithm() string { return string(s.alg) }

// KeyID returns the "kid" header parameter, or "".
func (s *Signature) KeyID() string { return string(s.kid) }

// Type returns the "typ" header parameter, or "".
func (s *Signature) Type() string { return string(s.typ) }

// ContentType returns the "cty" header parameter, or "".
func (s *Signature) ContentType() string { return string(s.cty) }

// Critical returns the names listed in the "crit" header parameter.
func (s *Signature) Critical() []string { return slices.Clone(s.crit) }

// Unencoded reports whether the header has "b64": false (RFC 7797), so
// that the payload is signed as is, not base64url-encoded.
func (s *Signature) Unencoded() bool { return !s.b64 }

// Get returns the raw JSON value of the header member name, looked up in
// the protected header and then in the unprotected header, and whether it
// is present. Use [Signature.IsProtected] to learn whether the signature
// covers it.
func (s *Signature) Get(name string) (json.RawMessage, bool) {
	if v, ok := member(s.header, name); ok {
		return bytes.Clone(v), true
	}
	if v, ok := member(s.unprotected, name); ok {
		return bytes.Clone(v), true
	}
	return nil, false
}

// IsProtected reports whether the header member name is in the protected
// header, and so covered by the signature.
func (s *Signature) IsProtected(name string) bool {
	_, ok := member(s.header, name)
	return ok
}

// ProtectedHeader returns the decoded JSON text of the protected header,
// exactly as signed, or nil if there is none.
func (s *Signature) ProtectedHeader() []byte { return bytes.Clone(s.header) }

// RawProtected returns the protected header in base64url, exactly as it
// appears in the token and in the signing input ("" if there is none).
func (s *Signature) RawProtected() string { return string(s.protected) }

// UnprotectedHeader returns the JSON text of the unprotected header of a
// JSON serialization, or nil if there is none.
func (s *Signature) UnprotectedHeader() []byte { return bytes.Clone(s.unprotected) }

// Bytes returns the signature value (decoded, not base64url).
func (s *Signature) Bytes() []byte { return bytes.Clone(s.sig) }

// member finds name among the top-level members of the validated JSON
// object obj.
func member(obj []byte, name string) ([]byte, bool) {
	if obj == nil {
		return nil, false
	}
	var found []byte
	_ = strictjson.Each(obj, 0, func(n string, v []byte) error {
		if n == name {
			found = v
			return errStop
		}
		return nil
	})
	return found, found != nil
}

var errStop = errors.New("stop")

// registered lists the header parameter names registered by RFC 7515,
// 7516 and 7518. They may not appear in "crit" (RFC 7515, Section
// 4.1.11), and the signing API sets the JWS ones through dedicated fields.
var registered = map[string]bool{
	"alg": true, "jku": true, "jwk": true, "kid": true, "x5u": true, "x5c": true,
	"x5t": true, "x5t#S256": true, "typ": true, "cty": true, "crit": true,
	"enc": true, "zip": true, "epk": true, "apu": true, "apv": true,
	"iv": true, "tag": true, "p2s": true, "p2c": true,
}

// headerParser accumulates the members of a signature's JOSE Header.
type headerParser struct {
	s        *Signature
	maxDepth int
	critRaw  []byte
	hasB64   bool
}

// jsonErr turns a strictjson error into this package's error for what.
func jsonErr(what string, err error) error {
	if errors.Is(err, strictjson.ErrDepth) {
		return fmt.Errorf("%w: %s: %w", ErrTooLarge, what, err)
	}
	return fmt.Errorf("%w: %s: %w", ErrMalformed, what, err)
}

// protected parses the decoded protected header.
func (p *headerParser) protected(hdr []byte) error {
	err := strictjson.Each(hdr, p.maxDepth, func(name string, v []byte) error {
		return p.member(name, v, true)
	})
	if err != nil {
		if isOwn(err) {
			return err
		}
		return jsonErr("protected header", err)
	}
	return nil
}

// unprotectedHeader parses an unprotected header, which must not repeat a
// protected member.
func (p *headerParser) unprotectedHeader(hdr []byte) error {
	var names map[string]struct{}
	if p.s.header != nil {
		names = make(map[string]struct{})
		_ = strictjson.Each(p.s.header, 0, func(n string, _ []byte) error {
			names[n] = struct{}{}
			return nil
		})
	}
	err := strictjson.Each(hdr, p.maxDepth, func(name string, v []byte) error {
		if _, dup := names[name]; dup {
			return fmt.Errorf("%w: %q is in both the protected and the unprotected header", ErrMalformed, name)
		}
		return p.member(name, v, false)
	})
	if err != nil {
		if isOwn(err) {
			return err
		}
		return jsonErr("unprotected header", err)
	}
	return nil
}

func isOwn(err error) bool {
	return errors.Is(err, ErrMalformed) || errors.Is(err, ErrCritical) || errors.Is(err, ErrB64) || errors.Is(err, ErrTooLarge)
}

func (p *headerParser) member(name string, v []byte, protected bool) error {
	var err error
	switch name {
	case "alg":
		p.s.alg, err = jsonString(v)
		p.s.hasAlg = true
	case "kid":
		p.s.kid, err = jsonString(v)
	case "typ":
		p.s.typ, err = jsonString(v)
	case "cty":
		p.s.cty, err = jsonString(v)
	case "crit":
		if !protected {
			return fmt.Errorf("%w: \"crit\" must be in the protected header", ErrCritical)
		}
		p.critRaw = v
	case "b64":
		if !protected {
			return fmt.Errorf("%w: \"b64\" must be in the protected header", ErrB64)
		}
		b, err := strictjson.Bool(v)
		if err != nil {
			return fmt.Errorf("%w: \"b64\" is not a boolean", ErrB64)
		}
		p.hasB64 = true
		p.s.b64 = b
	}
	if err != nil {
		return fmt.Errorf("%w: header member %q: %w", ErrMalformed, name, err)
	}
	return nil
}

// finish applies the rules that need the whole header: "alg" is present,
// "crit" is valid and understood, "b64" is listed in "crit".
func (p *headerParser) finish(understood []string) error {
	s := p.s
	if !s.hasAlg {
		return fmt.Errorf("%w: no \"alg\" header parameter", ErrMalformed)
	}
	if len(s.alg) == 0 {
		return fmt.Errorf("%w: empty \"alg\" header parameter", ErrMalformed)
	}
	if p.critRaw != nil {
		crit, err := strictjson.Strings(p.critRaw)
		if err != nil {
			return fmt.Errorf("%w: \"crit\" is not an array of strings", ErrCritical)
		}
		if len(crit) == 0 {
			return fmt.Errorf("%w: \"crit\" is empty", ErrCritical)
		}
		for i, name := range crit {
			// Unknown names fail first, so that the loop runs at most
			// len(understood)+2 times whatever the length of "crit".
			switch {
			case registered[name]:
				return fmt.Errorf("%w: %q is a registered header parameter", ErrCritical, name)
			case name != "b64" && !slices.Contains(understood, name):
				return fmt.Errorf("%w: %q", ErrCritical, name)
			case slices.Contains(crit[:i], name):
				return fmt.Errorf("%w: %q is listed twice", ErrCritical, name)
			}
			if _, ok := member(s.header, name); ok {
				continue
			}
			if _, ok := member(s.unprotected, name); !ok {
				return fmt.Errorf("%w: %q is listed but absent from the header", ErrCritical, name)
			}
		}
		s.crit = crit
	}
	if p.hasB64 && !slices.Contains(s.crit, "b64") {
		return fmt.Errorf("%w: \"b64\" is not listed in \"crit\"", ErrB64)
	}
	if !p.hasB64 {
		s.b64 = true
	}
	return nil
}

// jsonString returns the content of the JSON string raw: a subslice of raw
// when it has no escapes, a new slice otherwise.
func jsonString(raw []byte) ([]byte, error) {
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && bytes.IndexByte(raw, '\\') < 0 {
		return raw[1 : len(raw)-1 : len(raw)-1], nil // validated by the caller's scan
	}
	v, err := strictjson.String(raw)
	if err != nil {
		return nil, err
	}
	return []byte(v), nil
}

// decodeHeader decodes a base64url protected header with the size limit
// checked first.
func decodeHeader(dst, seg []byte, maxHeader int) ([]byte, error) {
	if len(seg) > b64.EncodedLen(maxHeader) {
		return nil, fmt.Errorf("%w: protected header longer than %d bytes", ErrTooLarge, maxHeader)
	}
	out, err := b64.AppendDecode(dst, seg)
	if err != nil {
		return nil, fmt.Errorf("%w: protected header: %w", ErrMalformed, err)
	}
	return out, nil
}
