package conformance

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
)

// A Pair names one test of one vector: the unit that the conformance
// suite either runs or lists, with a reason, in its skip table.
//
// Vector is the "id" of a vector of an rfcs/*.json file (such as
// "RFC7515-A.1") or, for the RFC 7520 cookbook, the path of the file
// without ".json" (such as "rfc7520/jws/4_1.rsa_v15_signature"; the
// nesting example of Section 6 gives two vectors, ".../sign" and
// ".../encrypt"). Test is one of the vector's "tests" for the rfcs files.
// For the cookbook it is an operation and an output form:
// "verify:compact", "sign:json_flat", "decrypt:json", "encrypt:compact"
// (sign and encrypt only for files marked reproducible), or "parse" for
// the key files.
type Pair struct {
	Vector string
	Test   string
}

// String returns the vector ID and the test name, as the skip table shows them.
func (p Pair) String() string { return p.Vector + " " + p.Test }

// skips is the one skip table of the conformance suite: every pair of the
// embedded vectors that no test of this package runs, and why. A pair that
// is neither run nor listed fails TestConformance, and so does a listed
// pair that runs or that no vector has.
var skips = map[Pair]string{
	// Unsecured JWS: "none" is never an algorithm here (RFC 8725, Section
	// 3.2). Parsing, and refusal by every verification path, do run.
	{"RFC7515-A.5", "serialize"}: `package jws never writes "alg":"none", by design; the unsecured JWT API writes RFC7519-6.1`,

	// Intermediate values that no jwa interface exposes; the value they
	// lead to is compared.
	{"RFC7517-C", "pbkdf2-derive"}:  "the PBKDF2 output is internal to PBES2; the key it wraps is compared (encrypt-with-given-cek-iv-salt)",
	{"RFC7518-C", "ecdh"}:           "Z is internal to ECDH-ES; the derived key is compared (derive-cek-as-sender/-recipient)",
	{"RFC7518-C", "concat-kdf"}:     "the Concat KDF input is internal to ECDH-ES; its output is compared (derive-cek-as-sender/-recipient)",
	{"RFC8037-A.6", "ecdh"}:         "the RFC stops at Z, which ECDH-ES does not expose; X25519 ECDH-ES runs end to end on rfc7520/curve25519/ecdh-es",
	{"RFC8037-A.7", "ecdh"}:         "X448 is not implemented (jwk supports Ed25519 and X25519 only)",
	{"RFC8037-A.7", "epk-encoding"}: "X448 is not implemented (jwk supports Ed25519 and X25519 only)",

	// RFC 7520 4.7 leaves "alg" in the unprotected header; jws always
	// protects it (RFC 8725, Section 3.1 advice), so the output differs.
	{"rfc7520/jws/4_7.protecting_content_only", "sign:json"}:      `"alg" is unprotected; jws always writes it in the protected header`,
	{"rfc7520/jws/4_7.protecting_content_only", "sign:json_flat"}: `"alg" is unprotected; jws always writes it in the protected header`,

	// The cookbook's copy of the RFC 7797 4.2 example encodes a header
	// without "crit" (see vectors/README.md): verification is run and must
	// fail with jws.ErrB64; producing that header is refused.
	{"rfc7520/rfc7797/4.2.hmac-sha2_b64_false", "sign:json"}:      `its encoded header has "b64":false without "crit", which RFC 7797 Section 6 forbids`,
	{"rfc7520/rfc7797/4.2.hmac-sha2_b64_false", "sign:json_flat"}: `its encoded header has "b64":false without "crit", which RFC 7797 Section 6 forbids`,

	// RFC 7520 5.9: the published compressed plaintext was made by another
	// DEFLATE encoder than compress/flate. Decryption (and inflation) of
	// every form runs; the content harness re-encrypts plaintext_c byte for
	// byte.
	{"rfc7520/jwe/5_9.compressed_content", "encrypt:compact"}:   "another DEFLATE encoder made the published compressed plaintext",
	{"rfc7520/jwe/5_9.compressed_content", "encrypt:json"}:      "another DEFLATE encoder made the published compressed plaintext",
	{"rfc7520/jwe/5_9.compressed_content", "encrypt:json_flat"}: "another DEFLATE encoder made the published compressed plaintext",
}

// noVectors lists the algorithms of this project that no embedded vector
// uses, and so that the harness cannot run (it fails on zero vectors).
// Their contract suites (core/jwa/jwatest) and the interop tests against
// independent implementations cover them instead.
var noVectors = map[string]string{
	"HS384":              "no published vector",
	"HS512":              "no published vector",
	"RS384":              "no published vector",
	"RS512":              "no published vector",
	"PS512":              "no published vector",
	"ES384":              "no published vector",
	"Ed25519":            "RFC 9864 name; the RFC 8037 vectors are labelled EdDSA",
	"RSA-OAEP-256":       "no published vector",
	"RSA-OAEP-384":       "no published vector",
	"RSA-OAEP-512":       "no published vector",
	"A128GCMKW":          "no published vector",
	"A192GCMKW":          "no published vector",
	"ECDH-ES+A192KW":     "no published vector",
	"PBES2-HS384+A192KW": "no published vector",
	"A192GCM":            "no published vector",
	"C20P":               "draft-amringer-jose-chacha publishes no vectors",
	"XC20P":              "draft-amringer-jose-chacha publishes no vectors",
}

// Skipped returns a copy of the skip table: each (vector, test) pair of
// the embedded vectors that this package's tests do not run, with the
// reason.
func Skipped() map[Pair]string { return maps.Clone(skips) }

// WithoutVectors returns a copy of the table of algorithm names that this
// project implements but that no embedded vector uses, with the reason.
// The harness functions fail for them, so their callers test them in
// other ways.
func WithoutVectors() map[string]string { return maps.Clone(noVectors) }

// Pairs returns every (vector, test) pair of the embedded vectors, sorted.
func Pairs() ([]Pair, error) {
	c, err := loadCorpus()
	if err != nil {
		return nil, err
	}
	var out []Pair
	for _, v := range c.rfc {
		for _, test := range v.Tests {
			out = append(out, Pair{v.ID, test})
		}
	}
	for _, f := range c.cookbook {
		out = append(out, f.pairs()...)
	}
	slices.SortFunc(out, comparePairs)
	return slices.Compact(out), nil
}

func comparePairs(a, b Pair) int {
	if c := strings.Compare(a.Vector, b.Vector); c != 0 {
		return c
	}
	return strings.Compare(a.Test, b.Test)
}

// ran records the pairs the harness functions (and this package's own
// tests) have run in this process.
var ran = struct {
	sync.Mutex
	m map[Pair]bool
}{m: map[Pair]bool{}}

func markRun(vector, test string) {
	ran.Lock()
	ran.m[Pair{vector, test}] = true
	ran.Unlock()
}

// An rfcVector is one vector of an rfcs/*.json file (see the README of
// the vectors folder for the format).
type rfcVector struct {
	File     string // "rfcs/rfc7515.json"
	ID       string
	Category string
	Alg, Enc string
	Tests    []string
	raw      map[string]any
}

// A cookbookVector is one JWS, JWE or JWK example of the RFC 7520
// cookbook.
type cookbookVector struct {
	ID           string // path without "rfc7520/" and ".json", plus "/sign" or "/encrypt" for Section 6
	Kind         string // "jws", "jwe" or "jwk"
	Reproducible bool
	Forms        []string // output forms, sorted: "compact", "json", "json_flat"
	raw          map[string]any
}

func (f *cookbookVector) pairs() []Pair {
	if f.Kind == "jwk" {
		return []Pair{{f.ID, "parse"}}
	}
	read, write := "verify:", "sign:"
	if f.Kind == "jwe" {
		read, write = "decrypt:", "encrypt:"
	}
	var out []Pair
	for _, form := range f.Forms {
		out = append(out, Pair{f.ID, read + form})
		if f.Reproducible {
			out = append(out, Pair{f.ID, write + form})
		}
	}
	return out
}

// algs returns the "alg" of each signer or recipient, in order.
func (f *cookbookVector) algs() []string {
	switch a := get(f.raw, "input", "alg").(type) {
	case string:
		return []string{a}
	case []any:
		var out []string
		for _, x := range a {
			s, _ := x.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}

type corpus struct {
	rfc      []*rfcVector
	cookbook []*cookbookVector
}

var loadCorpus = sync.OnceValues(func() (*corpus, error) {
	fsys := Vectors()
	c := &corpus{}
	names, err := fs.Glob(fsys, "rfcs/*.json")
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("conformance: no rfcs/*.json vectors embedded (%v)", err)
	}
	for _, name := range names {
		var f struct {
			Vectors []map[string]any
		}
		if err := readJSON(fsys, name, &f); err != nil {
			return nil, err
		}
		if len(f.Vectors) == 0 {
			return nil, fmt.Errorf("conformance: %s has no vectors", name)
		}
		for _, raw := range f.Vectors {
			v := &rfcVector{File: name, raw: raw, ID: text(raw, "id"), Category: text(raw, "category"),
				Alg: text(raw, "alg"), Enc: text(raw, "enc")}
			for _, t := range list(raw, "tests") {
				if s, ok := t.(string); ok {
					v.Tests = append(v.Tests, s)
				}
			}
			if v.ID == "" || len(v.Tests) == 0 {
				return nil, fmt.Errorf("conformance: %s: a vector has no id or no tests", name)
			}
			c.rfc = append(c.rfc, v)
		}
	}
	err = fs.WalkDir(fsys, "rfc7520", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".json" {
			return err
		}
		var raw map[string]any
		if err := readJSON(fsys, p, &raw); err != nil {
			return err
		}
		id := strings.TrimSuffix(p, ".json")
		switch {
		case strings.HasPrefix(p, "rfc7520/jwk/"):
			c.cookbook = append(c.cookbook, &cookbookVector{ID: id, Kind: "jwk", raw: raw})
		case raw["sign"] != nil && raw["encrypt"] != nil: // Section 6
			c.cookbook = append(c.cookbook, newCookbook(id+"/sign", "jws", obj(raw, "sign")),
				newCookbook(id+"/encrypt", "jwe", obj(raw, "encrypt")))
		case raw["encrypting_content"] != nil:
			c.cookbook = append(c.cookbook, newCookbook(id, "jwe", raw))
		case raw["signing"] != nil:
			c.cookbook = append(c.cookbook, newCookbook(id, "jws", raw))
		default:
			return fmt.Errorf("conformance: %s is neither a JWS, a JWE nor a JWK example", p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(c.cookbook) == 0 {
		return nil, fmt.Errorf("conformance: no cookbook vectors embedded")
	}
	return c, nil
})

func newCookbook(id, kind string, raw map[string]any) *cookbookVector {
	f := &cookbookVector{ID: id, Kind: kind, raw: raw, Reproducible: raw["reproducible"] == true}
	for form := range obj(raw, "output") {
		f.Forms = append(f.Forms, form)
	}
	slices.Sort(f.Forms)
	return f
}

func readJSON(fsys fs.FS, name string, v any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("conformance: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("conformance: %s: %w", name, err)
	}
	return nil
}

// get walks decoded JSON along object member names.
func get(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func obj(v any, path ...string) map[string]any {
	m, _ := get(v, path...).(map[string]any)
	return m
}

func text(v any, path ...string) string {
	s, _ := get(v, path...).(string)
	return s
}

func list(v any, path ...string) []any {
	l, _ := get(v, path...).([]any)
	return l
}
