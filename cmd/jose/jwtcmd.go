package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
)

// The range of a NumericDate (RFC 7519, Section 2) that core/jwt
// accepts, in Unix seconds: from the epoch to the last second of 9999.
const (
	minDate = 0
	maxDate = 253402300799 // 9999-12-31T23:59:59Z
)

var (
	minTime = time.Unix(minDate, 0).UTC()
	maxTime = time.Unix(maxDate, 999999999).UTC()
)

// inDateRange reports whether t is a time a NumericDate can hold.
func inDateRange(t time.Time) bool { return !t.Before(minTime) && !t.After(maxTime) }

// parseNow parses --now: Unix seconds or RFC 3339, within the range of a
// NumericDate (1970 to 9999). Empty means the clock.
func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Now(), nil
	}
	var t time.Time
	if n, err := strconv.ParseInt(s, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if err != nil || n < minDate || n > maxDate {
			return time.Time{}, usageErrorf("--now %s is out of range: Unix seconds from 0 to %d (1970-01-01 to 9999-12-31)", s, int64(maxDate))
		}
		t = time.Unix(n, 0).UTC()
	} else {
		t, err = time.Parse(time.RFC3339, s)
		if err != nil {
			return time.Time{}, usageErrorf("--now %q: want Unix seconds or RFC 3339 (2006-01-02T15:04:05Z)", s)
		}
		if !inDateRange(t) {
			return time.Time{}, usageErrorf("--now %s is out of range: from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z", s)
		}
	}
	return t, nil
}

// parseWhen parses --exp and --nbf: Unix seconds, or a duration relative to
// now ("1h", "-5m", "90s"). The result must be a NumericDate (1970 to 9999).
func parseWhen(flagName, s string, now time.Time) (*jwt.NumericDate, error) {
	var t time.Time
	if n, err := strconv.ParseInt(s, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if err != nil || n < minDate || n > maxDate {
			return nil, usageErrorf("%s %s is out of range: Unix seconds from 0 to %d (1970-01-01 to 9999-12-31)", flagName, s, int64(maxDate))
		}
		t = time.Unix(n, 0)
	} else {
		d, err := time.ParseDuration(s)
		if err != nil {
			return nil, usageErrorf("%s %q: want Unix seconds or a duration such as 1h or 15m", flagName, s)
		}
		// now is within years 1970 to 9999 and |d| within 292 years:
		// the sum cannot overflow.
		t = now.Add(d)
	}
	nd, err := jwt.NewNumericDate(t)
	if err != nil {
		return nil, usageErrorf("%s %s gives %s, outside the range of a NumericDate (1970-01-01 to 9999-12-31)", flagName, s, t.UTC().Format(time.RFC3339))
	}
	return &nd, nil
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
	c, custom := &jwt.Claims{}, map[string]json.RawMessage{}
	single := false
	if *claimsFlag != "" {
		text := []byte(*claimsFlag)
		if name, ok := strings.CutPrefix(*claimsFlag, "@"); ok {
			if text, err = readInput(e, name, maxPayload, "claims"); err != nil {
				return asUsage(err)
			}
		}
		text = bytes.TrimSpace(text)
		if c, custom, single, err = signClaims(text); err != nil {
			return err
		}
		if err := checkClaimsSet(text); err != nil {
			return err
		}
	}
	if *iss != "" {
		c.Issuer = *iss
	}
	if *sub != "" {
		c.Subject = *sub
	}
	if *jti != "" {
		c.ID = *jti
	}
	if len(aud) > 0 {
		c.Audience, single = jwt.Audience(aud), len(aud) == 1
	}
	for _, d := range []struct {
		name, value string
		field       **jwt.NumericDate
	}{{"--exp", *exp, &c.Expiry}, {"--nbf", *nbf, &c.NotBefore}} {
		if d.value == "" {
			continue
		}
		if *d.field, err = parseWhen(d.name, d.value, now); err != nil {
			return err
		}
	}
	if c.IssuedAt == nil {
		iat, err := jwt.NewNumericDate(now)
		if err != nil { // unreachable: parseNow keeps now in range
			return usageErrorf("--now: %v", err)
		}
		c.IssuedAt = &iat
	}
	s, k, err := signingKey(e, *keyFile, *alg, *kid)
	if err != nil {
		return err
	}
	opts := &jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{KeyID: k.KeyID(), Type: *typ}}, SingleAudience: single}
	tok, err := jwt.Sign(context.Background(), c, custom, s, opts)
	switch {
	case errors.Is(err, jwt.ErrInvalidClaims):
		return claimsError(err)
	case err != nil:
		return usageErrorf("jwt sign: %v", err)
	}
	return writeLine(e.stdout, []byte(tok))
}

// signClaims splits the --claims object into the registered claims, typed
// as core/jwt types them, and the custom claims, kept as the JSON text
// given. single reports whether "aud" was a JSON string.
func signClaims(text []byte) (c *jwt.Claims, custom map[string]json.RawMessage, single bool, err error) {
	// The strict decoder gives the messages for JSON that is not an
	// object, duplicate names and the like.
	if _, err := decodeObject(text); err != nil {
		return nil, nil, false, usageErrorf("--claims: %v", err)
	}
	if err := json.Unmarshal(text, &custom); err != nil {
		return nil, nil, false, usageErrorf("--claims: %v", err)
	}
	c = &jwt.Claims{}
	for _, name := range []string{"iss", "sub", "jti", "aud", "exp", "nbf", "iat"} {
		raw, ok := custom[name]
		if !ok {
			continue
		}
		delete(custom, name)
		if name == "exp" || name == "nbf" || name == "iat" {
			if len(raw) == 0 || (raw[0] != '-' && (raw[0] < '0' || raw[0] > '9')) {
				var v any
				_ = json.Unmarshal(raw, &v) // valid JSON: decodeObject read it
				return nil, nil, false, usageErrorf("claims: %q must be a NumericDate (a JSON number), not %s", name, jsonType(v))
			}
			d := new(jwt.NumericDate)
			if err := d.UnmarshalJSON(raw); err != nil {
				return nil, nil, false, usageErrorf("claims: %q is not a NumericDate: %s (seconds from 1970-01-01 to 9999-12-31)", name, raw)
			}
			switch name {
			case "exp":
				c.Expiry = d
			case "nbf":
				c.NotBefore = d
			case "iat":
				c.IssuedAt = d
			}
			continue
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, nil, false, usageErrorf("claims: %q: %v", name, err)
		}
		switch name {
		case "iss", "sub", "jti":
			s, ok := v.(string)
			if !ok {
				return nil, nil, false, usageErrorf("claims: %q must be a string, not %s", name, jsonType(v))
			}
			switch name {
			case "iss":
				c.Issuer = s
			case "sub":
				c.Subject = s
			case "jti":
				c.ID = s
			}
		case "aud":
			switch a := v.(type) {
			case string:
				c.Audience, single = jwt.Audience{a}, true
			default:
				list, ok := stringList(v)
				if !ok {
					return nil, nil, false, usageErrorf("claims: \"aud\" must be a string or an array of strings, not %s", jsonType(v))
				}
				if len(list) == 0 {
					return nil, nil, false, usageErrorf("claims: \"aud\" is an empty array: leave it out for no audience")
				}
				c.Audience = list
			}
		}
	}
	return c, custom, single, nil
}

// checkClaimsSet reads the --claims text as core/jwt reads a claims set,
// so that jwt sign refuses what a verifier would refuse: invalid UTF-8 or
// unpaired surrogate escapes, names that differ only by case, registered
// claims of the wrong type or range, and the limits. It parses an
// unsecured JWT made of the text, whose claims are then validated as
// well: only a failure to parse counts.
func checkClaimsSet(text []byte) error {
	tok := "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString(text) + "."
	_, err := jwt.InsecureParseUnsecured[struct{}]([]byte(tok), &jwt.Options{IgnoreAudience: true})
	if err == nil || errors.Is(err, jwt.ErrValidation) {
		return nil
	}
	return claimsError(err)
}

// claimsError is the message for claims core/jwt refuses to sign.
func claimsError(err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, jwt.ErrInvalidClaims.Error()+": ")
	msg = strings.TrimPrefix(msg, jwt.ErrMalformed.Error()+": ")
	if strings.Contains(msg, "invalid UTF-8") {
		msg = "a string is not valid UTF-8 (invalid bytes, or an unpaired surrogate escape such as \\ud800)"
	}
	return usageErrorf("claims: %s", msg)
}

// jwtFailure turns an error of jwt.VerifyKeys into the command's error,
// with a reason that names the claim and the times involved. The decision
// is core/jwt's; token is read again here only for the message, and only
// after core/jwt verified its signature and parsed its claims (it reports
// claim failures for authentic tokens only).
func jwtFailure(err error, token []byte, o *jwt.Options) error {
	switch {
	case errors.Is(err, jwt.ErrInvalidOptions):
		return usageErrorf("jwt verify: %v", err)
	case errors.Is(err, jwt.ErrNesting):
		return rejectf("JWT rejected: nested JWT (\"cty\": \"JWT\") is not supported by jwt verify; use jws verify or jwe decrypt for the outer layer")
	case errors.Is(err, jwt.ErrMalformed):
		return rejectf("JWT rejected: %v", err)
	case !errors.Is(err, jwt.ErrValidation):
		// The signature layer: jws errors, which core/jwt wraps as
		// "jwt: ...", and a JWK Set that could not be fetched.
		if inner := errors.Unwrap(err); inner != nil && strings.HasPrefix(err.Error(), "jwt: ") && err.Error() == "jwt: "+inner.Error() {
			err = inner
		}
		return verifyFailure("JWT", err)
	}
	h, c := unverifiedParts(token)
	now := o.Now()
	at := func(name string) string {
		var d jwt.NumericDate
		if d.UnmarshalJSON(c[name]) != nil {
			return string(c[name])
		}
		return d.String()
	}
	when := "now " + now.UTC().Format(time.RFC3339Nano)
	if o.Leeway != 0 {
		when += ", leeway " + o.Leeway.String()
	}
	show := func(name string) string {
		if v, ok := c[name]; ok {
			return string(v)
		}
		return "absent"
	}
	var reason string
	switch {
	case errors.Is(err, jwt.ErrType):
		typ, ok := h["typ"]
		switch {
		case o.Type == "":
			return rejectf("JWT rejected: header \"typ\" is %s: without --typ only \"JWT\" or no \"typ\" is accepted (pass --typ %s to accept it)", typ, strings.Trim(string(typ), `"`))
		case !ok:
			return rejectf("JWT rejected: header \"typ\" is absent, want %q", o.Type)
		default:
			return rejectf("JWT rejected: header \"typ\" is %s, want %q", typ, o.Type)
		}
	case errors.Is(err, jwt.ErrExpired):
		reason = fmt.Sprintf("token expired at %s (%s)", at("exp"), when)
	case errors.Is(err, jwt.ErrNotYetValid):
		reason = fmt.Sprintf("token not valid before %s (%s)", at("nbf"), when)
	case errors.Is(err, jwt.ErrIssuedInFuture):
		reason = fmt.Sprintf("token issued in the future, at %s (%s)", at("iat"), when)
	case errors.Is(err, jwt.ErrIssuer):
		reason = fmt.Sprintf("\"iss\" is %s, want %q", show("iss"), o.Issuer)
	case errors.Is(err, jwt.ErrSubject):
		reason = fmt.Sprintf("\"sub\" is %s, want %q", show("sub"), o.Subject)
	case errors.Is(err, jwt.ErrAudience) && len(o.Audience) == 0:
		reason = fmt.Sprintf("the token is for audience %s: pass --aud to accept it", show("aud"))
	case errors.Is(err, jwt.ErrAudience):
		reason = fmt.Sprintf("\"aud\" is %s, want one of %q", show("aud"), o.Audience)
	default:
		reason = err.Error()
	}
	return rejectf("JWT rejected: invalid claims: %s", reason)
}

// unverifiedParts decodes the header and the claims of a compact JWT whose
// signature core/jwt has verified, for messages. Anything unreadable is
// left out.
func unverifiedParts(token []byte) (header, claims map[string]json.RawMessage) {
	parts := strings.Split(strings.TrimSpace(string(token)), ".")
	if len(parts) != 3 {
		return nil, nil
	}
	for i, m := range []*map[string]json.RawMessage{&header, &claims} {
		if b, err := base64.RawURLEncoding.DecodeString(parts[i]); err == nil {
			_ = json.Unmarshal(b, m)
		}
	}
	return header, claims
}

func jwtVerify(e *env, args []string) error {
	f := newFlags("jwt verify", "--key FILE|--jwks-url URL [--alg A[,A]] [--iss S] [--aud S] [--sub S] [--typ T] [--leeway DUR] [--now UNIX|RFC3339] [FILE]",
		`Verify a JWT (compact serialization) and its claims with the rules of
core/jwt, and print the claims as indented JSON. "exp" and "nbf" are checked
when present, and "iat" must not be in the future; "iss" and "sub" when asked.
The header "typ" must be --typ, or else absent or "JWT". A token with "aud"
is accepted only with a matching --aud.
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
	typ := f.String("typ", "", "required header \"typ\" (\"application/\" may be left out; default: absent or \"JWT\")")
	leeway := f.Duration("leeway", 0, "clock skew allowed for exp, nbf and iat, such as 30s")
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
	if slices.Contains(aud, "") {
		return usageErrorf("--aud must not be empty")
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
	opts := &jwt.Options{
		Issuer:   *iss,
		Subject:  *sub,
		Audience: aud,
		Type:     *typ,
		Leeway:   *leeway,
		Now:      func() time.Time { return now },
	}
	t, err := jwt.VerifyKeys[struct{}](context.Background(), token, ks, algs, opts)
	if err != nil {
		return jwtFailure(err, token, opts)
	}
	claims, err := decodeObject(t.Payload())
	if err != nil { // unreachable: core/jwt read it as an I-JSON object
		return rejectf("JWT rejected: the claims are not a JSON object: %v", err)
	}
	return writeJSON(e.stdout, claims)
}
