package jwt

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func nd(sec int64, nsec int32) *NumericDate { return &NumericDate{sec: sec, nsec: nsec} }

func TestParseClaims(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		want    *Claims // nil: ErrMalformed
	}{
		{"empty object", `{}`, &Claims{}},
		{"all registered", `{"iss":"joe","sub":"s","aud":["a","b"],"exp":3,"nbf":1,"iat":2.5,"jti":"id"}`,
			&Claims{Issuer: "joe", Subject: "s", Audience: Audience{"a", "b"}, Expiry: nd(3, 0), NotBefore: nd(1, 0), IssuedAt: nd(2, 5e8), ID: "id"}},
		{"RFC 7519 3.1", "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}",
			&Claims{Issuer: "joe", Expiry: nd(1300819380, 0)}},
		{"aud string", `{"aud":"a"}`, &Claims{Audience: Audience{"a"}}},
		{"aud empty string", `{"aud":""}`, &Claims{Audience: Audience{""}}},
		{"aud one-element array", `{"aud":["a"]}`, &Claims{Audience: Audience{"a"}}},
		{"aud escaped", `{"aud":["\u0061\n"]}`, &Claims{Audience: Audience{"a\n"}}},
		{"aud empty array", `{"aud":[]}`, nil},
		{"aud array of numbers", `{"aud":[1]}`, nil},
		{"aud mixed array", `{"aud":["a",1]}`, nil},
		{"aud nested array", `{"aud":[["a"]]}`, nil},
		{"empty strings", `{"iss":"","sub":"","jti":""}`, &Claims{}},
		{"unknown members ignored", `{"foo":{"bar":[1,2,{"x":null}]},"baz":null}`, &Claims{}},
		{"exp zero", `{"exp":0}`, &Claims{Expiry: nd(0, 0)}},
		{"exp huge", `{"exp":1e300}`, nil},
		{"exp negative", `{"exp":-1}`, nil},
		{"nbf huge", `{"nbf":99999999999999999999999}`, nil},
		{"iat negative", `{"iat":-1300819380}`, nil},
		{"duplicate", `{"iss":"a","iss":"b"}`, nil},
		{"duplicate escaped", `{"iss":"a","\u0069ss":"b"}`, nil},
		{"duplicate by case", `{"iss":"a","ISS":"b"}`, nil},
		{"duplicate by case, custom", `{"scope":"a","Scope":"b"}`, nil},
		{"duplicate by Kelvin sign", `{"kid":"a","\u212aid":"b"}`, nil},
		{"duplicate by long s", `{"sub":"a","\u017fub":"b"}`, nil},
		{"case variants nested are kept", `{"x":{"a":1,"A":2}}`, &Claims{}},
		{"not an object", `["iss"]`, nil},
		{"string", `"x"`, nil},
		{"empty", ``, nil},
		{"trailing data", `{} {}`, nil},
		{"invalid UTF-8", "{\"iss\":\"\xff\"}", nil},
		{"lone surrogate", `{"iss":"\ud800"}`, nil},
		{"too deep", strings.Repeat(`{"a":`, 70) + "1" + strings.Repeat("}", 70), nil},
	}
	// A wrong JSON type for every registered claim.
	for _, name := range registered {
		bad := []string{`null`, `true`, `{}`, `1`, `"1"`, `["1"]`, `[]`}
		for _, v := range bad {
			ok := false
			switch {
			case name == "aud" && (v == `"1"` || v == `["1"]`):
				ok = true
			case (name == "exp" || name == "nbf" || name == "iat") && v == `1`:
				ok = true
			case (name == "iss" || name == "sub" || name == "jti") && v == `"1"`:
				ok = true
			}
			if ok {
				continue
			}
			tests = append(tests, struct {
				name    string
				payload string
				want    *Claims
			}{fmt.Sprintf("%s is %s", name, v), fmt.Sprintf(`{%q:%s}`, name, v), nil})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Claims
			var cs claimSet
			err := parseClaims([]byte(tt.payload), 64, &c, &cs, nil)
			if tt.want == nil {
				if !errors.Is(err, ErrMalformed) {
					t.Fatalf("err = %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(&c, tt.want) {
				t.Errorf("claims = %+v, want %+v", c, *tt.want)
			}
		})
	}
}

func TestParseClaimsManyNames(t *testing.T) {
	// Past 16 names the case-fold check uses a map: check both paths.
	for _, n := range []int{15, 16, 17, 40} {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, `"name%d":%d,`, i, i)
		}
		ok := b.String() + `"last":0}`
		var c Claims
		var cs claimSet
		if err := parseClaims([]byte(ok), 64, &c, &cs, nil); err != nil {
			t.Errorf("%d names: %v", n, err)
		}
		for _, dup := range []string{`"NAME0"`, `"Name1"`, `"LAST"`, fmt.Sprintf(`"NAME%d"`, n-1)} {
			bad := b.String() + `"last":0,` + dup + `:1}`
			if err := parseClaims([]byte(bad), 64, &c, &cs, nil); !errors.Is(err, ErrMalformed) {
				t.Errorf("%d names + %s: err = %v, want ErrMalformed", n, dup, err)
			}
		}
	}
}

func TestFoldHashMatchesEqualFold(t *testing.T) {
	pairs := [][2]string{
		{"kid", "KID"}, {"kid", "\u212aid"}, {"sub", "\u017fub"}, {"Straße", "STRASSE"},
		{"σ", "Σ"}, {"ς", "Σ"}, {"a", "b"}, {"é", "É"}, {"", ""},
	}
	for _, p := range pairs {
		eq := strings.EqualFold(p[0], p[1])
		if got := foldHash(p[0]) == foldHash(p[1]); eq && !got {
			t.Errorf("%q and %q are EqualFold but hash differently", p[0], p[1])
		}
		if got := string(appendFold(nil, p[0])) == string(appendFold(nil, p[1])); got != eq {
			t.Errorf("appendFold(%q) == appendFold(%q) is %v, EqualFold %v", p[0], p[1], got, eq)
		}
	}
}

func TestAppendMembers(t *testing.T) {
	c := Claims{
		Issuer: "i\"\\\n\x01é", Subject: "s", Audience: Audience{"a"},
		Expiry: nd(3, 5e8), NotBefore: nd(1, 0), IssuedAt: nd(2, 0), ID: "j",
	}
	tests := []struct {
		single bool
		want   string
	}{
		{false, `"iss":"i\"\\\n\u0001é","sub":"s","aud":["a"],"exp":3.5,"nbf":1,"iat":2,"jti":"j"`},
		{true, `"iss":"i\"\\\n\u0001é","sub":"s","aud":"a","exp":3.5,"nbf":1,"iat":2,"jti":"j"`},
	}
	for _, tt := range tests {
		b, err := c.appendMembers(nil, tt.single)
		if err != nil || string(b) != tt.want {
			t.Errorf("single=%v: %s, %v\nwant %s", tt.single, b, err, tt.want)
		}
		var back Claims
		var cs claimSet
		if err := parseClaims([]byte("{"+string(b)+"}"), 64, &back, &cs, nil); err != nil || !reflect.DeepEqual(back, c) {
			t.Errorf("read back %+v, %v", back, err)
		}
	}
	for _, bad := range []Claims{
		{Issuer: "\xff"},
		{Audience: Audience{"ok", "\xfe"}},
		{Audience: Audience{}},
		{Expiry: nd(-1, 0)},
		{IssuedAt: nd(maxNumericDate+1, 0)},
	} {
		if _, err := bad.appendMembers(nil, false); !errors.Is(err, ErrInvalidClaims) {
			t.Errorf("%+v: err = %v, want ErrInvalidClaims", bad, err)
		}
	}
}
