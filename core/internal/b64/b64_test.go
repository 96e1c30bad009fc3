package b64

import (
	"bytes"
	"encoding/base64"
	"errors"
	"math/rand/v2"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for n := range 70 {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(i*37 + n)
		}
		s := Encode(src)
		if len(s) != EncodedLen(n) {
			t.Errorf("len(Encode(%d bytes)) = %d, EncodedLen = %d", n, len(s), EncodedLen(n))
		}
		if s != base64.RawURLEncoding.EncodeToString(src) {
			t.Errorf("Encode differs from base64.RawURLEncoding for %d bytes", n)
		}
		got, err := Decode(s)
		if err != nil || !bytes.Equal(got, src) {
			t.Fatalf("Decode(Encode(%x)) = %x, %v", src, got, err)
		}
		got, err = Decode([]byte(s))
		if err != nil || !bytes.Equal(got, src) {
			t.Fatalf("Decode([]byte) = %x, %v", got, err)
		}
		if DecodedLen(len(s)) < n {
			t.Errorf("DecodedLen(%d) = %d < %d", len(s), DecodedLen(len(s)), n)
		}
		if a := AppendEncode([]byte("x."), src); string(a) != "x."+s {
			t.Errorf("AppendEncode = %q", a)
		}
	}
}

func TestDecodeKnown(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "",
		"AA":                   "\x00",
		"AAA":                  "\x00\x00",
		"AAAA":                 "\x00\x00\x00",
		"_-8":                  "\xff\xef",
		"AQAB":                 "\x01\x00\x01",
		"eyJhbGciOiJIUzI1NiJ9": `{"alg":"HS256"}`,
	} {
		got, err := Decode(in)
		if err != nil || string(got) != want {
			t.Errorf("Decode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, in := range []string{
		"AQAB=", "AA==", "AA=", "AAA=", "=", "====", // padding
		" AQAB", "AQAB ", "AQ AB", "AQ\tAB", "AQ\nAB", "AQ\r\nAB", "AQAB\n", "\nAQAB", "AQ\rAB", // whitespace
		"AQ+B", "AQ/B", "A+", // standard alphabet
		"A", "AQABA", "AAAAA", // impossible lengths
		"AB", "AAB", "_-9", "AR", "AAF", // non-zero trailing bits
		"AQ.B", "AQ$B", "AQ\x00B", "AQ\xffB", "é", // outside the alphabet
	} {
		got, err := Decode(in)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("Decode(%q) = %x, %v; want ErrInvalid", in, got, err)
		}
	}
}

func TestAppendDecode(t *testing.T) {
	dst := []byte("prefix")
	out, err := AppendDecode(dst, "AQAB")
	if err != nil || string(out) != "prefix\x01\x00\x01" {
		t.Fatalf("AppendDecode = %q, %v", out, err)
	}
	out, err = AppendDecode(dst, "AQ=B")
	if !errors.Is(err, ErrInvalid) || string(out) != "prefix" {
		t.Fatalf("AppendDecode error = %q, %v; want dst unchanged", out, err)
	}
	out, err = AppendDecode(nil, "")
	if err != nil || len(out) != 0 {
		t.Fatalf("AppendDecode(nil, \"\") = %q, %v", out, err)
	}
}

func TestDecodeLarge(t *testing.T) {
	src := bytes.Repeat([]byte{0xfb, 0xef, 0xbe}, 1<<20)
	got, err := Decode(Encode(src))
	if err != nil || !bytes.Equal(got, src) {
		t.Fatalf("3 MiB round trip: %v", err)
	}
	big := bytes.Repeat([]byte("A"), 4<<20)
	big[len(big)-1] = '\n'
	if _, err := Decode(big); !errors.Is(err, ErrInvalid) {
		t.Fatalf("4 MiB with a newline at the end: %v", err)
	}
}

// FuzzDecode checks that Decode accepts only the one canonical encoding
// of each value: anything it accepts re-encodes to the same text.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "AA", "AB", "AQAB", "AQAB=", "_-8", "_-9", "A", "AQ\nAB", "AQ+B", "eyJhbGciOiJIUzI1NiJ9", "AAAA\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := Decode(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if got := Encode(b); got != s {
			t.Fatalf("Decode(%q) = %x, which encodes to %q", s, b, got)
		}
		ref, err := base64.RawURLEncoding.Strict().DecodeString(s)
		if err != nil || !bytes.Equal(ref, b) {
			t.Fatalf("encoding/base64 disagrees on %q: %x, %v", s, ref, err)
		}
		// The input's bytes, taken as data, encode as encoding/base64 does.
		if got, want := string(AppendEncode([]byte("x"), []byte(s))), "x"+base64.RawURLEncoding.EncodeToString([]byte(s)); got != want {
			t.Fatalf("AppendEncode(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestEncodeForward(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(rnd.Uint32())
		}
		want := base64.RawURLEncoding.EncodeToString(src)
		dst := make([]byte, EncodedLen(n))
		if m := EncodeForward(dst, src); m != len(want) || string(dst) != want {
			t.Fatalf("%d bytes apart: %q, want %q", n, dst[:m], want)
		}
		// In place: src at the smallest gap the doc promises, then at
		// larger ones.
		for extra := range 4 {
			gap := EncodedLen(n) - n + 2 + extra
			buf := make([]byte, gap+n)
			copy(buf[gap:], src)
			if m := EncodeForward(buf, buf[gap:]); m != len(want) || string(buf[:m]) != want {
				t.Fatalf("%d bytes in place, gap %d: %q, want %q", n, gap, buf[:m], want)
			}
		}
	}
}

func BenchmarkEncode1MiB(b *testing.B) {
	src := make([]byte, 1<<20)
	dst := make([]byte, EncodedLen(len(src)))
	b.Run("std", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			enc.Encode(dst, src)
		}
	})
	b.Run("forward", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			EncodeForward(dst, src)
		}
	})
}

// TestDecodeMatchesStrictStd compares Decode with encoding/base64's strict
// raw URL decoder, which also refuses "\r" and "\n" here, on random
// strings over the alphabet with and without a foreign byte, at every
// length up to 300.
func TestDecodeMatchesStrictStd(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	std := base64.RawURLEncoding.Strict()
	foreign := []byte("=+/ \r\n\t.\x00\x80\xff")
	for n := range 301 {
		for trial := range 20 {
			src := make([]byte, n)
			for i := range src {
				src[i] = alphabet[rnd.IntN(64)]
			}
			if trial%2 == 1 && n > 0 {
				src[rnd.IntN(n)] = foreign[rnd.IntN(len(foreign))]
			}
			got, err := Decode(src)
			want, stdErr := std.DecodeString(string(src))
			if bytes.ContainsAny(src, "\r\n") {
				stdErr = errors.New("newline")
			}
			if (err == nil) != (stdErr == nil) || (err == nil && !bytes.Equal(got, want)) {
				t.Fatalf("Decode(%q) = %x, %v; encoding/base64 %x, %v", src, got, err, want, stdErr)
			}
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
		}
	}
}

func BenchmarkDecode1MiB(b *testing.B) {
	src := []byte(Encode(make([]byte, 1<<20)))
	dst := make([]byte, DecodedLen(len(src)))
	b.Run("std", func(b *testing.B) {
		b.SetBytes(int64(len(dst)))
		for b.Loop() {
			enc.Decode(dst, src)
		}
	})
	b.Run("own", func(b *testing.B) {
		b.SetBytes(int64(len(dst)))
		for b.Loop() {
			decode(dst, src)
		}
	})
}
