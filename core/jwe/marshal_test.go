package jwe

import (
	"encoding/json"
	"testing"
)

// TestMarshalString checks that marshalString writes what json.Marshal
// does, on the fast path and off it.
func TestMarshalString(t *testing.T) {
	for _, s := range []string{
		"", "dir", "A128GCM", "RSA-OAEP-256", "at+jwt", "a b~", "\x7f", "\x00", "\t", "a\"b", `a\b`,
		"<", ">", "&", "é", "\u2028", "\u2029", "\xff", "a\xc3", "日本", "😀",
	} {
		want, _ := json.Marshal(s)
		if got := marshalString(s); string(got) != string(want) {
			t.Errorf("marshalString(%q) = %s, want %s", s, got, want)
		}
		if got := appendMarshalString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("appendMarshalString(x, %q) = %s, want x%s", s, got, want)
		}
	}
}
