package jwatest

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// recorder is a tb that records failures instead of failing the test, so
// that the suites can be run against broken algorithms.
type recorder struct {
	name   string
	log    *failureLog
	parent *recorder
	mu     sync.Mutex
	failed bool
}

type failureLog struct {
	mu    sync.Mutex
	lines []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.log.mu.Lock()
	r.log.lines = append(r.log.lines, r.name+": "+fmt.Sprintf(format, args...))
	r.log.mu.Unlock()
	for p := r; p != nil; p = p.parent {
		p.mu.Lock()
		p.failed = true
		p.mu.Unlock()
	}
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Run(name string, f func(tb)) bool {
	child := &recorder{name: r.name + "/" + name, log: r.log, parent: r}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(child)
	}()
	<-done
	child.mu.Lock()
	defer child.mu.Unlock()
	return !child.failed
}

// record runs f with a recorder and returns the failures it reported, each
// prefixed with the subtest path ("/NewKeys: ...").
func record(f func(tb)) []string {
	root := &recorder{log: &failureLog{}}
	done := make(chan struct{})
	go func() { // on its own goroutine, so that Fatalf can end it
		defer close(done)
		f(root)
	}()
	<-done
	return root.log.lines
}

var sigKey = bytes.Repeat([]byte{0x42}, 32)

func sigCase(a *toySig) SignatureCase {
	return SignatureCase{
		Alg:       a,
		SignKey:   sigKey,
		VerifyKey: sigKey,
		OtherKey:  bytes.Repeat([]byte{0x43}, 32),
		WrongKeys: []any{"0123456789abcdef0123456789abcdef", 3.5},
		SmallKeys: []any{make([]byte, 31), []byte{}},
	}
}

var kwKey = bytes.Repeat([]byte{0x17}, 16)

func kwCase(a *toyKW) KeyManagementCase {
	return KeyManagementCase{
		Alg:                a,
		EncryptKey:         kwKey,
		DecryptKey:         kwKey,
		OtherDecryptKey:    bytes.Repeat([]byte{0x18}, 16),
		WrongKeys:          []any{"a string"},
		SmallKeys:          []any{make([]byte, 15)},
		Enc:                "A128GCM",
		CEKSize:            16,
		RandomCEKOnFailure: a.randomOnFailure,
	}
}

func dirCase(a *toyDir) KeyManagementCase {
	return KeyManagementCase{
		Alg:             a,
		EncryptKey:      kwKey,
		DecryptKey:      kwKey,
		OtherDecryptKey: bytes.Repeat([]byte{0x18}, 16),
		SmallKeys:       []any{make([]byte, 15)},
		Enc:             "A128GCM",
		CEKSize:         16,
		Direct:          true,
	}
}

func gcmCase(a *toyGCM) ContentEncryptionCase {
	return ContentEncryptionCase{Alg: a, IVSize: 12, TagSize: 16}
}

// The correct toy algorithms pass the suites under a real *testing.T.
func TestSuitesPassCorrectAlgorithms(t *testing.T) {
	t.Run("Signature", func(t *testing.T) { TestSignature(t, sigCase(&toySig{name: "T-HS256"})) })
	t.Run("KeyManagement", func(t *testing.T) { TestKeyManagement(t, kwCase(&toyKW{name: "T-GCMKW"})) })
	t.Run("KeyManagementRandomCEK", func(t *testing.T) {
		TestKeyManagement(t, kwCase(&toyKW{name: "T-RSA1_5", randomOnFailure: true}))
	})
	t.Run("Direct", func(t *testing.T) { TestKeyManagement(t, dirCase(&toyDir{})) })
	t.Run("ContentEncryption", func(t *testing.T) { TestContentEncryption(t, gcmCase(&toyGCM{})) })
}

// The recorder itself reports no failure for correct algorithms, so the
// broken-algorithm tests below compare like with like.
func TestRecorderPassesCorrectAlgorithms(t *testing.T) {
	for name, f := range map[string]func(tb){
		"Signature":         func(t tb) { testSignature(t, sigCase(&toySig{name: "T-HS256"})) },
		"KeyManagement":     func(t tb) { testKeyManagement(t, kwCase(&toyKW{name: "T-GCMKW"})) },
		"Direct":            func(t tb) { testKeyManagement(t, dirCase(&toyDir{})) },
		"ContentEncryption": func(t tb) { testContentEncryption(t, gcmCase(&toyGCM{})) },
	} {
		if fails := record(f); len(fails) != 0 {
			t.Errorf("%s: a correct algorithm failed the suite:\n%s", name, strings.Join(fails, "\n"))
		}
	}
}

// Each broken algorithm fails the suite, in the subtest named for the rule
// it breaks.
func TestSuitesCatchBrokenAlgorithms(t *testing.T) {
	tests := []struct {
		name    string
		run     func(tb)
		subtest string // a failure must be reported under this subtest
	}{
		{"sig/name none", func(t tb) { testSignature(t, sigCase(&toySig{name: "none"})) }, "/Name"},
		{"sig/name with space", func(t tb) { testSignature(t, sigCase(&toySig{name: "HS 256"})) }, "/Name"},
		{"sig/name empty", func(t tb) { testSignature(t, sigCase(&toySig{})) }, "/Name"},
		{"sig/wrong Algorithm()", func(t tb) { testSignature(t, sigCase(&toySig{name: "T", wrongAlgName: true})) }, "/NewKeys"},
		{"sig/accepts string key", func(t tb) { testSignature(t, sigCase(&toySig{name: "T", acceptString: true})) }, "/WrongKeyType"},
		{"sig/no size check", func(t tb) { testSignature(t, sigCase(&toySig{name: "T", noSizeCheck: true})) }, "/SmallKey"},
		{"sig/panics on nil key", func(t tb) { testSignature(t, sigCase(&toySig{name: "T", panicOnNil: true})) }, "/NilKey"},
		{"sig/accepts truncated MAC", func(t tb) { testSignature(t, sigCase(&toySig{name: "T", acceptPrefix: true})) }, "/MalformedSignature"},
		{"sig/ignores last byte", func(t tb) { testSignature(t, sigCase(&toySig{name: "T", ignoreLastByte: true})) }, "/SignatureBitFlip"},
		{"sig/unwrapped error", func(t tb) { testSignature(t, sigCase(&toySig{name: "T", rawError: true})) }, "/SignatureBitFlip"},
		{"sig/panics on empty signature", func(t tb) { testSignature(t, sigCase(&toySig{name: "T", panicOnEmpty: true})) }, "/MalformedSignature"},
		{"sig/retains key", func(t tb) { testSignature(t, sigCase(&toySig{name: "T", retainKey: true})) }, "/NotRetained"},
		{"sig/modifies input", func(t tb) { testSignature(t, sigCase(&toySig{name: "T", mutateInput: true})) }, "/NotRetained"},
		{"sig/other key verifies", func(t tb) {
			c := sigCase(&toySig{name: "T"})
			c.OtherKey = bytes.Clone(sigKey) // the suite cannot tell: the case is wrong
			testSignature(t, c)
		}, "/OtherKey"},
		{"sig/nil Alg", func(t tb) { testSignature(t, SignatureCase{}) }, ""},

		{"kw/unauthenticated", func(t tb) { testKeyManagement(t, kwCase(&toyKW{name: "T", unauthenticated: true})) }, "/EncryptedKeyBitFlip"},
		{"kw/fixed CEK", func(t tb) { testKeyManagement(t, kwCase(&toyKW{name: "T", fixedCEK: true})) }, "/FreshCEK"},
		{"kw/ignores Params.CEK", func(t tb) { testKeyManagement(t, kwCase(&toyKW{name: "T", ignoreGivenCEK: true})) }, "/GivenCEK"},
		{"kw/ignores cekSize", func(t tb) {
			testKeyManagement(t, kwCase(&toyKW{name: "T", ignoreCEKSize: true}))
		}, "/WrongCEKSize"},
		{"kw/opens in place", func(t tb) { testKeyManagement(t, kwCase(&toyKW{name: "T", openInPlace: true})) }, "/NotRetained"},
		{"kw/retains key", func(t tb) { testKeyManagement(t, kwCase(&toyKW{name: "T", retainKey: true})) }, "/NotRetained"},
		{"kw/random CEK declared but errors expected", func(t tb) {
			c := kwCase(&toyKW{name: "T", randomOnFailure: true})
			c.RandomCEKOnFailure = false
			testKeyManagement(t, c)
		}, "/EncryptedKeyBitFlip"},
		{"dir/accepts encrypted key", func(t tb) { testKeyManagement(t, dirCase(&toyDir{acceptEncryptedKey: true})) }, "/MalformedEncryptedKey"},
		{"dir/aliases key", func(t tb) { testKeyManagement(t, dirCase(&toyDir{aliasKey: true})) }, "/NotRetained"},
		{"kw/missing Enc", func(t tb) {
			c := kwCase(&toyKW{name: "T"})
			c.Enc = ""
			testKeyManagement(t, c)
		}, ""},

		{"gcm/any AES key", func(t tb) { testContentEncryption(t, gcmCase(&toyGCM{anyAESKey: true})) }, "/KeySize"},
		{"gcm/unwrapped Open error", func(t tb) { testContentEncryption(t, gcmCase(&toyGCM{rawOpenError: true})) }, "/CiphertextBitFlip"},
		{"gcm/unauthenticated", func(t tb) { testContentEncryption(t, gcmCase(&toyGCM{unauthenticated: true})) }, "/CiphertextBitFlip"},
		{"gcm/unauthenticated AAD", func(t tb) { testContentEncryption(t, gcmCase(&toyGCM{unauthenticated: true})) }, "/AADBitFlip"},
		{"gcm/retains CEK", func(t tb) { testContentEncryption(t, gcmCase(&toyGCM{retainCEK: true})) }, "/NotRetained"},
		{"gcm/plaintext with error", func(t tb) { testContentEncryption(t, gcmCase(&toyGCM{plaintextOnFail: true})) }, "/CiphertextBitFlip"},
		{"gcm/wrong tag size declared", func(t tb) {
			c := gcmCase(&toyGCM{})
			c.TagSize = 12
			testContentEncryption(t, c)
		}, "/NewAEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fails := record(tt.run)
			if len(fails) == 0 {
				t.Fatalf("the suite passed a broken algorithm")
			}
			for _, f := range fails {
				if strings.HasPrefix(f, "/"+strings.TrimPrefix(tt.subtest, "/")) || tt.subtest == "" {
					return
				}
			}
			t.Errorf("no failure under %q; got:\n%s", tt.subtest, strings.Join(fails, "\n"))
		})
	}
}

// writeTree writes files (path -> content) under a new temporary directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCheckManifest(t *testing.T) {
	// sha256("a\n") and sha256("b\n"), as sha256sum prints them.
	const (
		hashA = "87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7"
		hashB = "0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f"
	)
	good := "" + hashA + "  a.json\n" + hashB + "  sub/b.json\n"
	tests := []struct {
		name  string
		files map[string]string
		ok    bool
	}{
		{"good", map[string]string{"a.json": "a\n", "sub/b.json": "b\n", ManifestName: good}, true},
		{"binary marker", map[string]string{"a.json": "a\n", ManifestName: hashA + " *a.json\n"}, true},
		{"changed file", map[string]string{"a.json": "A\n", "sub/b.json": "b\n", ManifestName: good}, false},
		{"missing file", map[string]string{"a.json": "a\n", ManifestName: good}, false},
		{"unlisted file", map[string]string{"a.json": "a\n", "sub/b.json": "b\n", "c.json": "c", ManifestName: good}, false},
		{"empty manifest", map[string]string{ManifestName: ""}, false},
		{"no manifest", map[string]string{"a.json": "a\n"}, false},
		{"malformed line", map[string]string{"a.json": "a\n", ManifestName: hashA + " a.json\n"}, false},
		{"upper-case hash", map[string]string{"a.json": "a\n", ManifestName: strings.ToUpper(hashA) + "  a.json\n"}, false},
		{"non-hex hash", map[string]string{"a.json": "a\n", ManifestName: strings.Repeat("g", 64) + "  a.json\n"}, false},
		{"path outside", map[string]string{"a.json": "a\n", ManifestName: hashA + "  a.json\n" + hashA + "  ../a.json\n"}, false},
		{"unclean path", map[string]string{"a.json": "a\n", ManifestName: hashA + "  ./a.json\n"}, false},
		{"duplicate", map[string]string{"a.json": "a\n", ManifestName: hashA + "  a.json\n" + hashA + "  a.json\n"}, false},
		{"lists itself", map[string]string{"a.json": "a\n", ManifestName: hashA + "  a.json\n" + hashA + "  " + ManifestName + "\n"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeTree(t, tt.files)
			fails := record(func(t tb) { checkManifest(t, dir) })
			if tt.ok && len(fails) != 0 {
				t.Errorf("CheckManifest failed a good manifest:\n%s", strings.Join(fails, "\n"))
			}
			if !tt.ok && len(fails) == 0 {
				t.Errorf("CheckManifest passed a bad manifest")
			}
		})
	}

	t.Run("symlink", func(t *testing.T) {
		dir := writeTree(t, map[string]string{"a.json": "a\n", ManifestName: hashA + "  a.json\n"})
		if err := os.Symlink("a.json", filepath.Join(dir, "link.json")); err != nil {
			t.Skipf("cannot make a symbolic link here: %v", err)
		}
		if fails := record(func(t tb) { checkManifest(t, dir) }); len(fails) == 0 {
			t.Errorf("CheckManifest passed a directory with a symbolic link")
		}
	})

	t.Run("real testing.TB", func(t *testing.T) {
		dir := writeTree(t, map[string]string{"a.json": "a\n", "sub/b.json": "b\n", ManifestName: good})
		CheckManifest(t, dir)
	})
}

func TestHelpers(t *testing.T) {
	b := make([]byte, 40)
	rand.Read(b)
	for i := range 8 * len(b) {
		f := flipBit(b, i)
		diff := 0
		for j := range b {
			for x := f[j] ^ b[j]; x != 0; x &= x - 1 {
				diff++
			}
		}
		if diff != 1 {
			t.Fatalf("flipBit(%d) changed %d bits", i, diff)
		}
	}
	if got := len(bitsToFlip(40, 128)); got != 320 {
		t.Errorf("bitsToFlip(40, 128) has %d positions, want every bit (320)", got)
	}
	got := bitsToFlip(512, 128)
	seen := make(map[int]bool)
	for _, i := range got {
		seen[i/8] = true
	}
	if len(seen) != 512 || len(got) != 8*8+(512-8) {
		t.Errorf("bitsToFlip(512, 128) covers %d bytes with %d positions", len(seen), len(got))
	}
}
