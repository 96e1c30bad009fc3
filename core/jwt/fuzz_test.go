package jwt

import (
	"errors"
	"reflect"
	"testing"
)

// FuzzClaims checks that parsing a claims set never panics, fails only
// with ErrMalformed, and that whatever it accepts is written back by the
// signing code into a claims set that parses to equal Claims.
func FuzzClaims(f *testing.F) {
	for _, s := range []string{
		"{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}", // RFC 7519 3.1
		`{"iss":"https://issuer.example","sub":"alice","aud":["api","other"],"exp":1893557045,"nbf":1893553385,"iat":1893553385.5,"jti":"id-1","scope":"read write"}`,
		`{"aud":"single"}`,
		`{"aud":[]}`,
		`{"exp":1.3e9,"nbf":0.000000001,"iat":253402300799.999999999}`,
		`{"exp":253402300800}`,
		`{"exp":-1}`,
		`{"exp":"1300819380"}`,
		`{"exp":null}`,
		`{"iss":"a","ISS":"b"}`,
		`{"kid":"a","\u212aid":"b"}`,
		`{"iss":"\u00e9\n\"\\"}`,
		`{"x":{"y":[1,2,{"z":null}]}}`,
		`[]`,
		``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Claims
		var cs claimSet
		if err := parseClaims(data, 64, &c, &cs, nil); err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		for _, single := range []bool{false, true} {
			out, err := payload(&c, nil, single)
			if err != nil {
				t.Fatalf("accepted claims %+v cannot be written: %v", c, err)
			}
			var again Claims
			var cs2 claimSet
			if err := parseClaims(out, 64, &again, &cs2, nil); err != nil {
				t.Fatalf("written claims %s do not parse: %v", out, err)
			}
			// Empty strings are absent when written.
			want := c
			if want.Issuer == "" || want.Subject == "" || want.ID == "" {
				want.Issuer, want.Subject, want.ID = c.Issuer, c.Subject, c.ID
			}
			if !reflect.DeepEqual(again, want) {
				t.Fatalf("round trip changed the claims:\n got %+v\nwant %+v\nvia %s", again, want, out)
			}
		}
	})
}
