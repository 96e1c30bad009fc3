package bench

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"math/big"
	"testing"
	"time"

	gojose "github.com/go-jose/go-jose/v4"
	gojosejwt "github.com/go-jose/go-jose/v4/jwt"
	golangjwt "github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
	joseecdsa "github.com/joseframework/jose/algs/ecdsa"
	joseeddsa "github.com/joseframework/jose/algs/eddsa"
	josehmac "github.com/joseframework/jose/algs/hmac"
	josersa "github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
	jwxjwa "github.com/lestrrat-go/jwx/v3/jwa"
	jwxjwt "github.com/lestrrat-go/jwx/v3/jwt"
)

// A sigAlg is a JWS algorithm as each contender names it, with the keys
// every contender uses and the floor's raw sign and verify.
type sigAlg struct {
	name               string
	signKey, verifyKey any
	jose               jwa.SignatureAlgorithm
	golangJWT          golangjwt.SigningMethod
	goJOSE             gojose.SignatureAlgorithm
	jwx                jwxjwa.SignatureAlgorithm
	sign               func(signingInput []byte) ([]byte, error)
	verify             func(signingInput, sig []byte) error
}

var pss = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: crypto.SHA256}

var (
	hs256 = &sigAlg{
		name: "HS256", signKey: hmacKey, verifyKey: hmacKey,
		jose: josehmac.HS256(), golangJWT: golangjwt.SigningMethodHS256, goJOSE: gojose.HS256, jwx: jwxjwa.HS256(),
		sign: func(in []byte) ([]byte, error) {
			m := hmac.New(sha256.New, hmacKey)
			m.Write(in)
			return m.Sum(nil), nil
		},
		verify: func(in, sig []byte) error {
			m := hmac.New(sha256.New, hmacKey)
			m.Write(in)
			if !hmac.Equal(m.Sum(nil), sig) {
				return errFloor
			}
			return nil
		},
	}
	rs256 = &sigAlg{
		name: "RS256", signKey: rsaKey, verifyKey: &rsaKey.PublicKey,
		jose: josersa.RS256(), golangJWT: golangjwt.SigningMethodRS256, goJOSE: gojose.RS256, jwx: jwxjwa.RS256(),
		sign: func(in []byte) ([]byte, error) {
			h := sha256.Sum256(in)
			return rsa.SignPKCS1v15(nil, rsaKey, crypto.SHA256, h[:])
		},
		verify: func(in, sig []byte) error {
			h := sha256.Sum256(in)
			return rsa.VerifyPKCS1v15(&rsaKey.PublicKey, crypto.SHA256, h[:], sig)
		},
	}
	ps256 = &sigAlg{
		name: "PS256", signKey: rsaKey, verifyKey: &rsaKey.PublicKey,
		jose: josersa.PS256(), golangJWT: golangjwt.SigningMethodPS256, goJOSE: gojose.PS256, jwx: jwxjwa.PS256(),
		sign: func(in []byte) ([]byte, error) {
			h := sha256.Sum256(in)
			return rsa.SignPSS(rand.Reader, rsaKey, crypto.SHA256, h[:], pss)
		},
		verify: func(in, sig []byte) error {
			h := sha256.Sum256(in)
			return rsa.VerifyPSS(&rsaKey.PublicKey, crypto.SHA256, h[:], sig, pss)
		},
	}
	es256 = &sigAlg{
		name: "ES256", signKey: ecKey, verifyKey: &ecKey.PublicKey,
		jose: joseecdsa.ES256(), golangJWT: golangjwt.SigningMethodES256, goJOSE: gojose.ES256, jwx: jwxjwa.ES256(),
		sign: func(in []byte) ([]byte, error) {
			h := sha256.Sum256(in)
			r, s, err := ecdsa.Sign(rand.Reader, ecKey, h[:])
			if err != nil {
				return nil, err
			}
			sig := make([]byte, 64)
			r.FillBytes(sig[:32])
			s.FillBytes(sig[32:])
			return sig, nil
		},
		verify: func(in, sig []byte) error {
			if len(sig) != 64 {
				return errFloor
			}
			h := sha256.Sum256(in)
			r := new(big.Int).SetBytes(sig[:32])
			s := new(big.Int).SetBytes(sig[32:])
			if !ecdsa.Verify(&ecKey.PublicKey, h[:], r, s) {
				return errFloor
			}
			return nil
		},
	}
	eddsa = &sigAlg{
		name: "EdDSA", signKey: edKey, verifyKey: edKey.Public(),
		jose: joseeddsa.EdDSA(), golangJWT: golangjwt.SigningMethodEdDSA, goJOSE: gojose.EdDSA, jwx: jwxjwa.EdDSA(),
		sign: func(in []byte) ([]byte, error) { return ed25519.Sign(edKey, in), nil },
		verify: func(in, sig []byte) error {
			if !ed25519.Verify(edKey.Public().(ed25519.PublicKey), in, sig) {
				return errFloor
			}
			return nil
		},
	}
)

func jwtWorkloads() []workload {
	var ws []workload
	for _, w := range []struct {
		a            *sigAlg
		sign, verify bool
	}{
		{hs256, true, true},
		{rs256, true, true},
		{ps256, false, true},
		{es256, true, true},
		{eddsa, true, true},
	} {
		if w.sign {
			ws = append(ws, workload{name: w.a.name + "Sign", contenders: []contender{
				{"floor", signFloor(w.a)},
				{"jose", signJose(w.a)},
				{"gojose", signGoJOSE(w.a)},
				{"jwx", signJWX(w.a)},
				{"golangjwt", signGolangJWT(w.a)},
			}})
		}
		if w.verify {
			ws = append(ws, workload{name: w.a.name + "Verify", contenders: []contender{
				verifier("floor", w.a, verifyFloor),
				verifier("jose", w.a, verifyJose),
				verifier("gojose", w.a, verifyGoJOSE),
				verifier("jwx", w.a, verifyJWX),
				verifier("golangjwt", w.a, verifyGolangJWT),
			}})
		}
	}
	return ws
}

// Signing. Each contender turns the claims of claims.json, held in its own
// claims types, into a compact JWS with the header {"alg":…,"typ":"JWT"}.

// floorHeader returns the encoded header the floor writes and accepts.
func floorHeader(a *sigAlg) []byte {
	return appendB64(nil, []byte(`{"alg":"`+a.name+`","typ":"JWT"}`))
}

// floorToken signs payload the way the floor does.
func floorToken(a *sigAlg, payload []byte) ([]byte, error) {
	tok := append(floorHeader(a), '.')
	tok = appendB64(tok, payload)
	sig, err := a.sign(tok)
	if err != nil {
		return nil, err
	}
	return appendB64(append(tok, '.'), sig), nil
}

func signFloor(a *sigAlg) func(testing.TB) func() error {
	return func(tb testing.TB) func() error {
		hdr := floorHeader(a)
		var tok []byte
		op := func() error {
			in := make([]byte, 0, len(hdr)+1+b64.EncodedLen(len(claimsJSON))+1+b64.EncodedLen(512))
			in = append(append(in, hdr...), '.')
			in = appendB64(in, claimsJSON)
			sig, err := a.sign(in)
			tok = appendB64(append(in, '.'), sig)
			return err
		}
		return checkSign(tb, a, op, func() []byte { return tok })
	}
}

func signJose(a *sigAlg) func(testing.TB) func() error {
	return func(tb testing.TB) func() error {
		s, err := a.jose.NewSigner(a.signKey)
		if err != nil {
			tb.Fatal(err)
		}
		exp, _ := jwt.NewNumericDate(time.Unix(4102444800, 0))
		nbf, _ := jwt.NewNumericDate(time.Unix(1700000000, 0))
		c := &jwt.Claims{
			Issuer: wantIssuer, Subject: "user-8a3f2c1e", Audience: jwt.Audience{wantAudience},
			Expiry: &exp, NotBefore: &nbf, IssuedAt: &nbf, ID: "c4e2b8a6-1f3d-4b5c-9e7a-2d8f0b6c4a1e",
		}
		custom := wantCustom
		opts := &jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{Type: "JWT"}}, SingleAudience: true}
		ctx := tb.Context()
		var tok string
		op := func() (err error) {
			tok, err = jwt.Sign(ctx, c, &custom, s, opts)
			return err
		}
		return checkSign(tb, a, op, func() []byte { return []byte(tok) })
	}
}

// golangJWTClaims are the claims in golang-jwt's types.
type golangJWTClaims struct {
	golangjwt.RegisteredClaims
	customClaims
}

func signGolangJWT(a *sigAlg) func(testing.TB) func() error {
	return func(tb testing.TB) func() error {
		c := &golangJWTClaims{
			RegisteredClaims: golangjwt.RegisteredClaims{
				Issuer: wantIssuer, Subject: "user-8a3f2c1e", Audience: golangjwt.ClaimStrings{wantAudience},
				ExpiresAt: golangjwt.NewNumericDate(time.Unix(4102444800, 0)),
				NotBefore: golangjwt.NewNumericDate(time.Unix(1700000000, 0)),
				IssuedAt:  golangjwt.NewNumericDate(time.Unix(1700000000, 0)),
				ID:        "c4e2b8a6-1f3d-4b5c-9e7a-2d8f0b6c4a1e",
			},
			customClaims: wantCustom,
		}
		var tok string
		op := func() (err error) {
			tok, err = golangjwt.NewWithClaims(a.golangJWT, c).SignedString(a.signKey)
			return err
		}
		return checkSign(tb, a, op, func() []byte { return []byte(tok) })
	}
}

func signGoJOSE(a *sigAlg) func(testing.TB) func() error {
	return func(tb testing.TB) func() error {
		s, err := gojose.NewSigner(gojose.SigningKey{Algorithm: a.goJOSE, Key: a.signKey}, (&gojose.SignerOptions{}).WithType("JWT"))
		if err != nil {
			tb.Fatal(err)
		}
		c := &gojosejwt.Claims{
			Issuer: wantIssuer, Subject: "user-8a3f2c1e", Audience: gojosejwt.Audience{wantAudience},
			Expiry:    gojosejwt.NewNumericDate(time.Unix(4102444800, 0)),
			NotBefore: gojosejwt.NewNumericDate(time.Unix(1700000000, 0)),
			IssuedAt:  gojosejwt.NewNumericDate(time.Unix(1700000000, 0)),
			ID:        "c4e2b8a6-1f3d-4b5c-9e7a-2d8f0b6c4a1e",
		}
		custom := wantCustom
		var tok string
		op := func() (err error) {
			tok, err = gojosejwt.Signed(s).Claims(c).Claims(&custom).Serialize()
			return err
		}
		return checkSign(tb, a, op, func() []byte { return []byte(tok) })
	}
}

func signJWX(a *sigAlg) func(testing.TB) func() error {
	return func(tb testing.TB) func() error {
		t, err := jwxjwt.NewBuilder().
			Issuer(wantIssuer).Subject("user-8a3f2c1e").Audience([]string{wantAudience}).
			Expiration(time.Unix(4102444800, 0)).NotBefore(time.Unix(1700000000, 0)).IssuedAt(time.Unix(1700000000, 0)).
			JwtID("c4e2b8a6-1f3d-4b5c-9e7a-2d8f0b6c4a1e").
			Claim("scope", wantCustom.Scope).Claim("roles", wantCustom.Roles).Claim("tenant", wantCustom.Tenant).
			Build()
		if err != nil {
			tb.Fatal(err)
		}
		var tok []byte
		op := func() (err error) {
			tok, err = jwxjwt.Sign(t, jwxjwt.WithKey(a.jwx, a.signKey))
			return err
		}
		return checkSign(tb, a, op, func() []byte { return tok })
	}
}

// checkSign runs op once and checks the token it made: the header names
// a.name (and "typ", if any, is "JWT"), the floor verifies the signature,
// the payload holds the claims of claims.json (an "aud" of one string may
// be written as an array of it), and jose and golang-jwt both accept it.
func checkSign(tb testing.TB, a *sigAlg, op func() error, out func() []byte) func() error {
	tb.Helper()
	if err := op(); err != nil {
		tb.Fatal(err)
	}
	tok := out()
	parts := bytes.Split(tok, []byte("."))
	if len(parts) != 3 {
		tb.Fatalf("token %q has %d parts, want 3", tok, len(parts))
	}
	hdr, err := decode(parts[0])
	if err != nil {
		tb.Fatal(err)
	}
	var h map[string]any
	if err := json.Unmarshal(hdr, &h); err != nil {
		tb.Fatal(err)
	}
	if h["alg"] != a.name {
		tb.Fatalf("header %s, want alg %s", hdr, a.name)
	}
	if typ, ok := h["typ"]; ok && typ != "JWT" {
		tb.Fatalf("header %s, want typ JWT", hdr)
	}
	sig, err := decode(parts[2])
	if err != nil {
		tb.Fatal(err)
	}
	if err := a.verify(tok[:len(parts[0])+1+len(parts[1])], sig); err != nil {
		tb.Fatalf("signature does not verify: %v", err)
	}
	payload, err := decode(parts[1])
	if err != nil {
		tb.Fatal(err)
	}
	if diff := cmp.Diff(normalize(wantClaims), normalize(mustDecode(payload))); diff != "" {
		tb.Fatalf("claims mismatch (-want +got):\n%s", diff)
	}
	// jose reads every contender's token, and golang-jwt every token jose
	// or anyone else makes: the tokens cross between libraries.
	for _, v := range []struct {
		impl string
		mk   verifyMaker
	}{{"jose", verifyJose}, {"golangjwt", verifyGolangJWT}} {
		got, err := v.mk(tb, a, tok)()
		if err != nil {
			tb.Fatalf("%s refuses the token: %v", v.impl, err)
		}
		if got.sub != "user-8a3f2c1e" || got.tenant != "acme" {
			tb.Fatalf("%s reads sub %q, tenant %q", v.impl, got.sub, got.tenant)
		}
	}
	return op
}

// normalize writes an "aud" array of one string as that string.
func normalize(m map[string]any) map[string]any {
	if a, ok := m["aud"].([]any); ok && len(a) == 1 {
		m["aud"] = a[0]
	}
	return m
}

// Verification. Each contender verifies the same token, made by the
// floor from claims.json, and validates exp and nbf (against the fixed
// clock), iss and aud; the floor checks the header bytes and the signature
// and decodes the payload, without JSON.

// A verified token, as much of it as the check needs: the subject and the
// custom "tenant" claim, or (floor) the raw payload.
type verified struct {
	sub, tenant string
	raw         []byte
}

// A verifyMaker returns the operation that verifies tok with a.
type verifyMaker func(tb testing.TB, a *sigAlg, tok []byte) func() (verified, error)

func verifier(impl string, a *sigAlg, mk verifyMaker) contender {
	return contender{impl: impl, prepare: func(tb testing.TB) func() error {
		tb.Helper()
		tok, err := floorToken(a, claimsJSON)
		if err != nil {
			tb.Fatal(err)
		}
		good := mk(tb, a, tok)
		v, err := good()
		if err != nil {
			tb.Fatalf("valid token refused: %v", err)
		}
		if v.raw != nil {
			if !bytes.Equal(v.raw, claimsJSON) {
				tb.Fatalf("payload %q, want claims.json", v.raw)
			}
		} else if v.sub != "user-8a3f2c1e" || v.tenant != "acme" {
			tb.Fatalf("sub %q, tenant %q; want user-8a3f2c1e, acme", v.sub, v.tenant)
		}
		for _, bad := range badTokens(tb, a, tok) {
			if impl == "floor" && bad.claims {
				continue // the floor validates no claims
			}
			if _, err := mk(tb, a, bad.tok)(); err == nil {
				tb.Fatalf("%s: accepted", bad.name)
			}
		}
		return func() error {
			_, err := good()
			return err
		}
	}}
}

type badToken struct {
	name   string
	claims bool // bad claims, under a valid signature
	tok    []byte
}

// badTokens returns tokens every contender must refuse: tok with a
// changed signature, and tokens correctly signed over claims that break a
// rule (expired, not yet valid, other issuer, other audience).
func badTokens(tb testing.TB, a *sigAlg, tok []byte) []badToken {
	tampered := bytes.Clone(tok)
	i := len(tampered) - 12
	tampered[i] ^= 'A' ^ 'B' // 'A' <-> 'B', and anything else stays valid base64url
	if tampered[i] == tok[i] {
		tb.Fatal("tampering changed nothing")
	}
	bad := []badToken{{name: "tampered signature", tok: tampered}}
	for _, r := range []struct{ name, old, new string }{
		{"expired", `"exp":4102444800`, `"exp":1799999999`},
		{"not yet valid", `"nbf":1700000000`, `"nbf":1800000001`},
		{"other issuer", `"iss":"https://auth.example.com"`, `"iss":"https://auth.example.org"`},
		{"other audience", `"aud":"https://api.example.com"`, `"aud":"https://api.example.org"`},
	} {
		claims := bytes.Replace(claimsJSON, []byte(r.old), []byte(r.new), 1)
		if bytes.Equal(claims, claimsJSON) {
			tb.Fatalf("%s: %s not in claims.json", r.name, r.old)
		}
		t, err := floorToken(a, claims)
		if err != nil {
			tb.Fatal(err)
		}
		bad = append(bad, badToken{name: r.name, claims: true, tok: t})
	}
	return bad
}

func verifyFloor(tb testing.TB, a *sigAlg, tok []byte) func() (verified, error) {
	hdr := floorHeader(a)
	return func() (verified, error) {
		i := bytes.LastIndexByte(tok, '.')
		j := bytes.IndexByte(tok, '.')
		if i <= j || !bytes.Equal(tok[:j], hdr) {
			return verified{}, errFloor
		}
		sig, err := decode(tok[i+1:])
		if err != nil {
			return verified{}, err
		}
		if err := a.verify(tok[:i], sig); err != nil {
			return verified{}, err
		}
		raw, err := decode(tok[j+1 : i])
		return verified{raw: raw}, err
	}
}

func verifyJose(tb testing.TB, a *sigAlg, tok []byte) func() (verified, error) {
	v, err := a.jose.NewVerifier(a.verifyKey)
	if err != nil {
		tb.Fatal(err)
	}
	opts := &jwt.Options{Issuer: wantIssuer, Audience: []string{wantAudience}, Now: now}
	ctx := tb.Context()
	return func() (verified, error) {
		t, err := jwt.Verify[customClaims](ctx, tok, v, opts)
		if err != nil {
			return verified{}, err
		}
		return verified{sub: t.Claims.Subject, tenant: t.Custom.Tenant}, nil
	}
}

func verifyGolangJWT(tb testing.TB, a *sigAlg, tok []byte) func() (verified, error) {
	p := golangjwt.NewParser(golangjwt.WithValidMethods([]string{a.name}),
		golangjwt.WithIssuer(wantIssuer), golangjwt.WithAudience(wantAudience), golangjwt.WithTimeFunc(now))
	key := func(*golangjwt.Token) (any, error) { return a.verifyKey, nil }
	s := string(tok)
	return func() (verified, error) {
		var c golangJWTClaims
		if _, err := p.ParseWithClaims(s, &c, key); err != nil {
			return verified{}, err
		}
		return verified{sub: c.Subject, tenant: c.Tenant}, nil
	}
}

func verifyGoJOSE(tb testing.TB, a *sigAlg, tok []byte) func() (verified, error) {
	algs := []gojose.SignatureAlgorithm{a.goJOSE}
	want := gojosejwt.Expected{Issuer: wantIssuer, AnyAudience: gojosejwt.Audience{wantAudience}, Time: clock}
	s := string(tok)
	return func() (verified, error) {
		t, err := gojosejwt.ParseSigned(s, algs)
		if err != nil {
			return verified{}, err
		}
		var c gojosejwt.Claims
		var custom customClaims
		if err := t.Claims(a.verifyKey, &c, &custom); err != nil {
			return verified{}, err
		}
		if err := c.ValidateWithLeeway(want, 0); err != nil {
			return verified{}, err
		}
		return verified{sub: c.Subject, tenant: custom.Tenant}, nil
	}
}

func verifyJWX(tb testing.TB, a *sigAlg, tok []byte) func() (verified, error) {
	opts := []jwxjwt.ParseOption{
		jwxjwt.WithKey(a.jwx, a.verifyKey), jwxjwt.WithValidate(true),
		jwxjwt.WithIssuer(wantIssuer), jwxjwt.WithAudience(wantAudience), jwxjwt.WithClock(jwxjwt.ClockFunc(now)),
	}
	return func() (verified, error) {
		t, err := jwxjwt.Parse(tok, opts...)
		if err != nil {
			return verified{}, err
		}
		sub, ok := t.Subject()
		if !ok {
			return verified{}, errors.New("jwx: no sub")
		}
		var tenant string
		if err := t.Get("tenant", &tenant); err != nil {
			return verified{}, err
		}
		return verified{sub: sub, tenant: tenant}, nil
	}
}
