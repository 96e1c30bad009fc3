package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/joseframework/jose/core/jws"
)

// parseNow parses --now: Unix seconds or RFC 3339. Empty means the clock.
func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Now(), nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usageErrorf("--now %q: want Unix seconds or RFC 3339 (2006-01-02T15:04:05Z)", s)
	}
	return t, nil
}

// parseWhen parses --exp and --nbf: Unix seconds, or a duration relative to
// now ("1h", "-5m", "90s").
func parseWhen(flagName, s string, now time.Time) (int64, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, usageErrorf("%s %q: want Unix seconds or a duration such as 1h or 15m", flagName, s)
	}
	return now.Add(d).Unix(), nil
}

func jwtSign(e *env, args []string) error {
	f := newFlags("jwt sign", "--key FILE [--alg A] [--claims JSON|@FILE] [--iss S] [--sub S] [--aud S]... [--exp DUR|UNIX] [--nbf DUR|UNIX] [--jti S] [--typ T]",
		`Sign a JWT and print it (compact serialization). Claims come from --claims
(a JSON object, or @FILE to read it from a file) and the claim flags, which
take precedence. "iat" is set to the current time unless --claims has one.
--exp and --nbf take Unix seconds or a duration from now (1h, 15m).`,
		`jose jwt sign --key es256.jwk --iss https://issuer.example --sub alice --aud api --exp 1h
jose jwt sign --key hs256.jwk --claims '{"scope":"read"}' --exp 15m`)
	keyFile := f.String("key", "", "private key `FILE`: JWK, JWK Set or PEM (required)")
	alg := f.String("alg", "", "signature algorithm (default: the key's \"alg\")")
	kid := f.String("kid", "", "choose the key with this \"kid\" from a JWK Set")
	claimsFlag := f.String("claims", "", "claims as a JSON object, or @FILE")
	iss := f.String("iss", "", "issuer (\"iss\")")
	sub := f.String("sub", "", "subject (\"sub\")")
	var aud multiFlag
	f.Var(&aud, "aud", "audience `S` (\"aud\"); repeat for several")
	exp := f.String("exp", "", "expiry (\"exp\"): Unix seconds or a duration from now")
	nbf := f.String("nbf", "", "not before (\"nbf\"): Unix seconds or a duration from now")
	jti := f.String("jti", "", "token ID (\"jti\")")
	typ := f.String("typ", "JWT", "header \"typ\"; empty to leave it out")
	nowFlag := f.String("now", "", "the current time, Unix seconds or RFC 3339 (default: the clock)")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("jwt sign takes no arguments, got %q (claims come from --claims)", pos)
	}
	now, err := parseNow(*nowFlag)
	if err != nil {
		return err
	}
	claims := map[string]any{}
	if *claimsFlag != "" {
		text := []byte(*claimsFlag)
		if name, ok := strings.CutPrefix(*claimsFlag, "@"); ok {
			if text, err = readInput(e, name, maxPayload, "claims"); err != nil {
				return asUsage(err)
			}
		}
		if claims, err = decodeObject(bytes.TrimSpace(text)); err != nil {
			return usageErrorf("--claims: %v", err)
		}
	}
	for name, v := range map[string]string{"iss": *iss, "sub": *sub, "jti": *jti} {
		if v != "" {
			claims[name] = v
		}
	}
	switch len(aud) {
	case 0:
	case 1:
		claims["aud"] = aud[0]
	default:
		claims["aud"] = []string(aud)
	}
	for name, v := range map[string]string{"exp": *exp, "nbf": *nbf} {
		if v != "" {
			t, err := parseWhen("--"+name, v, now)
			if err != nil {
				return err
			}
			claims[name] = t
		}
	}
	if _, ok := claims["iat"]; !ok {
		claims["iat"] = now.Unix()
	}
	if _, err := checkClaimTypes(claims); err != nil {
		return usageErrorf("claims: %v", err)
	}
	s, k, err := signingKey(e, *keyFile, *alg, *kid)
	if err != nil {
		return err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return usageErrorf("claims: %v", err)
	}
	tok, err := jws.Sign(context.Background(), payload, s, &jws.SignOptions{Header: jws.Header{KeyID: k.KeyID(), Type: *typ}})
	if err != nil {
		return usageErrorf("jwt sign: %v", err)
	}
	return writeLine(e.stdout, []byte(tok))
}

// registered claims parsed from a claims object.
type registered struct {
	exp, nbf, iat *float64
	iss, sub, jti *string
	aud           []string
	audSet        bool
}

// checkClaimTypes checks the JSON types of the registered claims: "exp",
// "nbf" and "iat" NumericDates (a finite JSON number), "iss", "sub" and
// "jti" strings, "aud" a string or an array of strings.
func checkClaimTypes(c map[string]any) (*registered, error) {
	r := &registered{}
	for _, name := range []string{"exp", "nbf", "iat"} {
		v, ok := c[name]
		if !ok {
			continue
		}
		var f float64
		switch n := v.(type) {
		case json.Number:
			x, err := strconv.ParseFloat(string(n), 64)
			if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
				return nil, fmt.Errorf("%q is not a usable NumericDate: %s", name, n)
			}
			f = x
		case int64:
			f = float64(n)
		default:
			return nil, fmt.Errorf("%q must be a NumericDate (a JSON number), not %s", name, jsonType(v))
		}
		switch name {
		case "exp":
			r.exp = &f
		case "nbf":
			r.nbf = &f
		case "iat":
			r.iat = &f
		}
	}
	for _, name := range []string{"iss", "sub", "jti"} {
		v, ok := c[name]
		if !ok {
			continue
		}
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("%q must be a string, not %s", name, jsonType(v))
		}
		switch name {
		case "iss":
			r.iss = &s
		case "sub":
			r.sub = &s
		case "jti":
			r.jti = &s
		}
	}
	if v, ok := c["aud"]; ok {
		r.audSet = true
		switch a := v.(type) {
		case string:
			r.aud = []string{a}
		case []string:
			r.aud = a
		default:
			list, ok := stringList(v)
			if !ok {
				return nil, fmt.Errorf("\"aud\" must be a string or an array of strings, not %s", jsonType(v))
			}
			r.aud = list
		}
	}
	return r, nil
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case json.Number, int64, float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// claimPolicy is what jwt verify requires of the claims.
type claimPolicy struct {
	now      time.Time
	leeway   time.Duration
	iss, sub string
	aud      []string
}

var errClaims = errors.New("invalid claims")

// validate checks the claims against p: "exp" and "nbf" always (with the
// leeway), "iss", "sub" and "aud" when p asks. A token with "aud" is
// refused when p names no audience (RFC 7519, Section 4.1.3).
func (p *claimPolicy) validate(c map[string]any) error {
	r, err := checkClaimTypes(c)
	if err != nil {
		return fmt.Errorf("%w: %v", errClaims, err)
	}
	now := float64(p.now.UnixNano()) / 1e9
	lw := p.leeway.Seconds()
	if r.exp != nil && now >= *r.exp+lw {
		return fmt.Errorf("%w: token expired at %s (now %s)", errClaims, fmtDate(*r.exp), fmtDate(now))
	}
	if r.nbf != nil && now+lw < *r.nbf {
		return fmt.Errorf("%w: token not valid before %s (now %s)", errClaims, fmtDate(*r.nbf), fmtDate(now))
	}
	if p.iss != "" && (r.iss == nil || *r.iss != p.iss) {
		return fmt.Errorf("%w: \"iss\" is %s, want %q", errClaims, showClaim(c, "iss"), p.iss)
	}
	if p.sub != "" && (r.sub == nil || *r.sub != p.sub) {
		return fmt.Errorf("%w: \"sub\" is %s, want %q", errClaims, showClaim(c, "sub"), p.sub)
	}
	if len(p.aud) > 0 {
		if !slices.ContainsFunc(r.aud, func(a string) bool { return slices.Contains(p.aud, a) }) {
			return fmt.Errorf("%w: \"aud\" is %s, want one of %q", errClaims, showClaim(c, "aud"), p.aud)
		}
	} else if r.audSet {
		return fmt.Errorf("%w: the token is for audience %s: pass --aud to accept it", errClaims, showClaim(c, "aud"))
	}
	return nil
}

func showClaim(c map[string]any, name string) string {
	v, ok := c[name]
	if !ok {
		return "absent"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// fmtDate formats a NumericDate as RFC 3339 in UTC.
func fmtDate(f float64) string {
	if f > 253402300799 || f < -62135596800 { // outside years 1-9999
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC().Format(time.RFC3339)
}

// normalizeTyp lowercases a media type and drops "application/" (RFC 7515,
// Section 4.1.9).
func normalizeTyp(t string) string {
	t = strings.ToLower(t)
	if !strings.Contains(strings.TrimPrefix(t, "application/"), "/") {
		t = strings.TrimPrefix(t, "application/")
	}
	return t
}

func jwtVerify(e *env, args []string) error {
	f := newFlags("jwt verify", "--key FILE|--jwks-url URL [--alg A[,A]] [--iss S] [--aud S] [--sub S] [--typ T] [--leeway DUR] [--now UNIX|RFC3339] [FILE]",
		`Verify a JWT (compact serialization) and its claims, and print the claims
as indented JSON. "exp" and "nbf" are always checked; "iss", "sub" and "typ"
when asked. A token with "aud" is accepted only with a matching --aud.
The accepted algorithms are --alg or the keys' "alg" values. --jwks-url
fetches the JWK Set from an https URL, such as an OpenID provider's
"jwks_uri", and needs --alg.`,
		`jose jwt verify --key es256.pub.jwk --iss https://issuer.example --aud api token.jwt
jose jwt verify --key keys.jwks --alg RS256 --leeway 30s --now 2030-01-01T00:00:00Z < token.jwt
jose jwt verify --jwks-url https://issuer.example/.well-known/jwks.json --alg RS256 --iss https://issuer.example --aud api token.jwt`)
	keyFile := f.String("key", "", "verification key `FILE`: JWK, JWK Set or PEM")
	jwksURL := f.String("jwks-url", "", "fetch the JWK Set from the https `URL` (needs --alg)")
	allowHTTP := f.Bool("insecure-allow-http", false, "allow a plain http --jwks-url on a loopback address (for tests)")
	var algFlag listFlag
	f.Var(&algFlag, "alg", "accepted signature `ALGS`, comma-separated (default: the keys' \"alg\")")
	iss := f.String("iss", "", "required issuer")
	sub := f.String("sub", "", "required subject")
	var aud multiFlag
	f.Var(&aud, "aud", "accepted audience `S`; repeat for several (any one suffices)")
	typ := f.String("typ", "", "required header \"typ\" (\"application/\" may be left out)")
	leeway := f.Duration("leeway", 0, "clock skew allowed for exp and nbf, such as 30s")
	nowFlag := f.String("now", "", "the current time, Unix seconds or RFC 3339 (default: the clock)")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	file, err := f.oneFile(pos)
	if err != nil {
		return err
	}
	now, err := parseNow(*nowFlag)
	if err != nil {
		return err
	}
	if *leeway < 0 {
		return usageErrorf("--leeway must not be negative")
	}
	ks, algs, err := verificationKeys(e, *keyFile, *jwksURL, *allowHTTP, algFlag)
	if err != nil {
		return err
	}
	token, err := readToken(e, file)
	if err != nil {
		return err
	}
	if isJSONObject(token) {
		return rejectf("JWT rejected: a JWT uses the compact serialization, not JSON (use \"jose jws verify\")")
	}
	msg, err := jws.VerifyKeys(context.Background(), token, ks, algs, nil)
	if err != nil {
		return verifyFailure("JWT", err)
	}
	sig := msg.Signature()
	if *typ != "" && normalizeTyp(sig.Type()) != normalizeTyp(*typ) {
		return rejectf("JWT rejected: header \"typ\" is %q, want %q", sig.Type(), *typ)
	}
	if strings.EqualFold(sig.ContentType(), "JWT") {
		return rejectf("JWT rejected: nested JWT (\"cty\": \"JWT\") is not supported by jwt verify; use jws verify or jwe decrypt for the outer layer")
	}
	claims, err := decodeObject(msg.Payload())
	if err != nil {
		return rejectf("JWT rejected: the payload is not a JSON object: %v", err)
	}
	p := &claimPolicy{now: now, leeway: *leeway, iss: *iss, sub: *sub, aud: aud}
	if err := p.validate(claims); err != nil {
		return rejectf("JWT rejected: %v", err)
	}
	return writeJSON(e.stdout, claims)
}
