package jwa_test

import (
	"testing"

	"github.com/joseframework/jose/core/jwa"
)

// The defaults are the numbers DESIGN.md and docs/security.md promise.
func TestDefaultLimits(t *testing.T) {
	want := jwa.Limits{
		MaxTokenSize:        1 << 20,
		MaxHeaderSize:       64 << 10,
		MaxDepth:            64,
		MaxSignatures:       32,
		MaxRecipients:       32,
		MaxDecompressedSize: 250_000,
		MaxPBES2Count:       10_000,
		MinPBES2Count:       1_000,
	}
	if got := jwa.DefaultLimits(); got != want {
		t.Errorf("DefaultLimits() = %+v\nwant %+v", got, want)
	}
	consts := jwa.Limits{
		MaxTokenSize:        jwa.DefaultMaxTokenSize,
		MaxHeaderSize:       jwa.DefaultMaxHeaderSize,
		MaxDepth:            jwa.DefaultMaxDepth,
		MaxSignatures:       jwa.DefaultMaxSignatures,
		MaxRecipients:       jwa.DefaultMaxRecipients,
		MaxDecompressedSize: jwa.DefaultMaxDecompressedSize,
		MaxPBES2Count:       jwa.DefaultMaxPBES2Count,
		MinPBES2Count:       jwa.DefaultMinPBES2Count,
	}
	if consts != want {
		t.Errorf("the Default* constants = %+v\nwant %+v", consts, want)
	}
	if d := jwa.DefaultLimits(); d.MinPBES2Count > d.MaxPBES2Count {
		t.Errorf("default PBES2 range is empty: %d..%d", d.MinPBES2Count, d.MaxPBES2Count)
	}
}

func TestWithDefaults(t *testing.T) {
	d := jwa.DefaultLimits()
	if got := (jwa.Limits{}).WithDefaults(); got != d {
		t.Errorf("zero Limits.WithDefaults() = %+v, want the defaults", got)
	}
	neg := jwa.Limits{
		MaxTokenSize: -1, MaxHeaderSize: -1, MaxDepth: -1, MaxSignatures: -1,
		MaxRecipients: -1, MaxDecompressedSize: -1, MaxPBES2Count: -1, MinPBES2Count: -1,
	}
	if got := neg.WithDefaults(); got != d {
		t.Errorf("negative Limits.WithDefaults() = %+v, want the defaults", got)
	}
	set := jwa.Limits{
		MaxTokenSize: 1, MaxHeaderSize: 2, MaxDepth: 3, MaxSignatures: 4,
		MaxRecipients: 5, MaxDecompressedSize: 6, MaxPBES2Count: 7, MinPBES2Count: 8,
	}
	if got := set.WithDefaults(); got != set {
		t.Errorf("WithDefaults changed set fields: %+v", got)
	}
	// One field at a time: only the zero field takes its default.
	partial := jwa.Limits{MaxDepth: 10, MaxPBES2Count: 20_000}
	want := d
	want.MaxDepth, want.MaxPBES2Count = 10, 20_000
	if got := partial.WithDefaults(); got != want {
		t.Errorf("partial Limits.WithDefaults() = %+v\nwant %+v", got, want)
	}
	if partial != (jwa.Limits{MaxDepth: 10, MaxPBES2Count: 20_000}) {
		t.Errorf("WithDefaults modified its receiver")
	}
	if got := d.WithDefaults().WithDefaults(); got != d {
		t.Errorf("WithDefaults is not idempotent")
	}
}
