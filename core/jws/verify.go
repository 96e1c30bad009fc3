package jws

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
)

// VerifyOptions are the options of [Verify], [VerifyKeys] and [Parse]. The
// zero value (and a nil pointer) means: default limits, no extension
// understood but "b64", an attached payload, and success when at least
// one signature verifies.
type VerifyOptions struct {
	// Limits bounds the size and shape of the token; zero fields take
	// their defaults (see [jwa.Limits]). The token size is checked before
	// anything else is done.
	Limits jwa.Limits

	// Critical lists the extension header parameters the caller
	// understands and checks itself. A token whose "crit" lists any other
	// name is rejected with ErrCritical. "b64" (RFC 7797) is always
	// understood.
	Critical []string

	// DetachedPayload, when not nil, is the payload of a JWS with detached
	// content (RFC 7515, Appendix F); the token must then carry none. It
	// is used as is: base64url-encoded into the signing input, or used
	// directly when the header has "b64": false. A non-nil empty slice is
	// an empty detached payload.
	DetachedPayload []byte

	// RequireAll makes verification of a JWS with several signatures
	// succeed only if every signature verifies. By default one suffices.
	RequireAll bool

	// RequireKeyIDs, when not empty, makes verification succeed only if,
	// for each key ID listed, a signature whose "kid" header parameter is
	// that key ID verifies. Signatures with other key IDs are then not
	// checked (unless RequireAll is set).
	RequireKeyIDs []string

	// TrustEmbeddedKey, when set, lets [VerifyKeys] also try the public
	// key carried in the protected "jwk" header parameter (RFC 7515,
	// Section 4.1.3), under the same algorithm rules as the other keys,
	// but only if TrustEmbeddedKey returns nil for it. It is the caller's
	// policy: for example, accept only a key whose RFC 7638 thumbprint is
	// pinned. A "jwk" in the unprotected header is never used, a private
	// key there makes the token malformed, and "jku", "x5u" and "x5c" are
	// never used or fetched. [Verify] ignores this field: it has its key.
	TrustEmbeddedKey func(k *jwk.Key) error
}

// policy is the part of VerifyOptions that Verify needs after parsing.
type policy struct {
	all   bool
	kids  []string
	l     jwa.Limits
	trust func(*jwk.Key) error
}

func (o *VerifyOptions) resolve() (jwa.Limits, policy) {
	if o == nil {
		l := jwa.DefaultLimits()
		return l, policy{l: l}
	}
	l := o.Limits.WithDefaults()
	return l, policy{all: o.RequireAll, kids: slices.Clone(o.RequireKeyIDs), l: l, trust: o.TrustEmbeddedKey}
}

func (o *VerifyOptions) parseArgs() (detached []byte, understood []string) {
	if o == nil {
		return nil, nil
	}
	return o.DetachedPayload, o.Critical
}

// An Unverified is a JWS that has been parsed but whose signatures have
// not been verified. Its header and payload are accessible only through
// methods whose names say so: they are whatever the sender chose, and may
// be used to choose a key (for example by "kid"), never to trust the
// content. An Unverified is immutable and safe for concurrent use; it can
// be verified several times, with different keys.
type Unverified struct {
	m   *message
	pol policy
}

// Parse parses a JWS in any serialization (compact, flattened JSON or
// general JSON) and checks its structure, "crit" and "b64" header
// parameters and limits, without verifying any signature. Call
// [Unverified.Verify] or [Unverified.VerifyKeys] to verify it; opts is
// remembered for that.
//
// Parse does not retain token or any slice of opts.
func Parse(token []byte, opts *VerifyOptions) (*Unverified, error) {
	l, pol := opts.resolve()
	detached, understood := opts.parseArgs()
	m, err := parse(token, l, detached, understood)
	if err != nil {
		return nil, err
	}
	return &Unverified{m: m, pol: pol}, nil
}

// Serialization returns the serialization the token used.
func (u *Unverified) Serialization() Serialization { return u.m.ser }

// UnverifiedSignatures returns the signatures of the JWS, in order, with
// their headers. Nothing in them has been verified.
func (u *Unverified) UnverifiedSignatures() []*Signature {
	out := make([]*Signature, len(u.m.sigs))
	for i := range u.m.sigs {
		out[i] = &u.m.sigs[i]
	}
	return out
}

// UnverifiedPayload returns a copy of the JWS payload, which has not been
// verified.
func (u *Unverified) UnverifiedPayload() []byte { return slices.Clone(u.m.payload) }

// Verify verifies the JWS with v under the policy given to [Parse], as
// [Verify] does.
func (u *Unverified) Verify(ctx context.Context, v jwa.Verifier) (*Message, error) {
	if v == nil {
		return nil, errNilVerifier
	}
	return u.m.verify(ctx, u.pol, &checker{v: v})
}

// Verify parses token in any serialization and verifies it with v.
//
// Before any cryptography, the "alg" header parameter of each signature is
// compared with v.Algorithm(): a mismatch, and "none" in any spelling, give
// an *[AlgorithmError], which unwraps to jwa.ErrVerification. A signature
// that does not verify gives an error wrapping jwa.ErrVerification.
// Malformed tokens give errors wrapping ErrMalformed, ErrCritical, ErrB64,
// ErrDetached or ErrTooLarge.
//
// For a JWS with several signatures, the policy in opts decides which must
// verify; the returned [Message] holds the payload and the signatures that
// verified. Verify never uses a key carried in the token ("jwk", "jku",
// "x5u", "x5c").
//
// Verify does not retain token or any slice of opts.
func Verify(ctx context.Context, token []byte, v jwa.Verifier, opts *VerifyOptions) (*Message, error) {
	if v == nil {
		return nil, errNilVerifier
	}
	l, pol := opts.resolve()
	detached, understood := opts.parseArgs()
	m, err := parse(token, l, detached, understood)
	if err != nil {
		return nil, err
	}
	return m.verify(ctx, pol, &checker{v: v})
}

// errSignature is the error for a signature that does not verify.
var errSignature = fmt.Errorf("jws: invalid signature: %w", jwa.ErrVerification)

var errNilVerifier = fmt.Errorf("%w: nil Verifier", ErrInvalidOptions)

// A checker verifies one signature, either with one Verifier (v) or with
// keys from a key source and an allow-list (the fields of keys.go).
type checker struct {
	v jwa.Verifier

	ks   jwk.KeySource
	algs []jwa.SignatureAlgorithm
	pol  policy
}

func (c *checker) check(ctx context.Context, s *Signature, input []byte) error {
	if c.v == nil {
		return c.checkKeys(ctx, s, input)
	}
	want := c.v.Algorithm()
	if string(s.alg) != want || isNone(s.alg) {
		return &AlgorithmError{Token: string(s.alg), Verifier: want}
	}
	return verifyErr(c.v.Verify(ctx, input, s.sig))
}

// verifyErr replaces the error of a Verifier by errSignature when it says
// only that the signature is invalid, and keeps others (such as a
// cancelled context or an unreachable KMS) for the caller.
func verifyErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, jwa.ErrVerification) {
		return errSignature
	}
	return fmt.Errorf("jws: verifying: %w", err)
}

func isNone(alg []byte) bool { return strings.EqualFold(strings.TrimSpace(string(alg)), "none") }

// verify applies the policy, calling check for the signatures it needs.
func (m *message) verify(ctx context.Context, pol policy, c *checker) (*Message, error) {
	out := &Message{m: m}
	out.sigs = out.one[:0]
	var (
		scratch  []byte
		firstErr error
	)
	multi := len(m.sigs) > 1
	for i := range m.sigs {
		s := &m.sigs[i]
		if !pol.all {
			if len(pol.kids) == 0 && len(out.sigs) > 0 {
				break // one verified signature is enough
			}
			if len(pol.kids) > 0 && !slices.Contains(pol.kids, string(s.kid)) {
				continue
			}
		}
		input := m.input
		if input == nil {
			scratch = append(scratch[:0], s.protected...)
			scratch = append(scratch, '.')
			scratch = append(scratch, m.payloadSeg...)
			input = scratch
		}
		if err := c.check(ctx, s, input); err != nil {
			if multi {
				err = fmt.Errorf("jws: signature %d: %w", i, err)
			}
			if pol.all {
				return nil, err
			}
			var ae *AlgorithmError
			if firstErr == nil || errors.As(firstErr, &ae) && !errors.As(err, &ae) {
				firstErr = err
			}
			continue
		}
		out.sigs = append(out.sigs, s)
	}
	for _, kid := range pol.kids {
		if !slices.ContainsFunc(out.sigs, func(s *Signature) bool { return string(s.kid) == kid }) {
			if firstErr != nil {
				return nil, firstErr
			}
			return nil, fmt.Errorf("jws: no valid signature with key ID %q: %w", kid, jwa.ErrVerification)
		}
	}
	if len(out.sigs) == 0 {
		if firstErr == nil { // unreachable: every JWS has a signature
			firstErr = errSignature
		}
		return nil, firstErr
	}
	return out, nil
}

// A Message is a verified JWS: its payload and the signatures that
// verified under the caller's policy. It is immutable and safe for
// concurrent use.
type Message struct {
	m    *message
	sigs []*Signature
	one  [1]*Signature
}

// Payload returns the verified payload (for a detached JWS, a copy of the
// detached payload). The slice belongs to the Message: do not modify it.
func (m *Message) Payload() []byte { return m.m.payload }

// Signatures returns the signatures that verified, in token order; the
// first is the one a caller of a single-signature JWS wants. Only the
// protected header members of each (see [Signature.IsProtected]) are
// covered by its signature.
func (m *Message) Signatures() []*Signature { return slices.Clone(m.sigs) }

// Signature returns the first signature that verified.
func (m *Message) Signature() *Signature { return m.sigs[0] }

// Serialization returns the serialization the token used.
func (m *Message) Serialization() Serialization { return m.m.ser }

// Detached reports whether the payload was given by the caller rather than
// carried in the token.
func (m *Message) Detached() bool { return m.m.detached }
