package legacywriter

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/joseframework/jose/compat/internal/layout"
)

// hexBytes decodes a JSON string of hex digits.
type hexBytes []byte

func (h *hexBytes) UnmarshalText(text []byte) error {
	b, err := hex.DecodeString(string(text))
	*h = b
	return err
}

// TestSealVectors reproduces, byte for byte, the IV, ciphertext and tag of
// every v1 and v2 vector that has a debug block, from its recorded CEK, IV
// and AES input (the encrypted key is randomized and cannot be
// reproduced; zlib output differs between implementations, hence the
// recorded AES input).
func TestSealVectors(t *testing.T) {
	files, err := filepath.Glob("../testdata/legacy/v*.json")
	if err != nil {
		t.Fatal(err)
	}
	n := map[Version]int{}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			Vectors []struct {
				ID      string
				Token   string
				Options struct{ Adata string }
				Debug   *struct {
					CEK            hexBytes `json:"cek_hex"`
					IV             hexBytes `json:"iv_hex"`
					Layout         string   `json:"layout"`
					EncryptedBytes hexBytes `json:"encrypted_bytes_hex"`
				}
			}
		}
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatal(err)
		}
		for _, v := range f.Vectors {
			if v.Debug == nil || v.Debug.Layout == "legacy" {
				continue
			}
			var ver Version
			switch v.Debug.Layout {
			case "v1":
				ver = V1
			case "v2":
				ver = V2
			default:
				t.Fatalf("%s: unknown layout %q", v.ID, v.Debug.Layout)
			}
			n[ver]++
			t.Run(v.ID, func(t *testing.T) {
				parts := strings.Split(v.Token, ".")
				var h struct{ Enc string }
				hb, _ := base64.RawURLEncoding.DecodeString(parts[0])
				if err := json.Unmarshal(hb, &h); err != nil {
					t.Fatal(err)
				}
				enc, err := layout.ParseEnc(h.Enc)
				if err != nil {
					t.Fatal(err)
				}
				c, tag, err := seal(ver.layout(), enc, v.Debug.CEK, v.Debug.IV, v.Debug.EncryptedBytes, []byte(v.Options.Adata))
				if err != nil {
					t.Fatal(err)
				}
				b64 := base64.RawURLEncoding.EncodeToString
				if b64(v.Debug.IV) != parts[2] {
					t.Errorf("IV segment differs")
				}
				if b64(c) != parts[3] {
					t.Errorf("ciphertext segment differs")
				}
				if b64(tag) != parts[4] {
					t.Errorf("tag segment %s, want %s", b64(tag), parts[4])
				}
			})
		}
	}
	if n[V1] == 0 || n[V2] == 0 {
		t.Fatalf("vectors reproduced: %d v1, %d v2; want some of each", n[V1], n[V2])
	}
}

func TestDeflateIsZlib(t *testing.T) {
	z, err := deflate([]byte(`{"a": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(z) < 6 || z[0] != 0x78 || (uint16(z[0])<<8|uint16(z[1]))%31 != 0 {
		t.Fatalf("not a zlib header: % x", z[:2])
	}
	if bytes.Equal(z[:2], []byte{0x78, 0x01}) {
		t.Error("compressed at no compression level")
	}
}
