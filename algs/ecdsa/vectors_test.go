package ecdsa_test

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwa/jwatest"
)

func TestManifest(t *testing.T) {
	jwatest.CheckManifest(t, "testdata/vectors")
}

// A sigVector is one ECDSA signature from a published example: all of them
// are valid (the published sets have no negative ECDSA examples, so the
// negative cases are derived from each one in checkVector).
type sigVector struct {
	id    string
	alg   string
	priv  *ecdsa.PrivateKey // nil if the example has only the public key
	pub   *ecdsa.PublicKey
	input []byte // JWS Signing Input
	sig   []byte
}

// rfc7515Vectors loads the ES* signatures of RFC 7515 Appendix A: the
// compact A.3 and A.4, the ES256 member of the general JSON A.6 and the
// flattened JSON A.7.
func rfc7515Vectors(t testing.TB) []sigVector {
	t.Helper()
	data, err := os.ReadFile("testdata/vectors/rfcs/rfc7515.json")
	if err != nil {
		t.Fatal(err)
	}
	type jsonSig struct {
		Protected string
		Header    struct{ Kid string }
		Payload   string
		Signature string
	}
	var f struct {
		Vectors []struct {
			ID, Category, Serialization, Alg string
			Tests                            []string
			Key                              ecJWK
			Keys                             map[string]ecJWK
			Expected                         struct {
				SigningInput string `json:"signing_input"`
				SignatureR   string `json:"signature_r_b64u"`
				SignatureS   string `json:"signature_s_b64u"`
				Signature    string `json:"signature_b64u"`
				Compact      string
				JSON         struct {
					jsonSig
					Signatures []jsonSig
				}
			}
		}
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Vectors) == 0 {
		t.Fatal("rfc7515.json: no vectors loaded")
	}
	var out []sigVector
	add := func(id, protected, payload, signature string, key ecJWK) {
		alg := headerAlg(t, id, protected)
		if !strings.HasPrefix(alg, "ES") {
			return // another algorithm's member of a multi-signature example
		}
		priv, pub := keysFromJWK(t, key)
		out = append(out, sigVector{
			id: id, alg: alg, priv: priv, pub: pub,
			input: []byte(protected + "." + payload),
			sig:   decodeB64(t, signature),
		})
	}
	for _, v := range f.Vectors {
		if v.Category != "jws" || !slices.Contains(v.Tests, "verify") {
			continue
		}
		switch v.Serialization {
		case "compact":
			if !strings.HasPrefix(v.Alg, "ES") {
				continue
			}
			parts := strings.Split(v.Expected.Compact, ".")
			if len(parts) != 3 {
				t.Fatalf("%s: compact has %d parts", v.ID, len(parts))
			}
			if got := parts[0] + "." + parts[1]; got != v.Expected.SigningInput {
				t.Fatalf("%s: compact does not hold signing_input", v.ID)
			}
			if v.Expected.SignatureR+v.Expected.SignatureS == "" ||
				!bytes.Equal(decodeB64(t, parts[2]), append(decodeB64(t, v.Expected.SignatureR), decodeB64(t, v.Expected.SignatureS)...)) {
				t.Fatalf("%s: the signature is not R‖S of the published R and S", v.ID)
			}
			add(v.ID, parts[0], parts[1], parts[2], v.Key)
		case "json-flattened":
			j := v.Expected.JSON
			add(v.ID, j.Protected, j.Payload, j.Signature, v.Key)
		case "json-general":
			for _, s := range v.Expected.JSON.Signatures {
				key, ok := v.Keys[s.Header.Kid]
				if !ok {
					t.Fatalf("%s: no key for kid %q", v.ID, s.Header.Kid)
				}
				add(v.ID+"/"+s.Header.Kid, s.Protected, v.Expected.JSON.Payload, s.Signature, key)
			}
		default:
			t.Fatalf("%s: unknown serialization %q", v.ID, v.Serialization)
		}
	}
	return out
}

// cookbookVector loads RFC 7520, Section 4.3 (ES512).
func cookbookVector(t testing.TB) sigVector {
	t.Helper()
	const name = "testdata/vectors/rfc7520/jws/4_3.ecdsa_signature.json"
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Input struct {
			Alg string
			Key ecJWK
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
	if f.Input.Alg == "" || f.Signing.Sig == "" {
		t.Fatalf("%s: nothing loaded", name)
	}
	if want := f.Signing.SigInput + "." + f.Signing.Sig; f.Output.Compact != want {
		t.Fatalf("%s: compact is not sig-input.sig", name)
	}
	if fl := f.Output.JSONFlat; fl.Protected+"."+fl.Payload != f.Signing.SigInput || fl.Signature != f.Signing.Sig {
		t.Fatalf("%s: flattened JSON disagrees with the compact form", name)
	}
	if alg := headerAlg(t, name, f.Signing.ProtectedB64u); alg != f.Input.Alg {
		t.Fatalf("%s: header alg %q, input alg %q", name, alg, f.Input.Alg)
	}
	priv, pub := keysFromJWK(t, f.Input.Key)
	return sigVector{
		id: "RFC7520-4.3", alg: f.Input.Alg, priv: priv, pub: pub,
		input: []byte(f.Signing.SigInput), sig: decodeB64(t, f.Signing.Sig),
	}
}

func headerAlg(t testing.TB, id, protected string) string {
	t.Helper()
	var h struct{ Alg string }
	if err := json.Unmarshal(decodeB64(t, protected), &h); err != nil {
		t.Fatalf("%s: protected header: %v", id, err)
	}
	return h.Alg
}

func TestVectors(t *testing.T) {
	vectors := append(rfc7515Vectors(t), cookbookVector(t))
	// The loaders skip what is not ECDSA; make sure that they did not
	// skip what is.
	var ids []string
	for _, v := range vectors {
		ids = append(ids, v.id)
	}
	for _, want := range []string{"RFC7515-A.3", "RFC7515-A.4", "RFC7515-A.6/e9bc097a-ce51-4036-9562-d2ade882db0d", "RFC7515-A.7", "RFC7520-4.3"} {
		if !slices.Contains(ids, want) {
			t.Errorf("vector %s not loaded (loaded: %q)", want, ids)
		}
	}
	for _, v := range vectors {
		t.Run(v.id, func(t *testing.T) { checkVector(t, v) })
	}
}

// checkVector verifies a published signature with its public key (and its
// private key, which a Verifier also accepts), then checks that every
// single-byte change of the signature, a changed signing input, a truncated
// or extended signature, another key and the other algorithms refuse it.
func checkVector(t *testing.T, v sigVector) {
	alg, ok := jwa.LookupSignature(v.alg)
	if !ok {
		t.Fatalf("%s is not registered", v.alg)
	}
	ctx := t.Context()
	keys := []any{v.pub}
	if v.priv != nil {
		keys = append(keys, v.priv)
	}
	for _, k := range keys {
		ver, err := alg.NewVerifier(k)
		if err != nil {
			t.Fatalf("NewVerifier(%T): %v", k, err)
		}
		if err := ver.Verify(ctx, v.input, v.sig); err != nil {
			t.Errorf("Verify with %T = %v, want nil", k, err)
		}
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
		sig := bytes.Clone(v.sig)
		sig[i] ^= 0xff
		reject("signature byte "+strconv.Itoa(i)+" flipped", v.input, sig)
	}
	for i := range v.input {
		in := bytes.Clone(v.input)
		in[i] ^= 0x01
		reject("signing input byte "+strconv.Itoa(i)+" changed", in, v.sig)
	}
	reject("the signature truncated", v.input, v.sig[:len(v.sig)-1])
	reject("the signature's last byte dropped and a zero prepended", v.input, append([]byte{0}, v.sig[:len(v.sig)-1]...))
	reject("the signature extended", v.input, append(bytes.Clone(v.sig), 0))
	reject("the signature with r and s swapped", v.input, append(bytes.Clone(v.sig[len(v.sig)/2:]), v.sig[:len(v.sig)/2]...))
	reject("an empty signature", v.input, nil)

	// A different key on the same curve.
	other, err := alg.NewVerifier(&generate(t, v.pub.Curve).PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Verify(ctx, v.input, v.sig); !errors.Is(err, jwa.ErrVerification) {
		t.Errorf("Verify with another key = %v, want ErrVerification", err)
	}
	// The other two algorithms refuse the key before any signature.
	for _, a := range algs {
		if a.alg.Name() == v.alg {
			continue
		}
		if _, err := a.alg.NewVerifier(v.pub); !errors.Is(err, jwa.ErrKeyType) {
			t.Errorf("%s.NewVerifier(%s key) = %v, want ErrKeyType", a.alg.Name(), v.alg, err)
		}
	}
}
