package jwk

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/joseframework/jose/core/internal/b64"
	"github.com/joseframework/jose/core/internal/strictjson"
	"github.com/joseframework/jose/core/jwa"
)

// ParseKey parses and validates one JWK with the default limits: at most
// jwa.DefaultMaxHeaderSize (64 KiB) of input and jwa.DefaultMaxDepth levels
// of JSON nesting. See [ParseKeyWithLimits].
func ParseKey(data []byte) (*Key, error) {
	return ParseKeyWithLimits(data, jwa.Limits{})
}

// ParseKeyWithLimits parses and validates one JWK (RFC 7517, Section 4).
// The input must be at most l.MaxHeaderSize bytes (a JWK may sit in a JWS
// or JWE header) and nest at most l.MaxDepth levels; zero fields of l mean
// the defaults.
//
// The input must be I-JSON: valid UTF-8, no duplicate member names (also
// when spelled with escapes) and member names matched exactly. Binary
// values must be strict base64url (no padding, no whitespace, canonical
// trailing bits); integers (RSA values) must have no leading zero octet,
// except that a modulus "n" with leading zero octets is accepted (some
// libraries emit them) and serialized without them.
//
// Validation depends on "kty":
//
//   - RSA: "n" of [MinRSABits] to [MaxRSABits] bits, odd "e" from 3 to
//     2^31-1. Private members "d", "p", "q", "dp", "dq", "qi" must be all
//     present or all absent, and must be consistent with each other and
//     with "n" and "e". Keys with only "d", or with "oth" (more than two
//     primes), give ErrUnsupported.
//   - EC: "crv" P-256, P-384 or P-521; "x", "y" (and "d") exactly the
//     curve's length; the point on the curve; "d" matching the point.
//   - OKP: "crv" Ed25519 or X25519; "x" (and "d") 32 bytes; "d" matching
//     "x"; points of low order (order 1, 2, 4 or 8) are refused on both
//     curves.
//   - oct: "k" non-empty.
//
// "use", "key_ops" and "alg" must agree with each other and with the key
// type when they are present (see [Key.Permits]); an "alg" this package
// does not know is kept but not checked. "x5c" certificates are parsed and
// the first must hold the key; "x5t" and "x5t#S256", when present with
// "x5c", must be its thumbprints. Members this package does not know are
// kept verbatim for [Key.MarshalJSON] and [Key.Member], and never
// interpreted.
//
// Errors wrap ErrMalformed, ErrUnsupported, ErrInvalidKey or ErrTooLarge.
func ParseKeyWithLimits(data []byte, l jwa.Limits) (*Key, error) {
	l = l.WithDefaults()
	if len(data) > l.MaxHeaderSize {
		return nil, fmt.Errorf("%w: JWK of %d bytes exceeds the %d-byte limit: %w", ErrTooLarge, len(data), l.MaxHeaderSize, jwa.ErrLimit)
	}
	members := make([]member, 0, 10) // enough for most keys in one allocation
	err := strictjson.Each(data, l.MaxDepth, func(name string, value []byte) error {
		members = append(members, member{name, value})
		return nil
	})
	if err != nil {
		if errors.Is(err, strictjson.ErrDepth) {
			return nil, fmt.Errorf("%w: %w: %w", ErrMalformed, err, jwa.ErrLimit)
		}
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return fromMembers(members)
}

// keyMembers are the members each key type interprets, besides the
// common ones.
var keyMembers = map[string][]string{
	KeyTypeRSA: {"n", "e", "d", "p", "q", "dp", "dq", "qi", "oth"},
	KeyTypeEC:  {"crv", "x", "y", "d"},
	KeyTypeOKP: {"crv", "x", "d"},
	KeyTypeOct: {"k"},
}

var commonMembers = []string{"kty", "kid", "alg", "use", "key_ops", "x5u", "x5c", "x5t", "x5t#S256"}

// fields holds the members of one JWK while it is parsed. A key has few
// members, and names are unique (strictjson refuses duplicates), so a
// linear search beats a map, which would be one more allocation.
type fields struct {
	members []member
}

// get returns the raw value of the member name.
func (f fields) get(name string) ([]byte, bool) {
	for i := range f.members {
		if f.members[i].name == name {
			return f.members[i].value, true
		}
	}
	return nil, false
}

func (f fields) has(name string) bool { _, ok := f.get(name); return ok }

func (f fields) str(name string) (string, bool, error) {
	v, ok := f.get(name)
	if !ok {
		return "", false, nil
	}
	if s, ok := common(v); ok {
		return s, true, nil
	}
	s, err := strictjson.Unquote(v)
	if err != nil {
		return "", true, fmt.Errorf("%w: %q: %w", ErrMalformed, name, err)
	}
	return s, true, nil
}

// common returns the string of the raw JSON value v without allocating
// when it is one that keys commonly hold.
func common(v []byte) (string, bool) {
	switch string(v) {
	case `"RSA"`:
		return "RSA", true
	case `"EC"`:
		return "EC", true
	case `"OKP"`:
		return "OKP", true
	case `"oct"`:
		return "oct", true
	case `"sig"`:
		return "sig", true
	case `"enc"`:
		return "enc", true
	case `"P-256"`:
		return "P-256", true
	case `"P-384"`:
		return "P-384", true
	case `"P-521"`:
		return "P-521", true
	case `"Ed25519"`:
		return "Ed25519", true
	case `"X25519"`:
		return "X25519", true
	case `"RS256"`:
		return "RS256", true
	case `"PS256"`:
		return "PS256", true
	case `"ES256"`:
		return "ES256", true
	case `"EdDSA"`:
		return "EdDSA", true
	}
	return "", false
}

// bytes decodes a required base64url member.
func (f fields) bytes(name string) ([]byte, error) { return f.appendBytes(nil, name) }

// appendBytes appends the decoding of a required base64url member to dst.
func (f fields) appendBytes(dst []byte, name string) ([]byte, error) {
	v, ok := f.get(name)
	if !ok {
		return nil, fmt.Errorf("%w: missing %q", ErrMalformed, name)
	}
	var text []byte
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && bytes.IndexByte(v, '\\') < 0 {
		// Base64url text needs no escapes; strictjson has validated the
		// document, so the string is its raw content.
		text = v[1 : len(v)-1]
	} else {
		s, _, err := f.str(name)
		if err != nil {
			return nil, err
		}
		text = []byte(s)
	}
	b, err := b64.AppendDecode(dst, text)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %w", ErrMalformed, name, err)
	}
	return b, nil
}

// uint decodes a required Base64urlUInt member (RFC 7518, Section 2).
func (f fields) uint(name string, leadingZeros bool) (*big.Int, error) {
	var buf [512]byte // up to RSA-4096 without allocating: SetBytes copies
	b, err := f.appendBytes(buf[:0], name)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: %q is empty", ErrMalformed, name)
	}
	if b[0] == 0 && len(b) > 1 && !leadingZeros {
		return nil, fmt.Errorf("%w: %q has a leading zero octet", ErrMalformed, name)
	}
	return new(big.Int).SetBytes(b), nil
}

func fromMembers(members []member) (*Key, error) {
	f := fields{members: members}
	k := &Key{}
	kty, ok, err := f.str("kty")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%w: missing \"kty\"", ErrMalformed)
	}
	own, known := keyMembers[kty]
	if !known {
		return nil, fmt.Errorf("%w: kty %q", ErrUnsupported, kty)
	}
	k.kty = kty
	if err := k.parseMaterial(f); err != nil {
		return nil, err
	}
	if err := k.parseMetadata(f); err != nil {
		return nil, err
	}
	for _, m := range members {
		if slices.Contains(own, m.name) || slices.Contains(commonMembers, m.name) {
			continue
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, m.value); err != nil {
			return nil, fmt.Errorf("%w: %q: %w", ErrMalformed, m.name, err)
		}
		k.extra = append(k.extra, member{m.name, buf.Bytes()})
	}
	return k, nil
}

func (k *Key) parseMaterial(f fields) error {
	switch k.kty {
	case KeyTypeRSA:
		return k.parseRSA(f)
	case KeyTypeEC, KeyTypeOKP:
		crv, ok, err := f.str("crv")
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: missing \"crv\"", ErrMalformed)
		}
		k.crv = crv
		if k.kty == KeyTypeEC {
			return k.parseEC(f)
		}
		return k.parseOKP(f)
	default: // oct
		b, err := f.bytes("k")
		if err != nil {
			return err
		}
		if len(b) == 0 {
			return fmt.Errorf("%w: oct key \"k\" is empty", ErrInvalidKey)
		}
		k.key = b
		return nil
	}
}

var rsaPrivateMembers = []string{"d", "p", "q", "dp", "dq", "qi"}

func (k *Key) parseRSA(f fields) error {
	if f.has("oth") {
		return fmt.Errorf("%w: multi-prime RSA keys (\"oth\")", ErrUnsupported)
	}
	n, err := f.uint("n", true)
	if err != nil {
		return err
	}
	eb, err := f.uint("e", false)
	if err != nil {
		return err
	}
	if eb.BitLen() > 31 {
		return fmt.Errorf("%w: RSA public exponent is %d bits, want at most 31", ErrInvalidKey, eb.BitLen())
	}
	e := int(eb.Int64())
	present := 0
	for _, name := range rsaPrivateMembers {
		if f.has(name) {
			present++
		}
	}
	switch {
	case present == 0:
		if err := checkRSAPublic(n, e); err != nil {
			return err
		}
		k.key = &rsa.PublicKey{N: n, E: e}
		k.tpInput = rsaThumbprintInput(f, n)
		return nil
	case present == 1 && f.has("d"):
		return fmt.Errorf("%w: RSA private keys without primes and CRT values", ErrUnsupported)
	case present < len(rsaPrivateMembers):
		var missing []string
		for _, name := range rsaPrivateMembers {
			if !f.has(name) {
				missing = append(missing, name)
			}
		}
		return fmt.Errorf("%w: RSA private key lacks %q", ErrMalformed, missing)
	}
	var v [6]*big.Int
	for i, name := range rsaPrivateMembers {
		if v[i], err = f.uint(name, false); err != nil {
			return err
		}
	}
	priv, err := newRSAPrivate(n, e, v[0], v[1], v[2], v[3], v[4], v[5])
	if err != nil {
		return err
	}
	k.key = priv
	k.tpInput = rsaThumbprintInput(f, n)
	return nil
}

// rsaThumbprintInput returns the RFC 7638 input of an RSA key made from
// the text of its "e" and "n" members, or nil when that text is not the
// canonical encoding (escapes, or an "n" with leading zero octets). Strict
// base64url has one encoding per value, so canonical text is what
// encoding the key's integers would give, without the work.
func rsaThumbprintInput(f fields, n *big.Int) []byte {
	nv, _ := f.get("n")
	ev, _ := f.get("e") // "e" has no leading zeros: uint refused them
	if bytes.IndexByte(nv, '\\') >= 0 || bytes.IndexByte(ev, '\\') >= 0 ||
		len(nv)-2 != b64.EncodedLen((n.BitLen()+7)/8) {
		return nil
	}
	in := make([]byte, 0, len(ev)+len(nv)+len(`{"e":,"kty":"RSA","n":}`))
	in = append(in, `{"e":`...)
	in = append(in, ev...)
	in = append(in, `,"kty":"RSA","n":`...)
	in = append(in, nv...)
	return append(in, '}')
}

func (k *Key) parseEC(f fields) error {
	c, ok := ecCurve(k.crv)
	if !ok {
		return fmt.Errorf("%w: EC curve %q", ErrUnsupported, k.crv)
	}
	x, err := f.bytes("x")
	if err != nil {
		return err
	}
	y, err := f.bytes("y")
	if err != nil {
		return err
	}
	if !f.has("d") {
		pub, err := newECPublic(c, x, y)
		if err != nil {
			return err
		}
		k.key = pub
		return nil
	}
	d, err := f.bytes("d")
	if err != nil {
		return err
	}
	priv, err := newECPrivate(c, x, y, d)
	if err != nil {
		return err
	}
	k.key = priv
	return nil
}

func (k *Key) parseOKP(f fields) error {
	if k.crv != CurveEd25519 && k.crv != CurveX25519 {
		return fmt.Errorf("%w: OKP curve %q", ErrUnsupported, k.crv)
	}
	x, err := f.bytes("x")
	if err != nil {
		return err
	}
	var d []byte
	if f.has("d") {
		if d, err = f.bytes("d"); err != nil {
			return err
		}
	}
	switch {
	case k.crv == CurveEd25519 && d == nil:
		k.key, err = newEd25519Public(x)
	case k.crv == CurveEd25519:
		k.key, err = newEd25519Private(x, d)
	case d == nil:
		k.key, err = newX25519Public(x)
	default:
		k.key, err = newX25519Private(x, d)
	}
	return err
}

func (k *Key) parseMetadata(f fields) error {
	var err error
	if k.kid, _, err = f.str("kid"); err != nil {
		return err
	}
	var hasAlg bool
	if k.alg, hasAlg, err = f.str("alg"); err != nil {
		return err
	}
	if hasAlg && k.alg == "" {
		return fmt.Errorf("%w: \"alg\" is empty", ErrMalformed)
	}
	var hasUse bool
	if k.use, hasUse, err = f.str("use"); err != nil {
		return err
	}
	if hasUse && k.use == "" {
		return fmt.Errorf("%w: \"use\" is empty", ErrMalformed)
	}
	if raw, ok := f.get("key_ops"); ok {
		ops, err := strictjson.Strings(raw)
		if err != nil {
			return fmt.Errorf("%w: \"key_ops\": %w", ErrMalformed, err)
		}
		k.keyOps, k.hasKeyOps = ops, true
	}
	if k.x5u, k.hasX5U, err = f.str("x5u"); err != nil {
		return err
	}
	if err := k.checkMetadata(); err != nil {
		return err
	}
	if raw, ok := f.get("x5c"); ok {
		ders, err := strictjson.Strings(raw)
		if err != nil {
			return fmt.Errorf("%w: \"x5c\": %w", ErrMalformed, err)
		}
		if err := k.setCertificates(ders); err != nil {
			return err
		}
	}
	for _, t := range []struct {
		name string
		dst  *[]byte
		size int
	}{{"x5t", &k.x5t, sha1.Size}, {"x5t#S256", &k.x5tS256, sha256.Size}} {
		if !f.has(t.name) {
			continue
		}
		b, err := f.bytes(t.name)
		if err != nil {
			return err
		}
		if len(b) != t.size {
			return fmt.Errorf("%w: %q is %d bytes, want %d", ErrMalformed, t.name, len(b), t.size)
		}
		*t.dst = b
	}
	return k.checkThumbprints()
}

// checkMetadata checks that "key_ops" has no duplicates and that "use",
// "key_ops" and "alg" agree with each other and with the key.
func (k *Key) checkMetadata() error {
	for i, op := range k.keyOps {
		if slices.Contains(k.keyOps[:i], op) {
			return fmt.Errorf("%w: \"key_ops\" lists %q twice", ErrMalformed, op)
		}
	}
	if k.use != "" && k.hasKeyOps {
		for _, op := range k.keyOps {
			if isKnownOp(op) && !useAllows(k.use, op) {
				return fmt.Errorf("%w: \"key_ops\" %q contradicts \"use\" %q", ErrInvalidKey, op, k.use)
			}
		}
	}
	if k.alg == "" {
		return nil
	}
	r, known := algRules[k.alg]
	if !known {
		return nil
	}
	if !r.fits(k.kty, k.crv) {
		kind := k.kty // EC, OKP, RSA and oct all take "an"
		if k.crv != "" {
			kind += " " + k.crv
		}
		return fmt.Errorf("%w: \"alg\" %q does not suit an %s key", ErrInvalidKey, k.alg, kind)
	}
	if k.use != "" && k.use != r.use {
		return fmt.Errorf("%w: \"alg\" %q contradicts \"use\" %q", ErrInvalidKey, k.alg, k.use)
	}
	if k.hasKeyOps {
		for _, op := range k.keyOps {
			if isKnownOp(op) && !useAllows(r.use, op) {
				return fmt.Errorf("%w: \"alg\" %q contradicts \"key_ops\" %q", ErrInvalidKey, k.alg, op)
			}
		}
	}
	return nil
}

func isKnownOp(op string) bool {
	switch op {
	case OpSign, OpVerify, OpEncrypt, OpDecrypt, OpWrapKey, OpUnwrapKey, OpDeriveKey, OpDeriveBits:
		return true
	}
	return false
}

// setCertificates parses "x5c" (standard base64 DER, RFC 7517 Section
// 4.7) and checks that the first certificate holds k's public key.
func (k *Key) setCertificates(ders []string) error {
	if len(ders) == 0 {
		return fmt.Errorf("%w: \"x5c\" is empty", ErrMalformed)
	}
	certs := make([]*x509.Certificate, 0, len(ders))
	for i, s := range ders {
		der, err := base64.StdEncoding.Strict().DecodeString(s)
		if err != nil || len(der) == 0 || bytes.ContainsAny([]byte(s), "\r\n") {
			return fmt.Errorf("%w: \"x5c\"[%d] is not standard base64", ErrMalformed, i)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return fmt.Errorf("%w: \"x5c\"[%d]: %w", ErrMalformed, i, err)
		}
		certs = append(certs, c)
	}
	if err := k.matchesCertificate(certs[0]); err != nil {
		return err
	}
	k.certs = certs
	return nil
}

func (k *Key) matchesCertificate(c *x509.Certificate) error {
	pub, err := k.Public()
	if err != nil {
		return fmt.Errorf("%w: an oct key cannot have a certificate", ErrInvalidKey)
	}
	if !keyEqual(pub.key, c.PublicKey) {
		return fmt.Errorf("%w: the \"x5c\" certificate holds another key", ErrInvalidKey)
	}
	return nil
}

// checkThumbprints checks "x5t" and "x5t#S256" against the first
// certificate, when there is one.
func (k *Key) checkThumbprints() error {
	if len(k.certs) == 0 {
		return nil
	}
	raw := k.certs[0].Raw
	if k.x5t != nil {
		if sum := sha1.Sum(raw); !bytes.Equal(sum[:], k.x5t) {
			return fmt.Errorf("%w: \"x5t\" is not the thumbprint of the \"x5c\" certificate", ErrInvalidKey)
		}
	}
	if k.x5tS256 != nil {
		if sum := sha256.Sum256(raw); !bytes.Equal(sum[:], k.x5tS256) {
			return fmt.Errorf("%w: \"x5t#S256\" is not the thumbprint of the \"x5c\" certificate", ErrInvalidKey)
		}
	}
	return nil
}
