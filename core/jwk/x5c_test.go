package jwk_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/jwk"
)

// chain makes a root, an intermediate and a leaf certificate for the
// leaf key.
func chain(t *testing.T, leafKey *ecdsa.PrivateKey) (root, inter, leaf *x509.Certificate) {
	t.Helper()
	now := time.Now()
	mk := func(serial int64, cn string, pub any, parent *x509.Certificate, signer *ecdsa.PrivateKey, ca bool) *x509.Certificate {
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(serial),
			Subject:               pkix.Name{CommonName: cn},
			NotBefore:             now.Add(-time.Hour),
			NotAfter:              now.Add(time.Hour),
			BasicConstraintsValid: true,
			IsCA:                  ca,
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
		}
		if parent == nil {
			parent = tmpl
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	rootKey := must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader))
	interKey := must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader))
	root = mk(1, "root", rootKey.Public(), nil, rootKey, true)
	inter = mk(2, "intermediate", interKey.Public(), root, rootKey, true)
	leaf = mk(3, "leaf", leafKey.Public(), inter, interKey, false)
	return root, inter, leaf
}

func withX5C(t *testing.T, k *jwk.Key, extra string, certs ...*x509.Certificate) []byte {
	t.Helper()
	var enc []string
	for _, c := range certs {
		enc = append(enc, `"`+base64.StdEncoding.EncodeToString(c.Raw)+`"`)
	}
	out := must(k.MarshalJSON())
	return append(out[:len(out)-1], []byte(`,"x5c":[`+strings.Join(enc, ",")+`]`+extra+`}`)...)
}

func TestX5C(t *testing.T) {
	leafKey := must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader))
	root, inter, leaf := chain(t, leafKey)
	k := must(jwk.New(&leafKey.PublicKey))

	s1, s256 := sha1.Sum(leaf.Raw), sha256.Sum256(leaf.Raw)
	thumbs := `,"x5t":"` + b64.Encode(s1[:]) + `","x5t#S256":"` + b64.Encode(s256[:]) + `"`
	withChain := mustParse(t, withX5C(t, k, thumbs, leaf, inter))
	if c := withChain.Certificates(); len(c) != 2 || !c[0].Equal(leaf) || !c[1].Equal(inter) {
		t.Fatalf("Certificates() = %d certificates", len(c))
	}
	checkRoundTrip(t, withChain)

	roots := x509.NewCertPool()
	roots.AddCert(root)
	chains, err := withChain.VerifyChain(x509.VerifyOptions{Roots: roots})
	if err != nil {
		t.Fatalf("VerifyChain = %v", err)
	}
	if len(chains) != 1 || len(chains[0]) != 3 || !chains[0][2].Equal(root) {
		t.Fatalf("chains = %v", chains)
	}
	// The caller's intermediate pool is not modified.
	callerPool := x509.NewCertPool()
	if _, err := withChain.VerifyChain(x509.VerifyOptions{Roots: roots, Intermediates: callerPool}); err != nil {
		t.Fatal(err)
	}
	// Another root does not verify it; nothing is trusted implicitly.
	otherRoot, _, _ := chain(t, leafKey)
	others := x509.NewCertPool()
	others.AddCert(otherRoot)
	if _, err := withChain.VerifyChain(x509.VerifyOptions{Roots: others}); err == nil {
		t.Fatal("VerifyChain succeeded with an unrelated root")
	}
	// Without the intermediate in x5c the chain cannot be built.
	leafOnly := mustParse(t, withX5C(t, k, "", leaf))
	if _, err := leafOnly.VerifyChain(x509.VerifyOptions{Roots: roots}); err == nil {
		t.Fatal("VerifyChain succeeded without the intermediate")
	}
	// Which also shows that the caller's pool did not get the intermediate.
	if _, err := leafOnly.VerifyChain(x509.VerifyOptions{Roots: roots, Intermediates: callerPool}); err == nil {
		t.Fatal("VerifyChain added x5c certificates to the caller's pool")
	}
	// A key without x5c.
	if _, err := k.VerifyChain(x509.VerifyOptions{Roots: roots}); !errors.Is(err, jwk.ErrNoCertificate) {
		t.Fatalf("VerifyChain without x5c = %v", err)
	}
	if k.Certificates() != nil {
		t.Fatal("Certificates() of a key without x5c is not nil")
	}

	// A private key with its certificate is accepted as well.
	priv := must(jwk.New(leafKey))
	if _, err := jwk.ParseKey(withX5C(t, priv, "", leaf)); err != nil {
		t.Fatalf("private key with x5c: %v", err)
	}
	// The intermediate's certificate first: another key.
	if _, err := jwk.ParseKey(withX5C(t, k, "", inter, leaf)); !errors.Is(err, jwk.ErrInvalidKey) {
		t.Fatalf("x5c for another key = %v, want ErrInvalidKey", err)
	}
	// Thumbprints of another certificate.
	i1 := sha1.Sum(inter.Raw)
	if _, err := jwk.ParseKey(withX5C(t, k, `,"x5t":"`+b64.Encode(i1[:])+`"`, leaf)); !errors.Is(err, jwk.ErrInvalidKey) {
		t.Fatalf("x5t of another certificate = %v, want ErrInvalidKey", err)
	}
	// x5t without x5c is kept, not checked.
	noChain := mustParse(t, bytes.Replace(must(k.MarshalJSON()), []byte(`{`), []byte(`{"x5t":"`+b64.Encode(i1[:])+`",`), 1))
	checkRoundTrip(t, noChain)
}
