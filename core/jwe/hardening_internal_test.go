package jwe

import (
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/joseframework/jose/core/jwa"
)

// countingGCM is testGCM whose AEADs count their Open calls.
type countingGCM struct {
	testGCM
	opens *int
}

func (a countingGCM) NewAEAD(cek []byte) (cipher.AEAD, error) {
	aead, err := a.testGCM.NewAEAD(cek)
	if err != nil {
		return nil, err
	}
	return countingAEAD{aead, a.opens}, nil
}

type countingAEAD struct {
	cipher.AEAD
	opens *int
}

func (c countingAEAD) Open(dst, nonce, ciphertext, ad []byte) ([]byte, error) {
	*c.opens++
	if len(nonce) != c.NonceSize() {
		return nil, jwa.ErrDecryption // crypto/cipher would panic
	}
	return c.AEAD.Open(dst, nonce, ciphertext, ad)
}

// TestTagAndIVLengthBeforeOpen: a tag or IV of the wrong length is refused
// before the AEAD's Open is called, so that no AEAD implementation ever
// sees a truncated tag (GCM would accept a short tag if asked for one).
func TestTagAndIVLengthBeforeOpen(t *testing.T) {
	b64 := base64.RawURLEncoding
	key := make([]byte, 16)
	rand.Read(key)
	var opens int
	enc := countingGCM{a128gcm, &opens}
	aead, err := a128gcm.NewAEAD(key)
	if err != nil {
		t.Fatal(err)
	}
	hdr := b64.EncodeToString([]byte(`{"alg":"dir","enc":"A128GCM"}`))
	iv := make([]byte, aead.NonceSize())
	rand.Read(iv)
	sealed := aead.Seal(nil, iv, []byte("attack at dawn"), []byte(hdr))
	n := len(sealed) - aead.Overhead()
	ct, tag := sealed[:n], sealed[n:]
	token := func(iv, tag []byte) []byte {
		return []byte(hdr + ".." + b64.EncodeToString(iv) + "." + b64.EncodeToString(ct) + "." + b64.EncodeToString(tag))
	}
	kd, err := Direct().NewDecrypter(key)
	if err != nil {
		t.Fatal(err)
	}
	opts := &DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{enc}}
	if _, err := Decrypt(t.Context(), token(iv, tag), kd, opts); err != nil || opens != 1 {
		t.Fatalf("control: %v, %d Open calls, want 1", err, opens)
	}
	for name, tok := range map[string][]byte{
		"15-byte tag": token(iv, tag[:15]),
		"12-byte tag": token(iv, tag[:12]),
		"17-byte tag": token(iv, append(append([]byte{}, tag...), 0)),
		"11-byte IV":  token(iv[:11], tag),
		"16-byte IV":  token(append(append([]byte{}, iv...), 0, 0, 0, 0), tag),
	} {
		opens = 0
		if _, err := Decrypt(t.Context(), tok, kd, opts); !errors.Is(err, jwa.ErrDecryption) {
			t.Errorf("%s: %v, want ErrDecryption", name, err)
		}
		if opens != 0 {
			t.Errorf("%s: the AEAD's Open was called %d times, want 0", name, opens)
		}
	}
}

// TestParseEPKPrivate: an "epk" that carries a private key ("d") is
// refused as such, before it is turned into an ECDH key.
func TestParseEPKPrivate(t *testing.T) {
	b64 := base64.RawURLEncoding
	for _, curve := range []ecdh.Curve{ecdh.P256(), ecdh.X25519()} {
		priv, err := curve.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		pub := priv.PublicKey().Bytes()
		var m map[string]string
		if curve == ecdh.X25519() {
			m = map[string]string{"kty": "OKP", "crv": "X25519", "x": b64.EncodeToString(pub)}
		} else {
			m = map[string]string{"kty": "EC", "crv": "P-256", "x": b64.EncodeToString(pub[1:33]), "y": b64.EncodeToString(pub[33:])}
		}
		public, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parseEPK(public, jwa.DefaultLimits()); err != nil {
			t.Fatalf("%v: control, public epk: %v", curve, err)
		}
		m["d"] = b64.EncodeToString(priv.Bytes())
		private, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		_, err = parseEPK(private, jwa.DefaultLimits())
		if !errors.Is(err, jwa.ErrInvalidParameter) || !strings.Contains(err.Error(), "private key") {
			t.Errorf("%v: epk with \"d\": %v, want ErrInvalidParameter for a private key", curve, err)
		}
	}
}
