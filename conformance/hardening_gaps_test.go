package conformance_test

// Helpers for hardening subtests whose bodies are too long to sit inline
// in their TestHardening<Class>; each is called from one t.Run of that
// class's test.

import (
	"bytes"
	"crypto"
	"crypto/cipher"
	cecdsa "crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"math/big"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/joseframework/jose/algs/aescbc"
	"github.com/joseframework/jose/algs/aesgcm"
	jecdsa "github.com/joseframework/jose/algs/ecdsa"
	"github.com/joseframework/jose/algs/hmac"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
)

// hAtLimit (TestHardeningOversize/at-limit): a token just under
// MaxTokenSize that is accepted is processed in bounded memory, at most
// 2.5 times its size on average (a private copy of the token and the
// decoded segments come to about 1.75 times).
func hAtLimit(t *testing.T, secret []byte, hs jwa.Verifier) {
	ctx := t.Context()
	l := jwa.DefaultLimits()
	const payloadSize = 786200 // base64url: 1,048,267 bytes
	prefix := `{"sub":"a","pad":"`
	claims := prefix + strings.Repeat("x", payloadSize-len(prefix)-2) + `"}`
	jwsTok := hSignHeader(t, secret, `{"alg":"HS256"}`, claims)

	ke, kd, _ := hDir(t, 16)
	jweTok, err := jwe.Encrypt(ctx, bytes.Repeat([]byte("x"), payloadSize), aesgcm.A128GCM(), []jwe.Recipient{{KeyEncrypter: ke}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dopts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()}}

	for _, c := range []struct {
		name string
		tok  []byte
		call func() error
	}{
		{"jws.Verify", jwsTok, func() error { _, err := jws.Verify(ctx, jwsTok, hs, nil); return err }},
		{"jwe.Decrypt", jweTok, func() error { _, err := jwe.Decrypt(ctx, jweTok, kd, dopts); return err }},
		{"jwt.Verify", jwsTok, func() error { _, err := jwt.Verify[struct{}](ctx, jwsTok, hs, nil); return err }},
	} {
		t.Run(c.name, func(t *testing.T) {
			if len(c.tok) > l.MaxTokenSize || len(c.tok) < l.MaxTokenSize-1024 {
				t.Fatalf("test token is %d bytes, want just under %d", len(c.tok), l.MaxTokenSize)
			}
			if err := c.call(); err != nil {
				t.Fatalf("%s of a %d-byte token: %v", c.name, len(c.tok), err)
			}
			const runs = 4
			a := hAlloc(func() {
				for range runs {
					c.call()
				}
			}) / runs
			bound := uint64(len(c.tok)) * 5 / 2
			t.Logf("%s of a %d-byte token allocated %d bytes (%.2fx)", c.name, len(c.tok), a, float64(a)/float64(len(c.tok)))
			if a > bound {
				t.Errorf("%s of a %d-byte token allocated %d bytes, want at most %d (2.5x)", c.name, len(c.tok), a, bound)
			}
		})
	}
}

// hSelfSigned returns a self-signed DER certificate for priv.
func hSelfSigned(t testing.TB, priv crypto.Signer) []byte {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "hardening"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, priv.Public(), priv)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// hFlattenedJWS assembles a flattened JWS signed with HS256 over
// protected.payload, with an unprotected header.
func hFlattenedJWS(t *testing.T, secret []byte, protected, header, payload string) []byte {
	t.Helper()
	prot := hB64([]byte(protected))
	sig := hHMACSHA256(secret, []byte(prot+"."+payload))
	tok, err := json.Marshal(map[string]any{
		"protected": prot,
		"header":    json.RawMessage(header),
		"payload":   payload,
		"signature": hB64(sig),
	})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// hNoneCE is a content encryption algorithm named "none" in some spelling.
type hNoneCE struct{ name string }

func (a hNoneCE) Name() string                      { return a.name }
func (hNoneCE) KeySize() int                        { return 16 }
func (hNoneCE) NewAEAD([]byte) (cipher.AEAD, error) { return nil, jwa.ErrKeySize }

// hKtyFit (TestHardeningAlgorithmConfusion/kty-fit): with a key set, a key
// without "alg" must fit the allow-listed algorithm by "kty" (and curve),
// even when the algorithm's own NewVerifier would take any key.
func hKtyFit(t *testing.T) {
	ctx := t.Context()
	rsaSet := &jwk.Set{Keys: []*jwk.Key{hJWK(t, &hRSAKey().PublicKey, nil)}}
	ecSet := &jwk.Set{Keys: []*jwk.Key{hJWK(t, &hECKey().PublicKey, nil)}}
	for _, c := range []struct {
		alg string
		set *jwk.Set
	}{
		{"HS256", rsaSet}, {"ES256", rsaSet}, {"EdDSA", rsaSet}, {"RS256", ecSet}, {"ES384", ecSet}, {"HS512", ecSet},
	} {
		t.Run(c.alg+"/"+c.set.Keys[0].KeyType(), func(t *testing.T) {
			tok := []byte(hB64([]byte(`{"alg":"`+c.alg+`"}`)) + "." + hB64([]byte("p")) + "." + hB64([]byte("sig")))
			algs := []jwa.SignatureAlgorithm{hNoneAlg{c.alg}} // NewVerifier takes any key: the key checks are the set's
			if _, err := jws.VerifyKeys(ctx, tok, c.set, algs, nil); !errors.Is(err, jws.ErrNoKey) {
				t.Errorf("jws.VerifyKeys(%s key for %s) = %v, want ErrNoKey", c.set.Keys[0].KeyType(), c.alg, err)
			}
		})
	}
}

// hUsePlugin (TestHardeningJWKMetadata/plug-in): "use" and "key_ops"
// also restrict keys for an algorithm jwk does not know, whose name gives
// no use to check against.
func hUsePlugin(t *testing.T) {
	ctx := t.Context()
	secret := hKey(32)
	tok := []byte(hB64([]byte(`{"alg":"X-HARDENING"}`)) + "." + hB64([]byte("p")) + "." + hB64([]byte("sig")))
	algs := []jwa.SignatureAlgorithm{hNoneAlg{"X-HARDENING"}} // NewVerifier takes any key: the key checks are the set's
	verify := func(extra map[string]any) error {
		_, err := jws.VerifyKeys(ctx, tok, &jwk.Set{Keys: []*jwk.Key{hJWK(t, secret, extra)}}, algs, nil)
		return err
	}
	if err := verify(nil); err != nil {
		t.Fatalf("control: %v", err)
	}
	if err := verify(map[string]any{"use": "sig"}); err != nil {
		t.Fatalf("control with use sig: %v", err)
	}
	for name, extra := range map[string]map[string]any{
		"use enc":         {"use": "enc"},
		"use other":       {"use": "other"},
		"key_ops encrypt": {"key_ops": []string{"encrypt"}},
		"key_ops sign":    {"key_ops": []string{"sign"}},
	} {
		if err := verify(extra); !errors.Is(err, jws.ErrNoKey) {
			t.Errorf("%s: jws.VerifyKeys = %v, want ErrNoKey", name, err)
		}
	}
}

// hCritGaps (TestHardeningCrit): registered names are refused in "crit"
// even when the caller lists them as understood, and a JWE "crit" must be
// protected.
func hCritGaps(t *testing.T) {
	ctx := t.Context()
	t.Run("registered-understood", func(t *testing.T) {
		secret := hKey(32)
		hs := hVerifier(t, hmac.HS256(), secret)
		tok := hSignHeader(t, secret, `{"alg":"HS256","kid":"k","crit":["kid"]}`, "p")
		if _, err := jws.Verify(ctx, tok, hs, &jws.VerifyOptions{Critical: []string{"kid"}}); !errors.Is(err, jws.ErrCritical) {
			t.Errorf("JWS crit [\"kid\"] with Critical [\"kid\"]: %v, want ErrCritical", err)
		}
		key := hKey(16)
		kd, err := jwe.Direct().NewDecrypter(key)
		if err != nil {
			t.Fatal(err)
		}
		jweTok := hJWEWithHeader(t, key, `{"alg":"dir","enc":"A128GCM","crit":["enc"]}`, []byte("x"))
		opts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()}, Critical: []string{"enc"}}
		if _, err := jwe.Decrypt(ctx, jweTok, kd, opts); !errors.Is(err, jwe.ErrCritical) {
			t.Errorf("JWE crit [\"enc\"] with Critical [\"enc\"]: %v, want ErrCritical", err)
		}
	})
	t.Run("jwe-unprotected", func(t *testing.T) {
		_, kd, tok := hFlattenedJWE(t)
		opts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()}, Critical: []string{"zz"}}
		if _, err := jwe.Decrypt(ctx, tok, kd, opts); err != nil {
			t.Fatalf("control: %v", err)
		}
		bad := bytes.Replace(tok, []byte(`{`), []byte(`{"unprotected":{"crit":["zz"],"zz":1},`), 1)
		if _, err := jwe.Decrypt(ctx, bad, kd, opts); !errors.Is(err, jwe.ErrCritical) {
			t.Errorf("JWE crit in the shared unprotected header: %v, want ErrCritical", err)
		}
	})
}

// hFlattenedJWE returns a flattened JSON JWE of "secret" under "dir" and
// A128GCM with a fresh key, without unprotected headers.
func hFlattenedJWE(t *testing.T) (jwa.KeyEncrypter, jwa.KeyDecrypter, []byte) {
	t.Helper()
	ke, kd, _ := hDir(t, 16)
	tok, err := jwe.Encrypt(t.Context(), []byte("secret"), aesgcm.A128GCM(), []jwe.Recipient{{KeyEncrypter: ke}},
		&jwe.EncryptOptions{Serialization: jwe.FlattenedJSON})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(tok, []byte(`"unprotected"`)) || bytes.Contains(tok, []byte(`"header"`)) {
		t.Fatalf("test token has an unprotected header: %s", tok)
	}
	return ke, kd, tok
}

// hJWEWithHeader encrypts pt with "dir" and A128GCM under key with an
// exact protected header text, in the compact serialization.
func hJWEWithHeader(t *testing.T, key []byte, header string, pt []byte) []byte {
	t.Helper()
	aead, err := aesgcm.A128GCM().NewAEAD(key)
	if err != nil {
		t.Fatal(err)
	}
	hdr := hB64([]byte(header))
	iv := hKey(aead.NonceSize())
	sealed := aead.Seal(nil, iv, pt, []byte(hdr))
	n := len(sealed) - aead.Overhead()
	return []byte(hdr + ".." + hB64(iv) + "." + hB64(sealed[:n]) + "." + hB64(sealed[n:]))
}

// hB64Unprotected (TestHardeningB64/unprotected-false): "b64": false in
// the unprotected header, with "crit": ["b64"] protected and the signature
// over the raw payload, is refused: an unprotected member cannot change
// what the signature covers.
func hB64Unprotected(t *testing.T) {
	secret := hKey(32)
	hs := hVerifier(t, hmac.HS256(), secret)
	tok := hFlattenedJWS(t, secret, `{"alg":"HS256","crit":["b64"]}`, `{"b64":false}`, "abc")
	if _, err := jws.Verify(t.Context(), tok, hs, nil); !errors.Is(err, jws.ErrB64) {
		t.Errorf("\"b64\": false in the unprotected header: %v, want ErrB64", err)
	}
	// Control: the same token with "b64" protected verifies.
	ok := hFlattenedJWS(t, secret, `{"alg":"HS256","b64":false,"crit":["b64"]}`, `{"x":1}`, "abc")
	if m, err := jws.Verify(t.Context(), ok, hs, nil); err != nil || string(m.Payload()) != "abc" {
		t.Errorf("control: %v", err)
	}
}

// hDuplicateGaps (TestHardeningDuplicateMembers): duplicates in objects
// too large for the linear scan, and duplicates spelled with escapes.
func hDuplicateGaps(t *testing.T) {
	ctx := t.Context()
	secret := hKey(32)
	hs := hVerifier(t, hmac.HS256(), secret)
	t.Run("many-members", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(`{"alg":"HS256"`)
		for i := range 15 {
			fmt.Fprintf(&b, `,"m%02d":%d`, i, i)
		}
		b.WriteString(`,"x":1`) // the 17th distinct member
		control := b.String() + `}`
		dup := b.String() + `,"x":2}`
		if _, err := jws.Verify(ctx, hSignHeader(t, secret, control, "p"), hs, nil); err != nil {
			t.Fatalf("control, 17 members: %v", err)
		}
		if _, err := jws.Verify(ctx, hSignHeader(t, secret, dup, "p"), hs, nil); !errors.Is(err, jws.ErrMalformed) {
			t.Errorf("JWS header of 17 members and \"x\" again: %v, want ErrMalformed", err)
		}
		claims := strings.Replace(dup, `"alg":"HS256"`, `"sub":"a"`, 1)
		if _, err := jwt.Verify[map[string]any](ctx, hSignHeader(t, secret, `{"alg":"HS256"}`, claims), hs, nil); !errors.Is(err, jwt.ErrMalformed) {
			t.Errorf("claims of 17 members and \"x\" again: %v, want ErrMalformed", err)
		}
	})
	t.Run("escaped", func(t *testing.T) {
		tok := hSignHeader(t, secret, `{"alg":"HS256","\u0061lg":"none"}`, "p")
		if _, err := jws.Verify(ctx, tok, hs, nil); !errors.Is(err, jws.ErrMalformed) {
			t.Errorf("JWS header with \"alg\" and \"\\u0061lg\": %v, want ErrMalformed", err)
		}
		tok = hSignHeader(t, secret, `{"alg":"HS256"}`, `{"sub":"a","\u0073ub":"b"}`)
		if _, err := jwt.Verify[map[string]any](ctx, tok, hs, nil); !errors.Is(err, jwt.ErrMalformed) {
			t.Errorf("claims with \"sub\" and \"\\u0073ub\": %v, want ErrMalformed", err)
		}
		k := hB64(hKey(32))
		if _, err := jwk.ParseKey([]byte(`{"kty":"oct","k":"` + k + `","\u006b":"` + k + `"}`)); !errors.Is(err, jwk.ErrMalformed) {
			t.Errorf("JWK with \"k\" and \"\\u006b\": %v, want ErrMalformed", err)
		}
		if _, err := jwk.ParseKey([]byte(`{"kty":"oct","k":"` + k + `"}`)); err != nil {
			t.Errorf("control JWK: %v", err)
		}
		if _, err := jwk.ParseSet([]byte(`{"keys":[],"\u006beys":[]}`)); !errors.Is(err, jwk.ErrMalformed) {
			t.Errorf("JWK Set with \"keys\" and \"\\u006beys\": %v, want ErrMalformed", err)
		}
	})
}

// hUniformCBC (TestHardeningUniformErrors/A128CBC-HS256) returns the
// extra cases: corrupt DEFLATE under a valid tag, and a truncated tag.
func hUniformCBC(t *testing.T, key, tok []byte, kd jwa.KeyDecrypter, opts *jwe.DecryptOptions) map[string]func() error {
	t.Helper()
	aead, err := aescbc.A128CBCHS256().NewAEAD(key)
	if err != nil {
		t.Fatal(err)
	}
	hdr := hB64([]byte(`{"alg":"dir","enc":"A128CBC-HS256","zip":"DEF"}`))
	iv := hKey(aead.NonceSize())
	// 0xff starts a DEFLATE block of the reserved type 3.
	sealed := aead.Seal(nil, iv, bytes.Repeat([]byte{0xff}, 40), []byte(hdr))
	n := len(sealed) - aead.Overhead()
	badZip := []byte(hdr + ".." + hB64(iv) + "." + hB64(sealed[:n]) + "." + hB64(sealed[n:]))
	tag := hSegment(t, tok, 4)
	short := hWithSegment(t, tok, 4, tag[:len(tag)-1])
	return map[string]func() error{
		"corrupt DEFLATE, valid tag": func() error { _, err := jwe.Decrypt(t.Context(), badZip, kd, opts); return err },
		"truncated tag":              func() error { _, err := jwe.Decrypt(t.Context(), short, kd, opts); return err },
	}
}

// hRSA15Direct (TestHardeningUniformErrors/RSA1_5/DecryptKey): the RSA1_5
// key decrypter itself answers bad padding with a fresh random CEK of the
// requested size and no error.
func hRSA15Direct(t *testing.T, kd jwa.KeyDecrypter, size int) {
	garbage := hKey(size)
	garbage[0] = 0
	var ceks [][]byte
	for range 2 {
		cek, err := kd.DecryptKey(t.Context(), "A128GCM", 16, garbage, &jwa.Params{})
		if err != nil {
			t.Fatalf("DecryptKey with bad padding: %v, want no error", err)
		}
		if len(cek) != 16 {
			t.Fatalf("DecryptKey with bad padding: a CEK of %d bytes, want 16", len(cek))
		}
		ceks = append(ceks, cek)
	}
	if bytes.Equal(ceks[0], ceks[1]) {
		t.Errorf("DecryptKey with bad padding returned the same CEK twice: %x", ceks[0])
	}
}

// hEmbeddedGaps (TestHardeningEmbeddedKeys): a "jwk" in the unprotected
// header is never a candidate, even under a policy that accepts every key,
// and neither is the key of an "x5c" certificate.
func hEmbeddedGaps(t *testing.T, set *jwk.Set, algs []jwa.SignatureAlgorithm, attacker *cecdsa.PrivateKey, pubJSON []byte) {
	ctx := t.Context()
	acceptAll := &jws.VerifyOptions{TrustEmbeddedKey: func(*jwk.Key) error { return nil }}
	t.Run("unprotected-jwk", func(t *testing.T) {
		prot := hB64([]byte(`{"alg":"ES256"}`))
		payload := hB64([]byte("p"))
		s, err := jecdsa.ES256().NewSigner(attacker)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := s.Sign(ctx, []byte(prot+"."+payload))
		if err != nil {
			t.Fatal(err)
		}
		tok := []byte(`{"protected":"` + prot + `","header":{"jwk":` + string(pubJSON) + `},"payload":"` + payload + `","signature":"` + hB64(sig) + `"}`)
		if _, err := jws.VerifyKeys(ctx, tok, set, algs, acceptAll); err == nil {
			t.Errorf("a token signed by a key in the unprotected header verified")
		}
		if _, err := jws.VerifyKeys(ctx, tok, nil, algs, acceptAll); err == nil {
			t.Errorf("a token signed by a key in the unprotected header verified without a key set")
		}
	})
	t.Run("x5c", func(t *testing.T) {
		cert := base64.StdEncoding.EncodeToString(hSelfSigned(t, attacker))
		tok := hSignRaw(t, jecdsa.ES256(), attacker, `{"alg":"ES256","x5c":["`+cert+`"]}`, []byte("p"))
		if _, err := jws.VerifyKeys(ctx, tok, set, algs, acceptAll); err == nil {
			t.Errorf("a token signed by the key of its x5c certificate verified")
		}
		if _, err := jwt.VerifyKeys[struct{}](ctx, tok, set, algs, &jwt.Options{JWS: *acceptAll}); err == nil {
			t.Errorf("jwt.VerifyKeys accepted a token signed by the key of its x5c certificate")
		}
	})
}

// hNoneRegister (TestHardeningNone/register): the registries refuse the
// name "none" in any case, by its name (the panic says so), whether or
// not they have been used yet.
func hNoneRegister(t *testing.T) {
	for _, name := range []string{"none", "NONE", "None"} {
		for kind, register := range map[string]func(){
			"RegisterSignature":         func() { jwa.RegisterSignature(hNoneAlg{name}) },
			"RegisterKeyManagement":     func() { jwa.RegisterKeyManagement(hNoneKM{name}) },
			"RegisterContentEncryption": func() { jwa.RegisterContentEncryption(hNoneCE{name}) },
		} {
			t.Run(kind+"/"+name, func(t *testing.T) {
				defer func() {
					r := recover()
					if r == nil {
						t.Fatalf("jwa.%s(%q) did not panic", kind, name)
					}
					if msg := fmt.Sprint(r); !strings.Contains(msg, "invalid algorithm name") {
						t.Errorf("jwa.%s(%q) panicked with %q, want the invalid-name panic", kind, name, msg)
					}
				}()
				register()
			})
		}
	}
}

// hZeroLengthJSON (TestHardeningZeroLength/json): an empty payload signs
// and verifies in the flattened and general JSON serializations, encoded
// and unencoded, and stays authenticated.
func hZeroLengthJSON(t *testing.T) {
	ctx := t.Context()
	secret := hKey(32)
	hs := hVerifier(t, hmac.HS256(), secret)
	for _, unencoded := range []bool{false, true} {
		opts := &jws.SignOptions{Unencoded: unencoded}
		flat, err := jws.SignFlattened(ctx, []byte{}, mustSigner(t, secret), opts)
		if err != nil {
			t.Fatalf("SignFlattened(empty, unencoded %v): %v", unencoded, err)
		}
		general, err := jws.SignGeneral(ctx, []byte{}, []jws.Signer{{Signer: mustSigner(t, secret)}}, opts)
		if err != nil {
			t.Fatalf("SignGeneral(empty, unencoded %v): %v", unencoded, err)
		}
		for name, tok := range map[string][]byte{"flattened": flat, "general": general} {
			t.Run(fmt.Sprintf("%s/unencoded=%v", name, unencoded), func(t *testing.T) {
				m, err := jws.Verify(ctx, tok, hs, nil)
				if err != nil || len(m.Payload()) != 0 {
					t.Fatalf("jws.Verify(%s) = %v", tok, err)
				}
				if m.Signature().Unencoded() != unencoded {
					t.Errorf("Unencoded() = %v, want %v", m.Signature().Unencoded(), unencoded)
				}
				other := "eA" // base64url of "x"
				if unencoded {
					other = "x"
				}
				changed := bytes.Replace(tok, []byte(`"payload":""`), []byte(`"payload":"`+other+`"`), 1)
				if bytes.Equal(changed, tok) {
					t.Fatalf("no empty payload member in %s", tok)
				}
				if _, err := jws.Verify(ctx, changed, hs, nil); !errors.Is(err, jwa.ErrVerification) {
					t.Errorf("empty payload replaced: %v, want ErrVerification", err)
				}
			})
		}
	}
}

// hCTModule is the module path prefix of this repository's packages.
const hCTModule = "github.com/joseframework/jose/"

// hCTPkg is one parsed package directory (non-test files).
type hCTPkg struct {
	dir     string
	fset    *token.FileSet
	funcs   map[string]*ast.FuncDecl // "name", or "Recv.name" for methods
	imports map[*ast.FuncDecl]map[string]string
}

// hCTChecker implements TestHardeningConstantTimeMAC.
type hCTChecker struct {
	t    *testing.T
	pkgs map[string]*hCTPkg
}

func (c *hCTChecker) pkg(dir string) *hCTPkg {
	if p, ok := c.pkgs[dir]; ok {
		return p
	}
	p := &hCTPkg{dir: dir, fset: token.NewFileSet(), funcs: map[string]*ast.FuncDecl{}, imports: map[*ast.FuncDecl]map[string]string{}}
	c.pkgs[dir] = p
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(p.fset, f, nil, 0)
		if err != nil {
			c.t.Fatal(err)
		}
		imports := map[string]string{}
		for _, im := range file.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			name := path[strings.LastIndex(path, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = path
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			p.funcs[hCTKey(fd)] = fd
			p.imports[fd] = imports
		}
	}
	return p
}

// hCTKey returns "name" for a function, "Recv.name" for a method.
func hCTKey(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	return hCTRecvType(fd) + "." + fd.Name.Name
}

func hCTRecvType(fd *ast.FuncDecl) string {
	e := fd.Recv.List[0].Type
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

var (
	hCTMACName    = regexp.MustCompile(`(?i)(mac|tag|sum|sig|digest|hash|want|expected)`)
	hCTNotMACName = regexp.MustCompile(`(?i)(size|len|length|ok|count)$`)
)

// check returns the violations of the target fn in dir and what it
// reaches.
func (c *hCTChecker) check(dir, fn string) []string {
	p := c.pkg(dir)
	fd, ok := p.funcs[fn]
	if !ok {
		return []string{fmt.Sprintf("%s: no function %s found", dir, fn)}
	}
	var (
		constant   bool
		violations []string
		seen       = map[*ast.FuncDecl]bool{}
	)
	var visit func(p *hCTPkg, fd *ast.FuncDecl)
	visit = func(p *hCTPkg, fd *ast.FuncDecl) {
		if seen[fd] {
			return
		}
		seen[fd] = true
		imports := p.imports[fd]
		var recv string
		if fd.Recv != nil && len(fd.Recv.List) > 0 && len(fd.Recv.List[0].Names) > 0 {
			recv = fd.Recv.List[0].Names[0].Name
		}
		where := func(n ast.Node) string {
			return fmt.Sprintf("%s (in %s)", p.fset.Position(n.Pos()), hCTKey(fd))
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				switch f := n.Fun.(type) {
				case *ast.Ident:
					if g, ok := p.funcs[f.Name]; ok && (f.Obj == nil || f.Obj.Kind == ast.Fun) {
						visit(p, g)
					}
				case *ast.SelectorExpr:
					id, ok := f.X.(*ast.Ident)
					if !ok {
						break
					}
					if path, ok := imports[id.Name]; ok && id.Obj == nil {
						switch {
						case path == "crypto/hmac" && f.Sel.Name == "Equal", path == "crypto/subtle":
							constant = true
						case path == "bytes" && (f.Sel.Name == "Equal" || f.Sel.Name == "Compare"),
							path == "slices" && (f.Sel.Name == "Equal" || f.Sel.Name == "Compare"),
							path == "reflect" && f.Sel.Name == "DeepEqual":
							violations = append(violations, fmt.Sprintf("%s: %s.%s is not constant-time", where(n), path, f.Sel.Name))
						case strings.HasPrefix(path, hCTModule):
							q := c.pkg(filepath.Join("..", strings.TrimPrefix(path, hCTModule)))
							if g, ok := q.funcs[f.Sel.Name]; ok {
								visit(q, g)
							}
						}
					} else if recv != "" && id.Name == recv {
						if g, ok := p.funcs[hCTRecvType(fd)+"."+f.Sel.Name]; ok {
							visit(p, g)
						}
					}
				}
			case *ast.BinaryExpr:
				if (n.Op == token.EQL || n.Op == token.NEQ) && hCTSecretCompare(n) {
					violations = append(violations, fmt.Sprintf("%s: %s compares a MAC or tag with %s", where(n), hCTString(p, n), n.Op))
				}
			case *ast.ForStmt:
				violations = append(violations, hCTEarlyExit(p, n.Body, where)...)
			case *ast.RangeStmt:
				violations = append(violations, hCTEarlyExit(p, n.Body, where)...)
			}
			return true
		})
	}
	visit(p, fd)
	if !constant {
		violations = append(violations, fmt.Sprintf("%s: %s and what it calls never use crypto/hmac.Equal or crypto/subtle", dir, fn))
	}
	return violations
}

// hCTSecretCompare reports whether an == or != compares MAC-like values.
func hCTSecretCompare(b *ast.BinaryExpr) bool {
	for i, e := range []ast.Expr{b.X, b.Y} {
		other := b.Y
		if i == 1 {
			other = b.X
		}
		if hCTConstant(other) {
			continue
		}
		if hCTMACLike(e) {
			return true
		}
	}
	return false
}

func hCTUnparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// hCTConstant reports whether e is nil or a literal.
func hCTConstant(e ast.Expr) bool {
	switch e := hCTUnparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		return e.Name == "nil" || e.Name == "true" || e.Name == "false"
	case *ast.UnaryExpr:
		return hCTConstant(e.X)
	}
	return false
}

// hCTMACLike reports whether e looks like it holds MAC bytes.
func hCTMACLike(e ast.Expr) bool {
	switch e := hCTUnparen(e).(type) {
	case *ast.CallExpr:
		id, ok := e.Fun.(*ast.Ident)
		return ok && id.Name == "string" && len(e.Args) == 1
	case *ast.SliceExpr:
		return true
	case *ast.Ident:
		return hCTMACName.MatchString(e.Name) && !hCTNotMACName.MatchString(e.Name)
	case *ast.SelectorExpr:
		return hCTMACName.MatchString(e.Sel.Name) && !hCTNotMACName.MatchString(e.Sel.Name)
	}
	return false
}

// hCTEarlyExit returns the ifs in a loop body that compare indexed
// elements and leave the loop.
func hCTEarlyExit(p *hCTPkg, body *ast.BlockStmt, where func(ast.Node) string) []string {
	var out []string
	ast.Inspect(body, func(n ast.Node) bool {
		is, ok := n.(*ast.IfStmt)
		if !ok {
			return true
		}
		compares := false
		ast.Inspect(is.Cond, func(n ast.Node) bool {
			if b, ok := n.(*ast.BinaryExpr); ok && (b.Op == token.EQL || b.Op == token.NEQ) {
				_, xi := hCTUnparen(b.X).(*ast.IndexExpr)
				_, yi := hCTUnparen(b.Y).(*ast.IndexExpr)
				compares = compares || xi || yi
			}
			return true
		})
		if !compares {
			return true
		}
		exits := false
		ast.Inspect(is.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ReturnStmt:
				exits = true
			case *ast.BranchStmt:
				exits = exits || n.Tok == token.BREAK || n.Tok == token.GOTO
			case *ast.FuncLit:
				return false
			}
			return true
		})
		if exits {
			out = append(out, fmt.Sprintf("%s: %s leaves a loop on a byte comparison", where(is), hCTString(p, is.Cond)))
		}
		return true
	})
	return out
}

func hCTString(p *hCTPkg, n ast.Node) string {
	var b strings.Builder
	printer.Fprint(&b, p.fset, n)
	return b.String()
}
