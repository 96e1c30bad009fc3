package jwatest

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"testing"

	"github.com/joseframework/jose/core/jwa"
)

// A KeyManagementCase describes one key management algorithm and the keys
// to test it with.
type KeyManagementCase struct {
	// Alg is the algorithm under test.
	Alg jwa.KeyManagementAlgorithm
	// EncryptKey is a valid key for NewEncrypter.
	EncryptKey any
	// DecryptKey is the matching key for NewDecrypter.
	DecryptKey any
	// OtherDecryptKey, if set, is a valid decryption key that is not the
	// right one: DecryptKey with it must fail with jwa.ErrDecryption (or,
	// when RandomCEKOnFailure is set, return a different CEK).
	OtherDecryptKey any
	// WrongKeys are keys of the wrong type: NewEncrypter and NewDecrypter
	// must fail with jwa.ErrKeyType. A few values no algorithm accepts are
	// always tried as well.
	WrongKeys []any
	// SmallKeys, if set, are keys of the right type but too small: the
	// constructors must fail with jwa.ErrKeySize.
	SmallKeys []any
	// Enc is the content encryption algorithm name passed to EncryptKey
	// and DecryptKey, such as "A128GCM".
	Enc string
	// CEKSize is the CEK length for Enc, in bytes, such as 16.
	CEKSize int
	// Direct is set for direct key agreement and direct encryption: the
	// encrypted key is empty and the CEK is derived, not chosen.
	Direct bool
	// RandomCEKOnFailure is set for RSA1_5: failures to recover the CEK
	// return a random CEK instead of an error (RFC 7516, Section 11.5).
	RandomCEKOnFailure bool
}

// TestKeyManagement runs the contract suite for a key management
// algorithm: its name; Algorithm() of every KeyEncrypter and KeyDecrypter;
// wrong, small and nil keys refused without panicking; EncryptKey then
// DecryptKey (with the Params written by EncryptKey copied over, as the JWE
// layer does) recovers the same CEK of CEKSize bytes; fresh CEKs on every
// call (unless Direct); Params.CEK honoured (unless Direct); rejection of
// every single-bit change, truncation and extension of the encrypted key
// and of a changed header parameter, of the wrong decryption key, and of a
// non-empty encrypted key in Direct mode; no panic on empty or 1 MiB
// encrypted keys; no retention of caller-owned slices; and concurrent use.
// For encrypted keys over 64 bytes (RSA), the bits flipped are every bit
// of the first and last 4 bytes and one bit of each byte between, which
// keeps the suite fast while touching every byte.
//
// With RandomCEKOnFailure, "rejection" means either an error wrapping
// jwa.ErrDecryption or a CEK of the requested size that differs from the
// real one.
func TestKeyManagement(t *testing.T, c KeyManagementCase) {
	t.Helper()
	testKeyManagement(realT{t}, c)
}

// cloneParams copies what the JWE layer would carry from the encrypting
// side's header to the decrypting side: the header parameters, never the
// encryption-only inputs (CEK, EphemeralKey).
func cloneParams(p *jwa.Params) *jwa.Params {
	return &jwa.Params{
		EPK:   p.EPK,
		APU:   bytes.Clone(p.APU),
		APV:   bytes.Clone(p.APV),
		IV:    bytes.Clone(p.IV),
		Tag:   bytes.Clone(p.Tag),
		P2S:   bytes.Clone(p.P2S),
		P2C:   p.P2C,
		Extra: maps.Clone(p.Extra),
	}
}

func testKeyManagement(t tb, c KeyManagementCase) {
	t.Helper()
	if c.Alg == nil {
		t.Fatalf("jwatest: KeyManagementCase.Alg is nil")
	}
	if c.EncryptKey == nil || c.DecryptKey == nil {
		t.Fatalf("jwatest: KeyManagementCase needs EncryptKey and DecryptKey")
	}
	if c.Enc == "" || c.CEKSize <= 0 {
		t.Fatalf("jwatest: KeyManagementCase needs Enc and a positive CEKSize")
	}
	ctx := context.Background()
	name := c.Alg.Name()

	t.Run("Name", func(t tb) {
		checkName(t, name)
		checkDescription(t, c.Alg)
	})

	var (
		e jwa.KeyEncrypter
		d jwa.KeyDecrypter
	)
	if !t.Run("NewKeys", func(t tb) {
		var err error
		if !call(t, "NewEncrypter(EncryptKey)", func() { e, err = c.Alg.NewEncrypter(c.EncryptKey) }) {
			t.Fatalf("cannot continue")
		}
		if err != nil || e == nil {
			t.Fatalf("NewEncrypter(%s) = %v, %v; want a KeyEncrypter", describe(c.EncryptKey), e, err)
		}
		if !call(t, "NewDecrypter(DecryptKey)", func() { d, err = c.Alg.NewDecrypter(c.DecryptKey) }) {
			t.Fatalf("cannot continue")
		}
		if err != nil || d == nil {
			t.Fatalf("NewDecrypter(%s) = %v, %v; want a KeyDecrypter", describe(c.DecryptKey), d, err)
		}
		if got := e.Algorithm(); got != name {
			t.Errorf("KeyEncrypter.Algorithm() = %q, want %q", got, name)
		}
		if got := d.Algorithm(); got != name {
			t.Errorf("KeyDecrypter.Algorithm() = %q, want %q", got, name)
		}
	}) {
		return
	}

	// encrypt runs EncryptKey with fresh Params (or p) and checks the
	// shape of its results; it returns nil values after reporting a
	// failure.
	encrypt := func(t tb, e jwa.KeyEncrypter, p *jwa.Params) (cek, ek []byte, out *jwa.Params) {
		t.Helper()
		if p == nil {
			p = &jwa.Params{}
		}
		var err error
		if !call(t, "EncryptKey", func() { cek, ek, err = e.EncryptKey(ctx, c.Enc, c.CEKSize, p) }) {
			return nil, nil, nil
		}
		if err != nil {
			t.Errorf("EncryptKey(%q, %d) error: %v", c.Enc, c.CEKSize, err)
			return nil, nil, nil
		}
		if len(cek) != c.CEKSize {
			t.Errorf("EncryptKey returned a %d-byte CEK, want %d", len(cek), c.CEKSize)
			return nil, nil, nil
		}
		if c.Direct && len(ek) != 0 {
			t.Errorf("EncryptKey returned a %d-byte encrypted key in direct mode, want none", len(ek))
			return nil, nil, nil
		}
		if !c.Direct && len(ek) == 0 {
			t.Errorf("EncryptKey returned an empty encrypted key")
			return nil, nil, nil
		}
		return cek, ek, p
	}
	decrypt := func(t tb, d jwa.KeyDecrypter, ek []byte, p *jwa.Params, size int) (cek []byte, err error) {
		t.Helper()
		err = errPanicked
		call(t, "DecryptKey", func() { cek, err = d.DecryptKey(ctx, c.Enc, size, ek, cloneParams(p)) })
		return cek, err
	}
	// wantReject checks the result of a DecryptKey call that must not
	// recover want.
	wantReject := func(t tb, what string, got []byte, err error, want []byte, extra ...error) {
		t.Helper()
		if err == errPanicked {
			return
		}
		if err == nil && c.RandomCEKOnFailure {
			if len(got) != c.CEKSize {
				t.Errorf("DecryptKey with %s returned a %d-byte CEK, want a random one of %d bytes", what, len(got), c.CEKSize)
			} else if bytes.Equal(got, want) {
				t.Errorf("DecryptKey with %s recovered the real CEK", what)
			}
			return
		}
		if errors.Is(err, jwa.ErrDecryption) {
			return
		}
		for _, x := range extra {
			if errors.Is(err, x) {
				return
			}
		}
		t.Errorf("DecryptKey with %s = %x, %v; want an error wrapping jwa.ErrDecryption", what, got, err)
	}

	cek, ek, params := encrypt(t, e, nil)
	if cek == nil {
		t.Fatalf("cannot continue without a CEK")
	}

	t.Run("WrongKeyType", func(t tb) {
		for _, k := range append(append([]any{}, builtinWrongKeys...), c.WrongKeys...) {
			var err error
			if call(t, "NewEncrypter("+describe(k)+")", func() { _, err = c.Alg.NewEncrypter(k) }) && !errors.Is(err, jwa.ErrKeyType) {
				t.Errorf("NewEncrypter(%s) error = %v, want jwa.ErrKeyType", describe(k), err)
			}
			if call(t, "NewDecrypter("+describe(k)+")", func() { _, err = c.Alg.NewDecrypter(k) }) && !errors.Is(err, jwa.ErrKeyType) {
				t.Errorf("NewDecrypter(%s) error = %v, want jwa.ErrKeyType", describe(k), err)
			}
		}
	})

	t.Run("SmallKey", func(t tb) {
		for _, k := range c.SmallKeys {
			var err error
			if call(t, "NewEncrypter(small "+describe(k)+")", func() { _, err = c.Alg.NewEncrypter(k) }) && !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("NewEncrypter(small %s) error = %v, want jwa.ErrKeySize", describe(k), err)
			}
			if call(t, "NewDecrypter(small "+describe(k)+")", func() { _, err = c.Alg.NewDecrypter(k) }) && !errors.Is(err, jwa.ErrKeySize) {
				t.Errorf("NewDecrypter(small %s) error = %v, want jwa.ErrKeySize", describe(k), err)
			}
		}
	})

	t.Run("NilKey", func(t tb) {
		keys := []any{nil}
		for _, k := range []any{c.EncryptKey, c.DecryptKey} {
			if z, ok := typedNil(k); ok {
				keys = append(keys, z)
			}
		}
		for _, k := range keys {
			var (
				ke  jwa.KeyEncrypter
				kd  jwa.KeyDecrypter
				err error
			)
			if call(t, "NewEncrypter(nil "+describe(k)+")", func() { ke, err = c.Alg.NewEncrypter(k) }) && (err == nil || ke != nil) {
				t.Errorf("NewEncrypter(nil %s) = %v, %v; want a nil value and an error%s", describe(k), ke, err, nonNilHint(err, ke != nil))
			}
			if call(t, "NewDecrypter(nil "+describe(k)+")", func() { kd, err = c.Alg.NewDecrypter(k) }) && (err == nil || kd != nil) {
				t.Errorf("NewDecrypter(nil %s) = %v, %v; want a nil value and an error%s", describe(k), kd, err, nonNilHint(err, kd != nil))
			}
		}
	})

	t.Run("RoundTrip", func(t tb) {
		for i := range 3 {
			cek, ek, p := encrypt(t, e, nil)
			if cek == nil {
				return
			}
			got, err := decrypt(t, d, ek, p, c.CEKSize)
			if err != nil {
				t.Errorf("round %d: DecryptKey(EncryptKey()) error: %v", i, err)
				continue
			}
			if !bytes.Equal(got, cek) {
				t.Errorf("round %d: DecryptKey returned CEK %x, want %x", i, got, cek)
			}
		}
		// A second KeyDecrypter from the same key agrees.
		d2, err := c.Alg.NewDecrypter(c.DecryptKey)
		if err != nil {
			t.Fatalf("second NewDecrypter: %v", err)
		}
		if got, err := decrypt(t, d2, ek, params, c.CEKSize); err != nil || !bytes.Equal(got, cek) {
			t.Errorf("second KeyDecrypter: DecryptKey = %x, %v; want %x", got, err, cek)
		}
	})

	t.Run("FreshCEK", func(t tb) {
		if c.Direct {
			return // "dir" returns its key; ECDH-ES derives from a fresh ephemeral key
		}
		cek2, ek2, _ := encrypt(t, e, nil)
		if cek2 == nil {
			return
		}
		if bytes.Equal(cek2, cek) {
			t.Errorf("two EncryptKey calls returned the same CEK %x", cek)
		}
		if bytes.Equal(ek2, ek) {
			t.Errorf("two EncryptKey calls returned the same encrypted key")
		}
	})

	t.Run("GivenCEK", func(t tb) {
		if c.Direct {
			return
		}
		want := randBytes(c.CEKSize)
		p := &jwa.Params{CEK: bytes.Clone(want)}
		got, ek, p := encrypt(t, e, p)
		if got == nil {
			return
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("EncryptKey with Params.CEK returned CEK %x, want %x", got, want)
		}
		dec, err := decrypt(t, d, ek, p, c.CEKSize)
		if err != nil || !bytes.Equal(dec, want) {
			t.Errorf("DecryptKey of a wrapped Params.CEK = %x, %v; want %x", dec, err, want)
		}
	})

	t.Run("WrongCEKSize", func(t tb) {
		// DecryptKey returns cekSize bytes or an error, never another
		// length.
		for _, size := range []int{c.CEKSize + 8, c.CEKSize - 1} {
			if size <= 0 {
				continue
			}
			got, err := decrypt(t, d, ek, params, size)
			if err == nil && len(got) != size {
				t.Errorf("DecryptKey(cekSize %d) returned %d bytes", size, len(got))
			}
			if err == nil && !c.Direct && !c.RandomCEKOnFailure {
				t.Errorf("DecryptKey(cekSize %d) of a %d-byte wrapped CEK succeeded; want an error", size, c.CEKSize)
			}
		}
	})

	t.Run("EncryptedKeyBitFlip", func(t tb) {
		if c.Direct {
			return
		}
		for _, i := range bitsToFlip(len(ek), 64) {
			got, err := decrypt(t, d, flipBit(ek, i), params, c.CEKSize)
			if err == nil && bytes.Equal(got, cek) {
				t.Errorf("DecryptKey with bit %d of the encrypted key flipped recovered the CEK", i)
				return
			}
			wantReject(t, "a flipped bit in the encrypted key", got, err, cek)
		}
	})

	t.Run("MalformedEncryptedKey", func(t tb) {
		cases := []struct {
			what string
			ek   []byte
		}{
			{"a nil encrypted key", nil},
			{"an empty encrypted key", []byte{}},
			{"a one-byte encrypted key", []byte{1}},
			{"the encrypted key truncated by one byte", ek[:max(len(ek)-1, 0)]},
			{"the encrypted key truncated by 8 bytes", ek[:max(len(ek)-8, 0)]},
			{"the encrypted key extended by a zero byte", append(bytes.Clone(ek), 0)},
			{"the encrypted key extended by 8 bytes", append(bytes.Clone(ek), make([]byte, 8)...)},
			{"a 1 MiB encrypted key", append(bytes.Clone(ek), make([]byte, huge)...)},
		}
		for _, tc := range cases {
			if c.Direct && len(tc.ek) == 0 {
				continue // the valid case for direct modes
			}
			got, err := decrypt(t, d, tc.ek, params, c.CEKSize)
			if err == nil && bytes.Equal(got, cek) {
				t.Errorf("DecryptKey with %s recovered the CEK", tc.what)
				continue
			}
			if c.Direct {
				// A non-empty encrypted key in direct mode is a
				// malformed header, reported before any cryptography.
				if err == nil {
					t.Errorf("DecryptKey with %s in direct mode succeeded; want an error", tc.what)
				} else if err != errPanicked && !errors.Is(err, jwa.ErrDecryption) && !errors.Is(err, jwa.ErrInvalidParameter) {
					t.Errorf("DecryptKey with %s in direct mode = %v; want jwa.ErrDecryption or jwa.ErrInvalidParameter", tc.what, err)
				}
				continue
			}
			wantReject(t, tc.what, got, err, cek)
		}
	})

	t.Run("ChangedParams", func(t tb) {
		// Each byte header parameter that EncryptKey wrote is bound to
		// the CEK: change one bit and the real CEK must not come back.
		fields := []struct {
			name string
			get  func(p *jwa.Params) *[]byte
		}{
			{"apu", func(p *jwa.Params) *[]byte { return &p.APU }},
			{"apv", func(p *jwa.Params) *[]byte { return &p.APV }},
			{"iv", func(p *jwa.Params) *[]byte { return &p.IV }},
			{"tag", func(p *jwa.Params) *[]byte { return &p.Tag }},
			{"p2s", func(p *jwa.Params) *[]byte { return &p.P2S }},
		}
		for _, f := range fields {
			if len(*f.get(params)) == 0 {
				continue
			}
			p := cloneParams(params)
			field := f.get(p)
			*field = flipBit(*field, 7)
			got, err := decrypt(t, d, ek, p, c.CEKSize)
			if err == nil && bytes.Equal(got, cek) {
				t.Errorf("DecryptKey with a changed %q recovered the CEK", f.name)
				continue
			}
			if err == nil && c.Direct {
				continue // a different derived CEK; content decryption will fail
			}
			wantReject(t, "a changed "+f.name, got, err, cek, jwa.ErrInvalidParameter)
		}
	})

	t.Run("OtherKey", func(t tb) {
		if c.OtherDecryptKey == nil {
			return
		}
		od, err := c.Alg.NewDecrypter(c.OtherDecryptKey)
		if err != nil {
			t.Fatalf("NewDecrypter(OtherDecryptKey): %v", err)
		}
		got, err := decrypt(t, od, ek, params, c.CEKSize)
		if err == nil && bytes.Equal(got, cek) {
			t.Fatalf("DecryptKey with OtherDecryptKey recovered the CEK")
		}
		if c.Direct && err == nil {
			if len(got) != c.CEKSize {
				t.Errorf("DecryptKey with OtherDecryptKey returned %d bytes, want %d", len(got), c.CEKSize)
			}
			return // a different derived CEK; content decryption will fail
		}
		wantReject(t, "OtherDecryptKey", got, err, cek)
	})

	t.Run("NotRetained", func(t tb) {
		// The returned CEK belongs to the caller.
		got, err := decrypt(t, d, ek, params, c.CEKSize)
		if err != nil {
			t.Fatalf("DecryptKey: %v", err)
		}
		for i := range got {
			got[i] ^= 0xff
		}
		if again, err := decrypt(t, d, ek, params, c.CEKSize); err != nil || !bytes.Equal(again, cek) {
			t.Errorf("after the caller overwrote a returned CEK, DecryptKey = %x, %v; want %x", again, err, cek)
		}
		cek2, ek2, p2 := encrypt(t, e, nil)
		if cek2 == nil {
			return
		}
		keep := bytes.Clone(cek2)
		for i := range cek2 {
			cek2[i] ^= 0xff
		}
		if again, err := decrypt(t, d, ek2, p2, c.CEKSize); err != nil || !bytes.Equal(again, keep) {
			t.Errorf("after the caller overwrote the CEK from EncryptKey, DecryptKey = %x, %v; want %x", again, err, keep)
		}
		// DecryptKey does not modify the encrypted key.
		ekCopy := bytes.Clone(ek)
		decrypt(t, d, ekCopy, params, c.CEKSize)
		if !bytes.Equal(ekCopy, ek) {
			t.Errorf("DecryptKey modified its encryptedKey argument")
		}

		// Byte-slice keys are copied by the constructors.
		if byteKey(c.EncryptKey) {
			k, scribble := cloneKey(c.EncryptKey)
			e2, err := c.Alg.NewEncrypter(k)
			if err != nil {
				t.Fatalf("NewEncrypter(copy of EncryptKey): %v", err)
			}
			scribble()
			cek3, ek3, p3 := encrypt(t, e2, nil)
			if cek3 != nil {
				if got, err := decrypt(t, d, ek3, p3, c.CEKSize); err != nil || !bytes.Equal(got, cek3) {
					t.Errorf("after the caller overwrote the []byte key given to NewEncrypter, DecryptKey = %x, %v; want %x", got, err, cek3)
				}
			}
		}
		if byteKey(c.DecryptKey) {
			k, scribble := cloneKey(c.DecryptKey)
			d2, err := c.Alg.NewDecrypter(k)
			if err != nil {
				t.Fatalf("NewDecrypter(copy of DecryptKey): %v", err)
			}
			scribble()
			if got, err := decrypt(t, d2, ek, params, c.CEKSize); err != nil || !bytes.Equal(got, cek) {
				t.Errorf("after the caller overwrote the []byte key given to NewDecrypter, DecryptKey = %x, %v; want %x", got, err, cek)
			}
		}
	})

	t.Run("Concurrent", func(t tb) {
		parallel(func(g, i int) {
			var (
				cek, ek, got []byte
				err          error
			)
			p := &jwa.Params{}
			if !call(t, "concurrent EncryptKey", func() { cek, ek, err = e.EncryptKey(ctx, c.Enc, c.CEKSize, p) }) {
				return
			}
			if err != nil {
				t.Errorf("concurrent EncryptKey: %v", err)
				return
			}
			if !call(t, "concurrent DecryptKey", func() { got, err = d.DecryptKey(ctx, c.Enc, c.CEKSize, ek, cloneParams(p)) }) {
				return
			}
			if err != nil || !bytes.Equal(got, cek) {
				t.Errorf("concurrent DecryptKey = %x, %v; want %x", got, err, cek)
			}
		})
	})
}
