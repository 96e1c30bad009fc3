package conformance_test

// Hardening regression tests: one test per class of attack on JOSE
// implementations, each named TestHardening<Class> and run end to end
// through the public token APIs (jws, jwe, jwk, jwt) with the real
// algorithm modules. docs/security.md lists, for each class, where the
// defence lives and confirms that the test fails when that defence is
// removed. Every identifier here starts with "h" or "Hardening" so that it
// cannot collide with the JWS and JWE tests beside this file.

import (
	"bytes"
	"context"
	"crypto/ecdh"
	cecdsa "crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	chmac "crypto/hmac"
	"crypto/rand"
	crsa "crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/joseframework/jose/algs/aesgcm"
	"github.com/joseframework/jose/algs/aeskw"
	jecdh "github.com/joseframework/jose/algs/ecdh"
	jecdsa "github.com/joseframework/jose/algs/ecdsa"
	"github.com/joseframework/jose/algs/eddsa"
	"github.com/joseframework/jose/algs/hmac"
	"github.com/joseframework/jose/algs/pbes2"
	jrsa "github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
)

// Keys shared by the tests, generated once per run.
var (
	hRSAKey = sync.OnceValue(func() *crsa.PrivateKey {
		k, err := crsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		return k
	})
	hECKey = sync.OnceValue(func() *cecdsa.PrivateKey {
		k, err := cecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		return k
	})
	hEdKey = sync.OnceValue(func() ed25519.PrivateKey {
		_, k, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			panic(err)
		}
		return k
	})
)

func hB64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// hHashSize returns the hash size of an HMAC algorithm, in bytes.
func hHashSize(alg jwa.SignatureAlgorithm) int {
	return map[string]int{"HS256": 32, "HS384": 48, "HS512": 64}[alg.Name()]
}

// hHMACSHA256 computes an HMAC-SHA-256 with any key, as an attacker would.
func hHMACSHA256(key, msg []byte) []byte {
	m := chmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

// hKey returns a fresh random secret of n bytes.
func hKey(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// hSignRaw signs header.payload (header given as JSON text) with alg and
// key, without going through jws.Sign, so that any header can be made.
func hSignRaw(t testing.TB, alg jwa.SignatureAlgorithm, key any, header string, payload []byte) []byte {
	t.Helper()
	s, err := alg.NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	input := hB64([]byte(header)) + "." + hB64(payload)
	sig, err := s.Sign(t.Context(), []byte(input))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(input + "." + hB64(sig))
}

// hJWK makes a jwk.Key from a Go key plus extra JWK members.
func hJWK(t testing.TB, key any, extra map[string]any) *jwk.Key {
	t.Helper()
	k, err := jwk.New(key)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(k)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for name, v := range extra {
		m[name] = v
	}
	if data, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	k, err = jwk.ParseKey(data)
	if err != nil {
		t.Fatalf("jwk.ParseKey(%s): %v", data, err)
	}
	return k
}

// hSegments splits a compact token.
func hSegments(t testing.TB, tok []byte) []string {
	t.Helper()
	return strings.Split(string(tok), ".")
}

// hHeader decodes the protected header of a compact token into raw members.
func hHeader(t testing.TB, tok []byte) map[string]json.RawMessage {
	t.Helper()
	seg := hSegments(t, tok)[0]
	data, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		t.Fatal(err)
	}
	var h map[string]json.RawMessage
	if err := json.Unmarshal(data, &h); err != nil {
		t.Fatal(err)
	}
	return h
}

// hWithHeader replaces the protected header of a compact token.
func hWithHeader(t testing.TB, tok []byte, h map[string]json.RawMessage) []byte {
	t.Helper()
	data, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	seg := hSegments(t, tok)
	seg[0] = hB64(data)
	return []byte(strings.Join(seg, "."))
}

// hWithSegment replaces segment i of a compact token by the base64url of b.
func hWithSegment(t testing.TB, tok []byte, i int, b []byte) []byte {
	t.Helper()
	seg := hSegments(t, tok)
	seg[i] = hB64(b)
	return []byte(strings.Join(seg, "."))
}

func hSegment(t testing.TB, tok []byte, i int) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(hSegments(t, tok)[i])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hVerifier returns alg's verifier for key.
func hVerifier(t testing.TB, alg jwa.SignatureAlgorithm, key any) jwa.Verifier {
	t.Helper()
	v, err := alg.NewVerifier(key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// hSSHLine returns an OpenSSH authorized_keys line for an Ed25519 public
// key: "ssh-ed25519 " and the base64 of the wire-format key.
func hSSHLine(pub ed25519.PublicKey) []byte {
	var wire []byte
	for _, field := range [][]byte{[]byte("ssh-ed25519"), pub} {
		wire = binary.BigEndian.AppendUint32(wire, uint32(len(field)))
		wire = append(wire, field...)
	}
	return []byte("ssh-ed25519 " + base64.StdEncoding.EncodeToString(wire) + " user@host\n")
}

// TestHardeningAlgorithmConfusion: a verifier that holds a public key must
// never verify an HMAC made with that public key as the secret (RFC 8725,
// Section 2.1), whatever encoding of the key the attacker used, and an
// HMAC algorithm must refuse public key material offered as its secret.
func TestHardeningAlgorithmConfusion(t *testing.T) {
	rsaPub := &hRSAKey().PublicKey
	ecPub := &hECKey().PublicKey
	edPub := hEdKey().Public().(ed25519.PublicKey)

	spki := func(pub any) []byte {
		der, err := x509.MarshalPKIXPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
	pemOf := func(typ string, der []byte) []byte {
		return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
	}
	jwkText := func(pub any) []byte {
		data, err := json.Marshal(hJWK(t, pub, nil))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	ecPoint, err := ecPub.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	encodings := []struct {
		name string
		key  []byte
	}{
		{"RSA/PEM-SPKI", pemOf("PUBLIC KEY", spki(rsaPub))},
		{"RSA/PEM-PKCS1", pemOf("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(rsaPub))},
		{"RSA/PEM-with-leading-newline", append([]byte("\n"), pemOf("PUBLIC KEY", spki(rsaPub))...)},
		{"RSA/DER-SPKI", spki(rsaPub)},
		{"RSA/DER-PKCS1", x509.MarshalPKCS1PublicKey(rsaPub)},
		{"RSA/JWK", jwkText(rsaPub)},
		{"RSA/cert-DER", hSelfSigned(t, hRSAKey())},
		{"RSA/cert-PEM", pemOf("CERTIFICATE", hSelfSigned(t, hRSAKey()))},
		{"EC/cert-DER", hSelfSigned(t, hECKey())},
		{"EC/PEM-SPKI", pemOf("PUBLIC KEY", spki(ecPub))},
		{"EC/DER-SPKI", spki(ecPub)},
		{"EC/JWK", jwkText(ecPub)},
		{"EC/raw-point", ecPoint},
		{"OKP/PEM-SPKI", pemOf("PUBLIC KEY", spki(edPub))},
		{"OKP/JWK", jwkText(edPub)},
		{"OKP/OpenSSH", hSSHLine(edPub)},
	}
	hsAlgs := []jwa.SignatureAlgorithm{hmac.HS256(), hmac.HS384(), hmac.HS512()}

	// 1. The HMAC algorithms refuse public key material as a secret.
	for _, e := range encodings {
		for _, alg := range hsAlgs {
			t.Run("secret/"+e.name+"/"+alg.Name(), func(t *testing.T) {
				want := jwa.ErrKeyType
				if len(e.key) < hHashSize(alg) {
					want = jwa.ErrKeySize // too short to be an HMAC key at all
				}
				if _, err := alg.NewVerifier(e.key); !errors.Is(err, want) {
					t.Errorf("NewVerifier(%s) error = %v, want %v", e.name, err, want)
				}
				if _, err := alg.NewSigner(e.key); !errors.Is(err, want) {
					t.Errorf("NewSigner(%s) error = %v, want %v", e.name, err, want)
				}
			})
		}
	}

	// 2. A token "signed" with HS256 and the public key as the secret is
	// refused by the holders of the public key, before any cryptography.
	// The forged MAC is computed with crypto/hmac directly, since the hmac
	// module refuses to.
	forge := func(secret []byte) []byte {
		header := `{"alg":"HS256","typ":"JWT"}`
		input := hB64([]byte(header)) + "." + hB64([]byte(`{"sub":"admin"}`))
		return []byte(input + "." + hB64(hHMACSHA256(secret, []byte(input))))
	}
	verifiers := []struct {
		name string
		v    jwa.Verifier
		pub  any
		alg  jwa.SignatureAlgorithm
	}{
		{"RS256", hVerifier(t, jrsa.RS256(), rsaPub), rsaPub, jrsa.RS256()},
		{"ES256", hVerifier(t, jecdsa.ES256(), ecPub), ecPub, jecdsa.ES256()},
		{"EdDSA", hVerifier(t, eddsa.EdDSA(), edPub), edPub, eddsa.EdDSA()},
	}
	for _, e := range encodings {
		tok := forge(e.key)
		for _, v := range verifiers {
			if !strings.HasPrefix(e.name, map[string]string{"RS256": "RSA", "ES256": "EC", "EdDSA": "OKP"}[v.name]) {
				continue
			}
			t.Run("token/"+e.name+"/"+v.name, func(t *testing.T) {
				_, err := jws.Verify(t.Context(), tok, v.v, nil)
				if ae := (*jws.AlgorithmError)(nil); !errors.As(err, &ae) {
					t.Errorf("jws.Verify = %v, want *jws.AlgorithmError", err)
				}
				_, err = jwt.Verify[struct{}](t.Context(), tok, v.v, nil)
				if !errors.Is(err, jwa.ErrVerification) {
					t.Errorf("jwt.Verify = %v, want ErrVerification", err)
				}
				// A careless allow-list that names HS256 next to the
				// public key's algorithm: the key set holds the public
				// key, and HS256 must not accept it.
				set := &jwk.Set{Keys: []*jwk.Key{hJWK(t, v.pub, nil)}}
				algs := []jwa.SignatureAlgorithm{v.alg, hmac.HS256()}
				if _, err := jws.VerifyKeys(t.Context(), tok, set, algs, nil); !errors.Is(err, jws.ErrNoKey) {
					t.Errorf("jws.VerifyKeys = %v, want ErrNoKey", err)
				}
			})
		}
	}
	t.Run("kty-fit", hKtyFit)
}

// hNoneVerifier is a Verifier that accepts every signature and claims the
// algorithm name; it stands for a misconfigured or hostile plug-in.
type hNoneVerifier struct{ name string }

func (v hNoneVerifier) Algorithm() string                          { return v.name }
func (hNoneVerifier) Verify(context.Context, []byte, []byte) error { return nil }

// hNoneAlg is a SignatureAlgorithm under any name whose verifiers accept
// everything.
type hNoneAlg struct{ name string }

func (a hNoneAlg) Name() string                          { return a.name }
func (a hNoneAlg) NewSigner(any) (jwa.Signer, error)     { return nil, jwa.ErrKeyType }
func (a hNoneAlg) NewVerifier(any) (jwa.Verifier, error) { return hNoneVerifier(a), nil }

// hNoneKD is a KeyDecrypter named "none" in some spelling.
type hNoneKD struct{ name string }

func (k hNoneKD) Algorithm() string { return k.name }
func (hNoneKD) DecryptKey(_ context.Context, _ string, n int, _ []byte, _ *jwa.Params) ([]byte, error) {
	return make([]byte, n), nil
}

// hNoneKM is a KeyManagementAlgorithm named "none" in some spelling.
type hNoneKM struct{ name string }

func (a hNoneKM) Name() string                               { return a.name }
func (a hNoneKM) NewEncrypter(any) (jwa.KeyEncrypter, error) { return nil, jwa.ErrKeyType }
func (a hNoneKM) NewDecrypter(any) (jwa.KeyDecrypter, error) { return hNoneKD(a), nil }

// TestHardeningNone: "alg": "none", in any spelling or case, is never
// accepted by a verifying API, not even when a verifier or an allow-list
// claims that name.
func TestHardeningNone(t *testing.T) {
	secret := hKey(32)
	hs := hVerifier(t, hmac.HS256(), secret)
	set := &jwk.Set{Keys: []*jwk.Key{hJWK(t, secret, nil)}}
	for _, spelling := range []string{"none", "None", "NONE", "nOnE", " none", "none ", "\tNone\n"} {
		header, err := json.Marshal(map[string]string{"alg": spelling, "typ": "JWT"})
		if err != nil {
			t.Fatal(err)
		}
		input := hB64(header) + "." + hB64([]byte(`{"sub":"admin"}`))
		for _, sig := range []string{"", hB64([]byte("x")), hB64(hHMACSHA256(secret, []byte(input)))} {
			tok := []byte(input + "." + sig)
			name := fmt.Sprintf("%q/sig%d", spelling, len(sig))
			t.Run(name, func(t *testing.T) {
				var ae *jws.AlgorithmError
				if _, err := jws.Verify(t.Context(), tok, hs, nil); !errors.As(err, &ae) {
					t.Errorf("jws.Verify(HS256) = %v, want *jws.AlgorithmError", err)
				}
				// A verifier that accepts everything and calls itself by
				// the token's spelling of "none".
				if _, err := jws.Verify(t.Context(), tok, hNoneVerifier{spelling}, nil); !errors.As(err, &ae) {
					t.Errorf("jws.Verify(verifier named %q) = %v, want *jws.AlgorithmError", spelling, err)
				}
				algs := []jwa.SignatureAlgorithm{hmac.HS256(), hNoneAlg{spelling}}
				if _, err := jws.VerifyKeys(t.Context(), tok, set, algs, nil); !errors.As(err, &ae) {
					t.Errorf("jws.VerifyKeys(allow-list with %q) = %v, want *jws.AlgorithmError", spelling, err)
				}
				if _, err := jwt.Verify[struct{}](t.Context(), tok, hNoneVerifier{spelling}, nil); !errors.Is(err, jwa.ErrVerification) {
					t.Errorf("jwt.Verify = %v, want ErrVerification", err)
				}
				if _, err := jwt.VerifyKeys[struct{}](t.Context(), tok, set, algs, nil); !errors.Is(err, jwa.ErrVerification) {
					t.Errorf("jwt.VerifyKeys = %v, want ErrVerification", err)
				}
			})
		}
		// JWE: a key management algorithm named "none" is refused as
		// a configuration error.
		t.Run(fmt.Sprintf("jwe/%q", spelling), func(t *testing.T) {
			tok := []byte(hB64([]byte(`{"alg":"`+strings.TrimSpace(spelling)+`","enc":"A128GCM"}`)) + "..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA")
			opts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()}}
			if _, err := jwe.Decrypt(t.Context(), tok, hNoneKD{spelling}, opts); !errors.Is(err, jwe.ErrInvalidOptions) {
				t.Errorf("jwe.Decrypt(KeyDecrypter %q) = %v, want ErrInvalidOptions", spelling, err)
			}
			opts.KeyManagement = []jwa.KeyManagementAlgorithm{hNoneKM{spelling}}
			if _, err := jwe.DecryptWithKeys(t.Context(), tok, set, opts); !errors.Is(err, jwe.ErrInvalidOptions) {
				t.Errorf("jwe.DecryptWithKeys(allow-list %q) = %v, want ErrInvalidOptions", spelling, err)
			}
		})
	}
	t.Run("register", hNoneRegister)
}

// TestHardeningECDSARange: ECDSA signatures whose r or s is zero or not
// below the group order n never verify (SEC 1, Section 4.1.4; the
// "psychic signatures" class), nor do signatures of the wrong length.
func TestHardeningECDSARange(t *testing.T) {
	for _, c := range []struct {
		alg   jwa.SignatureAlgorithm
		curve elliptic.Curve
	}{
		{jecdsa.ES256(), elliptic.P256()},
		{jecdsa.ES384(), elliptic.P384()},
		{jecdsa.ES512(), elliptic.P521()},
	} {
		key, err := cecdsa.GenerateKey(c.curve, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		header := `{"alg":"` + c.alg.Name() + `"}`
		tok := hSignRaw(t, c.alg, key, header, []byte("payload"))
		v := hVerifier(t, c.alg, &key.PublicKey)
		if _, err := jws.Verify(t.Context(), tok, v, nil); err != nil {
			t.Fatalf("%s: the untampered token does not verify: %v", c.alg.Name(), err)
		}
		good := hSegment(t, tok, 2)
		size := len(good) / 2
		n := c.curve.Params().N
		r, s := new(big.Int).SetBytes(good[:size]), new(big.Int).SetBytes(good[size:])
		pad := func(x *big.Int) []byte {
			if x.Sign() < 0 || (x.BitLen()+7)/8 > size {
				return nil
			}
			return x.FillBytes(make([]byte, size))
		}
		zero, one, nMinus1 := big.NewInt(0), big.NewInt(1), new(big.Int).Sub(n, big.NewInt(1))
		cases := map[string][2]*big.Int{
			"r=0,s=0":   {zero, zero},
			"r=0":       {zero, s},
			"s=0":       {r, zero},
			"r=n":       {n, s},
			"s=n":       {r, n},
			"r=n,s=n":   {n, n},
			"r=s=1":     {one, one},
			"r=s=n-1":   {nMinus1, nMinus1},
			"r+n":       {new(big.Int).Add(r, n), s},
			"s+n":       {r, new(big.Int).Add(s, n)},
			"r=0,s=n-1": {zero, nMinus1},
		}
		for name, rs := range cases {
			t.Run(c.alg.Name()+"/"+name, func(t *testing.T) {
				pr, ps := pad(rs[0]), pad(rs[1])
				if pr == nil || ps == nil {
					// r+n or s+n does not fit in the fixed-size field; it
					// is then a wrong-length signature, checked below.
					return
				}
				bad := hWithSegment(t, tok, 2, append(pr, ps...))
				_, err := jws.Verify(t.Context(), bad, v, nil)
				if !errors.Is(err, jwa.ErrVerification) {
					t.Errorf("jws.Verify = %v, want ErrVerification", err)
				}
				var ae *jws.AlgorithmError
				if errors.As(err, &ae) {
					t.Errorf("jws.Verify = %v, want a signature failure, not an algorithm mismatch", err)
				}
			})
		}
		for _, l := range []int{0, 1, size, 2*size - 1, 2*size + 1, 4 * size} {
			t.Run(fmt.Sprintf("%s/length%d", c.alg.Name(), l), func(t *testing.T) {
				sig := make([]byte, l)
				copy(sig, good)
				if _, err := jws.Verify(t.Context(), hWithSegment(t, tok, 2, sig), v, nil); !errors.Is(err, jwa.ErrVerification) {
					t.Errorf("jws.Verify = %v, want ErrVerification", err)
				}
			})
		}
	}
}

// hX25519LowOrder lists X25519 public values of small order (on the curve
// or its twist, canonical or not): their shared secret with any private
// key is all zeros, so a sender using them learns or fixes the CEK.
var hX25519LowOrder = []string{
	"0000000000000000000000000000000000000000000000000000000000000000", // 0
	"0100000000000000000000000000000000000000000000000000000000000000", // 1
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
	"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p-1
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p
	"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p+1
}

// hEd25519LowOrder lists encodings of Ed25519 points of small order.
var hEd25519LowOrder = []string{
	"0100000000000000000000000000000000000000000000000000000000000000", // identity
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
	"0000000000000000000000000000000000000000000000000000000000000000", // order 4
	"0000000000000000000000000000000000000000000000000000000000000080", // order 4
	"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
	"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
}

// TestHardeningInvalidCurve: an ECDH-ES "epk" that is off the curve, on
// another curve than the recipient's key, the point at infinity, a
// private key, or an X25519 point of small order is refused before key
// agreement; Ed25519 public keys of small order are refused on import.
func TestHardeningInvalidCurve(t *testing.T) {
	ctx := t.Context()
	opts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()}}
	encryptTo := func(t *testing.T, km jwa.KeyManagementAlgorithm, pub any) []byte {
		t.Helper()
		ke, err := km.NewEncrypter(pub)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := jwe.Encrypt(ctx, []byte("secret"), aesgcm.A128GCM(), []jwe.Recipient{{KeyEncrypter: ke}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	withEPK := func(t *testing.T, tok []byte, epk map[string]string) []byte {
		t.Helper()
		h := hHeader(t, tok)
		raw, err := json.Marshal(epk)
		if err != nil {
			t.Fatal(err)
		}
		h["epk"] = raw
		return hWithHeader(t, tok, h)
	}

	t.Run("P-256", func(t *testing.T) {
		priv := hECKey()
		kd, err := jecdh.ECDHESA128KW().NewDecrypter(priv)
		if err != nil {
			t.Fatal(err)
		}
		tok := encryptTo(t, jecdh.ECDHESA128KW(), &priv.PublicKey)
		if _, err := jwe.Decrypt(ctx, tok, kd, opts); err != nil {
			t.Fatalf("the untampered token does not decrypt: %v", err)
		}
		var epk map[string]string
		if err := json.Unmarshal(hHeader(t, tok)["epk"], &epk); err != nil {
			t.Fatal(err)
		}
		offCurve := func(epk map[string]string) map[string]string {
			y, _ := base64.RawURLEncoding.DecodeString(epk["y"])
			y[len(y)-1] ^= 1
			return map[string]string{"kty": "EC", "crv": epk["crv"], "x": epk["x"], "y": hB64(y)}
		}
		other, err := cecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		otherPub := hJWK(t, &other.PublicKey, nil)
		var otherEPK map[string]string
		if data, err := json.Marshal(otherPub); err != nil || json.Unmarshal(data, &otherEPK) != nil {
			t.Fatal("cannot marshal a P-384 key")
		}
		zeros := hB64(make([]byte, 32))
		ephPriv, err := cecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		var withD map[string]string
		if data, err := json.Marshal(hJWK(t, ephPriv, nil)); err != nil || json.Unmarshal(data, &withD) != nil {
			t.Fatal("cannot marshal a P-256 private key")
		}
		cases := []struct {
			name    string
			epk     map[string]string
			invalid bool // refused as an invalid key by jwk
		}{
			{"off-curve", offCurve(epk), true},
			{"infinity", map[string]string{"kty": "EC", "crv": "P-256", "x": zeros, "y": zeros}, true},
			{"other-curve", otherEPK, false},
			{"private", withD, false},
			{"kty-OKP", map[string]string{"kty": "OKP", "crv": "X25519", "x": hB64(make([]byte, 32))}, true},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := jwe.Decrypt(ctx, withEPK(t, tok, c.epk), kd, opts)
				if !errors.Is(err, jwa.ErrInvalidParameter) {
					t.Errorf("jwe.Decrypt = %v, want ErrInvalidParameter", err)
				}
				if c.invalid && !errors.Is(err, jwk.ErrInvalidKey) {
					t.Errorf("jwe.Decrypt = %v, want the \"epk\" refused as jwk.ErrInvalidKey on parsing", err)
				}
			})
		}
	})

	t.Run("X25519", func(t *testing.T) {
		priv, err := ecdh.X25519().GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		for _, km := range []jwa.KeyManagementAlgorithm{jecdh.ECDHES(), jecdh.ECDHESA128KW()} {
			kd, err := km.NewDecrypter(priv)
			if err != nil {
				t.Fatal(err)
			}
			tok := encryptTo(t, km, priv.PublicKey())
			if _, err := jwe.Decrypt(ctx, tok, kd, opts); err != nil {
				t.Fatalf("%s: the untampered token does not decrypt: %v", km.Name(), err)
			}
			for _, lo := range hX25519LowOrder {
				x, _ := hex.DecodeString(lo)
				t.Run(km.Name()+"/"+lo[:8], func(t *testing.T) {
					bad := withEPK(t, tok, map[string]string{"kty": "OKP", "crv": "X25519", "x": hB64(x)})
					_, err := jwe.Decrypt(ctx, bad, kd, opts)
					if !errors.Is(err, jwa.ErrInvalidParameter) || !errors.Is(err, jwk.ErrInvalidKey) {
						t.Errorf("jwe.Decrypt = %v, want ErrInvalidParameter and jwk.ErrInvalidKey", err)
					}
					key := []byte(`{"kty":"OKP","crv":"X25519","x":"` + hB64(x) + `"}`)
					if _, err := jwk.ParseKey(key); !errors.Is(err, jwk.ErrInvalidKey) {
						t.Errorf("jwk.ParseKey = %v, want ErrInvalidKey", err)
					}
				})
			}
		}
	})

	t.Run("Ed25519", func(t *testing.T) {
		for _, lo := range hEd25519LowOrder {
			x, _ := hex.DecodeString(lo)
			t.Run(lo[:8], func(t *testing.T) {
				key := []byte(`{"kty":"OKP","crv":"Ed25519","x":"` + hB64(x) + `"}`)
				if _, err := jwk.ParseKey(key); !errors.Is(err, jwk.ErrInvalidKey) {
					t.Errorf("jwk.ParseKey = %v, want ErrInvalidKey", err)
				}
				if _, err := eddsa.EdDSA().NewVerifier(ed25519.PublicKey(x)); err == nil {
					t.Errorf("EdDSA().NewVerifier accepted a public key of small order")
				}
			})
		}
	})
}

// TestHardeningPBES2Count: the PBES2 iteration count "p2c" is chosen by
// the sender, and each iteration costs the recipient an HMAC. Counts
// above jwa.Limits.MaxPBES2Count (a CPU bomb) and below MinPBES2Count (a
// brute-force invitation) are refused before any PBKDF2 work, as are
// counts that are not JSON integers; encryption refuses counts under the
// floor.
func TestHardeningPBES2Count(t *testing.T) {
	ctx := t.Context()
	pw := []byte("Thus from my lips, by yours, my sin is purged.")
	km := pbes2.PBES2HS256A128KW()
	ke, err := km.NewEncrypter(pw)
	if err != nil {
		t.Fatal(err)
	}
	kd, err := km.NewDecrypter(pw)
	if err != nil {
		t.Fatal(err)
	}
	opts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()}}
	encrypt := func(t *testing.T, count int) []byte {
		t.Helper()
		tok, err := jwe.Encrypt(ctx, []byte("secret"), aesgcm.A128GCM(),
			[]jwe.Recipient{{KeyEncrypter: ke, Params: &jwa.Params{P2C: count}}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	for _, count := range []int{jwa.DefaultMinPBES2Count, jwa.DefaultMaxPBES2Count} {
		if _, err := jwe.Decrypt(ctx, encrypt(t, count), kd, opts); err != nil {
			t.Fatalf("p2c %d: the untampered token does not decrypt: %v", count, err)
		}
	}
	tok := encrypt(t, jwa.DefaultMinPBES2Count)
	for _, c := range []struct {
		p2c  string
		want error
	}{
		{"10001", jwa.ErrLimit},
		{"100000", jwa.ErrLimit},
		{"2147483647", jwa.ErrLimit},
		{"999", jwa.ErrLimit},
		{"1", jwa.ErrLimit},
		{"0", jwa.ErrInvalidParameter},
		{"-1", jwa.ErrInvalidParameter},
		{"9223372036854775808", jwe.ErrMalformed},
		{"1e9", jwe.ErrMalformed},
		{"1000.5", jwe.ErrMalformed},
		{`"1000"`, jwe.ErrMalformed},
		{"null", jwe.ErrMalformed},
		{"[1000]", jwe.ErrMalformed},
	} {
		t.Run("p2c="+c.p2c, func(t *testing.T) {
			h := hHeader(t, tok)
			h["p2c"] = json.RawMessage(c.p2c)
			bad := hWithHeader(t, tok, h)
			// Without the bound, p2c 2147483647 would run PBKDF2 for
			// many minutes: fail fast instead of hanging the suite.
			done := make(chan error, 1)
			go func() { _, err := jwe.Decrypt(ctx, bad, kd, opts); done <- err }()
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatalf("jwe.Decrypt with p2c %s still running after 5s: the count is not bounded before PBKDF2", c.p2c)
			}
			if !errors.Is(err, c.want) {
				t.Errorf("jwe.Decrypt = %v, want %v", err, c.want)
			}
			if errors.Is(err, jwa.ErrDecryption) {
				t.Errorf("jwe.Decrypt = %v: the count reached PBKDF2", err)
			}
		})
	}
	t.Run("caller-limits", func(t *testing.T) {
		tok := encrypt(t, 2000)
		strict := *opts
		strict.Limits = jwa.Limits{MaxPBES2Count: 1500}
		if _, err := jwe.Decrypt(ctx, tok, kd, &strict); !errors.Is(err, jwa.ErrLimit) {
			t.Errorf("jwe.Decrypt with MaxPBES2Count 1500 = %v, want ErrLimit", err)
		}
		raised := *opts
		raised.Limits = jwa.Limits{MaxPBES2Count: 20000}
		if _, err := jwe.Decrypt(ctx, encrypt(t, 20000), kd, &raised); err != nil {
			t.Errorf("jwe.Decrypt of p2c 20000 with MaxPBES2Count 20000 = %v", err)
		}
		if _, err := jwe.Decrypt(ctx, encrypt(t, 20000), kd, opts); !errors.Is(err, jwa.ErrLimit) {
			t.Errorf("jwe.Decrypt of p2c 20000 with default limits = %v, want ErrLimit", err)
		}
	})
	t.Run("salt", func(t *testing.T) {
		for _, n := range []int{0, 7} {
			h := hHeader(t, tok)
			h["p2s"] = json.RawMessage(`"` + hB64(make([]byte, n)) + `"`)
			if _, err := jwe.Decrypt(ctx, hWithHeader(t, tok, h), kd, opts); !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Errorf("p2s of %d bytes: jwe.Decrypt = %v, want ErrInvalidParameter", n, err)
			}
		}
	})
	t.Run("encrypt-floor", func(t *testing.T) {
		for _, count := range []int{1, 999} {
			_, err := jwe.Encrypt(ctx, []byte("secret"), aesgcm.A128GCM(),
				[]jwe.Recipient{{KeyEncrypter: ke, Params: &jwa.Params{P2C: count}}}, nil)
			if !errors.Is(err, jwa.ErrInvalidParameter) {
				t.Errorf("jwe.Encrypt with p2c %d = %v, want ErrInvalidParameter", count, err)
			}
		}
	})
}

// hAlloc returns the bytes allocated on the heap while f runs.
func hAlloc(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// hDir returns "dir" encrypter and decrypter for a fresh key of n bytes.
func hDir(t testing.TB, n int) (jwa.KeyEncrypter, jwa.KeyDecrypter, []byte) {
	t.Helper()
	key := hKey(n)
	ke, err := jwe.Direct().NewEncrypter(key)
	if err != nil {
		t.Fatal(err)
	}
	kd, err := jwe.Direct().NewDecrypter(key)
	if err != nil {
		t.Fatal(err)
	}
	return ke, kd, key
}

// TestHardeningDeflateBomb: "zip": "DEF" content is inflated with a bound
// (jwa.Limits.MaxDecompressedSize) enforced while inflating, so that a
// small token cannot expand into a large allocation; a plaintext at the
// limit still decrypts.
func TestHardeningDeflateBomb(t *testing.T) {
	ctx := t.Context()
	ke, kd, _ := hDir(t, 16)
	opts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()}}
	encrypt := func(t *testing.T, pt []byte) []byte {
		t.Helper()
		tok, err := jwe.Encrypt(ctx, pt, aesgcm.A128GCM(), []jwe.Recipient{{KeyEncrypter: ke}}, &jwe.EncryptOptions{Compress: true})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	limit := jwa.DefaultMaxDecompressedSize
	at := encrypt(t, make([]byte, limit))
	res, err := jwe.Decrypt(ctx, at, kd, opts)
	if err != nil || len(res.Plaintext) != limit {
		t.Fatalf("a plaintext of exactly %d bytes: jwe.Decrypt = %v", limit, err)
	}
	over := encrypt(t, make([]byte, limit+1))
	if _, err := jwe.Decrypt(ctx, over, kd, opts); !errors.Is(err, jwa.ErrDecryption) {
		t.Errorf("a plaintext of %d bytes: jwe.Decrypt = %v, want ErrDecryption", limit+1, err)
	}

	const bombSize = 64 << 20 // 64 MiB of zeros deflate to about 64 KiB
	bomb := encrypt(t, make([]byte, bombSize))
	t.Logf("a %d-byte token inflates to %d bytes", len(bomb), bombSize)
	var derr error
	alloc := hAlloc(func() { _, derr = jwe.Decrypt(ctx, bomb, kd, opts) })
	if !errors.Is(derr, jwa.ErrDecryption) {
		t.Errorf("bomb: jwe.Decrypt = %v, want ErrDecryption", derr)
	}
	// The token, its decoded copy and the inflate buffer (at most
	// limit+1 bytes, grown geometrically: under 2*limit in total) plus the
	// decompressor's state (about 40 KiB).
	bound := uint64(4*len(bomb) + 2*limit + 256<<10)
	if alloc > bound {
		t.Errorf("bomb: jwe.Decrypt allocated %d bytes, want at most %d", alloc, bound)
	}
	// A caller's own, smaller limit.
	small := *opts
	small.Limits = jwa.Limits{MaxDecompressedSize: 1000}
	if _, err := jwe.Decrypt(ctx, encrypt(t, make([]byte, 1001)), kd, &small); !errors.Is(err, jwa.ErrDecryption) {
		t.Errorf("MaxDecompressedSize 1000: jwe.Decrypt of 1001 bytes = %v, want ErrDecryption", err)
	}
}

// TestHardeningOversize: a token over jwa.Limits.MaxTokenSize is refused
// before it is split or decoded (without allocating), and headers, nesting
// depth, signatures and recipients over their limits are refused too.
func TestHardeningOversize(t *testing.T) {
	ctx := t.Context()
	l := jwa.DefaultLimits()
	secret := hKey(32)
	hs := hVerifier(t, hmac.HS256(), secret)
	set := &jwk.Set{Keys: []*jwk.Key{hJWK(t, secret, nil)}}
	_, kd, _ := hDir(t, 16)
	dopts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()},
		KeyManagement: []jwa.KeyManagementAlgorithm{jwe.Direct()}}
	hsAlgs := []jwa.SignatureAlgorithm{hmac.HS256()}

	compact := bytes.Repeat([]byte("A"), l.MaxTokenSize+1)
	compact[10], compact[l.MaxTokenSize/2] = '.', '.'
	compact5 := bytes.Clone(compact)
	compact5[20], compact5[30] = '.', '.'
	jsonTok := append([]byte(`{"payload":"`), bytes.Repeat([]byte("A"), l.MaxTokenSize)...)
	jsonTok = append(jsonTok, `","protected":"eyJhbGciOiJIUzI1NiJ9","signature":""}`...)
	// A parser that splits before checking the size allocates a slice
	// header per dot: for a token of dots, 24 bytes per byte of token.
	dots := bytes.Repeat([]byte("."), l.MaxTokenSize+1)
	dots1 := bytes.Repeat([]byte("A"), l.MaxTokenSize+1)
	dots1[l.MaxTokenSize/2] = '.'
	nodot := bytes.Repeat([]byte("A"), l.MaxTokenSize+1)

	calls := map[string]func(tok []byte) error{
		"jws.Verify":          func(tok []byte) error { _, err := jws.Verify(ctx, tok, hs, nil); return err },
		"jws.VerifyKeys":      func(tok []byte) error { _, err := jws.VerifyKeys(ctx, tok, set, hsAlgs, nil); return err },
		"jws.Parse":           func(tok []byte) error { _, err := jws.Parse(tok, nil); return err },
		"jwe.Decrypt":         func(tok []byte) error { _, err := jwe.Decrypt(ctx, tok, kd, dopts); return err },
		"jwe.DecryptWithKeys": func(tok []byte) error { _, err := jwe.DecryptWithKeys(ctx, tok, set, dopts); return err },
		"jwe.Parse":           func(tok []byte) error { _, err := jwe.Parse(tok, jwa.Limits{}, nil); return err },
		"jwt.Verify":          func(tok []byte) error { _, err := jwt.Verify[struct{}](ctx, tok, hs, nil); return err },
		"jwt.Decrypt": func(tok []byte) error {
			_, err := jwt.Decrypt[struct{}](ctx, tok, kd, &jwt.Options{JWE: *dopts})
			return err
		},
		"jwt.InsecureUnsecured": func(tok []byte) error { _, err := jwt.InsecureParseUnsecured[struct{}](tok, nil); return err },
	}
	for name, call := range calls {
		for tname, tok := range map[string][]byte{"compact3": compact, "compact5": compact5, "json": jsonTok,
			"dots": dots, "dots1": dots1, "nodot": nodot} {
			t.Run(name+"/"+tname, func(t *testing.T) {
				err := call(tok)
				// jwt refuses a JSON serialization by its first byte,
				// which is as cheap as the size check.
				jsonJWT := tname == "json" && strings.HasPrefix(name, "jwt.")
				if !errors.Is(err, jwa.ErrLimit) && !(jsonJWT && errors.Is(err, jwt.ErrMalformed)) {
					t.Fatalf("%s = %v, want ErrLimit", name, err)
				}
				// Refusing costs at most a constant (formatting the
				// error): no copy, split or decode of the token.
				if n := testing.AllocsPerRun(5, func() { call(tok) }); n > 16 {
					t.Errorf("%s allocated %v times for an oversized token, want at most 16", name, n)
				}
				const runs = 20
				if a := hAlloc(func() {
					for range runs {
						call(tok)
					}
				}) / runs; a > 4096 {
					t.Errorf("%s allocated %d bytes for an oversized token, want at most 4096", name, a)
				}
			})
		}
	}
	t.Run("jwk.ParseSet", func(t *testing.T) {
		data := append([]byte(`{"keys":[],"x":"`), bytes.Repeat([]byte("A"), l.MaxTokenSize)...)
		data = append(data, `"}`...)
		if _, err := jwk.ParseSet(data); !errors.Is(err, jwa.ErrLimit) {
			t.Errorf("jwk.ParseSet = %v, want ErrLimit", err)
		}
		// Averaged over several calls: one call's figure also counts
		// whatever the runtime allocated meanwhile.
		const runs = 20
		if a := hAlloc(func() {
			for range runs {
				jwk.ParseSet(data)
			}
		}) / runs; a > 4096 {
			t.Errorf("jwk.ParseSet allocated %d bytes for an oversized set, want at most 4096", a)
		}
	})
	t.Run("at-limit", func(t *testing.T) { hAtLimit(t, secret, hs) })
	t.Run("jwk.ParseKey", func(t *testing.T) {
		data := append([]byte(`{"kty":"oct","k":"`), bytes.Repeat([]byte("A"), l.MaxHeaderSize)...)
		data = append(data, `"}`...)
		if _, err := jwk.ParseKey(data); !errors.Is(err, jwa.ErrLimit) {
			t.Errorf("jwk.ParseKey of %d bytes = %v, want ErrLimit", len(data), err)
		}
	})
	t.Run("caller-limit", func(t *testing.T) {
		tok := hSignRaw(t, hmac.HS256(), secret, `{"alg":"HS256"}`, []byte("payload"))
		if _, err := jws.Verify(ctx, tok, hs, &jws.VerifyOptions{Limits: jwa.Limits{MaxTokenSize: len(tok)}}); err != nil {
			t.Errorf("a token of exactly MaxTokenSize: %v", err)
		}
		if _, err := jws.Verify(ctx, tok, hs, &jws.VerifyOptions{Limits: jwa.Limits{MaxTokenSize: len(tok) - 1}}); !errors.Is(err, jwa.ErrLimit) {
			t.Errorf("a token one byte over MaxTokenSize: %v, want ErrLimit", err)
		}
	})
	t.Run("header", func(t *testing.T) {
		pad := strings.Repeat("x", l.MaxHeaderSize)
		tok := hSignRaw(t, hmac.HS256(), secret, `{"alg":"HS256","pad":"`+pad+`"}`, []byte("payload"))
		if _, err := jws.Verify(ctx, tok, hs, nil); !errors.Is(err, jwa.ErrLimit) {
			t.Errorf("JWS header over %d bytes: %v, want ErrLimit", l.MaxHeaderSize, err)
		}
		jweTok := []byte(hB64([]byte(`{"alg":"dir","enc":"A128GCM","pad":"`+pad+`"}`)) + "..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA")
		if _, err := jwe.Decrypt(ctx, jweTok, kd, dopts); !errors.Is(err, jwa.ErrLimit) {
			t.Errorf("JWE header over %d bytes: %v, want ErrLimit", l.MaxHeaderSize, err)
		}
	})
	t.Run("depth", func(t *testing.T) {
		deep := strings.Repeat("[", l.MaxDepth+1) + strings.Repeat("]", l.MaxDepth+1)
		tok := hSignRaw(t, hmac.HS256(), secret, `{"alg":"HS256","x":`+deep+`}`, []byte("payload"))
		if _, err := jws.Verify(ctx, tok, hs, nil); err == nil || errors.Is(err, jwa.ErrVerification) {
			t.Errorf("JWS header nested %d deep: %v, want a parse error", l.MaxDepth+1, err)
		}
		jweTok := []byte(hB64([]byte(`{"alg":"dir","enc":"A128GCM","x":`+deep+`}`)) + "..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA")
		if _, err := jwe.Decrypt(ctx, jweTok, kd, dopts); err == nil || errors.Is(err, jwa.ErrDecryption) {
			t.Errorf("JWE header nested %d deep: %v, want a parse error", l.MaxDepth+1, err)
		}
		claims := []byte(`{"x":` + deep + `}`)
		tok = hSignRaw(t, hmac.HS256(), secret, `{"alg":"HS256"}`, claims)
		if _, err := jwt.Verify[struct{}](ctx, tok, hs, nil); !errors.Is(err, jwt.ErrMalformed) {
			t.Errorf("JWT claims nested %d deep: %v, want ErrMalformed", l.MaxDepth+1, err)
		}
	})
	t.Run("signatures", func(t *testing.T) {
		signers := make([]jws.Signer, l.MaxSignatures+1)
		for i := range signers {
			s, err := hmac.HS256().NewSigner(secret)
			if err != nil {
				t.Fatal(err)
			}
			signers[i] = jws.Signer{Signer: s, Header: jws.Header{KeyID: fmt.Sprint(i)}}
		}
		tok, err := jws.SignGeneral(ctx, []byte("payload"), signers, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := jws.Verify(ctx, tok, hs, nil); !errors.Is(err, jwa.ErrLimit) {
			t.Errorf("%d signatures: %v, want ErrLimit", len(signers), err)
		}
		tok, err = jws.SignGeneral(ctx, []byte("payload"), signers[:l.MaxSignatures], nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := jws.Verify(ctx, tok, hs, &jws.VerifyOptions{RequireAll: true}); err != nil {
			t.Errorf("%d signatures: %v", l.MaxSignatures, err)
		}
	})
	t.Run("recipients", func(t *testing.T) {
		kek := hKey(16)
		ke, err := aeskw.A128KW().NewEncrypter(kek)
		if err != nil {
			t.Fatal(err)
		}
		rs := make([]jwe.Recipient, l.MaxRecipients+1)
		for i := range rs {
			rs[i] = jwe.Recipient{KeyEncrypter: ke, KeyID: fmt.Sprint(i)}
		}
		tok, err := jwe.Encrypt(ctx, []byte("secret"), aesgcm.A128GCM(), rs, &jwe.EncryptOptions{Serialization: jwe.GeneralJSON})
		if err != nil {
			t.Fatal(err)
		}
		kwd, err := aeskw.A128KW().NewDecrypter(kek)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := jwe.Decrypt(ctx, tok, kwd, dopts); !errors.Is(err, jwa.ErrLimit) {
			t.Errorf("%d recipients: %v, want ErrLimit", len(rs), err)
		}
	})
}
