package pbes2

// This package defines no sentinel errors of its own: every error it
// returns wraps one of the shared sentinels of package jwa (ErrKeyType,
// ErrKeySize, ErrInvalidParameter, ErrLimit or ErrDecryption), which
// callers test with errors.Is.
