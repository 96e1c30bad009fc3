package jwt

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/joseframework/jose/core/internal/strictjson"
)

// Custom claims are decoded into Token.Custom with the result
// encoding/json.Unmarshal would give, but, for plain struct types, during
// the one scan that reads the registered claims: each member that names a
// field is decoded into that field alone, and the common field types
// (strings, booleans, numbers, []string) without calling encoding/json at
// all. Whatever this file does not handle exactly as encoding/json does
// goes to encoding/json: a whole type it cannot plan (not a struct,
// embedded fields, ",string" options, its own UnmarshalJSON), a field type
// outside the common ones (json.Number among them: a string type that
// encoding/json reads as a number), a value the fast path refuses (so that
// the error, or the result, is encoding/json's), and a member name that
// matches a field only case-insensitively (the whole claims set is then
// decoded again by encoding/json).

// A fieldKind is how a field is decoded.
type fieldKind uint8

const (
	kindJSON    fieldKind = iota // with encoding/json, into the field alone
	kindString                   // a string kind
	kindBool                     // a bool kind
	kindInt                      // a signed integer kind
	kindUint                     // an unsigned integer kind
	kindFloat                    // a float kind
	kindStrings                  // exactly []string
)

type planField struct {
	name  string // the JSON name, as encoding/json derives it
	index int    // the struct field index
	kind  fieldKind
}

// A customPlan decodes JSON object members into the fields of one struct
// type. A nil plan means: decode with encoding/json.Unmarshal.
type customPlan struct {
	fields []planField
}

var plans sync.Map // reflect.Type -> *customPlan, possibly nil

// planFor returns the plan of t, building it once.
func planFor(t reflect.Type) *customPlan {
	if p, ok := plans.Load(t); ok {
		return p.(*customPlan)
	}
	p, _ := plans.LoadOrStore(t, buildPlan(t))
	return p.(*customPlan)
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	stringSlice     = reflect.TypeFor[[]string]()
	numberType      = reflect.TypeFor[json.Number]()
)

// decodesItself reports whether encoding/json hands values of type t to
// t's own method.
func decodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(jsonUnmarshaler) || p.Implements(textUnmarshaler)
}

// A jsonField is a struct field as encoding/json sees it.
type jsonField struct {
	name                string // the JSON name
	index               int    // the struct field index
	typ                 reflect.Type
	omitEmpty, omitZero bool
	quoted              bool // the ",string" option
}

// jsonFields returns the fields that encoding/json reads and writes for
// the struct type t, in order, or false when t has an embedded field,
// whose promoted fields have rules of their own.
func jsonFields(t reflect.Type) ([]jsonField, bool) {
	var fs []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			return nil, false
		}
		tag := f.Tag.Get("json")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		jf := jsonField{index: i, typ: f.Type}
		for opts != "" {
			var o string
			o, opts, _ = strings.Cut(opts, ",")
			switch o {
			case "omitempty":
				jf.omitEmpty = true
			case "omitzero":
				jf.omitZero = true
			case "string":
				jf.quoted = true
			}
		}
		if !validTagName(name) {
			name = f.Name
		}
		jf.name = name
		fs = append(fs, jf)
	}
	return fs, true
}

// buildPlan returns the plan of t, or nil when t is not a struct whose
// fields encoding/json would fill exactly as the plan does.
func buildPlan(t reflect.Type) *customPlan {
	if t.Kind() != reflect.Struct || decodesItself(t) {
		return nil
	}
	fs, ok := jsonFields(t)
	if !ok {
		return nil
	}
	p := &customPlan{}
	for _, f := range fs {
		if f.quoted {
			return nil
		}
		for _, g := range p.fields {
			if strings.EqualFold(g.name, f.name) {
				return nil // encoding/json's choice among them is its own
			}
		}
		p.fields = append(p.fields, planField{name: f.name, index: f.index, kind: kindOf(f.typ)})
	}
	return p
}

// validTagName reports whether encoding/json takes name, from a struct
// tag, as the JSON name of its field.
func validTagName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", r) && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func kindOf(t reflect.Type) fieldKind {
	if decodesItself(t) || t == numberType {
		return kindJSON // json.Number is a string kind that encoding/json reads and writes as a number
	}
	switch t.Kind() {
	case reflect.String:
		return kindString
	case reflect.Bool:
		return kindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kindInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kindUint
	case reflect.Float32, reflect.Float64:
		return kindFloat
	}
	if t == stringSlice {
		return kindStrings
	}
	return kindJSON
}

// A customDecoder fills one zero struct value with a plan.
type customDecoder struct {
	plan     *customPlan
	cs       *claimSet     // for strings
	v        reflect.Value // the struct, settable
	err      error         // the first field's error
	fallback bool          // a name matched a field only case-insensitively
}

// member decodes the member name, with raw value v (valid JSON), into
// its field, if any. Errors are kept for after the scan, so that the
// claims set's own errors come first, as they did when encoding/json
// decoded the whole set after it.
func (d *customDecoder) member(name string, v []byte) {
	if d.err != nil || d.fallback {
		return
	}
	var f *planField
	for i := range d.plan.fields {
		if d.plan.fields[i].name == name {
			f = &d.plan.fields[i]
			break
		}
	}
	if f == nil {
		for i := range d.plan.fields {
			if strings.EqualFold(d.plan.fields[i].name, name) {
				d.fallback = true
				return
			}
		}
		return
	}
	fv := d.v.Field(f.index)
	if f.kind != kindJSON && string(v) == "null" {
		return // a no-op for these kinds; a zero []string stays nil
	}
	if !d.decodeFast(fv, f.kind, v) {
		if err := json.Unmarshal(v, fv.Addr().Interface()); err != nil {
			d.err = err
		}
	}
}

// decodeFast decodes v into fv, of kind k, and reports whether it did;
// false leaves fv as it was.
func (d *customDecoder) decodeFast(fv reflect.Value, k fieldKind, v []byte) bool {
	switch k {
	case kindString:
		if v[0] != '"' {
			return false
		}
		s, err := d.cs.str(v)
		if err != nil {
			return false
		}
		fv.SetString(s)
	case kindBool:
		switch string(v) {
		case "true":
			fv.SetBool(true)
		case "false":
			fv.SetBool(false)
		default:
			return false
		}
	case kindInt:
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil || fv.OverflowInt(n) {
			return false
		}
		fv.SetInt(n)
	case kindUint:
		n, err := strconv.ParseUint(string(v), 10, 64)
		if err != nil || fv.OverflowUint(n) {
			return false
		}
		fv.SetUint(n)
	case kindFloat:
		if v[0] != '-' && (v[0] < '0' || v[0] > '9') {
			return false // strconv also reads "Inf", "NaN" and "0x1p3"; JSON numbers only reach here
		}
		n, err := strconv.ParseFloat(string(v), fv.Type().Bits())
		if err != nil || fv.OverflowFloat(n) {
			return false
		}
		fv.SetFloat(n)
	case kindStrings:
		ss, err := strictjson.StringsFunc(v, d.cs.str)
		if err != nil {
			return false
		}
		*fv.Addr().Interface().(*[]string) = ss // Set(ValueOf(ss)) would allocate
	default:
		return false
	}
	return true
}

// Custom claims are written, for plain struct types, straight into the
// claims set, with the bytes encoding/json.Marshal would write for them.
// Only the field kinds whose encoding is simple are written here
// (strings, booleans, integers, []string); any other type goes to
// encoding/json whole.

type encodeField struct {
	name      string // the JSON name
	key       []byte // the name as encoding/json writes it, quoted, with the colon
	index     int
	kind      fieldKind
	omitEmpty bool
}

// An encodePlan writes the fields of one struct type. A nil plan means:
// write with encoding/json.Marshal.
type encodePlan struct {
	fields []encodeField
}

var encodePlans sync.Map // reflect.Type -> *encodePlan, possibly nil

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// encodesItself reports whether encoding/json hands values of type t to
// t's own method, when t or *t has one.
func encodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(jsonMarshaler) || p.Implements(textMarshaler)
}

func encodePlanFor(t reflect.Type) *encodePlan {
	if p, ok := encodePlans.Load(t); ok {
		return p.(*encodePlan)
	}
	p, _ := encodePlans.LoadOrStore(t, buildEncodePlan(t))
	return p.(*encodePlan)
}

// buildEncodePlan returns the plan of the struct type t, or nil when
// encoding/json must write t.
func buildEncodePlan(t reflect.Type) *encodePlan {
	if t.Kind() != reflect.Struct || encodesItself(t) {
		return nil
	}
	fs, ok := jsonFields(t)
	if !ok {
		return nil
	}
	p := &encodePlan{}
	for _, f := range fs {
		k := kindOf(f.typ)
		if f.quoted || f.omitZero || k == kindJSON || k == kindFloat || encodesItself(f.typ) {
			return nil
		}
		for _, g := range p.fields {
			if g.name == f.name {
				return nil // encoding/json drops both, or keeps the tagged one
			}
		}
		key, err := json.Marshal(f.name)
		if err != nil {
			return nil // unreachable: a string
		}
		p.fields = append(p.fields, encodeField{name: f.name, key: append(key, ':'), index: f.index, kind: k, omitEmpty: f.omitEmpty})
	}
	return p
}

// customStruct returns the struct that custom is or points to, and its
// plan, or a nil plan when encoding/json must write custom.
func customStruct(custom any) (reflect.Value, *encodePlan) {
	v := reflect.ValueOf(custom)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return reflect.Value{}, nil // "null"
		}
		v = v.Elem() // a method of the pointer makes the plan nil: see encodesItself
	}
	if v.Kind() != reflect.Struct {
		return reflect.Value{}, nil
	}
	return v, encodePlanFor(v.Type())
}

// sizeHint returns about the length of what appendMembers writes for v.
func (p *encodePlan) sizeHint(v reflect.Value) int {
	n := 0
	for i := range p.fields {
		f := &p.fields[i]
		n += len(f.key) + 2
		switch fv := v.Field(f.index); f.kind {
		case kindString:
			n += len(fv.String())
		case kindStrings:
			for j := range fv.Len() {
				n += len(fv.Index(j).String()) + 3
			}
		default:
			n += 20
		}
	}
	return n
}

// appendMembers appends the fields of v that encoding/json would write,
// as members of the object b is writing (with a comma before each unless
// b ends with the object's '{'), calling check first with each name.
func (p *encodePlan) appendMembers(b []byte, v reflect.Value, check func(name string) error) ([]byte, error) {
	for i := range p.fields {
		f := &p.fields[i]
		fv := v.Field(f.index)
		if f.omitEmpty {
			switch f.kind {
			case kindString:
				if fv.Len() == 0 {
					continue
				}
			case kindBool:
				if !fv.Bool() {
					continue
				}
			case kindInt:
				if fv.Int() == 0 {
					continue
				}
			case kindUint:
				if fv.Uint() == 0 {
					continue
				}
			case kindStrings:
				if fv.Len() == 0 {
					continue
				}
			}
		}
		if err := check(f.name); err != nil {
			return nil, err
		}
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = append(b, f.key...)
		var ok bool
		switch f.kind {
		case kindString:
			if b, ok = appendJSONString(b, fv.String(), true); !ok {
				return nil, errInvalidUTF8
			}
		case kindBool:
			b = strconv.AppendBool(b, fv.Bool())
		case kindInt:
			b = strconv.AppendInt(b, fv.Int(), 10)
		case kindUint:
			b = strconv.AppendUint(b, fv.Uint(), 10)
		case kindStrings:
			if fv.IsNil() {
				b = append(b, "null"...)
				break
			}
			b = append(b, '[')
			for j := range fv.Len() {
				if j > 0 {
					b = append(b, ',')
				}
				if b, ok = appendJSONString(b, fv.Index(j).String(), true); !ok {
					return nil, errInvalidUTF8
				}
			}
			b = append(b, ']')
		}
	}
	return b, nil
}

// appendJSONString appends s as a JSON string, written as
// encoding/json.Marshal writes it when html is set (escaping <, >, &, U+2028
// and U+2029 too), and with only the escapes JSON requires otherwise. It
// reports false when s is not valid UTF-8, which encoding/json would
// replace with U+FFFD.
func appendJSONString(b []byte, s string, html bool) ([]byte, bool) {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!html || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[last:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			last = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return b, false
		}
		if html && (r == '\u2028' || r == '\u2029') {
			b = append(b, s[last:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			last = i + n
		}
		i += n
	}
	b = append(b, s[last:]...)
	return append(b, '"'), true
}
