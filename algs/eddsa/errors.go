package eddsa

import "errors"

// Errors returned by this package, besides the shared ones of package jwa
// (jwa.ErrKeyType, jwa.ErrKeySize, jwa.ErrVerification). Test for them
// with errors.Is.
var (
	// ErrEd448 means a key has the size of an Ed448 key (57-byte public
	// key or seed, 114-byte private key). Ed448 is not supported: the Go
	// standard library does not implement it. Errors that wrap it also wrap
	// jwa.ErrKeyType.
	ErrEd448 = errors.New("eddsa: Ed448 is not supported")

	// ErrInvalidKey means an ed25519.PrivateKey whose second half is not
	// the public key of its seed (signing with it could reveal the private
	// key), or a public key of small order (under which forged signatures
	// verify). Errors that wrap it also wrap jwa.ErrKeyType.
	ErrInvalidKey = errors.New("eddsa: invalid key")

	// ErrSignerOutput means a crypto.Signer returned something other than
	// a 64-byte Ed25519 signature.
	ErrSignerOutput = errors.New("eddsa: crypto.Signer returned a malformed signature")
)
