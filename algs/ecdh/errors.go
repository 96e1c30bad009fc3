package ecdh

import (
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

// errDecrypt is the one error DecryptKey returns once key agreement has
// succeeded, whatever went wrong afterwards, so that the failures cannot
// be told apart.
var errDecrypt = fmt.Errorf("ecdh: %w", jwa.ErrDecryption)
