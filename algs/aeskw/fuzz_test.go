package aeskw_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/joseframework/jose/algs/aeskw"
	"github.com/joseframework/jose/core/jwa"
)

// FuzzUnwrap checks that Unwrap never panics, that every failure wraps
// jwa.ErrDecryption, and that whatever it accepts wraps back to the same
// bytes.
func FuzzUnwrap(f *testing.F) {
	seeds := 0
	for _, v := range loadRFC3394(f) {
		f.Add([]byte(v.Input.KEK), []byte(v.Expected.Ciphertext))
		seeds++
	}
	if seeds == 0 {
		f.Fatal("no seeds")
	}
	f.Add(make([]byte, 16), []byte{})
	f.Add(make([]byte, 16), make([]byte, 23))
	f.Fuzz(func(t *testing.T, kek, wrapped []byte) {
		got, err := aeskw.Unwrap(kek, wrapped)
		if err != nil {
			if !errors.Is(err, jwa.ErrDecryption) {
				t.Fatalf("Unwrap error %v does not wrap ErrDecryption", err)
			}
			if got != nil {
				t.Fatal("Unwrap returned data with an error")
			}
			return
		}
		again, err := aeskw.Wrap(kek, got)
		if err != nil {
			t.Fatalf("Wrap of unwrapped data: %v", err)
		}
		if !bytes.Equal(again, wrapped) {
			t.Fatalf("Wrap(Unwrap(x)) = %x, want %x", again, wrapped)
		}
	})
}
