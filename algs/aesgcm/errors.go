package aesgcm

import (
	"fmt"

	"github.com/joseframework/jose/core/jwa"
)

// This package defines no sentinel errors of its own: every error it
// returns wraps one of the shared sentinels of package jwa (ErrKeyType,
// ErrKeySize, ErrInvalidParameter or ErrDecryption), which callers test
// with errors.Is.

// errDecryption is the one error of every failed content authentication,
// whatever the cause, so that failures cannot be told apart.
var errDecryption = fmt.Errorf("aesgcm: message authentication failed: %w", jwa.ErrDecryption)
