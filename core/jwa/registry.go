package jwa

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// RegisterSignature makes a signature algorithm available under a.Name().
// Call it only from the init function of an algorithm package.
//
// RegisterSignature panics if a is nil; if its name is empty, longer than
// 128 bytes, contains anything but printable ASCII without spaces, or is
// "none" in any case; if the name is already registered; or if any lookup
// has already happened. Two packages claiming one name is a build mistake
// to fix, not something to settle at run time.
func RegisterSignature(a SignatureAlgorithm) { signatures.register(a) }

// RegisterKeyManagement makes a key management algorithm available under
// a.Name(), with the rules and panics of [RegisterSignature].
func RegisterKeyManagement(a KeyManagementAlgorithm) { keyManagement.register(a) }

// RegisterContentEncryption makes a content encryption algorithm available
// under a.Name(), with the rules and panics of [RegisterSignature].
func RegisterContentEncryption(a ContentEncryptionAlgorithm) { contentEncryption.register(a) }

// LookupSignature returns the signature algorithm registered under name.
func LookupSignature(name string) (SignatureAlgorithm, bool) { return signatures.lookup(name) }

// LookupKeyManagement returns the key management algorithm registered
// under name.
func LookupKeyManagement(name string) (KeyManagementAlgorithm, bool) {
	return keyManagement.lookup(name)
}

// LookupContentEncryption returns the content encryption algorithm
// registered under name.
func LookupContentEncryption(name string) (ContentEncryptionAlgorithm, bool) {
	return contentEncryption.lookup(name)
}

// Signature is [LookupSignature] with an error for a miss: an
// *[UnknownAlgorithmError] that names the module to import when the name
// belongs to one of this project's algorithm modules.
func Signature(name string) (SignatureAlgorithm, error) { return signatures.get(name) }

// KeyManagement is [LookupKeyManagement] with an error for a miss, as for
// [Signature].
func KeyManagement(name string) (KeyManagementAlgorithm, error) { return keyManagement.get(name) }

// ContentEncryption is [LookupContentEncryption] with an error for a miss,
// as for [Signature].
func ContentEncryption(name string) (ContentEncryptionAlgorithm, error) {
	return contentEncryption.get(name)
}

// SignatureNames returns the names of the registered signature algorithms,
// sorted.
func SignatureNames() []string { return signatures.names() }

// KeyManagementNames returns the names of the registered key management
// algorithms, sorted.
func KeyManagementNames() []string { return keyManagement.names() }

// ContentEncryptionNames returns the names of the registered content
// encryption algorithms, sorted.
func ContentEncryptionNames() []string { return contentEncryption.names() }

var (
	signatures        = &registry[SignatureAlgorithm]{kind: "Signature", desc: "signature"}
	keyManagement     = &registry[KeyManagementAlgorithm]{kind: "KeyManagement", desc: "key management"}
	contentEncryption = &registry[ContentEncryptionAlgorithm]{kind: "ContentEncryption", desc: "content encryption"}
)

type named interface{ Name() string }

type registry[A named] struct {
	kind string // for panic messages: "Register" + kind
	desc string // for errors
	mu   sync.Mutex
	m    atomic.Pointer[map[string]A]

	// sealed is set by the first lookup; registration after it panics, so
	// that the set of algorithms cannot change while in use.
	sealed atomic.Bool
}

func (r *registry[A]) register(a A) {
	if v := reflect.ValueOf(a); !v.IsValid() || (v.Kind() == reflect.Pointer && v.IsNil()) {
		panic("jwa: Register" + r.kind + " called with a nil algorithm")
	}
	name := a.Name()
	if !validName(name) {
		panic(fmt.Sprintf("jwa: Register%s: invalid algorithm name %q", r.kind, name))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sealed.Load() {
		panic("jwa: Register" + r.kind + " called after first use; register from init")
	}
	old := r.m.Load()
	if old != nil {
		if _, dup := (*old)[name]; dup {
			panic("jwa: Register" + r.kind + " called twice for " + name)
		}
	}
	next := make(map[string]A)
	if old != nil {
		maps.Copy(next, *old)
	}
	next[name] = a
	r.m.Store(&next) // readers load the pointer; nothing they see is ever mutated
}

func (r *registry[A]) lookup(name string) (A, bool) {
	if !r.sealed.Load() {
		r.sealed.Store(true)
	}
	var zero A
	m := r.m.Load()
	if m == nil {
		return zero, false
	}
	a, ok := (*m)[name]
	return a, ok
}

func (r *registry[A]) get(name string) (A, error) {
	a, ok := r.lookup(name)
	if !ok {
		return a, &UnknownAlgorithmError{Kind: r.desc, Name: name, Module: ModuleFor(name)}
	}
	return a, nil
}

func (r *registry[A]) names() []string {
	r.sealed.Store(true)
	m := r.m.Load()
	if m == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(*m))
}

// validName reports whether name may be registered: 1 to 128 bytes of
// printable ASCII without spaces, and not "none" in any case.
func validName(name string) bool {
	if name == "" || len(name) > 128 || isNone(name) {
		return false
	}
	for i := 0; i < len(name); i++ {
		if name[i] <= ' ' || name[i] > '~' {
			return false
		}
	}
	return true
}

func isNone(name string) bool { return strings.EqualFold(strings.TrimSpace(name), "none") }

const modulePrefix = "github.com/joseframework/jose/algs/"

// modules maps the algorithm names of this project's modules to the module
// that registers them, for the hint in UnknownAlgorithmError.
var modules = map[string]string{
	"HS256": "hmac", "HS384": "hmac", "HS512": "hmac",
	"RS256": "rsa", "RS384": "rsa", "RS512": "rsa",
	"PS256": "rsa", "PS384": "rsa", "PS512": "rsa",
	"RSA-OAEP": "rsa", "RSA-OAEP-256": "rsa", "RSA-OAEP-384": "rsa", "RSA-OAEP-512": "rsa",
	"RSA1_5": "rsa/rsa15",
	"ES256":  "ecdsa", "ES384": "ecdsa", "ES512": "ecdsa",
	"EdDSA": "eddsa", "Ed25519": "eddsa",
	"A128KW": "aeskw", "A192KW": "aeskw", "A256KW": "aeskw",
	"A128GCM": "aesgcm", "A192GCM": "aesgcm", "A256GCM": "aesgcm",
	"A128GCMKW": "aesgcm", "A192GCMKW": "aesgcm", "A256GCMKW": "aesgcm",
	"A128CBC-HS256": "aescbc", "A192CBC-HS384": "aescbc", "A256CBC-HS512": "aescbc",
	"ECDH-ES": "ecdh", "ECDH-ES+A128KW": "ecdh", "ECDH-ES+A192KW": "ecdh", "ECDH-ES+A256KW": "ecdh",
	"PBES2-HS256+A128KW": "pbes2", "PBES2-HS384+A192KW": "pbes2", "PBES2-HS512+A256KW": "pbes2",
	"C20P": "chacha20", "XC20P": "chacha20",
}

// ModuleFor returns the import path of this project's module that
// registers the algorithm name, or "" if no module of this project does.
// ("dir" is built into package jwe and has no module.)
func ModuleFor(name string) string {
	if m, ok := modules[name]; ok {
		return modulePrefix + m
	}
	return ""
}
