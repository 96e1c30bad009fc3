package jwt

import (
	"fmt"
	"strconv"
	"time"
)

// The range of a NumericDate, in seconds since 1970-01-01T00:00:00Z: from
// the epoch to the last second of year 9999. No JWT predates the epoch,
// and dates past year 9999 serve only to overflow someone's arithmetic;
// both are refused as malformed.
const (
	minNumericDate = 0
	maxNumericDate = 253402300799 // 9999-12-31T23:59:59Z
)

// A NumericDate is a JWT date (RFC 7519, Section 2): a JSON number of
// seconds since 1970-01-01T00:00:00Z UTC, ignoring leap seconds. It may
// have a fraction, which is kept to the nanosecond (further digits are
// truncated). The zero value is the epoch itself; NumericDates are
// comparable with ==.
//
// Accepted values lie between the epoch and 9999-12-31T23:59:59.999999999Z.
// A JSON number outside that range, including any negative number, and
// any value that is not a JSON number (a string, a boolean, null) is
// malformed. Exponents are accepted when the value is in range, such as
// 1.3e9.
//
// NumericDate implements json.Marshaler and json.Unmarshaler with these
// rules, so it can type date claims of the caller's own, such as
// "auth_time". Its UnmarshalJSON refuses null: a date claim that may be
// null belongs in a *NumericDate field, which encoding/json sets to nil.
type NumericDate struct {
	sec  int64 // within [minNumericDate, maxNumericDate]
	nsec int32 // within [0, 1e9)
}

// NewNumericDate returns the NumericDate of t, truncated to whole seconds:
// fractional dates are valid but some verifiers refuse them, so tokens
// made here carry integers. It returns an error wrapping ErrInvalidClaims
// if t is before the epoch or after year 9999.
func NewNumericDate(t time.Time) (NumericDate, error) {
	s := t.Unix()
	if s < minNumericDate || s > maxNumericDate {
		return NumericDate{}, fmt.Errorf("%w: date %v is outside 1970-01-01 to 9999-12-31", ErrInvalidClaims, t)
	}
	return NumericDate{sec: s}, nil
}

// Time returns the date as a time.Time in UTC.
func (d NumericDate) Time() time.Time { return time.Unix(d.sec, int64(d.nsec)).UTC() }

// String returns the date in RFC 3339 format with nanoseconds, in UTC.
func (d NumericDate) String() string { return d.Time().Format(time.RFC3339Nano) }

// MarshalJSON writes the date as a JSON number: integer seconds, followed
// by a fraction without trailing zeros when the date has one.
func (d NumericDate) MarshalJSON() ([]byte, error) { return d.appendJSON(nil), nil }

func (d NumericDate) appendJSON(b []byte) []byte {
	b = strconv.AppendInt(b, d.sec, 10)
	if ns := d.nsec; ns != 0 {
		var frac [10]byte
		frac[0] = '.'
		for i := 9; i >= 1; i-- {
			frac[i] = byte('0' + ns%10)
			ns /= 10
		}
		n := 10
		for frac[n-1] == '0' {
			n--
		}
		b = append(b, frac[:n]...)
	}
	return b
}

// UnmarshalJSON reads a JSON number under the rules of [NumericDate]. It
// returns an error wrapping ErrMalformed for anything else.
func (d *NumericDate) UnmarshalJSON(data []byte) error {
	v, err := parseNumericDate(data)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// parseNumericDate decodes raw, a JSON value, exactly: the decimal digits
// are read as such, never through a float64, so that every in-range date
// with up to nine fractional digits keeps its value.
func parseNumericDate(raw []byte) (NumericDate, error) {
	bad := func(why string) (NumericDate, error) {
		if len(raw) > 40 {
			return NumericDate{}, fmt.Errorf("%w: NumericDate %.40s…: %s", ErrMalformed, raw, why)
		}
		return NumericDate{}, fmt.Errorf("%w: NumericDate %s: %s", ErrMalformed, raw, why)
	}
	i := 0
	neg := false
	if i < len(raw) && raw[i] == '-' {
		neg = true
		i++
	}
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	intStart := i
	for i < len(raw) && digit(raw[i]) {
		i++
	}
	intPart := raw[intStart:i]
	if len(intPart) == 0 || (len(intPart) > 1 && intPart[0] == '0') {
		return bad("not a JSON number")
	}
	var frac []byte
	if i < len(raw) && raw[i] == '.' {
		i++
		s := i
		for i < len(raw) && digit(raw[i]) {
			i++
		}
		frac = raw[s:i]
		if len(frac) == 0 {
			return bad("not a JSON number")
		}
	}
	exp := 0
	if i < len(raw) && (raw[i] == 'e' || raw[i] == 'E') {
		i++
		sign := 1
		if i < len(raw) && (raw[i] == '+' || raw[i] == '-') {
			if raw[i] == '-' {
				sign = -1
			}
			i++
		}
		s := i
		for i < len(raw) && digit(raw[i]) {
			if exp < 1e8 { // saturate: anything larger is out of range or zero anyway
				exp = exp*10 + int(raw[i]-'0')
			}
			i++
		}
		if i == s {
			return bad("not a JSON number")
		}
		exp *= sign
	}
	if i != len(raw) {
		return bad("not a JSON number")
	}

	// The value is the digit string intPart‖frac with the decimal point
	// after point digits.
	n := len(intPart) + len(frac)
	at := func(k int) int {
		switch {
		case k < 0 || k >= n:
			return 0
		case k < len(intPart):
			return int(intPart[k] - '0')
		default:
			return int(frac[k-len(intPart)] - '0')
		}
	}
	first := 0 // first non-zero digit
	for first < n && at(first) == 0 {
		first++
	}
	if first == n {
		return NumericDate{}, nil // zero, whatever the sign and exponent
	}
	if neg {
		return bad("before 1970")
	}
	point := len(intPart) + exp
	if point-first > 12 { // more than 12 integer digits
		return bad("after year 9999")
	}
	var sec int64
	for k := first; k < point; k++ {
		sec = sec*10 + int64(at(k))
	}
	var nsec int64
	for k := point; k < point+9; k++ {
		nsec = nsec*10 + int64(at(k))
	}
	if sec > maxNumericDate {
		return bad("after year 9999")
	}
	return NumericDate{sec: sec, nsec: int32(nsec)}, nil
}
