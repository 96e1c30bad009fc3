// Package jwe encrypts and decrypts JSON Web Encryption objects (RFC 7516)
// in the compact, flattened JSON and general JSON serializations, and
// implements the "dir" key management algorithm (RFC 7518, Section 4.5).
//
// Key management ("alg") and content encryption ("enc") algorithms come
// from package jwa: a [jwa.KeyEncrypter] or [jwa.KeyDecrypter] bound to a
// key, and a [jwa.ContentEncryptionAlgorithm]. The algorithms themselves
// live in the modules under github.com/joseframework/jose/algs, except
// "dir", which this package provides as [Direct] and registers from its
// init function.
//
// To encrypt, call [Encrypt] with one [Recipient] per key:
//
//	ke, _ := rsa.RSAOAEP256().NewEncrypter(publicKey)
//	token, err := jwe.Encrypt(ctx, plaintext, aesgcm.A256GCM(),
//		[]jwe.Recipient{{KeyEncrypter: ke, KeyID: "2024-01"}}, nil)
//
// To decrypt, call [Decrypt] with a KeyDecrypter and the content
// encryption algorithms you accept, or [DecryptWithKeys] with a JWK Set and
// the key management algorithms you accept as well:
//
//	kd, _ := rsa.RSAOAEP256().NewDecrypter(privateKey)
//	res, err := jwe.Decrypt(ctx, token, kd, &jwe.DecryptOptions{
//		ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A256GCM()},
//	})
//
// # Security
//
// The token never chooses the code. Decrypt rejects a token whose "alg" is
// not the KeyDecrypter's algorithm, or whose "enc" is not in the caller's
// allow-list, before any cryptographic operation; there is no default
// allow-list. Every failure after the content encryption key is recovered
// (a wrong IV or tag length, a bad tag or padding, a DEFLATE stream that is
// corrupt or inflates beyond [jwa.Limits].MaxDecompressedSize) returns the
// same error, which wraps [jwa.ErrDecryption], so that an attacker cannot
// tell them apart. Tokens are bounded by [jwa.Limits] before they are
// split or decoded, and "zip" output is bounded while it is inflated.
//
// The "crit" header parameter is honoured: a token that lists an extension
// the caller has not declared in [DecryptOptions].Critical is rejected, as
// are an empty list, registered names, duplicates and "crit" outside the
// protected header.
package jwe
