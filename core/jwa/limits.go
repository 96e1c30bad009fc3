package jwa

// Limits bounds the work and memory that parsing, verifying and decrypting
// one token may take. A zero field means the default given in its comment;
// use [Limits.WithDefaults] to resolve them. The defaults are deliberately
// generous for real tokens and small enough that a hostile token cannot
// exhaust a server; docs/security.md gives the reason for each.
type Limits struct {
	// MaxTokenSize is the largest serialized token accepted, in bytes,
	// checked before any splitting or decoding. Default 1 MiB.
	MaxTokenSize int
	// MaxHeaderSize is the largest decoded header, in bytes. Default 64 KiB.
	MaxHeaderSize int
	// MaxDepth is the deepest JSON nesting accepted. Default 64.
	MaxDepth int
	// MaxSignatures is the most signatures of a general JSON JWS. Default 32.
	MaxSignatures int
	// MaxRecipients is the most recipients of a general JSON JWE. Default 32.
	MaxRecipients int
	// MaxDecompressedSize is the largest plaintext that "zip": "DEF" may
	// inflate to, enforced while inflating. Default 250,000 bytes.
	MaxDecompressedSize int
	// MaxPBES2Count is the largest PBES2 "p2c" accepted on decryption.
	// Default 10,000.
	MaxPBES2Count int
	// MinPBES2Count is the smallest PBES2 "p2c" accepted on decryption.
	// Default 1,000 (RFC 7518, Section 4.8.1.2).
	MinPBES2Count int
}

// Default limits. See [Limits] for what each one bounds.
const (
	DefaultMaxTokenSize        = 1 << 20
	DefaultMaxHeaderSize       = 64 << 10
	DefaultMaxDepth            = 64
	DefaultMaxSignatures       = 32
	DefaultMaxRecipients       = 32
	DefaultMaxDecompressedSize = 250_000
	DefaultMaxPBES2Count       = 10_000
	DefaultMinPBES2Count       = 1_000
)

// DefaultLimits returns the default limits, with every field set.
func DefaultLimits() Limits {
	return Limits{
		MaxTokenSize:        DefaultMaxTokenSize,
		MaxHeaderSize:       DefaultMaxHeaderSize,
		MaxDepth:            DefaultMaxDepth,
		MaxSignatures:       DefaultMaxSignatures,
		MaxRecipients:       DefaultMaxRecipients,
		MaxDecompressedSize: DefaultMaxDecompressedSize,
		MaxPBES2Count:       DefaultMaxPBES2Count,
		MinPBES2Count:       DefaultMinPBES2Count,
	}
}

// WithDefaults returns l with every zero or negative field replaced by its
// default.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&l.MaxTokenSize, d.MaxTokenSize)
	set(&l.MaxHeaderSize, d.MaxHeaderSize)
	set(&l.MaxDepth, d.MaxDepth)
	set(&l.MaxSignatures, d.MaxSignatures)
	set(&l.MaxRecipients, d.MaxRecipients)
	set(&l.MaxDecompressedSize, d.MaxDecompressedSize)
	set(&l.MaxPBES2Count, d.MaxPBES2Count)
	set(&l.MinPBES2Count, d.MinPBES2Count)
	return l
}
