package jwt

import (
	"bytes"
	"fmt"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/internal/strictjson"
	"github.com/joseframework/jose/core/jwa"
)

// InsecureMakeUnsecured makes an Unsecured JWT (RFC 7519, Section 6): the
// claims c and custom, as Sign writes them, under the header
// {"alg":"none"} (plus "typ" and "kid" from opts when set) and with an
// empty signature. Anyone can make or alter such a token. It exists for
// tests and for the rare protocol that carries claims whose integrity is
// ensured by other means.
func InsecureMakeUnsecured(c *Claims, custom any, opts *SignOptions) (string, error) {
	if opts == nil {
		opts = &SignOptions{}
	}
	h := opts.JWS.Header
	if err := checkSignOptions(&opts.JWS); err != nil {
		return "", err
	}
	if len(h.Protected) > 0 || len(h.Critical) > 0 || len(h.Unprotected) > 0 {
		return "", fmt.Errorf("%w: an unsecured JWT header has only \"alg\", \"typ\" and \"kid\"", ErrInvalidOptions)
	}
	payload, err := payload(c, custom, opts.SingleAudience)
	if err != nil {
		return "", err
	}
	hdr := []byte(`{"alg":"none"`)
	for _, m := range [...]struct{ name, v string }{{"typ", h.Type}, {"kid", h.KeyID}} {
		if m.v == "" {
			continue
		}
		hdr = append(hdr, `,"`+m.name+`":`...)
		if hdr, err = appendString(hdr, m.v, m.name); err != nil {
			return "", fmt.Errorf("%w: header member %q is not valid UTF-8", ErrInvalidOptions, m.name)
		}
	}
	hdr = append(hdr, '}')
	out := b64.AppendEncode(nil, hdr)
	out = append(out, '.')
	out = b64.AppendEncode(out, payload)
	out = append(out, '.')
	return string(out), nil
}

// InsecureParseUnsecured reads an Unsecured JWT (RFC 7519, Section 6):
// a compact JWS whose header has "alg": "none" and whose signature is
// empty. Nothing authenticates such a token: whoever sent it chose every
// claim. The rules of opts are applied to its claims and "typ", as by
// Verify, with the limits of opts.JWS; opts.JWS.Critical is ignored, since
// a "crit" header makes the token fail.
//
// The token must be unsecured: a token with any other "alg" (even one
// whose signature would verify) fails with ErrUnsecured, so that this
// function cannot serve to skip a verification. [Verify] and the other
// functions of this package never accept "alg": "none".
func InsecureParseUnsecured[T any](token []byte, opts *Options) (*Token[T], error) {
	o, err := opts.check()
	if err != nil {
		return nil, err
	}
	l := o.JWS.Limits.WithDefaults()
	if len(token) > l.MaxTokenSize {
		return nil, fmt.Errorf("jwt: token longer than %d bytes: %w", l.MaxTokenSize, jwa.ErrLimit)
	}
	token = bytes.TrimSpace(token)
	parts := bytes.SplitN(token, []byte{'.'}, 4)
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: compact serialization needs three parts", ErrMalformed)
	}
	if len(parts[2]) != 0 {
		return nil, fmt.Errorf("%w: the signature is not empty", ErrUnsecured)
	}
	if len(parts[0]) > b64.EncodedLen(l.MaxHeaderSize) {
		return nil, fmt.Errorf("jwt: header longer than %d bytes: %w", l.MaxHeaderSize, jwa.ErrLimit)
	}
	hdr, err := b64.Decode(parts[0])
	if err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	var alg, typ, cty string
	var hasAlg bool
	err = strictjson.Each(hdr, l.MaxDepth, func(name string, v []byte) error {
		var err error
		switch name {
		case "alg":
			hasAlg = true
			alg, err = strictjson.String(v)
		case "typ":
			typ, err = strictjson.String(v)
		case "cty":
			cty, err = strictjson.String(v)
		case "crit":
			return fmt.Errorf("%w: the header has \"crit\"", ErrUnsecured)
		}
		if err != nil {
			return fmt.Errorf("%w: header member %q must be a string", ErrMalformed, name)
		}
		return nil
	})
	switch {
	case err != nil && !isErr(err, ErrUnsecured, ErrMalformed):
		return nil, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	case err != nil:
		return nil, err
	case !hasAlg:
		return nil, fmt.Errorf("%w: the header has no \"alg\"", ErrMalformed)
	case alg != "none":
		return nil, fmt.Errorf("%w: \"alg\" is %q", ErrUnsecured, alg)
	case cty != "" && sameType(cty, "JWT"):
		return nil, fmt.Errorf("%w: an unsecured JWT cannot hold a nested JWT", ErrNesting)
	}
	payload, err := b64.Decode(parts[1])
	if err != nil {
		return nil, fmt.Errorf("%w: payload: %v", ErrMalformed, err)
	}
	t := new(Token[T])
	if err := finish(t, payload, typ, o, l.MaxDepth); err != nil {
		return nil, err
	}
	return t, nil
}
