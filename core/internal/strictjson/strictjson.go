// Package strictjson reads JSON the way JOSE needs it read: I-JSON (RFC
// 7493) only, so valid UTF-8, no unpaired surrogate escapes and no
// duplicate member names (also when a name is spelled with escapes); a
// bounded nesting depth; exactly one value and nothing after it; and member
// names matched exactly, never case-insensitively.
package strictjson

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Errors returned by this package. Each wraps ErrInvalid.
var (
	// ErrInvalid means the input is not acceptable JSON; every other error
	// of this package wraps it.
	ErrInvalid = errors.New("strictjson: invalid JSON")

	// ErrSyntax means the input is not JSON text.
	ErrSyntax = fmt.Errorf("%w: syntax error", ErrInvalid)
	// ErrDuplicate means an object has two members with the same name.
	ErrDuplicate = fmt.Errorf("%w: duplicate member name", ErrInvalid)
	// ErrDepth means arrays and objects nest deeper than allowed.
	ErrDepth = fmt.Errorf("%w: nesting too deep", ErrInvalid)
	// ErrUTF8 means invalid UTF-8 or an unpaired surrogate escape.
	ErrUTF8 = fmt.Errorf("%w: invalid UTF-8", ErrInvalid)
	// ErrType means a value has another JSON type than the one required.
	ErrType = fmt.Errorf("%w: wrong JSON type", ErrInvalid)
	// ErrRange means a number does not fit the Go type it is read into.
	ErrRange = fmt.Errorf("%w: number out of range", ErrInvalid)
)

// Validate checks that data is exactly one JSON value (surrounded by
// optional whitespace), valid UTF-8, with no object holding two members of
// the same name and no nesting deeper than maxDepth. A maxDepth of zero or
// less means no limit: pass it only for data already validated with one.
func Validate(data []byte, maxDepth int) error {
	s := scanner{data: data, maxDepth: maxDepth}
	return s.document(nil)
}

// Each validates data as [Validate] does, requires it to be an object, and
// calls fn for each of its members in order, with the decoded name and the
// raw value (a sub-slice of data). An error from fn stops the scan and is
// returned. fn may be called for members before an error later in data is
// found: discard what fn gathered when Each returns an error.
func Each(data []byte, maxDepth int, fn func(name string, value []byte) error) error {
	s := scanner{data: data, maxDepth: maxDepth}
	s.ws()
	if s.pos >= len(s.data) || s.data[s.pos] != '{' {
		return fmt.Errorf("%w: not a JSON object", ErrType)
	}
	return s.document(fn)
}

// Object validates data as [Validate] does, requires it to be an object and
// returns its members. The raw values are sub-slices of data.
func Object(data []byte, maxDepth int) (map[string]json.RawMessage, error) {
	m := make(map[string]json.RawMessage)
	err := Each(data, maxDepth, func(name string, value []byte) error {
		m[name] = value
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Array validates data as [Validate] does, requires it to be an array and
// returns its elements. The raw values are sub-slices of data.
func Array(data []byte, maxDepth int) ([]json.RawMessage, error) {
	s := scanner{data: data, maxDepth: maxDepth}
	s.ws()
	if s.pos >= len(data) || data[s.pos] != '[' {
		return nil, fmt.Errorf("%w: not a JSON array", ErrType)
	}
	var out []json.RawMessage
	s.elem = func(v []byte) { out = append(out, v) }
	if err := s.document(nil); err != nil {
		return nil, err
	}
	if out == nil {
		out = []json.RawMessage{}
	}
	return out, nil
}

// String decodes a raw JSON value that must be a string.
func String(raw []byte) (string, error) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", fmt.Errorf("%w: want a string", ErrType)
	}
	s := scanner{data: raw}
	v, err := s.str()
	if err != nil {
		return "", err
	}
	if s.pos != len(raw) {
		return "", ErrSyntax
	}
	return v, nil
}

// Unquote is String for a raw value that Each, Object or Array returned,
// and so is known to be valid JSON: a string without escapes is copied
// without being scanned again. Any other input goes to String.
func Unquote(raw []byte) (string, error) {
	if len(raw) >= 2 && raw[0] == '"' && bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1]), nil
	}
	return String(raw)
}

// Bool decodes a raw JSON value that must be true or false.
func Bool(raw []byte) (bool, error) {
	switch string(raw) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%w: want a boolean", ErrType)
}

// Int64 decodes a raw JSON value that must be an integer without fraction
// or exponent that fits in an int64.
func Int64(raw []byte) (int64, error) {
	if !isNumber(raw) {
		return 0, fmt.Errorf("%w: want an integer", ErrType)
	}
	for _, c := range raw {
		if c == '.' || c == 'e' || c == 'E' {
			return 0, fmt.Errorf("%w: want an integer", ErrType)
		}
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, ErrRange
	}
	return n, nil
}

// Float64 decodes a raw JSON value that must be a number whose value is
// finite as a float64.
func Float64(raw []byte) (float64, error) {
	if !isNumber(raw) {
		return 0, fmt.Errorf("%w: want a number", ErrType)
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, ErrRange
	}
	return f, nil
}

// Strings decodes a raw JSON value that must be an array of strings.
func Strings(raw []byte) ([]string, error) { return StringsFunc(raw, nil) }

// StringsFunc is Strings with each element, a valid JSON string (a
// sub-slice of raw, quotes included), decoded by conv; a nil conv decodes
// as String does.
func StringsFunc(raw []byte, conv func(elem []byte) (string, error)) ([]string, error) {
	s := scanner{data: raw, maxDepth: 1}
	s.ws()
	if s.pos >= len(raw) || raw[s.pos] != '[' {
		return nil, fmt.Errorf("%w: want an array of strings", ErrType)
	}
	s.pos++
	// Gather on the stack, then allocate the result once, at its size.
	var small [8]string
	out := small[:0]
	s.ws()
	if s.pos < len(raw) && raw[s.pos] == ']' {
		s.pos++
		return []string{}, s.end()
	}
	for {
		s.ws()
		if s.pos >= len(raw) || raw[s.pos] != '"' {
			return nil, fmt.Errorf("%w: want an array of strings", ErrType)
		}
		var v string
		var err error
		if conv == nil {
			v, err = s.str()
		} else {
			start := s.pos
			if _, err = s.skipStr(); err == nil {
				if elem := raw[start:s.pos]; !utf8.Valid(elem) {
					err = ErrUTF8
				} else {
					v, err = conv(elem)
				}
			}
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		s.ws()
		if s.pos >= len(raw) {
			return nil, ErrSyntax
		}
		switch raw[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			if err := s.end(); err != nil {
				return nil, err
			}
			return append(make([]string, 0, len(out)), out...), nil
		default:
			return nil, ErrSyntax
		}
	}
}

func isNumber(raw []byte) bool {
	s := scanner{data: raw}
	if len(raw) == 0 || (raw[0] != '-' && (raw[0] < '0' || raw[0] > '9')) {
		return false
	}
	return s.number() == nil && s.pos == len(raw)
}

type scanner struct {
	data     []byte
	pos      int
	depth    int
	maxDepth int
	elem     func([]byte) // called for each element of the top-level array
	utf8OK   bool         // data is known to be valid UTF-8
}

// document scans one value and the trailing whitespace. When fn is set,
// it is called for each member of the top-level object.
func (s *scanner) document(fn func(string, []byte) error) error {
	if !utf8.Valid(s.data) {
		return ErrUTF8
	}
	s.utf8OK = true
	s.ws()
	if err := s.value(fn); err != nil {
		return err
	}
	return s.end()
}

func (s *scanner) end() error {
	s.ws()
	if s.pos != len(s.data) {
		return fmt.Errorf("%w: data after the JSON value", ErrSyntax)
	}
	return nil
}

func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) value(fn func(string, []byte) error) error {
	if s.pos >= len(s.data) {
		return fmt.Errorf("%w: unexpected end of input", ErrSyntax)
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return s.object(fn)
	case c == '[':
		return s.array()
	case c == '"':
		_, err := s.skipStr()
		return err
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	default:
		return fmt.Errorf("%w: unexpected %q at offset %d", ErrSyntax, c, s.pos)
	}
}

func (s *scanner) literal(lit string) error {
	if len(s.data)-s.pos < len(lit) || string(s.data[s.pos:s.pos+len(lit)]) != lit {
		return fmt.Errorf("%w: bad literal at offset %d", ErrSyntax, s.pos)
	}
	s.pos += len(lit)
	return nil
}

func (s *scanner) enter() error {
	s.depth++
	if s.maxDepth > 0 && s.depth > s.maxDepth {
		return ErrDepth
	}
	return nil
}

func (s *scanner) object(fn func(string, []byte) error) error {
	if err := s.enter(); err != nil {
		return err
	}
	s.pos++ // '{'
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.depth--
		return nil
	}
	// Objects are small: a linear scan of the names beats a map. Names
	// without escapes are sub-slices of data, so nothing is allocated
	// for them unless fn needs a string.
	var small [16][]byte
	names := small[:0]
	var set map[string]struct{}
	for {
		s.ws()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return fmt.Errorf("%w: want a member name at offset %d", ErrSyntax, s.pos)
		}
		name, err := s.strBytes()
		if err != nil {
			return err
		}
		if set != nil {
			if _, dup := set[string(name)]; dup {
				return fmt.Errorf("%w %q", ErrDuplicate, name)
			}
			set[string(name)] = struct{}{}
		} else {
			for _, n := range names {
				if string(n) == string(name) {
					return fmt.Errorf("%w %q", ErrDuplicate, name)
				}
			}
			names = append(names, name)
			if len(names) > len(small) {
				set = make(map[string]struct{}, 2*len(names))
				for _, n := range names {
					set[string(n)] = struct{}{}
				}
			}
		}
		s.ws()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return fmt.Errorf("%w: want ':' at offset %d", ErrSyntax, s.pos)
		}
		s.pos++
		s.ws()
		start := s.pos
		if err := s.value(nil); err != nil {
			return err
		}
		if fn != nil && s.depth == 1 {
			if err := fn(intern(name), s.data[start:s.pos]); err != nil {
				return err
			}
		}
		s.ws()
		if s.pos >= len(s.data) {
			return fmt.Errorf("%w: unexpected end of input", ErrSyntax)
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.depth--
			return nil
		default:
			return fmt.Errorf("%w: want ',' or '}' at offset %d", ErrSyntax, s.pos)
		}
	}
}

func (s *scanner) array() error {
	if err := s.enter(); err != nil {
		return err
	}
	s.pos++ // '['
	s.ws()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		s.ws()
		start := s.pos
		if err := s.value(nil); err != nil {
			return err
		}
		if s.elem != nil && s.depth == 1 {
			s.elem(s.data[start:s.pos])
		}
		s.ws()
		if s.pos >= len(s.data) {
			return fmt.Errorf("%w: unexpected end of input", ErrSyntax)
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.depth--
			return nil
		default:
			return fmt.Errorf("%w: want ',' or ']' at offset %d", ErrSyntax, s.pos)
		}
	}
}

func (s *scanner) number() error {
	d := s.data
	p := s.pos
	if p < len(d) && d[p] == '-' {
		p++
	}
	switch {
	case p < len(d) && d[p] == '0':
		p++
	case p < len(d) && d[p] >= '1' && d[p] <= '9':
		for p < len(d) && d[p] >= '0' && d[p] <= '9' {
			p++
		}
	default:
		return fmt.Errorf("%w: bad number at offset %d", ErrSyntax, s.pos)
	}
	if p < len(d) && d[p] == '.' {
		p++
		q := p
		for p < len(d) && d[p] >= '0' && d[p] <= '9' {
			p++
		}
		if p == q {
			return fmt.Errorf("%w: bad number at offset %d", ErrSyntax, s.pos)
		}
	}
	if p < len(d) && (d[p] == 'e' || d[p] == 'E') {
		p++
		if p < len(d) && (d[p] == '+' || d[p] == '-') {
			p++
		}
		q := p
		for p < len(d) && d[p] >= '0' && d[p] <= '9' {
			p++
		}
		if p == q {
			return fmt.Errorf("%w: bad number at offset %d", ErrSyntax, s.pos)
		}
	}
	s.pos = p
	return nil
}

// skipStr scans a string and reports whether it held escapes.
func (s *scanner) skipStr() (escaped bool, err error) {
	d := s.data
	p := s.pos + 1
	for p < len(d) {
		// Skip eight plain bytes at a time: none is '"', '\\' or a
		// control character (bytes of 0x80 and above are plain here; UTF-8
		// is checked elsewhere).
		for p+8 <= len(d) && !special8(binary.LittleEndian.Uint64(d[p:])) {
			p += 8
		}
		if p >= len(d) {
			break
		}
		c := d[p]
		switch {
		case c == '"':
			s.pos = p + 1
			return escaped, nil
		case c == '\\':
			escaped = true
			if p+1 >= len(d) {
				return escaped, ErrSyntax
			}
			switch d[p+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p += 2
			case 'u':
				r, ok := hex4(d, p+2)
				if !ok {
					return escaped, fmt.Errorf("%w: bad \\u escape at offset %d", ErrSyntax, p)
				}
				p += 6
				if utf16.IsSurrogate(r) {
					// Only a high surrogate followed by a low one is a character.
					if r >= 0xDC00 || p+1 >= len(d) || d[p] != '\\' || d[p+1] != 'u' {
						return escaped, ErrUTF8
					}
					r2, ok := hex4(d, p+2)
					if !ok || r2 < 0xDC00 || r2 > 0xDFFF {
						return escaped, ErrUTF8
					}
					p += 6
				}
			default:
				return escaped, fmt.Errorf("%w: bad escape at offset %d", ErrSyntax, p)
			}
		case c < 0x20:
			return escaped, fmt.Errorf("%w: control character in string at offset %d", ErrSyntax, p)
		default:
			p++
		}
	}
	return escaped, fmt.Errorf("%w: unterminated string", ErrSyntax)
}

// str scans a string and returns its decoded value.
func (s *scanner) str() (string, error) {
	start := s.pos
	escaped, err := s.skipStr()
	if err != nil {
		return "", err
	}
	raw := s.data[start+1 : s.pos-1]
	if !s.utf8OK && !utf8.Valid(raw) {
		return "", ErrUTF8
	}
	if !escaped {
		return string(raw), nil
	}
	return unescape(s.data[start:s.pos])
}

// strBytes is str returning bytes: a sub-slice of data when the string
// has no escapes, a new slice otherwise.
func (s *scanner) strBytes() ([]byte, error) {
	start := s.pos
	escaped, err := s.skipStr()
	if err != nil {
		return nil, err
	}
	raw := s.data[start+1 : s.pos-1 : s.pos-1]
	if !s.utf8OK && !utf8.Valid(raw) {
		return nil, ErrUTF8
	}
	if !escaped {
		return raw, nil
	}
	v, err := unescape(s.data[start:s.pos])
	if err != nil {
		return nil, err
	}
	return []byte(v), nil
}

// unescape decodes the JSON string quoted, which skipStr has checked.
func unescape(quoted []byte) (string, error) {
	var v string
	if err := json.Unmarshal(quoted, &v); err != nil {
		return "", fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	return v, nil
}

// intern returns name as a string, without allocating for the member
// names that JOSE objects commonly hold.
func intern(name []byte) string {
	switch string(name) {
	case "alg":
		return "alg"
	case "enc":
		return "enc"
	case "kid":
		return "kid"
	case "typ":
		return "typ"
	case "cty":
		return "cty"
	case "crit":
		return "crit"
	case "b64":
		return "b64"
	case "zip":
		return "zip"
	case "epk":
		return "epk"
	case "apu":
		return "apu"
	case "apv":
		return "apv"
	case "iv":
		return "iv"
	case "tag":
		return "tag"
	case "jwk":
		return "jwk"
	case "iss":
		return "iss"
	case "sub":
		return "sub"
	case "aud":
		return "aud"
	case "exp":
		return "exp"
	case "nbf":
		return "nbf"
	case "iat":
		return "iat"
	case "jti":
		return "jti"
	case "kty":
		return "kty"
	case "use":
		return "use"
	case "key_ops":
		return "key_ops"
	case "crv":
		return "crv"
	case "n":
		return "n"
	case "e":
		return "e"
	case "x":
		return "x"
	case "y":
		return "y"
	case "d":
		return "d"
	case "k":
		return "k"
	case "keys":
		return "keys"
	case "protected":
		return "protected"
	case "header":
		return "header"
	case "payload":
		return "payload"
	case "signature":
		return "signature"
	case "signatures":
		return "signatures"
	}
	return string(name)
}

// special8 reports whether any of the eight bytes of x is '"', '\\' or
// below 0x20 (the bytes skipStr must look at), exactly: the bit tricks
// below mark a byte only when it is one of them.
func special8(x uint64) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
		low7  = 0x7f7f7f7f7f7f7f7f
	)
	// eq marks the bytes of y that are zero: adding 0x7f to the low seven
	// bits carries into the high bit exactly when they are not all zero,
	// and or-ing y itself covers bytes whose high bit is set.
	eq := func(y uint64) uint64 { return ^(((y & low7) + low7) | y) & highs }
	// lt marks the bytes below 0x20: high bit clear and the low seven
	// bits below 0x20, that is, bits 5 and 6 both clear.
	lt := ^x & highs & ^((x & 0x6060606060606060) + 0x6060606060606060) & highs
	return eq(x^('"'*ones))|eq(x^('\\'*ones))|lt != 0
}

func hex4(d []byte, p int) (rune, bool) {
	if p+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, c := range d[p : p+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}
