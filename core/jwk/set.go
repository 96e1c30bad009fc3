package jwk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/joseframework/jose/core/internal/strictjson"
	"github.com/joseframework/jose/core/jwa"
)

// A Set is a JWK Set (RFC 7517, Section 5).
type Set struct {
	// Keys are the keys of the set, in input order.
	Keys []*Key

	// Skipped counts the keys [ParseSet] left out because their "kty" or
	// "crv" (or another feature, see ErrUnsupported) is not supported.
	Skipped int

	extra []member // unknown top-level members
}

// A Query selects keys from a [KeySource]. An empty field matches every
// key.
type Query struct {
	// KeyID must equal the key's "kid". A key without "kid" matches only
	// an empty KeyID.
	KeyID string
	// Algorithm must fit the key, as [Key.AlgorithmFits] says: a key with
	// "alg" must name the same algorithm; a key without "alg" matches when
	// its type suits the algorithm.
	Algorithm string
	// Use is "sig" or "enc". A key with "use" must have the same one; a key
	// with "key_ops" must list an operation of that use; a key whose "alg"
	// is a known algorithm must have an algorithm of that use.
	Use string
	// KeyType must equal the key's "kty".
	KeyType string
	// Op is an operation the key must permit ([Key.Permits]).
	Op string
}

// A KeySource gives the keys that match a query. Implementations must be
// safe for concurrent use and return keys in a stable, meaningful order
// (for a Set, input order). A *Set is a KeySource; a remote JWK Set cache
// is another.
type KeySource interface {
	LookupKeys(ctx context.Context, q Query) ([]*Key, error)
}

var _ KeySource = (*Set)(nil)

// ParseSet parses a JWK Set with the default limits. See
// [ParseSetWithLimits].
func ParseSet(data []byte) (*Set, error) {
	return ParseSetWithLimits(data, jwa.Limits{})
}

// ParseSetWithLimits parses a JWK Set: an object whose "keys" member is an
// array of JWKs, each parsed as [ParseKeyWithLimits] does. The whole set
// must be at most l.MaxTokenSize bytes, each key at most l.MaxHeaderSize.
//
// As RFC 7517, Section 5 asks, a key whose "kty" or "crv" is not supported
// (any key error wrapping ErrUnsupported) is skipped and counted in
// [Set.Skipped]. Any other bad key (malformed or invalid) makes the whole
// set an error: a set that carries a broken key is not trusted for its
// other keys either. Duplicate "kid" values are allowed, since sets
// legitimately hold one "kid" for keys of several types. Unknown top-level
// members are kept for [Set.MarshalJSON].
func ParseSetWithLimits(data []byte, l jwa.Limits) (*Set, error) {
	l = l.WithDefaults()
	if len(data) > l.MaxTokenSize {
		return nil, fmt.Errorf("%w: JWK Set of %d bytes exceeds the %d-byte limit: %w", ErrTooLarge, len(data), l.MaxTokenSize, jwa.ErrLimit)
	}
	s := &Set{}
	var keys []byte
	err := strictjson.Each(data, l.MaxDepth, func(name string, value []byte) error {
		if name == "keys" {
			keys = value
			return nil
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, value); err != nil {
			return err
		}
		s.extra = append(s.extra, member{name, buf.Bytes()})
		return nil
	})
	if err != nil {
		if errors.Is(err, strictjson.ErrDepth) {
			return nil, fmt.Errorf("%w: %w: %w", ErrMalformed, err, jwa.ErrLimit)
		}
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if keys == nil {
		return nil, fmt.Errorf("%w: JWK Set without \"keys\"", ErrMalformed)
	}
	elems, err := strictjson.Array(keys, l.MaxDepth)
	if err != nil {
		return nil, fmt.Errorf("%w: \"keys\": %w", ErrMalformed, err)
	}
	s.Keys = make([]*Key, 0, len(elems))
	for i, e := range elems {
		if len(e) == 0 || e[0] != '{' {
			return nil, fmt.Errorf("%w: \"keys\"[%d] is not an object", ErrMalformed, i)
		}
		k, err := ParseKeyWithLimits(e, l)
		switch {
		case errors.Is(err, ErrUnsupported):
			s.Skipped++
		case err != nil:
			return nil, fmt.Errorf("jwk: key %d of the set: %w", i, err)
		default:
			s.Keys = append(s.Keys, k)
		}
	}
	return s, nil
}

// MarshalJSON returns the set as {"keys":[...]}, followed by the unknown
// top-level members of a parsed set. Skipped keys are not included.
func (s *Set) MarshalJSON() ([]byte, error) {
	b := []byte(`{"keys":[`)
	for i, k := range s.Keys {
		if i > 0 {
			b = append(b, ',')
		}
		kb, err := k.MarshalJSON()
		if err != nil {
			return nil, err
		}
		b = append(b, kb...)
	}
	b = append(b, ']')
	for _, m := range s.extra {
		b = append(b, ',')
		b = appendString(b, m.name)
		b = append(b, ':')
		b = append(b, m.value...)
	}
	return append(b, '}'), nil
}

// Select returns the keys of s that match q, in set order.
func (s *Set) Select(q Query) []*Key {
	var out []*Key
	for _, k := range s.Keys {
		if k.matches(q) {
			out = append(out, k)
		}
	}
	return out
}

// LookupKeys returns s.Select(q). It never fails.
func (s *Set) LookupKeys(_ context.Context, q Query) ([]*Key, error) {
	return s.Select(q), nil
}

func (k *Key) matches(q Query) bool {
	if k == nil {
		return false
	}
	if q.KeyID != "" && k.kid != q.KeyID {
		return false
	}
	if q.KeyType != "" && k.kty != q.KeyType {
		return false
	}
	if q.Algorithm != "" && !k.AlgorithmFits(q.Algorithm) {
		return false
	}
	if q.Use != "" {
		if k.use != "" && k.use != q.Use {
			return false
		}
		if r, known := algRules[k.alg]; known && r.use != q.Use {
			return false
		}
		if k.hasKeyOps && !slices.ContainsFunc(k.keyOps, func(op string) bool { return useAllows(q.Use, op) }) {
			return false
		}
	}
	if q.Op != "" && !k.Permits(q.Op) {
		return false
	}
	return true
}
