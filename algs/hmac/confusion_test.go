package hmac

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"math/big"
	"testing"
	"time"
)

// sshLine returns an OpenSSH public key line for type typ with the given
// wire-format fields after the type name.
func sshLine(typ string, fields ...[]byte) []byte {
	var wire []byte
	for _, f := range append([][]byte{[]byte(typ)}, fields...) {
		wire = binary.BigEndian.AppendUint32(wire, uint32(len(f)))
		wire = append(wire, f...)
	}
	return []byte(typ + " " + base64.StdEncoding.EncodeToString(wire) + " alice@example.com\n")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestLooksLikePublicKey(t *testing.T) {
	rsaKey := must(rsa.GenerateKey(rand.Reader, 2048))
	ec256 := must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader))
	ec384 := must(ecdsa.GenerateKey(elliptic.P384(), rand.Reader))
	ec521 := must(ecdsa.GenerateKey(elliptic.P521(), rand.Reader))
	edPub, edPriv := must2(ed25519.GenerateKey(rand.Reader))
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "test"},
		NotBefore:    time.Unix(0, 0),
		NotAfter:     time.Unix(1<<31, 0),
	}
	cert := must(x509.CreateCertificate(rand.Reader, tmpl, tmpl, &ec256.PublicKey, ec256))
	pemOf := func(typ string, der []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}) }
	point := func(k *ecdsa.PublicKey) []byte { return must(k.ECDH()).Bytes() }

	ders := map[string][]byte{
		"spki-rsa":     must(x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)),
		"spki-p256":    must(x509.MarshalPKIXPublicKey(&ec256.PublicKey)),
		"spki-p521":    must(x509.MarshalPKIXPublicKey(&ec521.PublicKey)),
		"spki-ed25519": must(x509.MarshalPKIXPublicKey(edPub)),
		"pkcs1-public": x509.MarshalPKCS1PublicKey(&rsaKey.PublicKey),
		"pkcs1-rsa":    x509.MarshalPKCS1PrivateKey(rsaKey),
		"pkcs8-p384":   must(x509.MarshalPKCS8PrivateKey(ec384)),
		"pkcs8-ed":     must(x509.MarshalPKCS8PrivateKey(edPriv)),
		"sec1-p256":    must(x509.MarshalECPrivateKey(ec256)),
		"certificate":  cert,
	}
	keys := map[string][]byte{
		"point-p256":      point(&ec256.PublicKey),
		"point-p384":      point(&ec384.PublicKey),
		"point-p521":      point(&ec521.PublicKey),
		"ssh-ed25519":     sshLine("ssh-ed25519", edPub),
		"ssh-rsa":         sshLine("ssh-rsa", rsaKey.PublicKey.N.Bytes(), big.NewInt(int64(rsaKey.PublicKey.E)).Bytes()),
		"ecdsa-sha2":      sshLine("ecdsa-sha2-nistp256", []byte("nistp256"), point(&ec256.PublicKey)),
		"sk-ssh-ed25519":  sshLine("sk-ssh-ed25519@openssh.com", edPub, []byte("ssh:")),
		"jwk":             []byte(`{"kty":"OKP","crv":"Ed25519","x":"` + base64.RawURLEncoding.EncodeToString(edPub) + `"}`),
		"jwk-set":         []byte(`  {"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB"}]}`),
		"pem-with-spaces": append([]byte("\r\n \t"), pemOf("PUBLIC KEY", ders["spki-p256"])...),
		"pem-cert":        pemOf("CERTIFICATE", cert),
		// encoding/pem skips whatever precedes the block.
		"pem-after-bom":     append([]byte("\ufeff"), pemOf("PUBLIC KEY", ders["spki-p256"])...),
		"pem-after-comment": append([]byte("# signing key\n"), pemOf("PUBLIC KEY", ders["spki-rsa"])...),
		"pem-after-text":    append([]byte("x"), pemOf("PUBLIC KEY", ders["spki-rsa"])...),
		"jwk-after-bom":     []byte("\ufeff" + `{"kty":"OKP","crv":"Ed25519","x":"` + base64.RawURLEncoding.EncodeToString(edPub) + `"}`),
	}
	for name, der := range ders {
		keys["der-"+name] = der
		keys["pem-"+name] = pemOf("KEY", der)
	}
	for name, k := range keys {
		if kind, ok := looksLikePublicKey(k); !ok || kind == "" {
			t.Errorf("%s: looksLikePublicKey = %q, %v; want a match", name, kind, ok)
		}
		for _, a := range []*algorithm{hs256, hs384, hs512} {
			if len(k) < a.size {
				continue
			}
			if _, err := a.NewVerifier(k); err == nil {
				t.Errorf("%s: %s NewVerifier accepted it", name, a.name)
			}
		}
	}
}

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

// Secrets that only resemble a format are not refused: the checks are
// exact, not prefix guesses.
func TestLooksLikePublicKeyNoFalsePositives(t *testing.T) {
	near := map[string][]byte{
		"ssh-prefixed passphrase": []byte("ssh-this is not a key but a long secret value"),
		"ssh type, not base64":    []byte("ssh-rsa AAAA!!!!not base64 at all, and long enough"),
		"json without kty":        []byte(`{"secret":"0123456789abcdef0123456789abcdef"}`),
		"der-looking prefix":      append([]byte{0x30, 0x82, 0x01, 0x0a}, bytes.Repeat([]byte{7}, 266)...),
		"empty":                   {},
	}
	// An OpenSSH line whose type name and wire type disagree.
	wrong := sshLine("ssh-ed25519", make([]byte, 32))
	near["ssh wire type mismatch"] = append([]byte("ssh-rsa"), wrong[len("ssh-ed25519"):]...)
	// A 65-byte value starting 0x04 that is not on P-256.
	p := must(ecdh.P256().GenerateKey(rand.Reader)).PublicKey().Bytes()
	p[64] ^= 1
	near["off-curve point"] = p
	for name, k := range near {
		if kind, ok := looksLikePublicKey(k); ok {
			t.Errorf("%s: looksLikePublicKey = %q, want no match", name, kind)
		}
	}

	// Random secrets of every plausible length, including the point
	// lengths with a 0x04 first byte and DER's 0x30 first byte.
	for n := 32; n <= 160; n++ {
		for i := range 40 {
			k := make([]byte, n)
			rand.Read(k)
			switch i % 4 {
			case 1:
				k[0] = 0x04
			case 2:
				k[0] = 0x30
			case 3:
				k[0], k[1] = 0x30, 0x82
			}
			if kind, ok := looksLikePublicKey(k); ok {
				t.Fatalf("random %d-byte secret %x refused as %s", n, k, kind)
			}
		}
	}
}
