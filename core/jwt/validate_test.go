package jwt_test

import (
	"errors"
	"testing"
	"time"

	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
)

// TestRules checks every claim rule at, just before and just after its
// boundary, with and without leeway, through Sign and Verify.
func TestRules(t *testing.T) {
	const s, ms = time.Second, time.Millisecond
	at := func(d time.Duration) *jwt.NumericDate { return date(t, t0.Add(d)) }
	type rule struct {
		name string
		c    jwt.Claims
		o    jwt.Options
		typ  string
		want error
	}
	tests := []rule{
		{"no claims", jwt.Claims{}, jwt.Options{}, "", nil},

		// exp: valid while now < exp + leeway.
		{"exp one second ahead", jwt.Claims{Expiry: at(s)}, jwt.Options{}, "", nil},
		{"exp one ms ahead", jwt.Claims{Expiry: at(ms)}, jwt.Options{}, "", nil},
		{"exp now", jwt.Claims{Expiry: at(0)}, jwt.Options{}, "", jwt.ErrExpired},
		{"exp one second ago", jwt.Claims{Expiry: at(-s)}, jwt.Options{}, "", jwt.ErrExpired},
		{"exp leeway ahead", jwt.Claims{Expiry: at(-4 * s)}, jwt.Options{Leeway: 5 * s}, "", nil},
		{"exp leeway edge", jwt.Claims{Expiry: at(-5 * s)}, jwt.Options{Leeway: 5 * s}, "", jwt.ErrExpired},
		{"exp leeway past", jwt.Claims{Expiry: at(-6 * s)}, jwt.Options{Leeway: 5 * s}, "", jwt.ErrExpired},
		{"exp fraction ahead", jwt.Claims{Expiry: at(500 * ms)}, jwt.Options{}, "", nil},
		{"exp fraction ago", jwt.Claims{Expiry: at(-500 * ms)}, jwt.Options{}, "", jwt.ErrExpired},
		{"exp epoch", jwt.Claims{Expiry: date(t, time.Unix(0, 0))}, jwt.Options{}, "", jwt.ErrExpired},

		// nbf: valid once now >= nbf - leeway.
		{"nbf now", jwt.Claims{NotBefore: at(0)}, jwt.Options{}, "", nil},
		{"nbf one second ago", jwt.Claims{NotBefore: at(-s)}, jwt.Options{}, "", nil},
		{"nbf one second ahead", jwt.Claims{NotBefore: at(s)}, jwt.Options{}, "", jwt.ErrNotYetValid},
		{"nbf one ms ahead", jwt.Claims{NotBefore: at(ms)}, jwt.Options{}, "", jwt.ErrNotYetValid},
		{"nbf leeway inside", jwt.Claims{NotBefore: at(4 * s)}, jwt.Options{Leeway: 5 * s}, "", nil},
		{"nbf leeway edge", jwt.Claims{NotBefore: at(5 * s)}, jwt.Options{Leeway: 5 * s}, "", nil},
		{"nbf leeway past", jwt.Claims{NotBefore: at(6 * s)}, jwt.Options{Leeway: 5 * s}, "", jwt.ErrNotYetValid},
		{"nbf far future", jwt.Claims{NotBefore: date(t, time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC))}, jwt.Options{}, "", jwt.ErrNotYetValid},

		// iat: refused when iat > now + leeway.
		{"iat now", jwt.Claims{IssuedAt: at(0)}, jwt.Options{}, "", nil},
		{"iat one second ago", jwt.Claims{IssuedAt: at(-s)}, jwt.Options{}, "", nil},
		{"iat one second ahead", jwt.Claims{IssuedAt: at(s)}, jwt.Options{}, "", jwt.ErrIssuedInFuture},
		{"iat one ms ahead", jwt.Claims{IssuedAt: at(ms)}, jwt.Options{}, "", jwt.ErrIssuedInFuture},
		{"iat leeway edge", jwt.Claims{IssuedAt: at(5 * s)}, jwt.Options{Leeway: 5 * s}, "", nil},
		{"iat leeway past", jwt.Claims{IssuedAt: at(6 * s)}, jwt.Options{Leeway: 5 * s}, "", jwt.ErrIssuedInFuture},

		// Maximum age: valid while now <= iat + MaxAge + leeway.
		{"age zero", jwt.Claims{IssuedAt: at(0)}, jwt.Options{MaxAge: time.Minute}, "", nil},
		{"age one second under", jwt.Claims{IssuedAt: at(-time.Minute + s)}, jwt.Options{MaxAge: time.Minute}, "", nil},
		{"age at max", jwt.Claims{IssuedAt: at(-time.Minute)}, jwt.Options{MaxAge: time.Minute}, "", nil},
		{"age one second over", jwt.Claims{IssuedAt: at(-time.Minute - s)}, jwt.Options{MaxAge: time.Minute}, "", jwt.ErrTooOld},
		{"age one ms over", jwt.Claims{IssuedAt: at(-time.Minute - ms)}, jwt.Options{MaxAge: time.Minute}, "", jwt.ErrTooOld},
		{"age leeway edge", jwt.Claims{IssuedAt: at(-time.Minute - 5*s)}, jwt.Options{MaxAge: time.Minute, Leeway: 5 * s}, "", nil},
		{"age leeway past", jwt.Claims{IssuedAt: at(-time.Minute - 6*s)}, jwt.Options{MaxAge: time.Minute, Leeway: 5 * s}, "", jwt.ErrTooOld},
		{"age without iat", jwt.Claims{}, jwt.Options{MaxAge: time.Minute}, "", jwt.ErrMissingClaim},
		{"age epoch iat", jwt.Claims{IssuedAt: date(t, time.Unix(0, 0))}, jwt.Options{MaxAge: 1<<63 - 1}, "", nil},

		// Huge leeway does not overflow.
		{"huge leeway", jwt.Claims{Expiry: date(t, time.Unix(0, 0)), NotBefore: date(t, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))},
			jwt.Options{Leeway: 1<<63 - 1}, "", jwt.ErrNotYetValid},

		// iss, sub, jti: exact match.
		{"iss match", jwt.Claims{Issuer: "a"}, jwt.Options{Issuer: "a"}, "", nil},
		{"iss other", jwt.Claims{Issuer: "b"}, jwt.Options{Issuer: "a"}, "", jwt.ErrIssuer},
		{"iss case", jwt.Claims{Issuer: "A"}, jwt.Options{Issuer: "a"}, "", jwt.ErrIssuer},
		{"iss prefix", jwt.Claims{Issuer: "ab"}, jwt.Options{Issuer: "a"}, "", jwt.ErrIssuer},
		{"iss absent", jwt.Claims{}, jwt.Options{Issuer: "a"}, "", jwt.ErrIssuer},
		{"iss unchecked", jwt.Claims{Issuer: "b"}, jwt.Options{}, "", nil},
		{"sub match", jwt.Claims{Subject: "s"}, jwt.Options{Subject: "s"}, "", nil},
		{"sub other", jwt.Claims{Subject: "t"}, jwt.Options{Subject: "s"}, "", jwt.ErrSubject},
		{"sub absent", jwt.Claims{}, jwt.Options{Subject: "s"}, "", jwt.ErrSubject},
		{"jti match", jwt.Claims{ID: "j"}, jwt.Options{ID: "j"}, "", nil},
		{"jti other", jwt.Claims{ID: "k"}, jwt.Options{ID: "j"}, "", jwt.ErrID},
		{"jti absent", jwt.Claims{}, jwt.Options{ID: "j"}, "", jwt.ErrID},

		// aud: any of; a token with "aud" needs an accepted one.
		{"aud one of one", jwt.Claims{Audience: jwt.Audience{"a"}}, jwt.Options{Audience: []string{"a"}}, "", nil},
		{"aud one of many", jwt.Claims{Audience: jwt.Audience{"x", "a"}}, jwt.Options{Audience: []string{"b", "a"}}, "", nil},
		{"aud none match", jwt.Claims{Audience: jwt.Audience{"x", "y"}}, jwt.Options{Audience: []string{"a", "b"}}, "", jwt.ErrAudience},
		{"aud case", jwt.Claims{Audience: jwt.Audience{"A"}}, jwt.Options{Audience: []string{"a"}}, "", jwt.ErrAudience},
		{"aud absent, expected", jwt.Claims{}, jwt.Options{Audience: []string{"a"}}, "", jwt.ErrAudience},
		{"aud present, none expected", jwt.Claims{Audience: jwt.Audience{"a"}}, jwt.Options{}, "", jwt.ErrAudience},
		{"aud empty string, none expected", jwt.Claims{Audience: jwt.Audience{""}}, jwt.Options{}, "", jwt.ErrAudience},
		{"aud ignored", jwt.Claims{Audience: jwt.Audience{"a"}}, jwt.Options{IgnoreAudience: true}, "", nil},
		{"aud absent, ignored", jwt.Claims{}, jwt.Options{IgnoreAudience: true}, "", nil},

		// typ.
		{"typ absent", jwt.Claims{}, jwt.Options{}, "", nil},
		{"typ JWT", jwt.Claims{}, jwt.Options{}, "JWT", nil},
		{"typ jwt", jwt.Claims{}, jwt.Options{}, "jwt", nil},
		{"typ application/jwt", jwt.Claims{}, jwt.Options{}, "application/jwt", nil},
		{"typ other, none expected", jwt.Claims{}, jwt.Options{}, "at+jwt", jwt.ErrType},
		{"typ expected", jwt.Claims{}, jwt.Options{Type: "at+jwt"}, "at+jwt", nil},
		{"typ expected, upper case", jwt.Claims{}, jwt.Options{Type: "at+jwt"}, "AT+JWT", nil},
		{"typ expected, full", jwt.Claims{}, jwt.Options{Type: "at+jwt"}, "Application/at+jwt", nil},
		{"typ expected full, short", jwt.Claims{}, jwt.Options{Type: "application/at+jwt"}, "at+jwt", nil},
		{"typ expected, absent", jwt.Claims{}, jwt.Options{Type: "at+jwt"}, "", jwt.ErrType},
		{"typ expected, JWT", jwt.Claims{}, jwt.Options{Type: "at+jwt"}, "JWT", jwt.ErrType},
		{"typ expected, other top type", jwt.Claims{}, jwt.Options{Type: "at+jwt"}, "text/at+jwt", jwt.ErrType},
		{"typ expected, extra slash", jwt.Claims{}, jwt.Options{Type: "at+jwt"}, "application/at+jwt/x", jwt.ErrType},
		{"typ expected, suffix only", jwt.Claims{}, jwt.Options{Type: "at+jwt"}, "jwt", jwt.ErrType},

		// Required claims, registered or not.
		{"required present", jwt.Claims{Subject: "s", Expiry: at(s)}, jwt.Options{Required: []string{"exp", "sub", "scope"}}, "", nil},
		{"required missing", jwt.Claims{Subject: "s"}, jwt.Options{Required: []string{"sub", "exp"}}, "", jwt.ErrMissingClaim},
		{"required custom missing", jwt.Claims{}, jwt.Options{Required: []string{"Scope"}}, "", jwt.ErrMissingClaim},

		// The order of the checks: the first failure is reported.
		{"order typ first", jwt.Claims{Expiry: at(-s)}, jwt.Options{Type: "x+jwt"}, "", jwt.ErrType},
		{"order required before exp", jwt.Claims{Expiry: at(-s)}, jwt.Options{Required: []string{"jti"}}, "", jwt.ErrMissingClaim},
		{"order exp before iss", jwt.Claims{Expiry: at(-s), Issuer: "b"}, jwt.Options{Issuer: "a"}, "", jwt.ErrExpired},
		{"order iss before aud", jwt.Claims{Issuer: "b", Audience: jwt.Audience{"x"}}, jwt.Options{Issuer: "a"}, "", jwt.ErrIssuer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := jwt.Sign(t.Context(), &tt.c, map[string]string{"scope": "x"}, hs256(macKey),
				&jwt.SignOptions{JWS: jws.SignOptions{Header: jws.Header{Type: tt.typ}}})
			if err != nil {
				t.Fatal(err)
			}
			o := tt.o
			o.Now = clock(t0)
			got, err := jwt.Verify[struct{}](t.Context(), []byte(tok), hs256(macKey), &o)
			if tt.want == nil {
				if err != nil || got == nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) || !errors.Is(err, jwt.ErrValidation) || got != nil {
				t.Fatalf("err = %v (token %v), want %v", err, got, tt.want)
			}
		})
	}
}

// TestRulesSentinelsDistinct checks that no rule sentinel wraps another.
func TestRulesSentinelsDistinct(t *testing.T) {
	all := []error{jwt.ErrExpired, jwt.ErrNotYetValid, jwt.ErrIssuedInFuture, jwt.ErrTooOld, jwt.ErrIssuer,
		jwt.ErrAudience, jwt.ErrSubject, jwt.ErrID, jwt.ErrMissingClaim, jwt.ErrType, jwt.ErrCheck}
	for i, a := range all {
		if !errors.Is(a, jwt.ErrValidation) {
			t.Errorf("%v does not wrap ErrValidation", a)
		}
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("%v wraps %v", a, b)
			}
		}
	}
	for _, e := range []error{jwt.ErrMalformed, jwt.ErrNesting, jwt.ErrUnsecured, jwt.ErrInvalidClaims, jwt.ErrInvalidOptions} {
		if errors.Is(e, jwt.ErrValidation) {
			t.Errorf("%v wraps ErrValidation", e)
		}
	}
}

// TestClock checks that the default clock is time.Now, and that Now is
// called for each token.
func TestClock(t *testing.T) {
	exp, err := jwt.NewNumericDate(time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.Sign(t.Context(), &jwt.Claims{Expiry: &exp}, nil, hs256(macKey), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jwt.Verify[struct{}](t.Context(), []byte(tok), hs256(macKey), nil); err != nil {
		t.Errorf("default clock: %v", err)
	}
	now := t0
	o := &jwt.Options{Now: func() time.Time { return now }}
	for i, d := range []time.Duration{-2 * time.Hour, 2 * time.Hour} {
		now = exp.Time().Add(d)
		_, err := jwt.Verify[struct{}](t.Context(), []byte(tok), hs256(macKey), o)
		if (d < 0) != (err == nil) {
			t.Errorf("%d: now %v: err = %v", i, now, err)
		}
	}
}
