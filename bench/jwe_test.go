package bench

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"testing"

	gojose "github.com/go-jose/go-jose/v4"
	"github.com/joseframework/jose/algs/aescbc"
	"github.com/joseframework/jose/algs/aesgcm"
	"github.com/joseframework/jose/algs/aeskw"
	joseecdh "github.com/joseframework/jose/algs/ecdh"
	josersa "github.com/joseframework/jose/algs/rsa"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	jwxjwa "github.com/lestrrat-go/jwx/v3/jwa"
	jwxjwe "github.com/lestrrat-go/jwx/v3/jwe"
)

// A jweAlg is one "alg" + "enc" pair as each contender names it, with the
// keys every contender uses and the floor's raw encrypt and decrypt.
type jweAlg struct {
	name, alg, enc     string
	encryptKey, decKey any // the recipient's key: public (or shared) and private (or shared)

	jose      jwa.KeyManagementAlgorithm
	joseEnc   jwa.ContentEncryptionAlgorithm
	goJOSE    gojose.KeyAlgorithm
	goJOSEEnc gojose.ContentEncryption
	jwx       jwxjwa.KeyEncryptionAlgorithm
	jwxEnc    jwxjwa.ContentEncryptionAlgorithm

	// floorEncrypt makes a compact JWE of plaintext; floorDecrypt opens
	// one. Both use the standard library and base64url only: the header
	// is written from a fixed text, and read by byte search (member).
	floorEncrypt func(plaintext []byte) ([]byte, error)
	floorDecrypt func(tok []byte) ([]byte, error)
}

var (
	jweDir = &jweAlg{
		name: "Dir", alg: "dir", enc: "A128GCM", encryptKey: dirKey, decKey: dirKey,
		jose: jwe.Direct(), joseEnc: aesgcm.A128GCM(),
		goJOSE: gojose.DIRECT, goJOSEEnc: gojose.A128GCM,
		jwx: jwxjwa.DIRECT(), jwxEnc: jwxjwa.A128GCM(),
		floorEncrypt: func(pt []byte) ([]byte, error) {
			return floorSealGCM(`{"alg":"dir","enc":"A128GCM"}`, dirKey, nil, pt)
		},
		floorDecrypt: func(tok []byte) ([]byte, error) {
			p, _, err := floorSplit(tok, "dir", "A128GCM")
			if err != nil {
				return nil, err
			}
			if len(p[1]) != 0 {
				return nil, errFloor
			}
			return floorOpenGCM(dirKey, p)
		},
	}
	jweRSAOAEP256 = &jweAlg{
		name: "RSAOAEP256", alg: "RSA-OAEP-256", enc: "A256GCM", encryptKey: &rsaKey.PublicKey, decKey: rsaKey,
		jose: josersa.RSAOAEP256(), joseEnc: aesgcm.A256GCM(),
		goJOSE: gojose.RSA_OAEP_256, goJOSEEnc: gojose.A256GCM,
		jwx: jwxjwa.RSA_OAEP_256(), jwxEnc: jwxjwa.A256GCM(),
		floorEncrypt: func(pt []byte) ([]byte, error) {
			cek := make([]byte, 32)
			rand.Read(cek)
			ek, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, &rsaKey.PublicKey, cek, nil)
			if err != nil {
				return nil, err
			}
			return floorSealGCM(`{"alg":"RSA-OAEP-256","enc":"A256GCM"}`, cek, ek, pt)
		},
		floorDecrypt: func(tok []byte) ([]byte, error) {
			p, _, err := floorSplit(tok, "RSA-OAEP-256", "A256GCM")
			if err != nil {
				return nil, err
			}
			ek, err := decode(p[1])
			if err != nil {
				return nil, err
			}
			cek, err := rsa.DecryptOAEP(sha256.New(), nil, rsaKey, ek, nil)
			if err != nil || len(cek) != 32 {
				return nil, errFloor
			}
			return floorOpenGCM(cek, p)
		},
	}
	jweECDHES = &jweAlg{
		name: "ECDHESA128KW", alg: "ECDH-ES+A128KW", enc: "A128GCM", encryptKey: &ecdhKey.PublicKey, decKey: ecdhKey,
		jose: joseecdh.ECDHESA128KW(), joseEnc: aesgcm.A128GCM(),
		goJOSE: gojose.ECDH_ES_A128KW, goJOSEEnc: gojose.A128GCM,
		jwx: jwxjwa.ECDH_ES_A128KW(), jwxEnc: jwxjwa.A128GCM(),
		floorEncrypt: func(pt []byte) ([]byte, error) {
			eph, err := ecdh.P256().GenerateKey(rand.Reader)
			if err != nil {
				return nil, err
			}
			z, err := eph.ECDH(ecdhPriv.PublicKey())
			if err != nil {
				return nil, err
			}
			cek := make([]byte, 16)
			rand.Read(cek)
			ek, err := wrapKW(concatKDF128(z, "ECDH-ES+A128KW"), cek)
			if err != nil {
				return nil, err
			}
			pub := eph.PublicKey().Bytes() // 0x04 ‖ x ‖ y
			hdr := make([]byte, 0, 160)
			hdr = append(hdr, `{"alg":"ECDH-ES+A128KW","enc":"A128GCM","epk":{"kty":"EC","crv":"P-256","x":"`...)
			hdr = appendB64(hdr, pub[1:33])
			hdr = append(hdr, `","y":"`...)
			hdr = appendB64(hdr, pub[33:])
			hdr = append(hdr, `"}}`...)
			return floorSealGCM(string(hdr), cek, ek, pt)
		},
		floorDecrypt: func(tok []byte) ([]byte, error) {
			p, hdr, err := floorSplit(tok, "ECDH-ES+A128KW", "A128GCM")
			if err != nil {
				return nil, err
			}
			if !bytes.Equal(member(hdr, "crv"), []byte("P-256")) {
				return nil, errFloor
			}
			pub := make([]byte, 1, 65)
			pub[0] = 4
			for _, c := range []string{"x", "y"} {
				v, err := decode(member(hdr, c))
				if err != nil || len(v) != 32 {
					return nil, errFloor
				}
				pub = append(pub, v...)
			}
			epk, err := ecdh.P256().NewPublicKey(pub)
			if err != nil {
				return nil, err
			}
			z, err := ecdhPriv.ECDH(epk)
			if err != nil {
				return nil, err
			}
			ek, err := decode(p[1])
			if err != nil {
				return nil, err
			}
			cek, err := unwrapKW(concatKDF128(z, "ECDH-ES+A128KW"), ek)
			if err != nil || len(cek) != 16 {
				return nil, errFloor
			}
			return floorOpenGCM(cek, p)
		},
	}
	jweA128KW = &jweAlg{
		name: "A128KWCBC", alg: "A128KW", enc: "A128CBC-HS256", encryptKey: kwKey, decKey: kwKey,
		jose: aeskw.A128KW(), joseEnc: aescbc.A128CBCHS256(),
		goJOSE: gojose.A128KW, goJOSEEnc: gojose.A128CBC_HS256,
		jwx: jwxjwa.A128KW(), jwxEnc: jwxjwa.A128CBC_HS256(),
		floorEncrypt: func(pt []byte) ([]byte, error) {
			var cek, iv [32]byte
			rand.Read(cek[:])
			rand.Read(iv[:16])
			ek, err := wrapKW(kwKey, cek[:])
			if err != nil {
				return nil, err
			}
			hdr := appendB64(nil, []byte(`{"alg":"A128KW","enc":"A128CBC-HS256"}`))
			ct, tag, err := sealCBC(cek[:], iv[:16], pt, hdr)
			if err != nil {
				return nil, err
			}
			return compactJWE(hdr, ek, iv[:16], ct, tag), nil
		},
		floorDecrypt: func(tok []byte) ([]byte, error) {
			p, _, err := floorSplit(tok, "A128KW", "A128CBC-HS256")
			if err != nil {
				return nil, err
			}
			var raw [4][]byte
			for i := range raw {
				if raw[i], err = decode(p[i+1]); err != nil {
					return nil, err
				}
			}
			cek, err := unwrapKW(kwKey, raw[0])
			if err != nil || len(cek) != 32 {
				return nil, errFloor
			}
			return openCBC(cek, raw[1], raw[2], raw[3], p[0])
		},
	}
)

// floorSealGCM encrypts pt with AES-GCM under cek and returns the compact
// JWE with the header text header and the encrypted key ek.
func floorSealGCM(header string, cek, ek, pt []byte) ([]byte, error) {
	blk, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(blk)
	if err != nil {
		return nil, err
	}
	hdr := appendB64(nil, []byte(header))
	var iv [12]byte
	rand.Read(iv[:])
	sealed := gcm.Seal(nil, iv[:], pt, hdr)
	n := len(sealed) - gcm.Overhead()
	return compactJWE(hdr, ek, iv[:], sealed[:n], sealed[n:]), nil
}

// floorOpenGCM decrypts the IV, ciphertext and tag parts p[2:] with
// AES-GCM under cek, with the encoded header p[0] as AAD.
func floorOpenGCM(cek []byte, p [5][]byte) ([]byte, error) {
	iv, err := decode(p[2])
	if err != nil || len(iv) != 12 {
		return nil, errFloor
	}
	// Ciphertext and tag are decoded into one buffer and opened in place.
	buf := make([]byte, b64.DecodedLen(len(p[3]))+b64.DecodedLen(len(p[4])))
	n, err := b64.Decode(buf, p[3])
	if err != nil {
		return nil, err
	}
	m, err := b64.Decode(buf[n:], p[4])
	if err != nil || m != 16 {
		return nil, errFloor
	}
	blk, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(blk)
	if err != nil {
		return nil, err
	}
	return gcm.Open(buf[:0], iv, buf[:n+m], p[0])
}

// floorSplit splits a compact JWE, decodes its header and checks, by byte
// search, that it names alg and enc.
func floorSplit(tok []byte, alg, enc string) (parts [5][]byte, hdr []byte, err error) {
	parts, ok := split5(tok)
	if !ok {
		return parts, nil, errFloor
	}
	hdr, err = decode(parts[0])
	if err != nil {
		return parts, nil, err
	}
	if string(member(hdr, "alg")) != alg || string(member(hdr, "enc")) != enc {
		return parts, nil, errFloor
	}
	return parts, hdr, nil
}

// concatKDF128 is the Concat KDF of NIST SP 800-56A with SHA-256 as JWE
// uses it (RFC 7518, Section 4.6.2), for a 128-bit key and empty "apu"
// and "apv": one hash of round 1 ‖ Z ‖ AlgorithmID ‖ PartyUInfo ‖
// PartyVInfo ‖ SuppPubInfo.
func concatKDF128(z []byte, algID string) []byte {
	h := sha256.New()
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], 1)
	h.Write(n[:])
	h.Write(z)
	binary.BigEndian.PutUint32(n[:], uint32(len(algID)))
	h.Write(n[:])
	h.Write([]byte(algID))
	binary.BigEndian.PutUint32(n[:], 0)
	h.Write(n[:]) // apu
	h.Write(n[:]) // apv
	binary.BigEndian.PutUint32(n[:], 128)
	h.Write(n[:])
	return h.Sum(nil)[:16]
}

func jweWorkloads() []workload {
	type size struct {
		name string
		pt   []byte
	}
	k1 := size{"1KiB", plaintext1K}
	var ws []workload
	for _, w := range []struct {
		a              *jweAlg
		sizes          []size
		encrypt, decry bool
	}{
		{jweDir, []size{k1, {"1MiB", plaintext1M}}, true, true},
		{jweRSAOAEP256, []size{k1}, false, true},
		{jweECDHES, []size{k1}, true, true},
		{jweA128KW, []size{k1}, true, true},
	} {
		for _, s := range w.sizes {
			suffix := "/size=" + s.name
			if w.encrypt {
				ws = append(ws, workload{name: "JWE" + w.a.name + "Encrypt" + suffix, bytes: int64(len(s.pt)), contenders: []contender{
					{"floor", encryptFloor(w.a, s.pt)},
					{"jose", encryptJose(w.a, s.pt)},
					{"gojose", encryptGoJOSE(w.a, s.pt)},
					{"jwx", encryptJWX(w.a, s.pt)},
				}})
			}
			if w.decry {
				ws = append(ws, workload{name: "JWE" + w.a.name + "Decrypt" + suffix, bytes: int64(len(s.pt)), contenders: []contender{
					decrypter("floor", w.a, s.pt, decryptFloor),
					decrypter("jose", w.a, s.pt, decryptJose),
					decrypter("gojose", w.a, s.pt, decryptGoJOSE),
					decrypter("jwx", w.a, s.pt, decryptJWX),
				}})
			}
		}
	}
	return ws
}

// Encryption. Each contender encrypts the same plaintext to the same key
// in the compact serialization; the check decrypts the result with the
// floor and with jose, and reads "alg" and "enc" from its header.

func encryptFloor(a *jweAlg, pt []byte) func(testing.TB) func() error {
	return func(tb testing.TB) func() error {
		var tok []byte
		op := func() (err error) {
			tok, err = a.floorEncrypt(pt)
			return err
		}
		return checkEncrypt(tb, a, pt, op, func() []byte { return tok })
	}
}

func encryptJose(a *jweAlg, pt []byte) func(testing.TB) func() error {
	return func(tb testing.TB) func() error {
		ke, err := a.jose.NewEncrypter(a.encryptKey)
		if err != nil {
			tb.Fatal(err)
		}
		rcpt := []jwe.Recipient{{KeyEncrypter: ke}}
		ctx := tb.Context()
		var tok []byte
		op := func() (err error) {
			tok, err = jwe.Encrypt(ctx, pt, a.joseEnc, rcpt, nil)
			return err
		}
		return checkEncrypt(tb, a, pt, op, func() []byte { return tok })
	}
}

func encryptGoJOSE(a *jweAlg, pt []byte) func(testing.TB) func() error {
	return func(tb testing.TB) func() error {
		e, err := gojose.NewEncrypter(a.goJOSEEnc, gojose.Recipient{Algorithm: a.goJOSE, Key: a.encryptKey}, nil)
		if err != nil {
			tb.Fatal(err)
		}
		var tok string
		op := func() error {
			obj, err := e.Encrypt(pt)
			if err != nil {
				return err
			}
			tok, err = obj.CompactSerialize()
			return err
		}
		return checkEncrypt(tb, a, pt, op, func() []byte { return []byte(tok) })
	}
}

func encryptJWX(a *jweAlg, pt []byte) func(testing.TB) func() error {
	return func(tb testing.TB) func() error {
		opts := []jwxjwe.EncryptOption{jwxjwe.WithKey(a.jwx, a.encryptKey), jwxjwe.WithContentEncryption(a.jwxEnc), jwxjwe.WithCompact()}
		var tok []byte
		op := func() (err error) {
			tok, err = jwxjwe.Encrypt(pt, opts...)
			return err
		}
		return checkEncrypt(tb, a, pt, op, func() []byte { return tok })
	}
}

// checkEncrypt runs op once and checks the token it made: five parts, a
// header naming a.alg and a.enc, and a ciphertext that both the floor and
// jose decrypt to pt.
func checkEncrypt(tb testing.TB, a *jweAlg, pt []byte, op func() error, out func() []byte) func() error {
	tb.Helper()
	if err := op(); err != nil {
		tb.Fatal(err)
	}
	tok := bytes.Clone(out())
	parts, ok := split5(tok)
	if !ok {
		tb.Fatalf("token is not a compact JWE: %.80q", tok)
	}
	hdr, err := decode(parts[0])
	if err != nil {
		tb.Fatal(err)
	}
	var h struct{ Alg, Enc string }
	if err := json.Unmarshal(hdr, &h); err != nil {
		tb.Fatal(err)
	}
	if h.Alg != a.alg || h.Enc != a.enc {
		tb.Fatalf("header %s, want alg %s and enc %s", hdr, a.alg, a.enc)
	}
	got, err := a.floorDecrypt(tok)
	if err != nil {
		tb.Fatalf("floor cannot decrypt the token: %v", err)
	}
	if !bytes.Equal(got, pt) {
		tb.Fatal("floor decrypts the token to another plaintext")
	}
	got, err = decryptJose(tb, a, tok)()
	if err != nil {
		tb.Fatalf("jose cannot decrypt the token: %v", err)
	}
	if !bytes.Equal(got, pt) {
		tb.Fatal("jose decrypts the token to another plaintext")
	}
	// A second run must give a fresh token (random CEK or IV).
	if err := op(); err != nil {
		tb.Fatal(err)
	}
	if bytes.Equal(out(), tok) {
		tb.Fatal("two encryptions gave the same token")
	}
	return op
}

// Decryption. Each contender decrypts the same token, made by the floor,
// and must refuse it with a changed tag, ciphertext or header, and with a
// truncated tag.

// A decryptMaker returns the operation that decrypts tok with a.
type decryptMaker func(tb testing.TB, a *jweAlg, tok []byte) func() ([]byte, error)

func decrypter(impl string, a *jweAlg, pt []byte, mk decryptMaker) contender {
	return contender{impl: impl, prepare: func(tb testing.TB) func() error {
		tb.Helper()
		tok, err := a.floorEncrypt(pt)
		if err != nil {
			tb.Fatal(err)
		}
		// The token must also be one that jose accepts: the floor's
		// output is the reference only if an independent reader agrees.
		good := mk(tb, a, tok)
		got, err := good()
		if err != nil {
			tb.Fatalf("valid token refused: %v", err)
		}
		if !bytes.Equal(got, pt) {
			tb.Fatal("decrypted to another plaintext")
		}
		for name, bad := range badJWEs(tb, tok) {
			if got, err := mk(tb, a, bad)(); err == nil {
				tb.Fatalf("%s: accepted (%d bytes)", name, len(got))
			}
		}
		return func() error {
			_, err := good()
			return err
		}
	}}
}

// badJWEs returns variants of the compact JWE tok that every contender
// must refuse.
func badJWEs(tb testing.TB, tok []byte) map[string][]byte {
	parts, ok := split5(tok)
	if !ok {
		tb.Fatal("not a compact JWE")
	}
	flip := func(part int, at int) []byte {
		t := bytes.Clone(tok)
		off := 0
		for i := range part {
			off += len(parts[i]) + 1
		}
		i := off + at
		switch t[i] {
		case 'A':
			t[i] = 'B'
		default:
			t[i] = 'A'
		}
		return t
	}
	// The header with one more member: still valid, but no longer the
	// additional authenticated data the tag covers.
	h, err := decode(parts[0])
	if err != nil || len(h) == 0 || h[len(h)-1] != '}' {
		tb.Fatalf("bad header %q", h)
	}
	h = append(h[:len(h)-1:len(h)-1], `,"x-bench":1}`...)
	hdr := appendB64(appendB64(nil, h), nil)
	hdr = append(hdr, tok[len(parts[0]):]...)
	return map[string][]byte{
		"tampered tag":        flip(4, 1),
		"tampered ciphertext": flip(3, len(parts[3])/2),
		"tampered header":     hdr,
		"truncated tag":       tok[:len(tok)-4],
		"four parts":          tok[:len(tok)-len(parts[4])-1],
	}
}

func decryptFloor(tb testing.TB, a *jweAlg, tok []byte) func() ([]byte, error) {
	return func() ([]byte, error) { return a.floorDecrypt(tok) }
}

func decryptJose(tb testing.TB, a *jweAlg, tok []byte) func() ([]byte, error) {
	kd, err := a.jose.NewDecrypter(a.decKey)
	if err != nil {
		tb.Fatal(err)
	}
	// The default token limit is 1 MiB; the 1 MiB workload's token is
	// about 1.4 MB, so it gets a limit that fits it.
	opts := &jwe.DecryptOptions{
		ContentEncryption: []jwa.ContentEncryptionAlgorithm{a.joseEnc},
		Limits:            jwa.Limits{MaxTokenSize: 2 << 20},
	}
	ctx := tb.Context()
	return func() ([]byte, error) {
		r, err := jwe.Decrypt(ctx, tok, kd, opts)
		if err != nil {
			return nil, err
		}
		return r.Plaintext, nil
	}
}

func decryptGoJOSE(tb testing.TB, a *jweAlg, tok []byte) func() ([]byte, error) {
	algs := []gojose.KeyAlgorithm{a.goJOSE}
	encs := []gojose.ContentEncryption{a.goJOSEEnc}
	s := string(tok)
	return func() ([]byte, error) {
		obj, err := gojose.ParseEncryptedCompact(s, algs, encs)
		if err != nil {
			return nil, err
		}
		return obj.Decrypt(a.decKey)
	}
}

func decryptJWX(tb testing.TB, a *jweAlg, tok []byte) func() ([]byte, error) {
	opts := []jwxjwe.DecryptOption{jwxjwe.WithKey(a.jwx, a.decKey)}
	return func() ([]byte, error) { return jwxjwe.Decrypt(tok, opts...) }
}
