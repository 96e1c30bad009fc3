package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// The claim types that inspect reads for its warnings. They judge nothing:
// jwt verify and jwt sign apply the rules of core/jwt.

// registered claims parsed from a claims object.
type registered struct {
	exp, nbf, iat *float64
	iss, sub, jti *string
	aud           []string
	audSet        bool
}

// checkClaimTypes checks the JSON types of the registered claims: "exp",
// "nbf" and "iat" NumericDates (a finite JSON number), "iss", "sub" and
// "jti" strings, "aud" a string or an array of strings.
func checkClaimTypes(c map[string]any) (*registered, error) {
	r := &registered{}
	for _, name := range []string{"exp", "nbf", "iat"} {
		v, ok := c[name]
		if !ok {
			continue
		}
		var f float64
		switch n := v.(type) {
		case json.Number:
			x, err := strconv.ParseFloat(string(n), 64)
			if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
				return nil, fmt.Errorf("%q is not a usable NumericDate: %s", name, n)
			}
			f = x
		case int64:
			f = float64(n)
		default:
			return nil, fmt.Errorf("%q must be a NumericDate (a JSON number), not %s", name, jsonType(v))
		}
		switch name {
		case "exp":
			r.exp = &f
		case "nbf":
			r.nbf = &f
		case "iat":
			r.iat = &f
		}
	}
	for _, name := range []string{"iss", "sub", "jti"} {
		v, ok := c[name]
		if !ok {
			continue
		}
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("%q must be a string, not %s", name, jsonType(v))
		}
		switch name {
		case "iss":
			r.iss = &s
		case "sub":
			r.sub = &s
		case "jti":
			r.jti = &s
		}
	}
	if v, ok := c["aud"]; ok {
		r.audSet = true
		switch a := v.(type) {
		case string:
			r.aud = []string{a}
		case []string:
			r.aud = a
		default:
			list, ok := stringList(v)
			if !ok {
				return nil, fmt.Errorf("\"aud\" must be a string or an array of strings, not %s", jsonType(v))
			}
			r.aud = list
		}
	}
	return r, nil
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case json.Number, int64, float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// fmtDate formats a NumericDate as RFC 3339 in UTC.
func fmtDate(f float64) string {
	if f > 253402300799 || f < -62135596800 { // outside years 1-9999
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC().Format(time.RFC3339)
}
