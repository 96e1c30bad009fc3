package conformance_test

// Hardening tests for the classes of issue 9 not covered in
// hardening_test.go. Each TestHardening<Class> names the defence it relies
// on; docs/security.md maps each class to its test and to the code that
// defends it.

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	chmac "crypto/hmac"
	crand "crypto/rand"
	crsa "crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/joseframework/jose/algs/aescbc"
	"github.com/joseframework/jose/algs/aesgcm"
	"github.com/joseframework/jose/algs/ecdsa"
	"github.com/joseframework/jose/algs/hmac"
	"github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/algs/rsa/rsa15"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
)

// hSignHeader signs payload under an exact protected header text with HS256.
func hSignHeader(t *testing.T, secret []byte, header, payload string) []byte {
	t.Helper()
	return hSignRaw(t, hmac.HS256(), secret, header, []byte(payload))
}

// TestHardeningDuplicateMembers: a JSON object with a member name twice is
// refused everywhere (RFC 7515, Section 5.2 allows either refusing or
// taking the last; we refuse), so two parsers can never disagree on it.
func TestHardeningDuplicateMembers(t *testing.T) {
	ctx := t.Context()
	secret := hKey(32)
	hs := hVerifier(t, hmac.HS256(), secret)
	// The header and claims are signed: only the parser can refuse them.
	tok := hSignHeader(t, secret, `{"alg":"HS256","alg":"HS256"}`, `{}`)
	if _, err := jws.Verify(ctx, tok, hs, nil); !errors.Is(err, jws.ErrMalformed) {
		t.Errorf("JWS header with \"alg\" twice: %v, want ErrMalformed", err)
	}
	tok = hSignHeader(t, secret, `{"alg":"HS256","kid":"a","kid":"b"}`, `{}`)
	if _, err := jws.Verify(ctx, tok, hs, nil); !errors.Is(err, jws.ErrMalformed) {
		t.Errorf("JWS header with \"kid\" twice: %v, want ErrMalformed", err)
	}
	tok = hSignHeader(t, secret, `{"alg":"HS256"}`, `{"sub":"a","sub":"b"}`)
	if _, err := jwt.Verify[struct{}](ctx, tok, hs, nil); !errors.Is(err, jwt.ErrMalformed) {
		t.Errorf("claims with \"sub\" twice: %v, want ErrMalformed", err)
	}
	tok = hSignHeader(t, secret, `{"alg":"HS256"}`, `{"x":{"y":1,"y":2}}`)
	if _, err := jwt.Verify[map[string]any](ctx, tok, hs, nil); !errors.Is(err, jwt.ErrMalformed) {
		t.Errorf("nested claim object with \"y\" twice: %v, want ErrMalformed", err)
	}
	// Control: the same claims without the duplicate verify.
	tok = hSignHeader(t, secret, `{"alg":"HS256"}`, `{"x":{"y":1}}`)
	if _, err := jwt.Verify[map[string]any](ctx, tok, hs, nil); err != nil {
		t.Errorf("control claims: %v", err)
	}
	flat, err := jws.SignFlattened(ctx, []byte("p"), mustSigner(t, secret), nil)
	if err != nil {
		t.Fatal(err)
	}
	dup := bytes.Replace(flat, []byte(`{`), []byte(`{"payload":"cQ",`), 1)
	if _, err := jws.Verify(ctx, dup, hs, nil); !errors.Is(err, jws.ErrMalformed) {
		t.Errorf("flattened JWS with \"payload\" twice: %v, want ErrMalformed", err)
	}
	_, kd, _ := hDir(t, 16)
	jweTok := []byte(hB64([]byte(`{"alg":"dir","enc":"A128GCM","enc":"A128GCM"}`)) + "..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA")
	dopts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()}}
	if _, err := jwe.Decrypt(ctx, jweTok, kd, dopts); !errors.Is(err, jwe.ErrMalformed) {
		t.Errorf("JWE header with \"enc\" twice: %v, want ErrMalformed", err)
	}
	if _, err := jwk.ParseKey([]byte(`{"kty":"oct","k":"AAAA","k":"BBBB"}`)); !errors.Is(err, jwk.ErrMalformed) {
		t.Errorf("JWK with \"k\" twice: %v, want ErrMalformed", err)
	}
	if _, err := jwk.ParseSet([]byte(`{"keys":[],"keys":[]}`)); !errors.Is(err, jwk.ErrMalformed) {
		t.Errorf("JWK Set with \"keys\" twice: %v, want ErrMalformed", err)
	}
	hDuplicateGaps(t)
}

func mustSigner(t *testing.T, secret []byte) jwa.Signer {
	t.Helper()
	s, err := hmac.HS256().NewSigner(secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestHardeningCrit: "crit" (RFC 7515, Section 4.1.11) must be a non-empty
// list of distinct, non-registered names that the caller understands and
// that are present in the protected header; and "crit" itself must be
// protected.
func TestHardeningCrit(t *testing.T) {
	ctx := t.Context()
	secret := hKey(32)
	hs := hVerifier(t, hmac.HS256(), secret)
	understood := &jws.VerifyOptions{Critical: []string{"exp2"}}
	for _, c := range []struct {
		name, header string
	}{
		{"unknown", `{"alg":"HS256","crit":["exp3"],"exp3":1}`},
		{"empty", `{"alg":"HS256","crit":[]}`},
		{"registered", `{"alg":"HS256","crit":["alg"]}`},
		{"duplicate", `{"alg":"HS256","crit":["exp2","exp2"],"exp2":1}`},
		{"absent member", `{"alg":"HS256","crit":["exp2"]}`},
		{"not a list", `{"alg":"HS256","crit":"exp2","exp2":1}`},
		{"not strings", `{"alg":"HS256","crit":[1],"exp2":1}`},
		{"null", `{"alg":"HS256","crit":null}`},
	} {
		tok := hSignHeader(t, secret, c.header, "p")
		if _, err := jws.Verify(ctx, tok, hs, understood); err == nil || errors.Is(err, jwa.ErrVerification) {
			t.Errorf("%s: %s: %v, want a header error", c.name, c.header, err)
		}
	}
	// The extension understood and present: accepted.
	tok := hSignHeader(t, secret, `{"alg":"HS256","crit":["exp2"],"exp2":1}`, "p")
	if _, err := jws.Verify(ctx, tok, hs, understood); err != nil {
		t.Errorf("understood crit: %v", err)
	}
	// Not understood by this caller: refused with ErrCritical.
	if _, err := jws.Verify(ctx, tok, hs, nil); !errors.Is(err, jws.ErrCritical) {
		t.Errorf("crit not understood: %v, want ErrCritical", err)
	}
	// "crit" in an unprotected header is refused.
	flat, err := jws.SignFlattened(ctx, []byte("p"), mustSigner(t, secret),
		&jws.SignOptions{Header: jws.Header{Unprotected: map[string]any{"x": 1}}})
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(flat, []byte(`"header":{"x":1}`), []byte(`"header":{"crit":["exp2"],"exp2":1}`), 1)
	if bytes.Equal(bad, flat) {
		t.Fatalf("test token has no unprotected header: %s", flat)
	}
	if _, err := jws.Verify(ctx, bad, hs, understood); err == nil {
		t.Errorf("crit in the unprotected header accepted")
	}
	// JWE: an unknown crit name is refused before any decryption.
	_, kd, _ := hDir(t, 16)
	jweTok := []byte(hB64([]byte(`{"alg":"dir","enc":"A128GCM","crit":["zz"],"zz":1}`)) + "..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA")
	dopts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()}}
	if _, err := jwe.Decrypt(ctx, jweTok, kd, dopts); !errors.Is(err, jwe.ErrCritical) {
		t.Errorf("JWE crit unknown: %v, want ErrCritical", err)
	}
	hCritGaps(t)
}

// TestHardeningB64: "b64" (RFC 7797) must be a protected boolean listed in
// "crit", and an unencoded payload in the compact serialization may not
// contain '.'.
func TestHardeningB64(t *testing.T) {
	ctx := t.Context()
	secret := hKey(32)
	hs := hVerifier(t, hmac.HS256(), secret)
	sign := func(header, payload string) []byte {
		s := mustSigner(t, secret)
		input := hB64([]byte(header)) + "." + payload
		sig, err := s.Sign(ctx, []byte(input))
		if err != nil {
			t.Fatal(err)
		}
		return []byte(input + "." + hB64(sig))
	}
	for _, c := range []struct{ name, header, payload string }{
		{"without crit", `{"alg":"HS256","b64":false}`, "abc"},
		{"not boolean", `{"alg":"HS256","b64":"false","crit":["b64"]}`, "abc"},
		{"null", `{"alg":"HS256","b64":null,"crit":["b64"]}`, "abc"},
		{"dot in payload", `{"alg":"HS256","b64":false,"crit":["b64"]}`, "a.b"},
	} {
		if _, err := jws.Verify(ctx, sign(c.header, c.payload), hs, nil); err == nil || errors.Is(err, jwa.ErrVerification) {
			t.Errorf("%s: %v, want a header error", c.name, err)
		}
	}
	ok := sign(`{"alg":"HS256","b64":false,"crit":["b64"]}`, "abc")
	m, err := jws.Verify(ctx, ok, hs, nil)
	if err != nil || string(m.Payload()) != "abc" {
		t.Fatalf("valid b64:false token: %v", err)
	}
	// The signature covers the raw payload: the base64url form of it is
	// another payload.
	if _, err := jws.Verify(ctx, sign(`{"alg":"HS256"}`, "abc"), hs, nil); err != nil {
		t.Fatalf("control: %v", err)
	}
	swapped := []byte(strings.Replace(string(ok), ".abc.", "."+hB64([]byte("abc"))+".", 1))
	if _, err := jws.Verify(ctx, swapped, hs, nil); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("b64:false token with an encoded payload: %v, want ErrVerification", err)
	}
	// b64 in an unprotected header is refused.
	flat, err := jws.SignFlattened(ctx, []byte("p"), mustSigner(t, secret),
		&jws.SignOptions{Header: jws.Header{Unprotected: map[string]any{"x": 1}}})
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(flat, []byte(`"header":{"x":1}`), []byte(`"header":{"b64":true}`), 1)
	if _, err := jws.Verify(ctx, bad, hs, nil); err == nil {
		t.Errorf("b64 in the unprotected header accepted")
	}
	t.Run("unprotected-false", hB64Unprotected)
}

// hCompactJWE encrypts pt with "dir" and enc under key.
func hCompactJWE(t *testing.T, enc jwa.ContentEncryptionAlgorithm, key, pt []byte) []byte {
	t.Helper()
	ke, err := jwe.Direct().NewEncrypter(key)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwe.Encrypt(t.Context(), pt, enc, []jwe.Recipient{{KeyEncrypter: ke}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestHardeningTruncatedTags: a JWE authentication tag, and IV, must have
// exactly the length of the algorithm; a truncated tag is refused.
func TestHardeningTruncatedTags(t *testing.T) {
	ctx := t.Context()
	for _, enc := range []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM(), aescbc.A128CBCHS256(), aescbc.A256CBCHS512()} {
		t.Run(enc.Name(), func(t *testing.T) {
			key := hKey(enc.KeySize())
			kd, err := jwe.Direct().NewDecrypter(key)
			if err != nil {
				t.Fatal(err)
			}
			opts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{enc}}
			tok := hCompactJWE(t, enc, key, []byte("attack at dawn"))
			if _, err := jwe.Decrypt(ctx, tok, kd, opts); err != nil {
				t.Fatalf("control: %v", err)
			}
			tag := hSegment(t, tok, 4)
			for _, n := range []int{len(tag) - 1, len(tag) / 2, 1, 0} {
				short := hWithSegment(t, tok, 4, tag[:n])
				if _, err := jwe.Decrypt(ctx, short, kd, opts); err == nil {
					t.Errorf("tag truncated to %d of %d bytes accepted", n, len(tag))
				}
			}
			long := hWithSegment(t, tok, 4, append(bytes.Clone(tag), 0))
			if _, err := jwe.Decrypt(ctx, long, kd, opts); err == nil {
				t.Errorf("tag extended by a byte accepted")
			}
			iv := hSegment(t, tok, 2)
			if _, err := jwe.Decrypt(ctx, hWithSegment(t, tok, 2, iv[:len(iv)-1]), kd, opts); err == nil {
				t.Errorf("IV of %d bytes accepted", len(iv)-1)
			}
			// The algorithm itself refuses a short tag too.
			aead, err := enc.NewAEAD(key)
			if err != nil {
				t.Fatal(err)
			}
			nonce := hKey(aead.NonceSize())
			sealed := aead.Seal(nil, nonce, []byte("x"), nil)
			if _, err := aead.Open(nil, nonce, sealed[:len(sealed)-aead.Overhead()/2], nil); err == nil {
				t.Errorf("AEAD Open accepted half a tag")
			}
		})
	}
}

// TestHardeningUniformErrors: every failure after the key is unwrapped
// (wrong key, tampered tag, ciphertext or AAD, bad CBC padding under a
// valid tag, RSA1_5 padding or CEK-length failure) returns the same error,
// so that an attacker learns nothing from which check failed.
func TestHardeningUniformErrors(t *testing.T) {
	ctx := t.Context()
	t.Run("A128CBC-HS256", func(t *testing.T) {
		enc := aescbc.A128CBCHS256()
		key := hKey(32)
		kd, err := jwe.Direct().NewDecrypter(key)
		if err != nil {
			t.Fatal(err)
		}
		opts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{enc}}
		tok := hCompactJWE(t, enc, key, []byte("0123456789abcdef-and more"))
		// A ciphertext whose tag is valid but whose padding is not: only
		// the holder of the key can make it, which is what a padding
		// oracle attacker would probe for.
		hdr := hSegments(t, tok)[0]
		iv := hKey(16)
		block, err := aes.NewCipher(key[16:])
		if err != nil {
			t.Fatal(err)
		}
		ct := make([]byte, 32)
		pt := bytes.Repeat([]byte{0x11}, 32) // last byte 0x11 > 16: bad padding
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, pt)
		mac := chmac.New(sha256.New, key[:16])
		mac.Write([]byte(hdr))
		mac.Write(iv)
		mac.Write(ct)
		var al [8]byte
		al[7] = byte(len(hdr) * 8)
		al[6] = byte(len(hdr) * 8 >> 8)
		mac.Write(al[:])
		badPad := []byte(hdr + ".." + hB64(iv) + "." + hB64(ct) + "." + hB64(mac.Sum(nil)[:16]))
		tag := hSegment(t, tok, 4)
		tag[0] ^= 1
		ctx2 := hSegment(t, tok, 3)
		ctx2[0] ^= 1
		otherKD, _ := jwe.Direct().NewDecrypter(hKey(32))
		cases := map[string]func() error{
			"bad padding, valid tag": func() error { _, err := jwe.Decrypt(ctx, badPad, kd, opts); return err },
			"tampered tag":           func() error { _, err := jwe.Decrypt(ctx, hWithSegment(t, tok, 4, tag), kd, opts); return err },
			"tampered ciphertext":    func() error { _, err := jwe.Decrypt(ctx, hWithSegment(t, tok, 3, ctx2), kd, opts); return err },
			"wrong key":              func() error { _, err := jwe.Decrypt(ctx, tok, otherKD, opts); return err },
		}
		for name, f := range hUniformCBC(t, key, tok, kd, opts) {
			cases[name] = f
		}
		hSameError(t, cases)
	})
	t.Run("RSA1_5", func(t *testing.T) {
		priv := hRSAKey()
		kd, err := rsa15.RSA15().NewDecrypter(priv)
		if err != nil {
			t.Fatal(err)
		}
		ke, err := rsa15.RSA15().NewEncrypter(&priv.PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		enc := aesgcm.A128GCM()
		opts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{enc},
			KeyManagement: []jwa.KeyManagementAlgorithm{rsa15.RSA15()}}
		tok, err := jwe.Encrypt(ctx, []byte("secret"), enc, []jwe.Recipient{{KeyEncrypter: ke}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := jwe.Decrypt(ctx, tok, kd, opts); err != nil {
			t.Fatalf("control: %v", err)
		}
		// A well-padded encrypted key holding a CEK of the wrong length,
		// a badly padded one, and a random one.
		shortCEK, err := crsa.EncryptPKCS1v15(crand.Reader, &priv.PublicKey, hKey(8))
		if err != nil {
			t.Fatal(err)
		}
		garbage := hKey(priv.Size())
		garbage[0] = 0
		tag := hSegment(t, tok, 4)
		tag[0] ^= 1
		cases := map[string]func() error{
			"wrong CEK length": func() error { _, err := jwe.Decrypt(ctx, hWithSegment(t, tok, 1, shortCEK), kd, opts); return err },
			"bad padding":      func() error { _, err := jwe.Decrypt(ctx, hWithSegment(t, tok, 1, garbage), kd, opts); return err },
			"tampered tag":     func() error { _, err := jwe.Decrypt(ctx, hWithSegment(t, tok, 4, tag), kd, opts); return err },
		}
		hSameError(t, cases)
		t.Run("DecryptKey", func(t *testing.T) { hRSA15Direct(t, kd, priv.Size()) })
	})
}

// hSameError checks that every case fails with ErrDecryption and one
// identical message.
func hSameError(t *testing.T, cases map[string]func() error) {
	t.Helper()
	first, firstName := "", ""
	for name, f := range cases {
		err := f()
		if !errors.Is(err, jwa.ErrDecryption) {
			t.Errorf("%s: %v, want ErrDecryption", name, err)
			continue
		}
		if first == "" {
			first, firstName = err.Error(), name
		} else if err.Error() != first {
			t.Errorf("%s: %q differs from %s: %q", name, err, firstName, first)
		}
	}
}

// TestHardeningConstantTimeMAC: MAC tags are compared in constant time.
// Timing cannot be asserted in a test, so this checks the source (syntax
// only, without type information) of the functions that compare MACs,
// tags and key-wrap integrity values: in algs/hmac (*macKey).Verify, in
// algs/aescbc (*aead).Open, in algs/aeskw Unwrap and (*kek).DecryptKey,
// in compat (*shortKeyVerifier).Verify (the short-key check) and open
// (the tag check), and in compat/internal/layout (Enc).LegacyOpen. Each
// is checked with every function of this repository it calls by name: a
// package-level function of its package, a method called on its own
// receiver, or a function of an imported package of this repository.
// Imports are resolved by path, whatever their local name. Then:
//
//   - the target or a function it reaches calls crypto/hmac.Equal or a
//     function of crypto/subtle;
//   - no function reached calls bytes.Equal, bytes.Compare, slices.Equal,
//     slices.Compare or reflect.DeepEqual;
//   - no function reached applies == or != to a string(...) conversion,
//     a slice expression, or a variable or field named as holding a MAC
//     (a name containing mac, tag, sum, sig, digest, hash, want or
//     expected, and not ending in size, len, length, ok or count), unless
//     the other operand is nil or a literal;
//   - no loop in a function reached has an if that compares indexed
//     elements with == or != and returns or breaks: an early exit.
func TestHardeningConstantTimeMAC(t *testing.T) {
	if _, err := os.Stat("../algs/hmac"); err != nil {
		t.Skipf("../algs/hmac not found: the repository is needed for this check")
	}
	c := &hCTChecker{t: t, pkgs: map[string]*hCTPkg{}}
	for _, tg := range []struct{ dir, fn string }{
		{"../algs/hmac", "macKey.Verify"},
		{"../algs/aescbc", "aead.Open"},
		{"../algs/aeskw", "Unwrap"},
		{"../algs/aeskw", "kek.DecryptKey"},
		{"../compat", "shortKeyVerifier.Verify"},
		{"../compat", "open"},
		{"../compat/internal/layout", "Enc.LegacyOpen"},
	} {
		t.Run(strings.TrimPrefix(tg.dir, "../")+"/"+tg.fn, func(t *testing.T) {
			for _, v := range c.check(tg.dir, tg.fn) {
				t.Error(v)
			}
		})
	}
}

// TestHardeningHMACKeys: an HMAC key shorter than the hash output (RFC
// 7518, Section 3.2), including an empty key, is refused for signing and
// for verifying, given directly or as a JWK.
func TestHardeningHMACKeys(t *testing.T) {
	for _, alg := range []jwa.SignatureAlgorithm{hmac.HS256(), hmac.HS384(), hmac.HS512()} {
		n := hHashSize(alg)
		for _, size := range []int{0, 1, n - 1} {
			key := make([]byte, size)
			if _, err := alg.NewSigner(key); !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("%s signer with a %d-byte key: %v, want ErrKeySize", alg.Name(), size, err)
			}
			if _, err := alg.NewVerifier(key); !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("%s verifier with a %d-byte key: %v, want ErrKeySize", alg.Name(), size, err)
			}
		}
		if _, err := alg.NewVerifier(hKey(n)); err != nil {
			t.Errorf("%s with a %d-byte key: %v", alg.Name(), n, err)
		}
		if _, err := alg.NewVerifier(nil); err == nil {
			t.Errorf("%s with a nil key accepted", alg.Name())
		}
	}
	// Through a key set: a short oct key is not used.
	ctx := t.Context()
	short := hKey(16)
	tok := []byte(hB64([]byte(`{"alg":"HS256"}`)) + "." + hB64([]byte("p")))
	tok = append(tok, "."+hB64(hHMACSHA256(short, tok))...)
	set := &jwk.Set{Keys: []*jwk.Key{hJWK(t, short, nil)}}
	if _, err := jws.VerifyKeys(ctx, tok, set, []jwa.SignatureAlgorithm{hmac.HS256()}, nil); err == nil {
		t.Errorf("HS256 with a 16-byte JWK verified")
	}
}

// TestHardeningNumericDate: exp, nbf and iat must be JSON numbers in
// range; strings, booleans, null, arrays, objects, negatives and
// overflowing values are refused, even under a valid signature.
func TestHardeningNumericDate(t *testing.T) {
	ctx := t.Context()
	secret := hKey(32)
	hs := hVerifier(t, hmac.HS256(), secret)
	for _, claim := range []string{"exp", "nbf", "iat"} {
		for _, v := range []string{`"4102444800"`, `true`, `null`, `[4102444800]`, `{}`, `-1`, `1e400`, `1e30`, `99999999999999999999`, `"2100-01-01T00:00:00Z"`} {
			tok := hSignHeader(t, secret, `{"alg":"HS256"}`, `{"`+claim+`":`+v+`}`)
			if _, err := jwt.Verify[struct{}](ctx, tok, hs, nil); !errors.Is(err, jwt.ErrMalformed) {
				t.Errorf("%s: %s: %v, want ErrMalformed", claim, v, err)
			}
		}
	}
	for _, v := range []string{`4102444800`, `4102444800.5`, `4.1024448e9`} {
		tok := hSignHeader(t, secret, `{"alg":"HS256"}`, `{"exp":`+v+`}`)
		if _, err := jwt.Verify[struct{}](ctx, tok, hs, nil); err != nil {
			t.Errorf("exp %s: %v", v, err)
		}
	}
	tok := hSignHeader(t, secret, `{"alg":"HS256"}`, `{"exp":1}`)
	if _, err := jwt.Verify[struct{}](ctx, tok, hs, nil); !errors.Is(err, jwt.ErrExpired) {
		t.Errorf("exp 1: %v, want ErrExpired", err)
	}
}

// TestHardeningAudience: "aud" is a string or an array of strings; the
// caller's audience must equal one element exactly, never a substring,
// and anything else in "aud" is malformed.
func TestHardeningAudience(t *testing.T) {
	ctx := t.Context()
	secret := hKey(32)
	hs := hVerifier(t, hmac.HS256(), secret)
	opts := &jwt.Options{Audience: []string{"api"}}
	verify := func(aud string, o *jwt.Options) error {
		tok := hSignHeader(t, secret, `{"alg":"HS256"}`, `{"aud":`+aud+`}`)
		_, err := jwt.Verify[struct{}](ctx, tok, hs, o)
		return err
	}
	for _, aud := range []string{`"api"`, `["api"]`, `["other","api"]`} {
		if err := verify(aud, opts); err != nil {
			t.Errorf("aud %s: %v", aud, err)
		}
	}
	for _, aud := range []string{`"api2"`, `"ap"`, `"api other"`, `["apiX"]`, `"API"`, `"[\"api\"]"`} {
		if err := verify(aud, opts); !errors.Is(err, jwt.ErrAudience) {
			t.Errorf("aud %s: %v, want ErrAudience", aud, err)
		}
	}
	for _, aud := range []string{`[["api"]]`, `[1]`, `["api",1]`, `{"api":true}`, `1`, `true`, `[null]`, `[]`} {
		if err := verify(aud, opts); !errors.Is(err, jwt.ErrMalformed) {
			t.Errorf("aud %s: %v, want ErrMalformed", aud, err)
		}
	}
	// A token with an audience is refused by a caller that names none.
	if err := verify(`"api"`, nil); !errors.Is(err, jwt.ErrAudience) {
		t.Errorf("aud \"api\" with no audience configured: %v, want ErrAudience", err)
	}
}

// TestHardeningEmbeddedKeys: "jwk", "jku", "x5u" and "x5c" in a header never
// supply the verification key by themselves, and URLs are never fetched.
func TestHardeningEmbeddedKeys(t *testing.T) {
	ctx := t.Context()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "no", http.StatusNotFound)
	}))
	defer srv.Close()

	attacker := hECKey()
	attackerJWK := hJWK(t, &attacker.PublicKey, nil)
	pubJSON, err := json.Marshal(attackerJWK)
	if err != nil {
		t.Fatal(err)
	}
	// The legitimate key is a different one.
	legit, err := jwk.Generate("EC", jwk.GenerateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	legitPub, err := legit.Public()
	if err != nil {
		t.Fatal(err)
	}
	set := &jwk.Set{Keys: []*jwk.Key{legitPub}}
	algs := []jwa.SignatureAlgorithm{ecdsa.ES256()}
	for _, h := range []string{
		`{"alg":"ES256","jwk":` + string(pubJSON) + `}`,
		`{"alg":"ES256","jku":"` + srv.URL + `/jwks"}`,
		`{"alg":"ES256","x5u":"` + srv.URL + `/cert"}`,
		`{"alg":"ES256","jwk":` + string(pubJSON) + `,"jku":"` + srv.URL + `/jwks","x5u":"` + srv.URL + `/c"}`,
	} {
		tok := hSignRaw(t, ecdsa.ES256(), attacker, h, []byte("p"))
		if _, err := jws.VerifyKeys(ctx, tok, set, algs, nil); err == nil {
			t.Errorf("%s: a token signed by the embedded key verified", h)
		}
		if _, err := jwt.VerifyKeys[struct{}](ctx, tok, set, algs, nil); err == nil {
			t.Errorf("%s: jwt.VerifyKeys accepted it", h)
		}
		// A policy that refuses the embedded key changes nothing.
		refuse := &jws.VerifyOptions{TrustEmbeddedKey: func(*jwk.Key) error { return errors.New("not pinned") }}
		if _, err := jws.VerifyKeys(ctx, tok, set, algs, refuse); err == nil {
			t.Errorf("%s: verified though TrustEmbeddedKey refused", h)
		}
	}
	// Only an explicit policy that accepts it makes the embedded key count.
	tok := hSignRaw(t, ecdsa.ES256(), attacker, `{"alg":"ES256","jwk":`+string(pubJSON)+`}`, []byte("p"))
	accept := &jws.VerifyOptions{TrustEmbeddedKey: func(k *jwk.Key) error {
		if !k.Equal(attackerJWK) {
			return errors.New("not pinned")
		}
		return nil
	}}
	if _, err := jws.VerifyKeys(ctx, tok, set, algs, accept); err != nil {
		t.Errorf("pinned embedded key: %v", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("jku/x5u fetched %d times", n)
	}
	hEmbeddedGaps(t, set, algs, attacker, pubJSON)
}

// TestHardeningJWKMetadata: a JWK's "alg", "use" and "key_ops" restrict
// what it is used for.
func TestHardeningJWKMetadata(t *testing.T) {
	ctx := t.Context()
	priv := hRSAKey()
	tokRS := hSignRaw(t, rsa.RS256(), priv, `{"alg":"RS256"}`, []byte("p"))
	tokPS := hSignRaw(t, rsa.PS256(), priv, `{"alg":"PS256"}`, []byte("p"))
	both := []jwa.SignatureAlgorithm{rsa.RS256(), rsa.PS256()}
	verify := func(tok []byte, extra map[string]any) error {
		k := hJWK(t, &priv.PublicKey, extra)
		_, err := jws.VerifyKeys(ctx, tok, &jwk.Set{Keys: []*jwk.Key{k}}, both, nil)
		return err
	}
	if err := verify(tokRS, map[string]any{"alg": "RS256", "use": "sig", "key_ops": []string{"verify"}}); err != nil {
		t.Fatalf("control: %v", err)
	}
	for name, c := range map[string]struct {
		tok   []byte
		extra map[string]any
	}{
		"alg PS256 key, RS256 token": {tokRS, map[string]any{"alg": "PS256"}},
		"alg RS256 key, PS256 token": {tokPS, map[string]any{"alg": "RS256"}},
		"use enc":                    {tokRS, map[string]any{"use": "enc"}},
		"key_ops sign only":          {tokRS, map[string]any{"key_ops": []string{"sign"}}},
		"key_ops encrypt":            {tokRS, map[string]any{"key_ops": []string{"encrypt", "wrapKey"}}},
		"alg RSA-OAEP":               {tokRS, map[string]any{"alg": "RSA-OAEP"}},
	} {
		if err := verify(c.tok, c.extra); err == nil {
			t.Errorf("%s: verified", name)
		}
	}
	// JWE: a key marked for signatures does not decrypt.
	key := hKey(16)
	tok := hCompactJWE(t, aesgcm.A128GCM(), key, []byte("x"))
	opts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()},
		KeyManagement: []jwa.KeyManagementAlgorithm{jwe.Direct()}}
	if _, err := jwe.DecryptWithKeys(ctx, tok, &jwk.Set{Keys: []*jwk.Key{hJWK(t, key, nil)}}, opts); err != nil {
		t.Fatalf("control: %v", err)
	}
	for name, extra := range map[string]map[string]any{
		"use sig":        {"use": "sig"},
		"key_ops verify": {"key_ops": []string{"sign", "verify"}},
		"alg A128KW":     {"alg": "A128KW"},
	} {
		if _, err := jwe.DecryptWithKeys(ctx, tok, &jwk.Set{Keys: []*jwk.Key{hJWK(t, key, extra)}}, opts); err == nil {
			t.Errorf("JWE with a key %s: decrypted", name)
		}
	}
	t.Run("plug-in", hUsePlugin)
}

// TestHardeningNestedUnsigned: a nested JWT is only accepted when its inner
// token is signed and verifies; an inner "alg": "none" is refused, and
// jwt.Decrypt refuses a nested JWT rather than skip its signature.
func TestHardeningNestedUnsigned(t *testing.T) {
	ctx := t.Context()
	secret := hKey(32)
	hs := hVerifier(t, hmac.HS256(), secret)
	ke, kd, _ := hDir(t, 16)
	opts := &jwt.Options{JWE: jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()}}}
	wrap := func(inner []byte) []byte {
		tok, err := jwe.Encrypt(ctx, inner, aesgcm.A128GCM(), []jwe.Recipient{{KeyEncrypter: ke}}, &jwe.EncryptOptions{ContentType: "JWT"})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	signed := hSignHeader(t, secret, `{"alg":"HS256"}`, `{"sub":"x"}`)
	if _, err := jwt.DecryptVerify[struct{}](ctx, wrap(signed), kd, hs, opts); err != nil {
		t.Fatalf("control: %v", err)
	}
	for name, inner := range map[string][]byte{
		"alg none":         []byte(hB64([]byte(`{"alg":"none"}`)) + "." + hB64([]byte(`{"sub":"x"}`)) + "."),
		"alg None":         []byte(hB64([]byte(`{"alg":"None"}`)) + "." + hB64([]byte(`{"sub":"x"}`)) + "."),
		"signature cut":    bytes.TrimRightFunc(signed, func(r rune) bool { return r != '.' }),
		"bare claims":      []byte(`{"sub":"x"}`),
		"other key":        hSignHeader(t, hKey(32), `{"alg":"HS256"}`, `{"sub":"x"}`),
		"nested JWE again": wrap(signed),
	} {
		if _, err := jwt.DecryptVerify[struct{}](ctx, wrap(inner), kd, hs, opts); err == nil {
			t.Errorf("%s: inner token accepted", name)
		}
		if _, err := jwt.Decrypt[struct{}](ctx, wrap(inner), kd, opts); !errors.Is(err, jwt.ErrNesting) {
			t.Errorf("%s: jwt.Decrypt = %v, want ErrNesting", name, err)
		}
	}
}

// TestHardeningZeroLength: an empty payload or plaintext round trips,
// and the empty value is authenticated like any other.
func TestHardeningZeroLength(t *testing.T) {
	ctx := t.Context()
	secret := hKey(32)
	hs := hVerifier(t, hmac.HS256(), secret)
	for _, opts := range []*jws.SignOptions{nil, {Unencoded: true}} {
		tok, err := jws.Sign(ctx, []byte{}, mustSigner(t, secret), opts)
		if err != nil {
			t.Fatal(err)
		}
		vopts := &jws.VerifyOptions{}
		if opts != nil && opts.Unencoded {
			// An empty unencoded payload is the same text either way.
			vopts = nil
		}
		m, err := jws.Verify(ctx, []byte(tok), hs, vopts)
		if err != nil || len(m.Payload()) != 0 {
			t.Errorf("empty payload %+v: %v", opts, err)
		}
		// A payload added to the empty one breaks the signature.
		seg := strings.Split(tok, ".")
		seg[1] = hB64([]byte("x"))
		if _, err := jws.Verify(ctx, []byte(strings.Join(seg, ".")), hs, vopts); !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("empty payload replaced: %v, want ErrVerification", err)
		}
	}
	for _, enc := range []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM(), aescbc.A128CBCHS256()} {
		key := hKey(enc.KeySize())
		kd, err := jwe.Direct().NewDecrypter(key)
		if err != nil {
			t.Fatal(err)
		}
		opts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{enc}}
		tok := hCompactJWE(t, enc, key, nil)
		res, err := jwe.Decrypt(ctx, tok, kd, opts)
		if err != nil || len(res.Plaintext) != 0 {
			t.Errorf("%s empty plaintext: %v", enc.Name(), err)
			continue
		}
		tag := hSegment(t, tok, 4)
		tag[len(tag)-1] ^= 1
		if _, err := jwe.Decrypt(ctx, hWithSegment(t, tok, 4, tag), kd, opts); !errors.Is(err, jwa.ErrDecryption) {
			t.Errorf("%s empty plaintext, tampered tag: %v, want ErrDecryption", enc.Name(), err)
		}
	}
	// An empty claims set is not a JWT.
	tok := hSignHeader(t, secret, `{"alg":"HS256"}`, ``)
	if _, err := jwt.Verify[struct{}](ctx, tok, hs, nil); !errors.Is(err, jwt.ErrMalformed) {
		t.Errorf("JWT with an empty payload: %v, want ErrMalformed", err)
	}
	t.Run("json", hZeroLengthJSON)
}
