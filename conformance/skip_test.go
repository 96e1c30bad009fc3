package conformance

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"strings"
	"testing"
	"time"

	_ "github.com/joseframework/jose/algs/aescbc"
	_ "github.com/joseframework/jose/algs/aesgcm"
	_ "github.com/joseframework/jose/algs/aeskw"
	_ "github.com/joseframework/jose/algs/chacha20"
	_ "github.com/joseframework/jose/algs/ecdh"
	_ "github.com/joseframework/jose/algs/ecdsa"
	_ "github.com/joseframework/jose/algs/eddsa"
	_ "github.com/joseframework/jose/algs/hmac"
	_ "github.com/joseframework/jose/algs/pbes2"
	_ "github.com/joseframework/jose/algs/rsa"
	_ "github.com/joseframework/jose/algs/rsa/rsa15"
	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
	"github.com/joseframework/jose/core/jwt"
)

// TestConformance runs the harness for every registered algorithm and the
// checks of the vectors that are not about one algorithm (keys,
// thumbprints, unsecured and "crit" JWS, JWT claims), then checks the
// bookkeeping: every (vector, test) pair of the embedded vectors must have
// run or be in the skip table, and no skip entry may be stale.
func TestConformance(t *testing.T) {
	runAll(t)
	if f := flag.Lookup("test.run"); f != nil && strings.Contains(f.Value.String(), "/") {
		t.Log("a subtest filter is set: pair bookkeeping not checked")
		return
	}
	pairs, err := Pairs()
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) < 100 {
		t.Fatalf("only %d (vector, test) pairs", len(pairs))
	}
	exists := map[Pair]bool{}
	for _, p := range pairs {
		exists[p] = true
		_, listed := skips[p]
		switch run := hasRun(p); {
		case run && listed:
			t.Errorf("%s runs but is in the skip table: remove the entry", p)
		case !run && !listed:
			t.Errorf("%s was not run and is not in the skip table", p)
		}
	}
	for p := range skips {
		if !exists[p] {
			t.Errorf("skip table lists %s, which no vector has", p)
		}
	}
}

// hasRun reports whether a harness function or a test of this package
// has run p in this process.
func hasRun(p Pair) bool {
	ran.Lock()
	defer ran.Unlock()
	return ran.m[p]
}

// runAll runs everything that counts as running a pair.
func runAll(t *testing.T) {
	c := mustCorpus(t)
	kinds := []struct {
		kind  string
		names []string
		run   func(t *testing.T, name string) int // returns the number of cases
	}{
		{"signature", jwa.SignatureNames(), func(t *testing.T, name string) int {
			a, _ := jwa.LookupSignature(name)
			if t == nil {
				return len(signatureCases(c, a))
			}
			TestSignatureVectors(t, a)
			return 0
		}},
		{"key management", jwa.KeyManagementNames(), func(t *testing.T, name string) int {
			a, _ := jwa.LookupKeyManagement(name)
			if t == nil {
				return len(keyManagementCases(c, a))
			}
			TestKeyManagementVectors(t, a)
			return 0
		}},
		{"content encryption", jwa.ContentEncryptionNames(), func(t *testing.T, name string) int {
			a, _ := jwa.LookupContentEncryption(name)
			if t == nil {
				return len(contentCases(c, a))
			}
			TestContentEncryptionVectors(t, a)
			return 0
		}},
	}
	registered := map[string]bool{}
	for _, k := range kinds {
		if len(k.names) == 0 {
			t.Fatalf("no %s algorithm registered", k.kind)
		}
		for _, name := range k.names {
			registered[name] = true
			if _, none := noVectors[name]; none {
				if n := k.run(nil, name); n != 0 {
					t.Errorf("%s has %d vector cases now: remove it from noVectors", name, n)
				}
				continue
			}
			t.Run(k.kind+"/"+name, func(t *testing.T) { k.run(t, name) })
		}
	}
	for name := range noVectors {
		if !registered[name] {
			t.Errorf("noVectors lists %s, which is not registered", name)
		}
	}
	t.Run("core", func(t *testing.T) { runCore(t, c) })
}

// A coreCheck runs one pair that is not about one algorithm.
type coreCheck func(t *testing.T, v map[string]any)

var coreChecks = map[Pair]coreCheck{
	{"RFC7515-A.5", "parse"}:                      checkUnsecured,
	{"RFC7519-6.1", "parse"}:                      checkUnsecured,
	{"RFC7519-6.1", "serialize"}:                  checkUnsecuredJWT,
	{"RFC7519-6.1", "reject-unless-none-allowed"}: checkUnsecured,
	{"RFC7515-E", "reject"}:                       checkCritReject,
	{"RFC7517-A.1", "parse"}:                      checkSet,
	{"RFC7517-A.1", "import-public-key"}:          checkSet,
	{"RFC7517-A.2", "parse"}:                      checkSet,
	{"RFC7517-A.2", "import-private-key"}:         checkSet,
	{"RFC7517-A.2", "public-part-matches"}:        checkPublicPart,
	{"RFC7517-A.3", "parse"}:                      checkSet,
	{"RFC7517-A.3", "import-symmetric-key"}:       checkSet,
	{"RFC7517-B", "parse"}:                        checkX5C,
	{"RFC7517-B", "x5c-matches-key"}:              checkX5C,
	{"RFC7638-3.1", "thumbprint"}:                 checkThumbprint,
	{"RFC8037-A.3", "thumbprint"}:                 checkThumbprint,
	{"RFC8037-A.1", "parse"}:                      checkOKP,
	{"RFC8037-A.1", "import-private-key"}:         checkOKP,
	{"RFC8037-A.1", "derive-public-key"}:          checkOKP,
	{"RFC8037-A.2", "parse"}:                      checkOKP,
	{"RFC8037-A.2", "import-public-key"}:          checkOKP,
	{"RFC8037-A.6", "epk-encoding"}:               checkEPK,
	{"RFC7519-3.1", "parse-claims"}:               checkClaims,
	{"RFC7519-A.1", "parse-claims"}:               checkClaims,
	{"RFC7519-A.2", "parse-claims"}:               checkClaims,
}

func runCore(t *testing.T, c *corpus) {
	byID := map[string]map[string]any{}
	for _, v := range c.rfc {
		byID[v.ID] = v.raw
	}
	for p, check := range coreChecks {
		v, ok := byID[p.Vector]
		if !ok {
			t.Errorf("core check for %s: no such vector", p)
			continue
		}
		if _, skipped := skips[p]; skipped {
			continue // TestConformance reports the conflict
		}
		t.Run(p.Vector+"/"+p.Test, func(t *testing.T) {
			markRun(p.Vector, p.Test)
			check(t, v)
		})
	}
	for _, f := range c.cookbook {
		if f.Kind != "jwk" {
			continue
		}
		t.Run(f.ID+"/parse", func(t *testing.T) {
			markRun(f.ID, "parse")
			k := parseJWK(t, f.raw)
			if k.KeyType() != text(f.raw, "kty") || k.KeyID() != text(f.raw, "kid") {
				t.Errorf("kty %q kid %q, want %q %q", k.KeyType(), k.KeyID(), text(f.raw, "kty"), text(f.raw, "kid"))
			}
			if private := f.raw["d"] != nil || f.raw["k"] != nil; k.IsPrivate() != private {
				t.Errorf("IsPrivate() = %v, want %v", k.IsPrivate(), private)
			}
		})
	}
}

// allSignatures returns every registered signature algorithm.
func allSignatures(t *testing.T) []jwa.SignatureAlgorithm {
	var out []jwa.SignatureAlgorithm
	for _, name := range jwa.SignatureNames() {
		a, _ := jwa.LookupSignature(name)
		out = append(out, a)
	}
	if len(out) == 0 {
		t.Fatal("no signature algorithm registered")
	}
	return out
}

// checkUnsecured: an unsecured JWS parses for inspection and every
// verification path refuses it, whatever algorithms are allowed.
func checkUnsecured(t *testing.T, v map[string]any) {
	tok := []byte(text(v, "expected", "compact"))
	u, err := jws.Parse(tok, nil)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if alg := u.UnverifiedSignatures()[0].Algorithm(); alg != "none" {
		t.Errorf("alg %q, want none", alg)
	}
	if !sameJSON(t, u.UnverifiedPayload(), mustMarshal(t, get(v, "expected", "claims"))) && text(v, "input", "payload") != string(u.UnverifiedPayload()) {
		t.Errorf("payload %q", u.UnverifiedPayload())
	}
	var ae *jws.AlgorithmError
	if _, err := jws.VerifyKeys(t.Context(), tok, &jwk.Set{}, allSignatures(t), nil); !errors.As(err, &ae) {
		t.Errorf("VerifyKeys with every algorithm allowed = %v, want *jws.AlgorithmError", err)
	}
	if _, err := jwa.Signature("none"); !errors.Is(err, jwa.ErrUnknownAlgorithm) {
		t.Errorf(`jwa.Signature("none") = %v, want ErrUnknownAlgorithm`, err)
	}
}

// checkUnsecuredJWT: RFC 7519 6.1 made with the unsecured API, which is
// the only way to write "alg":"none". The header is the published one byte
// for byte and the signature empty; the claims are compared as JSON, since
// the published payload has CR LF line breaks that no encoder writes.
func checkUnsecuredJWT(t *testing.T, v map[string]any) {
	claims := mustMarshal(t, get(v, "expected", "claims"))
	var custom map[string]any
	if err := json.Unmarshal(claims, &custom); err != nil {
		t.Fatal(err)
	}
	iss, _ := custom["iss"].(string)
	exp, err := jwt.NewNumericDate(time.Unix(int64(custom["exp"].(float64)), 0))
	if err != nil {
		t.Fatal(err)
	}
	delete(custom, "iss")
	delete(custom, "exp")
	s, err := jwt.InsecureMakeUnsecured(&jwt.Claims{Issuer: iss, Expiry: &exp}, custom, nil)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 || parts[0] != text(v, "input", "protected_header_b64u") || parts[2] != "" {
		t.Fatalf("token %s: want header %s and an empty signature", s, text(v, "input", "protected_header_b64u"))
	}
	payload, err := base64.RawURLEncoding.Strict().DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(t, payload, claims) {
		t.Errorf("claims %s, want %s", payload, claims)
	}
	if _, err := jwt.InsecureParseUnsecured[struct{}]([]byte(s), &jwt.Options{Now: func() time.Time { return time.Unix(1300819379, 0) }}); err != nil {
		t.Errorf("InsecureParseUnsecured of the written token: %v", err)
	}
}

// checkCritReject: RFC 7515 E must be rejected for its unknown "crit"
// extension (the vector records the header of the encoded JWS, not the
// one displayed in the RFC; see its errata).
func checkCritReject(t *testing.T, v map[string]any) {
	tok := []byte(text(v, "expected", "compact"))
	if _, err := jws.Parse(tok, nil); !errors.Is(err, jws.ErrCritical) {
		t.Errorf("Parse = %v, want ErrCritical", err)
	}
	if _, err := jws.VerifyKeys(t.Context(), tok, &jwk.Set{}, allSignatures(t), nil); !errors.Is(err, jws.ErrCritical) {
		t.Errorf("VerifyKeys = %v, want ErrCritical", err)
	}
}

func checkSet(t *testing.T, v map[string]any) {
	set, err := jwk.ParseSet(mustMarshal(t, get(v, "input", "jwk_set")))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := get(v, "expected", "key_count").(float64); len(set.Keys) != int(n) || set.Skipped != 0 {
		t.Fatalf("%d keys (%d skipped), want %v", len(set.Keys), set.Skipped, n)
	}
	for i, k := range set.Keys {
		if want := text(list(v, "expected", "kty")[i]); k.KeyType() != want {
			t.Errorf("key %d: kty %q, want %q", i, k.KeyType(), want)
		}
		if kids := list(v, "expected", "kid"); kids != nil && k.KeyID() != kids[i] {
			t.Errorf("key %d: kid %q, want %v", i, k.KeyID(), kids[i])
		}
		private := get(v, "input", "jwk_set", "keys") != nil && get(list(v, "input", "jwk_set", "keys")[i], "d") != nil ||
			k.KeyType() == jwk.KeyTypeOct
		if k.IsPrivate() != private {
			t.Errorf("key %d: IsPrivate() = %v, want %v", i, k.IsPrivate(), private)
		}
		if bits := list(v, "expected", "key_bits"); bits != nil {
			b, ok := k.Key().([]byte)
			if !ok || float64(8*len(b)) != bits[i] {
				t.Errorf("key %d: %T of %d bits, want %v bits", i, k.Key(), 8*len(b), bits[i])
			}
		}
	}
}

// checkPublicPart: the public keys of RFC 7517 A.2 are those of A.1.
func checkPublicPart(t *testing.T, v map[string]any) {
	c := mustCorpus(t)
	var pub map[string]any
	for _, w := range c.rfc {
		if w.ID == text(v, "expected", "public_keys_equal_to") {
			pub = w.raw
		}
	}
	if pub == nil {
		t.Fatal("no public key vector")
	}
	priv, err := jwk.ParseSet(mustMarshal(t, get(v, "input", "jwk_set")))
	if err != nil {
		t.Fatal(err)
	}
	want, err := jwk.ParseSet(mustMarshal(t, get(pub, "input", "jwk_set")))
	if err != nil {
		t.Fatal(err)
	}
	if len(priv.Keys) != len(want.Keys) {
		t.Fatalf("%d private keys, %d public", len(priv.Keys), len(want.Keys))
	}
	for i, k := range priv.Keys {
		p, err := k.Public()
		if err != nil {
			t.Fatal(err)
		}
		if !p.Equal(want.Keys[i]) {
			t.Errorf("key %d: public part differs from %s", i, text(v, "expected", "public_keys_equal_to"))
		}
	}
}

func checkX5C(t *testing.T, v map[string]any) {
	k := parseJWK(t, get(v, "input", "jwk"))
	certs := k.Certificates()
	if len(certs) == 0 {
		t.Fatal("no certificate")
	}
	pub, ok := certs[0].PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(k.Key()) {
		t.Error("the x5c certificate's key is not the JWK's key")
	}
}

func checkThumbprint(t *testing.T, v map[string]any) {
	keys := []any{get(v, "input", "jwk")}
	if p := get(v, "input", "also_same_for_private_jwk"); p != nil {
		keys = append(keys, p)
	}
	for _, raw := range keys {
		tp, err := parseJWK(t, raw).Thumbprint(crypto.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := b64(tp), text(v, "expected", "thumbprint_sha256_b64u"); got != want {
			t.Errorf("thumbprint %s, want %s", got, want)
		}
	}
}

func checkOKP(t *testing.T, v map[string]any) {
	k := parseJWK(t, get(v, "input", "jwk"))
	if d := text(v, "expected", "d_hex"); d != "" {
		priv, ok := k.Key().(ed25519.PrivateKey)
		if !ok || !bytes.Equal(priv.Seed(), unhex(t, d)) {
			t.Errorf("private key %T is not the seed %s", k.Key(), d)
		}
	}
	pub := publicKey(t, k)
	if p, ok := pub.(ed25519.PublicKey); !ok || !bytes.Equal(p, unhex(t, text(v, "expected", "x_hex"))) {
		t.Errorf("public key %x, want %s", pub, text(v, "expected", "x_hex"))
	}
}

// checkEPK: the X25519 ephemeral key of RFC 8037 A.6 is encoded as the
// RFC says, and its private part gives it.
func checkEPK(t *testing.T, v map[string]any) {
	pub, ok := ecdhKey(t, parseJWK(t, get(v, "keys", "ephemeral_public"))).(*ecdh.PublicKey)
	if !ok || !bytes.Equal(pub.Bytes(), unhex(t, text(v, "expected", "ephemeral_public_hex"))) {
		t.Fatalf("ephemeral public key %v", pub)
	}
	priv, ok := ecdhKey(t, parseJWK(t, get(v, "keys", "ephemeral_private"))).(*ecdh.PrivateKey)
	if !ok || !bytes.Equal(priv.Bytes(), unhex(t, text(v, "input", "ephemeral_secret_hex"))) || !priv.PublicKey().Equal(pub) {
		t.Error("ephemeral private key does not match")
	}
	if !sameJSON(t, mustMarshal(t, get(v, "input", "protected_header_example", "epk")), mustMarshal(t, get(v, "keys", "ephemeral_public"))) {
		t.Error("the header's epk is not the ephemeral public JWK")
	}
}

// checkClaims: the claims of an RFC 7519 JWT, after verification or
// decryption, are the vector's.
func checkClaims(t *testing.T, v map[string]any) {
	tok := []byte(text(v, "expected", "compact"))
	var payload []byte
	switch text(v, "category") {
	case "jwt":
		if enc := text(v, "enc"); enc == "" {
			alg, err := jwa.Signature(text(v, "alg"))
			if err != nil {
				t.Fatal(err)
			}
			msg := checkJWS(t, "compact", tok, newVerifier(t, alg, parseJWK(t, get(v, "key"))), nil, nil)
			if msg == nil {
				return
			}
			payload = msg.Payload()
		} else {
			km, err := jwa.KeyManagement(text(v, "alg"))
			if err != nil {
				t.Fatal(err)
			}
			ce, err := jwa.ContentEncryption(enc)
			if err != nil {
				t.Fatal(err)
			}
			key := get(v, "key")
			if key == nil {
				key = get(v, "keys", "decryption")
			}
			kd, err := km.NewDecrypter(parseJWK(t, key).Key())
			if err != nil {
				t.Fatal(err)
			}
			res, err := jwe.Decrypt(t.Context(), tok, kd, &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{ce}})
			if err != nil {
				t.Fatal(err)
			}
			payload = res.Plaintext
			if res.Header.ContentType == "JWT" { // nested: verify the inner JWS
				rs256, err := jwa.Signature(compactAlg(string(payload)))
				if err != nil {
					t.Fatal(err)
				}
				msg := checkJWS(t, "inner", payload, newVerifier(t, rs256, parseJWK(t, get(v, "keys", "inner_jws_verification"))), nil, nil)
				if msg == nil {
					return
				}
				payload = msg.Payload()
			}
		}
	default:
		t.Fatalf("not a JWT: %s", text(v, "category"))
	}
	if !sameJSON(t, payload, mustMarshal(t, get(v, "expected", "claims"))) {
		t.Errorf("claims %s, want %v", payload, get(v, "expected", "claims"))
	}
}
