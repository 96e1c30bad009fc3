package eddsa_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
)

func TestManifest(t *testing.T) {
	jwatest.CheckManifest(t, "testdata/vectors")
}

// A sigVector is one published Ed25519 JWS signature.
type sigVector struct {
	id    string
	priv  ed25519.PrivateKey // nil if the example has only the public key
	pub   ed25519.PublicKey
	input []byte // JWS Signing Input
	sig   []byte
	sign  bool // the example says that signing reproduces sig
	valid bool // the expected verification result
}

// rfc8037Vectors loads the JWS examples of RFC 8037 Appendix A: A.4
// (signing, reproducible because Ed25519 is deterministic) and A.5
// (validation).
func rfc8037Vectors(t testing.TB) []sigVector {
	t.Helper()
	data, err := os.ReadFile("testdata/vectors/rfcs/rfc8037.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Vectors []struct {
			ID, Category, Alg, Crv string
			Deterministic          bool
			Tests                  []string
			Key                    okpJWK
			Input                  struct {
				ProtectedB64u string `json:"protected_header_b64u"`
				PayloadB64u   string `json:"payload_b64u"`
				Compact       string
			}
			Expected struct {
				SigningInput string `json:"signing_input"`
				Signature    string `json:"signature_b64u"`
				Compact      string
				Valid        *bool
				Payload      string
				PayloadRFC   string `json:"payload_as_printed_in_rfc"`
			}
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Vectors) == 0 {
		t.Fatal("rfc8037.json: no vectors loaded")
	}
	var out []sigVector
	for _, v := range f.Vectors {
		if v.Category != "jws" {
			continue
		}
		if v.Alg != "EdDSA" || v.Crv != "Ed25519" {
			t.Fatalf("%s: alg %q crv %q, want EdDSA Ed25519", v.ID, v.Alg, v.Crv)
		}
		sv := sigVector{id: v.ID, valid: true}
		sv.priv, sv.pub = keysFromJWK(t, v.Key)
		for _, test := range v.Tests {
			switch test {
			case "sign":
				if !v.Deterministic || sv.priv == nil {
					t.Fatalf("%s: a sign test needs a deterministic vector with a private key", v.ID)
				}
				sv.sign = true
			case "verify":
			default:
				t.Fatalf("%s: unknown test %q", v.ID, test)
			}
		}
		compact := v.Expected.Compact
		if compact == "" {
			compact = v.Input.Compact
		}
		parts := strings.Split(compact, ".")
		if len(parts) != 3 {
			t.Fatalf("%s: compact has %d parts", v.ID, len(parts))
		}
		if v.Expected.SigningInput != "" && parts[0]+"."+parts[1] != v.Expected.SigningInput {
			t.Fatalf("%s: compact does not hold signing_input", v.ID)
		}
		if v.Expected.Signature != "" && parts[2] != v.Expected.Signature {
			t.Fatalf("%s: compact does not hold signature_b64u", v.ID)
		}
		if v.Input.ProtectedB64u != "" && parts[0]+"."+parts[1] != v.Input.ProtectedB64u+"."+v.Input.PayloadB64u {
			t.Fatalf("%s: compact does not hold the input header and payload", v.ID)
		}
		if v.Expected.Valid != nil {
			sv.valid = *v.Expected.Valid
		}
		if v.Expected.Payload != "" {
			// RFC 8037 A.5 prints the payload as "...Signing"; it is
			// "...signing" (the vector's errata). Check the bytes, so
			// that the erratum is confirmed rather than trusted.
			if got := string(decodeB64(t, parts[1])); got != v.Expected.Payload || got == v.Expected.PayloadRFC {
				t.Fatalf("%s: payload decodes to %q, want %q (not the RFC's misprint %q)", v.ID, got, v.Expected.Payload, v.Expected.PayloadRFC)
			}
		}
		sv.input = []byte(parts[0] + "." + parts[1])
		sv.sig = decodeB64(t, parts[2])
		out = append(out, sv)
	}
	return out
}

// cookbookVector loads the Ed25519 example of the JOSE cookbook
// (curve25519/jws.json), which is marked reproducible.
func cookbookVector(t testing.TB) sigVector {
	t.Helper()
	const name = "testdata/vectors/rfc7520/curve25519/jws.json"
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Reproducible bool
		Input        struct {
			Alg string
			Key okpJWK
		}
		Signing struct {
			ProtectedB64u string `json:"protected_b64u"`
			SigInput      string `json:"sig-input"`
			Sig           string
		}
		Output struct {
			Compact  string
			JSONFlat struct{ Protected, Payload, Signature string } `json:"json_flat"`
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if f.Input.Alg != "EdDSA" || f.Signing.Sig == "" || !f.Reproducible {
		t.Fatalf("%s: want a reproducible EdDSA example, got alg %q", name, f.Input.Alg)
	}
	if f.Output.Compact != f.Signing.SigInput+"."+f.Signing.Sig {
		t.Fatalf("%s: compact is not sig-input.sig", name)
	}
	if fl := f.Output.JSONFlat; fl.Protected+"."+fl.Payload != f.Signing.SigInput || fl.Signature != f.Signing.Sig {
		t.Fatalf("%s: flattened JSON disagrees with the compact form", name)
	}
	priv, pub := keysFromJWK(t, f.Input.Key)
	return sigVector{
		id: "cookbook-curve25519-jws", priv: priv, pub: pub,
		input: []byte(f.Signing.SigInput), sig: decodeB64(t, f.Signing.Sig),
		sign: true, valid: true,
	}
}

func allVectors(t testing.TB) []sigVector {
	t.Helper()
	vectors := append(rfc8037Vectors(t), cookbookVector(t))
	var ids []string
	for _, v := range vectors {
		ids = append(ids, v.id)
	}
	for _, want := range []string{"RFC8037-A.4", "RFC8037-A.5", "cookbook-curve25519-jws"} {
		if !slices.Contains(ids, want) {
			t.Fatalf("vector %s not loaded (loaded: %q)", want, ids)
		}
	}
	return vectors
}

// TestVectors checks every published signature with both algorithm names:
// "EdDSA" and "Ed25519" produce and accept the same bytes (the "alg"
// header, which differs, is the JWS layer's business).
func TestVectors(t *testing.T) {
	for _, v := range allVectors(t) {
		for _, alg := range both {
			t.Run(v.id+"/"+alg.Name(), func(t *testing.T) { checkVector(t, alg, v) })
		}
	}
}

func checkVector(t *testing.T, alg jwa.SignatureAlgorithm, v sigVector) {
	ctx := t.Context()
	if v.sign {
		s, err := alg.NewSigner(v.priv)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := s.Sign(ctx, v.input)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(sig, v.sig) {
			t.Errorf("Sign = %x, want the published %x", sig, v.sig)
		}
	}
	keys := []any{v.pub}
	if v.priv != nil {
		keys = append(keys, v.priv)
	}
	for _, k := range keys {
		ver, err := alg.NewVerifier(k)
		if err != nil {
			t.Fatalf("NewVerifier(%T): %v", k, err)
		}
		err = ver.Verify(ctx, v.input, v.sig)
		if v.valid && err != nil {
			t.Errorf("Verify with %T = %v, want nil", k, err)
		}
		if !v.valid && !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("Verify with %T = %v, want ErrVerification", k, err)
		}
	}
	if !v.valid {
		return
	}
	ver, err := alg.NewVerifier(v.pub)
	if err != nil {
		t.Fatal(err)
	}
	reject := func(what string, input, sig []byte) {
		t.Helper()
		if err := ver.Verify(ctx, input, sig); !errors.Is(err, jwa.ErrVerification) {
			t.Errorf("Verify with %s = %v, want ErrVerification", what, err)
		}
	}
	for i := range v.sig {
		for bit := range 8 {
			sig := bytes.Clone(v.sig)
			sig[i] ^= 1 << bit
			reject("a bit of the signature flipped", v.input, sig)
		}
		sig := bytes.Clone(v.sig)
		sig[i] ^= 0xff
		reject("a byte of the signature flipped", v.input, sig)
	}
	for i := range v.input {
		in := bytes.Clone(v.input)
		in[i] ^= 0x01
		reject("a byte of the signing input changed", in, v.sig)
	}
	reject("the signature truncated", v.input, v.sig[:len(v.sig)-1])
	reject("the signature extended", v.input, append(bytes.Clone(v.sig), 0))
	reject("only R", v.input, v.sig[:32])
	reject("an empty signature", v.input, nil)
	reject("an empty signing input", nil, v.sig)

	other, err := alg.NewVerifier(generate(t).Public())
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Verify(ctx, v.input, v.sig); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("Verify with another key = %v, want ErrVerification", err)
	}
}
