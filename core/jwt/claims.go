package jwt

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/joseframework/jose/core/internal/strictjson"
)

// Claims holds the registered claims of RFC 7519, Section 4.1. A zero or
// nil field is an absent claim.
//
// This package reads and writes these claims itself, with the strict
// rules of their types; encoding/json never sees them (hence the "-"
// tags), so embedding Claims in a custom claims type has no effect on the
// JSON: pass the registered claims as a Claims value instead.
type Claims struct {
	Issuer    string       `json:"-"` // "iss"
	Subject   string       `json:"-"` // "sub"
	Audience  Audience     `json:"-"` // "aud"
	Expiry    *NumericDate `json:"-"` // "exp"
	NotBefore *NumericDate `json:"-"` // "nbf"
	IssuedAt  *NumericDate `json:"-"` // "iat"
	ID        string       `json:"-"` // "jti"
}

// Audience is the "aud" claim: the recipients a token is meant for. On
// input it may be a JSON string (one audience) or a non-empty array of
// strings; on output it is an array, or a string when it has one value and
// SingleAudience is set in the signing options.
type Audience []string

// registered claim names, in the order tokens made here carry them.
var registered = [...]string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti"}

func isRegistered(name string) bool {
	switch name {
	case "iss", "sub", "aud", "exp", "nbf", "iat", "jti":
		return true
	}
	return false
}

// A claimSet is what parsing a claims set yields besides Claims: storage
// for the dates and a one-value audience, so that the Token's allocation
// holds them, what was present, and the claims set itself, whose copy
// text the claim strings of a small set are substrings of.
type claimSet struct {
	dates   [3]NumericDate
	aud1    [1]string
	present uint8 // bit i: registered[i] present
	payload []byte
	text    string // string(payload), made when a string needs it
}

// maxShared is the size of the largest claims set whose strings share one
// copy of it: one allocation instead of one per string. Past it, each
// string is its own copy, so that a string kept does not keep a large set
// alive.
const maxShared = 4 << 10

// str decodes the JSON string v, a sub-slice of cs.payload that strictjson
// has validated.
func (cs *claimSet) str(v []byte) (string, error) {
	if len(v) >= 2 && v[0] == '"' && len(cs.payload) <= maxShared && bytes.IndexByte(v, '\\') < 0 {
		if off := cap(cs.payload) - cap(v); off >= 0 && off+len(v) <= len(cs.payload) && &cs.payload[off] == &v[0] {
			if cs.text == "" {
				cs.text = string(cs.payload)
			}
			return cs.text[off+1 : off+len(v)-1], nil
		}
	}
	return strictjson.Unquote(v)
}

func bit(name string) uint8 {
	switch name {
	case "iss":
		return 1 << 0
	case "sub":
		return 1 << 1
	case "aud":
		return 1 << 2
	case "exp":
		return 1 << 3
	case "nbf":
		return 1 << 4
	case "iat":
		return 1 << 5
	case "jti":
		return 1 << 6
	}
	return 0
}

// parseClaims reads payload, which must be an I-JSON object, into c. It
// rejects registered claims of the wrong type or range and top-level
// member names that differ only by case, and calls member, if not nil, for
// every top-level member, with its name and raw value.
func parseClaims(payload []byte, maxDepth int, c *Claims, cs *claimSet, member func(name string, v []byte)) error {
	cs.payload = payload
	var names foldSet
	err := strictjson.Each(payload, maxDepth, func(name string, v []byte) error {
		if !names.add(name) {
			return fmt.Errorf("%w: claim names %q and %q differ only by case", ErrMalformed, names.dup, name)
		}
		if member != nil {
			member(name, v)
		}
		var err error
		switch name {
		case "iss":
			c.Issuer, err = cs.claimString(name, v)
		case "sub":
			c.Subject, err = cs.claimString(name, v)
		case "jti":
			c.ID, err = cs.claimString(name, v)
		case "aud":
			c.Audience, err = cs.parseAudience(v)
		case "exp":
			err = claimDate(name, v, &cs.dates[0], &c.Expiry)
		case "nbf":
			err = claimDate(name, v, &cs.dates[1], &c.NotBefore)
		case "iat":
			err = claimDate(name, v, &cs.dates[2], &c.IssuedAt)
		default:
			return nil
		}
		cs.present |= bit(name)
		return err
	})
	if err != nil {
		if !errors.Is(err, ErrMalformed) {
			err = fmt.Errorf("%w: claims set: %v", ErrMalformed, err)
		}
		return err
	}
	return nil
}

func (cs *claimSet) claimString(name string, v []byte) (string, error) {
	s, err := cs.str(v)
	if err != nil {
		return "", fmt.Errorf("%w: claim %q must be a string", ErrMalformed, name)
	}
	return s, nil
}

func claimDate(name string, v []byte, store *NumericDate, field **NumericDate) error {
	d, err := parseNumericDate(v)
	if err != nil {
		return fmt.Errorf("claim %q: %w", name, err)
	}
	*store = d
	*field = store
	return nil
}

func (cs *claimSet) parseAudience(v []byte) (Audience, error) {
	if len(v) > 0 && v[0] == '"' {
		s, err := cs.str(v)
		if err != nil {
			return nil, fmt.Errorf("%w: claim \"aud\": %v", ErrMalformed, err)
		}
		cs.aud1[0] = s
		return cs.aud1[:], nil
	}
	a, err := strictjson.StringsFunc(v, cs.str)
	if err != nil {
		return nil, fmt.Errorf("%w: claim \"aud\" must be a string or an array of strings", ErrMalformed)
	}
	if len(a) == 0 {
		return nil, fmt.Errorf("%w: claim \"aud\" is an empty array", ErrMalformed)
	}
	return a, nil
}

// A foldSet finds member names that are equal under Unicode simple case
// folding, the way encoding/json matches names to struct fields. Exact
// duplicates are refused earlier, by strictjson.
type foldSet struct {
	n     int
	small [16]struct {
		h    uint64
		name string
	}
	big map[string]string // folded name -> name
	dup string
}

// add records name and reports false if a name equal to it under case
// folding was added before (it is then in s.dup).
func (s *foldSet) add(name string) bool {
	if s.big != nil {
		k := string(appendFold(nil, name))
		if d, ok := s.big[k]; ok {
			s.dup = d
			return false
		}
		s.big[k] = name
		return true
	}
	h := foldHash(name)
	for i := range s.n {
		if e := &s.small[i]; e.h == h && strings.EqualFold(e.name, name) {
			s.dup = e.name
			return false
		}
	}
	if s.n < len(s.small) {
		s.small[s.n].h, s.small[s.n].name = h, name
		s.n++
		return true
	}
	s.big = make(map[string]string, 2*len(s.small))
	for _, e := range s.small {
		s.big[string(appendFold(nil, e.name))] = e.name
	}
	s.big[string(appendFold(nil, name))] = name
	return true
}

// foldRune returns the smallest rune of r's simple case folding orbit.
func foldRune(r rune) rune {
	for {
		next := unicode.SimpleFold(r)
		if next <= r {
			return next
		}
		r = next
	}
}

// appendFold appends the folded form of name: names are equal under
// strings.EqualFold exactly when their folded forms are equal.
func appendFold(dst []byte, name string) []byte {
	for i := 0; i < len(name); {
		c := name[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(name[i:])
		dst = utf8.AppendRune(dst, foldRune(r))
		i += n
	}
	return dst
}

// foldHash is FNV-1a over the folded form of name, without allocating.
func foldHash(name string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for i := 0; i < len(name); {
		c := name[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			h = (h ^ uint64(c)) * prime
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(name[i:])
		var buf [utf8.UTFMax]byte
		for _, b := range utf8.AppendRune(buf[:0], foldRune(r)) {
			h = (h ^ uint64(b)) * prime
		}
		i += n
	}
	return h
}

// has reports whether appendMembers writes the registered claim name.
func (c *Claims) has(name string) bool {
	switch name {
	case "iss":
		return c.Issuer != ""
	case "sub":
		return c.Subject != ""
	case "aud":
		return c.Audience != nil
	case "exp":
		return c.Expiry != nil
	case "nbf":
		return c.NotBefore != nil
	case "iat":
		return c.IssuedAt != nil
	case "jti":
		return c.ID != ""
	}
	return false
}

// sizeHint returns about the length of what appendMembers writes, for
// sizing buffers; nil has none.
func (c *Claims) sizeHint() int {
	if c == nil {
		return 0
	}
	n := 3*32 + len(c.Issuer) + len(c.Subject) + len(c.ID) + 3*8
	for _, a := range c.Audience {
		n += len(a) + 3
	}
	return n + 8
}

// appendClaims appends the registered claims of c as JSON object members
// (without braces), each preceded by a comma except the first one when
// first is set. It returns whether it wrote anything.
func (c *Claims) appendMembers(b []byte, singleAudience bool) ([]byte, error) {
	start := len(b)
	sep := func() {
		if len(b) > start {
			b = append(b, ',')
		}
	}
	var err error
	str := func(name, v string) {
		if v == "" || err != nil {
			return
		}
		sep()
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, '"', ':')
		b, err = appendString(b, v, name)
	}
	date := func(name string, d *NumericDate) {
		if d == nil || err != nil {
			return
		}
		if d.sec < minNumericDate || d.sec > maxNumericDate || d.nsec < 0 || d.nsec >= 1e9 {
			err = fmt.Errorf("%w: claim %q out of range", ErrInvalidClaims, name) // unreachable through the API
			return
		}
		sep()
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, '"', ':')
		b = d.appendJSON(b)
	}
	str("iss", c.Issuer)
	str("sub", c.Subject)
	if c.Audience != nil && err == nil {
		if len(c.Audience) == 0 {
			return nil, fmt.Errorf("%w: empty audience (use nil for none)", ErrInvalidClaims)
		}
		sep()
		b = append(b, `"aud":`...)
		if singleAudience && len(c.Audience) == 1 {
			b, err = appendString(b, c.Audience[0], "aud")
		} else {
			b = append(b, '[')
			for i, a := range c.Audience {
				if i > 0 {
					b = append(b, ',')
				}
				if b, err = appendString(b, a, "aud"); err != nil {
					break
				}
			}
			b = append(b, ']')
		}
	}
	date("exp", c.Expiry)
	date("nbf", c.NotBefore)
	date("iat", c.IssuedAt)
	str("jti", c.ID)
	return b, err
}

// appendString appends s as a JSON string, escaping only what JSON
// requires. Invalid UTF-8 is refused rather than replaced.
func appendString(b []byte, s, claim string) ([]byte, error) {
	b, ok := appendJSONString(b, s, false)
	if !ok {
		return b, fmt.Errorf("%w: claim %q is not valid UTF-8", ErrInvalidClaims, claim)
	}
	return b, nil
}
