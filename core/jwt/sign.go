package jwt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/joseframework/jose/core/internal/strictjson"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jws"
)

// SignOptions are the options of Sign, SignEncrypt and
// InsecureMakeUnsecured. A nil pointer means the zero value.
type SignOptions struct {
	// JWS sets the header of the signature: "kid", "typ" (such as
	// "at+jwt"; none by default) and extra protected members. "cty" must
	// be empty, and Unencoded and Detached false: a JWT carries its claims,
	// base64url-encoded.
	JWS jws.SignOptions

	// SingleAudience writes an "aud" of one value as a JSON string rather
	// than an array of one string, for recipients that expect that form.
	SingleAudience bool
}

// EncryptOptions are the options of Encrypt and SignEncrypt. A nil
// pointer means the zero value.
type EncryptOptions struct {
	// JWE sets the header and inputs of the encryption. The serialization
	// must be compact, and AAD nil. ContentType must be empty: Encrypt
	// writes none and SignEncrypt writes "JWT".
	JWE jwe.EncryptOptions

	// SingleAudience is as in SignOptions, for Encrypt. SignEncrypt takes
	// it from its SignOptions.
	SingleAudience bool
}

// Sign makes a JWT with the registered claims c (nil for none) and the
// custom claims custom (nil, or any value that encoding/json writes as an
// object, such as a struct or a map), signed by s, in the JWS compact
// serialization.
//
// Custom claims may not repeat a registered claim name, nor any name of
// another claim up to case. Strings must be valid UTF-8. Errors for such
// claims wrap ErrInvalidClaims.
func Sign(ctx context.Context, c *Claims, custom any, s jwa.Signer, opts *SignOptions) (string, error) {
	if opts == nil {
		opts = &SignOptions{}
	}
	if err := checkSignOptions(&opts.JWS); err != nil {
		return "", err
	}
	payload, err := payload(c, custom, opts.SingleAudience)
	if err != nil {
		return "", err
	}
	tok, err := jws.Sign(ctx, payload, s, &opts.JWS)
	if err != nil {
		return "", fmt.Errorf("jwt: %w", err)
	}
	return tok, nil
}

func checkSignOptions(o *jws.SignOptions) error {
	switch {
	case o.ContentType != "":
		return fmt.Errorf("%w: a JWT that is not nested has no \"cty\"", ErrInvalidOptions)
	case o.Unencoded, o.Detached:
		return fmt.Errorf("%w: a JWT carries its claims base64url-encoded", ErrInvalidOptions)
	}
	return nil
}

// Encrypt makes a JWT with the claims c and custom, as Sign does,
// encrypted with enc for the recipient r, in the JWE compact
// serialization. Such a JWT is not signed: anyone holding the recipient's
// public key can make one. Use SignEncrypt when the recipient must know
// who issued the token.
func Encrypt(ctx context.Context, c *Claims, custom any, enc jwa.ContentEncryptionAlgorithm, r jwe.Recipient, opts *EncryptOptions) (string, error) {
	if opts == nil {
		opts = &EncryptOptions{}
	}
	if opts.JWE.ContentType != "" {
		return "", fmt.Errorf("%w: a JWT that is not nested has no \"cty\"", ErrInvalidOptions)
	}
	payload, err := payload(c, custom, opts.SingleAudience)
	if err != nil {
		return "", err
	}
	return encrypt(ctx, payload, enc, r, opts.JWE, "")
}

// SignEncrypt makes a nested JWT (RFC 7519, Section 5.2): the claims are
// signed by s as Sign does, and the resulting JWS is encrypted with enc
// for r, with "cty": "JWT", in the JWE compact serialization. Recipients
// read it with DecryptVerify.
func SignEncrypt(ctx context.Context, c *Claims, custom any, s jwa.Signer, enc jwa.ContentEncryptionAlgorithm, r jwe.Recipient, sopts *SignOptions, eopts *EncryptOptions) (string, error) {
	if eopts == nil {
		eopts = &EncryptOptions{}
	}
	if eopts.JWE.ContentType != "" {
		return "", fmt.Errorf("%w: SignEncrypt sets \"cty\" itself", ErrInvalidOptions)
	}
	inner, err := Sign(ctx, c, custom, s, sopts)
	if err != nil {
		return "", err
	}
	return encrypt(ctx, []byte(inner), enc, r, eopts.JWE, "JWT")
}

func encrypt(ctx context.Context, plaintext []byte, enc jwa.ContentEncryptionAlgorithm, r jwe.Recipient, o jwe.EncryptOptions, cty string) (string, error) {
	if o.Serialization != jwe.Compact || o.AAD != nil {
		return "", fmt.Errorf("%w: a JWT uses the compact serialization", ErrInvalidOptions)
	}
	o.ContentType = cty
	tok, err := jwe.Encrypt(ctx, plaintext, enc, []jwe.Recipient{r}, &o)
	if err != nil {
		return "", fmt.Errorf("jwt: %w", err)
	}
	return string(tok), nil
}

var errInvalidUTF8 = fmt.Errorf("%w: custom claims hold invalid UTF-8", ErrInvalidClaims)

// payload writes the claims set of c and custom.
func payload(c *Claims, custom any, singleAudience bool) ([]byte, error) {
	if custom != nil {
		if v, p := customStruct(custom); p != nil {
			return payloadPlan(c, v, p, singleAudience)
		}
	}
	return payloadJSON(c, custom, singleAudience)
}

// payloadJSON is payload with custom written by encoding/json.
func payloadJSON(c *Claims, custom any, singleAudience bool) ([]byte, error) {
	var cj []byte
	if custom != nil {
		var err error
		if cj, err = json.Marshal(custom); err != nil {
			return nil, fmt.Errorf("%w: custom claims: %v", ErrInvalidClaims, err)
		}
		if hasReplacementEscape(cj) {
			return nil, errInvalidUTF8
		}
		cj = bytes.TrimSpace(cj)
		if string(cj) == "null" {
			cj = nil
		}
	}
	b := make([]byte, 0, 2+c.sizeHint()+len(cj))
	b = append(b, '{')
	if c != nil {
		var err error
		if b, err = c.appendMembers(b, singleAudience); err != nil {
			return nil, err
		}
	}
	if cj == nil {
		return append(b, '}'), nil
	}
	// Refuse what Verify would refuse: custom claims that are not an
	// I-JSON object within the default depth, or whose names clash with
	// another claim's (see claimNames.check).
	var names claimNames
	names.addRegistered(c)
	err := strictjson.Each(cj, jwa.DefaultMaxDepth, func(name string, _ []byte) error {
		return names.check(name)
	})
	if err != nil {
		if !errors.Is(err, ErrInvalidClaims) {
			err = fmt.Errorf("%w: custom claims are not a JSON object: %v", ErrInvalidClaims, err)
		}
		return nil, err
	}
	inner := bytes.TrimSpace(cj[1 : len(cj)-1])
	if len(inner) > 0 {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, inner...)
	}
	return append(b, '}'), nil
}

// payloadPlan is payload for custom claims in the struct v, written with
// the plan p.
func payloadPlan(c *Claims, v reflect.Value, p *encodePlan, singleAudience bool) ([]byte, error) {
	b := make([]byte, 0, 2+c.sizeHint()+p.sizeHint(v))
	b = append(b, '{')
	if c != nil {
		var err error
		if b, err = c.appendMembers(b, singleAudience); err != nil {
			return nil, err
		}
	}
	var names claimNames
	names.addRegistered(c)
	b, err := p.appendMembers(b, v, names.check)
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// A claimNames is the set of the names written to a claims set, for
// refusing a custom claim that Verify would refuse.
type claimNames struct{ foldSet }

// addRegistered adds the names of the registered claims c writes. They
// are valid by construction, so only their names take part.
func (names *claimNames) addRegistered(c *Claims) {
	if c == nil {
		return
	}
	for _, name := range registered {
		if c.has(name) {
			names.add(name)
		}
	}
}

// check refuses a custom claim name that repeats a registered claim or
// equals another claim's name up to case (such as "Iss" beside "iss"),
// and adds it to the set.
func (names *claimNames) check(name string) error {
	if isRegistered(name) {
		return fmt.Errorf("%w: custom claims hold the registered claim %q; set it in Claims", ErrInvalidClaims, name)
	}
	if !names.add(name) {
		return fmt.Errorf("%w: claim names %q and %q differ only by case", ErrInvalidClaims, names.dup, name)
	}
	return nil
}

// hasReplacementEscape reports whether the JSON text j has the escape
// \ufffd in a string. encoding/json writes it, and only it, for each byte of
// invalid UTF-8 in a Go string (a valid U+FFFD is written as is), so this
// is how invalid UTF-8 in custom claims is caught instead of being signed
// as U+FFFD. A MarshalJSON method that writes the escape itself is
// refused too.
func hasReplacementEscape(j []byte) bool {
	for i := 0; i < len(j); i++ {
		if j[i] != '\\' || i+1 >= len(j) {
			continue
		}
		if j[i+1] == 'u' && i+6 <= len(j) && strings.EqualFold(string(j[i+2:i+6]), "fffd") {
			return true
		}
		i++ // skip the escaped character, so that \\ufffd is not an escape
	}
	return false
}
