package ecdsa

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/asn1"
	"math/big"
	"testing"
)

// rawSignatureASN1 is the reference for rawSignature: encoding/asn1
// parses the signature, and re-encoding it must give the same bytes, so
// that only canonical DER passes.
func (a *algorithm) rawSignatureASN1(der []byte) ([]byte, bool) {
	var sig struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &sig)
	if err != nil || len(rest) != 0 || sig.R == nil || sig.S == nil {
		return nil, false
	}
	again, err := asn1.Marshal(sig)
	if err != nil || string(again) != string(der) {
		return nil, false
	}
	if !a.inRange(sig.R) || !a.inRange(sig.S) {
		return nil, false
	}
	out := make([]byte, 2*a.size)
	sig.R.FillBytes(out[:a.size])
	sig.S.FillBytes(out[a.size:])
	return out, true
}

// TestRawSignatureStrict checks that rawSignature accepts exactly what
// the encoding/asn1 reference accepts, with the same result: real
// signatures, every one-byte change, truncation and extension of them,
// and hand-made encodings at the edges of DER and of [1, n-1].
func TestRawSignatureStrict(t *testing.T) {
	for _, a := range []*algorithm{es256, es384, es512} {
		n := a.curve.Params().N
		var ders [][]byte
		key, err := ecdsa.GenerateKey(a.curve, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		for range 8 {
			der, err := key.Sign(rand.Reader, a.digest([]byte("x")), a.hash)
			if err != nil {
				t.Fatal(err)
			}
			ders = append(ders, der)
		}
		enc := func(r, s []byte) []byte { // SEQUENCE of two INTEGERs with raw contents
			body := append(append([]byte{0x02, byte(len(r))}, r...), append([]byte{0x02, byte(len(s))}, s...)...)
			if len(body) >= 0x80 {
				return append([]byte{0x30, 0x81, byte(len(body))}, body...)
			}
			return append([]byte{0x30, byte(len(body))}, body...)
		}
		one := []byte{1}
		nm1 := new(big.Int).Sub(n, big.NewInt(1)).Bytes()
		for _, v := range [][]byte{
			{}, {0}, {0, 1}, {0x80}, {0xff}, {0, 0x80}, {0, 0, 0x80}, one, nm1, n.Bytes(),
			append([]byte{0}, nm1...), append([]byte{0}, n.Bytes()...),
			new(big.Int).Add(n, big.NewInt(1)).Bytes(), bytes.Repeat([]byte{0x7f}, a.size+1),
			bytes.Repeat([]byte{0x01}, a.size), bytes.Repeat([]byte{0x01}, a.size-1),
		} {
			ders = append(ders, enc(v, one), enc(one, v), enc(v, v))
		}
		base := ders[0]
		ders = append(ders,
			append(bytes.Clone(base), 0),                          // trailing byte
			append([]byte{0x30, 0x81, base[1]}, base[2:]...),      // long form for a short length
			append([]byte{0x30, 0x80}, append(base[2:], 0, 0)...), // indefinite length
			append([]byte{0x30, 0x82, 0, base[1]}, base[2:]...),
		)
		for i := range len(base) + 1 {
			ders = append(ders, base[:i])
			for _, x := range []byte{0x00, 0x01, 0x7f, 0x80, 0xff} {
				m := bytes.Clone(base)
				if i < len(m) {
					m[i] = x
					ders = append(ders, m)
				}
				ders = append(ders, append(append(bytes.Clone(base[:i]), x), base[i:]...))
			}
		}
		accepted := 0
		for _, der := range ders {
			got, gotOK := a.rawSignature(der)
			if gotOK {
				accepted++
			}
			want, wantOK := a.rawSignatureASN1(der)
			if gotOK != wantOK || !bytes.Equal(got, want) {
				t.Errorf("%s: rawSignature(%x) = %x, %v; encoding/asn1 gives %x, %v", a.name, der, got, gotOK, want, wantOK)
			}
		}
		if accepted < 8 {
			t.Errorf("%s: %d of %d encodings accepted, want at least the 8 real signatures", a.name, accepted, len(ders))
		}
	}
}
