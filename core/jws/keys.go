package jws

import (
	"context"
	"errors"
	"fmt"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
)

// VerifyKeys parses token in any serialization and verifies it with keys
// from ks, accepting only the algorithms in algs.
//
// For each signature it needs (see the policy in opts), the header's "alg"
// must be the Name of one of algs, else the signature fails with an
// *[AlgorithmError]; "none" never passes. The candidate keys are those ks
// returns for the query {KeyID: the header's "kid" (any key when the token
// has none), Algorithm: "alg", Op: "verify"}: a key's "use" and "key_ops"
// must permit verification, and its "alg" must be the header's, or, when
// the key has no "alg", its type must suit the algorithm (the algorithm's
// NewVerifier must accept it). At most opts.Limits.MaxSignatures suitable
// keys are tried per signature, in the order ks gives; the signature
// verifies if one of them verifies it. When no key is suitable the error
// wraps ErrNoKey (and jwa.ErrVerification).
//
// Keys carried in the token are ignored unless opts.TrustEmbeddedKey is
// set. ks may be nil only in that case.
func VerifyKeys(ctx context.Context, token []byte, ks jwk.KeySource, algs []jwa.SignatureAlgorithm, opts *VerifyOptions) (*Message, error) {
	l, pol := opts.resolve()
	if err := checkKeyArgs(ks, algs, pol.trust); err != nil {
		return nil, err
	}
	detached, understood := opts.parseArgs()
	m, err := parse(token, l, detached, understood)
	if err != nil {
		return nil, err
	}
	return m.verify(ctx, pol, &checker{ks: ks, algs: algs, pol: pol})
}

// VerifyKeys verifies the JWS with keys from ks under the policy given to
// [Parse], as [VerifyKeys] does.
func (u *Unverified) VerifyKeys(ctx context.Context, ks jwk.KeySource, algs []jwa.SignatureAlgorithm) (*Message, error) {
	if err := checkKeyArgs(ks, algs, u.pol.trust); err != nil {
		return nil, err
	}
	return u.m.verify(ctx, u.pol, &checker{ks: ks, algs: algs, pol: u.pol})
}

var (
	errNoAlgs      = fmt.Errorf("%w: empty algorithm allow-list", ErrInvalidOptions)
	errNilAlg      = fmt.Errorf("%w: nil algorithm in the allow-list", ErrInvalidOptions)
	errNoKeySource = fmt.Errorf("%w: nil key source", ErrInvalidOptions)
)

func checkKeyArgs(ks jwk.KeySource, algs []jwa.SignatureAlgorithm, trust func(*jwk.Key) error) error {
	if ks == nil && trust == nil {
		return errNoKeySource
	}
	if len(algs) == 0 {
		return errNoAlgs
	}
	for _, a := range algs {
		if a == nil {
			return errNilAlg
		}
	}
	return nil
}

// checkKeys verifies one signature with the keys of c.ks.
func (c *checker) checkKeys(ctx context.Context, s *Signature, input []byte) error {
	ks, algs, pol := c.ks, c.algs, c.pol
	var alg jwa.SignatureAlgorithm
	for _, a := range algs {
		if a.Name() == string(s.alg) {
			alg = a
			break
		}
	}
	if alg == nil || isNone(s.alg) {
		names := make([]string, len(algs))
		for i, a := range algs {
			names[i] = a.Name()
		}
		return &AlgorithmError{Token: string(s.alg), Allowed: names}
	}
	var keys []*jwk.Key
	if ks != nil {
		var err error
		keys, err = ks.LookupKeys(ctx, jwk.Query{KeyID: string(s.kid), Algorithm: alg.Name(), Op: jwk.OpVerify})
		if err != nil {
			return fmt.Errorf("jws: looking up keys: %w", err)
		}
	}
	if pol.trust != nil {
		k, err := embeddedKey(s, pol)
		if err != nil {
			return err
		}
		if k != nil && k.AlgorithmFits(alg.Name()) && k.Permits(jwk.OpVerify) {
			keys = append(keys[:len(keys):len(keys)], k)
		}
	}
	tried := 0
	for _, k := range keys {
		if tried == pol.l.MaxSignatures {
			break
		}
		if k == nil {
			continue
		}
		v, err := alg.NewVerifier(k.Key())
		if err != nil {
			continue // a key of another type or size
		}
		tried++
		err = v.Verify(ctx, input, s.sig)
		if err == nil {
			return nil
		}
		if !errors.Is(err, jwa.ErrVerification) {
			return verifyErr(err)
		}
	}
	if tried == 0 {
		if len(s.kid) > 0 {
			return fmt.Errorf("%w for %s with key ID %q", ErrNoKey, alg.Name(), s.kid)
		}
		return fmt.Errorf("%w for %s", ErrNoKey, alg.Name())
	}
	return errSignature
}

// embeddedKey returns the key of the protected "jwk" header parameter if
// the caller's policy trusts it, nil if there is none or the policy
// declines it.
func embeddedKey(s *Signature, pol policy) (*jwk.Key, error) {
	raw, ok := member(s.header, "jwk")
	if !ok {
		return nil, nil
	}
	k, err := jwk.ParseKeyWithLimits(raw, pol.l)
	if err != nil {
		return nil, fmt.Errorf("%w: \"jwk\" header parameter: %w", ErrMalformed, err)
	}
	if k.IsPrivate() {
		return nil, fmt.Errorf("%w: \"jwk\" header parameter holds a private key", ErrMalformed)
	}
	if err := pol.trust(k); err != nil {
		return nil, nil // declined: the key is simply not a candidate
	}
	return k, nil
}
