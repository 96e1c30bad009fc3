package conformance

import (
	"bufio"
	"bytes"
	"context"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
)

// The interop tests run the algorithm matrix both ways against two
// independent implementations, each a small script in the interop folder
// that reads JSON-lines cases on stdin and writes one result per line
// (peer.mjs: the npm jose package under Node.js, pinned by
// package-lock.json; peer.py: the Python joserfc package). One process per
// peer serves every case of a run.
//
// Each row of the matrix has four cells: a token we make that the peer
// consumes (us→peer) and one the peer makes that we consume (peer→us),
// for each peer. A cell passes when the consumer gets back exactly the
// producer's payload (or, for thumbprints, both sides compute the same
// value). A peer may declare a case unsupported, but only as its library
// reports it; peerUnsupported lists the expected ones, and any other
// unsupported cell, like any supported-but-now-passing one, fails.

const (
	dirUsToPeer = iota
	dirPeerToUs
)

// A peerDef is one interop peer.
type peerDef struct {
	name string   // "node" or "python"
	cmd  []string // relative to the interop folder
	// check reports why the peer cannot run here, or nil.
	check func() error
}

var peers = []peerDef{
	{"node", []string{"node", "peer.mjs"}, func() error {
		if _, err := exec.LookPath("node"); err != nil {
			return errors.New("node is not installed")
		}
		if _, err := os.Stat(filepath.Join("interop", "node_modules", "jose", "package.json")); err != nil {
			return errors.New("interop/node_modules/jose is missing: run npm ci in conformance/interop")
		}
		return nil
	}},
	{"python", []string{"python3", "-W", "ignore::Warning", "peer.py"}, func() error {
		if _, err := exec.LookPath("python3"); err != nil {
			return errors.New("python3 is not installed")
		}
		if out, err := exec.Command("python3", "-c", "import joserfc").CombinedOutput(); err != nil {
			return fmt.Errorf("python3 cannot import joserfc: %s", bytes.TrimSpace(out))
		}
		return nil
	}},
}

// peerUnsupported says which cases each peer's library does not
// implement, as found with the pinned versions. A change either way fails
// TestInterop, so the matrix in docs/conformance.md stays true.
var peerUnsupported = map[string]func(c *interopCase) bool{
	// npm jose 6 dropped RSA1_5.
	"node": func(c *interopCase) bool { return c.alg == "RSA1_5" },
	// joserfc 1.6.5 has RSA-OAEP and RSA-OAEP-256 only.
	"python": func(c *interopCase) bool { return c.alg == "RSA-OAEP-384" || c.alg == "RSA-OAEP-512" },
}

// An interopCase is one row of the matrix.
type interopCase struct {
	row      string // as printed in the report
	kind     string // "jws", "jwe", "nested" or "thumbprint"
	alg, enc string
	crv      string // key curve (ECDH-ES, thumbprints)
	ser      string // "compact", "flattened", "general"
	zip      bool
	innerAlg string // nested JWT signature algorithm

	payload []byte
	ours    []byte // the token we made (error in oursErr)
	oursErr error
}

// interopResults holds the outcome of one run: cells[row][peer][dir].
type interopResults struct {
	cases    []*interopCase
	cells    map[string]map[string][2]string
	missing  map[string]string // peer -> reason
	versions map[string]string // peer -> library version
	timing   []string          // how long each stage took, for the log
}

const (
	cellPass        = "pass"
	cellUnsupported = "unsupported by peer"
)

// keyring holds the keys of one interop run.
type keyring struct {
	rsa    *rsa.PrivateKey
	ec     map[string]*ecdsa.PrivateKey
	ed     ed25519.PrivateKey
	x25519 *ecdh.PrivateKey
	oct    map[int][]byte
	pw     []byte
}

func newKeyring() (*keyring, error) {
	k := &keyring{ec: map[string]*ecdsa.PrivateKey{}, oct: map[int][]byte{}, pw: []byte("Thus from my lips, by yours, my sin is purged.")}
	var err error
	if k.rsa, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		return nil, err
	}
	for crv, c := range map[string]elliptic.Curve{"P-256": elliptic.P256(), "P-384": elliptic.P384(), "P-521": elliptic.P521()} {
		if k.ec[crv], err = ecdsa.GenerateKey(c, rand.Reader); err != nil {
			return nil, err
		}
	}
	if _, k.ed, err = ed25519.GenerateKey(rand.Reader); err != nil {
		return nil, err
	}
	if k.x25519, err = ecdh.X25519().GenerateKey(rand.Reader); err != nil {
		return nil, err
	}
	for _, n := range []int{16, 24, 32, 48, 64} {
		k.oct[n] = make([]byte, n)
		rand.Read(k.oct[n])
	}
	return k, nil
}

var sigCurve = map[string]string{"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}

// signingKey returns the private key for a JWS algorithm.
func (k *keyring) signingKey(alg string) any {
	switch {
	case strings.HasPrefix(alg, "HS"):
		return k.oct[map[string]int{"HS256": 32, "HS384": 48, "HS512": 64}[alg]]
	case strings.HasPrefix(alg, "RS"), strings.HasPrefix(alg, "PS"):
		return k.rsa
	case strings.HasPrefix(alg, "ES"):
		return k.ec[sigCurve[alg]]
	default: // EdDSA, Ed25519
		return k.ed
	}
}

// encryptionKey returns the private (or secret) key for a JWE case.
func (k *keyring) encryptionKey(c *interopCase, enc jwa.ContentEncryptionAlgorithm) any {
	switch {
	case c.alg == "dir":
		return k.oct[enc.KeySize()]
	case strings.HasPrefix(c.alg, "PBES2"):
		return k.pw
	case strings.HasPrefix(c.alg, "RSA"):
		return k.rsa
	case strings.HasPrefix(c.alg, "ECDH-ES"):
		if c.crv == "X25519" {
			return k.x25519
		}
		return k.ec[c.crv]
	default: // A128KW ... A256GCMKW
		return k.oct[map[string]int{"128": 16, "192": 24, "256": 32}[c.alg[1:4]]]
	}
}

// jwkOf returns the JWK of a Go key, private or its public part.
// Results are kept: making a JWK of an RSA private key validates it, which
// is slow.
func jwkOf(key any, public bool) (json.RawMessage, error) {
	id := fmt.Sprintf("%T %p %v", key, key, public)
	jwkCache.Lock()
	defer jwkCache.Unlock()
	if b, ok := jwkCache.m[id]; ok {
		return b, nil
	}
	b, err := makeJWK(key, public)
	if err == nil {
		jwkCache.m[id] = b
	}
	return b, err
}

var jwkCache = struct {
	sync.Mutex
	m map[string]json.RawMessage
}{m: map[string]json.RawMessage{}}

func makeJWK(key any, public bool) (json.RawMessage, error) {
	k, err := jwk.New(key)
	if err != nil {
		return nil, err
	}
	if public && k.KeyType() != jwk.KeyTypeOct {
		if k, err = k.Public(); err != nil {
			return nil, err
		}
	}
	return k.MarshalJSON()
}

// goPublic returns the Go public key of a private key (the secret itself
// for symmetric keys).
func goPublic(key any) any {
	if s, ok := key.(crypto.Signer); ok {
		return s.Public()
	}
	if e, ok := key.(*ecdh.PrivateKey); ok {
		return e.PublicKey()
	}
	return key
}

var contentAlgs = []string{"A128GCM", "A192GCM", "A256GCM", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512"}
var serializations = []string{"compact", "flattened", "general"}

// interopCases returns the matrix: every registered JWS algorithm and
// every registered JWE alg × enc (ECDH-ES on each curve) in the three
// serializations, compression, nested JWTs and thumbprints. C20P and
// XC20P are left out: neither peer implements them.
func interopCases() []*interopCase {
	var out []*interopCase
	for _, alg := range jwa.SignatureNames() {
		for _, ser := range serializations {
			out = append(out, &interopCase{row: fmt.Sprintf("JWS %s %s", alg, ser), kind: "jws", alg: alg, ser: ser})
		}
	}
	for _, alg := range jwa.KeyManagementNames() {
		crvs := []string{""}
		if strings.HasPrefix(alg, "ECDH-ES") {
			crvs = []string{"P-256", "P-384", "P-521", "X25519"}
		}
		for _, crv := range crvs {
			name := alg
			if crv != "" {
				name += " (" + crv + ")"
			}
			for _, enc := range contentAlgs {
				for _, ser := range serializations {
					out = append(out, &interopCase{row: fmt.Sprintf("JWE %s %s %s", name, enc, ser), kind: "jwe", alg: alg, enc: enc, crv: crv, ser: ser})
				}
			}
		}
	}
	for _, z := range []struct{ alg, enc, crv string }{{"A128KW", "A128GCM", ""}, {"dir", "A256CBC-HS512", ""}, {"ECDH-ES+A256KW", "A256GCM", "P-256"}} {
		for _, ser := range serializations {
			name := z.alg
			if z.crv != "" {
				name += " (" + z.crv + ")"
			}
			out = append(out, &interopCase{row: fmt.Sprintf("JWE zip:DEF %s %s %s", name, z.enc, ser), kind: "jwe", alg: z.alg, enc: z.enc, crv: z.crv, ser: ser, zip: true})
		}
	}
	for _, n := range []struct{ inner, alg, enc, crv string }{
		{"RS256", "RSA-OAEP-256", "A256GCM", ""},
		{"PS256", "RSA-OAEP", "A128CBC-HS256", ""},
		{"ES256", "ECDH-ES+A128KW", "A128GCM", "P-256"},
		{"EdDSA", "ECDH-ES", "A256GCM", "X25519"},
		{"HS256", "A256KW", "A256CBC-HS512", ""},
	} {
		name := n.alg
		if n.crv != "" {
			name += " (" + n.crv + ")"
		}
		out = append(out, &interopCase{row: fmt.Sprintf("nested JWT %s in %s %s compact", n.inner, name, n.enc), kind: "nested",
			alg: n.alg, enc: n.enc, crv: n.crv, ser: "compact", innerAlg: n.inner})
	}
	for _, kc := range []struct{ kty, crv string }{{"RSA", ""}, {"EC", "P-256"}, {"EC", "P-384"}, {"EC", "P-521"}, {"OKP", "Ed25519"}, {"OKP", "X25519"}, {"oct", ""}} {
		name := kc.kty
		if kc.crv != "" {
			name += " " + kc.crv
		}
		out = append(out, &interopCase{row: "JWK thumbprint (RFC 7638) " + name, kind: "thumbprint", alg: kc.kty, crv: kc.crv})
	}
	for i, c := range out {
		c.payload = []byte(fmt.Sprintf(`{"iss":"interop","sub":"case %d","row":%q,"note":"Ünïcödé ✓"}`, i, c.row))
	}
	return out
}

func jweSerialization(ser string) jwe.Serialization {
	switch ser {
	case "flattened":
		return jwe.FlattenedJSON
	case "general":
		return jwe.GeneralJSON
	}
	return jwe.Compact
}

// produce makes our token for a case.
func (k *keyring) produce(c *interopCase) ([]byte, error) {
	ctx := contextFor()
	switch c.kind {
	case "jws":
		alg, err := jwa.Signature(c.alg)
		if err != nil {
			return nil, err
		}
		s, err := alg.NewSigner(k.signingKey(c.alg))
		if err != nil {
			return nil, err
		}
		switch c.ser {
		case "compact":
			tok, err := jws.Sign(ctx, c.payload, s, nil)
			return []byte(tok), err
		case "flattened":
			return jws.SignFlattened(ctx, c.payload, s, nil)
		default:
			return jws.SignGeneral(ctx, c.payload, []jws.Signer{{Signer: s}}, nil)
		}
	case "jwe", "nested":
		enc, err := jwa.ContentEncryption(c.enc)
		if err != nil {
			return nil, err
		}
		km, err := jwa.KeyManagement(c.alg)
		if err != nil {
			return nil, err
		}
		ke, err := km.NewEncrypter(goPublic(k.encryptionKey(c, enc)))
		if err != nil {
			return nil, err
		}
		opts := &jwe.EncryptOptions{Serialization: jweSerialization(c.ser), Compress: c.zip}
		if c.ser == "general" {
			opts.RecipientLocation = jwe.PerRecipient
		}
		plaintext := c.payload
		if c.kind == "nested" {
			alg, err := jwa.Signature(c.innerAlg)
			if err != nil {
				return nil, err
			}
			s, err := alg.NewSigner(k.signingKey(c.innerAlg))
			if err != nil {
				return nil, err
			}
			inner, err := jws.Sign(ctx, c.payload, s, &jws.SignOptions{Header: jws.Header{Type: "JWT"}})
			if err != nil {
				return nil, err
			}
			plaintext, opts.ContentType = []byte(inner), "JWT"
		}
		return jwe.Encrypt(ctx, plaintext, enc, []jwe.Recipient{{KeyEncrypter: ke}}, opts)
	}
	return nil, fmt.Errorf("nothing to produce for %s", c.kind)
}

// consume checks a token a peer made, returning its payload.
func (k *keyring) consume(c *interopCase, token []byte) ([]byte, error) {
	ctx := contextFor()
	switch c.kind {
	case "jws":
		alg, err := jwa.Signature(c.alg)
		if err != nil {
			return nil, err
		}
		v, err := alg.NewVerifier(goPublic(k.signingKey(c.alg)))
		if err != nil {
			return nil, err
		}
		msg, err := jws.Verify(ctx, token, v, nil)
		if err != nil {
			return nil, err
		}
		if got := msg.Serialization().String(); !strings.Contains(strings.ToLower(got), c.ser) {
			return nil, fmt.Errorf("peer made a %s JWS, want %s", got, c.ser)
		}
		return msg.Payload(), nil
	case "jwe", "nested":
		enc, err := jwa.ContentEncryption(c.enc)
		if err != nil {
			return nil, err
		}
		km, err := jwa.KeyManagement(c.alg)
		if err != nil {
			return nil, err
		}
		kd, err := km.NewDecrypter(k.encryptionKey(c, enc))
		if err != nil {
			return nil, err
		}
		res, err := jwe.Decrypt(ctx, token, kd, &jwe.DecryptOptions{ContentEncryption: []jwa.ContentEncryptionAlgorithm{enc}})
		if err != nil {
			return nil, err
		}
		if res.Serialization != jweSerialization(c.ser) {
			return nil, fmt.Errorf("peer made a %s JWE, want %s", res.Serialization, c.ser)
		}
		if (res.Header.Compression == "DEF") != c.zip {
			return nil, fmt.Errorf("zip %q, want compression %v", res.Header.Compression, c.zip)
		}
		if c.kind != "nested" {
			return res.Plaintext, nil
		}
		if res.Header.ContentType != "JWT" {
			return nil, fmt.Errorf("outer cty %q, want JWT", res.Header.ContentType)
		}
		alg, err := jwa.Signature(c.innerAlg)
		if err != nil {
			return nil, err
		}
		v, err := alg.NewVerifier(goPublic(k.signingKey(c.innerAlg)))
		if err != nil {
			return nil, err
		}
		msg, err := jws.Verify(ctx, res.Plaintext, v, nil)
		if err != nil {
			return nil, err
		}
		return msg.Payload(), nil
	}
	return nil, fmt.Errorf("nothing to consume for %s", c.kind)
}

// thumbprintKey returns our key for a thumbprint row.
func (k *keyring) thumbprintKey(c *interopCase) any {
	switch c.alg {
	case "RSA":
		return &k.rsa.PublicKey
	case "EC":
		return &k.ec[c.crv].PublicKey
	case "OKP":
		if c.crv == "X25519" {
			return k.x25519.PublicKey()
		}
		return k.ed.Public()
	}
	return k.oct[32]
}

// A peerRequest is one line sent to a peer; check judges its reply.
type peerRequest struct {
	msg   map[string]any
	row   string
	dir   int
	check func(reply map[string]any) error
}

// requests returns, for one peer, both directions of every case.
func (k *keyring) requests(c *interopCase) ([]peerRequest, error) {
	var out []peerRequest
	base := func(op string) map[string]any {
		return map[string]any{"op": op, "alg": c.alg, "enc": c.enc, "zip": c.zip, "serialization": c.ser, "payload": b64(c.payload)}
	}
	samePayload := func(reply map[string]any) error {
		got := text(reply, "payload")
		if got != b64(c.payload) {
			return fmt.Errorf("payload %q, want %q", got, b64(c.payload))
		}
		return nil
	}
	consumeToken := func(reply map[string]any) error {
		tok := text(reply, "token")
		if tok == "" {
			return errors.New("no token in reply")
		}
		got, err := k.consume(c, []byte(tok))
		if err != nil {
			return err
		}
		if !bytes.Equal(got, c.payload) {
			return fmt.Errorf("payload %q, want %q", got, c.payload)
		}
		return nil
	}
	switch c.kind {
	case "jws":
		priv := k.signingKey(c.alg)
		pubJWK, err := jwkOf(goPublic(priv), true)
		if err != nil {
			return nil, err
		}
		privJWK, err := jwkOf(priv, false)
		if err != nil {
			return nil, err
		}
		v := base("verify")
		v["key"], v["token"] = pubJWK, string(c.ours)
		s := base("sign")
		s["key"] = privJWK
		out = append(out, peerRequest{v, c.row, dirUsToPeer, samePayload}, peerRequest{s, c.row, dirPeerToUs, consumeToken})
	case "jwe", "nested":
		enc, err := jwa.ContentEncryption(c.enc)
		if err != nil {
			return nil, err
		}
		priv := k.encryptionKey(c, enc)
		privJWK, err := jwkOf(priv, false)
		if err != nil {
			return nil, err
		}
		pubJWK, err := jwkOf(goPublic(priv), true)
		if err != nil {
			return nil, err
		}
		d, e := base("decrypt"), base("encrypt")
		if c.kind == "nested" {
			d, e = base("open_nested"), base("seal_nested")
			sk := k.signingKey(c.innerAlg)
			if d["inner_key"], err = jwkOf(goPublic(sk), true); err != nil {
				return nil, err
			}
			if e["inner_key"], err = jwkOf(sk, false); err != nil {
				return nil, err
			}
			d["inner_alg"], e["inner_alg"] = c.innerAlg, c.innerAlg
		}
		d["key"], d["token"] = privJWK, string(c.ours)
		e["key"] = pubJWK
		if strings.HasPrefix(c.alg, "PBES2") {
			e["p2c"] = 2048 // within [MinPBES2Count, MaxPBES2Count]
		}
		out = append(out, peerRequest{d, c.row, dirUsToPeer, samePayload}, peerRequest{e, c.row, dirPeerToUs, consumeToken})
	case "thumbprint":
		key := k.thumbprintKey(c)
		pub, err := jwkOf(key, true)
		if err != nil {
			return nil, err
		}
		jk, err := jwk.ParseKey(pub)
		if err != nil {
			return nil, err
		}
		tp, err := jk.Thumbprint(crypto.SHA256)
		if err != nil {
			return nil, err
		}
		out = append(out, peerRequest{map[string]any{"op": "thumbprint", "key": pub}, c.row, dirUsToPeer, func(reply map[string]any) error {
			if got := text(reply, "thumbprint"); got != b64(tp) {
				return fmt.Errorf("thumbprint %s, ours %s", got, b64(tp))
			}
			return nil
		}})
		out = append(out, peerRequest{map[string]any{"op": "generate", "kty": c.alg, "crv": c.crv}, c.row, dirPeerToUs, func(reply map[string]any) error {
			theirs, err := jwk.ParseKey(mustJSON(reply["jwk"]))
			if err != nil {
				return err
			}
			if theirs.KeyType() != c.alg || theirs.Curve() != c.crv {
				return fmt.Errorf("peer generated %s %s", theirs.KeyType(), theirs.Curve())
			}
			tp, err := theirs.Thumbprint(crypto.SHA256)
			if err != nil {
				return err
			}
			if got := text(reply, "thumbprint"); got != b64(tp) {
				return fmt.Errorf("peer's thumbprint %s, ours %s", got, b64(tp))
			}
			return nil
		}})
	}
	return out, nil
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // values decoded from JSON always marshal
	}
	return b
}

// runPeer sends every request to one process of the peer and returns the
// replies, in order.
func runPeer(p peerDef, reqs []peerRequest) ([]map[string]any, error) {
	cmd := exec.Command(p.cmd[0], p.cmd[1:]...)
	cmd.Dir = "interop"
	var in bytes.Buffer
	for i, r := range reqs {
		r.msg["id"] = fmt.Sprint(i)
		in.Write(mustJSON(r.msg))
		in.WriteByte('\n')
	}
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %v\n%s", p.name, err, stderr.Bytes())
	}
	var replies []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return nil, fmt.Errorf("%s: bad reply %q: %v", p.name, sc.Bytes(), err)
		}
		replies = append(replies, m)
	}
	if len(replies) != len(reqs) {
		return nil, fmt.Errorf("%s: %d replies to %d requests\n%s", p.name, len(replies), len(reqs), stderr.Bytes())
	}
	for i, m := range replies {
		if text(m, "id") != fmt.Sprint(i) {
			return nil, fmt.Errorf("%s: reply %d has id %v", p.name, i, m["id"])
		}
	}
	return replies, nil
}

// peerVersion asks the peer's library for its version.
func peerVersion(p peerDef) string {
	var cmd *exec.Cmd
	switch p.name {
	case "node":
		data, err := os.ReadFile(filepath.Join("interop", "node_modules", "jose", "package.json"))
		var pkg struct{ Version string }
		if err != nil || json.Unmarshal(data, &pkg) != nil {
			return "?"
		}
		return "jose " + pkg.Version
	default:
		cmd = exec.Command("python3", "-c", "import joserfc; print(joserfc.__version__)")
	}
	out, err := cmd.Output()
	if err != nil {
		return "?"
	}
	return "joserfc " + strings.TrimSpace(string(out))
}

var runInterop = sync.OnceValues(func() (*interopResults, error) {
	k, err := newKeyring()
	if err != nil {
		return nil, err
	}
	res := &interopResults{cases: interopCases(), cells: map[string]map[string][2]string{},
		missing: map[string]string{}, versions: map[string]string{}}
	var reqs []peerRequest
	start := time.Now()
	for _, c := range res.cases {
		res.cells[c.row] = map[string][2]string{}
		if c.kind != "thumbprint" {
			c.ours, c.oursErr = k.produce(c)
		}
		r, err := k.requests(c)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.row, err)
		}
		reqs = append(reqs, r...)
	}
	res.timing = append(res.timing, fmt.Sprintf("our tokens: %v", time.Since(start).Round(time.Millisecond)))
	byRow := map[string]*interopCase{}
	for _, c := range res.cases {
		byRow[c.row] = c
	}
	type peerRun struct {
		replies []map[string]any
		err     error
		took    time.Duration
	}
	runs := make([]peerRun, len(peers))
	var wg sync.WaitGroup
	for i, p := range peers {
		if err := p.check(); err != nil {
			res.missing[p.name] = err.Error()
			continue
		}
		res.versions[p.name] = peerVersion(p)
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			runs[i].replies, runs[i].err = runPeer(p, reqs)
			runs[i].took = time.Since(start)
		}()
	}
	wg.Wait()
	for i, p := range peers {
		if _, missing := res.missing[p.name]; missing {
			continue
		}
		replies, err := runs[i].replies, runs[i].err
		if err != nil {
			return nil, err
		}
		res.timing = append(res.timing, fmt.Sprintf("%s: %d requests in %v", p.name, len(reqs), runs[i].took.Round(time.Millisecond)))
		start := time.Now()
		for i, r := range reqs {
			c := byRow[r.row]
			cell := res.cells[r.row][p.name]
			reply := replies[i]
			switch {
			case r.dir == dirUsToPeer && c.oursErr != nil:
				cell[r.dir] = "FAIL: we could not make the token: " + c.oursErr.Error()
			case reply["ok"] == true:
				if err := r.check(reply); err != nil {
					cell[r.dir] = "FAIL: " + err.Error()
				} else {
					cell[r.dir] = cellPass
				}
			case reply["unsupported"] == true:
				cell[r.dir] = cellUnsupported
			default:
				cell[r.dir] = "FAIL: peer: " + text(reply, "error")
			}
			res.cells[r.row][p.name] = cell
		}
		res.timing = append(res.timing, fmt.Sprintf("consuming %s's tokens: %v", p.name, time.Since(start).Round(time.Millisecond)))
	}
	return res, nil
})

// contextFor returns the context of the interop operations, which do no
// I/O.
func contextFor() context.Context { return context.Background() }

// TestInterop runs the interop matrix against every peer present. A
// missing peer is a loud skip, or a failure when JOSE_INTEROP_REQUIRED=1
// (set by .ci/test after installing the peers).
func TestInterop(t *testing.T) {
	res, err := runInterop()
	if err != nil {
		t.Fatal(err)
	}
	t.Log(strings.Join(res.timing, "; "))
	if len(res.cases) < 500 {
		t.Fatalf("only %d interop cases", len(res.cases))
	}
	for _, p := range peers {
		t.Run(p.name, func(t *testing.T) {
			if why, missing := res.missing[p.name]; missing {
				msg := fmt.Sprintf("!!! INTEROP PEER %q MISSING: %s. Its half of the matrix did NOT run. Install it (see .ci/test) to run it.", p.name, why)
				if os.Getenv("JOSE_INTEROP_REQUIRED") == "1" {
					t.Fatal(msg)
				}
				t.Skip(msg)
			}
			passed := 0
			for _, c := range res.cases {
				cell := res.cells[c.row][p.name]
				for dir, got := range cell {
					want := cellPass
					if c.kind != "thumbprint" && peerUnsupported[p.name](c) {
						want = cellUnsupported
					}
					if got != want {
						t.Errorf("%s, %s: %s (want %s)", c.row, dirName(p.name, dir), got, want)
					}
					if got == cellPass {
						passed++
					}
				}
			}
			t.Logf("%s (%s): %d cells passed", p.name, res.versions[p.name], passed)
		})
	}
}

func dirName(peer string, dir int) string {
	if dir == dirUsToPeer {
		return "us→" + peer
	}
	return peer + "→us"
}
