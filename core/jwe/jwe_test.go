package jwe

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/jwa"
)

var (
	key16 = bytes.Repeat([]byte{0x42}, 16)
	key32 = bytes.Repeat([]byte{0x17}, 32)
)

// sealCompact builds a compact "dir" + A128GCM token with header as its
// exact protected header text, so that tests can feed any header.
func sealCompact(t testing.TB, header string, key, plaintext []byte) string {
	t.Helper()
	prot := b64.Encode([]byte(header))
	blk, _ := aes.NewCipher(key)
	g, _ := cipher.NewGCM(blk)
	iv := bytes.Repeat([]byte{1}, 12)
	sealed := g.Seal(nil, iv, plaintext, []byte(prot))
	n := len(sealed) - 16
	return prot + ".." + b64.Encode(iv) + "." + b64.Encode(sealed[:n]) + "." + b64.Encode(sealed[n:])
}

// rawDeflate compresses data with raw DEFLATE.
func rawDeflate(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestCompression)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	plaintexts := map[string][]byte{
		"empty": {},
		"short": []byte("Live long and prosper."),
		"long":  bytes.Repeat([]byte("The true sign of intelligence is not knowledge but imagination. "), 200),
	}
	type keyPair struct {
		name string
		ke   jwa.KeyEncrypter
		kd   jwa.KeyDecrypter
		enc  jwa.ContentEncryptionAlgorithm
	}
	pairs := []keyPair{
		{"dir", mustDir(key16), mustDir(key16), a128gcm},
		{"dir256", mustDir(key32), mustDir(key32), a256gcm},
		{"kw", mustKW(key16), mustKW(key16), a256gcm},
	}
	for _, kp := range pairs {
		for _, ser := range []Serialization{Compact, FlattenedJSON, GeneralJSON} {
			for _, zip := range []bool{false, true} {
				for pname, pt := range plaintexts {
					name := fmt.Sprintf("%s/%v/zip=%v/%s", kp.name, ser, zip, pname)
					t.Run(name, func(t *testing.T) {
						opts := &EncryptOptions{Serialization: ser, Compress: zip, Type: "JWT", ContentType: "text/plain"}
						if ser != Compact {
							opts.AAD = []byte("extra")
							opts.Unprotected = map[string]any{"x-shared": 1}
						}
						ptCopy := bytes.Clone(pt)
						tok, err := Encrypt(t.Context(), ptCopy, kp.enc, []Recipient{{KeyEncrypter: kp.ke, KeyID: "k"}}, opts)
						if err != nil {
							t.Fatal(err)
						}
						if ser == Compact && strings.Count(string(tok), ".") != 4 {
							t.Fatalf("compact token %q", tok)
						}
						if ser != Compact && tok[0] != '{' {
							t.Fatalf("JSON token %q", tok)
						}
						res, err := Decrypt(t.Context(), tok, kp.kd, allow(a128gcm, a256gcm))
						if err != nil {
							t.Fatal(err)
						}
						if !bytes.Equal(res.Plaintext, pt) {
							t.Errorf("plaintext %q, want %q", res.Plaintext, pt)
						}
						if res.Serialization != ser {
							t.Errorf("serialization %v, want %v", res.Serialization, ser)
						}
						h := res.Header
						want := []string{kp.kd.Algorithm(), kp.enc.Name(), "k", "JWT", "text/plain"}
						got := []string{h.Algorithm, h.Encryption, h.KeyID, h.Type, h.ContentType}
						if !slices.Equal(want, got) {
							t.Errorf("header alg, enc, kid, typ, cty = %q, want %q", got, want)
						}
						if zip != (h.Compression == "DEF") || zip != h.IsProtected("zip") {
							t.Errorf("zip = %q (protected %v), compress %v", h.Compression, h.IsProtected("zip"), zip)
						}
						if !h.IsProtected("alg") || !h.IsProtected("enc") {
							t.Errorf("alg or enc not protected: %v", h.Names())
						}
						if ser != Compact {
							if string(res.AAD) != "extra" {
								t.Errorf("AAD = %q", res.AAD)
							}
							if v, ok := h.Get("x-shared"); !ok || string(v) != "1" || h.IsProtected("x-shared") {
								t.Errorf("x-shared = %s, %v", v, ok)
							}
						}
						// The result must not alias the token.
						for i := range tok {
							tok[i] = 'A'
						}
						if !bytes.Equal(res.Plaintext, pt) {
							t.Error("plaintext changed with the token")
						}
					})
				}
			}
		}
	}
}

func TestMultipleRecipients(t *testing.T) {
	k1, k2, k3 := key16, bytes.Repeat([]byte{7}, 16), bytes.Repeat([]byte{9}, 16)
	pt := []byte("to several")
	tok, err := Encrypt(t.Context(), pt, a128gcm, []Recipient{
		{KeyEncrypter: mustKW(k1), KeyID: "one"},
		{KeyEncrypter: mustKW(k2), KeyID: "two", Header: map[string]any{"x-note": "hi"}},
	}, &EncryptOptions{Serialization: GeneralJSON, Unprotected: map[string]any{"jku": "https://example.com/keys"}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(tok, jwa.Limits{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	hs := m.Headers()
	if len(hs) != 2 || hs[0].KeyID != "one" || hs[1].KeyID != "two" || hs[0].IsProtected("alg") || !hs[0].IsProtected("enc") {
		t.Fatalf("headers: %+v", hs)
	}
	for i, k := range [][]byte{k1, k2} {
		res, err := Decrypt(t.Context(), tok, mustKW(k), allow(a128gcm))
		if err != nil {
			t.Fatalf("key %d: %v", i, err)
		}
		if res.Recipient != i || !bytes.Equal(res.Plaintext, pt) {
			t.Errorf("key %d: recipient %d, plaintext %q", i, res.Recipient, res.Plaintext)
		}
	}
	// KeyID selects the recipient; a wrong KeyID finds none.
	opts := allow(a128gcm)
	opts.KeyID = "two"
	if res, err := Decrypt(t.Context(), tok, mustKW(k2), opts); err != nil || res.Recipient != 1 {
		t.Errorf("KeyID two: %v", err)
	}
	opts.KeyID = "three"
	if _, err := Decrypt(t.Context(), tok, mustKW(k2), opts); !errors.Is(err, ErrNoRecipient) {
		t.Errorf("KeyID three: %v, want ErrNoRecipient", err)
	}
	// A key for neither recipient fails with the uniform error.
	if _, err := Decrypt(t.Context(), tok, mustKW(k3), allow(a128gcm)); err != errDecrypt {
		t.Errorf("wrong key: %v", err)
	}
	// Direct encryption cannot have several recipients.
	_, err = Encrypt(t.Context(), pt, a128gcm, []Recipient{{KeyEncrypter: mustDir(k1)}, {KeyEncrypter: mustKW(k2)}}, &EncryptOptions{Serialization: GeneralJSON})
	if !errors.Is(err, jwa.ErrInvalidParameter) && !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("dir with two recipients: %v", err)
	}
	_, err = Encrypt(t.Context(), pt, a128gcm, []Recipient{{KeyEncrypter: mustKW(k2)}, {KeyEncrypter: mustDir(k1)}}, &EncryptOptions{Serialization: GeneralJSON})
	if !errors.Is(err, jwa.ErrInvalidParameter) && !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("dir as second recipient: %v", err)
	}
}

func TestDirect(t *testing.T) {
	if Direct().Name() != "dir" {
		t.Fatal(Direct().Name())
	}
	if a, ok := jwa.LookupKeyManagement("dir"); !ok || a != Direct() {
		t.Fatal("dir is not registered")
	}
	if _, err := Direct().NewEncrypter("key"); !errors.Is(err, jwa.ErrKeyType) {
		t.Errorf("string key: %v", err)
	}
	if _, err := Direct().NewDecrypter([]byte{}); !errors.Is(err, jwa.ErrKeySize) {
		t.Errorf("empty key: %v", err)
	}
	key := bytes.Clone(key16)
	ke, _ := Direct().NewEncrypter(key)
	key[0] ^= 1 // the algorithm keeps its own copy
	cek, ek, err := ke.EncryptKey(t.Context(), "A128GCM", 16, &jwa.Params{})
	if err != nil || !bytes.Equal(cek, key16) || len(ek) != 0 {
		t.Fatalf("EncryptKey = %x, %x, %v", cek, ek, err)
	}
	if _, _, err := ke.EncryptKey(t.Context(), "A256GCM", 32, &jwa.Params{}); !errors.Is(err, jwa.ErrKeySize) {
		t.Errorf("wrong size: %v", err)
	}
	if _, _, err := ke.EncryptKey(t.Context(), "A128GCM", 16, &jwa.Params{CEK: key32[:16]}); !errors.Is(err, jwa.ErrInvalidParameter) {
		t.Errorf("other CEK: %v", err)
	}
	kd, _ := Direct().NewDecrypter(key16)
	if _, err := kd.DecryptKey(t.Context(), "A128GCM", 16, []byte{1}, &jwa.Params{}); !errors.Is(err, jwa.ErrInvalidParameter) {
		t.Errorf("non-empty encrypted key: %v", err)
	}
	// Through Decrypt: a non-empty encrypted key and a wrong-size key are
	// parameter errors, reported before any content decryption.
	tok := sealCompact(t, `{"alg":"dir","enc":"A128GCM"}`, key16, []byte("x"))
	parts := strings.Split(tok, ".")
	parts[1] = "AAAA"
	if _, err := Decrypt(t.Context(), []byte(strings.Join(parts, ".")), mustDir(key16), allow(a128gcm)); !errors.Is(err, jwa.ErrInvalidParameter) {
		t.Errorf("dir with encrypted key: %v", err)
	}
	if _, err := Decrypt(t.Context(), []byte(tok), mustDir(key32), allow(a128gcm)); !errors.Is(err, jwa.ErrKeySize) {
		t.Errorf("dir key size: %v", err)
	}
}

// TestUniformError checks that every failure after the key is recovered is
// the same error value, with the same text.
func TestUniformError(t *testing.T) {
	good := sealCompact(t, `{"alg":"dir","enc":"A128GCM"}`, key16, []byte("secret message"))
	p := strings.Split(good, ".")
	edit := func(i int, f func([]byte) []byte) string {
		q := append([]string(nil), p...)
		b, _ := b64.Decode(q[i])
		q[i] = b64.Encode(f(bytes.Clone(b)))
		return strings.Join(q, ".")
	}
	flip := func(b []byte) []byte { b[0] ^= 1; return b }
	bomb := sealCompact(t, `{"alg":"dir","enc":"A128GCM","zip":"DEF"}`, key16, rawDeflate(t, make([]byte, 1<<20)))
	corrupt := sealCompact(t, `{"alg":"dir","enc":"A128GCM","zip":"DEF"}`, key16, []byte{0xff, 0xff, 0xff})
	truncated := sealCompact(t, `{"alg":"dir","enc":"A128GCM","zip":"DEF"}`, key16, rawDeflate(t, []byte("hello hello"))[:4])
	cases := map[string]string{
		"ciphertext":      edit(3, flip),
		"tag":             edit(4, flip),
		"iv":              edit(2, flip),
		"truncated tag":   edit(4, func(b []byte) []byte { return b[:15] }),
		"long tag":        edit(4, func(b []byte) []byte { return append(b, 0) }),
		"empty tag":       strings.Join(append(p[:4:4], ""), "."),
		"short iv":        edit(2, func(b []byte) []byte { return b[:11] }),
		"long iv":         edit(2, func(b []byte) []byte { return append(b, 0) }),
		"empty iv":        strings.Join([]string{p[0], p[1], "", p[3], p[4]}, "."),
		"zip bomb":        bomb,
		"corrupt deflate": corrupt,
		"short deflate":   truncated,
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Decrypt(t.Context(), []byte(tok), mustDir(key16), allow(a128gcm))
			if err != errDecrypt || !errors.Is(err, jwa.ErrDecryption) || err.Error() != "jwe: jwa: decryption failed" {
				t.Errorf("err = %v, want the uniform decryption error", err)
			}
		})
	}
	// Wrong keys: unwrap failure (KW) and wrong CEK (dir) give the same.
	kwTok, _ := Encrypt(t.Context(), []byte("x"), a128gcm, []Recipient{{KeyEncrypter: mustKW(key16)}}, nil)
	if _, err := Decrypt(t.Context(), kwTok, mustKW(bytes.Repeat([]byte{3}, 16)), allow(a128gcm)); err != errDecrypt {
		t.Errorf("wrong KW key: %v", err)
	}
	if _, err := Decrypt(t.Context(), []byte(good), mustDir(bytes.Repeat([]byte{3}, 16)), allow(a128gcm)); err != errDecrypt {
		t.Errorf("wrong dir key: %v", err)
	}
	// Sanity: the unmodified token decrypts.
	if _, err := Decrypt(t.Context(), []byte(good), mustDir(key16), allow(a128gcm)); err != nil {
		t.Fatal(err)
	}
}

// TestTamperEveryByte changes each character of a compact token in turn;
// no change may decrypt.
func TestTamperEveryByte(t *testing.T) {
	tok, err := Encrypt(t.Context(), []byte("attack at dawn"), a128gcm, []Recipient{{KeyEncrypter: mustKW(key16)}}, &EncryptOptions{Compress: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range tok {
		if tok[i] == '.' {
			continue
		}
		for _, c := range []byte{'A', 'B', '_', '-', '.', '='} {
			if tok[i] == c {
				continue
			}
			bad := bytes.Clone(tok)
			bad[i] = c
			res, err := Decrypt(t.Context(), bad, mustKW(key16), allow(a128gcm))
			if err == nil {
				// Only a change in bits base64url ignores may survive, and
				// strict decoding rejects those; so nothing may decrypt.
				t.Fatalf("byte %d = %q: decrypted to %q", i, c, res.Plaintext)
			}
		}
	}
}

func TestTamperJSON(t *testing.T) {
	tok, err := Encrypt(t.Context(), []byte("attack at dawn"), a128gcm, []Recipient{{KeyEncrypter: mustKW(key16), KeyID: "k"}},
		&EncryptOptions{Serialization: FlattenedJSON, AAD: []byte("aad"), RecipientLocation: PerRecipient, Unprotected: map[string]any{"u": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal(tok, &obj); err != nil {
		t.Fatal(err)
	}
	mutate := func(f func(map[string]any)) []byte {
		c := map[string]any{}
		b, _ := json.Marshal(obj)
		json.Unmarshal(b, &c)
		f(c)
		out, _ := json.Marshal(c)
		return out
	}
	flipB64 := func(s string) string {
		b, _ := b64.Decode(s)
		b[len(b)-1] ^= 1
		return b64.Encode(b)
	}
	for _, name := range []string{"protected", "aad", "iv", "ciphertext", "tag", "encrypted_key"} {
		t.Run(name, func(t *testing.T) {
			bad := mutate(func(c map[string]any) { c[name] = flipB64(c[name].(string)) })
			if _, err := Decrypt(t.Context(), bad, mustKW(key16), allow(a128gcm)); err == nil {
				t.Fatal("tampered token decrypted")
			}
		})
	}
	t.Run("remove aad", func(t *testing.T) {
		bad := mutate(func(c map[string]any) { delete(c, "aad") })
		if _, err := Decrypt(t.Context(), bad, mustKW(key16), allow(a128gcm)); err != errDecrypt {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("header", func(t *testing.T) {
		// Unprotected members are not authenticated, but the key
		// management parameters in them are used: a changed "iv" breaks
		// the unwrap.
		bad := mutate(func(c map[string]any) {
			h := c["header"].(map[string]any)
			h["iv"] = flipB64(h["iv"].(string))
		})
		if _, err := Decrypt(t.Context(), bad, mustKW(key16), allow(a128gcm)); err != errDecrypt {
			t.Fatalf("err = %v", err)
		}
	})
	if _, err := Decrypt(t.Context(), mutate(func(map[string]any) {}), mustKW(key16), allow(a128gcm)); err != nil {
		t.Fatalf("unmodified: %v", err)
	}
}

func TestPolicy(t *testing.T) {
	tok := []byte(sealCompact(t, `{"alg":"dir","enc":"A128GCM"}`, key16, []byte("x")))
	t.Run("alg", func(t *testing.T) {
		_, err := Decrypt(t.Context(), tok, mustKW(key16), allow(a128gcm))
		var ae *AlgorithmError
		ok := errors.As(err, &ae)
		if !ok || ae.Param != "alg" || !errors.Is(err, jwa.ErrDecryption) {
			t.Fatalf("err = %v, want *AlgorithmError for alg", err)
		}
		if want := (&AlgorithmError{Param: "alg", Token: []string{"dir"}, Allowed: []string{"T-GCMKW"}}); !reflect.DeepEqual(want, ae) {
			t.Errorf("got %+v, want %+v", ae, want)
		}
	})
	t.Run("enc", func(t *testing.T) {
		_, err := Decrypt(t.Context(), tok, mustDir(key16), allow(a256gcm))
		var ae *AlgorithmError
		ok := errors.As(err, &ae)
		if !ok || ae.Param != "enc" || ae.Token[0] != "A128GCM" {
			t.Fatalf("err = %v, want *AlgorithmError for enc", err)
		}
	})
	for name, opts := range map[string]*DecryptOptions{
		"nil options":    nil,
		"empty list":     {},
		"nil in list":    {ContentEncryption: []jwa.ContentEncryptionAlgorithm{nil}},
		"only KeyID set": {KeyID: "x"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Decrypt(t.Context(), tok, mustDir(key16), opts); !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("err = %v, want ErrInvalidOptions", err)
			}
		})
	}
	t.Run("nil key", func(t *testing.T) {
		if _, err := Decrypt(t.Context(), tok, nil, allow(a128gcm)); !errors.Is(err, ErrInvalidOptions) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("none", func(t *testing.T) {
		none := []byte(sealCompact(t, `{"alg":"none","enc":"A128GCM"}`, key16, []byte("x")))
		if _, err := Decrypt(t.Context(), none, noneKey{}, allow(a128gcm)); !errors.Is(err, ErrInvalidOptions) {
			t.Fatalf("err = %v", err)
		}
	})
}

// noneKey claims to be "none"; Decrypt must refuse it.
type noneKey struct{}

func (noneKey) Algorithm() string { return "none" }
func (noneKey) DecryptKey(_ context.Context, _ string, n int, _ []byte, _ *jwa.Params) ([]byte, error) {
	return make([]byte, n), nil
}

func TestMalformed(t *testing.T) {
	good := sealCompact(t, `{"alg":"dir","enc":"A128GCM"}`, key16, []byte("x"))
	p := strings.Split(good, ".")
	h := func(header string) string { return sealCompact(t, header, key16, []byte("x")) }
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"4 segments", strings.Join(p[:4], "."), ErrMalformed},
		{"6 segments", good + ".", ErrMalformed},
		{"empty", "", ErrMalformed},
		{"empty header", "." + strings.Join(p[1:], "."), ErrMalformed},
		{"bad base64 header", "e+" + good, ErrMalformed},
		{"padded iv", strings.Join([]string{p[0], p[1], p[2] + "=", p[3], p[4]}, "."), ErrMalformed},
		{"bad base64 ciphertext", strings.Join([]string{p[0], p[1], p[2], p[3] + "*", p[4]}, "."), ErrMalformed},
		{"bad base64 tag", strings.Join([]string{p[0], p[1], p[2], p[3], p[4] + "!"}, "."), ErrMalformed},
		{"bad base64 key", strings.Join([]string{p[0], "A", p[2], p[3], p[4]}, "."), ErrMalformed},
		{"header not JSON", h(`{"alg":"dir",`), ErrMalformed},
		{"header not object", h(`["alg"]`), ErrMalformed},
		{"duplicate member", h(`{"alg":"dir","enc":"A128GCM","alg":"dir"}`), ErrMalformed},
		{"duplicate escaped", h(`{"alg":"dir","enc":"A128GCM","\u0061lg":"dir"}`), ErrMalformed},
		{"invalid UTF-8", h("{\"alg\":\"dir\",\"enc\":\"A128GCM\",\"x\":\"\xff\"}"), ErrMalformed},
		{"no alg", h(`{"enc":"A128GCM"}`), ErrMalformed},
		{"no enc", h(`{"alg":"dir"}`), ErrMalformed},
		{"alg number", h(`{"alg":1,"enc":"A128GCM"}`), ErrMalformed},
		{"kid object", h(`{"alg":"dir","enc":"A128GCM","kid":{}}`), ErrMalformed},
		{"iv not base64", h(`{"alg":"dir","enc":"A128GCM","iv":"***"}`), ErrMalformed},
		{"p2c string", h(`{"alg":"dir","enc":"A128GCM","p2c":"1000"}`), ErrMalformed},
		{"p2c fraction", h(`{"alg":"dir","enc":"A128GCM","p2c":1000.5}`), ErrMalformed},
		{"p2c huge", h(`{"alg":"dir","enc":"A128GCM","p2c":99999999999}`), ErrMalformed},
		{"epk string", h(`{"alg":"dir","enc":"A128GCM","epk":"x"}`), jwa.ErrInvalidParameter},
		{"epk off curve", h(`{"alg":"dir","enc":"A128GCM","epk":{"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}`), jwa.ErrInvalidParameter},
		{"epk private", h(`{"alg":"dir","enc":"A128GCM","epk":{"kty":"OKP","crv":"X25519","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","d":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}`), jwa.ErrInvalidParameter},
		{"epk short x", h(`{"alg":"dir","enc":"A128GCM","epk":{"kty":"OKP","crv":"X25519","x":"AAAA"}}`), jwa.ErrInvalidParameter},
		{"epk unknown curve", h(`{"alg":"dir","enc":"A128GCM","epk":{"kty":"OKP","crv":"X448","x":"AAAA"}}`), jwa.ErrInvalidParameter},
		{"zip other", h(`{"alg":"dir","enc":"A128GCM","zip":"GZIP"}`), ErrUnsupported},
		{"zip number", h(`{"alg":"dir","enc":"A128GCM","zip":1}`), ErrMalformed},
		{"crit empty", h(`{"alg":"dir","enc":"A128GCM","crit":[]}`), ErrCritical},
		{"crit unknown", h(`{"alg":"dir","enc":"A128GCM","crit":["x-ext"],"x-ext":1}`), ErrCritical},
		{"crit registered", h(`{"alg":"dir","enc":"A128GCM","crit":["kid"],"kid":"a"}`), ErrCritical},
		{"crit not array", h(`{"alg":"dir","enc":"A128GCM","crit":"x-ok"}`), ErrCritical},
		{"crit numbers", h(`{"alg":"dir","enc":"A128GCM","crit":[1]}`), ErrCritical},
		{"crit duplicate", h(`{"alg":"dir","enc":"A128GCM","crit":["x-ok","x-ok"],"x-ok":1}`), ErrCritical},
		{"crit absent member", h(`{"alg":"dir","enc":"A128GCM","crit":["x-ok"]}`), ErrCritical},
		// JSON serializations.
		{"json no ciphertext", `{"protected":"` + p[0] + `","iv":"` + p[2] + `","tag":"` + p[4] + `"}`, ErrMalformed},
		{"json ciphertext number", `{"protected":"` + p[0] + `","ciphertext":1}`, ErrMalformed},
		{"json empty protected", `{"protected":"","unprotected":{"alg":"dir","enc":"A128GCM"},"ciphertext":""}`, ErrMalformed},
		{"json duplicate top", `{"protected":"` + p[0] + `","protected":"` + p[0] + `","ciphertext":""}`, ErrMalformed},
		{"json trailing", `{"protected":"` + p[0] + `","ciphertext":""} x`, ErrMalformed},
		{"json unprotected array", `{"protected":"` + p[0] + `","unprotected":[],"ciphertext":""}`, ErrMalformed},
		{"json member in two headers", `{"protected":"` + p[0] + `","unprotected":{"enc":"A128GCM"},"ciphertext":""}`, ErrMalformed},
		{"json shared and recipient", `{"unprotected":{"alg":"dir","enc":"A128GCM"},"header":{"alg":"dir"},"ciphertext":""}`, ErrMalformed},
		{"json crit unprotected", `{"protected":"` + p[0] + `","unprotected":{"crit":["x-ok"],"x-ok":1},"ciphertext":""}`, ErrCritical},
		{"json zip unprotected", `{"protected":"` + p[0] + `","unprotected":{"zip":"DEF"},"ciphertext":""}`, ErrMalformed},
		{"json recipients empty", `{"protected":"` + p[0] + `","recipients":[],"ciphertext":""}`, ErrMalformed},
		{"json recipients object", `{"protected":"` + p[0] + `","recipients":{},"ciphertext":""}`, ErrMalformed},
		{"json recipient not object", `{"protected":"` + p[0] + `","recipients":["x"],"ciphertext":""}`, ErrMalformed},
		{"json recipients and header", `{"protected":"` + p[0] + `","recipients":[{}],"header":{},"ciphertext":""}`, ErrMalformed},
		{"json recipients and key", `{"protected":"` + p[0] + `","recipients":[{}],"encrypted_key":"","ciphertext":""}`, ErrMalformed},
		{"json recipients disagree on enc", `{"unprotected":{"alg":"dir"},"recipients":[{"header":{"enc":"A128GCM"}},{"header":{"enc":"A256GCM"}}],"ciphertext":""}`, ErrMalformed},
		{"json encrypted_key number", `{"protected":"` + p[0] + `","encrypted_key":5,"ciphertext":""}`, ErrMalformed},
		{"json aad bad", `{"protected":"` + p[0] + `","aad":"=","ciphertext":""}`, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := allow(a128gcm)
			opts.Critical = []string{"x-ok"}
			_, err := Decrypt(t.Context(), []byte(tt.token), mustDir(key16), opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	// The control: crit with an understood, present extension decrypts.
	opts := allow(a128gcm)
	opts.Critical = []string{"x-ok"}
	res, err := Decrypt(t.Context(), []byte(h(`{"alg":"dir","enc":"A128GCM","crit":["x-ok"],"x-ok":true}`)), mustDir(key16), opts)
	if err != nil || !slices.Equal(res.Header.Critical, []string{"x-ok"}) {
		t.Fatalf("understood crit: %v", err)
	}
}

func TestLimits(t *testing.T) {
	tok, err := Encrypt(t.Context(), make([]byte, 1000), a128gcm, []Recipient{{KeyEncrypter: mustDir(key16)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := allow(a128gcm)
	opts.Limits.MaxTokenSize = len(tok)
	if _, err := Decrypt(t.Context(), tok, mustDir(key16), opts); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	opts.Limits.MaxTokenSize = len(tok) - 1
	if _, err := Decrypt(t.Context(), tok, mustDir(key16), opts); !errors.Is(err, ErrTooLarge) || !errors.Is(err, jwa.ErrLimit) {
		t.Fatalf("over the limit: %v", err)
	}

	// Header size.
	big := sealCompact(t, `{"alg":"dir","enc":"A128GCM","x":"`+strings.Repeat("a", 200)+`"}`, key16, nil)
	opts = allow(a128gcm)
	opts.Limits.MaxHeaderSize = 100
	if _, err := Decrypt(t.Context(), []byte(big), mustDir(key16), opts); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("header size: %v", err)
	}
	// Depth.
	deep := sealCompact(t, `{"alg":"dir","enc":"A128GCM","x":`+strings.Repeat("[", 10)+strings.Repeat("]", 10)+`}`, key16, nil)
	opts.Limits = jwa.Limits{MaxDepth: 5}
	if _, err := Decrypt(t.Context(), []byte(deep), mustDir(key16), opts); !errors.Is(err, ErrMalformed) {
		t.Fatalf("depth: %v", err)
	}

	// Recipients.
	var rs []Recipient
	for range 4 {
		rs = append(rs, Recipient{KeyEncrypter: mustKW(key16)})
	}
	many, err := Encrypt(t.Context(), []byte("x"), a128gcm, rs, &EncryptOptions{Serialization: GeneralJSON})
	if err != nil {
		t.Fatal(err)
	}
	opts.Limits = jwa.Limits{MaxRecipients: 3}
	if _, err := Decrypt(t.Context(), many, mustKW(key16), opts); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("recipients: %v", err)
	}
	opts.Limits = jwa.Limits{MaxRecipients: 4}
	if _, err := Decrypt(t.Context(), many, mustKW(key16), opts); err != nil {
		t.Fatalf("recipients at the limit: %v", err)
	}
}

// TestInflateLimit checks the decompressed-size limit exactly.
func TestInflateLimit(t *testing.T) {
	pt := bytes.Repeat([]byte("abcdefgh"), 1000) // 8000 bytes
	tok, err := Encrypt(t.Context(), pt, a128gcm, []Recipient{{KeyEncrypter: mustDir(key16)}}, &EncryptOptions{Compress: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) > 1000 {
		t.Fatalf("compressed token is %d bytes; compression did not happen", len(tok))
	}
	opts := allow(a128gcm)
	opts.Limits.MaxDecompressedSize = len(pt)
	if res, err := Decrypt(t.Context(), tok, mustDir(key16), opts); err != nil || !bytes.Equal(res.Plaintext, pt) {
		t.Fatalf("at the limit: %v", err)
	}
	opts.Limits.MaxDecompressedSize = len(pt) - 1
	if _, err := Decrypt(t.Context(), tok, mustDir(key16), opts); err != errDecrypt {
		t.Fatalf("one over the limit: %v", err)
	}
}

// TestZipBomb checks that a DEFLATE stream of 1 MiB of zeros fails with
// the uniform error and that decrypting it allocates about the limit, not
// the megabyte.
func TestZipBomb(t *testing.T) {
	const limit = 100_000
	bomb := []byte(sealCompact(t, `{"alg":"dir","enc":"A128GCM","zip":"DEF"}`, key16, rawDeflate(t, make([]byte, 1<<20))))
	if len(bomb) > 4096 {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	opts := allow(a128gcm)
	opts.Limits.MaxDecompressedSize = limit
	kd := mustDir(key16)
	decrypt := func() {
		if _, err := Decrypt(t.Context(), bomb, kd, opts); err != errDecrypt {
			t.Fatalf("err = %v, want the uniform error", err)
		}
	}
	decrypt()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	const runs = 5
	for range runs {
		decrypt()
	}
	runtime.ReadMemStats(&after)
	perRun := (after.TotalAlloc - before.TotalAlloc) / runs
	// The output buffer grows to at most limit+1 bytes (about twice that
	// in total with doubling), plus the inflater's own ~45 KB state.
	if perRun > 3*limit+64<<10 {
		t.Errorf("decrypting the bomb allocated %d bytes per run; limit is %d", perRun, limit)
	}
	t.Logf("%d bytes allocated per run", perRun)
}

func TestEncryptOptionsErrors(t *testing.T) {
	one := []Recipient{{KeyEncrypter: mustKW(key16)}}
	two := []Recipient{{KeyEncrypter: mustKW(key16)}, {KeyEncrypter: mustKW(key16)}}
	tests := []struct {
		name string
		enc  jwa.ContentEncryptionAlgorithm
		rs   []Recipient
		opts *EncryptOptions
		want error
	}{
		{"nil enc", nil, one, nil, ErrInvalidOptions},
		{"no recipients", a128gcm, nil, nil, ErrInvalidOptions},
		{"nil encrypter", a128gcm, []Recipient{{}}, nil, ErrInvalidOptions},
		{"compact two", a128gcm, two, nil, ErrInvalidOptions},
		{"flattened two", a128gcm, two, &EncryptOptions{Serialization: FlattenedJSON}, ErrInvalidOptions},
		{"compact aad", a128gcm, one, &EncryptOptions{AAD: []byte("x")}, ErrInvalidOptions},
		{"compact unprotected", a128gcm, one, &EncryptOptions{Unprotected: map[string]any{"a": 1}}, ErrInvalidOptions},
		{"compact recipient header", a128gcm, []Recipient{{KeyEncrypter: mustKW(key16), Header: map[string]any{"a": 1}}}, nil, ErrInvalidOptions},
		{"compact shared location", a128gcm, one, &EncryptOptions{RecipientLocation: Shared}, ErrInvalidOptions},
		{"compact enc shared", a128gcm, one, &EncryptOptions{EncLocation: Shared}, ErrInvalidOptions},
		{"two in protected", a128gcm, two, &EncryptOptions{Serialization: GeneralJSON, RecipientLocation: Protected}, ErrInvalidOptions},
		{"bad serialization", a128gcm, one, &EncryptOptions{Serialization: 7}, ErrInvalidOptions},
		{"bad location", a128gcm, one, &EncryptOptions{Serialization: GeneralJSON, RecipientLocation: 9}, ErrInvalidOptions},
		{"enc per recipient", a128gcm, one, &EncryptOptions{Serialization: GeneralJSON, EncLocation: PerRecipient}, ErrInvalidOptions},
		{"zip unprotected enc", a128gcm, one, &EncryptOptions{Serialization: GeneralJSON, EncLocation: Shared, Compress: true}, ErrInvalidOptions},
		{"short CEK", a128gcm, one, &EncryptOptions{CEK: make([]byte, 15)}, ErrInvalidOptions},
		{"short IV", a128gcm, one, &EncryptOptions{IV: make([]byte, 11)}, ErrInvalidOptions},
		{"alg in Protected", a128gcm, one, &EncryptOptions{Protected: map[string]any{"alg": "x"}}, ErrInvalidOptions},
		{"zip in Unprotected", a128gcm, one, &EncryptOptions{Serialization: GeneralJSON, Unprotected: map[string]any{"zip": "DEF"}}, ErrInvalidOptions},
		{"crit in Protected", a128gcm, one, &EncryptOptions{Protected: map[string]any{"crit": []string{"x"}, "x": 1}}, ErrInvalidOptions},
		{"epk in recipient header", a128gcm, []Recipient{{KeyEncrypter: mustKW(key16), Header: map[string]any{"epk": 1}}}, &EncryptOptions{Serialization: GeneralJSON}, ErrInvalidOptions},
		{"kid twice", a128gcm, []Recipient{{KeyEncrypter: mustKW(key16), KeyID: "a"}}, &EncryptOptions{Protected: map[string]any{"kid": "b"}}, ErrInvalidOptions},
		{"same in two headers", a128gcm, one, &EncryptOptions{Serialization: GeneralJSON, Protected: map[string]any{"a": 1}, Unprotected: map[string]any{"a": 1}}, ErrInvalidOptions},
		{"unmarshalable", a128gcm, one, &EncryptOptions{Protected: map[string]any{"a": func() {}}}, ErrInvalidOptions},
		{"crit empty", a128gcm, one, &EncryptOptions{Critical: []string{}}, ErrCritical},
		{"crit registered", a128gcm, one, &EncryptOptions{Critical: []string{"kid"}}, ErrCritical},
		{"crit absent", a128gcm, one, &EncryptOptions{Critical: []string{"x"}}, ErrCritical},
		{"crit unprotected", a128gcm, one, &EncryptOptions{Serialization: GeneralJSON, Critical: []string{"x"}, Unprotected: map[string]any{"x": 1}}, ErrCritical},
		{"crit twice", a128gcm, one, &EncryptOptions{Critical: []string{"x", "x"}, Protected: map[string]any{"x": 1}}, ErrCritical},
		{"dir wrong size", a128gcm, []Recipient{{KeyEncrypter: mustDir(key32)}}, nil, jwa.ErrKeySize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Encrypt(t.Context(), []byte("x"), tt.enc, tt.rs, tt.opts); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	// The control: crit done right.
	opts := &EncryptOptions{Critical: []string{"x"}, Protected: map[string]any{"x": 1}}
	tok, err := Encrypt(t.Context(), []byte("x"), a128gcm, one, opts)
	if err != nil {
		t.Fatal(err)
	}
	dopts := allow(a128gcm)
	if _, err := Decrypt(t.Context(), tok, mustKW(key16), dopts); !errors.Is(err, ErrCritical) {
		t.Fatalf("undeclared crit: %v", err)
	}
	dopts.Critical = []string{"x"}
	if _, err := Decrypt(t.Context(), tok, mustKW(key16), dopts); err != nil {
		t.Fatalf("declared crit: %v", err)
	}
}

// TestGivenCEKAndIV checks that the test-vector inputs are used, and that a
// second recipient wraps the same CEK.
func TestGivenCEKAndIV(t *testing.T) {
	cek := bytes.Repeat([]byte{5}, 16)
	iv := bytes.Repeat([]byte{6}, 12)
	opts := &EncryptOptions{CEK: cek, IV: iv, Serialization: GeneralJSON}
	a, err := Encrypt(t.Context(), []byte("same"), a128gcm, []Recipient{{KeyEncrypter: mustKW(key16)}, {KeyEncrypter: mustKW(key16)}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Encrypt(t.Context(), []byte("same"), a128gcm, []Recipient{{KeyEncrypter: mustKW(key16)}}, &EncryptOptions{CEK: cek, IV: iv, Serialization: GeneralJSON})
	if err != nil {
		t.Fatal(err)
	}
	get := func(tok []byte) (ct, gotIV any) {
		var m map[string]any
		json.Unmarshal(tok, &m)
		return m["ciphertext"], m["iv"]
	}
	ca, ia := get(a)
	cb, ib := get(b)
	if ca != cb || ia != ib || ia != b64.Encode(iv) {
		t.Errorf("ciphertext/iv differ: %v %v / %v %v", ca, ia, cb, ib)
	}
	// A recipient asking for a different CEK is refused.
	_, err = Encrypt(t.Context(), []byte("x"), a128gcm, []Recipient{{KeyEncrypter: mustKW(key16), Params: &jwa.Params{CEK: key16}}}, &EncryptOptions{CEK: cek})
	if !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("conflicting CEK: %v", err)
	}
	// The caller's Params is not modified.
	p := &jwa.Params{}
	if _, err := Encrypt(t.Context(), []byte("x"), a128gcm, []Recipient{{KeyEncrypter: mustKW(key16), Params: p}}, nil); err != nil || p.IV != nil {
		t.Errorf("Params modified: %+v, %v", p, err)
	}
}
