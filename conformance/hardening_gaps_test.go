package conformance_test

// Helpers for hardening subtests whose bodies are too long to sit inline
// in their TestHardening<Class>; each is called from one t.Run of that
// class's test.

import (
	"bytes"
	"strings"
	"testing"

	"github.com/joseframework/jose/algs/aesgcm"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
)

// hAtLimit (TestHardeningOversize/at-limit): a token just under
// MaxTokenSize that is accepted is processed in bounded memory, at most
// 2.5 times its size on average (a private copy of the token and the
// decoded segments come to about 1.75 times).
func hAtLimit(t *testing.T, secret []byte, hs jwa.Verifier) {
	ctx := t.Context()
	l := jwa.DefaultLimits()
	const payloadSize = 786200 // base64url: 1,048,267 bytes
	prefix := `{"sub":"a","pad":"`
	claims := prefix + strings.Repeat("x", payloadSize-len(prefix)-2) + `"}`
	jwsTok := hSignHeader(t, secret, `{"alg":"HS256"}`, claims)

	ke, kd, _ := hDir(t, 16)
	jweTok, err := jwe.Encrypt(ctx, bytes.Repeat([]byte("x"), payloadSize), aesgcm.A128GCM(), []jwe.Recipient{{KeyEncrypter: ke}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dopts := &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{aesgcm.A128GCM()}}

	for _, c := range []struct {
		name string
		tok  []byte
		call func() error
	}{
		{"jws.Verify", jwsTok, func() error { _, err := jws.Verify(ctx, jwsTok, hs, nil); return err }},
		{"jwe.Decrypt", jweTok, func() error { _, err := jwe.Decrypt(ctx, jweTok, kd, dopts); return err }},
		{"jwt.Verify", jwsTok, func() error { _, err := jwt.Verify[struct{}](ctx, jwsTok, hs, nil); return err }},
	} {
		t.Run(c.name, func(t *testing.T) {
			if len(c.tok) > l.MaxTokenSize || len(c.tok) < l.MaxTokenSize-1024 {
				t.Fatalf("test token is %d bytes, want just under %d", len(c.tok), l.MaxTokenSize)
			}
			if err := c.call(); err != nil {
				t.Fatalf("%s of a %d-byte token: %v", c.name, len(c.tok), err)
			}
			const runs = 4
			a := hAlloc(func() {
				for range runs {
					c.call()
				}
			}) / runs
			bound := uint64(len(c.tok)) * 5 / 2
			t.Logf("%s of a %d-byte token allocated %d bytes (%.2fx)", c.name, len(c.tok), a, float64(a)/float64(len(c.tok)))
			if a > bound {
				t.Errorf("%s of a %d-byte token allocated %d bytes, want at most %d (2.5x)", c.name, len(c.tok), a, bound)
			}
		})
	}
}
