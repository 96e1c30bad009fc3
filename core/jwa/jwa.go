package jwa

import (
	"context"
	"crypto/cipher"
	"crypto/ecdh"
	"encoding/json"
)

// A SignatureAlgorithm is a JWS "alg" (RFC 7518, Section 3). It binds a key
// once, checking its type and size, and returns a key-bound [Signer] or
// [Verifier]. Implementations must be safe for concurrent use.
type SignatureAlgorithm interface {
	// Name returns the "alg" header value, such as "ES256".
	Name() string

	// NewSigner returns a Signer for key. It returns an error wrapping
	// ErrKeyType if key has the wrong type and ErrKeySize if its size is
	// not allowed. It never keeps a reference to a caller's []byte key.
	NewSigner(key any) (Signer, error)

	// NewVerifier returns a Verifier for key, with the same errors as
	// NewSigner. A private key is accepted where a public key will do.
	NewVerifier(key any) (Verifier, error)
}

// A Signer makes JWS signatures with one key and one algorithm.
// Implementations must be safe for concurrent use and must not retain
// signingInput after Sign returns.
type Signer interface {
	// Algorithm returns the "alg" this Signer produces.
	Algorithm() string

	// Sign returns the signature of signingInput, in the JWS encoding of
	// the algorithm (for ECDSA, R‖S of fixed length, never DER).
	Sign(ctx context.Context, signingInput []byte) ([]byte, error)
}

// A Verifier checks JWS signatures with one key and one algorithm.
// Implementations must be safe for concurrent use and must not retain
// signingInput or signature after Verify returns.
type Verifier interface {
	// Algorithm returns the only "alg" value this Verifier accepts.
	Algorithm() string

	// Verify returns nil if signature is valid for signingInput, and an
	// error wrapping ErrVerification otherwise. It never reports why a
	// signature is invalid.
	Verify(ctx context.Context, signingInput, signature []byte) error
}

// A KeyManagementAlgorithm is a JWE "alg" (RFC 7518, Section 4): it
// determines the content encryption key (CEK) and how the recipient
// recovers it. Implementations must be safe for concurrent use.
type KeyManagementAlgorithm interface {
	// Name returns the "alg" header value, such as "RSA-OAEP-256".
	Name() string

	// NewEncrypter returns a KeyEncrypter for the recipient's key, with
	// errors wrapping ErrKeyType or ErrKeySize as for NewSigner.
	NewEncrypter(key any) (KeyEncrypter, error)

	// NewDecrypter returns a KeyDecrypter for the recipient's key.
	NewDecrypter(key any) (KeyDecrypter, error)
}

// A KeyEncrypter produces a content encryption key and its encrypted form
// for one recipient. Implementations must be safe for concurrent use.
type KeyEncrypter interface {
	// Algorithm returns the "alg" this KeyEncrypter produces.
	Algorithm() string

	// EncryptKey returns a CEK of cekSize bytes for content encryption
	// algorithm enc, and the JWE Encrypted Key for the recipient (empty for
	// direct encryption and direct key agreement). It reads its inputs from
	// params and records the header parameters the recipient needs (such
	// as "epk", "iv" and "tag", "p2s" and "p2c") in params. params is never
	// nil.
	EncryptKey(ctx context.Context, enc string, cekSize int, params *Params) (cek, encryptedKey []byte, err error)
}

// A KeyDecrypter recovers content encryption keys for one recipient.
// Implementations must be safe for concurrent use.
type KeyDecrypter interface {
	// Algorithm returns the only "alg" this KeyDecrypter accepts.
	Algorithm() string

	// DecryptKey returns the CEK of cekSize bytes for enc, from
	// encryptedKey and the header parameters in params. Malformed or
	// out-of-limit parameters give an error wrapping ErrInvalidParameter or
	// ErrLimit; every failure to recover the key gives an error wrapping
	// ErrDecryption. params is never nil.
	DecryptKey(ctx context.Context, enc string, cekSize int, encryptedKey []byte, params *Params) ([]byte, error)
}

// A ContentEncryptionAlgorithm is a JWE "enc" (RFC 7518, Section 5).
// Implementations must be safe for concurrent use.
type ContentEncryptionAlgorithm interface {
	// Name returns the "enc" header value, such as "A256GCM".
	Name() string

	// KeySize returns the CEK length in bytes.
	KeySize() int

	// NewAEAD returns an AEAD for cek, which must be KeySize bytes long
	// (ErrKeySize otherwise). Its NonceSize is the JWE IV length and its
	// Overhead the JWE authentication tag length; Seal appends the tag to
	// the ciphertext, and Open fails with an error wrapping ErrDecryption.
	NewAEAD(cek []byte) (cipher.AEAD, error)
}

// Params carries the per-recipient JWE header parameters that a key
// management algorithm reads or writes (RFC 7518, Sections 4.6–4.8), plus
// inputs that tests use to reproduce published vectors.
//
// On encryption, the JWE layer passes the caller's Params to EncryptKey,
// which fills in what the recipient needs; the JWE layer then writes those
// members into the header. On decryption, the JWE layer fills Params from
// the received header before calling DecryptKey. Byte fields hold decoded
// bytes, not base64url text.
type Params struct {
	// EPK is the ephemeral public key of ECDH-ES ("epk").
	EPK *ecdh.PublicKey
	// APU and APV are the Agreement PartyUInfo and PartyVInfo of ECDH-ES
	// ("apu", "apv"). Callers may set them before encryption.
	APU, APV []byte
	// IV and Tag are the key-wrap IV and tag of AES-GCM key wrapping
	// ("iv", "tag").
	IV, Tag []byte
	// P2S and P2C are the PBES2 salt input and iteration count ("p2s",
	// "p2c"). Callers may set them before encryption; zero values mean a
	// random 16-byte salt and the algorithm's default count.
	P2S []byte
	P2C int

	// Extra holds other header members as raw JSON, for algorithms that
	// this package does not know. On decryption it holds every member of
	// the received header that has no field above.
	Extra map[string]json.RawMessage

	// CEK, when set before encryption, is the content encryption key to
	// wrap instead of a random one. Algorithms that derive the CEK (direct
	// key agreement) refuse it with ErrInvalidParameter, except "dir".
	// It exists to reproduce test vectors; leave it nil otherwise.
	CEK []byte
	// EphemeralKey, when set before ECDH-ES encryption, is used instead of
	// a fresh ephemeral key. It exists to reproduce test vectors only.
	EphemeralKey *ecdh.PrivateKey

	// Limits are the limits in force on decryption (for example the PBES2
	// iteration count). The JWE layer sets them; the zero value means
	// DefaultLimits.
	Limits Limits
}

// A Describer is implemented by algorithms that describe themselves, for
// documentation and for the jose command's "algs" listing.
type Describer interface {
	Describe() Description
}

// A Description is an algorithm's metadata.
type Description struct {
	// KeyTypes lists the JWK "kty" values the algorithm accepts.
	KeyTypes []string
	// MinKeyBits is the smallest key size accepted, in bits (0 if fixed by
	// the algorithm).
	MinKeyBits int
	// Deprecated is set for algorithms kept only to read old tokens, such
	// as RSA1_5.
	Deprecated bool
	// FIPS is set for algorithms approved in FIPS 140-3.
	FIPS bool
	// Summary is a one-line description, such as "ECDSA using P-256 and
	// SHA-256".
	Summary string
}
