package aescbc

import (
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

// errOpen is the one error Open returns, whatever went wrong: a wrong IV
// length, a short or misaligned ciphertext, a tag mismatch or bad padding.
// Returning a single value keeps the failures indistinguishable, to
// callers and to anyone who sees the error text.
var errOpen = fmt.Errorf("aescbc: %w", jwa.ErrDecryption)
