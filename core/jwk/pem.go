package jwk

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"

	"github.com/joseframework/jose/core/jwa"
)

// ParsePEM makes a Key from the first PEM block of data. Accepted block
// types:
//
//   - "RSA PRIVATE KEY" (PKCS #1) and "RSA PUBLIC KEY" (PKCS #1)
//   - "PRIVATE KEY" (PKCS #8) and "PUBLIC KEY" (SubjectPublicKeyInfo)
//   - "EC PRIVATE KEY" (SEC 1)
//   - "CERTIFICATE" (X.509): the certificate's public key; the
//     certificate becomes the key's "x5c" (see [Key.Certificates])
//
// The key is validated as by [New]. Data larger than jwa.DefaultMaxTokenSize,
// or without a PEM block, gives an error wrapping ErrMalformed or
// ErrTooLarge; encrypted PEM (legacy "Proc-Type: 4,ENCRYPTED" or PKCS #8
// "ENCRYPTED PRIVATE KEY") and other block types give ErrUnsupported.
// Decrypt such keys with another tool first.
func ParsePEM(data []byte) (*Key, error) {
	if len(data) > jwa.DefaultMaxTokenSize {
		return nil, fmt.Errorf("%w: PEM input of %d bytes exceeds the %d-byte limit: %w", ErrTooLarge, len(data), jwa.DefaultMaxTokenSize, jwa.ErrLimit)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%w: no PEM block found", ErrMalformed)
	}
	if block.Type == "ENCRYPTED PRIVATE KEY" || block.Headers["Proc-Type"] != "" || block.Headers["DEK-Info"] != "" {
		return nil, fmt.Errorf("%w: encrypted PEM (%s) is not supported; decrypt the key first", ErrUnsupported, block.Type)
	}
	var (
		key  any
		err  error
		cert *x509.Certificate
	)
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "PUBLIC KEY":
		key, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "CERTIFICATE":
		cert, err = x509.ParseCertificate(block.Bytes)
		if err == nil {
			key = cert.PublicKey
		}
	default:
		return nil, fmt.Errorf("%w: PEM block type %q", ErrUnsupported, block.Type)
	}
	if err != nil {
		if isUnsupportedX509(err) {
			return nil, fmt.Errorf("%w: %s: %w", ErrUnsupported, block.Type, err)
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrMalformed, block.Type, err)
	}
	if key == nil {
		return nil, fmt.Errorf("%w: %s holds a key of an unsupported type", ErrUnsupported, block.Type)
	}
	k, err := New(key)
	if err != nil {
		return nil, err
	}
	if cert != nil {
		k.certs = []*x509.Certificate{cert}
	}
	return k, nil
}

// isUnsupportedX509 recognizes the crypto/x509 errors for well-formed keys
// of algorithms or curves it does not implement, which have no sentinel.
func isUnsupportedX509(err error) bool {
	msg := err.Error()
	for _, s := range []string{"unknown public key algorithm", "unsupported elliptic curve", "unknown elliptic curve", "private key with unknown algorithm"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// MarshalPEM returns k as one PEM block: "PRIVATE KEY" (PKCS #8) for a
// private key, "PUBLIC KEY" (SubjectPublicKeyInfo) for a public key.
// Metadata and certificates are not included. An oct key has no PEM form
// and gives an error wrapping ErrUnsupported.
func (k *Key) MarshalPEM() ([]byte, error) {
	var (
		der []byte
		typ string
		err error
	)
	switch {
	case k.kty == KeyTypeOct:
		return nil, fmt.Errorf("%w: a symmetric (oct) key has no PEM form", ErrUnsupported)
	case k.IsPrivate():
		typ = "PRIVATE KEY"
		der, err = x509.MarshalPKCS8PrivateKey(k.key)
	default:
		typ = "PUBLIC KEY"
		der, err = x509.MarshalPKIXPublicKey(k.key)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnsupported, err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), nil
}
