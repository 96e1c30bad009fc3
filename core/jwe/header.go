package jwe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/internal/strictjson"
	"github.com/joseframework/jose/core/jwa"
)

// A Header is the JOSE header of one recipient of a JWE: the union of the
// protected header, the shared unprotected header and the recipient's own
// unprotected header (RFC 7516, Section 7.2.1). The named fields hold the
// registered members this package interprets; [Header.Get] returns any
// member as raw JSON, and [Header.IsProtected] says whether it was
// integrity protected.
//
// Before decryption succeeds, nothing in a Header is authenticated.
type Header struct {
	Algorithm   string   // "alg"
	Encryption  string   // "enc"
	Compression string   // "zip"
	KeyID       string   // "kid"
	Type        string   // "typ"
	ContentType string   // "cty"
	Critical    []string // "crit"

	members   map[string]json.RawMessage
	protected map[string]json.RawMessage
}

// Get returns a copy of the raw JSON value of the member name, and whether
// it is present.
func (h *Header) Get(name string) (json.RawMessage, bool) {
	v, ok := h.members[name]
	if !ok {
		return nil, false
	}
	return bytes.Clone(v), true
}

// IsProtected reports whether the member name is present in the protected
// header, and so covered by the authentication tag.
func (h *Header) IsProtected(name string) bool {
	_, ok := h.protected[name]
	return ok
}

// Names returns the names of all members, sorted.
func (h *Header) Names() []string {
	names := make([]string, 0, len(h.members))
	for n := range h.members {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// registered lists the header parameter names of RFC 7516, Section 4.1 and
// RFC 7518, Section 4. They may not be listed in "crit".
var registered = map[string]bool{
	"alg": true, "enc": true, "zip": true, "jku": true, "jwk": true, "kid": true,
	"x5u": true, "x5c": true, "x5t": true, "x5t#S256": true, "typ": true, "cty": true,
	"crit": true, "epk": true, "apu": true, "apv": true, "iv": true, "tag": true,
	"p2s": true, "p2c": true,
}

// parseObject validates a header object, bounded by the header size limit.
// The result never aliases raw.
func parseObject(raw []byte, what string, l jwa.Limits) (map[string]json.RawMessage, error) {
	if len(raw) > l.MaxHeaderSize {
		return nil, fmt.Errorf("%w: %s is %d bytes, limit %d", ErrTooLarge, what, len(raw), l.MaxHeaderSize)
	}
	m, err := strictjson.Object(bytes.Clone(raw), l.MaxDepth)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrMalformed, what, err)
	}
	return m, nil
}

// union merges the three headers of a recipient. A name in more than one of
// them is an error (RFC 7516, Section 7.2.1).
func union(parts ...map[string]json.RawMessage) (map[string]json.RawMessage, error) {
	n, nonEmpty := 0, 0
	for _, p := range parts {
		n += len(p)
		if len(p) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty == 1 {
		// One header alone, as in every compact token: nothing can be
		// repeated, and no map here is modified after parsing, so it
		// serves as the union.
		for _, p := range parts {
			if len(p) > 0 {
				return p, nil
			}
		}
	}
	u := make(map[string]json.RawMessage, n)
	for _, p := range parts {
		for k, v := range p {
			if _, dup := u[k]; dup {
				return nil, fmt.Errorf("%w: header member %q appears in more than one header", ErrMalformed, k)
			}
			u[k] = v
		}
	}
	return u, nil
}

// buildHeader interprets the merged header of one recipient and fills the
// key management parameters. understood lists the extensions the caller
// accepts in "crit".
func buildHeader(protected, merged map[string]json.RawMessage, understood []string, l jwa.Limits) (*Header, *jwa.Params, error) {
	h := &Header{members: merged, protected: protected}
	p := &jwa.Params{Limits: l}
	str := func(name string, dst *string) error {
		v, ok := merged[name]
		if !ok {
			return nil
		}
		s, err := strictjson.Unquote(v)
		if err != nil {
			return fmt.Errorf("%w: header member %q: %w", ErrMalformed, name, err)
		}
		*dst = s
		return nil
	}
	bin := func(name string, dst *[]byte) error {
		var s string
		if err := str(name, &s); err != nil {
			return err
		}
		if _, ok := merged[name]; !ok {
			return nil
		}
		b, err := b64.Decode(s)
		if err != nil {
			return fmt.Errorf("%w: header member %q: %w", ErrMalformed, name, err)
		}
		*dst = b
		return nil
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{
		{"alg", &h.Algorithm}, {"enc", &h.Encryption}, {"zip", &h.Compression},
		{"kid", &h.KeyID}, {"typ", &h.Type}, {"cty", &h.ContentType},
	} {
		if err := str(f.name, f.dst); err != nil {
			return nil, nil, err
		}
	}
	if _, ok := merged["alg"]; !ok {
		return nil, nil, fmt.Errorf("%w: no \"alg\" header member", ErrMalformed)
	}
	if _, ok := merged["enc"]; !ok {
		return nil, nil, fmt.Errorf("%w: no \"enc\" header member", ErrMalformed)
	}
	if _, ok := merged["zip"]; ok {
		if _, ok := protected["zip"]; !ok {
			return nil, nil, fmt.Errorf("%w: \"zip\" must be in the protected header", ErrMalformed)
		}
		if h.Compression != "DEF" {
			return nil, nil, fmt.Errorf("%w: \"zip\" value %q", ErrUnsupported, h.Compression)
		}
	}
	if err := checkCrit(h, protected, merged, understood); err != nil {
		return nil, nil, err
	}
	for _, f := range []struct {
		name string
		dst  *[]byte
	}{
		{"apu", &p.APU}, {"apv", &p.APV}, {"iv", &p.IV}, {"tag", &p.Tag}, {"p2s", &p.P2S},
	} {
		if err := bin(f.name, f.dst); err != nil {
			return nil, nil, err
		}
	}
	if v, ok := merged["epk"]; ok {
		epk, err := parseEPK(v, l)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		p.EPK = epk
	}
	if v, ok := merged["p2c"]; ok {
		n, err := strictjson.Int64(v)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: header member \"p2c\": %w", ErrMalformed, err)
		}
		if n < math.MinInt32 || n > math.MaxInt32 {
			return nil, nil, fmt.Errorf("%w: \"p2c\" %d out of range: %w", ErrMalformed, n, jwa.ErrInvalidParameter)
		}
		p.P2C = int(n)
	}
	for k, v := range merged {
		switch k {
		case "epk", "apu", "apv", "iv", "tag", "p2s", "p2c":
		default:
			if p.Extra == nil {
				p.Extra = make(map[string]json.RawMessage)
			}
			p.Extra[k] = v
		}
	}
	return h, p, nil
}

// checkCrit applies RFC 7516, Section 4.1.13: "crit" is protected, a
// non-empty list of distinct, unregistered names that the caller
// understands and that are present in the header.
func checkCrit(h *Header, protected, merged map[string]json.RawMessage, understood []string) error {
	v, ok := merged["crit"]
	if !ok {
		return nil
	}
	if _, ok := protected["crit"]; !ok {
		return fmt.Errorf("%w: \"crit\" must be in the protected header", ErrCritical)
	}
	names, err := strictjson.Strings(v)
	if err != nil {
		return fmt.Errorf("%w: \"crit\": %w", ErrCritical, err)
	}
	if len(names) == 0 {
		return fmt.Errorf("%w: \"crit\" is empty", ErrCritical)
	}
	for i, n := range names {
		switch {
		case registered[n]:
			return fmt.Errorf("%w: \"crit\" lists the registered name %q", ErrCritical, n)
		case slices.Contains(names[:i], n):
			return fmt.Errorf("%w: \"crit\" lists %q twice", ErrCritical, n)
		case !slices.Contains(understood, n):
			return fmt.Errorf("%w: %q", ErrCritical, n)
		}
		if _, ok := merged[n]; !ok {
			return fmt.Errorf("%w: \"crit\" lists %q, which is not in the header", ErrCritical, n)
		}
	}
	h.Critical = names
	return nil
}
