package rsa_test

import (
	"bytes"
	"context"
	"crypto"
	stdrsa "crypto/rsa"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/algs/rsa/internal/rsatest"
	"github.com/joseframework/jose/core/jwa"
)

// TestOpaqueSigner covers the crypto.Signer path: the signer is called,
// its result is checked, and a done context stops the call.
func TestOpaqueSigner(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	ctx := context.Background()
	v, err := rsa.RS256().NewVerifier(&a.PublicKey)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("calls the device", func(t *testing.T) {
		hsm := &rsatest.OpaqueSigner{Key: a}
		s, err := rsa.RS256().NewSigner(hsm)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := s.Sign(ctx, []byte("x"))
		if err != nil {
			t.Fatal(err)
		}
		if n := hsm.Calls.Load(); n != 1 {
			t.Errorf("crypto.Signer called %d times, want 1", n)
		}
		if err := v.Verify(ctx, []byte("x"), sig); err != nil {
			t.Errorf("Verify = %v", err)
		}
	})

	t.Run("canceled context", func(t *testing.T) {
		hsm := &rsatest.OpaqueSigner{Key: a}
		s, _ := rsa.RS256().NewSigner(hsm)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Sign(cctx, []byte("x")); !errors.Is(err, context.Canceled) {
			t.Errorf("Sign with a canceled context = %v, want context.Canceled", err)
		}
		if n := hsm.Calls.Load(); n != 0 {
			t.Errorf("crypto.Signer called %d times after cancel, want 0", n)
		}
	})

	t.Run("leading zeros restored", func(t *testing.T) {
		// Find an input whose RS256 signature starts with a zero byte
		// (about one in 256), and have the device drop it.
		var msg []byte
		for i := 0; ; i++ {
			if i == 5000 {
				t.Fatal("no signature with a leading zero byte in 5000 tries")
			}
			msg = []byte{byte(i), byte(i >> 8)}
			d := crypto.SHA256.New()
			d.Write(msg)
			sig, err := stdrsa.SignPKCS1v15(nil, a, crypto.SHA256, d.Sum(nil))
			if err != nil {
				t.Fatal(err)
			}
			if sig[0] == 0 {
				break
			}
		}
		hsm := &rsatest.OpaqueSigner{Key: a, Mangle: func(b []byte) []byte { return bytes.TrimLeft(b, "\x00") }}
		s, _ := rsa.RS256().NewSigner(hsm)
		sig, err := s.Sign(ctx, msg)
		if err != nil {
			t.Fatal(err)
		}
		if len(sig) != a.Size() || sig[0] != 0 {
			t.Fatalf("signature is %d bytes starting %#x; want %d bytes starting 0", len(sig), sig[0], a.Size())
		}
		if err := v.Verify(ctx, msg, sig); err != nil {
			t.Errorf("Verify = %v", err)
		}
	})

	t.Run("too long", func(t *testing.T) {
		hsm := &rsatest.OpaqueSigner{Key: a, Mangle: func(b []byte) []byte { return append([]byte{0}, b...) }}
		s, _ := rsa.RS256().NewSigner(hsm)
		if sig, err := s.Sign(ctx, []byte("x")); err == nil {
			t.Errorf("Sign with a device returning %d bytes = nil error, want an error", len(sig))
		}
	})
}

// TestOpaqueDecrypter covers the crypto.Decrypter path for RSA-OAEP.
func TestOpaqueDecrypter(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	ctx := context.Background()
	for _, tc := range []struct {
		alg  jwa.KeyManagementAlgorithm
		hash crypto.Hash
	}{
		{rsa.RSAOAEP(), crypto.SHA1},
		{rsa.RSAOAEP256(), crypto.SHA256},
		{rsa.RSAOAEP384(), crypto.SHA384},
		{rsa.RSAOAEP512(), crypto.SHA512},
	} {
		t.Run(tc.alg.Name(), func(t *testing.T) {
			hsm := &rsatest.OpaqueDecrypter{Key: a}
			d, err := tc.alg.NewDecrypter(hsm)
			if err != nil {
				t.Fatal(err)
			}
			e, _ := tc.alg.NewEncrypter(&a.PublicKey)
			cek, ek, err := e.EncryptKey(ctx, "A256GCM", 32, &jwa.Params{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.DecryptKey(ctx, "A256GCM", 32, ek, &jwa.Params{})
			if err != nil || !bytes.Equal(got, cek) {
				t.Fatalf("DecryptKey = %x, %v; want %x", got, err, cek)
			}
			want := &stdrsa.OAEPOptions{Hash: tc.hash, MGFHash: tc.hash}
			if diff := cmp.Diff(crypto.DecrypterOpts(want), hsm.LastOpts()); diff != "" {
				t.Errorf("options given to the device (-want +got):\n%s", diff)
			}

			calls := hsm.Calls.Load()
			if _, err := d.DecryptKey(ctx, "A256GCM", 32, ek[1:], &jwa.Params{}); !errors.Is(err, jwa.ErrDecryption) {
				t.Errorf("DecryptKey of a short encrypted key = %v, want ErrDecryption", err)
			}
			if hsm.Calls.Load() != calls {
				t.Errorf("the device was called for an encrypted key of the wrong length")
			}
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			if _, err := d.DecryptKey(cctx, "A256GCM", 32, ek, &jwa.Params{}); !errors.Is(err, context.Canceled) {
				t.Errorf("DecryptKey with a canceled context = %v, want context.Canceled", err)
			}
			if hsm.Calls.Load() != calls {
				t.Errorf("the device was called after cancel")
			}
		})
	}
}

// TestCEKSize checks the CEK size rules of EncryptKey and DecryptKey.
func TestCEKSize(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	ctx := context.Background()
	for _, alg := range keyManagementAlgs {
		e, _ := alg.NewEncrypter(&a.PublicKey)
		d, _ := alg.NewDecrypter(a)
		// RFC 8017, Section 7.1.1: at most k - 2hLen - 2 bytes.
		hLen := map[string]int{"RSA-OAEP": 20, "RSA-OAEP-256": 32, "RSA-OAEP-384": 48, "RSA-OAEP-512": 64}[alg.Name()]
		maxLen := a.Size() - 2*hLen - 2
		for _, size := range []int{-1, 0, maxLen + 1} {
			if _, _, err := e.EncryptKey(ctx, "A128GCM", size, &jwa.Params{}); !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Errorf("%s: EncryptKey(cekSize %d) = %v, want ErrInvalidParameter", alg.Name(), size, err)
			}
		}
		cek, ek, err := e.EncryptKey(ctx, "A128GCM", maxLen, &jwa.Params{})
		if err != nil {
			t.Fatalf("%s: EncryptKey(cekSize %d) = %v", alg.Name(), maxLen, err)
		}
		if got, err := d.DecryptKey(ctx, "A128GCM", maxLen, ek, &jwa.Params{}); err != nil || !bytes.Equal(got, cek) {
			t.Errorf("%s: DecryptKey of a %d-byte CEK = %x, %v", alg.Name(), maxLen, got, err)
		}
		for _, size := range []int{-1, 0} {
			if _, err := d.DecryptKey(ctx, "A128GCM", size, ek, &jwa.Params{}); !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Errorf("%s: DecryptKey(cekSize %d) = %v, want ErrInvalidParameter", alg.Name(), size, err)
			}
		}
		if _, err := d.DecryptKey(ctx, "A128GCM", maxLen-1, ek, &jwa.Params{}); !errors.Is(err, jwa.ErrDecryption) {
			t.Errorf("%s: DecryptKey with a CEK one byte longer than cekSize = %v, want ErrDecryption", alg.Name(), err)
		}

		// A given CEK must have cekSize bytes, and is copied.
		if _, _, err := e.EncryptKey(ctx, "A128GCM", 16, &jwa.Params{CEK: make([]byte, 15)}); !errors.Is(err, jwa.ErrInvalidParameter) {
			t.Errorf("%s: EncryptKey with a 15-byte Params.CEK for cekSize 16 = %v, want ErrInvalidParameter", alg.Name(), err)
		}
		given := bytes.Repeat([]byte{7}, 16)
		p := &jwa.Params{CEK: given}
		cek, _, err = e.EncryptKey(ctx, "A128GCM", 16, p)
		if err != nil {
			t.Fatal(err)
		}
		given[0] = 8
		if cek[0] != 7 {
			t.Errorf("%s: the returned CEK shares memory with Params.CEK", alg.Name())
		}
	}
}

// TestZeroLengthEncryptedKey checks nil and empty encrypted keys, with
// local and opaque keys.
func TestZeroLengthEncryptedKey(t *testing.T) {
	a, _, _ := rsatest.Keys(t)
	for _, alg := range keyManagementAlgs {
		for _, key := range []any{a, &rsatest.OpaqueDecrypter{Key: a}} {
			d, err := alg.NewDecrypter(key)
			if err != nil {
				t.Fatal(err)
			}
			for _, ek := range [][]byte{nil, {}} {
				if _, err := d.DecryptKey(context.Background(), "A128GCM", 16, ek, &jwa.Params{}); !errors.Is(err, jwa.ErrDecryption) {
					t.Errorf("%s: DecryptKey(%#v) = %v, want ErrDecryption", alg.Name(), ek, err)
				}
			}
		}
	}
}
