package jwt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/joseframework/jose/core/internal/strictjson"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
)

// A Token is a JWT that passed every check: its signature or decryption
// succeeded and its claims met the caller's rules. T is the type the
// claims set is also decoded into, as encoding/json.Unmarshal decodes it,
// for claims other than the registered ones; use struct{} when there are
// none.
//
// A Token is only ever returned together with a nil error: there is no
// half-valid Token.
//
// For a claims set of up to 4 KiB, the strings of Claims and Custom are
// substrings of one copy of it, made for them: one allocation instead of
// one per string. A string kept after the Token keeps that copy alive.
type Token[T any] struct {
	// Claims are the registered claims.
	Claims Claims

	// Custom is the claims set decoded into T with the result
	// encoding/json.Unmarshal gives (left zero when T is struct{}). For a
	// struct of strings, booleans, numbers and []string fields, the
	// decoding happens during the scan of the claims set, without a second
	// pass through encoding/json. Registered claims reach T too when it
	// has fields for them, but they are checked only in Claims.
	Custom T

	payload []byte
	sig     *jws.Signature
	enc     *jwe.Header
	cs      claimSet
}

// Payload returns the JWT Claims Set: the JSON text that was signed or
// encrypted. The slice belongs to the Token: do not modify it.
func (t *Token[T]) Payload() []byte { return t.payload }

// Get returns a copy of the raw JSON value of the claim name, registered
// or not, and whether it is present. Claims that T has no field for are
// available here.
func (t *Token[T]) Get(name string) (json.RawMessage, bool) {
	var found []byte
	errFound := errors.New("found")
	err := strictjson.Each(t.payload, 0, func(n string, v []byte) error {
		if n == name {
			found = v
			return errFound
		}
		return nil
	})
	if err != errFound {
		return nil, false
	}
	return bytes.Clone(found), true
}

// Names returns the names of all claims, in the order of the claims set.
func (t *Token[T]) Names() []string {
	var names []string
	_ = strictjson.Each(t.payload, 0, func(n string, _ []byte) error { // validated when the Token was made
		names = append(names, n)
		return nil
	})
	return names
}

// Signature returns the verified signature, with its header, of a signed
// JWT (the inner one of a nested JWT), or nil for a JWT that was only
// encrypted or is unsecured.
func (t *Token[T]) Signature() *jws.Signature { return t.sig }

// Encryption returns the header of the JWE layer of an encrypted or
// nested JWT, authenticated by the decryption, or nil for a JWT that was
// not encrypted.
func (t *Token[T]) Encryption() *jwe.Header { return t.enc }

// Verify verifies a JWT in the JWS compact serialization with v, then
// parses its claims and applies the rules of opts. The token's "alg" must
// be v.Algorithm(); "none" never passes (see [InsecureParseUnsecured]).
//
// Errors from the signature layer are those of [jws.Verify] (a bad
// signature wraps jwa.ErrVerification); then a token that is not a JWT
// wraps ErrMalformed, a JWS whose "cty" announces a nested JWT wraps
// ErrNesting, and a rule that fails wraps ErrValidation and its own
// sentinel. Claims are parsed only after the signature verified.
func Verify[T any](ctx context.Context, token []byte, v jwa.Verifier, opts *Options) (*Token[T], error) {
	o, err := opts.check()
	if err != nil {
		return nil, err
	}
	if err := compactOnly(token); err != nil {
		return nil, err
	}
	m, err := jws.Verify(ctx, token, v, &o.JWS)
	if err != nil {
		return nil, fmt.Errorf("jwt: %w", err)
	}
	return fromJWS[T](m, o, nil)
}

// VerifyKeys is Verify with the key chosen from ks, among the algorithms
// algs, as [jws.VerifyKeys] does.
func VerifyKeys[T any](ctx context.Context, token []byte, ks jwk.KeySource, algs []jwa.SignatureAlgorithm, opts *Options) (*Token[T], error) {
	o, err := opts.check()
	if err != nil {
		return nil, err
	}
	if err := compactOnly(token); err != nil {
		return nil, err
	}
	m, err := jws.VerifyKeys(ctx, token, ks, algs, &o.JWS)
	if err != nil {
		return nil, fmt.Errorf("jwt: %w", err)
	}
	return fromJWS[T](m, o, nil)
}

// fromJWS finishes a verified JWS. outer is the JWE header of a nested JWT.
func fromJWS[T any](m *jws.Message, o *Options, outer *jwe.Header) (*Token[T], error) {
	sig := m.Signature()
	if m.Serialization() != jws.Compact {
		return nil, errNotCompact // unreachable: compactOnly
	}
	if sig.Unencoded() {
		return nil, fmt.Errorf("%w: unencoded (\"b64\": false) payload", ErrMalformed)
	}
	if cty := sig.ContentType(); cty != "" && sameType(cty, "JWT") {
		return nil, fmt.Errorf("%w: the JWS holds a nested JWT (\"cty\": %q), which is not supported", ErrNesting, cty)
	}
	t := &Token[T]{sig: sig, enc: outer}
	if err := finish(t, m.Payload(), sig.Type(), o, o.JWS.Limits.WithDefaults().MaxDepth); err != nil {
		return nil, err
	}
	return t, nil
}

// Decrypt decrypts a JWT in the JWE compact serialization with kd, then
// parses its claims and applies the rules of opts. opts.JWE.ContentEncryption
// is required. A JWE whose "cty" announces a nested JWT is refused with
// ErrNesting: use DecryptVerify, whose inner signature is checked.
//
// Errors from the encryption layer are those of [jwe.Decrypt] (a failed
// decryption wraps jwa.ErrDecryption); then errors are as for Verify.
func Decrypt[T any](ctx context.Context, token []byte, kd jwa.KeyDecrypter, opts *Options) (*Token[T], error) {
	o, err := opts.check()
	if err != nil {
		return nil, err
	}
	if err := compactOnly(token); err != nil {
		return nil, err
	}
	res, err := jwe.Decrypt(ctx, token, kd, &o.JWE)
	if err != nil {
		return nil, fmt.Errorf("jwt: %w", err)
	}
	if res.Serialization != jwe.Compact {
		return nil, errNotCompact // unreachable: compactOnly
	}
	h := res.Header
	if h.ContentType != "" && sameType(h.ContentType, "JWT") {
		return nil, fmt.Errorf("%w: the JWE holds a nested JWT; use DecryptVerify", ErrNesting)
	}
	t := &Token[T]{enc: h}
	if err := finish(t, res.Plaintext, h.Type, o, o.JWE.Limits.WithDefaults().MaxDepth); err != nil {
		return nil, err
	}
	return t, nil
}

// DecryptVerify reads a nested JWT (RFC 7519, Section 5.2): it decrypts
// the outer JWE with kd under opts.JWE, requires its "cty" to be "JWT"
// and its content a compact JWS, verifies that JWS with v under opts.JWS,
// and only then parses the claims and applies the rules of opts. The
// inner token must be signed: an unsecured or encrypted inner token is
// refused. The outer "typ", when present, must be "JWT" or opts.Type;
// the inner one is checked as Options.Type says.
//
// The two layers use separate keys and policies: kd and opts.JWE for the
// encryption, v and opts.JWS for the signature.
func DecryptVerify[T any](ctx context.Context, token []byte, kd jwa.KeyDecrypter, v jwa.Verifier, opts *Options) (*Token[T], error) {
	o, err := opts.check()
	if err != nil {
		return nil, err
	}
	if err := compactOnly(token); err != nil {
		return nil, err
	}
	res, err := jwe.Decrypt(ctx, token, kd, &o.JWE)
	if err != nil {
		return nil, fmt.Errorf("jwt: %w", err)
	}
	if res.Serialization != jwe.Compact {
		return nil, errNotCompact
	}
	h := res.Header
	if !sameType(h.ContentType, "JWT") {
		return nil, fmt.Errorf("%w: the JWE \"cty\" is %q, want \"JWT\"", ErrNesting, h.ContentType)
	}
	inner := res.Plaintext
	switch bytes.Count(inner, []byte{'.'}) {
	case 2:
	case 4:
		return nil, fmt.Errorf("%w: the inner token is encrypted, not signed", ErrNesting)
	default:
		return nil, fmt.Errorf("%w: the content of the JWE is not a compact JWS", ErrNesting)
	}
	m, err := jws.Verify(ctx, inner, v, &o.JWS)
	if err != nil {
		return nil, fmt.Errorf("jwt: inner token: %w", err)
	}
	t, err := fromJWS[T](m, o, h)
	if err != nil {
		return nil, err
	}
	if h.Type != "" && !sameType(h.Type, "JWT") && (o.Type == "" || !sameType(h.Type, o.Type)) {
		return nil, fmt.Errorf("%w: outer %q", ErrType, h.Type)
	}
	return t, nil
}

var errNotCompact = fmt.Errorf("%w: a JWT uses the compact serialization (RFC 7519, Section 1)", ErrMalformed)

// compactOnly refuses the JSON serializations before any work is done.
func compactOnly(token []byte) error {
	for _, c := range token {
		switch c {
		case ' ', '\t', '\n', '\r':
		case '{':
			return errNotCompact
		default:
			return nil
		}
	}
	return nil
}

// finish parses payload into t and applies the rules of o.
func finish[T any](t *Token[T], payload []byte, typ string, o *Options, depth int) error {
	found, err := readClaims(payload, depth, &t.Claims, &t.cs, &t.Custom, o.Required)
	if err != nil {
		return err
	}
	t.payload = payload
	return o.validate(&t.Claims, typ, found, &t.Custom)
}

// readClaims parses payload into c, cs and custom (which must be zero),
// and sets bit i of found when the claim required[i] is present.
func readClaims[T any](payload []byte, depth int, c *Claims, cs *claimSet, custom *T, required []string) (found uint64, err error) {
	p := planFor(reflect.TypeFor[T]()) // nil: encoding/json decodes T
	var d *customDecoder
	if p != nil && len(p.fields) > 0 {
		d = &customDecoder{plan: p, cs: cs, v: reflect.ValueOf(custom).Elem()}
	}
	var member func(string, []byte)
	if len(required) > 0 || d != nil {
		member = func(name string, v []byte) {
			for i, r := range required {
				if r == name {
					found |= 1 << i
				}
			}
			if d != nil {
				d.member(name, v)
			}
		}
	}
	if err := parseClaims(payload, depth, c, cs, member); err != nil {
		return 0, err
	}
	var cerr error
	switch {
	case p == nil:
		cerr = json.Unmarshal(payload, custom)
	case d != nil && d.fallback:
		var zero T
		*custom = zero
		cerr = json.Unmarshal(payload, custom)
	case d != nil:
		cerr = d.err
	}
	if cerr != nil {
		return 0, fmt.Errorf("%w: custom claims: %v", ErrMalformed, cerr)
	}
	return found, nil
}

// isErr reports whether err wraps any of targets.
func isErr(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
