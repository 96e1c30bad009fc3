package layout

import (
	"bytes"
	"crypto/hmac"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hexBytes decodes a JSON string of hex digits.
type hexBytes []byte

func (h *hexBytes) UnmarshalText(text []byte) error {
	b, err := hex.DecodeString(string(text))
	*h = b
	return err
}

type debugVector struct {
	ID      string
	Token   string
	Options struct{ Adata string }
	Debug   *struct {
		CEK            hexBytes `json:"cek_hex"`
		IV             hexBytes `json:"iv_hex"`
		Layout         string   `json:"layout"`
		AESKey         hexBytes `json:"aes_key_hex"`
		MACKey         hexBytes `json:"mac_key_hex"`
		EncryptedBytes hexBytes `json:"encrypted_bytes_hex"`
		MACInput       hexBytes `json:"mac_input_hex"`
		HMACFull       hexBytes `json:"hmac_full_hex"`
		Tag            hexBytes `json:"tag_hex"`
	}
}

// debugVectors returns the JWE vectors of ../../testdata/legacy that carry
// a debug block.
func debugVectors(t *testing.T) []debugVector {
	files, err := filepath.Glob("../../testdata/legacy/v*.json")
	if err != nil {
		t.Fatal(err)
	}
	var out []debugVector
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var f struct{ Vectors []debugVector }
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatal(err)
		}
		for _, v := range f.Vectors {
			if v.Debug != nil {
				out = append(out, v)
			}
		}
	}
	return out
}

// TestDebugBlocks rebuilds every JWE vector that has a debug block byte
// for byte from its recorded CEK, IV and AES input: key split, ciphertext,
// MAC input, full HMAC and tag, in all three layouts.
func TestDebugBlocks(t *testing.T) {
	vs := debugVectors(t)
	if len(vs) == 0 {
		t.Fatal("no debug vectors loaded")
	}
	seen := map[string]int{}
	for _, v := range vs {
		t.Run(v.ID, func(t *testing.T) {
			d := v.Debug
			var l Layout
			switch d.Layout {
			case "legacy":
				l = Legacy
			case "v1":
				l = V1
			case "v2":
				l = V2
			default:
				t.Fatalf("unknown layout %q", d.Layout)
			}
			seen[d.Layout]++
			parts := strings.Split(v.Token, ".")
			if len(parts) != 5 {
				t.Fatalf("%d parts", len(parts))
			}
			seg := func(i int) []byte {
				b, err := base64.RawURLEncoding.DecodeString(parts[i])
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			var h struct{ Enc string }
			if err := json.Unmarshal(seg(0), &h); err != nil {
				t.Fatal(err)
			}
			enc, err := ParseEnc(h.Enc)
			if err != nil {
				t.Fatalf("ParseEnc(%q): %v", h.Enc, err)
			}
			if len(d.CEK) != enc.CEKSize(l) {
				t.Fatalf("CEK is %d bytes, CEKSize says %d", len(d.CEK), enc.CEKSize(l))
			}
			aesKey, macKey := enc.SplitKey(l, d.CEK)
			if !bytes.Equal(aesKey, d.AESKey) || !bytes.Equal(macKey, d.MACKey) {
				t.Fatalf("key split: aes %x mac %x, want %x %x", aesKey, macKey, d.AESKey, d.MACKey)
			}
			if !bytes.Equal(seg(2), d.IV) {
				t.Fatalf("IV segment %x, debug %x", seg(2), d.IV)
			}
			c, err := EncryptCBC(aesKey, d.IV, d.EncryptedBytes)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(c, seg(3)) {
				t.Fatalf("ciphertext differs from the token")
			}
			data := c
			if l == Legacy {
				data = d.EncryptedBytes
			}
			adata := []byte(v.Options.Adata)
			in := MACInput(l, adata, d.IV, data)
			if !bytes.Equal(in, d.MACInput) {
				t.Fatalf("MAC input\n got %x\nwant %x", in, d.MACInput)
			}
			m := hmac.New(enc.Hash, macKey)
			m.Write(in)
			if full := m.Sum(nil); !bytes.Equal(full, d.HMACFull) {
				t.Fatalf("HMAC %x, want %x", full, d.HMACFull)
			}
			tag := enc.Tag(macKey, in)
			if !bytes.Equal(tag, d.Tag) || !bytes.Equal(tag, seg(4)) {
				t.Fatalf("tag %x, want %x (token %x)", tag, d.Tag, seg(4))
			}
			// And back: the reader's side of the layout.
			padded, ok := DecryptCBC(aesKey, d.IV, c)
			if !ok {
				t.Fatal("DecryptCBC failed")
			}
			var got []byte
			if l == Legacy {
				got, ok = enc.LegacyOpen(macKey, adata, d.IV, padded, tag)
			} else {
				var good int
				got, good = Unpad(padded)
				ok = good == 1
			}
			if !ok || !bytes.Equal(got, d.EncryptedBytes) {
				t.Fatalf("open: ok=%v, plaintext differs", ok)
			}
		})
	}
	for _, l := range []string{"legacy", "v1", "v2"} {
		if seen[l] == 0 {
			t.Errorf("no debug vector of layout %s", l)
		}
	}
}

func TestParseEnc(t *testing.T) {
	tests := []struct {
		name     string
		aes, mac int
		ok       bool
	}{
		{"A128CBC-HS256", 16, 32, true},
		{"A192CBC-HS384", 24, 48, true},
		{"A256CBC-HS512", 32, 64, true},
		{"A128CBC+HS256", 16, 32, true},
		{"A192CBC-HS256", 24, 32, true},
		{"A128CBC+HS512", 16, 64, true},
		{"A128CBC-HS999", 0, 0, false},
		{"A512CBC-HS256", 0, 0, false},
		{"A128GCM", 0, 0, false},
		{"A128CBC-HS256-X", 0, 0, false},
		{"A128CBC+HS256+X", 0, 0, false},
		{"A128CBC+HS256-X", 0, 0, false},
		{"", 0, 0, false},
		{"-", 0, 0, false},
		{"a128cbc-hs256", 0, 0, false},
	}
	for _, tt := range tests {
		e, err := ParseEnc(tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("ParseEnc(%q) error %v, want ok=%v", tt.name, err, tt.ok)
			continue
		}
		if tt.ok && (e.AESKeySize != tt.aes || e.MACSize != tt.mac || e.Hash().Size() != tt.mac) {
			t.Errorf("ParseEnc(%q) = %d/%d, want %d/%d", tt.name, e.AESKeySize, e.MACSize, tt.aes, tt.mac)
		}
	}
}

// TestUnpad checks every padding byte value of a final block, valid and
// invalid.
func TestUnpad(t *testing.T) {
	for p := 0; p < 256; p++ {
		for _, spoil := range []bool{false, true} {
			b := bytes.Repeat([]byte{0xAA}, 2*BlockSize)
			n := p
			if n > BlockSize {
				n = BlockSize
			}
			for i := 0; i < n; i++ {
				b[len(b)-1-i] = byte(p)
			}
			if spoil && n > 1 {
				b[len(b)-n] ^= 1
			}
			valid := p >= 1 && p <= BlockSize && !(spoil && n > 1)
			m, ok := Unpad(b)
			if (ok == 1) != valid {
				t.Fatalf("pad %d spoil %v: ok=%d, want %v", p, spoil, ok, valid)
			}
			if valid && len(m) != len(b)-p {
				t.Fatalf("pad %d: %d bytes left", p, len(m))
			}
		}
	}
}

// TestLegacyOpen checks the constant-time legacy check against a plain
// reference for every plaintext length over two blocks, and that a wrong
// tag, a truncated tag and bad padding all fail.
func TestLegacyOpen(t *testing.T) {
	enc, _ := ParseEnc("A128CBC-HS256")
	key := bytes.Repeat([]byte{7}, 32)
	iv := bytes.Repeat([]byte{9}, 16)
	adata := []byte("ctx")
	for n := 0; n <= 2*BlockSize; n++ {
		m := bytes.Repeat([]byte{'m'}, n)
		padded := Pad(m)
		tag := enc.Tag(key, MACInput(Legacy, adata, iv, m))
		got, ok := enc.LegacyOpen(key, adata, iv, padded, tag)
		if !ok || !bytes.Equal(got, m) {
			t.Fatalf("len %d: ok=%v", n, ok)
		}
		bad := bytes.Clone(tag)
		bad[0] ^= 1
		if _, ok := enc.LegacyOpen(key, adata, iv, padded, bad); ok {
			t.Fatalf("len %d: wrong tag accepted", n)
		}
		if _, ok := enc.LegacyOpen(key, adata, iv, padded, tag[:len(tag)-1]); ok {
			t.Fatalf("len %d: truncated tag accepted", n)
		}
		if _, ok := enc.LegacyOpen(key, []byte("other"), iv, padded, tag); ok {
			t.Fatalf("len %d: wrong adata accepted", n)
		}
		// A padding byte of 0 or 17 with a tag over some prefix must fail.
		for _, p := range []byte{0, 17, 255} {
			badPad := bytes.Clone(padded)
			badPad[len(badPad)-1] = p
			if _, ok := enc.LegacyOpen(key, adata, iv, badPad, tag); ok {
				t.Fatalf("len %d: padding byte %d accepted", n, p)
			}
		}
	}
	if _, ok := enc.LegacyOpen(key, adata, iv, nil, nil); ok {
		t.Fatal("empty plaintext block accepted")
	}
}

func TestDecryptCBCRejects(t *testing.T) {
	key := make([]byte, 16)
	iv := make([]byte, 16)
	for _, c := range [][]byte{nil, make([]byte, 15), make([]byte, 17)} {
		if _, ok := DecryptCBC(key, iv, c); ok {
			t.Errorf("%d-byte ciphertext accepted", len(c))
		}
	}
	if _, ok := DecryptCBC(make([]byte, 0), iv, make([]byte, 16)); ok {
		t.Error("empty AES key accepted")
	}
	if _, ok := DecryptCBC(key, iv[:8], make([]byte, 16)); ok {
		t.Error("8-byte IV accepted")
	}
	if _, err := EncryptCBC(key, iv[:8], nil); err == nil {
		t.Error("EncryptCBC with an 8-byte IV")
	}
}

func TestLayoutString(t *testing.T) {
	for l, want := range map[Layout]string{Legacy: "legacy", V1: "v1", V2: "v2", 9: "Layout(9)"} {
		if got := l.String(); got != want {
			t.Errorf("%d: %q, want %q", int(l), got, want)
		}
	}
}
