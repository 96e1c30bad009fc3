package jwk_test

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/joseframework/jose/core/jwk"
)

// rsaKey is generated once: RSA key generation is slow under -race.
var rsaKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// goKeys returns one private key of every supported kind, and its public
// key, as Go crypto values.
func goKeys(t *testing.T) map[string][2]any {
	t.Helper()
	m := map[string][2]any{}
	r := rsaKey()
	m["RSA"] = [2]any{r, &r.PublicKey}
	for _, c := range []elliptic.Curve{elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		m["EC "+c.Params().Name] = [2]any{k, &k.PublicKey}
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	m["OKP Ed25519"] = [2]any{priv, pub}
	x, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	m["OKP X25519"] = [2]any{x, x.PublicKey()}
	return m
}

func TestNew(t *testing.T) {
	for name, pair := range goKeys(t) {
		t.Run(name, func(t *testing.T) {
			kty, crv, _ := strings.Cut(name, " ")
			for i, goKey := range pair {
				k, err := jwk.New(goKey)
				if err != nil {
					t.Fatal(err)
				}
				if k.KeyType() != kty || k.Curve() != crv || k.IsPrivate() != (i == 0) {
					t.Errorf("New: %s %q private=%v", k.KeyType(), k.Curve(), k.IsPrivate())
				}
				if !sameKey(k.Key(), goKey) {
					t.Errorf("Key() = %T, not equal to the %T given", k.Key(), goKey)
				}
				checkRoundTrip(t, k)
				checkPEMRoundTrip(t, k)
			}
			priv, _ := jwk.New(pair[0])
			pub, _ := jwk.New(pair[1])
			p, err := priv.Public()
			if err != nil || !p.Equal(pub) {
				t.Errorf("Public() = %v, %v; want the key made from the public key", p, err)
			}
		})
	}
}

// TestNewECDH checks that NIST-curve ECDH keys become EC keys usable both
// ways.
func TestNewECDH(t *testing.T) {
	for _, c := range []ecdh.Curve{ecdh.P256(), ecdh.P384(), ecdh.P521()} {
		priv, err := c.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		k, err := jwk.New(priv)
		if err != nil {
			t.Fatal(err)
		}
		if k.KeyType() != jwk.KeyTypeEC {
			t.Fatalf("kty %s", k.KeyType())
		}
		if _, ok := k.Key().(*ecdsa.PrivateKey); !ok {
			t.Fatalf("Key() is %T", k.Key())
		}
		e, err := k.ECDH()
		if err != nil || !priv.Equal(e) {
			t.Fatalf("ECDH() = %v, %v", e, err)
		}
		kp, err := jwk.New(priv.PublicKey())
		if err != nil {
			t.Fatal(err)
		}
		e, err = kp.ECDH()
		if err != nil || !priv.PublicKey().Equal(e) {
			t.Fatalf("public ECDH() = %v, %v", e, err)
		}
	}
	// Ed25519, RSA and oct keys have no ECDH form.
	for _, key := range []any{ed25519.NewKeyFromSeed(make([]byte, 32)), &rsaKey().PublicKey, []byte("k")} {
		k, err := jwk.New(key)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := k.ECDH(); !errors.Is(err, jwk.ErrUnsupported) {
			t.Errorf("%T: ECDH() error = %v, want ErrUnsupported", key, err)
		}
	}
}

func sameKey(a, b any) bool {
	type publicEqualer interface{ Equal(crypto.PublicKey) bool }
	type privateEqualer interface{ Equal(crypto.PrivateKey) bool }
	switch v := a.(type) {
	case []byte:
		w, ok := b.([]byte)
		return ok && bytes.Equal(v, w)
	case publicEqualer:
		return v.Equal(b)
	case privateEqualer:
		return v.Equal(b)
	}
	return false
}

func TestNewOct(t *testing.T) {
	secret := []byte("0123456789abcdef")
	k, err := jwk.New(secret)
	if err != nil {
		t.Fatal(err)
	}
	secret[0] = 'X' // the key must not alias the caller's slice
	got := k.Key().([]byte)
	if got[0] != '0' {
		t.Fatal("New kept the caller's slice")
	}
	got[1] = 'Y' // nor hand out its own
	if k.Key().([]byte)[1] != '1' {
		t.Fatal("Key() returned the internal slice")
	}
	if k.Size() != 128 || !k.IsPrivate() {
		t.Errorf("Size %d IsPrivate %v", k.Size(), k.IsPrivate())
	}
	if _, err := k.Public(); !errors.Is(err, jwk.ErrUnsupported) {
		t.Errorf("Public() of an oct key: %v", err)
	}
	if _, err := k.MarshalPEM(); !errors.Is(err, jwk.ErrUnsupported) {
		t.Errorf("MarshalPEM of an oct key: %v", err)
	}
	checkRoundTrip(t, k)
}

func TestNewInvalid(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	small.N = new(big.Int).Rsh(small.N, 200) // below the minimum, and inconsistent
	bad := *rsaKey()
	bad.D = new(big.Int).Add(bad.D, big.NewInt(2))
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	offCurve := &ecdsa.PublicKey{Curve: elliptic.P256(), X: new(big.Int).Set(ec.X), Y: new(big.Int).Add(ec.Y, big.NewInt(1))}
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	mismatched := &ecdsa.PrivateKey{PublicKey: other.PublicKey, D: ec.D}
	edPriv := ed25519.NewKeyFromSeed(make([]byte, 32))
	edMismatched := append(ed25519.PrivateKey{}, edPriv...)
	edMismatched[40] ^= 1
	multi := *rsaKey()
	multi.Primes = append(multi.Primes, big.NewInt(3))
	tests := []struct {
		name string
		key  any
		want error
	}{
		{"nil", nil, jwk.ErrUnsupported},
		{"string", "secret", jwk.ErrUnsupported},
		{"rsa value not pointer", *rsaKey(), jwk.ErrUnsupported},
		{"empty oct", []byte{}, jwk.ErrInvalidKey},
		{"nil rsa", (*rsa.PrivateKey)(nil), jwk.ErrInvalidKey},
		{"nil ecdsa", (*ecdsa.PublicKey)(nil), jwk.ErrInvalidKey},
		{"nil ecdh", (*ecdh.PrivateKey)(nil), jwk.ErrInvalidKey},
		{"rsa public too small", &small.PublicKey, jwk.ErrInvalidKey},
		{"rsa inconsistent d", &bad, jwk.ErrInvalidKey},
		{"rsa three primes", &multi, jwk.ErrUnsupported},
		{"ec off curve", offCurve, jwk.ErrInvalidKey},
		{"ec private mismatched", mismatched, jwk.ErrInvalidKey},
		{"ec P-224", must(ecdsa.GenerateKey(elliptic.P224(), rand.Reader)), jwk.ErrUnsupported},
		{"ed25519 short", ed25519.PublicKey(make([]byte, 31)), jwk.ErrInvalidKey},
		{"ed25519 private short", edPriv[:63], jwk.ErrInvalidKey},
		{"ed25519 private mismatched", edMismatched, jwk.ErrInvalidKey},
		{"x25519 low order", must(ecdh.X25519().NewPublicKey(make([]byte, 32))), jwk.ErrInvalidKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := jwk.New(tt.key)
			if !errors.Is(err, tt.want) || k != nil {
				t.Fatalf("New = %v, %v; want %v", k, err, tt.want)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// checkPEMRoundTrip exports k as PEM and imports it again.
func checkPEMRoundTrip(t *testing.T, k *jwk.Key) {
	t.Helper()
	p, err := k.MarshalPEM()
	if err != nil {
		t.Fatal(err)
	}
	block, rest := pem.Decode(p)
	want := "PUBLIC KEY"
	if k.IsPrivate() {
		want = "PRIVATE KEY"
	}
	if block == nil || block.Type != want || len(rest) != 0 {
		t.Fatalf("MarshalPEM gave %q, want one %s block", p, want)
	}
	k2, err := jwk.ParsePEM(p)
	if err != nil {
		t.Fatalf("ParsePEM(MarshalPEM()) = %v", err)
	}
	if !sameKey(k.Key(), k2.Key()) || k2.KeyType() != k.KeyType() || k2.Curve() != k.Curve() {
		t.Fatal("PEM round trip changed the key")
	}
}

// TestParsePEMFormats imports every supported PEM type.
func TestParsePEMFormats(t *testing.T) {
	r := rsaKey()
	ec := must(ecdsa.GenerateKey(elliptic.P384(), rand.Reader))
	ed := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "jwk test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	certDER := must(x509.CreateCertificate(rand.Reader, tmpl, tmpl, ec.Public(), ec))
	enc := func(typ string, der []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}) }
	tests := []struct {
		name    string
		pem     []byte
		want    any
		private bool
	}{
		{"PKCS1 private", enc("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(r)), r, true},
		{"PKCS1 public", enc("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&r.PublicKey)), &r.PublicKey, false},
		{"PKCS8 RSA", enc("PRIVATE KEY", must(x509.MarshalPKCS8PrivateKey(r))), r, true},
		{"PKCS8 EC", enc("PRIVATE KEY", must(x509.MarshalPKCS8PrivateKey(ec))), ec, true},
		{"PKCS8 Ed25519", enc("PRIVATE KEY", must(x509.MarshalPKCS8PrivateKey(ed))), ed, true},
		{"SPKI EC", enc("PUBLIC KEY", must(x509.MarshalPKIXPublicKey(&ec.PublicKey))), &ec.PublicKey, false},
		{"SEC1", enc("EC PRIVATE KEY", must(x509.MarshalECPrivateKey(ec))), ec, true},
		{"certificate", enc("CERTIFICATE", certDER), &ec.PublicKey, false},
		{"text before the block", append([]byte("some text\n"), enc("PUBLIC KEY", must(x509.MarshalPKIXPublicKey(ed.Public())))...), ed.Public(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := jwk.ParsePEM(tt.pem)
			if err != nil {
				t.Fatal(err)
			}
			if !sameKey(k.Key(), tt.want) || k.IsPrivate() != tt.private {
				t.Fatalf("got %T private=%v", k.Key(), k.IsPrivate())
			}
			checkRoundTrip(t, k)
			if tt.name == "certificate" {
				if c := k.Certificates(); len(c) != 1 || !bytes.Equal(c[0].Raw, certDER) {
					t.Fatal("certificate not kept as x5c")
				}
			}
		})
	}
}

func TestParsePEMErrors(t *testing.T) {
	enc := func(b *pem.Block) []byte { return pem.EncodeToMemory(b) }
	dsaSPKI := []byte("0\x82\x01\xb70\x82\x01,\x06\x07*\x86H\xce8\x04\x010") // truncated DSA SPKI
	tests := []struct {
		name string
		pem  []byte
		want error
	}{
		{"empty", nil, jwk.ErrMalformed},
		{"no block", []byte("-----BEGIN nothing"), jwk.ErrMalformed},
		{"JWK not PEM", []byte(`{"kty":"oct","k":"AQID"}`), jwk.ErrMalformed},
		{"garbage DER", enc(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{0x30, 0x03, 1, 2, 3}}), jwk.ErrMalformed},
		{"truncated DSA", enc(&pem.Block{Type: "PUBLIC KEY", Bytes: dsaSPKI}), jwk.ErrMalformed},
		{"PKCS8 encrypted", enc(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{0x30, 0}}), jwk.ErrUnsupported},
		{"legacy encrypted", enc(&pem.Block{Type: "RSA PRIVATE KEY", Headers: map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC,00"}, Bytes: []byte{0x30, 0}}), jwk.ErrUnsupported},
		{"unknown type", enc(&pem.Block{Type: "OPENSSH PRIVATE KEY", Bytes: []byte{1}}), jwk.ErrUnsupported},
		{"too large", bytes.Repeat([]byte("A"), 2<<20), jwk.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if k, err := jwk.ParsePEM(tt.pem); !errors.Is(err, tt.want) || k != nil {
				t.Fatalf("ParsePEM = %v, %v; want %v", k, err, tt.want)
			}
		})
	}
}

func TestGenerate(t *testing.T) {
	tests := []struct {
		kty  string
		opts jwk.GenerateOptions
		crv  string
		bits int
	}{
		{"RSA", jwk.GenerateOptions{}, "", 2048},
		{"EC", jwk.GenerateOptions{}, "P-256", 256},
		{"EC", jwk.GenerateOptions{Curve: "P-384"}, "P-384", 384},
		{"EC", jwk.GenerateOptions{Algorithm: "ES512", Use: "sig", KeyID: "k1"}, "P-521", 521},
		{"EC", jwk.GenerateOptions{Algorithm: "ECDH-ES", KeyOps: []string{"deriveKey"}}, "P-256", 256},
		{"OKP", jwk.GenerateOptions{}, "Ed25519", 256},
		{"OKP", jwk.GenerateOptions{Curve: "X25519", Use: "enc"}, "X25519", 256},
		{"oct", jwk.GenerateOptions{}, "", 256},
		{"oct", jwk.GenerateOptions{Algorithm: "HS512"}, "", 512},
		{"oct", jwk.GenerateOptions{Algorithm: "A128KW"}, "", 128},
		{"oct", jwk.GenerateOptions{Bits: 384, KeyID: "x", Use: "sig"}, "", 384},
	}
	for _, tt := range tests {
		t.Run(tt.kty+"/"+tt.crv+"/"+tt.opts.Algorithm, func(t *testing.T) {
			k, err := jwk.Generate(tt.kty, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if k.KeyType() != tt.kty || k.Curve() != tt.crv || k.Size() != tt.bits || !k.IsPrivate() {
				t.Errorf("got %s %q %d bits private=%v", k.KeyType(), k.Curve(), k.Size(), k.IsPrivate())
			}
			if k.Algorithm() != tt.opts.Algorithm || k.Use() != tt.opts.Use || k.KeyID() != tt.opts.KeyID {
				t.Errorf("metadata alg %q use %q kid %q", k.Algorithm(), k.Use(), k.KeyID())
			}
			checkRoundTrip(t, k)
			if tt.kty != "oct" {
				checkPEMRoundTrip(t, k)
			}
			k2, err := jwk.Generate(tt.kty, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if k.Equal(k2) {
				t.Error("two generated keys are equal")
			}
		})
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		kty  string
		opts jwk.GenerateOptions
		want error
	}{
		{"DSA", jwk.GenerateOptions{}, jwk.ErrUnsupported},
		{"", jwk.GenerateOptions{}, jwk.ErrUnsupported},
		{"RSA", jwk.GenerateOptions{Bits: 1024}, jwk.ErrInvalidKey},
		{"RSA", jwk.GenerateOptions{Curve: "P-256"}, jwk.ErrInvalidKey},
		{"EC", jwk.GenerateOptions{Curve: "P-224"}, jwk.ErrUnsupported},
		{"EC", jwk.GenerateOptions{Bits: 256}, jwk.ErrInvalidKey},
		{"EC", jwk.GenerateOptions{Curve: "P-256", Algorithm: "ES384"}, jwk.ErrInvalidKey},
		{"OKP", jwk.GenerateOptions{Curve: "X448"}, jwk.ErrUnsupported},
		{"OKP", jwk.GenerateOptions{Curve: "X25519", Algorithm: "EdDSA"}, jwk.ErrInvalidKey},
		{"oct", jwk.GenerateOptions{Bits: 100}, jwk.ErrInvalidKey},
		{"oct", jwk.GenerateOptions{Bits: 64}, jwk.ErrInvalidKey},
		{"oct", jwk.GenerateOptions{Algorithm: "RS256"}, jwk.ErrInvalidKey},
		{"oct", jwk.GenerateOptions{Use: "sig", KeyOps: []string{"encrypt"}}, jwk.ErrInvalidKey},
		{"oct", jwk.GenerateOptions{KeyOps: []string{"sign", "sign"}}, jwk.ErrMalformed},
		{"oct", jwk.GenerateOptions{KeyID: "\xff"}, jwk.ErrInvalidKey},
	}
	for _, tt := range tests {
		if k, err := jwk.Generate(tt.kty, tt.opts); !errors.Is(err, tt.want) || k != nil {
			t.Errorf("Generate(%q, %+v) = %v, %v; want %v", tt.kty, tt.opts, k, err, tt.want)
		}
	}
}
