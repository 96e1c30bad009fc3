package main

import (
	"bytes"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwe"
	"github.com/joseframework/jose/core/jwk"
	"github.com/joseframework/jose/core/jws"
)

const (
	unverifiedToken = "nothing below is verified or decrypted: it is what the input says about itself, chosen by whoever made it"
	unverifiedKey   = "a key file does not say who owns the key: compare its thumbprint with one obtained from a trusted source"
)

func inspect(e *env, args []string) error {
	f := newFlags("inspect", "[FILE]",
		`Show a JWS, JWE, JWK, JWK Set or PEM key without verifying or decrypting
anything, as indented JSON labelled "UNVERIFIED": headers, payload (JWS),
what verifying or decrypting needs (algorithm, "kid", thumbprint of an
embedded key), and warnings in the spirit of RFC 8725 ("none", deprecated
algorithms, missing "typ", "jku"/"x5u", embedded keys, expired tokens, short
HMAC keys). Private key material is never printed.`,
		`jose inspect token.jws
jose inspect --now 2030-01-01T00:00:00Z < token.jwt
jose inspect key.jwk`)
	nowFlag := f.String("now", "", "the time for expiry warnings, Unix seconds or RFC 3339 (default: the clock)")
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	file, err := f.oneFile(pos)
	if err != nil {
		return err
	}
	now, err := parseNow(*nowFlag)
	if err != nil {
		return err
	}
	data, err := readToken(e, file)
	if err != nil {
		return err
	}
	out, err := inspectData(data, now)
	if err != nil {
		return rejectf("inspect: %v", err)
	}
	return writeJSON(e.stdout, out)
}

// inspection is the inspect output under construction.
type inspection map[string]any

func (r inspection) warn(format string, args ...any) {
	w, _ := r["warnings"].([]string)
	msg := fmt.Sprintf(format, args...)
	if !slices.Contains(w, msg) {
		r["warnings"] = append(w, msg)
	}
}

// inspectData recognises and describes data.
func inspectData(data []byte, now time.Time) (inspection, error) {
	if bytes.HasPrefix(data, []byte("-----BEGIN ")) {
		k, err := jwk.ParsePEM(data)
		if err != nil {
			return nil, err
		}
		r := inspection{"UNVERIFIED": unverifiedKey, "type": "PEM key"}
		describeJWK(r, k)
		return r, nil
	}
	if isJSONObject(data) {
		obj, err := decodeObject(data)
		if err != nil {
			return nil, fmt.Errorf("not valid JSON: %v", err)
		}
		switch {
		case has(obj, "keys"):
			return inspectSet(data)
		case has(obj, "kty"):
			k, err := jwk.ParseKey(data)
			if err != nil {
				return nil, err
			}
			r := inspection{"UNVERIFIED": unverifiedKey, "type": "JWK"}
			describeJWK(r, k)
			return r, nil
		case has(obj, "ciphertext"):
			return inspectJWEJSON(data, obj)
		case has(obj, "signature"), has(obj, "signatures"):
			return inspectJWSJSON(data, obj, now)
		}
		return nil, errors.New("a JSON object that is not a JWS, JWE, JWK or JWK Set")
	}
	parts := strings.Split(string(data), ".")
	switch len(parts) {
	case 3:
		return inspectJWSCompact(data, parts, now)
	case 5:
		return inspectJWECompact(data, parts)
	}
	return nil, fmt.Errorf("not a JWS (3 parts), a JWE (5 parts), a JSON serialization or a key: the input has %d dot-separated parts", len(parts))
}

func has(m map[string]any, name string) bool { _, ok := m[name]; return ok }

func b64(s string) ([]byte, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, errors.New("invalid base64url")
	}
	return b, nil
}

// headerObject decodes a base64url-encoded JSON object header.
func headerObject(s, what string) (map[string]any, error) {
	b, err := b64(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", what, err)
	}
	m, err := decodeObject(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", what, err)
	}
	return m, nil
}

func str(m map[string]any, name string) string {
	s, _ := m[name].(string)
	return s
}

// sigEntry is one signature of a JWS, for inspect.
type sigEntry struct {
	protected, header map[string]any
	sigLen            int
}

func inspectJWSCompact(data []byte, parts []string, now time.Time) (inspection, error) {
	prot, err := headerObject(parts[0], "protected header")
	if err != nil {
		return nil, err
	}
	sig, err := b64(parts[2])
	if err != nil {
		return nil, fmt.Errorf("signature: %v", err)
	}
	r := inspection{"UNVERIFIED": unverifiedToken, "type": "JWS", "serialization": "compact"}
	payload := parts[1]
	detached := payload == ""
	jwsReport(r, []sigEntry{{protected: prot, sigLen: len(sig)}}, payload, detached, now)
	libraryCheckJWS(r, data)
	return r, nil
}

func inspectJWSJSON(data []byte, obj map[string]any, now time.Time) (inspection, error) {
	r := inspection{"UNVERIFIED": unverifiedToken, "type": "JWS"}
	var raw []map[string]any
	if sigs, ok := obj["signatures"]; ok {
		r["serialization"] = "general JSON"
		list, ok := sigs.([]any)
		if !ok || len(list) == 0 {
			return nil, errors.New("\"signatures\" is not a non-empty array")
		}
		for _, s := range list {
			m, ok := s.(map[string]any)
			if !ok {
				return nil, errors.New("a signature is not a JSON object")
			}
			raw = append(raw, m)
		}
	} else {
		r["serialization"] = "flattened JSON"
		raw = []map[string]any{obj}
	}
	var entries []sigEntry
	for _, m := range raw {
		var ent sigEntry
		if p, ok := m["protected"]; ok {
			ps, ok := p.(string)
			if !ok {
				return nil, errors.New("\"protected\" is not a string")
			}
			h, err := headerObject(ps, "protected header")
			if err != nil {
				return nil, err
			}
			ent.protected = h
		}
		if h, ok := m["header"]; ok {
			hm, ok := h.(map[string]any)
			if !ok {
				return nil, errors.New("\"header\" is not a JSON object")
			}
			ent.header = hm
		}
		ss, ok := m["signature"].(string)
		if !ok {
			return nil, errors.New("\"signature\" is missing or not a string")
		}
		sig, err := b64(ss)
		if err != nil {
			return nil, fmt.Errorf("signature: %v", err)
		}
		ent.sigLen = len(sig)
		entries = append(entries, ent)
	}
	payload, hasPayload := obj["payload"].(string)
	if _, present := obj["payload"]; present && !hasPayload {
		return nil, errors.New("\"payload\" is not a string")
	}
	jwsReport(r, entries, payload, !hasPayload, now)
	libraryCheckJWS(r, data)
	return r, nil
}

// libraryCheckJWS warns when core/jws would refuse the token's structure.
func libraryCheckJWS(r inspection, data []byte) {
	if _, err := jws.Parse(data, nil); err != nil {
		r.warn("jose refuses this JWS before any verification: %v", err)
	}
}

// jwsReport fills r with the signatures, payload, needs and warnings.
func jwsReport(r inspection, entries []sigEntry, payload string, detached bool, now time.Time) {
	var sigs, needs []any
	unencoded := false
	for _, ent := range entries {
		joint := map[string]any{}
		for k, v := range ent.header {
			joint[k] = v
		}
		for k, v := range ent.protected {
			joint[k] = v
		}
		s := map[string]any{"signature_bytes": ent.sigLen}
		if ent.protected != nil {
			s["protected"] = ent.protected
		}
		if ent.header != nil {
			s["header"] = ent.header
			r.warn("the unprotected \"header\" members %s are not covered by the signature", memberNames(ent.header))
		}
		sigs = append(sigs, s)
		if b, ok := ent.protected["b64"].(bool); ok && !b {
			unencoded = true
		}
		needs = append(needs, headerNeeds(r, joint, kindSignature))
		commonWarnings(r, joint)
	}
	r["signatures"] = sigs
	r["to_verify"] = needs
	switch {
	case detached:
		r["payload"] = nil
		r["detached"] = true
		r.warn("the payload is detached: verifying needs it (jose jws verify --payload FILE)")
	case unencoded:
		describePayload(r, []byte(payload), now)
	default:
		p, err := b64(payload)
		if err != nil {
			r["payload_base64url"] = payload
			r.warn("the payload is not valid base64url")
			return
		}
		describePayload(r, p, now)
	}
}

func memberNames(m map[string]any) string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, jsonString(k))
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// describePayload shows a payload as JSON when it is a JSON object, as text
// when it is UTF-8, and in base64url otherwise; JWT claims get time checks.
func describePayload(r inspection, p []byte, now time.Time) {
	if obj, err := decodeObject(p); err == nil {
		r["payload"] = obj
		claimWarnings(r, obj, now)
		return
	}
	if utf8.Valid(p) {
		r["payload"] = string(p)
		return
	}
	r["payload_base64url"] = base64.RawURLEncoding.EncodeToString(p)
}

// claimWarnings warns about expired and not-yet-valid claims.
func claimWarnings(r inspection, c map[string]any, now time.Time) {
	reg, err := checkClaimTypes(c)
	if err != nil {
		r.warn("claims: %v", err)
		return
	}
	t := float64(now.Unix()) + float64(now.Nanosecond())/1e9 // no UnixNano: it overflows after 2262
	times := map[string]any{}
	for name, v := range map[string]*float64{"exp": reg.exp, "nbf": reg.nbf, "iat": reg.iat} {
		if v != nil {
			times[name] = fmtDate(*v)
		}
	}
	if len(times) > 0 {
		r["claim_times"] = times
	}
	if reg.exp != nil && t >= *reg.exp {
		r.warn("expired: \"exp\" is %s", fmtDate(*reg.exp))
	}
	if reg.nbf != nil && t < *reg.nbf {
		r.warn("not valid yet: \"nbf\" is %s", fmtDate(*reg.nbf))
	}
	if reg.iat != nil && t < *reg.iat {
		r.warn("issued in the future: \"iat\" is %s", fmtDate(*reg.iat))
	}
}

// headerNeeds says what verifying or decrypting a signature or recipient
// with header h needs, and warns about its algorithm.
func headerNeeds(r inspection, h map[string]any, kind algKind) map[string]any {
	n := map[string]any{}
	alg := str(h, "alg")
	n["alg"] = alg
	if kid := str(h, "kid"); kid != "" {
		n["kid"] = kid
	}
	switch {
	case alg == "":
		r.warn("no \"alg\" header parameter: the token is malformed")
	case strings.EqualFold(alg, "none"):
		r.warn("\"alg\" is %q: an unsecured token, which jose never accepts", alg)
	default:
		n["key"] = keyNeeds(r, alg, kind)
	}
	if k, ok := h["jwk"]; ok {
		b, _ := json.Marshal(k)
		if ek, err := jwk.ParseKey(b); err == nil {
			tp, _ := ek.Thumbprint(crypto.SHA256)
			n["embedded_jwk_thumbprint"] = base64.RawURLEncoding.EncodeToString(tp)
		} else {
			r.warn("the embedded \"jwk\" is not a valid key: %v", err)
		}
		r.warn("the header embeds a \"jwk\": jose never uses it to verify; trust it only if its thumbprint is one you pinned")
	}
	return n
}

// keyNeeds describes the key an algorithm needs.
func keyNeeds(r inspection, alg string, kind algKind) string {
	var a any
	var ok bool
	switch kind {
	case kindSignature:
		a, ok = jwa.LookupSignature(alg)
	case kindKeyManagement:
		a, ok = jwa.LookupKeyManagement(alg)
	}
	if !ok {
		if m := jwa.ModuleFor(alg); m != "" {
			r.warn("\"alg\" %q is implemented by %s, which this jose does not link", alg, m)
		} else {
			r.warn("\"alg\" %q is not an algorithm this jose knows (run \"jose algs\")", alg)
		}
		return "unknown"
	}
	ds, _ := a.(jwa.Describer)
	if ds == nil {
		return "see \"jose algs\""
	}
	d := ds.Describe()
	if d.Deprecated {
		r.warn("\"alg\" %q is deprecated: accept it only to read old tokens", alg)
	}
	s := strings.Join(d.KeyTypes, " or ") + " key"
	if d.MinKeyBits > 0 {
		s += fmt.Sprintf(" of at least %d bits", d.MinKeyBits)
	}
	if d.Summary != "" {
		s += " (" + d.Summary + ")"
	}
	if slices.Contains(d.KeyTypes, jwk.KeyTypeOct) && kind == kindSignature {
		s += "; a shared secret of random bytes, never a password"
	}
	return s
}

// commonWarnings applies the RFC 8725 checks shared by JWS and JWE headers.
func commonWarnings(r inspection, h map[string]any) {
	if str(h, "typ") == "" {
		r.warn("no \"typ\" header parameter: explicit typing (RFC 8725, Section 3.11) lets a verifier tell kinds of tokens apart")
	}
	for _, name := range []string{"jku", "x5u"} {
		if _, ok := h[name]; ok {
			r.warn("the header has %q (%v): jose never fetches it; fetching keys from a URL the token names lets its maker choose the key", name, h[name])
		}
	}
	if _, ok := h["x5c"]; ok {
		r.warn("the header has \"x5c\": jose never verifies with a certificate the token carries")
	}
	if crit, ok := h["crit"]; ok {
		r.warn("\"crit\" lists %v: a verifier must understand each of them", crit)
	}
}

func inspectJWECompact(data []byte, parts []string) (inspection, error) {
	prot, err := headerObject(parts[0], "protected header")
	if err != nil {
		return nil, err
	}
	lens := map[string]any{}
	for i, name := range []string{"encrypted_key", "iv", "ciphertext", "tag"} {
		b, err := b64(parts[i+1])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		lens[name+"_bytes"] = len(b)
	}
	r := inspection{"UNVERIFIED": unverifiedToken, "type": "JWE", "serialization": "compact", "protected": prot, "sizes": lens}
	jweReport(r, prot, nil, []map[string]any{nil})
	libraryCheckJWE(r, data)
	return r, nil
}

func inspectJWEJSON(data []byte, obj map[string]any) (inspection, error) {
	r := inspection{"UNVERIFIED": unverifiedToken, "type": "JWE"}
	var prot, shared map[string]any
	if p, ok := obj["protected"]; ok {
		ps, ok := p.(string)
		if !ok {
			return nil, errors.New("\"protected\" is not a string")
		}
		h, err := headerObject(ps, "protected header")
		if err != nil {
			return nil, err
		}
		prot = h
		r["protected"] = h
	}
	if u, ok := obj["unprotected"]; ok {
		m, ok := u.(map[string]any)
		if !ok {
			return nil, errors.New("\"unprotected\" is not a JSON object")
		}
		shared = m
		r["unprotected"] = m
	}
	var rcpts []map[string]any
	if list, ok := obj["recipients"]; ok {
		r["serialization"] = "general JSON"
		arr, ok := list.([]any)
		if !ok || len(arr) == 0 {
			return nil, errors.New("\"recipients\" is not a non-empty array")
		}
		for _, x := range arr {
			m, ok := x.(map[string]any)
			if !ok {
				return nil, errors.New("a recipient is not a JSON object")
			}
			rcpts = append(rcpts, m)
		}
	} else {
		r["serialization"] = "flattened JSON"
		rcpts = []map[string]any{obj}
	}
	var headers []map[string]any
	var shown []any
	for _, m := range rcpts {
		var h map[string]any
		if x, ok := m["header"]; ok {
			if h, ok = x.(map[string]any); !ok {
				return nil, errors.New("a recipient \"header\" is not a JSON object")
			}
		}
		headers = append(headers, h)
		entry := map[string]any{}
		if h != nil {
			entry["header"] = h
		}
		if ek, ok := m["encrypted_key"].(string); ok {
			b, err := b64(ek)
			if err != nil {
				return nil, fmt.Errorf("encrypted_key: %v", err)
			}
			entry["encrypted_key_bytes"] = len(b)
		}
		shown = append(shown, entry)
	}
	if _, ok := obj["recipients"]; ok {
		r["recipients"] = shown
	} else if headers[0] != nil {
		r["header"] = headers[0]
	}
	if _, ok := obj["aad"]; ok {
		r.warn("the JWE has \"aad\": decrypting authenticates it too")
	}
	jweReport(r, prot, shared, headers)
	libraryCheckJWE(r, data)
	return r, nil
}

func libraryCheckJWE(r inspection, data []byte) {
	if _, err := jwe.Parse(data, jwa.Limits{}, nil); err != nil {
		r.warn("jose refuses this JWE before any decryption: %v", err)
	}
}

// jweReport says what decrypting needs, per recipient.
func jweReport(r inspection, prot, shared map[string]any, rcpts []map[string]any) {
	var needs []any
	for _, h := range rcpts {
		joint := map[string]any{}
		for _, m := range []map[string]any{h, shared, prot} {
			for k, v := range m {
				joint[k] = v
			}
		}
		n := headerNeeds(r, joint, kindKeyManagement)
		enc := str(joint, "enc")
		n["enc"] = enc
		if _, ok := jwa.LookupContentEncryption(enc); !ok && enc != "" {
			r.warn("\"enc\" %q is not a content encryption algorithm this jose knows", enc)
		}
		if enc == "" {
			r.warn("no \"enc\" header parameter: the token is malformed")
		}
		if z := str(joint, "zip"); z != "" {
			r.warn("\"zip\" is %q: compressed plaintext can leak secrets through its length when mixed with attacker-controlled data", z)
		}
		if _, ok := joint["__v"]; ok {
			r.warn("the header has \"__v\": a token of the Python jose library, which is not RFC 7516; read it with \"jose legacy decrypt\"")
		}
		if strings.EqualFold(str(joint, "cty"), "JWT") {
			r.warn("\"cty\" is \"JWT\": a nested JWT; decrypt it, then verify the inner token")
		}
		needs = append(needs, n)
		commonWarnings(r, joint)
	}
	r["to_decrypt"] = needs
	r["payload"] = nil
	r["encrypted"] = true
}

func inspectSet(data []byte) (inspection, error) {
	set, err := jwk.ParseSet(data)
	if err != nil {
		return nil, err
	}
	r := inspection{"UNVERIFIED": unverifiedKey, "type": "JWK Set"}
	keys := make([]any, 0, len(set.Keys))
	for _, k := range set.Keys {
		kr := inspection{}
		describeJWK(kr, k)
		if w, ok := kr["warnings"].([]string); ok {
			for _, s := range w {
				r.warn("key %d: %s", len(keys), s)
			}
			delete(kr, "warnings")
		}
		keys = append(keys, kr)
	}
	r["keys"] = keys
	if set.Skipped > 0 {
		r["skipped"] = set.Skipped
		r.warn("%d keys of an unsupported type or curve were skipped", set.Skipped)
	}
	return r, nil
}

// hmacMinBits is the minimum HMAC key size per algorithm (RFC 7518, 3.2).
var hmacMinBits = map[string]int{"HS256": 256, "HS384": 384, "HS512": 512}

// describeJWK fills r with a key's metadata, thumbprint and public part;
// never with private material.
func describeJWK(r inspection, k *jwk.Key) {
	r["kty"] = k.KeyType()
	r["bits"] = k.Size()
	r["private"] = k.IsPrivate()
	for name, v := range map[string]string{"crv": k.Curve(), "kid": k.KeyID(), "alg": k.Algorithm(), "use": k.Use(), "x5u": k.X509URL()} {
		if v != "" {
			r[name] = v
		}
	}
	if ops := k.KeyOps(); ops != nil {
		r["key_ops"] = ops
	}
	if tp, err := k.Thumbprint(crypto.SHA256); err == nil {
		r["thumbprint_sha256"] = base64.RawURLEncoding.EncodeToString(tp)
	}
	if pub, err := k.Public(); err == nil {
		if b, err := pub.MarshalJSON(); err == nil {
			var m map[string]any
			if json.Unmarshal(b, &m) == nil {
				r["public_jwk"] = m
			}
		}
	}
	if k.IsPrivate() && k.KeyType() != jwk.KeyTypeOct {
		r.warn("this is a private key: keep it secret; share only \"public_jwk\"")
	}
	if k.KeyType() == jwk.KeyTypeOct {
		r.warn("a secret key: keep it secret; it is not shown")
		want, ok := hmacMinBits[k.Algorithm()]
		if !ok && k.Algorithm() == "" {
			want = 256
		}
		if want > 0 && k.Size() < want {
			r.warn("HMAC key too short: %d bits, %s needs at least %d (RFC 7518, Section 3.2)", k.Size(), orAny(k.Algorithm(), "HS256"), want)
		}
	}
	if k.KeyType() == jwk.KeyTypeRSA && k.Size() < 2048 {
		r.warn("RSA key of %d bits: jose algorithms require at least 2048", k.Size())
	}
	if k.X509URL() != "" {
		r.warn("the key has \"x5u\": jose never fetches it")
	}
	if k.Algorithm() == "" {
		r.warn("the key has no \"alg\": commands using it need --alg")
	}
}

func orAny(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
