package hmac_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"testing"

	"github.com/joseframework/jose/algs/hmac"
	"github.com/joseframework/jose/core/jwa"
)

// The RFC 7515 A.1 key, signing input and MAC: seeds for the fuzz targets.
var (
	a1Key, _ = base64.RawURLEncoding.DecodeString("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")
	a1Input  = []byte("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ")
	a1Sig, _ = base64.RawURLEncoding.DecodeString("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
	hmacAlgs = []jwa.SignatureAlgorithm{hmac.HS256(), hmac.HS384(), hmac.HS512()}
)

// FuzzVerify checks that Verify never panics on arbitrary signing input and
// signature bytes, fails only with jwa.ErrVerification, and accepts exactly
// the MAC that Sign produces.
func FuzzVerify(f *testing.F) {
	f.Add(a1Input, a1Sig)
	f.Add(a1Input, a1Sig[:31])
	f.Add(a1Input, append(bytes.Clone(a1Sig), 0))
	f.Add([]byte{}, []byte{})
	f.Add([]byte("x"), make([]byte, 64))
	f.Fuzz(func(t *testing.T, input, sig []byte) {
		for _, a := range hmacAlgs {
			v, err := a.NewVerifier(a1Key)
			if err != nil {
				t.Fatal(err)
			}
			s, err := a.NewSigner(a1Key)
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.Sign(t.Context(), input)
			if err != nil {
				t.Fatal(err)
			}
			err = v.Verify(t.Context(), input, sig)
			if ok := bytes.Equal(sig, want); ok != (err == nil) {
				t.Fatalf("%s: Verify = %v for a signature that equals Sign's: %v", a.Name(), err, ok)
			}
			if err != nil && !errors.Is(err, jwa.ErrVerification) {
				t.Fatalf("%s: Verify error %v does not wrap ErrVerification", a.Name(), err)
			}
		}
	})
}

// FuzzNewVerifier checks that arbitrary key bytes never make the
// constructors panic, that they fail only with ErrKeySize or ErrKeyType,
// and that an accepted key signs and verifies.
func FuzzNewVerifier(f *testing.F) {
	f.Add(a1Key)
	f.Add([]byte("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n"))
	f.Add([]byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== x"))
	f.Add([]byte(`{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr8"}`))
	f.Add(append([]byte{0x30, 0x82, 0x01, 0x22}, make([]byte, 0x122)...))
	f.Add(append([]byte{0x04}, make([]byte, 64)...))
	f.Fuzz(func(t *testing.T, key []byte) {
		for _, a := range hmacAlgs {
			v, verr := a.NewVerifier(key)
			s, serr := a.NewSigner(key)
			if (verr == nil) != (serr == nil) {
				t.Fatalf("%s: NewVerifier: %v, NewSigner: %v", a.Name(), verr, serr)
			}
			if verr != nil {
				if !errors.Is(verr, jwa.ErrKeySize) && !errors.Is(verr, jwa.ErrKeyType) {
					t.Fatalf("%s: NewVerifier error %v wraps neither ErrKeySize nor ErrKeyType", a.Name(), verr)
				}
				continue
			}
			sig, err := s.Sign(t.Context(), a1Input)
			if err != nil {
				t.Fatal(err)
			}
			if err := v.Verify(t.Context(), a1Input, sig); err != nil {
				t.Fatalf("%s: Verify(Sign()) = %v", a.Name(), err)
			}
		}
	})
}
