package compat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// parseObject decodes data, which must be one I-JSON object, into a map
// whose numbers are json.Number (so integers stay exact). It rejects
// invalid UTF-8, lone UTF-16 surrogate escapes, duplicate member names
// (also when spelled with escapes) at any depth, nesting deeper than
// maxDepth, and anything after the object. Callers check the size first.
func parseObject(data []byte, maxDepth int) (map[string]any, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("invalid UTF-8")
	}
	if err := checkEscapes(data); err != nil {
		return nil, err
	}
	if err := checkStructure(data, maxDepth); err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("not a JSON object")
	}
	return m, nil
}

// checkStructure walks the tokens of data: one value, an object at the
// top, no duplicate member names, depth at most maxDepth, no trailing data.
func checkStructure(data []byte, maxDepth int) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	type frame struct {
		object bool
		names  map[string]struct{}
		key    bool // the next token of an object is a member name
	}
	var stack []*frame
	first := true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if first || len(stack) != 0 {
				return io.ErrUnexpectedEOF
			}
			return nil
		}
		if err != nil {
			return err
		}
		if first {
			if delim, ok := tok.(json.Delim); !ok || delim != '{' {
				return errors.New("not a JSON object")
			}
		} else if len(stack) == 0 {
			return errors.New("data after the JSON object")
		}
		first = false
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.key {
			if delim, ok := tok.(json.Delim); ok && delim == '}' {
				stack = stack[:len(stack)-1]
				continue
			}
			name := tok.(string) // the decoder guarantees a string here
			if _, dup := top.names[name]; dup {
				return fmt.Errorf("duplicate member %q", name)
			}
			top.names[name] = struct{}{}
			top.key = false
			continue
		}
		if top != nil && top.object {
			top.key = true // this token is a value (or starts one)
		}
		if delim, ok := tok.(json.Delim); ok {
			switch delim {
			case '{', '[':
				if len(stack) >= maxDepth {
					return fmt.Errorf("JSON nested deeper than %d", maxDepth)
				}
				f := &frame{object: delim == '{', key: delim == '{'}
				if f.object {
					f.names = make(map[string]struct{})
				}
				stack = append(stack, f)
			case ']':
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// checkEscapes rejects \u escapes of UTF-16 surrogates that are not a high
// surrogate followed by a low one: encoding/json would silently replace
// them with U+FFFD. It assumes nothing else about data.
func checkEscapes(data []byte) error {
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if !inString {
			if c == '"' {
				inString = true
			}
			continue
		}
		switch c {
		case '"':
			inString = false
		case '\\':
			if i+1 >= len(data) {
				return nil // the decoder reports the truncation
			}
			if data[i+1] != 'u' {
				i++
				continue
			}
			r, ok := hex4(data, i+2)
			if !ok {
				return nil // the decoder reports the bad escape
			}
			i += 5
			switch {
			case r >= 0xDC00 && r <= 0xDFFF:
				return errors.New("lone low surrogate escape")
			case r >= 0xD800 && r <= 0xDBFF:
				lo, ok := hex4(data, i+3)
				if i+2 >= len(data) || data[i+1] != '\\' || data[i+2] != 'u' || !ok || lo < 0xDC00 || lo > 0xDFFF {
					return errors.New("lone high surrogate escape")
				}
				i += 6
			}
		}
	}
	return nil
}

// hex4 decodes the four hex digits at data[i:i+4].
func hex4(data []byte, i int) (rune, bool) {
	if i < 0 || i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
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

// jsonMarshal encodes v with encoding/json, without HTML escaping; a nil
// map becomes {}.
func jsonMarshal(v map[string]any) ([]byte, error) {
	if v == nil {
		return []byte("{}"), nil
	}
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
