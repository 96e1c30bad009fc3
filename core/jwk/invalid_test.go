package jwk_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwk"
)

// invalidCase is one entry of testdata/invalid.json.
type invalidCase struct {
	Name, Expect, JWK string
}

func loadInvalid(t testing.TB) []invalidCase {
	t.Helper()
	data, err := os.ReadFile("testdata/invalid.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Vectors []invalidCase }
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Vectors) == 0 {
		t.Fatal("no vectors loaded")
	}
	return f.Vectors
}

func sentinel(t testing.TB, expect string) error {
	t.Helper()
	switch expect {
	case "malformed":
		return jwk.ErrMalformed
	case "unsupported":
		return jwk.ErrUnsupported
	case "invalid":
		return jwk.ErrInvalidKey
	}
	t.Fatalf("unknown expect value %q", expect)
	return nil
}

// TestInvalidKeys checks that every bad JWK is refused with the right
// sentinel, alone and inside a set.
func TestInvalidKeys(t *testing.T) {
	for _, v := range loadInvalid(t) {
		t.Run(v.Name, func(t *testing.T) {
			want := sentinel(t, v.Expect)
			k, err := jwk.ParseKey([]byte(v.JWK))
			if !errors.Is(err, want) {
				t.Fatalf("ParseKey = %v, %v; want an error wrapping %v", k, err, want)
			}
			if k != nil {
				t.Fatal("ParseKey returned a key with an error")
			}
			for _, other := range []error{jwk.ErrMalformed, jwk.ErrUnsupported, jwk.ErrInvalidKey} {
				if other != want && errors.Is(err, other) {
					t.Errorf("error %v also wraps %v", err, other)
				}
			}
			if !strings.HasPrefix(err.Error(), "jwk: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			// In a set: unsupported keys are skipped, the rest refuse the set.
			set := []byte(`{"keys":[{"kty":"oct","k":"AQID"},` + v.JWK + `]}`)
			s, err := jwk.ParseSet(set)
			switch {
			case !json.Valid(set):
				// Not a key-level failure the set can isolate.
				if err == nil {
					t.Fatal("ParseSet accepted invalid JSON")
				}
			case v.Expect == "unsupported":
				if err != nil || len(s.Keys) != 1 || s.Skipped != 1 {
					t.Fatalf("ParseSet = %v, %v; want one key and one skipped", s, err)
				}
			case !errors.Is(err, want) && !errors.Is(err, jwk.ErrMalformed):
				t.Fatalf("ParseSet = %v, want an error wrapping %v", err, want)
			}
		})
	}
}

func TestOversized(t *testing.T) {
	big := `{"kty":"oct","k":"AQID","ext":"` + strings.Repeat("a", jwa.DefaultMaxHeaderSize) + `"}`
	if _, err := jwk.ParseKey([]byte(big)); !errors.Is(err, jwk.ErrTooLarge) || !errors.Is(err, jwa.ErrLimit) {
		t.Errorf("ParseKey(%d bytes) = %v, want ErrTooLarge and jwa.ErrLimit", len(big), err)
	}
	// The limit is configurable, and exactly the limit is accepted.
	small := []byte(`{"kty":"oct","k":"AQID"}`)
	if _, err := jwk.ParseKeyWithLimits(small, jwa.Limits{MaxHeaderSize: len(small)}); err != nil {
		t.Errorf("key of exactly the limit: %v", err)
	}
	if _, err := jwk.ParseKeyWithLimits(small, jwa.Limits{MaxHeaderSize: len(small) - 1}); !errors.Is(err, jwk.ErrTooLarge) {
		t.Errorf("key one byte over the limit: %v", err)
	}
	// Depth is bounded by the limits as well.
	deep := []byte(`{"kty":"oct","k":"AQID","ext":[[[[1]]]]}`)
	if _, err := jwk.ParseKeyWithLimits(deep, jwa.Limits{MaxDepth: 4}); !errors.Is(err, jwk.ErrMalformed) || !errors.Is(err, jwa.ErrLimit) {
		t.Errorf("depth 5 with MaxDepth 4: %v", err)
	}
	if _, err := jwk.ParseKeyWithLimits(deep, jwa.Limits{MaxDepth: 5}); err != nil {
		t.Errorf("depth 5 with MaxDepth 5: %v", err)
	}
	// Sets: the set limit and the per-key limit both apply.
	var b bytes.Buffer
	b.WriteString(`{"keys":[`)
	for i := 0; b.Len() < jwa.DefaultMaxTokenSize; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"kty":"oct","k":"AQIDBAUGBwgJCgsMDQ4PEA"}`)
	}
	b.WriteString(`]}`)
	if _, err := jwk.ParseSet(b.Bytes()); !errors.Is(err, jwk.ErrTooLarge) || !errors.Is(err, jwa.ErrLimit) {
		t.Errorf("ParseSet(%d bytes) = %v, want ErrTooLarge", b.Len(), err)
	}
	if _, err := jwk.ParseSet([]byte(`{"keys":[` + big + `]}`)); !errors.Is(err, jwk.ErrTooLarge) {
		t.Errorf("ParseSet with an oversized key = %v, want ErrTooLarge", err)
	}
	// A large RSA modulus is refused before any arithmetic.
	huge := `{"kty":"RSA","e":"AQAB","n":"` + strings.Repeat("_", 30000) + `w"}`
	if _, err := jwk.ParseKey([]byte(huge)); !errors.Is(err, jwk.ErrInvalidKey) && !errors.Is(err, jwk.ErrMalformed) {
		t.Errorf("huge modulus: %v", err)
	}
}

func TestInvalidUTF8(t *testing.T) {
	for _, s := range []string{
		"{\"kty\":\"oct\",\"k\":\"AQID\",\"kid\":\"\xff\"}",
		"{\"kty\":\"oct\",\"k\":\"AQID\",\"kid\":\"\xc3\"}",
		"{\"kty\":\"oct\",\"k\":\"AQID\",\"\xed\xa0\x80\":1}", // UTF-8 encoded surrogate
		"{\"kty\":\"oct\",\"k\":\"AQID\"}\xff",
	} {
		if _, err := jwk.ParseKey([]byte(s)); !errors.Is(err, jwk.ErrMalformed) {
			t.Errorf("ParseKey(%q) = %v, want ErrMalformed", s, err)
		}
	}
}

func TestSetMalformed(t *testing.T) {
	for _, s := range []string{
		``, `[]`, `{}`, `{"keys":{}}`, `{"keys":null}`, `{"keys":[1]}`, `{"keys":["x"]}`, `{"keys":[[]]}`,
		`{"keys":[],"keys":[]}`, `{"k\u0065ys":[],"keys":[]}`, `{"Keys":[]}`, `{"keys":[]} {}`,
		`{"keys":[{"kty":"oct","k":"AQID"},{"kty":"EC"}]}`,
	} {
		if got, err := jwk.ParseSet([]byte(s)); !errors.Is(err, jwk.ErrMalformed) {
			t.Errorf("ParseSet(%q) = %v, %v; want ErrMalformed", s, got, err)
		}
	}
}

// TestAccepted lists unusual keys that are valid and must be accepted.
func TestAccepted(t *testing.T) {
	const n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
	tests := []struct {
		name, jwk string
		check     func(*testing.T, *jwk.Key)
	}{
		{"unknown members kept", `{"kty":"oct","k":"AQID","ext":{"a": [1, 2]},"x":"not interpreted"}`, func(t *testing.T, k *jwk.Key) {
			v, ok := k.Member("ext")
			if !ok || string(v) != `{"a":[1,2]}` {
				t.Errorf("Member(ext) = %s, %v", v, ok)
			}
			if _, ok := k.Member("k"); ok {
				t.Error("Member returned a registered member")
			}
		}},
		{"escaped names are decoded", `{"k\u0074y":"oct","\u006b":"AQID"}`, func(t *testing.T, k *jwk.Key) {
			if k.KeyType() != "oct" || k.Size() != 24 {
				t.Errorf("got %s %d", k.KeyType(), k.Size())
			}
		}},
		{"unknown alg kept", `{"kty":"oct","k":"AQID","alg":"X-CUSTOM"}`, func(t *testing.T, k *jwk.Key) {
			if k.Algorithm() != "X-CUSTOM" {
				t.Errorf("alg %q", k.Algorithm())
			}
		}},
		{"unknown use permits nothing known", `{"kty":"oct","k":"AQID","use":"other"}`, func(t *testing.T, k *jwk.Key) {
			if k.Permits(jwk.OpSign) || k.Permits(jwk.OpEncrypt) {
				t.Error("unknown use permits a registered operation")
			}
		}},
		{"unknown key_ops kept", `{"kty":"oct","k":"AQID","key_ops":["sign","x-op"]}`, func(t *testing.T, k *jwk.Key) {
			if !k.Permits("x-op") || k.Permits(jwk.OpVerify) {
				t.Error("key_ops not applied")
			}
		}},
		{"empty key_ops permits nothing", `{"kty":"oct","k":"AQID","key_ops":[]}`, func(t *testing.T, k *jwk.Key) {
			if k.Permits(jwk.OpSign) || k.KeyOps() == nil {
				t.Errorf("KeyOps %q", k.KeyOps())
			}
		}},
		{"leading zero in n", `{"kty":"RSA","e":"AQAB","n":"AAAA` + n + `"}`, nil},
		{"whitespace around and inside", " \r\n\t{ \"kty\" : \"oct\" ,\n\"k\":\"AQID\" } \n", nil},
		{"x5u kept, not fetched", `{"kty":"oct","k":"AQID","x5u":"https://example.invalid/c.pem"}`, func(t *testing.T, k *jwk.Key) {
			if k.X509URL() != "https://example.invalid/c.pem" {
				t.Errorf("x5u %q", k.X509URL())
			}
		}},
		{"ECDH-ES on X25519", `{"kty":"OKP","crv":"X25519","x":"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08","alg":"ECDH-ES+A128KW","use":"enc"}`, nil},
		{"use and key_ops consistent", `{"kty":"oct","k":"AQID","use":"enc","key_ops":["wrapKey","unwrapKey"],"alg":"A128KW"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := jwk.ParseKey([]byte(tt.jwk))
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, k)
			}
			checkRoundTrip(t, k)
		})
	}
}

// TestLeadingZeroModulus checks that a modulus with a leading zero octet
// is the same key as without, and is serialized without it.
func TestLeadingZeroModulus(t *testing.T) {
	const n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
	a := mustParse(t, []byte(`{"kty":"RSA","e":"AQAB","n":"`+n+`"}`))
	// "AAAA" is three zero octets.
	raw, _ := a.MarshalJSON()
	b := mustParse(t, []byte(`{"kty":"RSA","e":"AQAB","n":"AAAA`+n+`"}`))
	if !a.Equal(b) {
		t.Fatal("leading zero changed the key")
	}
	out, _ := b.MarshalJSON()
	if !bytes.Equal(raw, out) {
		t.Errorf("leading zero kept in output:\n%s\n%s", raw, out)
	}
}
