package jwatest

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/joseframework/jose/core/jwa"
)

// A SignatureCase describes one signature algorithm and the keys to test it
// with.
type SignatureCase struct {
	// Alg is the algorithm under test.
	Alg jwa.SignatureAlgorithm
	// SignKey is a valid key for NewSigner.
	SignKey any
	// VerifyKey is the matching key for NewVerifier: the public key, or the
	// same secret.
	VerifyKey any
	// OtherKey, if set, is a valid signing key of the same kind that is
	// not SignKey; its signatures must not verify under VerifyKey.
	OtherKey any
	// WrongKeys are keys of the wrong type: NewSigner and NewVerifier must
	// fail with jwa.ErrKeyType. A few values no algorithm accepts (a
	// string, an int, a struct{}) are always tried as well.
	WrongKeys []any
	// SmallKeys, if set, are keys of the right type but too small:
	// NewSigner and NewVerifier must fail with jwa.ErrKeySize.
	SmallKeys []any
}

// TestSignature runs the contract suite for a signature algorithm: its
// name; that Algorithm() of every Signer and Verifier is Name(); wrong,
// small and nil keys are refused without panicking; sign-then-verify round
// trips for empty, short and 1 MiB inputs; that every single-bit change of
// the signature or the signing input, and truncated, extended, empty and
// huge signatures, fail with jwa.ErrVerification (for signatures over 132
// bytes, such as RSA, the bits flipped are every bit of the first and last
// 4 bytes and one bit of each byte between); that signatures made with
// OtherKey do not verify; that no caller-owned slice (a []byte key, the
// signing input, the signature) is kept or modified; and concurrent use of
// one Signer and one Verifier by 8 goroutines.
func TestSignature(t *testing.T, c SignatureCase) {
	t.Helper()
	testSignature(realT{t}, c)
}

func testSignature(t tb, c SignatureCase) {
	t.Helper()
	if c.Alg == nil {
		t.Fatalf("jwatest: SignatureCase.Alg is nil")
	}
	if c.SignKey == nil || c.VerifyKey == nil {
		t.Fatalf("jwatest: SignatureCase needs SignKey and VerifyKey")
	}
	ctx := context.Background()
	name := c.Alg.Name()

	t.Run("Name", func(t tb) {
		checkName(t, name)
		checkDescription(t, c.Alg)
	})

	var (
		s jwa.Signer
		v jwa.Verifier
	)
	if !t.Run("NewKeys", func(t tb) {
		var err error
		if !call(t, "NewSigner(SignKey)", func() { s, err = c.Alg.NewSigner(c.SignKey) }) {
			t.Fatalf("cannot continue")
		}
		if err != nil || s == nil {
			t.Fatalf("NewSigner(%s) = %v, %v; want a Signer", describe(c.SignKey), s, err)
		}
		if !call(t, "NewVerifier(VerifyKey)", func() { v, err = c.Alg.NewVerifier(c.VerifyKey) }) {
			t.Fatalf("cannot continue")
		}
		if err != nil || v == nil {
			t.Fatalf("NewVerifier(%s) = %v, %v; want a Verifier", describe(c.VerifyKey), v, err)
		}
		if got := s.Algorithm(); got != name {
			t.Errorf("Signer.Algorithm() = %q, want %q", got, name)
		}
		if got := v.Algorithm(); got != name {
			t.Errorf("Verifier.Algorithm() = %q, want %q", got, name)
		}
	}) {
		return // nothing else can run without a Signer and a Verifier
	}

	sign := func(t tb, s jwa.Signer, in []byte) []byte {
		t.Helper()
		var (
			sig []byte
			err error
		)
		if !call(t, "Sign", func() { sig, err = s.Sign(ctx, in) }) {
			return nil
		}
		if err != nil {
			t.Errorf("Sign(%d bytes) error: %v", len(in), err)
			return nil
		}
		if len(sig) == 0 {
			t.Errorf("Sign(%d bytes) returned an empty signature", len(in))
		}
		return sig
	}
	// verify returns the error of Verify, or a non-nil placeholder when it
	// panicked (the panic is reported).
	verify := func(t tb, v jwa.Verifier, in, sig []byte) (err error) {
		t.Helper()
		err = errPanicked
		call(t, "Verify", func() { err = v.Verify(ctx, in, sig) })
		return err
	}
	wantReject := func(t tb, what string, err error) {
		t.Helper()
		if err == errPanicked {
			return // already reported
		}
		if !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("Verify with %s = %v, want an error wrapping jwa.ErrVerification", what, err)
		}
	}

	msg := []byte("eyJhbGciOiJqd2F0ZXN0In0.Y29udHJhY3Qgc3VpdGU")
	sig := sign(t, s, msg)
	if sig == nil {
		t.Fatalf("cannot continue without a signature")
	}

	t.Run("WrongKeyType", func(t tb) {
		for _, k := range append(append([]any{}, builtinWrongKeys...), c.WrongKeys...) {
			var err error
			if call(t, "NewSigner("+describe(k)+")", func() { _, err = c.Alg.NewSigner(k) }) && !errors.Is(err, jwa.ErrKeyType) {
				t.Errorf("NewSigner(%s) error = %v, want jwa.ErrKeyType", describe(k), err)
			}
			if call(t, "NewVerifier("+describe(k)+")", func() { _, err = c.Alg.NewVerifier(k) }) && !errors.Is(err, jwa.ErrKeyType) {
				t.Errorf("NewVerifier(%s) error = %v, want jwa.ErrKeyType", describe(k), err)
			}
		}
	})

	t.Run("SmallKey", func(t tb) {
		for _, k := range c.SmallKeys {
			var err error
			if call(t, "NewSigner(small "+describe(k)+")", func() { _, err = c.Alg.NewSigner(k) }) && !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("NewSigner(small %s) error = %v, want jwa.ErrKeySize", describe(k), err)
			}
			if call(t, "NewVerifier(small "+describe(k)+")", func() { _, err = c.Alg.NewVerifier(k) }) && !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("NewVerifier(small %s) error = %v, want jwa.ErrKeySize", describe(k), err)
			}
		}
	})

	t.Run("NilKey", func(t tb) {
		keys := []any{nil}
		for _, k := range []any{c.SignKey, c.VerifyKey} {
			if z, ok := typedNil(k); ok {
				keys = append(keys, z)
			}
		}
		for _, k := range keys {
			var (
				sg  jwa.Signer
				vf  jwa.Verifier
				err error
			)
			if call(t, "NewSigner(nil "+describe(k)+")", func() { sg, err = c.Alg.NewSigner(k) }) && (err == nil || sg != nil) {
				t.Errorf("NewSigner(nil %s) = %v, %v; want a nil value and an error%s", describe(k), sg, err, nonNilHint(err, sg != nil))
			}
			if call(t, "NewVerifier(nil "+describe(k)+")", func() { vf, err = c.Alg.NewVerifier(k) }) && (err == nil || vf != nil) {
				t.Errorf("NewVerifier(nil %s) = %v, %v; want a nil value and an error%s", describe(k), vf, err, nonNilHint(err, vf != nil))
			}
		}
	})

	t.Run("RoundTrip", func(t tb) {
		for _, n := range []int{0, 1, 2, 64, 1000, huge} {
			in := randBytes(n)
			sg := sign(t, s, in)
			if sg == nil {
				continue
			}
			if err := verify(t, v, in, sg); err != nil {
				t.Errorf("Verify(Sign(%d bytes)) = %v, want nil", n, err)
			}
		}
		// A second Verifier from the same key, and the Signer's
		// signature verified twice, must agree.
		v2, err := c.Alg.NewVerifier(c.VerifyKey)
		if err != nil {
			t.Fatalf("second NewVerifier: %v", err)
		}
		if err := verify(t, v2, msg, sig); err != nil {
			t.Errorf("second Verifier rejects a valid signature: %v", err)
		}
		if err := verify(t, v, msg, sig); err != nil {
			t.Errorf("Verify fails the second time: %v", err)
		}
	})

	t.Run("SignatureBitFlip", func(t tb) {
		for _, i := range bitsToFlip(len(sig), 132) {
			if err := verify(t, v, msg, flipBit(sig, i)); !errors.Is(err, jwa.ErrVerification) {
				if err != errPanicked {
					t.Errorf("Verify with bit %d of the signature flipped = %v, want jwa.ErrVerification", i, err)
				}
				return
			}
		}
	})

	t.Run("InputBitFlip", func(t tb) {
		for i := range len(msg) * 8 {
			if err := verify(t, v, flipBit(msg, i), sig); !errors.Is(err, jwa.ErrVerification) {
				if err != errPanicked {
					t.Errorf("Verify with bit %d of the signing input flipped = %v, want jwa.ErrVerification", i, err)
				}
				return
			}
		}
		wantReject(t, "the signing input extended by one byte", verify(t, v, append(bytes.Clone(msg), 0), sig))
		wantReject(t, "the signing input truncated by one byte", verify(t, v, msg[:len(msg)-1], sig))
		wantReject(t, "an empty signing input", verify(t, v, nil, sig))
	})

	t.Run("MalformedSignature", func(t tb) {
		cases := []struct {
			what string
			sig  []byte
		}{
			{"a nil signature", nil},
			{"an empty signature", []byte{}},
			{"a one-byte signature", sig[:1]},
			{"the signature truncated by one byte", sig[:len(sig)-1]},
			{"the signature's first half", sig[:len(sig)/2]},
			{"the signature extended by a zero byte", append(bytes.Clone(sig), 0)},
			{"the signature twice", append(bytes.Clone(sig), sig...)},
			{"all-zero bytes of the right length", make([]byte, len(sig))},
			{"all-0xff bytes of the right length", bytes.Repeat([]byte{0xff}, len(sig))},
			{"a 1 MiB signature", append(bytes.Clone(sig), make([]byte, huge)...)},
		}
		for _, tc := range cases {
			if bytes.Equal(tc.sig, sig) {
				continue // a one-byte signature is its own truncation
			}
			wantReject(t, tc.what, verify(t, v, msg, tc.sig))
		}
	})

	t.Run("OtherKey", func(t tb) {
		if c.OtherKey == nil {
			return
		}
		o, err := c.Alg.NewSigner(c.OtherKey)
		if err != nil {
			t.Fatalf("NewSigner(OtherKey): %v", err)
		}
		osig := sign(t, o, msg)
		if osig == nil {
			return
		}
		wantReject(t, "a signature made with OtherKey", verify(t, v, msg, osig))
	})

	t.Run("NotRetained", func(t tb) {
		// The signing input and the signature are neither modified nor
		// kept: change them after the call and check the results.
		in := bytes.Clone(msg)
		sg := sign(t, s, in)
		if !bytes.Equal(in, msg) {
			t.Errorf("Sign modified its signingInput")
		}
		if sg == nil {
			return
		}
		keep := bytes.Clone(sg)
		for i := range in {
			in[i] = 0
		}
		if !bytes.Equal(sg, keep) {
			t.Errorf("the signature changed when the signing input was overwritten after Sign")
		}
		in = bytes.Clone(msg)
		sgCopy := bytes.Clone(sg)
		if err := verify(t, v, in, sgCopy); err != nil {
			t.Errorf("Verify = %v, want nil", err)
		}
		if !bytes.Equal(in, msg) || !bytes.Equal(sgCopy, sg) {
			t.Errorf("Verify modified its arguments")
		}
		// A returned signature belongs to the caller: scribbling on it
		// must not change the next one.
		for i := range sg {
			sg[i] ^= 0xff
		}
		if err := verify(t, v, msg, sign(t, s, msg)); err != nil {
			t.Errorf("after the caller overwrote a returned signature, a new one does not verify: %v", err)
		}

		// Byte-slice keys are copied by the constructors.
		if byteKey(c.SignKey) {
			k, scribble := cloneKey(c.SignKey)
			s2, err := c.Alg.NewSigner(k)
			if err != nil {
				t.Fatalf("NewSigner(copy of SignKey): %v", err)
			}
			scribble()
			if err := verify(t, v, msg, sign(t, s2, msg)); err != nil {
				t.Errorf("after the caller overwrote the []byte key given to NewSigner, its signatures do not verify: %v", err)
			}
		}
		if byteKey(c.VerifyKey) {
			k, scribble := cloneKey(c.VerifyKey)
			v2, err := c.Alg.NewVerifier(k)
			if err != nil {
				t.Fatalf("NewVerifier(copy of VerifyKey): %v", err)
			}
			scribble()
			if err := verify(t, v2, msg, sig); err != nil {
				t.Errorf("after the caller overwrote the []byte key given to NewVerifier, valid signatures fail: %v", err)
			}
		}
	})

	t.Run("Concurrent", func(t tb) {
		parallel(func(g, i int) {
			in := []byte{byte(g), byte(i), 'j', 'w', 'a'}
			var (
				sg  []byte
				err error
			)
			if !call(t, "concurrent Sign", func() { sg, err = s.Sign(ctx, in) }) {
				return
			}
			if err != nil {
				t.Errorf("concurrent Sign: %v", err)
				return
			}
			if !call(t, "concurrent Verify", func() { err = v.Verify(ctx, in, sg) }) {
				return
			}
			if err != nil {
				t.Errorf("concurrent Verify of a valid signature: %v", err)
			}
			if !call(t, "concurrent Verify", func() { err = v.Verify(ctx, in, sg[1:]) }) {
				return
			}
			if !errors.Is(err, jwa.ErrVerification) {
				t.Errorf("concurrent Verify of a truncated signature = %v, want jwa.ErrVerification", err)
			}
		})
	})
}

// errPanicked stands for the result of a call that panicked; the panic
// itself has already been reported by call.
var errPanicked = errors.New("jwatest: call panicked")
