package ecdh

import (
	"crypto"
	"crypto/ecdh"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/joseframework/jose/core/jwa"
)

// countingAgreer is a private key that counts its ECDH calls.
type countingAgreer struct {
	k     *ecdh.PrivateKey
	calls int
}

func (c *countingAgreer) ECDH(remote *ecdh.PublicKey) ([]byte, error) {
	c.calls++
	return c.k.ECDH(remote)
}

func (c *countingAgreer) Public() crypto.PublicKey { return c.k.PublicKey() }

// TestEPKCurveBeforeECDH: an "epk" on another curve than the recipient's
// key is refused before the private key is used, whatever the curves.
func TestEPKCurveBeforeECDH(t *testing.T) {
	curves := []ecdh.Curve{ecdh.P256(), ecdh.P384(), ecdh.P521(), ecdh.X25519()}
	for _, alg := range []*algorithm{ecdhES, ecdhESA128KW} {
		for _, own := range curves {
			k, err := own.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			ag := &countingAgreer{k: k}
			kd, err := alg.NewDecrypter(ag)
			if err != nil {
				t.Fatal(err)
			}
			encKey := []byte(nil)
			if alg.kekSize != 0 {
				encKey = make([]byte, 24)
			}
			for _, other := range curves {
				if other == own {
					continue
				}
				eph, err := other.GenerateKey(rand.Reader)
				if err != nil {
					t.Fatal(err)
				}
				ag.calls = 0
				_, err = kd.DecryptKey(t.Context(), "A128GCM", 16, encKey, &jwa.Params{EPK: eph.PublicKey()})
				if !errors.Is(err, jwa.ErrInvalidParameter) {
					t.Errorf("%s: key on %v, epk on %v: %v, want ErrInvalidParameter", alg.name, own, other, err)
				}
				if ag.calls != 0 {
					t.Errorf("%s: key on %v, epk on %v: ECDH ran %d times, want 0", alg.name, own, other, ag.calls)
				}
			}
			// Control: an epk on the key's own curve reaches ECDH.
			eph, err := own.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			ag.calls = 0
			kd.DecryptKey(t.Context(), "A128GCM", 16, encKey, &jwa.Params{EPK: eph.PublicKey()})
			if ag.calls != 1 {
				t.Errorf("%s: control on %v: ECDH ran %d times, want 1", alg.name, own, ag.calls)
			}
		}
	}
}
