// Package rsa15 implements the RSA1_5 JWE key management algorithm
// (RSAES-PKCS1-v1_5, RFC 7518, Section 4.2) for
// github.com/joseframework/jose, for reading tokens made by old systems.
//
// RSA1_5 is deprecated: PKCS #1 v1.5 encryption is open to padding-oracle
// attacks (Bleichenbacher, 1998) and should not be used for new tokens.
// Use RSA-OAEP-256 from package [github.com/joseframework/jose/algs/rsa]
// instead. It is in its own package so that importing package rsa never
// enables it: importing this package registers RSA1_5 (and only RSA1_5)
// with [jwa.RegisterKeyManagement], and its [jwa.Description] is marked
// Deprecated.
//
// Keys follow the rules of package rsa: encryption takes an
// *[crypto/rsa.PublicKey] or *[crypto/rsa.PrivateKey], decryption an
// *rsa.PrivateKey or any [crypto.Decrypter] whose public key is RSA, with a
// modulus of 2048 to 16384 bits.
//
// # Security
//
// DecryptKey follows RFC 7516, Section 11.5 and RFC 3218, Section 2.3.2:
// before decrypting it draws a random CEK of the requested size, and if
// the encrypted key is malformed in any way (wrong length, bad padding,
// recovered key of the wrong size) it returns that random CEK instead of
// an error. The choice is made in constant time by
// [crypto/rsa.DecryptPKCS1v15SessionKey]. The failure only shows when the
// content's authentication tag does not verify, which the JWE layer
// reports with the same error as any other tag failure. For this to hold,
// the content encryption algorithm must authenticate (every JWE "enc"
// does) and the CEK must be at least 16 bytes, which DecryptKey requires.
//
// With a [crypto.Decrypter], DecryptKey passes
// [crypto/rsa.PKCS1v15DecryptOptions] with SessionKeyLen set, which asks
// the device for the same behaviour; any error or wrong-length result from
// the device also becomes the random CEK. Whether the device itself runs in
// constant time is up to it.
//
// # Go versions
//
// Go 1.26 marks EncryptPKCS1v15, DecryptPKCS1v15SessionKey and
// PKCS1v15DecryptOptions as deprecated in their documentation, but they
// keep working without any GODEBUG setting; this package uses them
// knowingly. Only Go's FIPS 140-only mode (GODEBUG=fips140=only) refuses
// PKCS #1 v1.5 encryption: there EncryptKey fails and DecryptKey always
// returns a random CEK, so every RSA1_5 token fails to decrypt. Since
// Go 1.26, the random source passed to EncryptPKCS1v15 is ignored
// (GODEBUG=cryptocustomrand=1 restores it), so RSA1_5 encryption cannot
// be made reproducible; this package always uses crypto/rand anyway.
package rsa15
