package jwt

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseNumericDate(t *testing.T) {
	tests := []struct {
		in   string
		sec  int64
		nsec int32
		ok   bool
	}{
		{"0", 0, 0, true},
		{"-0", 0, 0, true},
		{"0.0", 0, 0, true},
		{"0e999999999999999", 0, 0, true},
		{"1", 1, 0, true},
		{"1300819380", 1300819380, 0, true},
		{"1300819380.5", 1300819380, 5e8, true},
		{"1300819380.123456789", 1300819380, 123456789, true},
		{"1300819380.1234567891", 1300819380, 123456789, true}, // truncated past the nanosecond
		{"1300819380.000000001", 1300819380, 1, true},
		{"1.30081938e9", 1300819380, 0, true},
		{"1.3008193805E+9", 1300819380, 5e8, true},
		{"13008193800e-1", 1300819380, 0, true},
		{"0.000000001", 0, 1, true},
		{"0.0000000001", 0, 0, true},
		{"1e-400", 0, 0, true},
		{"253402300799", 253402300799, 0, true},
		{"253402300799.999999999", 253402300799, 999999999, true},
		{"2.53402300799e11", 253402300799, 0, true},
		{"9007199254740993", 0, 0, false}, // 2^53+1: out of range, not rounded
		{"253402300800", 0, 0, false},
		{"999999999999", 0, 0, false},
		{"1000000000000", 0, 0, false},
		{"1e12", 0, 0, false},
		{"1e400", 0, 0, false},
		{"1e99999999999999999999", 0, 0, false},
		{strings.Repeat("9", 400), 0, 0, false},
		{"-1", 0, 0, false},
		{"-0.5", 0, 0, false},
		{"-1e-400", 0, 0, false},
		{"-9223372036854775808", 0, 0, false},
		{`"1300819380"`, 0, 0, false},
		{"true", 0, 0, false},
		{"false", 0, 0, false},
		{"null", 0, 0, false},
		{"[1300819380]", 0, 0, false},
		{`{"t":1}`, 0, 0, false},
		{"", 0, 0, false},
		{"01", 0, 0, false},
		{"+1", 0, 0, false},
		{"1.", 0, 0, false},
		{".5", 0, 0, false},
		{"1e", 0, 0, false},
		{"1e+", 0, 0, false},
		{"NaN", 0, 0, false},
		{"Infinity", 0, 0, false},
		{"-", 0, 0, false},
		{"1 ", 0, 0, false},
		{"0x10", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := parseNumericDate([]byte(tt.in))
			if !tt.ok {
				if !errors.Is(err, ErrMalformed) {
					t.Fatalf("parse = %v, %v; want ErrMalformed", d, err)
				}
				var u NumericDate
				if err := u.UnmarshalJSON([]byte(tt.in)); !errors.Is(err, ErrMalformed) {
					t.Fatalf("UnmarshalJSON = %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.sec != tt.sec || d.nsec != tt.nsec {
				t.Fatalf("parse = %d.%09d, want %d.%09d", d.sec, d.nsec, tt.sec, tt.nsec)
			}
			if got := d.Time(); got.Unix() != tt.sec || got.Nanosecond() != int(tt.nsec) || got.Location() != time.UTC {
				t.Errorf("Time() = %v", got)
			}
			// Writing and reading again gives the same value.
			b, err := d.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			again, err := parseNumericDate(b)
			if err != nil || again != d {
				t.Errorf("round trip through %s = %v, %v; want %v", b, again, err, d)
			}
		})
	}
}

func TestNumericDateMarshal(t *testing.T) {
	tests := []struct {
		d    NumericDate
		want string
	}{
		{NumericDate{}, "0"},
		{NumericDate{sec: 1300819380}, "1300819380"},
		{NumericDate{sec: 1300819380, nsec: 5e8}, "1300819380.5"},
		{NumericDate{sec: 1, nsec: 1}, "1.000000001"},
		{NumericDate{sec: 253402300799, nsec: 999999999}, "253402300799.999999999"},
	}
	for _, tt := range tests {
		b, err := tt.d.MarshalJSON()
		if err != nil || string(b) != tt.want {
			t.Errorf("MarshalJSON(%d.%09d) = %s, %v; want %s", tt.d.sec, tt.d.nsec, b, err, tt.want)
		}
	}
	if got, want := (NumericDate{sec: 1300819380, nsec: 5e8}).String(), "2011-03-22T18:43:00.5Z"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestNewNumericDate(t *testing.T) {
	d, err := NewNumericDate(time.Date(2011, 3, 22, 18, 43, 0, 999, time.FixedZone("x", 3600)))
	if err != nil {
		t.Fatal(err)
	}
	if d != (NumericDate{sec: 1300815780}) {
		t.Errorf("NewNumericDate = %d.%09d, want whole seconds 1300815780", d.sec, d.nsec)
	}
	for _, bad := range []time.Time{
		time.Unix(-1, 0),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		{},
	} {
		if _, err := NewNumericDate(bad); !errors.Is(err, ErrInvalidClaims) {
			t.Errorf("NewNumericDate(%v) err = %v, want ErrInvalidClaims", bad, err)
		}
	}
	last, err := NewNumericDate(time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC))
	if err != nil || last.sec != maxNumericDate {
		t.Errorf("last second of 9999: %v, %v", last, err)
	}
}
