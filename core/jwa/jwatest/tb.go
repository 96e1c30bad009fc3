package jwatest

import (
	"fmt"
	"testing"
)

// tb is the part of *testing.T the suites use. The suites are written
// against it, not against *testing.T, so that this package's own tests can
// run them with a recorder and show that a broken algorithm fails them.
//
// Fatalf must stop the calling goroutine (as t.FailNow does), and Run must
// run f on a goroutine of its own and wait for it, so that Fatalf in f ends
// only that subtest. Errorf must be safe to call from several goroutines.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Run(name string, f func(t tb)) bool
}

// realT adapts *testing.T to tb.
type realT struct{ t *testing.T }

func (r realT) Helper()                           { r.t.Helper() }
func (r realT) Errorf(format string, args ...any) { r.t.Helper(); r.t.Errorf(format, args...) }
func (r realT) Fatalf(format string, args ...any) { r.t.Helper(); r.t.Fatalf(format, args...) }

func (r realT) Run(name string, f func(t tb)) bool {
	return r.t.Run(name, func(t *testing.T) { f(realT{t}) })
}

// realTB adapts testing.TB (which has no Run) to the subset CheckManifest
// needs; Run runs f inline.
type realTB struct{ t testing.TB }

func (r realTB) Helper()                           { r.t.Helper() }
func (r realTB) Errorf(format string, args ...any) { r.t.Helper(); r.t.Errorf(format, args...) }
func (r realTB) Fatalf(format string, args ...any) { r.t.Helper(); r.t.Fatalf(format, args...) }
func (r realTB) Run(name string, f func(t tb)) bool {
	f(r)
	return true
}

// call runs f and turns a panic into a test error naming what was called,
// so that one panicking implementation reports the rule it broke instead of
// crashing the whole test binary. It reports whether f returned normally.
func call(t tb, what string, f func()) (ok bool) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", what, r)
			ok = false
		}
	}()
	f()
	return true
}

// describe returns a short printable form of a key for messages: its type
// and, for byte slices, its length. It never prints key material.
func describe(key any) string {
	if b, ok := key.([]byte); ok {
		return fmt.Sprintf("[]byte(len %d)", len(b))
	}
	return fmt.Sprintf("%T", key)
}
