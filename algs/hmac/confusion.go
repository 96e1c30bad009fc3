package hmac

import (
	"bytes"
	"crypto/ecdh"
	"crypto/x509"
	"encoding/base64"
)

// looksLikePublicKey reports whether b, offered as an HMAC secret, is
// recognizably asymmetric key material: the bytes of a public key (or of a
// private key or certificate, which contain one) that an attacker could
// know. Such a key turns HMAC into an algorithm-confusion hole (RFC 8725,
// Section 2.1). kind is a short description of the format, for errors.
// It recognizes:
//
//   - PEM text: "-----BEGIN" anywhere in b (any PEM block: public and
//     private keys, certificates), since PEM decoders such as Go's
//     encoding/pem skip whatever comes before it: a byte order mark, a
//     comment line, other text;
//   - an OpenSSH public key line: a key type beginning "ssh-", "ecdsa-sha2-"
//     or "sk-", a space, and base64 that decodes to a wire-format key
//     starting with that same type name;
//   - JSON text of a JWK or JWK Set: a "{" after optional whitespace (and
//     an optional UTF-8 byte order mark) and a "kty" member name anywhere;
//   - DER that Go's x509 parsers accept as an SPKI public key, a PKCS #1
//     public or private key, a PKCS #8 or SEC 1 private key, or a
//     certificate (only tried when b starts with a SEQUENCE tag, 0x30);
//   - an uncompressed point (0x04 || X || Y) of 65, 97 or 133 bytes that
//     lies on P-256, P-384 or P-521.
//
// Every other check is exact rather than a guess from a prefix, so a random
// secret is refused with negligible probability (the cheapest accidental
// match, a 0x30 first byte followed by valid DER, needs a well-formed key
// structure). Raw Ed25519 and X25519 public keys (32 random-looking bytes)
// and compressed points cannot be recognized.
func looksLikePublicKey(b []byte) (kind string, ok bool) {
	kind = keyFormat(b)
	return kind, kind != ""
}

// keyFormat implements looksLikePublicKey; it returns "" for no match.
func keyFormat(b []byte) string {
	t := bytes.TrimLeft(bytes.TrimPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("\ufeff")), " \t\r\n")
	switch {
	case bytes.Contains(b, []byte("-----BEGIN")):
		return "PEM text"
	case isSSHPublicKey(t):
		return "an OpenSSH public key"
	case len(t) > 0 && t[0] == '{' && bytes.Contains(t, []byte(`"kty"`)):
		return "JWK JSON"
	case len(b) > 0 && b[0] == 0x30 && isDERKey(b):
		return "a DER-encoded key or certificate"
	case isCurvePoint(b):
		return "an uncompressed elliptic curve point"
	}
	return ""
}

// isSSHPublicKey reports whether t starts with an OpenSSH authorized_keys
// style line: "<type> <base64 of the wire-format key>", where the wire
// format begins with the length-prefixed type name.
func isSSHPublicKey(t []byte) bool {
	typ, rest, ok := bytes.Cut(t, []byte(" "))
	if !ok || len(typ) > 64 ||
		!(bytes.HasPrefix(typ, []byte("ssh-")) || bytes.HasPrefix(typ, []byte("ecdsa-sha2-")) || bytes.HasPrefix(typ, []byte("sk-"))) {
		return false
	}
	// Decode just enough base64 for the length prefix and the type name.
	n := base64.StdEncoding.EncodedLen(4 + len(typ))
	n += (4 - n%4) % 4
	if len(rest) < n {
		return false
	}
	wire := make([]byte, base64.StdEncoding.DecodedLen(n))
	m, err := base64.StdEncoding.Decode(wire, rest[:n])
	if err != nil || m < 4+len(typ) {
		return false
	}
	l := int(wire[0])<<24 | int(wire[1])<<16 | int(wire[2])<<8 | int(wire[3])
	return l == len(typ) && bytes.Equal(wire[4:4+l], typ)
}

// isDERKey reports whether one of Go's x509 parsers accepts b as a key or
// certificate.
func isDERKey(b []byte) bool {
	if _, err := x509.ParsePKIXPublicKey(b); err == nil {
		return true
	}
	if _, err := x509.ParsePKCS1PublicKey(b); err == nil {
		return true
	}
	if _, err := x509.ParsePKCS1PrivateKey(b); err == nil {
		return true
	}
	if _, err := x509.ParsePKCS8PrivateKey(b); err == nil {
		return true
	}
	if _, err := x509.ParseECPrivateKey(b); err == nil {
		return true
	}
	if _, err := x509.ParseCertificate(b); err == nil {
		return true
	}
	return false
}

// isCurvePoint reports whether b is an uncompressed point on the NIST curve
// its length implies.
func isCurvePoint(b []byte) bool {
	if len(b) == 0 || b[0] != 0x04 {
		return false
	}
	var c ecdh.Curve
	switch len(b) {
	case 65:
		c = ecdh.P256()
	case 97:
		c = ecdh.P384()
	case 133:
		c = ecdh.P521()
	default:
		return false
	}
	_, err := c.NewPublicKey(b)
	return err == nil
}
