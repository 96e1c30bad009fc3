package jwt

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/joseframework/jose/core/internal/strictjson"
)

// The custom claims decoder must give what encoding/json.Unmarshal gives.
// These tests decode with readClaims and with encoding/json, and compare.

type namedString string

type upper string

func (u *upper) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*u = upper(strings.ToUpper(s))
	return nil
}

// allKinds has a field of every kind the decoder treats apart.
type allKinds struct {
	S      string            `json:"s"`
	B      bool              `json:"b"`
	I8     int8              `json:"i8"`
	I      int               `json:"i"`
	U16    uint16            `json:"u16"`
	U      uint64            `json:"u"`
	F32    float32           `json:"f32"`
	F      float64           `json:"f"`
	SS     []string          `json:"ss"`
	Named  namedString       `json:"named"`
	Num    json.Number       `json:"num"`
	Upper  upper             `json:"upper"`
	Any    any               `json:"any"`
	Map    map[string]int    `json:"map"`
	Ptr    *string           `json:"ptr"`
	Time   time.Time         `json:"time"`
	Raw    json.RawMessage   `json:"raw"`
	Bytes  []byte            `json:"bytes"`
	Nested struct{ A []int } `json:"nested"`
	NoTag  string
	//lint:ignore SA5008 a tag name encoding/json does not take, on purpose
	BadTag string `json:"a\"b"`
	Empty  string `json:",omitempty"`
	Dash   string `json:"-"`
	//lint:ignore SA5008 the field named "-", on purpose
	DashC   string `json:"-,"`
	Unicode string `json:"ü"`
	//lint:ignore U1000 an unexported field, which encoding/json skips
	skipped string
}

// Types the decoder must leave to encoding/json whole.
type (
	withString struct {
		N int `json:"n,string"`
	}
	embedded struct {
		namedEmbed
		S string `json:"s"`
	}
	namedEmbed struct {
		E string `json:"e"`
	}
	selfDecoding struct{ S string }
	foldTwins    struct {
		A string `json:"k"`
		B string `json:"K"`
	}
)

func (s *selfDecoding) UnmarshalJSON([]byte) error { s.S = "self"; return nil }

func TestBuildPlan(t *testing.T) {
	for _, tt := range []struct {
		typ  reflect.Type
		plan bool
	}{
		{reflect.TypeFor[allKinds](), true},
		{reflect.TypeFor[struct{}](), true},
		{reflect.TypeFor[withString](), false},
		{reflect.TypeFor[embedded](), false},
		{reflect.TypeFor[selfDecoding](), false},
		{reflect.TypeFor[foldTwins](), false},
		{reflect.TypeFor[map[string]any](), false},
		{reflect.TypeFor[*allKinds](), false},
		{reflect.TypeFor[[]string](), false},
	} {
		if got := planFor(tt.typ) != nil; got != tt.plan {
			t.Errorf("%v: plan %v, want %v", tt.typ, got, tt.plan)
		}
	}
	p := planFor(reflect.TypeFor[allKinds]())
	var names []string
	for _, f := range p.fields {
		names = append(names, f.name)
	}
	want := "s b i8 i u16 u f32 f ss named num upper any map ptr time raw bytes nested NoTag BadTag Empty - ü"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("names %q, want %q", got, want)
	}
}

// decodeBoth decodes payload into a fresh T with readClaims and with
// encoding/json. ok is false when readClaims refused payload for a reason
// of its own (not JSON it accepts, or a bad registered claim).
func decodeBoth[T any](t testing.TB, payload []byte) (ok bool) {
	t.Helper()
	var (
		c      Claims
		cs     claimSet
		viaUs  T
		viaStd T
	)
	_, err := readClaims(payload, 16, &c, &cs, &viaUs, nil)
	if err != nil && !strings.Contains(err.Error(), "custom claims:") {
		return false
	}
	stdErr := json.Unmarshal(payload, &viaStd)
	if (err == nil) != (stdErr == nil) {
		t.Fatalf("%s: readClaims error %v, encoding/json error %v", payload, err, stdErr)
	}
	if err != nil {
		if !errors.Is(err, ErrMalformed) {
			t.Fatalf("%s: error %v does not wrap ErrMalformed", payload, err)
		}
		return true
	}
	if !reflect.DeepEqual(viaUs, viaStd) {
		t.Fatalf("%s:\nreadClaims    %#v\nencoding/json %#v", payload, viaUs, viaStd)
	}
	return true
}

var customCases = []string{
	`{}`,
	`{"s":"x","b":true,"i8":-128,"i":42,"u16":65535,"u":18446744073709551615,"f32":1.5,"f":-0.0,"ss":["a","b"]}`,
	`{"s":"esc\"aped \u00e9 \ud83d\ude00","ss":[],"named":"n","upper":"up"}`,
	`{"s":null,"b":null,"i":null,"ss":null,"f":null,"upper":null,"ptr":null,"any":null}`,
	`{"ss":["a",null,"c"]}`,
	`{"i8":128}`, `{"i8":-129}`, `{"i":1.0}`, `{"i":1e2}`, `{"i":"1"}`, `{"i":-0}`,
	`{"u16":65536}`, `{"u":-1}`, `{"u":1.5}`,
	`{"f32":3.5e38}`, `{"f32":1e-50}`, `{"f":1e400}`, `{"f":"1"}`, `{"f":true}`,
	`{"b":"true"}`, `{"b":1}`, `{"s":1}`, `{"s":["x"]}`, `{"ss":"x"}`, `{"ss":[1]}`, `{"ss":{"a":"b"}}`,
	`{"any":{"a":[1,"b",null]},"map":{"x":1},"ptr":"p","time":"2026-12-04T08:00:00Z","raw":{"r":[1]},"bytes":"AAE="}`,
	`{"num":12.5}`, `{"num":"12"}`, `{"num":"abc"}`, `{"num":""}`, `{"num":true}`,
	`{"time":"not a time"}`, `{"map":{"x":"y"}}`, `{"nested":{"A":[1,2]}}`, `{"bytes":"!"}`,
	`{"NoTag":"n","BadTag":"b","Empty":"e","Dash":"d","-":"dc","ü":"u","skipped":"s"}`,
	// Names that match a field only case-insensitively: encoding/json
	// fills the field, and so must we.
	`{"S":"upper-case name"}`, `{"notag":"n"}`, `{"Ü":"u"}`, `{"ſ":"long s"}`, `{"SS":["a"],"s":"x"}`,
	`{"\u0073":"escaped name"}`,
	// Registered claims, which a field may also receive.
	`{"iss":"i","sub":"s","exp":1,"s":"x"}`,
}

func TestCustomMatchesEncodingJSON(t *testing.T) {
	run := func(t *testing.T, f func(testing.TB, []byte) bool) {
		for _, c := range customCases {
			if strictjson.Validate([]byte(c), 16) != nil {
				t.Fatalf("case %s is not valid JSON", c)
			}
			if !f(t, []byte(c)) {
				t.Errorf("%s: refused by readClaims", c)
			}
		}
	}
	t.Run("allKinds", func(t *testing.T) { run(t, decodeBoth[allKinds]) })
	t.Run("withString", func(t *testing.T) { run(t, decodeBoth[withString]) })
	t.Run("embedded", func(t *testing.T) { run(t, decodeBoth[embedded]) })
	t.Run("selfDecoding", func(t *testing.T) { run(t, decodeBoth[selfDecoding]) })
	t.Run("map", func(t *testing.T) { run(t, decodeBoth[map[string]any]) })
}

// TestCustomErrorsAfterClaims checks that a bad registered claim is
// reported before a custom claim of the wrong type, as when encoding/json
// decoded the custom claims after the scan.
func TestCustomErrorsAfterClaims(t *testing.T) {
	var (
		c  Claims
		cs claimSet
		v  allKinds
	)
	_, err := readClaims([]byte(`{"s":1,"exp":"soon"}`), 16, &c, &cs, &v, nil)
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), `"exp"`) {
		t.Fatalf("error %v, want the exp claim's", err)
	}
}

func FuzzCustom(f *testing.F) {
	for _, c := range customCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		decodeBoth[allKinds](t, payload)
		decodeBoth[embedded](t, payload)
	})
}

// encodable has a field of every kind the encoder writes itself.
type encodable struct {
	S     string      `json:"s"`
	SO    string      `json:"so,omitempty"`
	B     bool        `json:"b"`
	BO    bool        `json:"bo,omitempty"`
	I     int64       `json:"i"`
	IO    int8        `json:"io,omitempty"`
	U     uint        `json:"u"`
	UO    uint16      `json:"uo,omitempty"`
	SS    []string    `json:"ss"`
	SSO   []string    `json:"sso,omitempty"`
	Named namedString `json:"named"`
	NoTag string
	HTML  string `json:"<&>"`
	//lint:ignore SA5008 a tag name encoding/json does not take, on purpose
	Odd  string `json:"a\"b,omitempty"`
	Dash string `json:"-"`
	//lint:ignore SA5008 the field named "-", on purpose
	DashC  string `json:"-,"`
	hidden string
}

// Types the encoder must leave to encoding/json whole.
type (
	withFloat struct {
		F float64 `json:"f"`
	}
	withOmitZero struct {
		S string `json:"s,omitzero"`
	}
	withMarshaler struct {
		T time.Time `json:"t"`
	}
	selfEncoding struct{ S string }
	sameNames    struct {
		A string `json:"X"`
		X string // encoding/json writes the tagged field only
	}
)

func (s selfEncoding) MarshalJSON() ([]byte, error) { return []byte(`{"self":true}`), nil }

func TestBuildEncodePlan(t *testing.T) {
	for _, tt := range []struct {
		typ  reflect.Type
		plan bool
	}{
		{reflect.TypeFor[encodable](), true},
		{reflect.TypeFor[struct{}](), true},
		{reflect.TypeFor[allKinds](), false},
		{reflect.TypeFor[withFloat](), false},
		{reflect.TypeFor[struct{ N json.Number }](), false},
		{reflect.TypeFor[withOmitZero](), false},
		{reflect.TypeFor[withMarshaler](), false},
		{reflect.TypeFor[withString](), false},
		{reflect.TypeFor[embedded](), false},
		{reflect.TypeFor[selfEncoding](), false},
		{reflect.TypeFor[sameNames](), false},
	} {
		if got := encodePlanFor(tt.typ) != nil; got != tt.plan {
			t.Errorf("%v: plan %v, want %v", tt.typ, got, tt.plan)
		}
	}
}

// encodeBoth writes the claims set of c and custom with the plan and
// with encoding/json, and requires the same bytes or both an error.
func encodeBoth(t testing.TB, c *Claims, custom any) {
	t.Helper()
	got, err := payload(c, custom, false)
	want, stdErr := payloadJSON(c, custom, false)
	if (err == nil) != (stdErr == nil) {
		t.Fatalf("%#v: error %v, via encoding/json %v", custom, err, stdErr)
	}
	if err != nil {
		if !errors.Is(err, ErrInvalidClaims) || !errors.Is(stdErr, ErrInvalidClaims) {
			t.Fatalf("errors %v and %v do not both wrap ErrInvalidClaims", err, stdErr)
		}
		return
	}
	if string(got) != string(want) {
		t.Fatalf("%#v:\nplan          %s\nencoding/json %s", custom, got, want)
	}
}

var encodeStrings = []string{
	"", "plain", `quote " backslash \ slash /`, "<script>&amp;</script>", "\b\f\n\r\t\x00\x01\x1f\x7f",
	"é 😀 \u2028 \u2029 \ufffd", "bad \xff utf-8", "\xed\xa0\x80", "trail\xc3",
}

func TestCustomEncodeMatchesEncodingJSON(t *testing.T) {
	exp := NewNumericDate
	d, _ := exp(time.Unix(1800000000, 0))
	for _, c := range []*Claims{nil, {}, {Issuer: "i", Expiry: &d}} {
		for _, s := range encodeStrings {
			v := encodable{S: s, SO: s, I: -1 << 63, U: 1<<64 - 1, SS: []string{s, "x"}, Named: namedString(s), NoTag: s, HTML: s, Odd: s}
			encodeBoth(t, c, v)
			encodeBoth(t, c, &v)
		}
		encodeBoth(t, c, encodable{})
		encodeBoth(t, c, encodable{BO: true, IO: -1, UO: 1, SS: []string{}, SSO: []string{"a"}, DashC: "dc", Dash: "d", hidden: "h"})
		encodeBoth(t, c, (*encodable)(nil))
		encodeBoth(t, c, struct{}{})
		encodeBoth(t, c, struct {
			Iss string `json:"iss"`
		}{"x"})
		encodeBoth(t, c, struct {
			Iss string `json:"iss,omitempty"`
		}{})
		encodeBoth(t, c, struct {
			ISS string
		}{"case twin of iss"})
		encodeBoth(t, c, struct {
			A string `json:"k"`
			B string `json:"K"`
		}{"a", "b"})
		encodeBoth(t, c, selfEncoding{"s"})
		encodeBoth(t, c, &selfEncoding{"s"})
		encodeBoth(t, c, withFloat{1.5})
		encodeBoth(t, c, sameNames{"a", "x"})
		for _, n := range []json.Number{"42", "", "abc", "1e3"} {
			encodeBoth(t, c, struct {
				N json.Number `json:"n"`
			}{n})
		}
	}
}

func FuzzCustomEncode(f *testing.F) {
	for _, s := range encodeStrings {
		f.Add(s, int64(-1), uint64(7), true)
	}
	f.Fuzz(func(t *testing.T, s string, i int64, u uint64, b bool) {
		encodeBoth(t, nil, encodable{S: s, SO: s, B: b, I: i, IO: int8(i), U: uint(u), UO: uint16(u), SS: []string{s}, Named: namedString(s), HTML: s, Odd: s})
		encodeBoth(t, &Claims{Subject: "s"}, &struct {
			Name string   `json:",omitempty"`
			List []string `json:"list,omitempty"`
		}{s, []string{s, s}})
	})
}

// TestClaimStringsOwnTheirBytes checks that claim strings, shared or not,
// do not change when the payload they were read from does.
func TestClaimStringsOwnTheirBytes(t *testing.T) {
	type custom struct {
		Name  string   `json:"name"`
		Roles []string `json:"roles"`
	}
	for _, pad := range []int{0, maxShared} { // shared copy, then one copy per string
		payload := []byte(`{"iss":"issuer","aud":"one","name":"n\u00e9","roles":["a","b"],"pad":"` + strings.Repeat("p", pad) + `"}`)
		var (
			c  Claims
			cs claimSet
			v  custom
		)
		if _, err := readClaims(payload, 16, &c, &cs, &v, nil); err != nil {
			t.Fatal(err)
		}
		for i := range payload {
			payload[i] = 'X'
		}
		if c.Issuer != "issuer" || !reflect.DeepEqual(c.Audience, Audience{"one"}) || v.Name != "né" || !reflect.DeepEqual(v.Roles, []string{"a", "b"}) {
			t.Errorf("pad %d: claims changed with the payload: %+v %+v", pad, c, v)
		}
		if shared := cs.text != ""; shared != (pad == 0) {
			t.Errorf("pad %d: shared copy %v", pad, shared)
		}
	}
}
