package hmac_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"testing"

	"github.com/joseframework/jose/algs/hmac"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
)

func randKey(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestContract(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	edPub, edPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	spki, err := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki})

	for _, tc := range []struct {
		alg  jwa.SignatureAlgorithm
		size int
	}{
		{hmac.HS256(), 32},
		{hmac.HS384(), 48},
		{hmac.HS512(), 64},
	} {
		t.Run(tc.alg.Name(), func(t *testing.T) {
			key := randKey(tc.size)
			jwatest.TestSignature(t, jwatest.SignatureCase{
				Alg:       tc.alg,
				SignKey:   key,
				VerifyKey: key,
				OtherKey:  randKey(tc.size),
				WrongKeys: []any{
					string(key), // a string is not a []byte key
					[64]byte{},
					rsaKey, &rsaKey.PublicKey,
					ecKey, &ecKey.PublicKey,
					edPriv, edPub, // ed25519 keys are byte slices of another type
					pemKey,                      // algorithm confusion: PEM text as []byte
					append(spki[:0:0], spki...), // and its DER
				},
				SmallKeys: []any{randKey(tc.size - 1), randKey(1), []byte{}},
			})
		})
	}
}

func TestDescribe(t *testing.T) {
	for _, tc := range []struct {
		alg  jwa.SignatureAlgorithm
		bits int
	}{{hmac.HS256(), 256}, {hmac.HS384(), 384}, {hmac.HS512(), 512}} {
		d, ok := tc.alg.(jwa.Describer)
		if !ok {
			t.Fatalf("%s does not implement jwa.Describer", tc.alg.Name())
		}
		desc := d.Describe()
		if len(desc.KeyTypes) != 1 || desc.KeyTypes[0] != "oct" || desc.MinKeyBits != tc.bits || !desc.FIPS || desc.Deprecated || desc.Summary == "" {
			t.Errorf("%s: Describe() = %+v", tc.alg.Name(), desc)
		}
	}
}

func TestRegistered(t *testing.T) {
	for _, a := range []jwa.SignatureAlgorithm{hmac.HS256(), hmac.HS384(), hmac.HS512()} {
		got, ok := jwa.LookupSignature(a.Name())
		if !ok || got != a {
			t.Errorf("LookupSignature(%q) = %v, %v; want the package's algorithm", a.Name(), got, ok)
		}
	}
	if hmac.HS256() == hmac.HS384() || hmac.HS256().Name() != "HS256" || hmac.HS384().Name() != "HS384" || hmac.HS512().Name() != "HS512" {
		t.Errorf("algorithm names or identities are wrong")
	}
}

// A verifier for one HMAC algorithm rejects a MAC made by another with
// the same key: the algorithm is fixed by the Verifier, never by input.
func TestCrossAlgorithm(t *testing.T) {
	key := randKey(64)
	algs := []jwa.SignatureAlgorithm{hmac.HS256(), hmac.HS384(), hmac.HS512()}
	for _, sa := range algs {
		s, err := sa.NewSigner(key)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := s.Sign(t.Context(), []byte("input"))
		if err != nil {
			t.Fatal(err)
		}
		for _, va := range algs {
			v, err := va.NewVerifier(key)
			if err != nil {
				t.Fatal(err)
			}
			err = v.Verify(t.Context(), []byte("input"), sig)
			if (err == nil) != (sa == va) {
				t.Errorf("%s signature under %s verifier: %v", sa.Name(), va.Name(), err)
			}
		}
	}
}
