package rsa_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	stdrsa "crypto/rsa"
	"crypto/sha256"
	"errors"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/algs/rsa/internal/rsatest"
	"github.com/joseframework/jose/core/jwa"
)

func TestRegistry(t *testing.T) {
	for _, a := range signatureAlgs {
		got, ok := jwa.LookupSignature(a.Name())
		if !ok || got != a {
			t.Errorf("LookupSignature(%q) = %v, %v; want the package's value", a.Name(), got, ok)
		}
	}
	for _, a := range keyManagementAlgs {
		got, ok := jwa.LookupKeyManagement(a.Name())
		if !ok || got != a {
			t.Errorf("LookupKeyManagement(%q) = %v, %v; want the package's value", a.Name(), got, ok)
		}
	}
	// This test binary does not import rsa15: importing package rsa must
	// not enable RSA1_5.
	if _, ok := jwa.LookupKeyManagement("RSA1_5"); ok {
		t.Error("RSA1_5 is registered, but only package rsa15 may register it")
	}
}

func TestDescribe(t *testing.T) {
	want := map[string]jwa.Description{
		"RS256":        {KeyTypes: []string{"RSA"}, MinKeyBits: 2048, FIPS: true, Summary: "RSASSA-PKCS1-v1_5 using SHA-256"},
		"RS384":        {KeyTypes: []string{"RSA"}, MinKeyBits: 2048, FIPS: true, Summary: "RSASSA-PKCS1-v1_5 using SHA-384"},
		"RS512":        {KeyTypes: []string{"RSA"}, MinKeyBits: 2048, FIPS: true, Summary: "RSASSA-PKCS1-v1_5 using SHA-512"},
		"PS256":        {KeyTypes: []string{"RSA"}, MinKeyBits: 2048, FIPS: true, Summary: "RSASSA-PSS using SHA-256 and MGF1 with SHA-256"},
		"PS384":        {KeyTypes: []string{"RSA"}, MinKeyBits: 2048, FIPS: true, Summary: "RSASSA-PSS using SHA-384 and MGF1 with SHA-384"},
		"PS512":        {KeyTypes: []string{"RSA"}, MinKeyBits: 2048, FIPS: true, Summary: "RSASSA-PSS using SHA-512 and MGF1 with SHA-512"},
		"RSA-OAEP":     {KeyTypes: []string{"RSA"}, MinKeyBits: 2048, FIPS: false, Summary: "RSAES-OAEP using SHA-1 and MGF1 with SHA-1"},
		"RSA-OAEP-256": {KeyTypes: []string{"RSA"}, MinKeyBits: 2048, FIPS: true, Summary: "RSAES-OAEP using SHA-256 and MGF1 with SHA-256"},
		"RSA-OAEP-384": {KeyTypes: []string{"RSA"}, MinKeyBits: 2048, FIPS: true, Summary: "RSAES-OAEP using SHA-384 and MGF1 with SHA-384"},
		"RSA-OAEP-512": {KeyTypes: []string{"RSA"}, MinKeyBits: 2048, FIPS: true, Summary: "RSAES-OAEP using SHA-512 and MGF1 with SHA-512"},
	}
	got := make(map[string]jwa.Description)
	for name, a := range ours {
		d, ok := a.(jwa.Describer)
		if !ok {
			t.Fatalf("%s does not implement jwa.Describer", name)
		}
		got[name] = d.Describe()
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("descriptions (-want +got):\n%s", diff)
	}
}

// TestAlgorithmConfusion checks that a signature made by one algorithm
// never verifies under another, for every pair, with the same key.
func TestAlgorithmConfusion(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	ctx := context.Background()
	msg := []byte("eyJhbGciOiJSUzI1NiJ9.Y29uZnVzaW9u")
	for _, sa := range signatureAlgs {
		s, err := sa.NewSigner(a)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := s.Sign(ctx, msg)
		if err != nil {
			t.Fatal(err)
		}
		for _, va := range signatureAlgs {
			v, err := va.NewVerifier(&a.PublicKey)
			if err != nil {
				t.Fatal(err)
			}
			err = v.Verify(ctx, msg, sig)
			if va == sa {
				if err != nil {
					t.Errorf("%s: Verify of its own signature = %v", sa.Name(), err)
				}
			} else if !errors.Is(err, jwa.ErrVerification) {
				t.Errorf("a %s signature offered to %s: Verify = %v, want ErrVerification", sa.Name(), va.Name(), err)
			}
		}
	}
}

// TestPSSSaltLength checks that PS256 accepts only a salt as long as the
// hash (RFC 7518, Section 3.5), with signatures made by crypto/rsa.
func TestPSSSaltLength(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	msg := []byte("eyJhbGciOiJQUzI1NiJ9.c2FsdA")
	digest := sha256.Sum256(msg)
	v, err := rsa.PS256().NewVerifier(&a.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		salt  int
		valid bool
	}{
		{stdrsa.PSSSaltLengthEqualsHash, true},
		{32, true},
		{stdrsa.PSSSaltLengthAuto, false}, // the largest salt: 222 bytes
		{1, false},
		{31, false},
		{33, false},
		{64, false},
	} {
		sig, err := stdrsa.SignPSS(rand.Reader, a, crypto.SHA256, digest[:], &stdrsa.PSSOptions{SaltLength: tc.salt})
		if err != nil {
			t.Fatal(err)
		}
		err = v.Verify(context.Background(), msg, sig)
		switch {
		case tc.valid && err != nil:
			t.Errorf("salt length %d: Verify = %v, want nil", tc.salt, err)
		case !tc.valid && !errors.Is(err, jwa.ErrVerification):
			t.Errorf("salt length %d: Verify = %v, want ErrVerification", tc.salt, err)
		}
	}
}

// TestSignatureLength checks that only signatures of exactly the modulus
// length verify, even when their value is right.
func TestSignatureLength(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	ctx := context.Background()
	msg := []byte("eyJhbGciOiJSUzI1NiJ9.bGVuZ3Ro")
	for _, alg := range signatureAlgs {
		s, _ := alg.NewSigner(a)
		v, _ := alg.NewVerifier(&a.PublicKey)
		sig, err := s.Sign(ctx, msg)
		if err != nil {
			t.Fatal(err)
		}
		if len(sig) != a.Size() {
			t.Fatalf("%s: signature is %d bytes, want %d", alg.Name(), len(sig), a.Size())
		}
		for what, bad := range map[string][]byte{
			"a leading zero byte": append([]byte{0}, sig...),
			"a trailing byte":     append(bytes.Clone(sig), 0),
			"no last byte":        sig[:len(sig)-1],
			"no first byte":       sig[1:],
			"zero length":         {},
		} {
			if err := v.Verify(ctx, msg, bad); !errors.Is(err, jwa.ErrVerification) {
				t.Errorf("%s: signature with %s: Verify = %v, want ErrVerification", alg.Name(), what, err)
			}
		}
	}
}

func TestInvalidKeys(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	odd := func(bits int) *big.Int {
		n := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
		return n.Add(n, big.NewInt(1))
	}
	badD := *a
	badD.D = new(big.Int).Add(a.D, big.NewInt(2))
	badD.Precomputed = stdrsa.PrecomputedValues{}
	noPrimes := *a
	noPrimes.Primes = nil
	noPrimes.Precomputed = stdrsa.PrecomputedValues{}

	for _, tc := range []struct {
		name string
		key  any
		want error
	}{
		{"nil modulus", &stdrsa.PublicKey{E: 65537}, rsa.ErrInvalidKey},
		{"zero modulus", &stdrsa.PublicKey{N: new(big.Int), E: 65537}, rsa.ErrInvalidKey},
		{"even modulus", &stdrsa.PublicKey{N: new(big.Int).Lsh(big.NewInt(1), 2048), E: 65537}, rsa.ErrInvalidKey},
		{"exponent 1", &stdrsa.PublicKey{N: a.N, E: 1}, rsa.ErrInvalidKey},
		{"exponent 0", &stdrsa.PublicKey{N: a.N, E: 0}, rsa.ErrInvalidKey},
		{"negative exponent", &stdrsa.PublicKey{N: a.N, E: -3}, rsa.ErrInvalidKey},
		{"even exponent", &stdrsa.PublicKey{N: a.N, E: 65536}, rsa.ErrInvalidKey},
		{"exponent 2^31+1", &stdrsa.PublicKey{N: a.N, E: 1<<31 + 1}, rsa.ErrInvalidKey},
		{"2047-bit modulus", &stdrsa.PublicKey{N: odd(2047), E: 65537}, jwa.ErrKeySize},
		{"16385-bit modulus", &stdrsa.PublicKey{N: odd(16385), E: 65537}, jwa.ErrKeySize},
		{"nil public key", (*stdrsa.PublicKey)(nil), jwa.ErrKeyType},
		{"nil private key", (*stdrsa.PrivateKey)(nil), jwa.ErrKeyType},
		{"private exponent does not match", &badD, rsa.ErrInvalidKey},
		{"no primes", &noPrimes, rsa.ErrInvalidKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, isPriv := tc.key.(*stdrsa.PrivateKey)
			check := func(what string, err error) {
				t.Helper()
				if !errors.Is(err, tc.want) {
					t.Errorf("%s error = %v, want %v", what, err, tc.want)
				}
			}
			if isPriv {
				_, err := rsa.RS256().NewSigner(tc.key)
				check("NewSigner", err)
				_, err = rsa.RSAOAEP256().NewDecrypter(tc.key)
				check("NewDecrypter", err)
				return
			}
			_, err := rsa.RS256().NewVerifier(tc.key)
			check("NewVerifier", err)
			_, err = rsa.RSAOAEP256().NewEncrypter(tc.key)
			check("NewEncrypter", err)
		})
	}
}

// TestPublicKeyWhereSecretNeeded checks that public keys are refused for
// signing and decryption with ErrKeyType.
func TestPublicKeyWhereSecretNeeded(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	if _, err := rsa.PS256().NewSigner(&a.PublicKey); !errors.Is(err, jwa.ErrKeyType) {
		t.Errorf("NewSigner(public key) = %v, want ErrKeyType", err)
	}
	if _, err := rsa.RSAOAEP().NewDecrypter(&a.PublicKey); !errors.Is(err, jwa.ErrKeyType) {
		t.Errorf("NewDecrypter(public key) = %v, want ErrKeyType", err)
	}
}

// TestOpaqueSmallKey checks the size floor for crypto.Signer and
// crypto.Decrypter keys.
func TestOpaqueSmallKey(t *testing.T) {
	_, _, small := rsatest.Keys(t)
	for _, alg := range signatureAlgs {
		if _, err := alg.NewSigner(&rsatest.OpaqueSigner{Key: small}); !errors.Is(err, jwa.ErrKeySize) {
			t.Errorf("%s: NewSigner(1024-bit crypto.Signer) = %v, want ErrKeySize", alg.Name(), err)
		}
	}
	for _, alg := range keyManagementAlgs {
		if _, err := alg.NewDecrypter(&rsatest.OpaqueDecrypter{Key: small}); !errors.Is(err, jwa.ErrKeySize) {
			t.Errorf("%s: NewDecrypter(1024-bit crypto.Decrypter) = %v, want ErrKeySize", alg.Name(), err)
		}
	}
}

// TestKeyCopied checks that changing the caller's key after binding it
// changes nothing.
func TestKeyCopied(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	ctx := context.Background()
	msg := []byte("eyJhbGciOiJSUzI1NiJ9.Y29weQ")

	priv, err := stdrsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub := &stdrsa.PublicKey{N: new(big.Int).Set(priv.N), E: priv.E}
	s, err := rsa.RS256().NewSigner(priv)
	if err != nil {
		t.Fatal(err)
	}
	v, err := rsa.RS256().NewVerifier(pub)
	if err != nil {
		t.Fatal(err)
	}
	e, err := rsa.RSAOAEP256().NewEncrypter(pub)
	if err != nil {
		t.Fatal(err)
	}
	d, err := rsa.RSAOAEP256().NewDecrypter(priv)
	if err != nil {
		t.Fatal(err)
	}
	// Scribble over both keys, in place.
	priv.N.SetInt64(9)
	priv.D.SetInt64(3)
	priv.Primes[0].SetInt64(7)
	priv.Precomputed.Dp.SetInt64(1)
	pub.N.Set(a.N)
	pub.E = 3

	sig, err := s.Sign(ctx, msg)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(ctx, msg, sig); err != nil {
		t.Errorf("after the caller changed the keys, Verify(Sign) = %v", err)
	}
	cek, ek, err := e.EncryptKey(ctx, "A128GCM", 16, &jwa.Params{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.DecryptKey(ctx, "A128GCM", 16, ek, &jwa.Params{})
	if err != nil || !bytes.Equal(got, cek) {
		t.Errorf("after the caller changed the keys, DecryptKey = %x, %v; want %x", got, err, cek)
	}
}
