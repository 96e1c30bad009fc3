package hs3_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha3"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
	"github.com/joseframework/jose/examples/hs3"
)

func randKey(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestContract(t *testing.T) {
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	key := randKey(32)
	jwatest.TestSignature(t, jwatest.SignatureCase{
		Alg:       hs3.HS3(),
		SignKey:   key,
		VerifyKey: key,
		OtherKey:  randKey(32),
		WrongKeys: []any{
			string(key), [32]byte{}, ecKey, &ecKey.PublicKey,
			[]byte("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"),
		},
		SmallKeys: []any{randKey(31), randKey(1), []byte{}},
	})
}

func TestName(t *testing.T) {
	// RFC 7515, Section 4.1.1: a private "alg" is a Collision-Resistant
	// Name; here an https URI.
	if got := hs3.HS3().Name(); got != hs3.Name || !strings.HasPrefix(got, "https://") {
		t.Errorf("Name() = %q, want %q", got, hs3.Name)
	}
	d, ok := hs3.HS3().(jwa.Describer)
	if !ok {
		t.Fatal("HS3 does not implement jwa.Describer")
	}
	desc := d.Describe()
	if len(desc.KeyTypes) != 1 || desc.KeyTypes[0] != "oct" || desc.MinKeyBits != 256 || desc.Deprecated || desc.Summary == "" {
		t.Errorf("Describe() = %+v", desc)
	}
}

func TestRegistered(t *testing.T) {
	got, err := jwa.Signature(hs3.Name)
	if err != nil || got != hs3.HS3() {
		t.Fatalf("jwa.Signature(%q) = %v, %v; want the package's algorithm", hs3.Name, got, err)
	}
	// The short name is deliberately not taken.
	if _, ok := jwa.LookupSignature("HS3-256"); ok {
		t.Errorf("HS3-256 is registered; the module must use only its collision-resistant name")
	}
}

// referenceMAC is HMAC-SHA3-256 written out from RFC 2104 with the
// SHA3-256 block size (136 bytes, FIPS 202), independently of crypto/hmac.
func referenceMAC(key, msg []byte) []byte {
	const block = 136
	if len(key) > block {
		k := sha3.Sum256(key)
		key = k[:]
	}
	ipad := make([]byte, block)
	opad := make([]byte, block)
	copy(ipad, key)
	copy(opad, key)
	for i := range block {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	inner := sha3.Sum256(append(ipad, msg...))
	outer := sha3.Sum256(append(opad, inner[:]...))
	return outer[:]
}

func TestKnownAnswer(t *testing.T) {
	ctx := t.Context()
	for _, n := range []int{32, 64, 136, 137, 300} {
		key := randKey(n)
		for _, msg := range [][]byte{nil, []byte("eyJhbGciOiJub25lIn0.e30"), bytes.Repeat([]byte{0xa5}, 1000)} {
			s, err := hs3.HS3().NewSigner(key)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Sign(ctx, msg)
			if err != nil {
				t.Fatal(err)
			}
			if want := referenceMAC(key, msg); !bytes.Equal(got, want) {
				t.Errorf("key %d bytes, message %d bytes: MAC %x, want %x", n, len(msg), got, want)
			}
		}
	}
}

// The reference itself: the RFC 2104 construction must differ from a
// plain hash of key and message, or TestKnownAnswer would prove little.
func TestReferenceIsHMAC(t *testing.T) {
	key, msg := randKey(32), []byte("m")
	plain := sha3.Sum256(append(bytes.Clone(key), msg...))
	if bytes.Equal(referenceMAC(key, msg), plain[:]) || len(referenceMAC(key, msg)) != 32 {
		t.Fatal("referenceMAC is not an HMAC")
	}
}

func TestJWSRoundTrip(t *testing.T) {
	ctx := t.Context()
	key := randKey(32)
	s, err := hs3.HS3().NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	v, err := hs3.HS3().NewVerifier(key)
	if err != nil {
		t.Fatal(err)
	}
	token, err := jws.Sign(ctx, []byte("payload"), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := jws.Verify(ctx, []byte(token), v, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(msg.Payload()) != "payload" || msg.Signature().Algorithm() != hs3.Name {
		t.Errorf("payload %q, alg %q", msg.Payload(), msg.Signature().Algorithm())
	}

	// Wrong key.
	other, _ := hs3.HS3().NewVerifier(randKey(32))
	if _, err := jws.Verify(ctx, []byte(token), other, nil); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("wrong key: %v, want ErrVerification", err)
	}
	// Tampered payload and truncated signature.
	parts := strings.Split(token, ".")
	for name, bad := range map[string]string{
		"tampered":  parts[0] + "." + "cGF5bG9hZA" + "X" + "." + parts[2],
		"truncated": parts[0] + "." + parts[1] + "." + parts[2][:len(parts[2])-4],
		"no sig":    parts[0] + "." + parts[1] + ".",
	} {
		if _, err := jws.Verify(ctx, []byte(bad), v, nil); err == nil {
			t.Errorf("%s token verified", name)
		}
	}
	// A token that names HS256 is refused by an HS3 verifier before any
	// cryptography, even when the MAC bytes are the same length.
	hs256 := "eyJhbGciOiJIUzI1NiJ9." + parts[1] + "." + parts[2]
	_, err = jws.Verify(ctx, []byte(hs256), v, nil)
	var ae *jws.AlgorithmError
	if !errors.As(err, &ae) || ae.Token != "HS256" || ae.Verifier != hs3.Name {
		t.Errorf("HS256 token under HS3 verifier: %v, want *jws.AlgorithmError", err)
	}
}

func TestJWTRoundTrip(t *testing.T) {
	ctx := t.Context()
	key := randKey(48)
	s, _ := hs3.HS3().NewSigner(key)
	v, _ := hs3.HS3().NewVerifier(key)
	now := time.Unix(1_900_000_000, 0)
	exp, err := jwt.NewNumericDate(now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	token, err := jwt.Sign(ctx, &jwt.Claims{Subject: "alice", Expiry: &exp}, nil, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.Verify[struct{}](ctx, []byte(token), v, &jwt.Options{Subject: "alice", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Claims.Subject != "alice" {
		t.Errorf("sub = %q", tok.Claims.Subject)
	}
	_, err = jwt.Verify[struct{}](ctx, []byte(token), v, &jwt.Options{Now: func() time.Time { return now.Add(time.Hour) }})
	if !errors.Is(err, jwt.ErrExpired) {
		t.Errorf("an hour later: %v, want ErrExpired", err)
	}
}
