package jwatest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// ManifestName is the name of the checksum file CheckManifest reads.
const ManifestName = "MANIFEST.sha256"

// CheckManifest verifies dir/MANIFEST.sha256, a file in the format of
// sha256sum ("<64 hex digits>  <path relative to dir>" per line, paths with
// forward slashes): every listed file must exist with that SHA-256 hash,
// and every regular file under dir, except the manifest itself, must be
// listed. It fails the test on an empty manifest, a malformed or duplicate
// line, a path that leaves dir, and any file under dir that is not a
// regular file or directory (such as a symbolic link), so that a test
// cannot pass on vectors that were lost, edited or never copied.
//
// Make a manifest with:
//
//	(cd dir && find . -type f ! -name MANIFEST.sha256 -printf '%P\n' | LC_ALL=C sort | xargs sha256sum) > dir/MANIFEST.sha256
func CheckManifest(t testing.TB, dir string) {
	t.Helper()
	checkManifest(realTB{t}, dir)
}

func checkManifest(t tb, dir string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatalf("jwatest: %v", err)
	}
	listed := make(map[string]string) // path -> hex hash
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		sum, name, ok := strings.Cut(line, "  ")
		if !ok {
			sum, name, ok = strings.Cut(line, " *") // sha256sum --binary
		}
		if !ok || len(sum) != 2*sha256.Size || strings.ToLower(sum) != sum || name == "" {
			t.Errorf("%s:%d: malformed line %q", ManifestName, n, line)
			continue
		}
		if _, err := hex.DecodeString(sum); err != nil {
			t.Errorf("%s:%d: malformed hash %q", ManifestName, n, sum)
			continue
		}
		if !fs.ValidPath(name) || path.Clean(name) != name || name == ManifestName {
			t.Errorf("%s:%d: path %q must be a clean relative path inside %s, other than the manifest", ManifestName, n, name, dir)
			continue
		}
		if _, dup := listed[name]; dup {
			t.Errorf("%s:%d: %s is listed twice", ManifestName, n, name)
			continue
		}
		listed[name] = sum
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("jwatest: reading %s: %v", ManifestName, err)
	}
	if len(listed) == 0 {
		t.Fatalf("jwatest: %s lists no files", filepath.Join(dir, ManifestName))
	}

	for name, want := range listed {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%s is listed in the manifest but cannot be read: %v", name, err)
			continue
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s has SHA-256 %s, the manifest says %s: the file was changed", name, got, want)
		}
	}

	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			t.Errorf("%s is not a regular file; vectors must be plain copies", rel)
		case rel == ManifestName:
		case listed[rel] == "":
			t.Errorf("%s is not listed in %s", rel, ManifestName)
		}
		return nil
	})
	if err != nil {
		t.Errorf("jwatest: walking %s: %v", dir, err)
	}
}
