package compat_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	algrsa "github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/compat"
	"github.com/joseframework/jose/compat/internal/layout"
	"github.com/joseframework/jose/core/jwa"
)

type keys struct {
	a, b *rsa.PrivateKey
	kd   jwa.KeyDecrypter
}

func testKeys(t *testing.T) keys {
	t.Helper()
	a := keyByID(t, "rsa-a").Key().(*rsa.PrivateKey)
	b := keyByID(t, "rsa-b").Key().(*rsa.PrivateKey)
	kd, err := algrsa.RSAOAEP().NewDecrypter(a)
	if err != nil {
		t.Fatal(err)
	}
	return keys{a, b, kd}
}

const goodClaims = `{"sub": "s", "exp": 4102444800, "__v": 2}`

// TestLayoutDispatch checks Python's truthiness rules for "__v".
func TestLayoutDispatch(t *testing.T) {
	k := testKeys(t)
	tests := []struct {
		v    string // JSON value of "__v", "" for absent
		want compat.Layout
	}{
		{"", compat.LayoutLegacy},
		{"null", compat.LayoutLegacy},
		{"false", compat.LayoutLegacy},
		{"0", compat.LayoutLegacy},
		{"-0", compat.LayoutLegacy},
		{"0.0", compat.LayoutLegacy},
		{"0e10", compat.LayoutLegacy},
		{"1e-400", compat.LayoutLegacy}, // 0.0 as a Python float
		{`""`, compat.LayoutLegacy},
		{"[]", compat.LayoutLegacy},
		{"{}", compat.LayoutLegacy},
		{"1", compat.LayoutV1},
		{"1.0", compat.LayoutV1},
		{"1e0", compat.LayoutV1},
		{"10e-1", compat.LayoutV1},
		{"true", compat.LayoutV1},
		{"2", compat.LayoutV2},
		{"7", compat.LayoutV2},
		{"-1", compat.LayoutV2},
		{"1.5", compat.LayoutV2},
		{"1e400", compat.LayoutV2},
		{"100000000000000000000000000000001", compat.LayoutV2},
		{`"1"`, compat.LayoutV2},
		{`"0"`, compat.LayoutV2},
		{"[0]", compat.LayoutV2},
		{`{"a": 0}`, compat.LayoutV2},
	}
	for _, tt := range tests {
		h := `{"alg": "RSA-OAEP", "enc": "A128CBC-HS256"`
		if tt.v != "" {
			h += `, "__v": ` + tt.v
		}
		h += "}"
		tok := rawToken{Header: h, Layout: layout.Layout(tt.want), Plaintext: []byte(goodClaims), Pub: &k.a.PublicKey}.build(t)
		d, err := compat.Decrypt(t.Context(), tok, k.kd, &compat.Options{AllowMacThenEncrypt: true, Now: at(fixedNow)})
		if err != nil {
			t.Errorf("__v %s: %v", tt.v, err)
			continue
		}
		if d.Layout != tt.want {
			t.Errorf("__v %s: layout %v, want %v", tt.v, d.Layout, tt.want)
		}
		if _, ok := d.Claims["__v"]; ok {
			t.Errorf("__v %s: left in the claims", tt.v)
		}
		// Every other layout fails on the same token, with the one error.
		for _, other := range []compat.Layout{compat.LayoutLegacy, compat.LayoutV1, compat.LayoutV2} {
			if other == tt.want {
				continue
			}
			tok := rawToken{Header: h, Layout: layout.Layout(other), Plaintext: []byte(goodClaims), Pub: &k.a.PublicKey}.build(t)
			_, err := compat.Decrypt(t.Context(), tok, k.kd, &compat.Options{AllowMacThenEncrypt: true, Now: at(fixedNow)})
			if !errors.Is(err, jwa.ErrDecryption) {
				t.Errorf("__v %s, made as %v: %v, want ErrDecryption", tt.v, other, err)
			}
		}
	}
}

// TestMalformed checks what is refused before any key is used: each
// error wraps ErrMalformed and ErrInvalid, never jwa.ErrDecryption.
func TestMalformed(t *testing.T) {
	k := testKeys(t)
	good := rawToken{Header: `{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "__v": 2}`, Layout: layout.V2, Plaintext: []byte(goodClaims), Pub: &k.a.PublicKey}.build(t)
	parts := strings.Split(good, ".")
	b64 := base64.RawURLEncoding.EncodeToString
	withHeader := func(h string) string {
		p := append([]string(nil), parts...)
		p[0] = b64([]byte(h))
		return strings.Join(p, ".")
	}
	withPart := func(i int, s string) string {
		p := append([]string(nil), parts...)
		p[i] = s
		return strings.Join(p, ".")
	}
	tests := map[string]string{
		"4 parts":             strings.Join(parts[:4], "."),
		"6 parts":             good + ".",
		"empty":               "",
		"JWS":                 strings.Join(parts[:3], "."),
		"padding":             withPart(2, parts[2]+"=="),
		"plus":                withPart(3, "+"+parts[3][1:]),
		"newline":             withPart(1, parts[1][:10]+"\n"+parts[1][10:]),
		"bad length":          withPart(2, parts[2]+"A"),
		"noncanonical bits":   withPart(2, parts[2][:len(parts[2])-1]+"B"),
		"header not JSON":     withHeader(`{"alg": "RSA-OAEP"`),
		"header array":        withHeader(`["alg"]`),
		"header trailing":     withHeader(`{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "__v": 2} {}`),
		"header duplicate":    withHeader(`{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "__v": 2, "__v": 1}`),
		"header dup escaped":  withHeader(`{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "__v": 2, "\u005f_v": 1}`),
		"header bad UTF-8":    withHeader("{\"alg\": \"RSA-OAEP\", \"enc\": \"A128CBC-HS256\", \"x\": \"\xff\"}"),
		"header surrogate":    withHeader(`{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "x": "\ud800"}`),
		"header deep":         withHeader(`{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "x": ` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`),
		"no alg":              withHeader(`{"enc": "A128CBC-HS256", "__v": 2}`),
		"alg number":          withHeader(`{"alg": 1, "enc": "A128CBC-HS256", "__v": 2}`),
		"alg dir":             withHeader(`{"alg": "dir", "enc": "A128CBC-HS256", "__v": 2}`),
		"alg RSA-OAEP-256":    withHeader(`{"alg": "RSA-OAEP-256", "enc": "A128CBC-HS256", "__v": 2}`),
		"alg none":            withHeader(`{"alg": "none", "enc": "A128CBC-HS256", "__v": 2}`),
		"no enc":              withHeader(`{"alg": "RSA-OAEP", "__v": 2}`),
		"enc GCM":             withHeader(`{"alg": "RSA-OAEP", "enc": "A128GCM", "__v": 2}`),
		"enc HS999":           withHeader(`{"alg": "RSA-OAEP", "enc": "A128CBC-HS999", "__v": 2}`),
		"zip GZIP":            withHeader(`{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "zip": "GZIP", "__v": 2}`),
		"zip null":            withHeader(`{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "zip": null, "__v": 2}`),
		"IV 8 bytes":          withPart(2, b64(make([]byte, 8))),
		"ciphertext 15 bytes": withPart(3, b64(make([]byte, 15))),
		"ciphertext empty":    withPart(3, ""),
	}
	for name, tok := range tests {
		_, err := compat.Decrypt(t.Context(), tok, k.kd, &compat.Options{Now: at(fixedNow)})
		if !errors.Is(err, compat.ErrMalformed) || !errors.Is(err, compat.ErrInvalid) || errors.Is(err, jwa.ErrDecryption) {
			t.Errorf("%s: %v, want ErrMalformed and ErrInvalid only", name, err)
		}
	}

	// Limits, checked before decoding.
	_, err := compat.Decrypt(t.Context(), good, k.kd, &compat.Options{Limits: jwa.Limits{MaxTokenSize: len(good) - 1}})
	if !errors.Is(err, jwa.ErrLimit) || !errors.Is(err, compat.ErrMalformed) {
		t.Errorf("token over MaxTokenSize: %v", err)
	}
	_, err = compat.Decrypt(t.Context(), good, k.kd, &compat.Options{Limits: jwa.Limits{MaxHeaderSize: 20}})
	if !errors.Is(err, jwa.ErrLimit) {
		t.Errorf("header over MaxHeaderSize: %v", err)
	}
	_, err = compat.Decrypt(t.Context(), withHeader(`{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "x": [[[1]]]}`), k.kd, &compat.Options{Limits: jwa.Limits{MaxDepth: 3}})
	if !errors.Is(err, compat.ErrMalformed) {
		t.Errorf("header over MaxDepth: %v", err)
	}
}

// TestOneError checks that every failure from the RSA step on returns the
// very same error value, in every layout.
func TestOneError(t *testing.T) {
	k := testKeys(t)
	var first error
	check := func(name string, tok string, adata string) {
		t.Helper()
		_, err := compat.Decrypt(t.Context(), tok, k.kd, &compat.Options{AllowMacThenEncrypt: true, Adata: []byte(adata), Now: at(fixedNow)})
		if !errors.Is(err, jwa.ErrDecryption) || !errors.Is(err, compat.ErrInvalid) {
			t.Errorf("%s: %v, want ErrDecryption and ErrInvalid", name, err)
			return
		}
		if first == nil {
			first = err
		} else if err != first {
			t.Errorf("%s: error %p %v differs from %p %v", name, err, err, first, first)
		}
	}
	hdr := map[layout.Layout]string{
		layout.Legacy: `{"alg": "RSA-OAEP", "enc": "A128CBC-HS256"}`,
		layout.V1:     `{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "__v": 1}`,
		layout.V2:     `{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "__v": 2}`,
	}
	zipHdr := func(l layout.Layout) string { return strings.Replace(hdr[l], `"enc"`, `"zip": "DEF", "enc"`, 1) }
	for _, l := range []layout.Layout{layout.Legacy, layout.V1, layout.V2} {
		name := l.String() + "/"
		pub := &k.a.PublicKey
		good := rawToken{Header: hdr[l], Layout: l, Plaintext: []byte(goodClaims), Adata: []byte("ad"), Pub: pub}.build(t)
		if _, err := compat.Decrypt(t.Context(), good, k.kd, &compat.Options{AllowMacThenEncrypt: true, Adata: []byte("ad"), Now: at(fixedNow)}); err != nil {
			t.Fatalf("%sgood token: %v", name, err)
		}
		parts := strings.Split(good, ".")
		// Flip bits in each decoded segment but the header.
		for i := 1; i < 5; i++ {
			seg, _ := base64.RawURLEncoding.DecodeString(parts[i])
			for _, pos := range []int{0, len(seg) / 2, len(seg) - 1} {
				bad := bytes.Clone(seg)
				bad[pos] ^= 0x01
				p := append([]string(nil), parts...)
				p[i] = base64.RawURLEncoding.EncodeToString(bad)
				check(name+"flip", strings.Join(p, "."), "ad")
			}
		}
		tagSeg, _ := base64.RawURLEncoding.DecodeString(parts[4])
		for _, tag := range [][]byte{tagSeg[:len(tagSeg)-1], append(bytes.Clone(tagSeg), 0), nil} {
			p := append([]string(nil), parts...)
			p[4] = base64.RawURLEncoding.EncodeToString(tag)
			check(name+"tag length", strings.Join(p, "."), "ad")
		}
		check(name+"wrong adata", good, "")
		check(name+"wrong key", rawToken{Header: hdr[l], Layout: l, Plaintext: []byte(goodClaims), Pub: &k.b.PublicKey}.build(t), "")
		enc, _ := layout.ParseEnc("A128CBC-HS256")
		check(name+"CEK one byte short", rawToken{Header: hdr[l], Layout: l, Plaintext: []byte(goodClaims), Pub: pub,
			Wrapped: bytes.Repeat([]byte{1}, enc.CEKSize(l)-1)}.build(t), "")
		check(name+"CEK one byte long", rawToken{Header: hdr[l], Layout: l, Plaintext: []byte(goodClaims), Pub: pub,
			Wrapped: bytes.Repeat([]byte{1}, enc.CEKSize(l)+1)}.build(t), "")
		check(name+"not JSON", rawToken{Header: hdr[l], Layout: l, Plaintext: []byte("not json"), Pub: pub}.build(t), "")
		check(name+"JSON array", rawToken{Header: hdr[l], Layout: l, Plaintext: []byte(`[1]`), Pub: pub}.build(t), "")
		check(name+"duplicate claim", rawToken{Header: hdr[l], Layout: l, Plaintext: []byte(`{"a": 1, "a": 2}`), Pub: pub}.build(t), "")
		check(name+"trailing JSON", rawToken{Header: hdr[l], Layout: l, Plaintext: []byte(`{"a": 1} x`), Pub: pub}.build(t), "")
		check(name+"bad UTF-8", rawToken{Header: hdr[l], Layout: l, Plaintext: []byte("{\"a\": \"\xc3\"}"), Pub: pub}.build(t), "")
		check(name+"string exp", rawToken{Header: hdr[l], Layout: l, Plaintext: []byte(`{"exp": "4102444800"}`), Pub: pub}.build(t), "")
		check(name+"null nbf", rawToken{Header: hdr[l], Layout: l, Plaintext: []byte(`{"nbf": null}`), Pub: pub}.build(t), "")
		check(name+"bool iat", rawToken{Header: hdr[l], Layout: l, Plaintext: []byte(`{"iat": true}`), Pub: pub}.build(t), "")
		check(name+"not zlib", rawToken{Header: zipHdr(l), Layout: l, Plaintext: []byte(goodClaims), Pub: pub}.build(t), "")
		check(name+"raw deflate", rawToken{Header: zipHdr(l), Layout: l, Plaintext: zlibOf(t, []byte(goodClaims))[2:], Pub: pub}.build(t), "")
		z := zlibOf(t, []byte(goodClaims))
		badSum := bytes.Clone(z)
		badSum[len(badSum)-1] ^= 1
		check(name+"zlib checksum", rawToken{Header: zipHdr(l), Layout: l, Plaintext: badSum, Pub: pub}.build(t), "")
		check(name+"zlib trailing", rawToken{Header: zipHdr(l), Layout: l, Plaintext: append(bytes.Clone(z), 0), Pub: pub}.build(t), "")
		check(name+"zlib truncated", rawToken{Header: zipHdr(l), Layout: l, Plaintext: z[:len(z)-3], Pub: pub}.build(t), "")
		bomb := zlibOf(t, append(append([]byte(`{"a": "`), bytes.Repeat([]byte{'a'}, jwa.DefaultMaxDecompressedSize)...), `"}`...))
		check(name+"zlib over limit", rawToken{Header: zipHdr(l), Layout: l, Plaintext: bomb, Pub: pub}.build(t), "")
		if l != layout.Legacy {
			// Bad padding under a valid tag: only the key holder can make
			// this, but it must still fail the same way.
			for _, pad := range []byte{0, 17, 2} {
				p := append([]byte(goodClaims), bytes.Repeat([]byte{' '}, 16-len(goodClaims)%16)...)
				p[len(p)-1] = pad
				check(name+"bad padding", rawToken{Header: hdr[l], Layout: l, Padded: p, Pub: pub}.build(t), "")
			}
		}
	}
	if first == nil {
		t.Fatal("no failure checked")
	}
}

// TestLegacyPadding checks the MAC-then-encrypt layout against padding
// changes: a valid tag over the unpadded plaintext does not help a token
// whose padding is wrong.
func TestLegacyPadding(t *testing.T) {
	k := testKeys(t)
	h := `{"alg": "RSA-OAEP", "enc": "A128CBC-HS256"}`
	m := []byte(`{"a": 1}`) // 8 bytes: padding 8
	for _, pad := range [][]byte{
		append(bytes.Clone(m), bytes.Repeat([]byte{9}, 8)...), // pad byte says 9
		append(bytes.Clone(m), 1, 2, 3, 4, 5, 6, 7, 8),        // not all equal
		append(bytes.Clone(m), 0, 0, 0, 0, 0, 0, 0, 0),        // zero
	} {
		tok := rawToken{Header: h, Layout: layout.Legacy, Plaintext: m, Padded: pad, Pub: &k.a.PublicKey}.build(t)
		_, err := compat.Decrypt(t.Context(), tok, k.kd, &compat.Options{AllowMacThenEncrypt: true, Now: at(fixedNow)})
		if !errors.Is(err, jwa.ErrDecryption) {
			t.Errorf("padding % x: %v, want ErrDecryption", pad[8:], err)
		}
	}
	// The correct padding decrypts.
	tok := rawToken{Header: h, Layout: layout.Legacy, Plaintext: m, Pub: &k.a.PublicKey}.build(t)
	if _, err := compat.Decrypt(t.Context(), tok, k.kd, &compat.Options{AllowMacThenEncrypt: true, Now: at(fixedNow)}); err != nil {
		t.Fatal(err)
	}
	if _, err := compat.Decrypt(t.Context(), tok, k.kd, nil); !errors.Is(err, compat.ErrMacThenEncrypt) || !errors.Is(err, compat.ErrInvalid) {
		t.Fatalf("without opt-in: %v", err)
	}
}

func TestDecryptClaims(t *testing.T) {
	k := testKeys(t)
	h := `{"alg": "RSA-OAEP", "enc": "A256CBC-HS512", "__v": 2}`
	base := time.Unix(1_600_000_000, 0).UTC()
	tests := []struct {
		name   string
		claims string
		opts   compat.Options
		want   error
		msg    string
	}{
		{"exp now", `{"exp": 1600000000}`, compat.Options{}, compat.ErrExpired, "token expired at 2020-09-13T12:26:40Z"},
		{"exp next second", `{"exp": 1600000001}`, compat.Options{}, nil, ""},
		{"exp fraction", `{"exp": 1599999999.5}`, compat.Options{}, compat.ErrExpired, "token expired at 2020-09-13T12:26:39.500000Z"},
		{"nbf now", `{"nbf": 1600000000}`, compat.Options{}, nil, ""},
		{"nbf later", `{"nbf": 1600000000.25}`, compat.Options{}, compat.ErrNotYetValid, "(valid from 2020-09-13T12:26:40.250000Z)"},
		{"iat limit", `{"iat": 1599996400}`, compat.Options{ExpirySeconds: 3600}, compat.ErrExpired, "token expired at 2020-09-13T12:26:40Z"},
		{"iat inside", `{"iat": 1599996401}`, compat.Options{ExpirySeconds: 3600}, nil, ""},
		{"iat unchecked", `{"iat": 0}`, compat.Options{}, nil, ""},
		{"skip", `{"exp": 1, "nbf": 1e12}`, compat.Options{SkipClaimsValidation: true}, nil, ""},
		{"skip non-numeric", `{"exp": "soon"}`, compat.Options{SkipClaimsValidation: true}, nil, ""},
		{"exp huge", `{"exp": 1e400}`, compat.Options{}, nil, ""},
		{"nbf huge", `{"nbf": 1e400}`, compat.Options{}, compat.ErrNotYetValid, ""},
		{"exp negative", `{"exp": -1}`, compat.Options{}, compat.ErrExpired, "token expired at 1969-12-31T23:59:59Z"},
		{"exp before year 1", `{"exp": -1e15}`, compat.Options{}, compat.ErrExpired, ""},
	}
	for _, tt := range tests {
		tok := rawToken{Header: h, Layout: layout.V2, Enc: "A256CBC-HS512", Plaintext: []byte(tt.claims), Pub: &k.a.PublicKey}.build(t)
		o := tt.opts
		o.Now = at(base)
		_, err := compat.Decrypt(t.Context(), tok, k.kd, &o)
		if tt.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if !errors.Is(err, tt.want) || errors.Is(err, compat.ErrInvalid) {
			t.Errorf("%s: %v, want only %v", tt.name, err, tt.want)
			continue
		}
		if tt.msg != "" && !strings.HasSuffix(err.Error(), tt.msg) {
			t.Errorf("%s: message %q, want suffix %q", tt.name, err, tt.msg)
		}
	}
	if _, err := compat.Decrypt(t.Context(), "a.b.c.d.e", k.kd, &compat.Options{ExpirySeconds: -1}); err == nil || errors.Is(err, compat.ErrInvalid) {
		t.Errorf("negative ExpirySeconds: %v, want a configuration error", err)
	}
}

// opaqueKey is an RSA key behind crypto.Decrypter only, as in an HSM.
type opaqueKey struct{ k *rsa.PrivateKey }

func (o opaqueKey) Public() crypto.PublicKey { return &o.k.PublicKey }
func (o opaqueKey) Decrypt(r io.Reader, msg []byte, opts crypto.DecrypterOpts) ([]byte, error) {
	return o.k.Decrypt(r, msg, opts)
}

// failingDecrypter fails the RSA step with a fixed error.
type failingDecrypter struct{ err error }

func (failingDecrypter) Algorithm() string { return "RSA-OAEP" }
func (f failingDecrypter) DecryptKey(context.Context, string, int, []byte, *jwa.Params) ([]byte, error) {
	return nil, f.err
}

func TestKeyDecrypters(t *testing.T) {
	k := testKeys(t)
	tok := rawToken{Header: `{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "__v": 1}`, Layout: layout.V1, Plaintext: []byte(goodClaims), Pub: &k.a.PublicKey}.build(t)

	hsm, err := algrsa.RSAOAEP().NewDecrypter(opaqueKey{k.a})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := compat.Decrypt(t.Context(), tok, hsm, &compat.Options{Now: at(fixedNow)}); err != nil {
		t.Errorf("crypto.Decrypter key: %v", err)
	}

	oaep256, err := algrsa.RSAOAEP256().NewDecrypter(k.a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := compat.Decrypt(t.Context(), tok, oaep256, nil); !errors.Is(err, jwa.ErrUnknownAlgorithm) || errors.Is(err, compat.ErrInvalid) {
		t.Errorf("RSA-OAEP-256 decrypter: %v", err)
	}
	if _, err := compat.Decrypt(t.Context(), tok, nil, nil); err == nil || errors.Is(err, compat.ErrInvalid) {
		t.Errorf("nil decrypter: %v", err)
	}

	// A done context is reported as such, not as a bad token.
	_, err = compat.Decrypt(t.Context(), tok, failingDecrypter{context.Canceled}, nil)
	if !errors.Is(err, context.Canceled) || errors.Is(err, compat.ErrInvalid) {
		t.Errorf("canceled: %v", err)
	}
	// An RSA failure is the one decryption error.
	_, err = compat.Decrypt(t.Context(), tok, failingDecrypter{jwa.ErrDecryption}, nil)
	if !errors.Is(err, jwa.ErrDecryption) || !errors.Is(err, compat.ErrInvalid) {
		t.Errorf("RSA failure: %v", err)
	}
}

// TestUnauthenticatedHeader shows the quirk the vectors record: header
// members can be added or changed (within a layout) without failing.
func TestUnauthenticatedHeader(t *testing.T) {
	k := testKeys(t)
	tok := rawToken{Header: `{"alg": "RSA-OAEP", "enc": "A128CBC-HS256", "__v": 2}`, Layout: layout.V2, Plaintext: []byte(goodClaims), Pub: &k.a.PublicKey}.build(t)
	parts := strings.Split(tok, ".")
	parts[0] = base64.RawURLEncoding.EncodeToString([]byte(`{"alg": "RSA-OAEP", "enc": "A128CBC+HS256", "__v": 99, "kid": "attacker"}`))
	d, err := compat.Decrypt(t.Context(), strings.Join(parts, "."), k.kd, &compat.Options{Now: at(fixedNow)})
	if err != nil {
		t.Fatal(err)
	}
	if d.UnauthenticatedHeader["kid"] != "attacker" {
		t.Errorf("header %v", d.UnauthenticatedHeader)
	}
}
