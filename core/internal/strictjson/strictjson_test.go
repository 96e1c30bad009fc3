package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

var validDocs = []string{
	`{}`, `[]`, `""`, `0`, `-0`, `1`, `-1`, `1.5`, `1e10`, `1E+2`, `-1.0e-5`, `123456789012345678901234567890`,
	`true`, `false`, `null`, ` {"a" : [ 1 , 2 ] } `, "\t\r\n{}\n",
	`{"a":1,"b":{"a":1},"c":[{"a":1},{"a":2}]}`,
	`{"a":1,"A":2}`,            // names are case-sensitive
	`{"\u00e9":1,"é\u0301":2}`, // distinct code points
	`"\ud83d\ude00"`,           // a surrogate pair
	`"\"\\\/\b\f\n\r\t\u0000"`, // every escape
	`"é😀"`,                     // raw UTF-8
	`{"":1}`,                   // empty name
	`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
}

func TestValidateAccepts(t *testing.T) {
	for _, doc := range validDocs {
		if err := Validate([]byte(doc), 64); err != nil {
			t.Errorf("Validate(%q) = %v", doc, err)
		}
		if !json.Valid([]byte(doc)) {
			t.Errorf("test bug: %q is not JSON", doc)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	tests := []struct {
		doc  string
		want error
	}{
		// Duplicates, in every spelling and position.
		{`{"a":1,"a":2}`, ErrDuplicate},
		{`{"a":1,"\u0061":2}`, ErrDuplicate},
		{`{"kty":1,"k\u0074y":2}`, ErrDuplicate},
		{`{"\u00e9":1,"é":2}`, ErrDuplicate},
		{`{"\ud83d\ude00":1,"😀":2}`, ErrDuplicate},
		{`{"a\/b":1,"a/b":2}`, ErrDuplicate},
		{`{"x":{"a":1,"a":1}}`, ErrDuplicate},
		{`[{"a":1,"b":2,"a":3}]`, ErrDuplicate},
		{`{"":1,"":2}`, ErrDuplicate},
		{manyMembers(40, "m5"), ErrDuplicate}, // past the linear-scan threshold
		{manyMembers(17, "m0"), ErrDuplicate},
		// UTF-8 and surrogates.
		{"\"\xff\"", ErrUTF8},
		{"\"\xc3\"", ErrUTF8},
		{"\"\xed\xa0\x80\"", ErrUTF8}, // encoded surrogate
		{"\"\xf4\x90\x80\x80\"", ErrUTF8},
		{"{\"\xff\":1}", ErrUTF8},
		{"{} \xff", ErrUTF8},
		{`"\ud800"`, ErrUTF8},
		{`"\udc00"`, ErrUTF8},
		{`"\ud800\u0041"`, ErrUTF8},
		{`"\ude00\ud83d"`, ErrUTF8},
		{`"\ud800\ud800"`, ErrUTF8},
		{`"\ud800x"`, ErrUTF8},
		{`{"\ud800":1}`, ErrUTF8},
		// Syntax.
		{``, ErrSyntax}, {` `, ErrSyntax}, {`{`, ErrSyntax}, {`}`, ErrSyntax}, {`[`, ErrSyntax},
		{`{"a"}`, ErrSyntax}, {`{"a":}`, ErrSyntax}, {`{"a":1,}`, ErrSyntax}, {`[1,]`, ErrSyntax},
		{`{a:1}`, ErrSyntax}, {`{'a':1}`, ErrSyntax}, {`{"a" 1}`, ErrSyntax}, {`[1 2]`, ErrSyntax},
		{`{} {}`, ErrSyntax}, {`{}x`, ErrSyntax}, {`1 2`, ErrSyntax}, {`"a" "b"`, ErrSyntax},
		{`tru`, ErrSyntax}, {`nul`, ErrSyntax}, {`True`, ErrSyntax}, {`nulll`, ErrSyntax},
		{`01`, ErrSyntax}, {`+1`, ErrSyntax}, {`.5`, ErrSyntax}, {`1.`, ErrSyntax}, {`1e`, ErrSyntax},
		{`1e+`, ErrSyntax}, {`-`, ErrSyntax}, {`0x1`, ErrSyntax}, {`NaN`, ErrSyntax}, {`Infinity`, ErrSyntax},
		{`-Infinity`, ErrSyntax}, {`1.e5`, ErrSyntax}, {`--1`, ErrSyntax}, {`-01`, ErrSyntax},
		{`"a`, ErrSyntax}, {`"\`, ErrSyntax}, {`"\x41"`, ErrSyntax}, {`"\'"`, ErrSyntax}, {`"\U0041"`, ErrSyntax},
		{`"\u00"`, ErrSyntax}, {`"\u00g0"`, ErrSyntax}, {"\"a\tb\"", ErrSyntax}, {"\"a\nb\"", ErrSyntax},
		{"\"\x00\"", ErrSyntax}, {"\x0c{}", ErrSyntax}, {"\v{}", ErrSyntax}, {"\u00a0{}", ErrSyntax},
		{"\ufeff{}", ErrSyntax}, // no byte order mark
		{`/* c */ {}`, ErrSyntax},
	}
	for _, tt := range tests {
		err := Validate([]byte(tt.doc), 64)
		if !errors.Is(err, tt.want) || !errors.Is(err, ErrInvalid) {
			t.Errorf("Validate(%.60q) = %v, want %v", tt.doc, err, tt.want)
		}
	}
}

func manyMembers(n int, dup string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, `"m%d":%d,`, i, i)
	}
	fmt.Fprintf(&b, `"%s":0}`, dup)
	return b.String()
}

func TestDepth(t *testing.T) {
	nest := func(n int, open, close string) []byte {
		return []byte(strings.Repeat(open, n) + strings.Repeat(close, n))
	}
	for _, d := range []int{1, 2, 10, 64} {
		if err := Validate(nest(d, "[", "]"), d); err != nil {
			t.Errorf("depth %d with limit %d: %v", d, d, err)
		}
		if err := Validate(nest(d+1, "[", "]"), d); !errors.Is(err, ErrDepth) {
			t.Errorf("depth %d with limit %d: %v, want ErrDepth", d+1, d, err)
		}
	}
	objs := []byte(strings.Repeat(`{"a":`, 5) + "1" + strings.Repeat("}", 5))
	if err := Validate(objs, 5); err != nil {
		t.Errorf("objects at depth 5: %v", err)
	}
	if err := Validate(objs, 4); !errors.Is(err, ErrDepth) {
		t.Errorf("objects at depth 5, limit 4: %v", err)
	}
	// Depth is nesting, not the number of containers.
	if err := Validate([]byte(`[[],[],[[]],{"a":[]}]`), 3); err != nil {
		t.Errorf("siblings: %v", err)
	}
	// A hostile depth fails fast with the limit.
	if err := Validate(nest(1<<20, "[", "]"), 64); !errors.Is(err, ErrDepth) {
		t.Errorf("1M levels: %v", err)
	}
	// No limit when maxDepth <= 0.
	if err := Validate(nest(1000, "[", "]"), 0); err != nil {
		t.Errorf("depth 1000 without limit: %v", err)
	}
}

func TestHugeInputs(t *testing.T) {
	long := append(append([]byte(`"`), bytes.Repeat([]byte("a"), 4<<20)...), '"')
	if err := Validate(long, 64); err != nil {
		t.Errorf("4 MiB string: %v", err)
	}
	var b bytes.Buffer
	b.WriteString("{")
	for i := range 100000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d":%d`, i, i)
	}
	b.WriteString("}")
	if err := Validate(b.Bytes(), 64); err != nil {
		t.Errorf("100000 members: %v", err)
	}
	m, err := Object(b.Bytes(), 64)
	if err != nil || len(m) != 100000 {
		t.Errorf("Object: %d members, %v", len(m), err)
	}
	arr := []byte("[" + strings.Repeat("1,", 500000) + "1]")
	elems, err := Array(arr, 64)
	if err != nil || len(elems) != 500001 {
		t.Errorf("Array: %d elements, %v", len(elems), err)
	}
}

func TestEach(t *testing.T) {
	data := []byte(` {"b" : [1, {"x":2}], "a":"s", "\u0063":null} `)
	var names []string
	var values []string
	err := Each(data, 64, func(name string, value []byte) error {
		names = append(names, name)
		values = append(values, string(value))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"b", "a", "c"}) || !slices.Equal(values, []string{`[1, {"x":2}]`, `"s"`, `null`}) {
		t.Errorf("Each gave %q %q", names, values)
	}
	stop := errors.New("stop")
	n := 0
	if err := Each(data, 64, func(string, []byte) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("fn error: %v after %d calls", err, n)
	}
	for _, doc := range []string{`[]`, `"x"`, `1`, ``, `  `, `null`} {
		if err := Each([]byte(doc), 64, func(string, []byte) error { return nil }); !errors.Is(err, ErrType) && !errors.Is(err, ErrSyntax) {
			t.Errorf("Each(%q) = %v", doc, err)
		}
	}
	if err := Each([]byte(`{"a":1,"a":2}`), 64, func(string, []byte) error { return nil }); !errors.Is(err, ErrDuplicate) {
		t.Errorf("Each with duplicate: %v", err)
	}
}

func TestObjectArray(t *testing.T) {
	m, err := Object([]byte(`{"a":1,"b":[true]}`), 64)
	if err != nil || string(m["a"]) != "1" || string(m["b"]) != "[true]" || len(m) != 2 {
		t.Errorf("Object = %v, %v", m, err)
	}
	if _, err := Object([]byte(`[1]`), 64); !errors.Is(err, ErrType) {
		t.Errorf("Object of an array: %v", err)
	}
	a, err := Array([]byte(` [ 1 , "x" , {"a":[2]} , [] ] `), 64)
	if err != nil || len(a) != 4 || string(a[1]) != `"x"` || string(a[2]) != `{"a":[2]}` || string(a[3]) != `[]` {
		t.Errorf("Array = %q, %v", a, err)
	}
	if a, err := Array([]byte(`[]`), 64); err != nil || a == nil || len(a) != 0 {
		t.Errorf("empty Array = %q, %v", a, err)
	}
	for _, doc := range []string{`{}`, `1`, `[1,]`, `[1] x`, `[{"a":1,"a":1}]`, `[[[1]]]`} {
		if _, err := Array([]byte(doc), 2); err == nil || !errors.Is(err, ErrInvalid) {
			t.Errorf("Array(%q) = %v", doc, err)
		}
	}
}

func TestString(t *testing.T) {
	for raw, want := range map[string]string{
		`""`: "", `"a"`: "a", `"\u0041\n"`: "A\n", `"\ud83d\ude00"`: "😀", `"é"`: "é", `"\/"`: "/",
	} {
		got, err := String([]byte(raw))
		if err != nil || got != want {
			t.Errorf("String(%s) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{``, `a`, `1`, `null`, `["a"]`, `"a" `, ` "a"`, `"a"x`, `"\ud800"`, "\"\xff\"", `"a`} {
		if _, err := String([]byte(raw)); !errors.Is(err, ErrInvalid) {
			t.Errorf("String(%q) = %v", raw, err)
		}
	}
}

func TestBool(t *testing.T) {
	for raw, want := range map[string]bool{"true": true, "false": false} {
		if got, err := Bool([]byte(raw)); err != nil || got != want {
			t.Errorf("Bool(%s) = %v, %v", raw, got, err)
		}
	}
	for _, raw := range []string{"", "1", "0", `"true"`, "True", "null", "true "} {
		if _, err := Bool([]byte(raw)); !errors.Is(err, ErrType) {
			t.Errorf("Bool(%q) = %v", raw, err)
		}
	}
}

func TestInt64(t *testing.T) {
	for raw, want := range map[string]int64{
		"0": 0, "-0": 0, "1": 1, "-1": -1, "9223372036854775807": 1<<63 - 1, "-9223372036854775808": -1 << 63,
	} {
		if got, err := Int64([]byte(raw)); err != nil || got != want {
			t.Errorf("Int64(%s) = %d, %v", raw, got, err)
		}
	}
	for raw, want := range map[string]error{
		"9223372036854775808": ErrRange, "-9223372036854775809": ErrRange, "1e400": ErrType,
		"1.0": ErrType, "1e2": ErrType, "1E2": ErrType, `"1"`: ErrType, "": ErrType, "01": ErrType,
		"+1": ErrType, "1 ": ErrType, "null": ErrType, "0x10": ErrType,
	} {
		if _, err := Int64([]byte(raw)); !errors.Is(err, want) {
			t.Errorf("Int64(%q) = %v, want %v", raw, err, want)
		}
	}
}

func TestFloat64(t *testing.T) {
	for raw, want := range map[string]float64{"0": 0, "1.5": 1.5, "-2e3": -2000, "1E-2": 0.01, "1e308": 1e308} {
		if got, err := Float64([]byte(raw)); err != nil || got != want {
			t.Errorf("Float64(%s) = %v, %v", raw, got, err)
		}
	}
	for raw, want := range map[string]error{
		"1e309": ErrRange, "-1e400": ErrRange, "NaN": ErrType, "Infinity": ErrType, `"1"`: ErrType, "1.": ErrType, "": ErrType,
	} {
		if _, err := Float64([]byte(raw)); !errors.Is(err, want) {
			t.Errorf("Float64(%q) = %v, want %v", raw, err, want)
		}
	}
}

func TestUnquote(t *testing.T) {
	for raw, want := range map[string]string{`""`: "", `"a"`: "a", `"a\"b"`: `a"b`, `"\u00e9\ud83d\ude00"`: "é😀", `"é"`: "é"} {
		if got, err := Unquote([]byte(raw)); err != nil || got != want {
			t.Errorf("Unquote(%s) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{``, `1`, `null`, `["a"]`, `"\x"`} {
		if _, err := Unquote([]byte(raw)); !errors.Is(err, ErrInvalid) {
			t.Errorf("Unquote(%s) = %v", raw, err)
		}
	}
}

func TestStrings(t *testing.T) {
	for raw, want := range map[string][]string{
		`[]`: {}, `[ ]`: {}, `["a"]`: {"a"}, `[ "a" , "b\u0041" ]`: {"a", "bA"}, `["a","a"]`: {"a", "a"},
		`["1","2","3","4","5","6","7","8","9","10"]`: {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"},
	} {
		got, err := Strings([]byte(raw))
		if err != nil || got == nil || !slices.Equal(got, want) {
			t.Errorf("Strings(%s) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{``, `"a"`, `{}`, `[1]`, `["a",1]`, `[["a"]]`, `["a",]`, `["a"`, `["a"] x`, `[null]`, `["\ud800"]`, `["a" "b"]`} {
		if _, err := Strings([]byte(raw)); !errors.Is(err, ErrInvalid) {
			t.Errorf("Strings(%q) = %v", raw, err)
		}
	}
}

func TestErrorsWrapInvalid(t *testing.T) {
	for _, e := range []error{ErrSyntax, ErrDuplicate, ErrDepth, ErrUTF8, ErrType, ErrRange} {
		if !errors.Is(e, ErrInvalid) || !strings.HasPrefix(e.Error(), "strictjson: ") {
			t.Errorf("%v does not wrap ErrInvalid", e)
		}
	}
}

// FuzzValidate checks strictjson against encoding/json: whatever Validate
// accepts, encoding/json accepts too, and Object finds the same members.
func FuzzValidate(f *testing.F) {
	for _, d := range validDocs {
		f.Add([]byte(d))
	}
	f.Add([]byte(`{"a":1,"\u0061":2}`))
	f.Add([]byte(`"\ud800\udc00"`))
	f.Add([]byte(`{"kty":"oct","k":"AQID","key_ops":["sign"],"x":{"y":[1.5e-3,null]}}`))
	f.Add([]byte(manyMembers(20, "m19x")))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Validate(data, 16)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("Validate accepted %q, encoding/json does not", data)
		}
		v, err := decode(data)
		if err != nil {
			t.Fatalf("encoding/json cannot decode %q: %v", data, err)
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		m, err := Object(data, 16)
		if err != nil {
			t.Fatalf("Object failed where Validate passed: %v", err)
		}
		if len(m) != len(obj) {
			t.Fatalf("Object found %d members, encoding/json %d", len(m), len(obj))
		}
		for name, raw := range m {
			want, ok := obj[name]
			if !ok {
				t.Fatalf("member %q unknown to encoding/json", name)
			}
			got, err := decode(raw)
			if err != nil {
				t.Fatalf("raw value %q: %v", raw, err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("member %q: %v, encoding/json %v", name, got, want)
			}
			if s, err := String(raw); err == nil && s != want {
				t.Fatalf("String(%s) = %q, encoding/json %q", raw, s, want)
			}
			if s, err := Unquote(raw); (err == nil) != (raw[0] == '"') || (err == nil && s != want) {
				t.Fatalf("Unquote(%s) = %q, %v; encoding/json %v", raw, s, err, want)
			}
			if ss, err := Strings(raw); err == nil {
				if fmt.Sprint(ss) != fmt.Sprint(want) {
					t.Fatalf("Strings(%s) = %q, encoding/json %v", raw, ss, want)
				}
				if ss == nil {
					t.Fatalf("Strings(%s) is nil", raw)
				}
			}
		}
	})
}

// decode decodes with encoding/json, keeping numbers as json.Number.
func decode(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}
