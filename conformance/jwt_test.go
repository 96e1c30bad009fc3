package conformance_test

// JWT vectors (RFC 7519 Sections 3.1 and 6.1 and Appendices A.1 and A.2)
// run through core/jwt with this project's algorithm modules, plus the
// package's runnable examples with real algorithms. Every identifier here
// starts with "jwt" (or "Example_jwt") so that the JWS and JWE tests beside
// this file cannot collide with it.

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/joseframework/jose/algs/aescbc"
	"github.com/joseframework/jose/algs/aeskw"
	josecdsa "github.com/joseframework/jose/algs/ecdsa"
	"github.com/joseframework/jose/algs/hmac"
	josersa "github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/algs/rsa/rsa15"
	"github.com/joseframework/jose/conformance"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
)

// jwtSkips lists every (vector, test) pair of a JWT vector that this file
// does not run, and why. A pair neither run nor listed fails
// TestJWTVectors, and so does a listed pair that no vector has.
var jwtSkips = map[string]string{}

// A jwtVector is one vector of rfcs/rfc7519.json.
type jwtVector struct {
	ID       string
	Category string
	Tests    []string
	Errata   string
	Key      json.RawMessage
	Keys     map[string]json.RawMessage
	Input    map[string]any
	Expected map[string]any
}

// jwtIsRoot holds the one claim of the RFC 7519 examples that is not
// registered.
type jwtIsRoot struct {
	IsRoot bool `json:"http://example.com/is_root"`
}

// jwtBeforeExp is a clock at the last second before the examples' exp.
func jwtBeforeExp() time.Time { return time.Unix(1300819379, 0) }

func jwtOpts() *jwt.Options { return &jwt.Options{Now: jwtBeforeExp} }

func jwtKey(t testing.TB, raw json.RawMessage) *jwk.Key {
	t.Helper()
	k, err := jwk.ParseKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestJWTVectors(t *testing.T) {
	data, err := fs.ReadFile(conformance.Vectors(), "rfcs/rfc7519.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Vectors []jwtVector }
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	ran := 0
	for _, v := range f.Vectors {
		if v.Category != "jwt" {
			t.Errorf("%s: category %q in the JWT file", v.ID, v.Category)
			continue
		}
		for _, test := range v.Tests {
			name := v.ID + "/" + test
			seen[name] = true
			if _, skip := jwtSkips[name]; skip {
				continue
			}
			ran++
			t.Run(name, func(t *testing.T) { jwtRun(t, v, test) })
		}
	}
	if ran < 10 {
		t.Fatalf("only %d JWT vector tests ran", ran)
	}
	for name := range jwtSkips {
		if !seen[name] {
			t.Errorf("jwtSkips lists %s, which no vector has", name)
		}
	}
}

func jwtRun(t *testing.T, v jwtVector, test string) {
	ctx := t.Context()
	compact := []byte(v.Expected["compact"].(string))
	switch v.ID + "/" + test {
	case "RFC7519-3.1/verify":
		hs := jwtHS256(t, v)
		tok, err := jwt.Verify[jwtIsRoot](ctx, compact, hs, jwtOpts())
		if err != nil {
			t.Fatal(err)
		}
		if got := tok.Signature().Type(); got != "JWT" {
			t.Errorf("typ %q", got)
		}
		if string(tok.Payload()) != v.Input["payload"].(string) {
			t.Errorf("payload %q", tok.Payload())
		}
		jwtCheckExpired(t, func(o *jwt.Options) error {
			_, err := jwt.Verify[jwtIsRoot](ctx, compact, hs, o)
			return err
		})
		jwtCheckTampered(t, compact, func(tok []byte) error {
			_, err := jwt.Verify[jwtIsRoot](ctx, tok, hs, nil) // expired too
			return err
		}, jwa.ErrVerification)

	case "RFC7519-3.1/sign":
		// jwt.Sign writes its own header and claims bytes (the RFC's have
		// CR LF and another member order), so the published token cannot
		// be reproduced; the claims must survive a sign and verify with
		// the vector's key and algorithm.
		hs := jwtHS256(t, v)
		signer, err := hmac.HS256().NewSigner(jwtKey(t, v.Key).Key())
		if err != nil {
			t.Fatal(err)
		}
		c, custom := jwtExpectedClaims(t, v)
		s, err := jwt.Sign(ctx, c, custom, signer, &jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{Type: "JWT"}}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(s, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.") { // {"alg":"HS256","typ":"JWT"}
			t.Errorf("header of %s", s)
		}
		tok, err := jwt.Verify[jwtIsRoot](ctx, []byte(s), hs, jwtOpts())
		if err != nil {
			t.Fatal(err)
		}
		jwtCompareClaims(t, v, tok)

	case "RFC7519-3.1/parse-claims":
		tok, err := jwt.Verify[jwtIsRoot](ctx, compact, jwtHS256(t, v), jwtOpts())
		if err != nil {
			t.Fatal(err)
		}
		jwtCompareClaims(t, v, tok)

	case "RFC7519-6.1/serialize":
		c, custom := jwtExpectedClaims(t, v)
		s, err := jwt.InsecureMakeUnsecured(c, custom, nil)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(s, ".")
		if len(parts) != 3 || parts[0] != v.Input["protected_header_b64u"] || parts[2] != "" {
			t.Fatalf("token %s: want header %s and an empty signature", s, v.Input["protected_header_b64u"])
		}
		payload, err := base64.RawURLEncoding.Strict().DecodeString(parts[1])
		if err != nil {
			t.Fatal(err)
		}
		var got, want map[string]any
		if err := json.Unmarshal(payload, &got); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(v.Input["payload"].(string)), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("claims %v, want %v", got, want)
		}

	case "RFC7519-6.1/parse":
		tok, err := jwt.InsecureParseUnsecured[jwtIsRoot](compact, jwtOpts())
		if err != nil {
			t.Fatal(err)
		}
		if tok.Signature() != nil || tok.Encryption() != nil {
			t.Error("an unsecured token has a signature or an encryption")
		}
		jwtCompareClaims(t, v, tok)
		jwtCheckExpired(t, func(o *jwt.Options) error {
			_, err := jwt.InsecureParseUnsecured[jwtIsRoot](compact, o)
			return err
		})

	case "RFC7519-6.1/reject-unless-none-allowed":
		// No verification path accepts "none", whatever the key.
		hsKey := make([]byte, 32)
		hs, err := hmac.HS256().NewVerifier(hsKey)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := jwt.Verify[jwtIsRoot](ctx, compact, hs, jwtOpts()); !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("Verify: err = %v, want ErrVerification", err)
		}
		set := &jwk.Set{Keys: []*jwk.Key{jwtMustNew(t, hsKey)}}
		var all []jwa.SignatureAlgorithm
		for _, name := range jwa.SignatureNames() {
			a, _ := jwa.LookupSignature(name)
			all = append(all, a)
		}
		if _, err := jwt.VerifyKeys[jwtIsRoot](ctx, compact, set, all, jwtOpts()); !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("VerifyKeys with every algorithm: err = %v, want ErrVerification", err)
		}
		// Nor does the unsecured API take a signed token.
		signed := []byte(jwtVectorByID(t, "RFC7519-3.1").Expected["compact"].(string))
		if _, err := jwt.InsecureParseUnsecured[jwtIsRoot](signed, jwtOpts()); !errors.Is(err, jwt.ErrUnsecured) {
			t.Errorf("InsecureParseUnsecured(signed): err = %v, want ErrUnsecured", err)
		}

	case "RFC7519-A.1/decrypt", "RFC7519-A.1/parse-claims":
		kd := jwtRSA15(t, v.Key)
		opts := jwtOpts()
		opts.JWE.ContentEncryption = []jwa.ContentEncryptionAlgorithm{aescbc.A128CBCHS256()}
		tok, err := jwt.Decrypt[jwtIsRoot](ctx, compact, kd, opts)
		if err != nil {
			t.Fatal(err)
		}
		if string(tok.Payload()) != v.Expected["plaintext"].(string) {
			t.Errorf("plaintext %q", tok.Payload())
		}
		jwtCompareClaims(t, v, tok)
		if test == "decrypt" {
			jwtCheckExpired(t, func(o *jwt.Options) error {
				o.JWE = opts.JWE
				_, err := jwt.Decrypt[jwtIsRoot](ctx, compact, kd, o)
				return err
			})
			jwtCheckTampered(t, compact, func(tok []byte) error {
				_, err := jwt.Decrypt[jwtIsRoot](ctx, tok, kd, &jwt.Options{JWE: opts.JWE})
				return err
			}, jwa.ErrDecryption)
			// The enc allow-list is enforced.
			other := jwtOpts()
			other.JWE.ContentEncryption = []jwa.ContentEncryptionAlgorithm{aescbc.A256CBCHS512()}
			if _, err := jwt.Decrypt[jwtIsRoot](ctx, compact, kd, other); !errors.Is(err, jwa.ErrDecryption) {
				t.Errorf("enc not allowed: err = %v", err)
			}
			// An encrypted JWT is not a nested one.
			if _, err := jwt.DecryptVerify[jwtIsRoot](ctx, compact, kd, jwtHS256(t, jwtVectorByID(t, "RFC7519-3.1")), opts); !errors.Is(err, jwt.ErrNesting) {
				t.Errorf("DecryptVerify(A.1): err = %v, want ErrNesting", err)
			}
		}

	case "RFC7519-A.2/decrypt", "RFC7519-A.2/verify-inner-jws", "RFC7519-A.2/parse-claims":
		kd := jwtRSA15(t, v.Keys["decryption"])
		pub, err := jwtKey(t, v.Keys["inner_jws_verification"]).Public()
		if err != nil {
			t.Fatal(err)
		}
		rs, err := josersa.RS256().NewVerifier(pub.Key())
		if err != nil {
			t.Fatal(err)
		}
		opts := jwtOpts()
		opts.JWE.ContentEncryption = []jwa.ContentEncryptionAlgorithm{aescbc.A128CBCHS256()}
		tok, err := jwt.DecryptVerify[jwtIsRoot](ctx, compact, kd, rs, opts)
		if err != nil {
			t.Fatal(err)
		}
		jwtCompareClaims(t, v, tok)
		switch test {
		case "decrypt":
			if h := tok.Encryption(); h.ContentType != "JWT" || h.Algorithm != "RSA1_5" || h.Encryption != "A128CBC-HS256" {
				t.Errorf("outer header %+v", h)
			}
			// The erratum: the CEK printed in the RFC has the wrong size
			// for A128CBC-HS256; the recovered one has the right size.
			if v.Errata == "" {
				t.Error("the vector lost its errata field")
			}
			size := aescbc.A128CBCHS256().KeySize()
			printed, _ := base64.RawURLEncoding.DecodeString(v.Input["cek_as_printed_in_rfc_b64u"].(string))
			recovered, _ := base64.RawURLEncoding.DecodeString(v.Input["cek_recovered_b64u"].(string))
			if len(printed) == size || len(recovered) != size {
				t.Errorf("printed CEK %d bytes, recovered %d, enc key size %d", len(printed), len(recovered), size)
			}
			if _, err := aescbc.A128CBCHS256().NewAEAD(printed); !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("printed CEK accepted: %v", err)
			}
			jwtCheckTampered(t, compact, func(tok []byte) error {
				_, err := jwt.DecryptVerify[jwtIsRoot](ctx, tok, kd, rs, &jwt.Options{JWE: opts.JWE})
				return err
			}, jwa.ErrDecryption)
		case "verify-inner-jws":
			inner := v.Expected["inner_jws"].(string)
			if got := tok.Signature(); got.Algorithm() != "RS256" || got.RawProtected() != strings.Split(inner, ".")[0] {
				t.Errorf("inner signature %v", got)
			}
			// The wrong inner key fails the signature, not the claims,
			// even though the token is expired by the real clock.
			wrong, err := josersa.RS256().NewVerifier(jwtRSAPublic(t, v.Keys["decryption"]))
			if err != nil {
				t.Fatal(err)
			}
			_, err = jwt.DecryptVerify[jwtIsRoot](ctx, compact, kd, wrong, &jwt.Options{JWE: opts.JWE})
			if !errors.Is(err, jwa.ErrVerification) || errors.Is(err, jwt.ErrValidation) {
				t.Errorf("wrong inner key: err = %v, want ErrVerification only", err)
			}
			// The inner JWS is itself a valid signed JWT.
			if _, err := jwt.Verify[jwtIsRoot](ctx, []byte(inner), rs, jwtOpts()); err != nil {
				t.Errorf("inner JWS as a JWT: %v", err)
			}
			// Decrypt alone refuses a nested JWT: its signature would go
			// unchecked.
			if _, err := jwt.Decrypt[jwtIsRoot](ctx, compact, kd, opts); !errors.Is(err, jwt.ErrNesting) {
				t.Errorf("Decrypt(nested): err = %v, want ErrNesting", err)
			}
		}

	default:
		t.Fatalf("no test for %s/%s: run it or list it in jwtSkips", v.ID, test)
	}
}

func jwtVectorByID(t testing.TB, id string) jwtVector {
	t.Helper()
	data, err := fs.ReadFile(conformance.Vectors(), "rfcs/rfc7519.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Vectors []jwtVector }
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	for _, v := range f.Vectors {
		if v.ID == id {
			return v
		}
	}
	t.Fatalf("no vector %s", id)
	return jwtVector{}
}

func jwtHS256(t testing.TB, v jwtVector) jwa.Verifier {
	t.Helper()
	hs, err := hmac.HS256().NewVerifier(jwtKey(t, v.Key).Key())
	if err != nil {
		t.Fatal(err)
	}
	return hs
}

func jwtMustNew(t testing.TB, key any) *jwk.Key {
	t.Helper()
	k, err := jwk.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func jwtRSA15(t testing.TB, raw json.RawMessage) jwa.KeyDecrypter {
	t.Helper()
	kd, err := rsa15.RSA15().NewDecrypter(jwtKey(t, raw).Key())
	if err != nil {
		t.Fatal(err)
	}
	return kd
}

func jwtRSAPublic(t testing.TB, raw json.RawMessage) any {
	t.Helper()
	pub, err := jwtKey(t, raw).Public()
	if err != nil {
		t.Fatal(err)
	}
	return pub.Key()
}

// jwtExpectedClaims returns the vector's expected claims as the arguments
// of jwt.Sign.
func jwtExpectedClaims(t testing.TB, v jwtVector) (*jwt.Claims, jwtIsRoot) {
	t.Helper()
	m := v.Expected["claims"].(map[string]any)
	if len(m) != 3 {
		t.Fatalf("claims %v: this test knows iss, exp and is_root", m)
	}
	exp, err := jwt.NewNumericDate(time.Unix(int64(m["exp"].(float64)), 0))
	if err != nil {
		t.Fatal(err)
	}
	return &jwt.Claims{Issuer: m["iss"].(string), Expiry: &exp}, jwtIsRoot{IsRoot: m["http://example.com/is_root"].(bool)}
}

// jwtCompareClaims compares a token's claims with the vector's expected
// claims, member by member.
func jwtCompareClaims(t testing.TB, v jwtVector, tok *jwt.Token[jwtIsRoot]) {
	t.Helper()
	want := v.Expected["claims"].(map[string]any)
	if len(want) == 0 {
		t.Fatal("no expected claims")
	}
	got := map[string]any{}
	for _, name := range tok.Names() {
		raw, _ := tok.Get(name)
		var x any
		if err := json.Unmarshal(raw, &x); err != nil {
			t.Fatal(err)
		}
		got[name] = x
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("claims %v, want %v", got, want)
	}
	if tok.Claims.Issuer != want["iss"] || tok.Claims.Expiry == nil ||
		float64(tok.Claims.Expiry.Time().Unix()) != want["exp"] || tok.Custom.IsRoot != want["http://example.com/is_root"] {
		t.Errorf("decoded claims %+v %+v", tok.Claims, tok.Custom)
	}
}

// jwtCheckExpired checks that the token expires exactly at its exp, and
// is expired by the real clock.
func jwtCheckExpired(t testing.TB, run func(*jwt.Options) error) {
	t.Helper()
	at := func(sec int64) *jwt.Options {
		return &jwt.Options{Now: func() time.Time { return time.Unix(sec, 0) }}
	}
	if err := run(at(1300819379)); err != nil {
		t.Errorf("one second before exp: %v", err)
	}
	if err := run(at(1300819380)); !errors.Is(err, jwt.ErrExpired) {
		t.Errorf("at exp: err = %v, want ErrExpired", err)
	}
	if err := run(&jwt.Options{}); !errors.Is(err, jwt.ErrExpired) {
		t.Errorf("now: err = %v, want ErrExpired", err)
	}
	if err := run(&jwt.Options{Now: func() time.Time { return time.Unix(1300819380, 0) }, Leeway: time.Second}); err != nil {
		t.Errorf("at exp with a second of leeway: %v", err)
	}
}

// jwtCheckTampered changes one bit in each segment of a compact token
// and checks that run fails with want and with no claim error, although
// the token is also expired by the real clock.
func jwtCheckTampered(t testing.TB, compact []byte, run func([]byte) error, want error) {
	t.Helper()
	parts := strings.Split(string(compact), ".")
	for i := range parts {
		if parts[i] == "" {
			continue
		}
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)-1] ^= 0x01
		p := append([]string(nil), parts...)
		p[i] = base64.RawURLEncoding.EncodeToString(b)
		err = run([]byte(strings.Join(p, ".")))
		if err == nil || errors.Is(err, jwt.ErrValidation) {
			t.Errorf("segment %d changed: err = %v", i, err)
		}
		// A changed header may make the token malformed; any other change
		// must fail the cryptography.
		if i > 0 && !errors.Is(err, want) {
			t.Errorf("segment %d changed: err = %v, want %v", i, err, want)
		}
	}
}

// An access token (RFC 9068) issued and verified with ES256, explicitly
// typed "at+jwt".
func Example_jwtAccessToken() {
	ctx := context.Background()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		log.Fatal(err)
	}
	signer, err := josecdsa.ES256().NewSigner(priv)
	if err != nil {
		log.Fatal(err)
	}
	verifier, err := josecdsa.ES256().NewVerifier(&priv.PublicKey)
	if err != nil {
		log.Fatal(err)
	}

	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	iat, _ := jwt.NewNumericDate(now)
	exp, _ := jwt.NewNumericDate(now.Add(5 * time.Minute))
	type access struct {
		ClientID string `json:"client_id"`
		Scope    string `json:"scope"`
	}
	token, err := jwt.Sign(ctx, &jwt.Claims{
		Issuer:   "https://as.example",
		Subject:  "5ba552d67",
		Audience: jwt.Audience{"https://rs.example"},
		IssuedAt: &iat,
		Expiry:   &exp,
		ID:       "dbe39bf3a3ba4238a513f51d6e1691c4",
	}, access{ClientID: "s6BhdRkqt3", Scope: "openid profile"}, signer, &jwt.SignOptions{
		JWS:            jws.SignOptions{Header: jws.Header{Type: "at+jwt", KeyID: "as-2030"}},
		SingleAudience: true,
	})
	if err != nil {
		log.Fatal(err)
	}

	t, err := jwt.Verify[access](ctx, []byte(token), verifier, &jwt.Options{
		Issuer:   "https://as.example",
		Audience: []string{"https://rs.example"},
		Type:     "at+jwt",
		Required: []string{"exp", "iat", "jti", "client_id"},
		Now:      func() time.Time { return now.Add(time.Minute) },
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Signature().Algorithm(), t.Signature().Type(), t.Signature().KeyID())
	fmt.Println(t.Claims.Subject, t.Custom.ClientID, t.Custom.Scope)

	// A token of another type is refused, even with a valid signature.
	idToken, _ := jwt.Sign(ctx, &jwt.Claims{Issuer: "https://as.example", Audience: jwt.Audience{"https://rs.example"}}, nil, signer, nil)
	_, err = jwt.Verify[access](ctx, []byte(idToken), verifier, &jwt.Options{
		Issuer: "https://as.example", Audience: []string{"https://rs.example"}, Type: "at+jwt",
	})
	fmt.Println(err)
	// Output:
	// ES256 at+jwt as-2030
	// 5ba552d67 s6BhdRkqt3 openid profile
	// jwt: wrong token type: jwt: validation failed: "", want "at+jwt"
}

// A nested JWT: signed by the issuer with ES256, then encrypted to the
// recipient with A256KW and A128CBC-HS256, and read back in one call with
// a key and a policy for each layer.
func Example_jwtNested() {
	ctx := context.Background()
	issuerKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	signer, _ := josecdsa.ES256().NewSigner(issuerKey)
	verifier, _ := josecdsa.ES256().NewVerifier(&issuerKey.PublicKey)

	kek := make([]byte, 32) // the recipient's key-wrapping key
	rand.Read(kek)
	ke, err := aeskw.A256KW().NewEncrypter(kek)
	if err != nil {
		log.Fatal(err)
	}
	kd, err := aeskw.A256KW().NewDecrypter(kek)
	if err != nil {
		log.Fatal(err)
	}

	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	exp, _ := jwt.NewNumericDate(now.Add(time.Hour))
	token, err := jwt.SignEncrypt(ctx, &jwt.Claims{Issuer: "https://issuer.example", Subject: "alice", Expiry: &exp},
		map[string]string{"email": "alice@example.com"}, signer,
		aescbc.A128CBCHS256(), jwe.Recipient{KeyEncrypter: ke, KeyID: "rcpt-1"}, nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Count(token, "."), "dots: a compact JWE")

	t, err := jwt.DecryptVerify[map[string]any](ctx, []byte(token), kd, verifier, &jwt.Options{
		Issuer: "https://issuer.example",
		Now:    func() time.Time { return now },
		JWE:    jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aescbc.A128CBCHS256()}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Encryption().Algorithm, t.Encryption().Encryption, t.Encryption().ContentType)
	fmt.Println(t.Signature().Algorithm(), t.Claims.Subject, t.Custom["email"])
	// Output:
	// 4 dots: a compact JWE
	// A256KW A128CBC-HS256 JWT
	// ES256 alice alice@example.com
}
