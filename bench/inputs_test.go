package bench

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/joseframework/jose/core/jwa/jwatest"
)

// The fixed inputs. testdata holds verbatim copies of /work/shared/bench
// (checked by TestManifest); every other key is derived from a fixed label
// with SHA-256, so that every run and every contender sees the same bytes.
var (
	claimsJSON  = mustRead("testdata/claims.json")      // the 263-byte claims set of every JWT workload
	rsaJWK      = mustRead("testdata/jwk_rsa_pub.json") // the public JWK of the RSA key
	jwks10      = mustRead("testdata/jwks10.json")      // 6 RSA, 3 P-256, 1 Ed25519 public keys
	rsaKey      = mustRSA("testdata/rsa2048.pem")       // RS256, PS256, RSA-OAEP-256
	hmacKey     = derive("jose bench HS256", 32)        // HS256
	ecKey       = mustECDSA("jose bench ES256")         // ES256
	edKey       = ed25519.NewKeyFromSeed(derive("jose bench EdDSA", 32))
	ecdhKey     = mustECDH("jose bench ECDH-ES P-256") // ECDH-ES+A128KW recipient
	ecdhPriv    = ecdhPrivate(ecdhKey)                 // the same key for crypto/ecdh (the floor)
	dirKey      = derive("jose bench dir A128GCM", 16) // dir + A128GCM
	kwKey       = derive("jose bench A128KW", 16)      // A128KW
	plaintext1K = pseudoRandom(1 << 10)                // JWE plaintexts
	plaintext1M = pseudoRandom(1 << 20)
)

// The validation rules of the JWT workloads (testdata/README.md), and the
// fixed clock between nbf (1700000000) and exp (4102444800).
const (
	wantIssuer   = "https://auth.example.com"
	wantAudience = "https://api.example.com"
)

var clock = time.Unix(1800000000, 0)

func now() time.Time { return clock }

// wantClaims is claims.json decoded, for comparisons.
var wantClaims = mustDecode(claimsJSON)

// customClaims are the claims of claims.json that are not registered.
type customClaims struct {
	Scope  string   `json:"scope"`
	Roles  []string `json:"roles"`
	Tenant string   `json:"tenant"`
}

var wantCustom = customClaims{Scope: "orders:read orders:write", Roles: []string{"admin", "billing"}, Tenant: "acme"}

func TestManifest(t *testing.T) { jwatest.CheckManifest(t, "testdata") }

func mustRead(name string) []byte {
	b, err := os.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return b
}

func mustDecode(b []byte) map[string]any {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	return m
}

func mustRSA(name string) *rsa.PrivateKey {
	blk, _ := pem.Decode(mustRead(name))
	if blk == nil {
		panic("no PEM block in " + name)
	}
	if k, err := x509.ParsePKCS1PrivateKey(blk.Bytes); err == nil {
		return k
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		panic(err)
	}
	return k.(*rsa.PrivateKey)
}

// derive returns n bytes of SHA-256(label); n is at most 32.
func derive(label string, n int) []byte {
	h := sha256.Sum256([]byte(label))
	return h[:n]
}

func mustECDSA(label string) *ecdsa.PrivateKey {
	k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), derive(label, 32))
	if err != nil {
		panic(err)
	}
	return k
}

func mustECDH(label string) *ecdsa.PrivateKey {
	k := mustECDSA(label)
	if _, err := k.ECDH(); err != nil {
		panic(err)
	}
	return k
}

// ecdhPrivate returns k as a crypto/ecdh key.
func ecdhPrivate(k *ecdsa.PrivateKey) *ecdh.PrivateKey {
	e, err := k.ECDH()
	if err != nil {
		panic(err)
	}
	return e
}

// pseudoRandom returns n bytes from ChaCha8 with a fixed seed.
func pseudoRandom(n int) []byte {
	var seed [32]byte
	copy(seed[:], "jose bench plaintext")
	b := make([]byte, n)
	rand.NewChaCha8(seed).Read(b)
	return b
}
