package jwa

import (
	"crypto/cipher"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

// fakeSig, fakeKM and fakeCE are algorithms that only have a name; the
// registry never calls anything else.
type fakeSig struct{ name string }

func (a fakeSig) Name() string                    { return a.name }
func (fakeSig) NewSigner(any) (Signer, error)     { return nil, ErrKeyType }
func (fakeSig) NewVerifier(any) (Verifier, error) { return nil, ErrKeyType }

type fakeKM struct{ name string }

func (a fakeKM) Name() string                         { return a.name }
func (fakeKM) NewEncrypter(any) (KeyEncrypter, error) { return nil, ErrKeyType }
func (fakeKM) NewDecrypter(any) (KeyDecrypter, error) { return nil, ErrKeyType }

type fakeCE struct{ name string }

func (a fakeCE) Name() string                      { return a.name }
func (fakeCE) KeySize() int                        { return 16 }
func (fakeCE) NewAEAD([]byte) (cipher.AEAD, error) { return nil, ErrKeySize }

var (
	_ SignatureAlgorithm         = fakeSig{}
	_ KeyManagementAlgorithm     = fakeKM{}
	_ ContentEncryptionAlgorithm = fakeCE{}
)

func newSigRegistry() *registry[SignatureAlgorithm] {
	return &registry[SignatureAlgorithm]{kind: "Signature", desc: "signature"}
}

// mustPanic runs f and fails unless it panics with a message that starts
// with "jwa: " and contains want.
func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("no panic, want one mentioning %q", want)
			return
		}
		msg := fmt.Sprint(r)
		if !strings.HasPrefix(msg, "jwa: ") || !strings.Contains(msg, want) {
			t.Errorf("panic %q, want a \"jwa: \" message mentioning %q", msg, want)
		}
	}()
	f()
}

func TestRegisterNil(t *testing.T) {
	mustPanic(t, "nil algorithm", func() { newSigRegistry().register(nil) })
	km := &registry[KeyManagementAlgorithm]{kind: "KeyManagement", desc: "key management"}
	mustPanic(t, "RegisterKeyManagement called with a nil", func() { km.register(nil) })
	ce := &registry[ContentEncryptionAlgorithm]{kind: "ContentEncryption", desc: "content encryption"}
	mustPanic(t, "RegisterContentEncryption called with a nil", func() { ce.register(nil) })
	// A nil pointer in a non-nil interface is still no algorithm.
	mustPanic(t, "nil algorithm", func() { newSigRegistry().register((*ptrSig)(nil)) })
}

// ptrSig is an algorithm with pointer methods, for the typed-nil case.
type ptrSig struct{ name string }

func (a *ptrSig) Name() string                    { return a.name }
func (*ptrSig) NewSigner(any) (Signer, error)     { return nil, ErrKeyType }
func (*ptrSig) NewVerifier(any) (Verifier, error) { return nil, ErrKeyType }

func TestRegisterInvalidName(t *testing.T) {
	bad := []string{
		"", " ", "HS 256", " HS256", "HS256 ", "HS256\n", "HS256\t", "\x00", "a\x00b", "\x7f", "A\x1f",
		"é", "HS256\u00a0", "\xff", "Σ",
		strings.Repeat("A", 129), strings.Repeat("A", 1000),
		"none", "NONE", "None", "nOnE", " none", "none\n",
	}
	for _, name := range bad {
		t.Run(fmt.Sprintf("%q", name), func(t *testing.T) {
			r := newSigRegistry()
			mustPanic(t, "invalid algorithm name", func() { r.register(fakeSig{name}) })
			if _, ok := r.lookup(name); ok {
				t.Errorf("the invalid name was registered")
			}
		})
	}
}

func TestRegisterValidName(t *testing.T) {
	good := []string{"A", "!", "~", "HS256", "ECDH-ES+A128KW", "RSA1_5", "urn:example:alg", strings.Repeat("A", 128), "nonE1", "no-ne"}
	r := newSigRegistry()
	for _, name := range good {
		r.register(fakeSig{name})
	}
	for _, name := range good {
		if a, ok := r.lookup(name); !ok || a.Name() != name {
			t.Errorf("lookup(%q) = %v, %v", name, a, ok)
		}
	}
}

func TestRegisterDuplicate(t *testing.T) {
	r := newSigRegistry()
	r.register(fakeSig{"HS256"})
	mustPanic(t, "called twice for HS256", func() { r.register(fakeSig{"HS256"}) })
	r.register(fakeSig{"hs256"}) // names are case-sensitive (RFC 7515, Section 4.1.1)
	if got := r.names(); !slices.Equal(got, []string{"HS256", "hs256"}) {
		t.Errorf("names() = %q", got)
	}
}

func TestRegisterAfterUse(t *testing.T) {
	uses := map[string]func(r *registry[SignatureAlgorithm]){
		"lookup hit":  func(r *registry[SignatureAlgorithm]) { r.lookup("A") },
		"lookup miss": func(r *registry[SignatureAlgorithm]) { r.lookup("missing") },
		"get":         func(r *registry[SignatureAlgorithm]) { _, _ = r.get("missing") },
		"names":       func(r *registry[SignatureAlgorithm]) { r.names() },
	}
	for name, use := range uses {
		t.Run(name, func(t *testing.T) {
			r := newSigRegistry()
			r.register(fakeSig{"A"})
			use(r)
			mustPanic(t, "after first use", func() { r.register(fakeSig{"B"}) })
			if _, ok := r.lookup("B"); ok {
				t.Errorf("a registration after first use took effect")
			}
		})
	}
	t.Run("empty registry", func(t *testing.T) {
		r := newSigRegistry()
		r.lookup("A")
		mustPanic(t, "after first use", func() { r.register(fakeSig{"A"}) })
	})
}

// The process-wide registries are sealed by the first lookup too.
func TestGlobalRegistriesSealed(t *testing.T) {
	LookupSignature("HS256")
	LookupKeyManagement("A128KW")
	LookupContentEncryption("A128GCM")
	mustPanic(t, "RegisterSignature called after first use", func() { RegisterSignature(fakeSig{"T-late"}) })
	mustPanic(t, "RegisterKeyManagement called after first use", func() { RegisterKeyManagement(fakeKM{"T-late"}) })
	mustPanic(t, "RegisterContentEncryption called after first use", func() { RegisterContentEncryption(fakeCE{"T-late"}) })
	mustPanic(t, "nil algorithm", func() { RegisterSignature(nil) })
}

func TestLookup(t *testing.T) {
	r := newSigRegistry()
	a := fakeSig{"ES256"}
	r.register(a)
	if got, ok := r.lookup("ES256"); !ok || got != a {
		t.Errorf("lookup(ES256) = %v, %v; want %v, true", got, ok, a)
	}
	for _, name := range []string{"es256", "ES256 ", "", "ES", "none"} {
		if got, ok := r.lookup(name); ok || got != nil {
			t.Errorf("lookup(%q) = %v, %v; want nil, false", name, got, ok)
		}
	}
	if got, err := r.get("ES256"); err != nil || got != a {
		t.Errorf("get(ES256) = %v, %v", got, err)
	}
}

func TestUnknownAlgorithmError(t *testing.T) {
	tests := []struct {
		reg     func(string) error
		name    string
		kind    string
		module  string
		message string
	}{
		{sigGet, "HS256", "signature", "github.com/joseframework/jose/algs/hmac",
			`jwa: unknown signature algorithm "HS256" (import _ "github.com/joseframework/jose/algs/hmac" to register it)`},
		{sigGet, "RSA1_5", "signature", "github.com/joseframework/jose/algs/rsa/rsa15", ""},
		{kmGet, "ECDH-ES+A256KW", "key management", "github.com/joseframework/jose/algs/ecdh", ""},
		{kmGet, "PBES2-HS512+A256KW", "key management", "github.com/joseframework/jose/algs/pbes2", ""},
		{ceGet, "A256CBC-HS512", "content encryption", "github.com/joseframework/jose/algs/aescbc", ""},
		{ceGet, "XC20P", "content encryption", "github.com/joseframework/jose/algs/chacha20", ""},
		{sigGet, "HS1", "signature", "", `jwa: unknown signature algorithm "HS1"`},
		{kmGet, "dir", "key management", "", `jwa: unknown key management algorithm "dir"`},
		{sigGet, "hs256", "signature", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.reg(tt.name)
			if !errors.Is(err, ErrUnknownAlgorithm) {
				t.Fatalf("error %v does not wrap ErrUnknownAlgorithm", err)
			}
			var ue *UnknownAlgorithmError
			if !errors.As(err, &ue) {
				t.Fatalf("error %T is not an *UnknownAlgorithmError", err)
			}
			if ue.Name != tt.name || ue.Kind != tt.kind || ue.Module != tt.module {
				t.Errorf("error = %+v, want Name %q, Kind %q, Module %q", *ue, tt.name, tt.kind, tt.module)
			}
			if tt.message != "" && err.Error() != tt.message {
				t.Errorf("Error() = %q\nwant      %q", err.Error(), tt.message)
			}
			if tt.module != "" && !strings.Contains(err.Error(), tt.module) {
				t.Errorf("Error() = %q does not name the module", err.Error())
			}
		})
	}
}

func sigGet(name string) error { _, err := newSigRegistry().get(name); return err }
func kmGet(name string) error {
	_, err := (&registry[KeyManagementAlgorithm]{kind: "KeyManagement", desc: "key management"}).get(name)
	return err
}
func ceGet(name string) error {
	_, err := (&registry[ContentEncryptionAlgorithm]{kind: "ContentEncryption", desc: "content encryption"}).get(name)
	return err
}

func TestUnknownAlgorithmErrorNone(t *testing.T) {
	for _, name := range []string{"none", "NONE", "None", " none "} {
		for _, get := range []func(string) error{sigGet, kmGet, ceGet} {
			err := get(name)
			if !errors.Is(err, ErrUnknownAlgorithm) {
				t.Fatalf("get(%q) = %v, want ErrUnknownAlgorithm", name, err)
			}
			if msg := err.Error(); !strings.Contains(msg, `"none" is not an algorithm`) || !strings.Contains(msg, "unsecured") {
				t.Errorf("get(%q) error = %q, want the special message for none", name, msg)
			}
		}
	}
}

// The global accessors report misses the same way. Package jwa's tests
// never import an algorithm module, so HS256 is unknown here.
func TestGlobalAccessorsMiss(t *testing.T) {
	if _, err := Signature("HS256"); !errors.Is(err, ErrUnknownAlgorithm) || !strings.Contains(err.Error(), "algs/hmac") {
		t.Errorf("Signature(HS256) = %v", err)
	}
	if _, err := KeyManagement("RSA-OAEP"); !errors.Is(err, ErrUnknownAlgorithm) || !strings.Contains(err.Error(), "algs/rsa") {
		t.Errorf("KeyManagement(RSA-OAEP) = %v", err)
	}
	if _, err := ContentEncryption("A128GCM"); !errors.Is(err, ErrUnknownAlgorithm) || !strings.Contains(err.Error(), "algs/aesgcm") {
		t.Errorf("ContentEncryption(A128GCM) = %v", err)
	}
	if a, ok := LookupSignature("HS256"); ok || a != nil {
		t.Errorf("LookupSignature(HS256) = %v, %v", a, ok)
	}
	// The example's X-XOR is registered from an init function of this
	// test binary.
	if a, err := Signature("X-XOR"); err != nil || a.Name() != "X-XOR" {
		t.Errorf("Signature(X-XOR) = %v, %v", a, err)
	}
	if got := SignatureNames(); !slices.Contains(got, "X-XOR") {
		t.Errorf("SignatureNames() = %q, want X-XOR in it", got)
	}
	if got := KeyManagementNames(); len(got) != 0 {
		t.Errorf("KeyManagementNames() = %q, want none", got)
	}
	if got := ContentEncryptionNames(); len(got) != 0 {
		t.Errorf("ContentEncryptionNames() = %q, want none", got)
	}
}

func TestModuleFor(t *testing.T) {
	const p = "github.com/joseframework/jose/algs/"
	want := map[string]string{
		"HS256": p + "hmac", "HS384": p + "hmac", "HS512": p + "hmac",
		"RS256": p + "rsa", "PS512": p + "rsa", "RSA-OAEP": p + "rsa", "RSA-OAEP-256": p + "rsa",
		"RSA1_5": p + "rsa/rsa15",
		"ES256":  p + "ecdsa", "ES512": p + "ecdsa",
		"EdDSA": p + "eddsa", "Ed25519": p + "eddsa",
		"A128KW": p + "aeskw", "A256KW": p + "aeskw",
		"A128GCM": p + "aesgcm", "A256GCMKW": p + "aesgcm",
		"A128CBC-HS256": p + "aescbc",
		"ECDH-ES":       p + "ecdh", "ECDH-ES+A128KW": p + "ecdh",
		"PBES2-HS256+A128KW": p + "pbes2",
		"C20P":               p + "chacha20", "XC20P": p + "chacha20",
		"dir": "", "none": "", "": "", "hs256": "", "ES256K": "",
	}
	for name, w := range want {
		if got := ModuleFor(name); got != w {
			t.Errorf("ModuleFor(%q) = %q, want %q", name, got, w)
		}
	}
	// Every mapped name is itself registrable.
	for name := range modules {
		if !validName(name) {
			t.Errorf("modules lists %q, which is not a valid name", name)
		}
	}
}

func TestNamesSorted(t *testing.T) {
	r := newSigRegistry()
	in := []string{"RS256", "ES256", "HS512", "HS256", "EdDSA", "A", "a", "PS256"}
	for _, n := range in {
		r.register(fakeSig{n})
	}
	got := r.names()
	want := slices.Clone(in)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("names() = %q, want %q", got, want)
	}
	got[0] = "mutated"
	if again := r.names(); !slices.Equal(again, want) {
		t.Errorf("names() after the caller changed an earlier result = %q", again)
	}
	if n := newSigRegistry().names(); len(n) != 0 {
		t.Errorf("names() of an empty registry = %q", n)
	}
}

// Lookups from many goroutines at once, with no writes: meaningful under
// -race.
func TestConcurrentLookups(t *testing.T) {
	r := newSigRegistry()
	for i := range 20 {
		r.register(fakeSig{fmt.Sprintf("ALG%02d", i)})
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				name := fmt.Sprintf("ALG%02d", (g+i)%25)
				a, ok := r.lookup(name)
				if ok != ((g+i)%25 < 20) || (ok && a.Name() != name) {
					t.Errorf("lookup(%q) = %v, %v", name, a, ok)
				}
				if _, err := r.get(name); (err == nil) != ok {
					t.Errorf("get(%q) = %v, lookup ok %v", name, err, ok)
				}
				if n := r.names(); len(n) != 20 {
					t.Errorf("names() has %d entries", len(n))
				}
				LookupSignature("X-XOR")
				LookupKeyManagement("A128KW")
				_, _ = ContentEncryption("A128GCM")
			}
		})
	}
	wg.Wait()
}

// The sentinels say which package they come from, and the vague ones stay
// vague.
func TestSentinels(t *testing.T) {
	all := []error{ErrVerification, ErrDecryption, ErrKeyType, ErrKeySize, ErrUnknownAlgorithm, ErrInvalidParameter, ErrLimit}
	for i, err := range all {
		if !strings.HasPrefix(err.Error(), "jwa: ") {
			t.Errorf("%q lacks the package prefix", err)
		}
		for j, other := range all {
			if i != j && errors.Is(err, other) {
				t.Errorf("%q wraps %q", err, other)
			}
		}
	}
	if ErrVerification.Error() != "jwa: verification failed" || ErrDecryption.Error() != "jwa: decryption failed" {
		t.Errorf("the verification and decryption errors must say nothing more")
	}
}
