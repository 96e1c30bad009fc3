package ecdh

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"encoding/binary"
	"testing"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
)

func TestManifest(t *testing.T) { jwatest.CheckManifest(t, "testdata/vectors") }

// rfcFile is the part of a vectors/rfcs file these tests read.
type rfcFile struct {
	Vectors []struct {
		ID, Category, Alg, Enc, Crv string
		Keys                        map[string]jwkJSON
		Input                       map[string]any
		Expected                    map[string]any
	}
}

func str(t testing.TB, m map[string]any, key string) string {
	t.Helper()
	s, ok := m[key].(string)
	if !ok {
		t.Fatalf("member %q missing or not a string", key)
	}
	return s
}

// TestRFC7518AppendixC checks Z, OtherInfo and the derived key of the
// RFC's ECDH-ES example, and that both EncryptKey (with the example's
// ephemeral key) and DecryptKey arrive at the same CEK.
func TestRFC7518AppendixC(t *testing.T) {
	var f rfcFile
	readJSON(t, "rfcs/rfc7518.json", &f)
	ran := 0
	for _, v := range f.Vectors {
		if v.Category != "key-agreement" {
			continue
		}
		ran++
		t.Run(v.ID, func(t *testing.T) {
			if v.Alg != "ECDH-ES" {
				t.Fatalf("unexpected alg %q", v.Alg)
			}
			alicePub, alice := v.Keys["alice_ephemeral"].keys(t)
			bobPub, bob := v.Keys["bob_static"].keys(t)
			in, exp := v.Input, v.Expected
			z := unb64(t, str(t, exp, "Z_b64u"))

			zA, err := alice.ECDH(bobPub)
			if err != nil {
				t.Fatal(err)
			}
			zB, err := bob.ECDH(alicePub)
			if err != nil {
				t.Fatal(err)
			}
			mustEqual(t, "Z (sender)", zA, z)
			mustEqual(t, "Z (recipient)", zB, z)

			algID := str(t, in, "algorithm_id")
			apu, apv := []byte(str(t, in, "apu")), []byte(str(t, in, "apv"))
			bits, ok := in["keydatalen_bits"].(float64)
			if !ok || bits != 128 {
				t.Fatalf("keydatalen_bits = %v", in["keydatalen_bits"])
			}
			size := int(bits) / 8
			mustEqual(t, "OtherInfo", otherInfo(algID, apu, apv, size), unb64(t, str(t, exp, "other_info_b64u")))
			round1 := binary.BigEndian.AppendUint32(nil, 1)
			round1 = append(append(round1, z...), otherInfo(algID, apu, apv, size)...)
			mustEqual(t, "KDF round 1 input", round1, unb64(t, str(t, exp, "kdf_round1_input_b64u")))

			want := unb64(t, str(t, exp, "derived_key_b64u"))
			got, err := ConcatKDF(z, algID, apu, apv, size)
			if err != nil {
				t.Fatal(err)
			}
			mustEqual(t, "ConcatKDF", got, want)

			// The header of the example: its epk is Alice's public key and
			// its apu and apv are the base64url of "Alice" and "Bob".
			hdr, ok := in["protected_header"].(map[string]any)
			if !ok {
				t.Fatal("protected_header missing")
			}
			if hdr["alg"] != v.Alg || hdr["enc"] != v.Enc || v.Enc != algID {
				t.Fatalf("header alg/enc = %v/%v", hdr["alg"], hdr["enc"])
			}
			epk := epkFromHeader(t, hdr)
			if !epk.Equal(alicePub) {
				t.Fatal("header epk is not Alice's public key")
			}
			hAPU, hAPV := unb64(t, str(t, hdr, "apu")), unb64(t, str(t, hdr, "apv"))

			params := &jwa.Params{EphemeralKey: alice, APU: hAPU, APV: hAPV}
			cek, ek := encryptKey(t, ecdhES, bobPub, v.Enc, size, params)
			mustEqual(t, "EncryptKey CEK", cek, want)
			if len(ek) != 0 {
				t.Errorf("EncryptKey returned an encrypted key %x for direct key agreement", ek)
			}
			if !params.EPK.Equal(alicePub) {
				t.Errorf("EncryptKey set EPK to another key than the ephemeral key")
			}
			got = decryptKey(t, ecdhES, bob, v.Enc, size, nil, &jwa.Params{EPK: epk, APU: hAPU, APV: hAPV})
			mustEqual(t, "DecryptKey CEK", got, want)
		})
	}
	if ran != 1 {
		t.Fatalf("%d key-agreement vectors in rfc7518.json, want 1 (Appendix C)", ran)
	}
}

// skipped lists the vectors that are not run, and why. A listed vector
// that no longer exists fails the test, so the list cannot go stale.
var skipped = map[string]string{
	"RFC8037-A.7": "X448 is not implemented by the Go standard library (crypto/ecdh has P-256, P-384, P-521 and X25519 only), so this package does not support it",
}

// TestRFC8037 checks the X25519 shared secret of RFC 8037, Appendix A.6,
// computed from each side, and the ephemeral public key derived from the
// printed secret.
func TestRFC8037(t *testing.T) {
	var f rfcFile
	readJSON(t, "rfcs/rfc8037.json", &f)
	ran, seen := 0, map[string]bool{}
	for _, v := range f.Vectors {
		if v.Category != "key-agreement" {
			continue
		}
		seen[v.ID] = true
		if reason, ok := skipped[v.ID]; ok {
			t.Run(v.ID, func(t *testing.T) { t.Skip(reason) })
			continue
		}
		ran++
		t.Run(v.ID, func(t *testing.T) {
			if v.Crv != "X25519" {
				t.Fatalf("unexpected curve %q", v.Crv)
			}
			rPub, rPriv := v.Keys["recipient_private"].keys(t)
			ePub, ePriv := v.Keys["ephemeral_private"].keys(t)
			rPub2, _ := v.Keys["recipient_public"].keys(t)
			ePub2, _ := v.Keys["ephemeral_public"].keys(t)
			if !rPub.Equal(rPub2) || !ePub.Equal(ePub2) {
				t.Fatal("the public JWKs do not match the private ones")
			}
			in, exp := v.Input, v.Expected
			mustEqual(t, "recipient public key", rPub.Bytes(), unhex(t, str(t, in, "recipient_public_hex")))
			mustEqual(t, "recipient private key", rPriv.Bytes(), unhex(t, str(t, in, "recipient_private_hex")))
			mustEqual(t, "ephemeral secret", ePriv.Bytes(), unhex(t, str(t, in, "ephemeral_secret_hex")))
			mustEqual(t, "ephemeral public key", ePub.Bytes(), unhex(t, str(t, exp, "ephemeral_public_hex")))

			z := unhex(t, str(t, exp, "Z_hex"))
			zS, err := ePriv.ECDH(rPub)
			if err != nil {
				t.Fatal(err)
			}
			zR, err := rPriv.ECDH(ePub)
			if err != nil {
				t.Fatal(err)
			}
			mustEqual(t, "Z (sender)", zS, z)
			mustEqual(t, "Z (recipient)", zR, z)

			// The RFC stops at Z. With the vector's algorithm and
			// ephemeral key, EncryptKey and DecryptKey must agree, and the
			// KEK must be the Concat KDF of this Z.
			alg, ok := jwa.LookupKeyManagement(v.Alg)
			if !ok || alg != ecdhESA128KW {
				t.Fatalf("vector alg %q is not ECDH-ES+A128KW", v.Alg)
			}
			hdr := in["protected_header_example"].(map[string]any)
			if !epkFromHeader(t, hdr).Equal(ePub) {
				t.Fatal("header epk is not the ephemeral public key")
			}
			params := &jwa.Params{EphemeralKey: ePriv}
			cek, ek := encryptKey(t, ecdhESA128KW, rPub, "A128GCM", 16, params)
			kek, err := ConcatKDF(z, v.Alg, nil, nil, 16)
			if err != nil {
				t.Fatal(err)
			}
			checkWrapped(t, kek, ek, cek)
			got := decryptKey(t, ecdhESA128KW, rPriv, "A128GCM", 16, ek, &jwa.Params{EPK: epkFromHeader(t, hdr)})
			mustEqual(t, "DecryptKey CEK", got, cek)
		})
	}
	for id := range skipped {
		if !seen[id] {
			t.Errorf("skip list names %s, which is not in rfc8037.json", id)
		}
	}
	if ran == 0 {
		t.Fatal("no RFC 8037 key-agreement vector ran")
	}
}

// checkWrapped unwraps ek with kek independently of the package (plain
// AES, RFC 3394 Section 2.2.2) and compares the result with cek.
func checkWrapped(t testing.TB, kek, ek, cek []byte) {
	t.Helper()
	block, err := aes.NewCipher(kek)
	if err != nil {
		t.Fatal(err)
	}
	n := len(ek)/8 - 1
	a := bytes.Clone(ek[:8])
	r := bytes.Clone(ek[8:])
	var b [16]byte
	for j := 5; j >= 0; j-- {
		for i := n; i >= 1; i-- {
			copy(b[:8], a)
			binary.BigEndian.PutUint64(b[:8], binary.BigEndian.Uint64(b[:8])^uint64(n*j+i))
			copy(b[8:], r[(i-1)*8:i*8])
			block.Decrypt(b[:], b[:])
			copy(a, b[:8])
			copy(r[(i-1)*8:], b[8:])
		}
	}
	if !bytes.Equal(a, bytes.Repeat([]byte{0xA6}, 8)) || !bytes.Equal(r, cek) {
		t.Errorf("the encrypted key is not the AES Key Wrap of the CEK under the Concat KDF output")
	}
}

// cookbookFile is the part of an RFC 7520 JWE example these tests read.
type cookbookFile struct {
	Input struct {
		Plaintext string
		Key       jwkJSON
		Alg, Enc  string
	}
	Generated struct {
		CEK, IV string
	}
	EncryptingKey struct {
		EPK          jwkJSON
		CEK          string
		EncryptedKey string `json:"encrypted_key"`
	} `json:"encrypting_key"`
	EncryptingContent struct {
		Protected struct {
			Alg, Enc string
			EPK      jwkJSON
		}
		ProtectedB64u   string `json:"protected_b64u"`
		Ciphertext, Tag string
	} `json:"encrypting_content"`
}

// TestCookbookKeyWrap is RFC 7520, Section 5.4: ECDH-ES+A128KW on P-384.
func TestCookbookKeyWrap(t *testing.T) {
	var c cookbookFile
	readJSON(t, "rfc7520/jwe/5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json", &c)
	if c.Input.Alg != "ECDH-ES+A128KW" || c.EncryptingContent.Protected.Alg != c.Input.Alg || c.Input.Enc != "A128GCM" {
		t.Fatalf("unexpected alg/enc %q/%q", c.Input.Alg, c.Input.Enc)
	}
	rPub, rPriv := c.Input.Key.keys(t)
	ePub, ePriv := c.EncryptingKey.EPK.keys(t)
	hdrEPK, _ := c.EncryptingContent.Protected.EPK.keys(t)
	if !hdrEPK.Equal(ePub) {
		t.Fatal("header epk is not the public part of encrypting_key.epk")
	}
	cek := unb64(t, c.Generated.CEK)
	ek := unb64(t, c.EncryptingKey.EncryptedKey)

	got := decryptKey(t, ecdhESA128KW, rPriv, c.Input.Enc, len(cek), ek, &jwa.Params{EPK: hdrEPK})
	mustEqual(t, "DecryptKey CEK", got, cek)

	params := &jwa.Params{EphemeralKey: ePriv, CEK: cek}
	gotCEK, gotEK := encryptKey(t, ecdhESA128KW, rPub, c.Input.Enc, len(cek), params)
	mustEqual(t, "EncryptKey CEK", gotCEK, cek)
	mustEqual(t, "EncryptKey encrypted key", gotEK, ek)
	if !params.EPK.Equal(hdrEPK) {
		t.Error("EncryptKey set EPK to another key")
	}

	// Every bit of the encrypted key matters.
	for i := range len(ek) * 8 {
		bad := bytes.Clone(ek)
		bad[i/8] ^= 0x80 >> (i % 8)
		d, _ := ecdhESA128KW.NewDecrypter(rPriv)
		if _, err := d.DecryptKey(context.Background(), c.Input.Enc, len(cek), bad, &jwa.Params{EPK: hdrEPK}); err != errDecrypt {
			t.Fatalf("bit %d flipped: DecryptKey error = %v, want %v", i, err, errDecrypt)
		}
	}
}

// TestCookbookDirect is RFC 7520, Section 5.5: direct ECDH-ES on P-256
// with A128CBC-HS256, whose 32-byte CEK is the derived key.
func TestCookbookDirect(t *testing.T) {
	var c cookbookFile
	readJSON(t, "rfc7520/jwe/5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json", &c)
	if c.Input.Alg != "ECDH-ES" || c.Input.Enc != "A128CBC-HS256" || c.EncryptingContent.Protected.Enc != c.Input.Enc {
		t.Fatalf("unexpected alg/enc %q/%q", c.Input.Alg, c.Input.Enc)
	}
	rPub, rPriv := c.Input.Key.keys(t)
	ePub, ePriv := c.EncryptingKey.EPK.keys(t)
	hdrEPK, _ := c.EncryptingContent.Protected.EPK.keys(t)
	if !hdrEPK.Equal(ePub) {
		t.Fatal("header epk is not the public part of encrypting_key.epk")
	}
	want := unb64(t, c.EncryptingKey.CEK)
	if len(want) != 32 {
		t.Fatalf("vector CEK is %d bytes", len(want))
	}
	got := decryptKey(t, ecdhES, rPriv, c.Input.Enc, 32, nil, &jwa.Params{EPK: hdrEPK})
	mustEqual(t, "DecryptKey CEK", got, want)

	params := &jwa.Params{EphemeralKey: ePriv}
	cek, ek := encryptKey(t, ecdhES, rPub, c.Input.Enc, 32, params)
	mustEqual(t, "EncryptKey CEK", cek, want)
	if len(ek) != 0 || !params.EPK.Equal(hdrEPK) {
		t.Errorf("EncryptKey: encrypted key %x, EPK %x", ek, params.EPK.Bytes())
	}
}

// TestCookbookX25519 is the cookbook's X25519 ECDH-ES example. The file's
// "encrypting_key" block is not self-consistent: its epk "x" is the
// RFC 8037 ephemeral key while its "d" belongs to the header's epk, and its
// "cek" is the 32-byte CEK of Section 5.5, not an A128GCM key. The test
// therefore takes the epk from the header (and its private part from "d"),
// and proves the derived CEK right by decrypting the content with AES-GCM.
func TestCookbookX25519(t *testing.T) {
	var c cookbookFile
	readJSON(t, "rfc7520/curve25519/ecdh-es.json", &c)
	if c.Input.Alg != "ECDH-ES" || c.Input.Enc != "A128GCM" {
		t.Fatalf("unexpected alg/enc %q/%q", c.Input.Alg, c.Input.Enc)
	}
	rPub, rPriv := c.Input.Key.keys(t)
	hdrEPK, _ := c.EncryptingContent.Protected.EPK.keys(t)

	cek := decryptKey(t, ecdhES, rPriv, c.Input.Enc, 16, nil, &jwa.Params{EPK: hdrEPK})
	block, err := aes.NewCipher(cek)
	if err != nil {
		t.Fatal(err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	ct := append(unb64(t, c.EncryptingContent.Ciphertext), unb64(t, c.EncryptingContent.Tag)...)
	pt, err := gcm.Open(nil, unb64(t, c.Generated.IV), ct, []byte(c.EncryptingContent.ProtectedB64u))
	if err != nil {
		t.Fatalf("the derived CEK does not decrypt the content: %v", err)
	}
	if string(pt) != c.Input.Plaintext {
		t.Errorf("plaintext = %q", pt)
	}

	ePriv, err := hdrEPK.Curve().NewPrivateKey(unb64(t, c.EncryptingKey.EPK.D))
	if err != nil {
		t.Fatal(err)
	}
	if !ePriv.PublicKey().Equal(hdrEPK) {
		t.Fatal("encrypting_key.epk.d is not the header epk's private key")
	}
	params := &jwa.Params{EphemeralKey: ePriv}
	got, _ := encryptKey(t, ecdhES, rPub, c.Input.Enc, 16, params)
	mustEqual(t, "EncryptKey CEK", got, cek)
}

// epkFromHeader converts the "epk" member of a parsed header.
func epkFromHeader(t testing.TB, hdr map[string]any) *ecdh.PublicKey {
	t.Helper()
	m, ok := hdr["epk"].(map[string]any)
	if !ok {
		t.Fatal("header has no epk object")
	}
	s := func(k string) string { v, _ := m[k].(string); return v }
	if s("d") != "" {
		t.Fatal("header epk has a private part")
	}
	pub, _ := jwkJSON{Kty: s("kty"), Crv: s("crv"), X: s("x"), Y: s("y")}.keys(t)
	return pub
}

func encryptKey(t testing.TB, a *algorithm, key any, enc string, size int, p *jwa.Params) (cek, ek []byte) {
	t.Helper()
	e, err := a.NewEncrypter(key)
	if err != nil {
		t.Fatal(err)
	}
	cek, ek, err = e.EncryptKey(context.Background(), enc, size, p)
	if err != nil {
		t.Fatalf("EncryptKey: %v", err)
	}
	return cek, ek
}

func decryptKey(t testing.TB, a *algorithm, key any, enc string, size int, ek []byte, p *jwa.Params) []byte {
	t.Helper()
	d, err := a.NewDecrypter(key)
	if err != nil {
		t.Fatal(err)
	}
	cek, err := d.DecryptKey(context.Background(), enc, size, ek, p)
	if err != nil {
		t.Fatalf("DecryptKey: %v", err)
	}
	return cek
}
