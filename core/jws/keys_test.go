package jws_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
)

func octJWK(members string, key []byte) string {
	return `{"kty":"oct","k":"` + enc(key) + `"` + members + `}`
}

func testSet(t *testing.T, keys ...string) *jwk.Set {
	t.Helper()
	data := `{"keys":[`
	for i, k := range keys {
		if i > 0 {
			data += ","
		}
		data += k
	}
	set, err := jwk.ParseSet([]byte(data + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Keys) != len(keys) {
		t.Fatalf("set has %d keys, want %d", len(set.Keys), len(keys))
	}
	return set
}

func edJWK(members string) string {
	return `{"kty":"OKP","crv":"Ed25519","x":"` + enc(edA.pub) + `"` + members + `}`
}

func TestVerifyKeys(t *testing.T) {
	algs := []jwa.SignatureAlgorithm{testHS256Alg{}, testEdDSAAlg{}}
	set := testSet(t,
		octJWK(`,"kid":"a"`, keyA),
		octJWK(`,"kid":"b","alg":"HS256","use":"sig"`, keyB),
		edJWK(`,"kid":"e"`),
		octJWK(`,"kid":"enc","use":"enc"`, keyA),
		octJWK(`,"kid":"signonly","key_ops":["sign"]`, keyA),
		octJWK(`,"kid":"hs384","alg":"HS384"`, keyA),
		octJWK(`,"kid":"short"`, keyA[:16]),
		// The Ed25519 public key as an HMAC secret: the classic
		// algorithm-confusion attack must not find it.
		octJWK(`,"kid":"e-as-oct-decoy"`, []byte("a decoy key that is long enough!")),
	)
	sign := func(s jwa.Signer, kid string) []byte {
		tok, err := jws.Sign(t.Context(), []byte("payload"), s, &jws.SignOptions{Header: jws.Header{KeyID: kid}})
		if err != nil {
			t.Fatal(err)
		}
		return []byte(tok)
	}
	tests := []struct {
		name  string
		token []byte
		algs  []jwa.SignatureAlgorithm
		want  any
	}{
		{"kid a", sign(newHS256(keyA), "a"), algs, nil},
		{"kid b", sign(newHS256(keyB), "b"), algs, nil},
		{"kid e", sign(edA, "e"), algs, nil},
		{"no kid", sign(newHS256(keyB), ""), algs, nil},
		{"no kid, EdDSA", sign(edA, ""), algs, nil},
		{"wrong key for kid", sign(newHS256(keyB), "a"), algs, jwa.ErrVerification},
		{"unknown kid", sign(newHS256(keyA), "zzz"), algs, jws.ErrNoKey},
		{"alg not allowed", sign(edA, "e"), []jwa.SignatureAlgorithm{testHS256Alg{}}, "alg"},
		{"use enc", sign(newHS256(keyA), "enc"), algs, jws.ErrNoKey},
		{"key_ops without verify", sign(newHS256(keyA), "signonly"), algs, jws.ErrNoKey},
		{"key alg differs", sign(newHS256(keyA), "hs384"), algs, jws.ErrNoKey},
		{"key too short", sign(newHS256(keyA[:16]), "short"), algs, jws.ErrNoKey},
		{"OKP key for HS256", sign(newHS256(edA.pub), "e"), algs, jws.ErrNoKey},
		{"none", compact(`{"alg":"none","kid":"a"}`, "eA"), algs, "alg"},
		{"other alg", compact(`{"alg":"RS256","kid":"a"}`, "eA"), algs, "alg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := jws.VerifyKeys(t.Context(), tt.token, set, tt.algs, nil)
			wantErr(t, err, tt.want)
			if err == nil && string(msg.Payload()) != "payload" {
				t.Errorf("payload = %q", msg.Payload())
			}
			if errors.Is(err, jws.ErrNoKey) && !errors.Is(err, jwa.ErrVerification) {
				t.Errorf("ErrNoKey does not wrap ErrVerification")
			}
			u, err := jws.Parse(tt.token, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err = u.VerifyKeys(t.Context(), set, tt.algs)
			wantErr(t, err, tt.want)
		})
	}
	t.Run("allow-list names in error", func(t *testing.T) {
		_, err := jws.VerifyKeys(t.Context(), sign(edA, "e"), set, []jwa.SignatureAlgorithm{testHS256Alg{}}, nil)
		var ae *jws.AlgorithmError
		if !errors.As(err, &ae) || ae.Token != "EdDSA" || len(ae.Allowed) != 1 || ae.Allowed[0] != "HS256" {
			t.Errorf("error = %#v", err)
		}
	})
	t.Run("bad arguments", func(t *testing.T) {
		tok := sign(newHS256(keyA), "a")
		if _, err := jws.VerifyKeys(t.Context(), tok, set, nil, nil); !errors.Is(err, jws.ErrInvalidOptions) {
			t.Errorf("empty allow-list: %v, want ErrInvalidOptions", err)
		}
		if _, err := jws.VerifyKeys(t.Context(), tok, set, []jwa.SignatureAlgorithm{nil}, nil); !errors.Is(err, jws.ErrInvalidOptions) {
			t.Errorf("nil algorithm: %v, want ErrInvalidOptions", err)
		}
		if _, err := jws.VerifyKeys(t.Context(), tok, nil, algs, nil); !errors.Is(err, jws.ErrInvalidOptions) {
			t.Errorf("nil key source: %v, want ErrInvalidOptions", err)
		}
	})
}

func TestVerifyKeysCandidateBound(t *testing.T) {
	var keys []string
	for i := range 5 {
		keys = append(keys, octJWK("", []byte(fmt.Sprintf("wrong key number %d, long enough.", i))))
	}
	keys = append(keys, octJWK("", keyA))
	set := testSet(t, keys...)
	tok := compact(`{"alg":"HS256"}`, "eA")
	algs := []jwa.SignatureAlgorithm{testHS256Alg{}}
	if _, err := jws.VerifyKeys(t.Context(), tok, set, algs, nil); err != nil {
		t.Errorf("6 candidates, default bound: %v", err)
	}
	_, err := jws.VerifyKeys(t.Context(), tok, set, algs, &jws.VerifyOptions{Limits: jwa.Limits{MaxSignatures: 3}})
	if !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("6 candidates, bound 3: %v, want ErrVerification", err)
	}
}

type failingSource struct{}

func (failingSource) LookupKeys(context.Context, jwk.Query) ([]*jwk.Key, error) {
	return nil, errors.New("jwks endpoint unreachable")
}

func TestVerifyKeysSourceError(t *testing.T) {
	_, err := jws.VerifyKeys(t.Context(), compact(`{"alg":"HS256"}`, "eA"), failingSource{}, []jwa.SignatureAlgorithm{testHS256Alg{}}, nil)
	if err == nil || errors.Is(err, jwa.ErrVerification) {
		t.Errorf("error = %v, want the source's error, not a verification failure", err)
	}
}

func TestEmbeddedKey(t *testing.T) {
	algs := []jwa.SignatureAlgorithm{testHS256Alg{}, testEdDSAAlg{}}
	empty := testSet(t)
	pub := json.RawMessage(edJWK(""))
	tok, err := jws.Sign(t.Context(), []byte("self-signed"), edA, &jws.SignOptions{Header: jws.Header{Protected: map[string]any{"jwk": pub}}})
	if err != nil {
		t.Fatal(err)
	}
	tokB := []byte(tok)

	// Never used implicitly.
	if _, err := jws.VerifyKeys(t.Context(), tokB, empty, algs, nil); !errors.Is(err, jws.ErrNoKey) {
		t.Errorf("without a trust policy: %v, want ErrNoKey", err)
	}
	if _, err := jws.Verify(t.Context(), tokB, &testEdDSA{pub: make([]byte, 32)}, &jws.VerifyOptions{TrustEmbeddedKey: func(*jwk.Key) error { return nil }}); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("Verify with a policy must still use its own Verifier: %v", err)
	}
	// Declined by the policy.
	decline := &jws.VerifyOptions{TrustEmbeddedKey: func(*jwk.Key) error { return errors.New("not pinned") }}
	if _, err := jws.VerifyKeys(t.Context(), tokB, empty, algs, decline); !errors.Is(err, jws.ErrNoKey) {
		t.Errorf("declined: %v, want ErrNoKey", err)
	}
	// Accepted by a pinning policy, with or without a key source.
	want, err := jwk.ParseKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	pin := &jws.VerifyOptions{TrustEmbeddedKey: func(k *jwk.Key) error {
		if !k.Equal(want) {
			return errors.New("not pinned")
		}
		return nil
	}}
	for _, ks := range []jwk.KeySource{empty, nil} {
		msg, err := jws.VerifyKeys(t.Context(), tokB, ks, algs, pin)
		if err != nil {
			t.Fatalf("pinned: %v", err)
		}
		if string(msg.Payload()) != "self-signed" {
			t.Errorf("payload = %q", msg.Payload())
		}
	}
	// The allow-list still applies.
	if _, err := jws.VerifyKeys(t.Context(), tokB, empty, []jwa.SignatureAlgorithm{testHS256Alg{}}, pin); !errors.As(err, new(*jws.AlgorithmError)) {
		t.Errorf("alg outside the allow-list: %v", err)
	}
	// An unprotected "jwk" is never used.
	fl, err := jws.SignFlattened(t.Context(), []byte("x"), edA, &jws.SignOptions{Header: jws.Header{Unprotected: map[string]any{"jwk": pub}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jws.VerifyKeys(t.Context(), fl, empty, algs, pin); !errors.Is(err, jws.ErrNoKey) {
		t.Errorf("unprotected jwk: %v, want ErrNoKey", err)
	}
	// A private key in the header makes the token malformed.
	priv := json.RawMessage(edJWK(`,"d":"` + enc(edA.priv.Seed()) + `"`))
	tp, err := jws.Sign(t.Context(), []byte("x"), edA, &jws.SignOptions{Header: jws.Header{Protected: map[string]any{"jwk": priv}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jws.VerifyKeys(t.Context(), []byte(tp), empty, algs, pin); !errors.Is(err, jws.ErrMalformed) {
		t.Errorf("private jwk: %v, want ErrMalformed", err)
	}
	// A broken "jwk" is malformed too.
	tb := compact(`{"alg":"HS256","jwk":{"kty":"oct"}}`, "eA")
	if _, err := jws.VerifyKeys(t.Context(), tb, empty, algs, pin); !errors.Is(err, jws.ErrMalformed) {
		t.Errorf("broken jwk: %v, want ErrMalformed", err)
	}
}
