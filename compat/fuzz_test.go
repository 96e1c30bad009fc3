package compat_test

import (
	"crypto"
	"errors"
	"testing"

	algrsa "github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/compat"
)

// FuzzDecrypt runs Decrypt, legacy layout allowed, on mutations of the
// vector tokens with the vectors' key: it never panics, every error is one
// of the package's classes, and a success has no "__v" in its claims.
func FuzzDecrypt(f *testing.F) {
	vs := loadVectors(f)
	for _, v := range vs {
		if v.Kind == "jwe" {
			f.Add(v.Token, "")
		}
	}
	f.Add(vs[0].Token, "client-context-42")
	kd, err := algrsa.RSAOAEP().NewDecrypter(keyByID(f, "rsa-a").Key())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, token, adata string) {
		d, err := compat.Decrypt(t.Context(), token, kd, &compat.Options{AllowMacThenEncrypt: true, Adata: []byte(adata), Now: at(fixedNow)})
		if err != nil {
			if !errors.Is(err, compat.ErrInvalid) && !errors.Is(err, compat.ErrExpired) && !errors.Is(err, compat.ErrNotYetValid) {
				t.Fatalf("error outside the classes: %v", err)
			}
			return
		}
		if _, ok := d.Claims["__v"]; ok {
			t.Fatal(`"__v" in the claims`)
		}
	})
}

// FuzzParseKey checks that ParseKey never panics, and that a key it
// accepts in a form the library had comes back from MarshalKey as the same
// key.
func FuzzParseKey(f *testing.F) {
	for _, v := range loadVectors(f)[:12] {
		f.Add([]byte(v.Key.Legacy))
		f.Add([]byte(v.Key.JWK))
	}
	f.Add([]byte(`{"k": "password"}`))
	f.Add([]byte(`{"k": "\u00e4\ud83d\ude00"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := compat.ParseKey(data)
		if err != nil {
			if !errors.Is(err, compat.ErrKey) {
				t.Fatalf("error without ErrKey: %v", err)
			}
			return
		}
		out, err := compat.MarshalKey(k)
		if err != nil {
			return // EC, OKP, or a binary secret
		}
		k2, err := compat.ParseKey(out)
		if err != nil {
			t.Fatalf("MarshalKey output %q does not parse: %v", out, err)
		}
		a, _ := k.Thumbprint(crypto.SHA256)
		b, _ := k2.Thumbprint(crypto.SHA256)
		if string(a) != string(b) || k.IsPrivate() != k2.IsPrivate() {
			t.Fatal("the key changed through MarshalKey")
		}
	})
}

// FuzzDeserializeCompact checks that what the splitters accept serializes
// back to the input.
func FuzzDeserializeCompact(f *testing.F) {
	for _, v := range loadVectors(f) {
		f.Add(v.Token)
	}
	f.Fuzz(func(t *testing.T, token string) {
		if s, err := compat.DeserializeCompactJWS(token); err == nil && s.SerializeCompact() != token {
			t.Fatalf("JWS round trip gives %q", s.SerializeCompact())
		}
		if e, err := compat.DeserializeCompactJWE(token); err == nil && e.SerializeCompact() != token {
			t.Fatalf("JWE round trip gives %q", e.SerializeCompact())
		}
	})
}
