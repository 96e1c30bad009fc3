package ecdh

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
)

func TestContract(t *testing.T) {
	edPub, edPriv, _ := ed25519.GenerateKey(nil)
	p224, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range algs {
		for _, c := range curves {
			t.Run(fmt.Sprintf("%s/%s", a.name, c), func(t *testing.T) {
				t.Parallel()
				k := genKey(t, c)
				enc, size := "A256GCM", 32
				if a.kekSize == 0 {
					enc, size = "A128GCM", 16
				}
				jwatest.TestKeyManagement(t, jwatest.KeyManagementCase{
					Alg:             a,
					EncryptKey:      k.PublicKey(),
					DecryptKey:      k,
					OtherDecryptKey: genKey(t, c),
					WrongKeys:       []any{edPub, edPriv, make([]byte, 32), p224, &p224.PublicKey},
					Enc:             enc,
					CEKSize:         size,
					Direct:          a.kekSize == 0,
				})
			})
		}
	}
}

// lowOrderX25519 are the u-coordinates of the X25519 points of small
// order: the seven canonical encodings, then the same with bit 255 set,
// which RFC 7748 decoding masks off. Key agreement with any of them gives
// the all-zero shared secret.
var lowOrderX25519 = []string{
	"0000000000000000000000000000000000000000000000000000000000000000", // 0
	"0100000000000000000000000000000000000000000000000000000000000000", // 1
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
	"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p-1 (order 2)
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p, non-canonical 0
	"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p+1, non-canonical 1
	"0000000000000000000000000000000000000000000000000000000000000080",
	"0100000000000000000000000000000000000000000000000000000000000080",
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
	"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7",
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
	"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
}

func TestX25519LowOrderPoints(t *testing.T) {
	recipient := genKey(t, ecdh.X25519())
	for _, h := range lowOrderX25519 {
		pub, err := ecdh.X25519().NewPublicKey(unhex(t, h))
		if err != nil {
			t.Fatalf("%s: %v", h, err)
		}
		for _, a := range algs {
			// As the epk of a received JWE.
			d, _ := a.NewDecrypter(recipient)
			cek, err := d.DecryptKey(context.Background(), "A256GCM", 32, make([]byte, 40*min(a.kekSize, 1)), &jwa.Params{EPK: pub})
			if cek != nil || !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Errorf("%s: epk %s: DecryptKey = %x, %v; want ErrInvalidParameter", a.name, h, cek, err)
			}
			// As the recipient's key.
			e, err := a.NewEncrypter(pub)
			if err != nil {
				t.Fatalf("NewEncrypter: %v", err)
			}
			p := &jwa.Params{}
			cek, ek, err := e.EncryptKey(context.Background(), "A256GCM", 32, p)
			if cek != nil || ek != nil || p.EPK != nil || !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Errorf("%s: recipient %s: EncryptKey = %x, %x, %v; want ErrInvalidParameter and no EPK", a.name, h, cek, ek, err)
			}
		}
	}
}

func TestEPKOnAnotherCurve(t *testing.T) {
	for _, rc := range curves {
		recipient := genKey(t, rc)
		for _, ec := range curves {
			if ec == rc {
				continue
			}
			epk := genKey(t, ec)
			for _, a := range algs {
				d, _ := a.NewDecrypter(recipient)
				_, err := d.DecryptKey(context.Background(), "A128GCM", 16, nil, &jwa.Params{EPK: epk.PublicKey()})
				if !errors.Is(err, jwa.ErrInvalidParameter) {
					t.Errorf("%s: recipient on %s, epk on %s: error = %v, want ErrInvalidParameter", a.name, rc, ec, err)
				}
				// The same for a given ephemeral key on encryption.
				e, _ := a.NewEncrypter(recipient.PublicKey())
				p := &jwa.Params{EphemeralKey: epk}
				if _, _, err := e.EncryptKey(context.Background(), "A128GCM", 16, p); !errors.Is(err, jwa.ErrInvalidParameter) || p.EPK != nil {
					t.Errorf("%s: EphemeralKey on %s for a %s recipient: error = %v, want ErrInvalidParameter", a.name, ec, rc, err)
				}
			}
		}
	}
}

func TestMissingEPK(t *testing.T) {
	for _, a := range algs {
		d, _ := a.NewDecrypter(genKey(t, ecdh.P256()))
		for name, p := range map[string]*jwa.Params{"nil EPK": {}, "nil Params": nil} {
			if _, err := d.DecryptKey(context.Background(), "A128GCM", 16, nil, p); !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Errorf("%s: %s: error = %v, want ErrInvalidParameter", a.name, name, err)
			}
		}
		e, _ := a.NewEncrypter(genKey(t, ecdh.P256()).PublicKey())
		if _, _, err := e.EncryptKey(context.Background(), "A128GCM", 16, nil); !errors.Is(err, jwa.ErrInvalidParameter) {
			t.Errorf("%s: EncryptKey with nil Params: error = %v, want ErrInvalidParameter", a.name, err)
		}
	}
}

func TestDirect(t *testing.T) {
	for _, c := range curves {
		k := genKey(t, c)
		p := &jwa.Params{}
		cek, ek := encryptKey(t, ecdhES, k.PublicKey(), "A128CBC-HS256", 32, p)
		if ek == nil || len(ek) != 0 {
			t.Errorf("%s: encrypted key = %#v, want empty and non-nil", c, ek)
		}
		d, _ := ecdhES.NewDecrypter(k)
		for _, bad := range [][]byte{{0}, make([]byte, 40), cek} {
			got, err := d.DecryptKey(context.Background(), "A128CBC-HS256", 32, bad, &jwa.Params{EPK: p.EPK})
			if got != nil || err != errDecrypt {
				t.Errorf("%s: direct with a %d-byte encrypted key: DecryptKey = %x, %v; want %v", c, len(bad), got, err, errDecrypt)
			}
		}
		// The CEK is bound to "enc", "apu" and "apv".
		for name, tc := range map[string]struct {
			enc      string
			apu, apv []byte
		}{
			"enc": {"A256GCM", nil, nil},
			"apu": {"A128CBC-HS256", []byte("x"), nil},
			"apv": {"A128CBC-HS256", nil, []byte("x")},
		} {
			got, err := d.DecryptKey(context.Background(), tc.enc, 32, nil, &jwa.Params{EPK: p.EPK, APU: tc.apu, APV: tc.apv})
			if err != nil || len(got) != 32 || bytes.Equal(got, cek) {
				t.Errorf("%s: another %s: DecryptKey = %x, %v; want another 32-byte key", c, name, got, err)
			}
		}
		// A given CEK cannot be used.
		e, _ := ecdhES.NewEncrypter(k.PublicKey())
		if _, _, err := e.EncryptKey(context.Background(), "A128GCM", 16, &jwa.Params{CEK: make([]byte, 16)}); !errors.Is(err, jwa.ErrInvalidParameter) {
			t.Errorf("%s: direct with Params.CEK: error = %v, want ErrInvalidParameter", c, err)
		}
		// Nonsense CEK sizes.
		for _, size := range []int{0, -1, MaxKeyDataLen + 1} {
			if _, _, err := e.EncryptKey(context.Background(), "A128GCM", size, &jwa.Params{}); !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Errorf("%s: EncryptKey(cekSize %d) error = %v, want ErrInvalidParameter", c, size, err)
			}
			if _, err := d.DecryptKey(context.Background(), "A128GCM", size, nil, &jwa.Params{EPK: p.EPK}); !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Errorf("%s: DecryptKey(cekSize %d) error = %v, want ErrInvalidParameter", c, size, err)
			}
		}
	}
}

func TestKeyWrap(t *testing.T) {
	for _, a := range algs[1:] {
		k := genKey(t, ecdh.P256())
		e, _ := a.NewEncrypter(k.PublicKey())
		d, _ := a.NewDecrypter(k)
		apu, apv := []byte("Alice"), []byte("Bob")
		p := &jwa.Params{APU: apu, APV: apv}
		cek, ek, err := e.EncryptKey(context.Background(), "A192CBC-HS384", 48, p)
		if err != nil || len(cek) != 48 || len(ek) != 56 {
			t.Fatalf("%s: EncryptKey = %d-byte CEK, %d-byte key, %v", a.name, len(cek), len(ek), err)
		}
		// The KEK is ConcatKDF(Z, alg, apu, apv, kekSize), whatever "enc" is.
		z, err := k.ECDH(p.EPK)
		if err != nil {
			t.Fatal(err)
		}
		kek, err := ConcatKDF(z, a.name, apu, apv, a.kekSize)
		if err != nil {
			t.Fatal(err)
		}
		checkWrapped(t, kek, ek, cek)

		for name, q := range map[string]*jwa.Params{
			"apu changed":   {EPK: p.EPK, APU: []byte("Alicf"), APV: apv},
			"apv missing":   {EPK: p.EPK, APU: apu},
			"other epk":     {EPK: genKey(t, ecdh.P256()).PublicKey(), APU: apu, APV: apv},
			"no apu or apv": {EPK: p.EPK},
		} {
			if got, err := d.DecryptKey(context.Background(), "A192CBC-HS384", 48, ek, q); got != nil || err != errDecrypt {
				t.Errorf("%s: %s: DecryptKey = %x, %v; want %v", a.name, name, got, err, errDecrypt)
			}
		}
		for _, bad := range [][]byte{nil, ek[:55], append(bytes.Clone(ek), 0), make([]byte, 56), make([]byte, 1<<20)} {
			if got, err := d.DecryptKey(context.Background(), "A192CBC-HS384", 48, bad, &jwa.Params{EPK: p.EPK, APU: apu, APV: apv}); got != nil || err != errDecrypt {
				t.Errorf("%s: %d-byte encrypted key: DecryptKey = %x, %v; want %v", a.name, len(bad), got, err, errDecrypt)
			}
		}
		// A given CEK of the wrong size, or a size AES Key Wrap cannot
		// take, is refused.
		for _, tc := range []struct{ given, size int }{{16, 32}, {33, 33}, {8, 8}, {0, 0}} {
			q := &jwa.Params{}
			if tc.given > 0 {
				q.CEK = make([]byte, tc.given)
			}
			if _, _, err := e.EncryptKey(context.Background(), "X", tc.size, q); !errors.Is(err, jwa.ErrInvalidParameter) || q.EPK != nil {
				t.Errorf("%s: %d-byte given CEK for cekSize %d: error = %v, want ErrInvalidParameter", a.name, tc.given, tc.size, err)
			}
		}
	}
}

// hsmKey stands for a private key held in a hardware module: it offers
// ECDH and Public, never its scalar.
type hsmKey struct {
	priv *ecdh.PrivateKey
	err  error
	pub  crypto.PublicKey
}

func (k *hsmKey) ECDH(remote *ecdh.PublicKey) ([]byte, error) {
	if k.err != nil {
		return nil, k.err
	}
	return k.priv.ECDH(remote)
}

func (k *hsmKey) Public() crypto.PublicKey {
	if k.pub != nil {
		return k.pub
	}
	return k.priv.PublicKey()
}

func TestKeyTypes(t *testing.T) {
	ctx := context.Background()
	for _, curve := range []elliptic.Curve{elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		ek, err := ecdsa.GenerateKey(curve, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		ecdhKey, err := ek.ECDH()
		if err != nil {
			t.Fatal(err)
		}
		hsm := &hsmKey{priv: ecdhKey}
		hsmECDSA := &hsmKey{priv: ecdhKey, pub: &ek.PublicKey}
		for _, a := range algs {
			// Every combination of the encryption and decryption key forms.
			for _, encKey := range []any{&ek.PublicKey, ek, ecdhKey.PublicKey(), ecdhKey} {
				for _, decKey := range []any{ek, ecdhKey, hsm, hsmECDSA} {
					p := &jwa.Params{}
					cek, wrapped := encryptKey(t, a, encKey, "A128GCM", 16, p)
					if got := decryptKey(t, a, decKey, "A128GCM", 16, wrapped, p); !bytes.Equal(got, cek) {
						t.Errorf("%s %s: %T → %T: CEK mismatch", a.name, curve.Params().Name, encKey, decKey)
					}
				}
			}
			// Public keys cannot decrypt.
			for _, k := range []any{&ek.PublicKey, ecdhKey.PublicKey()} {
				if _, err := a.NewDecrypter(k); !errors.Is(err, jwa.ErrKeyType) {
					t.Errorf("%s: NewDecrypter(%T) error = %v, want ErrKeyType", a.name, k, err)
				}
			}
		}
	}

	// A hardware key's own failure is reported, and kept for errors.Is.
	hsmErr := errors.New("token removed")
	k := genKey(t, ecdh.P256())
	for _, a := range algs {
		d, err := a.NewDecrypter(&hsmKey{priv: k, err: hsmErr})
		if err != nil {
			t.Fatal(err)
		}
		ek := make([]byte, 24*min(a.kekSize, 1)) // the right length, so that ECDH is reached
		_, err = d.DecryptKey(ctx, "A128GCM", 16, ek, &jwa.Params{EPK: genKey(t, ecdh.P256()).PublicKey()})
		if !errors.Is(err, hsmErr) || !errors.Is(err, jwa.ErrInvalidParameter) {
			t.Errorf("%s: HSM failure: error = %v, want it to wrap the HSM's error", a.name, err)
		}
	}

	edPub, edPriv, _ := ed25519.GenerateKey(nil)
	p224, _ := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	k256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	bad := map[string]any{
		"ed25519.PublicKey":               edPub,
		"ed25519.PrivateKey":              edPriv,
		"ECDSA P-224 public":              &p224.PublicKey,
		"ECDSA P-224 private":             p224,
		"nil *ecdh.PublicKey":             (*ecdh.PublicKey)(nil),
		"nil *ecdh.PrivateKey":            (*ecdh.PrivateKey)(nil),
		"nil *ecdsa.PublicKey":            (*ecdsa.PublicKey)(nil),
		"nil *ecdsa.PrivateKey":           (*ecdsa.PrivateKey)(nil),
		"empty *ecdsa.PublicKey":          &ecdsa.PublicKey{},
		"ecdsa.PublicKey without a point": &ecdsa.PublicKey{Curve: elliptic.P256()},
		"ecdsa.PrivateKey without D":      &ecdsa.PrivateKey{PublicKey: k256.PublicKey},
		"ecdsa.PrivateKey without X, Y":   &ecdsa.PrivateKey{PublicKey: ecdsa.PublicKey{Curve: elliptic.P256()}, D: k256.D},
		"nil HSM key":                     (*hsmKey)(nil),
		"HSM key with an Ed25519 public":  &hsmKey{priv: k, pub: edPub},
		"HSM key with a P-224 public":     &hsmKey{priv: k, pub: &p224.PublicKey},
		"[]byte":                          make([]byte, 32),
		"nil":                             nil,
	}
	for _, a := range algs {
		for name, key := range bad {
			if _, err := a.NewDecrypter(key); !errors.Is(err, jwa.ErrKeyType) {
				t.Errorf("%s: NewDecrypter(%s) error = %v, want ErrKeyType", a.name, name, err)
			}
			if strings.HasPrefix(name, "HSM") || name == "nil HSM key" || name == "ecdsa.PrivateKey without D" {
				continue // decryption-only keys, or a public part good enough for encryption
			}
			if _, err := a.NewEncrypter(key); !errors.Is(err, jwa.ErrKeyType) {
				t.Errorf("%s: NewEncrypter(%s) error = %v, want ErrKeyType", a.name, name, err)
			}
		}
		_, err := a.NewEncrypter(edPub)
		if err == nil || !strings.Contains(err.Error(), "X25519") {
			t.Errorf("%s: the error for an Ed25519 key should point to X25519: %v", a.name, err)
		}
	}
}

func TestContextCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	k := genKey(t, ecdh.P256())
	for _, a := range algs {
		e, _ := a.NewEncrypter(k.PublicKey())
		if _, _, err := e.EncryptKey(ctx, "A128GCM", 16, &jwa.Params{}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: EncryptKey error = %v, want context.Canceled", a.name, err)
		}
		d, _ := a.NewDecrypter(k)
		if _, err := d.DecryptKey(ctx, "A128GCM", 16, nil, &jwa.Params{EPK: k.PublicKey()}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: DecryptKey error = %v, want context.Canceled", a.name, err)
		}
	}
}

func TestConcatKDF(t *testing.T) {
	z := []byte("shared secret Z of some length..")
	apu, apv := []byte("apu"), []byte("apv")
	for _, n := range []int{1, 16, 31, 32, 33, 48, 64, 65, 100, MaxKeyDataLen} {
		got, err := ConcatKDF(z, "A128GCM", apu, apv, n)
		if err != nil || len(got) != n || cap(got) != n {
			t.Fatalf("ConcatKDF(%d) = %d bytes (cap %d), %v", n, len(got), cap(got), err)
		}
		// Independent computation, block by block.
		oi := binary.BigEndian.AppendUint32(nil, 7)
		oi = append(oi, "A128GCM"...)
		oi = append(binary.BigEndian.AppendUint32(oi, 3), apu...)
		oi = append(binary.BigEndian.AppendUint32(oi, 3), apv...)
		oi = binary.BigEndian.AppendUint32(oi, uint32(8*n))
		var want []byte
		for i := uint32(1); len(want) < n; i++ {
			h := sha256.New()
			h.Write(binary.BigEndian.AppendUint32(nil, i))
			h.Write(z)
			h.Write(oi)
			want = h.Sum(want)
		}
		if diff := cmp.Diff(want[:n], got); diff != "" {
			t.Errorf("ConcatKDF(%d) mismatch (-want +got):\n%s", n, diff)
		}
	}
	// The length is part of the input: a shorter key is not a prefix.
	k16, _ := ConcatKDF(z, "A128GCM", apu, apv, 16)
	k32, _ := ConcatKDF(z, "A128GCM", apu, apv, 32)
	if bytes.Equal(k16, k32[:16]) {
		t.Error("SuppPubInfo does not bind the key length")
	}
	// Each field is length-prefixed, so moving bytes between them changes
	// the output.
	a, _ := ConcatKDF(z, "A128GCM", []byte("ab"), []byte("c"), 16)
	b, _ := ConcatKDF(z, "A128GCM", []byte("a"), []byte("bc"), 16)
	if bytes.Equal(a, b) {
		t.Error("apu and apv are not length-prefixed")
	}
	for _, n := range []int{0, -1, -32, MaxKeyDataLen + 1, 1 << 40} {
		if got, err := ConcatKDF(z, "A128GCM", nil, nil, n); got != nil || !errors.Is(err, jwa.ErrInvalidParameter) {
			t.Errorf("ConcatKDF(%d) = %x, %v; want ErrInvalidParameter", n, got, err)
		}
	}
	zc := bytes.Clone(z)
	ConcatKDF(zc, "x", apu, apv, 40)
	if !bytes.Equal(zc, z) || string(apu) != "apu" || string(apv) != "apv" {
		t.Error("ConcatKDF modified its arguments")
	}
}

func TestRegistered(t *testing.T) {
	for _, tc := range []struct {
		alg     jwa.KeyManagementAlgorithm
		name    string
		summary string
	}{
		{ECDHES(), "ECDH-ES", "ECDH-ES direct key agreement with the Concat KDF (P-256, P-384, P-521, X25519)"},
		{ECDHESA128KW(), "ECDH-ES+A128KW", "ECDH-ES with the Concat KDF and A128KW key wrapping (P-256, P-384, P-521, X25519)"},
		{ECDHESA192KW(), "ECDH-ES+A192KW", "ECDH-ES with the Concat KDF and A192KW key wrapping (P-256, P-384, P-521, X25519)"},
		{ECDHESA256KW(), "ECDH-ES+A256KW", "ECDH-ES with the Concat KDF and A256KW key wrapping (P-256, P-384, P-521, X25519)"},
	} {
		got, ok := jwa.LookupKeyManagement(tc.name)
		if !ok || got != tc.alg || tc.alg.Name() != tc.name {
			t.Errorf("%s: lookup = %v, %v; Name %q", tc.name, got, ok, tc.alg.Name())
		}
		want := jwa.Description{KeyTypes: []string{"EC", "OKP"}, Summary: tc.summary}
		if diff := cmp.Diff(want, tc.alg.(jwa.Describer).Describe()); diff != "" {
			t.Errorf("%s: Describe mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
}
