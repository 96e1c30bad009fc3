package chacha20

import (
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

// errOpen is the one error Open returns, whatever went wrong: a wrong IV
// length, a short ciphertext or a tag mismatch.
var errOpen = fmt.Errorf("chacha20: %w", jwa.ErrDecryption)
