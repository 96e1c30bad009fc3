package compat

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/joseframework/jose/algs/hmac"
	algrsa "github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
)

// ParseKey reads a key in any of the forms a user of the Python library
// may hold, and returns it as a JWK:
//
//   - the library's own key dict, a JSON object whose only member is "k":
//     {"k": "<secret>"} for HMAC, where the UTF-8 bytes of the string are
//     the secret (no base64), and {"k": "<PEM text>"} for RSA, when the
//     string starts with "-----BEGIN" (PKCS #1 or PKCS #8 private key,
//     SPKI or PKCS #1 public key, certificate);
//   - an RFC 7517 JWK (a JSON object with "kty");
//   - PEM text, as jwk.ParsePEM reads it.
//
// The input is at most jwa.DefaultMaxHeaderSize bytes of I-JSON, or PEM.
// An HMAC secret becomes an "oct" JWK however short it is: the HS*
// constructors check its length (see NewVerifier and
// NewShortKeyHMACVerifier). Errors wrap ErrKey.
func ParseKey(data []byte) (*jwk.Key, error) {
	t := bytes.TrimSpace(data)
	if bytes.HasPrefix(t, []byte("-----BEGIN")) {
		k, err := jwk.ParsePEM(t)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrKey, err)
		}
		return k, nil
	}
	if len(t) > jwa.DefaultMaxHeaderSize {
		return nil, fmt.Errorf("%w: key larger than %d bytes: %w", ErrKey, jwa.DefaultMaxHeaderSize, jwa.ErrLimit)
	}
	obj, err := parseObject(t, jwa.DefaultMaxDepth)
	if err != nil {
		return nil, fmt.Errorf("%w: neither PEM nor a JSON object: %v", ErrKey, err)
	}
	if _, ok := obj["kty"]; ok {
		k, err := jwk.ParseKey(t)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrKey, err)
		}
		return k, nil
	}
	if len(obj) != 1 {
		return nil, fmt.Errorf("%w: a key of the Python library has only \"k\", and a JWK has \"kty\"", ErrKey)
	}
	s, ok := obj["k"].(string)
	if !ok {
		return nil, fmt.Errorf("%w: \"k\" is not a string", ErrKey)
	}
	if s == "" {
		return nil, fmt.Errorf("%w: \"k\" is empty", ErrKey)
	}
	if bytes.HasPrefix(bytes.TrimLeft([]byte(s), " \t\r\n"), []byte("-----BEGIN")) {
		k, err := jwk.ParsePEM([]byte(s))
		if err != nil {
			return nil, fmt.Errorf("%w: \"k\": %w", ErrKey, err)
		}
		return k, nil
	}
	k, err := jwk.New([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKey, err)
	}
	return k, nil
}

// MarshalKey returns k in the Python library's key form, {"k": "..."}: an
// "oct" key's secret as a string (it must be valid UTF-8, since the
// library took text), an RSA private key as PKCS #1 PEM ("RSA PRIVATE
// KEY") and an RSA public key as SPKI PEM ("PUBLIC KEY"), as the library
// and pycrypto wrote them. Other key types give an error wrapping ErrKey.
func MarshalKey(k *jwk.Key) ([]byte, error) {
	if k == nil {
		return nil, fmt.Errorf("%w: nil key", ErrKey)
	}
	var text string
	switch key := k.Key().(type) {
	case []byte:
		if !utf8.Valid(key) {
			return nil, fmt.Errorf("%w: the secret is not UTF-8 text, which the Python library cannot hold", ErrKey)
		}
		text = string(key)
	case *rsa.PrivateKey:
		text = string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	case *rsa.PublicKey:
		der, err := x509.MarshalPKIXPublicKey(key)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrKey, err)
		}
		text = string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	default:
		return nil, fmt.Errorf("%w: the Python library had no %s keys", ErrKey, k.KeyType())
	}
	return json.Marshal(map[string]string{"k": text})
}

// NewDecrypter returns the RSA-OAEP KeyDecrypter for Decrypt from an RSA
// private key. When k has "use" or "key_ops", they must permit
// "unwrapKey" or "decrypt". Other keys give an error wrapping ErrKey.
func NewDecrypter(k *jwk.Key) (jwa.KeyDecrypter, error) {
	if k == nil || k.KeyType() != jwk.KeyTypeRSA || !k.IsPrivate() {
		return nil, fmt.Errorf("%w: decryption needs an RSA private key", ErrKey)
	}
	if !k.Permits(jwk.OpUnwrapKey) && !k.Permits(jwk.OpDecrypt) {
		return nil, fmt.Errorf("%w: %w", ErrKey, k.CheckOp(jwk.OpUnwrapKey))
	}
	d, err := algrsa.RSAOAEP().NewDecrypter(k.Key())
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKey, err)
	}
	return d, nil
}

// signatureAlgorithm returns the implementation of one of the six JWS
// algorithms the library had, from the algorithm modules directly (the
// registry is not used).
func signatureAlgorithm(alg string) (jwa.SignatureAlgorithm, error) {
	switch alg {
	case "HS256":
		return hmac.HS256(), nil
	case "HS384":
		return hmac.HS384(), nil
	case "HS512":
		return hmac.HS512(), nil
	case "RS256":
		return algrsa.RS256(), nil
	case "RS384":
		return algrsa.RS384(), nil
	case "RS512":
		return algrsa.RS512(), nil
	}
	return nil, fmt.Errorf("compat: %q is not one of the library's JWS algorithms (HS256, HS384, HS512, RS256, RS384, RS512): %w", alg, jwa.ErrUnknownAlgorithm)
}

// NewVerifier returns a Verifier for alg, which must be one of the
// library's JWS algorithms (HS256, HS384, HS512, RS256, RS384, RS512), and
// key k, as algs/hmac and algs/rsa build it: HS* needs an "oct" key at
// least as long as the hash output, RS* an RSA key of 2048 bits or more.
// When k has "use", "key_ops" or "alg", they must permit verification with
// alg.
//
// An HMAC secret shorter than the hash (such as the documentation's
// {"k": "password"}) gives an error wrapping jwa.ErrKeySize;
// NewShortKeyHMACVerifier accepts it, for callers who decide to.
// An unknown alg gives jwa.ErrUnknownAlgorithm; other key problems
// ErrKey.
func NewVerifier(k *jwk.Key, alg string) (jwa.Verifier, error) {
	a, err := signatureAlgorithm(alg)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return nil, fmt.Errorf("%w: nil key", ErrKey)
	}
	if err := k.CheckOp(jwk.OpVerify); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKey, err)
	}
	if !k.AlgorithmFits(alg) {
		return nil, fmt.Errorf("%w: this %s key cannot be used with %s: %w", ErrKey, k.KeyType(), alg, jwa.ErrKeyType)
	}
	v, err := a.NewVerifier(k.Key())
	if err != nil {
		if errors.Is(err, jwa.ErrKeySize) && k.KeyType() == jwk.KeyTypeOct {
			return nil, fmt.Errorf("%w: %w (NewShortKeyHMACVerifier accepts short secrets explicitly)", ErrKey, err)
		}
		return nil, fmt.Errorf("%w: %w", ErrKey, err)
	}
	return v, nil
}

// NewSigner returns a Signer for alg, one of the library's JWS algorithms,
// and k, with the rules of NewVerifier ("sign" must be permitted; an RS*
// key must be private).
func NewSigner(k *jwk.Key, alg string) (jwa.Signer, error) {
	a, err := signatureAlgorithm(alg)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return nil, fmt.Errorf("%w: nil key", ErrKey)
	}
	if err := k.CheckOp(jwk.OpSign); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKey, err)
	}
	if !k.AlgorithmFits(alg) {
		return nil, fmt.Errorf("%w: this %s key cannot be used with %s: %w", ErrKey, k.KeyType(), alg, jwa.ErrKeyType)
	}
	s, err := a.NewSigner(k.Key())
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKey, err)
	}
	return s, nil
}
