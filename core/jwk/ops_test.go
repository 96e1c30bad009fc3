package jwk_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"slices"
	"testing"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/jwk"
)

func TestPermits(t *testing.T) {
	all := []string{jwk.OpSign, jwk.OpVerify, jwk.OpEncrypt, jwk.OpDecrypt, jwk.OpWrapKey, jwk.OpUnwrapKey, jwk.OpDeriveKey, jwk.OpDeriveBits}
	tests := []struct {
		jwk     string
		permits []string
	}{
		{`{"kty":"oct","k":"AQID"}`, all},
		{`{"kty":"oct","k":"AQID","use":"sig"}`, []string{"sign", "verify"}},
		{`{"kty":"oct","k":"AQID","use":"enc"}`, []string{"encrypt", "decrypt", "wrapKey", "unwrapKey", "deriveKey", "deriveBits"}},
		{`{"kty":"oct","k":"AQID","key_ops":["verify"]}`, []string{"verify"}},
		{`{"kty":"oct","k":"AQID","key_ops":["wrapKey","unwrapKey"],"use":"enc"}`, []string{"wrapKey", "unwrapKey"}},
		{`{"kty":"oct","k":"AQID","key_ops":[]}`, nil},
		{`{"kty":"oct","k":"AQID","use":"x-other"}`, nil},
	}
	for _, tt := range tests {
		k := mustParse(t, []byte(tt.jwk))
		for _, op := range all {
			want := slices.Contains(tt.permits, op)
			if got := k.Permits(op); got != want {
				t.Errorf("%s: Permits(%s) = %v, want %v", tt.jwk, op, got, want)
			}
			err := k.CheckOp(op)
			if want && err != nil || !want && !errors.Is(err, jwk.ErrOperation) {
				t.Errorf("%s: CheckOp(%s) = %v", tt.jwk, op, err)
			}
		}
	}
}

func TestPublicKeyOps(t *testing.T) {
	k := mustParse(t, []byte(`{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","key_ops":["sign","verify"],"kid":"a","x-private":"secret"}`))
	p, err := k.Public()
	if err != nil {
		t.Fatal(err)
	}
	if got := p.KeyOps(); !slices.Equal(got, []string{"verify"}) {
		t.Errorf("public key_ops %q, want [verify]", got)
	}
	if _, ok := p.Member("x-private"); ok {
		t.Error("Public kept an unknown member")
	}
	if p.KeyID() != "a" || p.IsPrivate() {
		t.Errorf("kid %q private %v", p.KeyID(), p.IsPrivate())
	}
	if p2, _ := p.Public(); p2 != p {
		t.Error("Public of a public key is not the same key")
	}
	out, _ := p.MarshalJSON()
	if bytes.Contains(out, []byte(`"d"`)) {
		t.Errorf("public key JSON has d: %s", out)
	}
	checkRoundTrip(t, p)
	// An RSA decryption key becomes an encryption key.
	r, _ := jwk.New(rsaKey())
	r2, _ := jwk.ParseKey(bytes.Replace(must(r.MarshalJSON()), []byte(`{"kty":"RSA"`), []byte(`{"kty":"RSA","key_ops":["decrypt","unwrapKey"]`), 1))
	if r2 == nil {
		t.Fatal("could not add key_ops")
	}
	rp, _ := r2.Public()
	if got := rp.KeyOps(); !slices.Equal(got, []string{"encrypt", "wrapKey"}) {
		t.Errorf("public key_ops %q", got)
	}
}

// testSet holds keys of every type with and without metadata.
const testSet = `{"keys":[
 {"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM","use":"enc","kid":"1"},
 {"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"},
 {"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"same"},
 {"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow","kid":"same","key_ops":["verify"]},
 {"kty":"EC","crv":"P-384","x":"AAAA","y":"AAAA","kid":"ignored"},
 {"kty":"OKP","crv":"X448","x":"AAAA","kid":"skipped"},
 {"kty":"PQ","kid":"skipped too"}
],"x-meta":{"n":1}}`

func TestSelect(t *testing.T) {
	_, err := jwk.ParseSet([]byte(testSet))
	if !errors.Is(err, jwk.ErrInvalidKey) {
		t.Fatalf("a set with an invalid EC key: %v, want ErrInvalidKey", err)
	}
	// Without the broken P-384 key the set parses, skipping two keys.
	data := bytes.Replace([]byte(testSet), []byte(`{"kty":"EC","crv":"P-384","x":"AAAA","y":"AAAA","kid":"ignored"},`), nil, 1)
	s, err := jwk.ParseSet(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Keys) != 4 || s.Skipped != 2 {
		t.Fatalf("%d keys, %d skipped; want 4 and 2", len(s.Keys), s.Skipped)
	}
	kids := func(keys []*jwk.Key) []string {
		var out []string
		for _, k := range keys {
			out = append(out, k.KeyType()+":"+k.KeyID())
		}
		return out
	}
	tests := []struct {
		q    jwk.Query
		want []string
	}{
		{jwk.Query{}, []string{"EC:1", "RSA:2011-04-29", "OKP:same", "oct:same"}},
		{jwk.Query{KeyID: "same"}, []string{"OKP:same", "oct:same"}},
		{jwk.Query{KeyID: "nope"}, nil},
		{jwk.Query{KeyID: "same", Algorithm: "EdDSA"}, []string{"OKP:same"}},
		{jwk.Query{KeyID: "same", Algorithm: "HS256"}, []string{"oct:same"}},
		{jwk.Query{Algorithm: "RS256"}, []string{"RSA:2011-04-29"}},
		{jwk.Query{Algorithm: "PS256"}, nil}, // the RSA key is pinned to RS256
		{jwk.Query{Algorithm: "ES256"}, nil}, // the EC key is for encryption
		{jwk.Query{Algorithm: "ECDH-ES"}, []string{"EC:1"}},
		{jwk.Query{Algorithm: "X-UNKNOWN"}, []string{"EC:1", "OKP:same", "oct:same"}},
		{jwk.Query{Use: "sig"}, []string{"RSA:2011-04-29", "OKP:same", "oct:same"}},
		{jwk.Query{Use: "enc"}, []string{"EC:1", "OKP:same"}}, // RS256 is a signature algorithm
		{jwk.Query{KeyType: "oct"}, []string{"oct:same"}},
		{jwk.Query{Op: jwk.OpSign}, []string{"RSA:2011-04-29", "OKP:same"}},
		{jwk.Query{Op: jwk.OpVerify}, []string{"RSA:2011-04-29", "OKP:same", "oct:same"}},
		{jwk.Query{Op: jwk.OpDeriveKey, KeyType: "EC"}, []string{"EC:1"}},
	}
	for _, tt := range tests {
		got := s.Select(tt.q)
		if !slices.Equal(kids(got), tt.want) {
			t.Errorf("Select(%+v) = %q, want %q", tt.q, kids(got), tt.want)
		}
		viaSource, err := jwk.KeySource(s).LookupKeys(context.Background(), tt.q)
		if err != nil || !slices.Equal(kids(viaSource), tt.want) {
			t.Errorf("LookupKeys(%+v) = %q, %v", tt.q, kids(viaSource), err)
		}
	}
	// Round trip: skipped keys are dropped, unknown members kept.
	out, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	s2, err := jwk.ParseSet(out)
	if err != nil {
		t.Fatalf("ParseSet(MarshalJSON()) = %v\n%s", err, out)
	}
	if len(s2.Keys) != len(s.Keys) || s2.Skipped != 0 || !bytes.Contains(out, []byte(`"x-meta":{"n":1}`)) {
		t.Fatalf("set round trip:\n%s", out)
	}
	for i := range s.Keys {
		if !s.Keys[i].Equal(s2.Keys[i]) {
			t.Errorf("key %d changed", i)
		}
	}
	empty, err := jwk.ParseSet([]byte(`{"keys":[]}`))
	if err != nil || len(empty.Keys) != 0 || len(empty.Select(jwk.Query{})) != 0 {
		t.Errorf("empty set: %v", err)
	}
}

func TestAlgorithmFits(t *testing.T) {
	k, err := jwk.Generate("EC", jwk.GenerateOptions{Curve: "P-384"})
	if err != nil {
		t.Fatal(err)
	}
	for alg, want := range map[string]bool{
		"ES384": true, "ES256": false, "ES512": false, "ECDH-ES+A256KW": true, "RS256": false,
		"HS256": false, "EdDSA": false, "X-ANY": true, "": false,
	} {
		if got := k.AlgorithmFits(alg); got != want {
			t.Errorf("AlgorithmFits(%q) = %v, want %v", alg, got, want)
		}
	}
}

func TestThumbprintHashes(t *testing.T) {
	k := mustParse(t, []byte(`{"kty":"oct","k":"AQID","kid":"ignored","alg":"HS256"}`))
	canonical := []byte(`{"k":"AQID","kty":"oct"}`)
	for h, want := range map[crypto.Hash][]byte{
		crypto.SHA256: sum(sha256.Sum256(canonical)),
		crypto.SHA384: sum(sha512.Sum384(canonical)),
		crypto.SHA512: sum(sha512.Sum512(canonical)),
	} {
		got, err := k.Thumbprint(h)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("Thumbprint(%v) = %x, %v; want %x", h, got, err, want)
		}
	}
	uri, err := k.ThumbprintURI(crypto.SHA512)
	if want := "urn:ietf:params:oauth:jwk-thumbprint:sha-512:" + b64.Encode(sum(sha512.Sum512(canonical))); err != nil || uri != want {
		t.Errorf("ThumbprintURI = %q, %v", uri, err)
	}
	for _, h := range []crypto.Hash{crypto.SHA1, crypto.MD5, crypto.SHA3_256, 0, 999} {
		if _, err := k.Thumbprint(h); !errors.Is(err, jwk.ErrUnsupported) {
			t.Errorf("Thumbprint(%v) = %v, want ErrUnsupported", h, err)
		}
		if _, err := k.ThumbprintURI(h); !errors.Is(err, jwk.ErrUnsupported) {
			t.Errorf("ThumbprintURI(%v) = %v, want ErrUnsupported", h, err)
		}
	}
}

func sum[T [32]byte | [48]byte | [64]byte](a T) []byte {
	switch v := any(a).(type) {
	case [32]byte:
		return v[:]
	case [48]byte:
		return v[:]
	case [64]byte:
		return v[:]
	}
	return nil
}

func TestMarshalEscapes(t *testing.T) {
	k, err := jwk.Generate("oct", jwk.GenerateOptions{KeyID: "a\"b\\c\n\x01<&>\u2028é"})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := k.MarshalJSON()
	if !bytes.Contains(out, []byte(`"kid":"a\"b\\c\n\u0001<&>\u2028é"`)) {
		t.Errorf("kid not escaped as expected: %s", out)
	}
	checkRoundTrip(t, k)
	var zero jwk.Key
	if _, err := zero.MarshalJSON(); !errors.Is(err, jwk.ErrMalformed) {
		t.Errorf("zero Key MarshalJSON = %v", err)
	}
}

// A nil *Key is refused with ErrInvalidKey by the methods that return an
// error, instead of a nil dereference.
func TestNilKey(t *testing.T) {
	var k *jwk.Key
	if _, err := k.Thumbprint(crypto.SHA256); !errors.Is(err, jwk.ErrInvalidKey) {
		t.Errorf("Thumbprint = %v, want ErrInvalidKey", err)
	}
	if _, err := k.ThumbprintURI(crypto.SHA256); !errors.Is(err, jwk.ErrInvalidKey) {
		t.Errorf("ThumbprintURI = %v, want ErrInvalidKey", err)
	}
	if _, err := k.Public(); !errors.Is(err, jwk.ErrInvalidKey) {
		t.Errorf("Public = %v, want ErrInvalidKey", err)
	}
	if _, err := k.ECDH(); !errors.Is(err, jwk.ErrInvalidKey) {
		t.Errorf("ECDH = %v, want ErrInvalidKey", err)
	}
}
