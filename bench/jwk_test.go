package bench

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/big"
	"testing"

	gojose "github.com/go-jose/go-jose/v4"
	"github.com/joseframework/jose/core/jwk"
	jwxjwk "github.com/lestrrat-go/jwx/v3/jwk"
)

func jwkWorkloads() []workload {
	return []workload{
		{name: "JWKThumbprint", contenders: []contender{
			thumbprinter("floor", thumbprintFloor),
			thumbprinter("jose", thumbprintJose),
			thumbprinter("gojose", thumbprintGoJOSE),
			thumbprinter("jwx", thumbprintJWX),
		}},
		{name: "JWKSParse", contenders: []contender{
			setParser("floor", parseSetFloor),
			setParser("jose", parseSetJose),
			setParser("gojose", parseSetGoJOSE),
			setParser("jwx", parseSetJWX),
		}},
	}
}

// JWK parse + thumbprint. Each contender parses jwk_rsa_pub.json into a
// usable *rsa.PublicKey and computes its RFC 7638 SHA-256 thumbprint.

// A thumbprintMaker returns the operation that parses data and returns the
// key and its thumbprint.
type thumbprintMaker func(data []byte) func() (*rsa.PublicKey, []byte, error)

func thumbprinter(impl string, mk thumbprintMaker) contender {
	return contender{impl: impl, prepare: func(tb testing.TB) func() error {
		tb.Helper()
		want := wantThumbprint(tb)
		good := mk(rsaJWK)
		k, tp, err := good()
		if err != nil {
			tb.Fatalf("valid key refused: %v", err)
		}
		if !k.Equal(&rsaKey.PublicKey) {
			tb.Fatal("parsed key is not the public part of rsa2048.pem")
		}
		if !bytes.Equal(tp, want) {
			tb.Fatalf("thumbprint %x, want %x", tp, want)
		}
		for name, bad := range map[string][]byte{
			"truncated":   rsaJWK[:len(rsaJWK)/2],
			"bad base64":  bytes.Replace(rsaJWK, []byte(`"n":"rinH`), []byte(`"n":"r!nH`), 1),
			"empty e":     bytes.Replace(rsaJWK, []byte(`"e":"AQAB"`), []byte(`"e":""`), 1),
			"not an RSA":  bytes.Replace(rsaJWK, []byte(`"kty":"RSA"`), []byte(`"kty":"XYZ"`), 1),
			"empty input": nil,
		} {
			if bytes.Equal(bad, rsaJWK) {
				tb.Fatalf("%s: the replacement changed nothing", name)
			}
			if k, _, err := mk(bad)(); err == nil && k != nil && k.Equal(&rsaKey.PublicKey) {
				tb.Fatalf("%s: accepted", name)
			} else if err == nil {
				tb.Fatalf("%s: accepted as another key", name)
			}
		}
		return func() error {
			_, _, err := good()
			return err
		}
	}}
}

// wantThumbprint computes the thumbprint from the key of rsa2048.pem, with
// encoding/json writing the RFC 7638 members (e, kty, n are already in
// lexicographic order in a struct of that order).
func wantThumbprint(tb testing.TB) []byte {
	m, err := json.Marshal(struct {
		E   string `json:"e"`
		Kty string `json:"kty"`
		N   string `json:"n"`
	}{
		E:   b64.EncodeToString(big.NewInt(int64(rsaKey.E)).Bytes()),
		Kty: "RSA",
		N:   b64.EncodeToString(rsaKey.N.Bytes()),
	})
	if err != nil {
		tb.Fatal(err)
	}
	h := sha256.Sum256(m)
	return h[:]
}

// thumbprintFloor finds "n" and "e" by byte search, decodes them into a
// key and hashes the RFC 7638 text assembled from them.
func thumbprintFloor(data []byte) func() (*rsa.PublicKey, []byte, error) {
	return func() (*rsa.PublicKey, []byte, error) {
		if !bytes.Equal(member(data, "kty"), []byte("RSA")) {
			return nil, nil, errFloor
		}
		n64, e64 := member(data, "n"), member(data, "e")
		k, err := floorRSA(n64, e64)
		if err != nil {
			return nil, nil, err
		}
		in := make([]byte, 0, len(n64)+len(e64)+32)
		in = append(in, `{"e":"`...)
		in = append(in, e64...)
		in = append(in, `","kty":"RSA","n":"`...)
		in = append(in, n64...)
		in = append(in, `"}`...)
		h := sha256.Sum256(in)
		return k, h[:], nil
	}
}

// floorRSA decodes the base64url members n and e into a public key.
func floorRSA(n64, e64 []byte) (*rsa.PublicKey, error) {
	n, err := decode(n64)
	if err != nil || len(n) < 256 || n[0] == 0 {
		return nil, errFloor
	}
	e, err := decode(e64)
	if err != nil || len(e) == 0 || len(e) > 4 || e[0] == 0 {
		return nil, errFloor
	}
	var ei int
	for _, c := range e {
		ei = ei<<8 | int(c)
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: ei}, nil
}

func thumbprintJose(data []byte) func() (*rsa.PublicKey, []byte, error) {
	return func() (*rsa.PublicKey, []byte, error) {
		k, err := jwk.ParseKey(data)
		if err != nil {
			return nil, nil, err
		}
		pub, ok := k.Key().(*rsa.PublicKey)
		if !ok {
			return nil, nil, fmt.Errorf("jose: key is %T", k.Key())
		}
		tp, err := k.Thumbprint(crypto.SHA256)
		return pub, tp, err
	}
}

func thumbprintGoJOSE(data []byte) func() (*rsa.PublicKey, []byte, error) {
	return func() (*rsa.PublicKey, []byte, error) {
		var k gojose.JSONWebKey
		if err := k.UnmarshalJSON(data); err != nil {
			return nil, nil, err
		}
		pub, ok := k.Key.(*rsa.PublicKey)
		if !ok {
			return nil, nil, fmt.Errorf("go-jose: key is %T", k.Key)
		}
		tp, err := k.Thumbprint(crypto.SHA256)
		return pub, tp, err
	}
}

func thumbprintJWX(data []byte) func() (*rsa.PublicKey, []byte, error) {
	return func() (*rsa.PublicKey, []byte, error) {
		k, err := jwxjwk.ParseKey(data)
		if err != nil {
			return nil, nil, err
		}
		var pub rsa.PublicKey
		if err := jwxjwk.Export(k, &pub); err != nil {
			return nil, nil, err
		}
		tp, err := k.Thumbprint(crypto.SHA256)
		return &pub, tp, err
	}
}

// JWKS. Each contender parses jwks10.json and turns every key into a Go
// crypto public key: *rsa.PublicKey, *ecdsa.PublicKey or ed25519.PublicKey.

// A setMaker returns the operation that parses data into usable keys.
type setMaker func(data []byte) func() ([]crypto.PublicKey, error)

func setParser(impl string, mk setMaker) contender {
	return contender{impl: impl, prepare: func(tb testing.TB) func() error {
		tb.Helper()
		// The reference: the keys as encoding/json and the standard
		// library decode them, independently of every contender.
		want := wantSet(tb)
		good := mk(jwks10)
		got, err := good()
		if err != nil {
			tb.Fatalf("valid set refused: %v", err)
		}
		if len(got) != len(want) {
			tb.Fatalf("%d keys, want %d", len(got), len(want))
		}
		for i := range want {
			eq, ok := got[i].(interface{ Equal(crypto.PublicKey) bool })
			if !ok || !eq.Equal(want[i]) {
				tb.Fatalf("key %d is %T, not the key of the set", i, got[i])
			}
		}
		if !want[0].(*rsa.PublicKey).Equal(&rsaKey.PublicKey) {
			tb.Fatal("the first key of the set is not the public part of rsa2048.pem")
		}
		for name, bad := range map[string][]byte{
			"truncated":      jwks10[:len(jwks10)/2],
			"EC point off":   offCurve(tb),
			"bad RSA base64": bytes.Replace(jwks10, []byte(`"n": "rinH`), []byte(`"n": "r!nH`), 1),
		} {
			if keys, err := mk(bad)(); err == nil && len(keys) == len(want) {
				tb.Fatalf("%s: accepted", name)
			}
		}
		return func() error {
			_, err := good()
			return err
		}
	}}
}

// offCurve returns jwks10 with the "y" of its first P-256 key changed, so
// that the point is no longer on the curve.
func offCurve(tb testing.TB) []byte {
	i := bytes.Index(jwks10, []byte(`"crv": "P-256"`))
	if i < 0 {
		tb.Fatal("no P-256 key in jwks10.json")
	}
	j := bytes.Index(jwks10[i:], []byte(`"y": "`))
	if j < 0 {
		tb.Fatal("no y in the P-256 key")
	}
	out := bytes.Clone(jwks10)
	at := i + j + len(`"y": "`) + 5
	if out[at] == 'A' {
		out[at] = 'B'
	} else {
		out[at] = 'A'
	}
	return out
}

// wantSet decodes jwks10.json with encoding/json and the standard library.
func wantSet(tb testing.TB) []crypto.PublicKey {
	var set struct {
		Keys []struct{ Kty, Crv, N, E, X, Y string }
	}
	if err := json.Unmarshal(jwks10, &set); err != nil {
		tb.Fatal(err)
	}
	var keys []crypto.PublicKey
	for _, k := range set.Keys {
		dec := func(s string) []byte {
			b, err := b64.DecodeString(s)
			if err != nil {
				tb.Fatal(err)
			}
			return b
		}
		switch k.Kty {
		case "RSA":
			keys = append(keys, &rsa.PublicKey{N: new(big.Int).SetBytes(dec(k.N)), E: int(new(big.Int).SetBytes(dec(k.E)).Int64())})
		case "EC":
			p, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, dec(k.X)...), dec(k.Y)...))
			if err != nil {
				tb.Fatal(err)
			}
			keys = append(keys, p)
		case "OKP":
			keys = append(keys, ed25519.PublicKey(dec(k.X)))
		default:
			tb.Fatalf("unexpected kty %q", k.Kty)
		}
	}
	if len(keys) != 10 {
		tb.Fatalf("jwks10.json has %d keys", len(keys))
	}
	return keys
}

// parseSetFloor walks the objects of the "keys" array by byte search
// (they hold no nested objects) and decodes each key's members.
func parseSetFloor(data []byte) func() ([]crypto.PublicKey, error) {
	return func() ([]crypto.PublicKey, error) {
		i := bytes.IndexByte(data, '[')
		if i < 0 {
			return nil, errFloor
		}
		rest := data[i+1:]
		keys := make([]crypto.PublicKey, 0, 10)
		for {
			o := bytes.IndexByte(rest, '{')
			if o < 0 {
				break
			}
			c := bytes.IndexByte(rest[o:], '}')
			if c < 0 {
				return nil, errFloor
			}
			obj := rest[o : o+c+1]
			rest = rest[o+c+1:]
			var k crypto.PublicKey
			var err error
			switch string(member(obj, "kty")) {
			case "RSA":
				k, err = floorRSA(member(obj, "n"), member(obj, "e"))
			case "EC":
				k, err = floorEC(obj)
			case "OKP":
				var x []byte
				x, err = decode(member(obj, "x"))
				if err == nil && len(x) != ed25519.PublicKeySize {
					err = errFloor
				}
				k = ed25519.PublicKey(x)
			default:
				err = errFloor
			}
			if err != nil {
				return nil, err
			}
			keys = append(keys, k)
		}
		if !bytes.Contains(rest, []byte("]")) {
			return nil, errFloor
		}
		return keys, nil
	}
}

// floorEC decodes a P-256 key and checks that the point is on the curve.
func floorEC(obj []byte) (*ecdsa.PublicKey, error) {
	if !bytes.Equal(member(obj, "crv"), []byte("P-256")) {
		return nil, errFloor
	}
	var pt [65]byte
	pt[0] = 4
	x64, y64 := member(obj, "x"), member(obj, "y")
	if b64.DecodedLen(len(x64)) != 32 || b64.DecodedLen(len(y64)) != 32 {
		return nil, errFloor
	}
	if _, err := b64.Decode(pt[1:33], x64); err != nil {
		return nil, err
	}
	if _, err := b64.Decode(pt[33:], y64); err != nil {
		return nil, err
	}
	return ecdsa.ParseUncompressedPublicKey(elliptic.P256(), pt[:])
}

func parseSetJose(data []byte) func() ([]crypto.PublicKey, error) {
	return func() ([]crypto.PublicKey, error) {
		s, err := jwk.ParseSet(data)
		if err != nil {
			return nil, err
		}
		keys := make([]crypto.PublicKey, len(s.Keys))
		for i, k := range s.Keys {
			keys[i] = k.Key()
		}
		return keys, nil
	}
}

func parseSetGoJOSE(data []byte) func() ([]crypto.PublicKey, error) {
	return func() ([]crypto.PublicKey, error) {
		var s gojose.JSONWebKeySet
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, err
		}
		keys := make([]crypto.PublicKey, len(s.Keys))
		for i, k := range s.Keys {
			if !k.Valid() {
				return nil, fmt.Errorf("go-jose: key %d is not valid", i)
			}
			keys[i] = k.Key
		}
		return keys, nil
	}
}

func parseSetJWX(data []byte) func() ([]crypto.PublicKey, error) {
	return func() ([]crypto.PublicKey, error) {
		s, err := jwxjwk.Parse(data)
		if err != nil {
			return nil, err
		}
		keys := make([]crypto.PublicKey, s.Len())
		for i := range keys {
			k, _ := s.Key(i)
			var raw any
			if err := jwxjwk.Export(k, &raw); err != nil {
				return nil, err
			}
			keys[i] = raw
		}
		return keys, nil
	}
}
