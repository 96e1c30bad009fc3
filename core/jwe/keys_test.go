package jwe

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"testing"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
)

func TestDecryptWithKeys(t *testing.T) {
	kA, kB, kC, kD := bytes.Repeat([]byte{0xa}, 16), bytes.Repeat([]byte{0xb}, 16), bytes.Repeat([]byte{0xc}, 16), bytes.Repeat([]byte{0xd}, 16)
	set, err := jwk.ParseSet(fmt.Appendf(nil, `{"keys":[
		{"kty":"oct","kid":"a","k":"%s"},
		{"kty":"oct","kid":"b","use":"sig","k":"%s"},
		{"kty":"oct","kid":"c","key_ops":["unwrapKey"],"k":"%s"},
		{"kty":"oct","kid":"d","key_ops":["encrypt"],"k":"%s"},
		{"kty":"oct","kid":"dir","alg":"dir","k":"%s"},
		{"kty":"oct","kid":"dir-gcm","alg":"A128GCM","k":"%s"},
		{"kty":"oct","kid":"dir-cbc","alg":"A128CBC-HS256","k":"%s"}
	]}`, b64.Encode(kA), b64.Encode(kB), b64.Encode(kC), b64.Encode(kD), b64.Encode(key16), b64.Encode(key16), b64.Encode(key16)))
	if err != nil {
		t.Fatal(err)
	}
	opts := func() *DecryptOptions {
		return &DecryptOptions{
			ContentEncryption: []jwa.ContentEncryptionAlgorithm{a128gcm},
			KeyManagement:     []jwa.KeyManagementAlgorithm{testKW{}, Direct()},
		}
	}
	enc := func(key []byte, kid string) []byte {
		tok, err := Encrypt(t.Context(), []byte("for "+kid), a128gcm, []Recipient{{KeyEncrypter: mustKW(key), KeyID: kid}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	t.Run("by kid", func(t *testing.T) {
		for _, kid := range []string{"a", "c"} {
			key := map[string][]byte{"a": kA, "c": kC}[kid]
			res, err := DecryptWithKeys(t.Context(), enc(key, kid), set, opts())
			if err != nil {
				t.Fatal(err)
			}
			if res.Key == nil || res.Key.KeyID() != kid || string(res.Plaintext) != "for "+kid {
				t.Errorf("kid %s: key %v, plaintext %q", kid, res.Key, res.Plaintext)
			}
		}
	})
	t.Run("no kid tries every key", func(t *testing.T) {
		res, err := DecryptWithKeys(t.Context(), enc(kC, ""), set, opts())
		if err != nil || res.Key.KeyID() != "c" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("attempts are bounded", func(t *testing.T) {
		o := opts()
		o.Limits.MaxRecipients = 1 // only key "a" is tried
		if _, err := DecryptWithKeys(t.Context(), enc(kC, ""), set, o); err != errDecrypt {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("use sig is not used", func(t *testing.T) {
		if _, err := DecryptWithKeys(t.Context(), enc(kB, "b"), set, opts()); !errors.Is(err, ErrNoRecipient) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("key_ops without unwrapKey is not used", func(t *testing.T) {
		if _, err := DecryptWithKeys(t.Context(), enc(kD, "d"), set, opts()); !errors.Is(err, ErrNoRecipient) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("unknown kid", func(t *testing.T) {
		if _, err := DecryptWithKeys(t.Context(), enc(kA, "zz"), set, opts()); !errors.Is(err, ErrNoRecipient) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("dir", func(t *testing.T) {
		tok, err := Encrypt(t.Context(), []byte("direct"), a128gcm, []Recipient{{KeyEncrypter: mustDir(key16), KeyID: "dir"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := DecryptWithKeys(t.Context(), tok, set, opts())
		if err != nil || string(res.Plaintext) != "direct" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("dir key with the enc as alg", func(t *testing.T) {
		for kid, ok := range map[string]bool{"dir-gcm": true, "dir-cbc": false} {
			tok, err := Encrypt(t.Context(), []byte("direct"), a128gcm, []Recipient{{KeyEncrypter: mustDir(key16), KeyID: kid}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = DecryptWithKeys(t.Context(), tok, set, opts())
			if ok != (err == nil) || (!ok && !errors.Is(err, ErrNoRecipient)) {
				t.Errorf("%s: err = %v", kid, err)
			}
		}
	})
	t.Run("alg not allowed", func(t *testing.T) {
		o := opts()
		o.KeyManagement = []jwa.KeyManagementAlgorithm{Direct()}
		var ae *AlgorithmError
		if _, err := DecryptWithKeys(t.Context(), enc(kA, "a"), set, o); !errors.As(err, &ae) || ae.Param != "alg" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("enc not allowed", func(t *testing.T) {
		o := opts()
		o.ContentEncryption = []jwa.ContentEncryptionAlgorithm{a256gcm}
		var ae *AlgorithmError
		if _, err := DecryptWithKeys(t.Context(), enc(kA, "a"), set, o); !errors.As(err, &ae) || ae.Param != "enc" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("options", func(t *testing.T) {
		tok := enc(kA, "a")
		for name, o := range map[string]*DecryptOptions{
			"nil":         nil,
			"no kms":      {ContentEncryption: []jwa.ContentEncryptionAlgorithm{a128gcm}},
			"nil km":      {ContentEncryption: []jwa.ContentEncryptionAlgorithm{a128gcm}, KeyManagement: []jwa.KeyManagementAlgorithm{nil}},
			"no encs":     {KeyManagement: []jwa.KeyManagementAlgorithm{testKW{}}},
			"km are none": {ContentEncryption: []jwa.ContentEncryptionAlgorithm{a128gcm}, KeyManagement: []jwa.KeyManagementAlgorithm{noneAlg{}}},
		} {
			if _, err := DecryptWithKeys(t.Context(), tok, set, o); !errors.Is(err, ErrInvalidOptions) {
				t.Errorf("%s: err = %v", name, err)
			}
		}
		if _, err := DecryptWithKeys(t.Context(), tok, nil, opts()); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("nil source: err = %v", err)
		}
	})
	t.Run("source error", func(t *testing.T) {
		if _, err := DecryptWithKeys(t.Context(), enc(kA, "a"), failingSource{}, opts()); !errors.Is(err, errSource) {
			t.Fatalf("err = %v", err)
		}
	})
}

type noneAlg struct{ testKW }

func (noneAlg) Name() string { return "none" }

var errSource = errors.New("source down")

type failingSource struct{}

func (failingSource) LookupKeys(context.Context, jwk.Query) ([]*jwk.Key, error) {
	return nil, errSource
}

// TestEPK checks that an ephemeral public key written into a header reads
// back as the same key, on every curve.
func TestEPK(t *testing.T) {
	for _, c := range epkCurves {
		t.Run(c.crv, func(t *testing.T) {
			priv, err := c.curve.GenerateKey(rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := appendEPK(nil, priv.PublicKey())
			if err != nil {
				t.Fatal(err)
			}
			pub, err := parseEPK(raw, jwa.DefaultLimits())
			if err != nil {
				t.Fatalf("%s: %v", raw, err)
			}
			if !pub.Equal(priv.PublicKey()) {
				t.Errorf("%s read back as another key", raw)
			}
			// Through a header: Params.EPK is filled.
			tok := sealCompact(t, `{"alg":"dir","enc":"A128GCM","epk":`+string(raw)+`}`, key16, []byte("x"))
			m, err := Parse([]byte(tok), jwa.Limits{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if p := m.recipients[0].params; p.EPK == nil || !p.EPK.Equal(pub) {
				t.Error("Params.EPK not set from the header")
			}
		})
	}
}
