package jwt

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode"

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
// outside the common ones, a value the fast path refuses (so that the
// error, or the result, is encoding/json's), and a member name that
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
)

// decodesItself reports whether encoding/json hands values of type t to
// t's own method.
func decodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(jsonUnmarshaler) || p.Implements(textUnmarshaler)
}

// buildPlan returns the plan of t, or nil when t is not a struct whose
// fields encoding/json would fill exactly as the plan does.
func buildPlan(t reflect.Type) *customPlan {
	if t.Kind() != reflect.Struct || decodesItself(t) {
		return nil
	}
	p := &customPlan{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			return nil // promoted fields have rules of their own
		}
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		for opts != "" {
			var o string
			o, opts, _ = strings.Cut(opts, ",")
			if o == "string" {
				return nil
			}
		}
		if !validTagName(name) {
			name = f.Name
		}
		for _, g := range p.fields {
			if strings.EqualFold(g.name, name) {
				return nil // encoding/json's choice among them is its own
			}
		}
		p.fields = append(p.fields, planField{name: name, index: i, kind: kindOf(f.Type)})
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
	if decodesItself(t) {
		return kindJSON
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
	if !decodeFast(fv, f.kind, v) {
		if err := json.Unmarshal(v, fv.Addr().Interface()); err != nil {
			d.err = err
		}
	}
}

// decodeFast decodes v into fv, of kind k, and reports whether it did;
// false leaves fv as it was.
func decodeFast(fv reflect.Value, k fieldKind, v []byte) bool {
	switch k {
	case kindString:
		if v[0] != '"' {
			return false
		}
		s, err := strictjson.Unquote(v)
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
		ss, err := strictjson.Strings(v)
		if err != nil {
			return false
		}
		fv.Set(reflect.ValueOf(ss))
	default:
		return false
	}
	return true
}
