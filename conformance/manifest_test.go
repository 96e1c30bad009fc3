package conformance

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"strings"
	"testing"
)

// TestManifest checks that the embedded vectors are exactly the files
// listed in MANIFEST.sha256, with the listed contents.
func TestManifest(t *testing.T) {
	fsys := Vectors()
	manifest, err := fs.ReadFile(fsys, "MANIFEST.sha256")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(manifest))
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("bad manifest line %q", sc.Text())
		}
		listed[name] = sum
	}
	if len(listed) == 0 {
		t.Fatal("empty manifest")
	}
	seen := 0
	err = fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path == "MANIFEST.sha256" {
			return err
		}
		seen++
		want, ok := listed[path]
		if !ok {
			t.Errorf("%s is not in the manifest", path)
			return nil
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != want {
			t.Errorf("%s: sha256 %x, manifest says %s", path, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != len(listed) {
		t.Errorf("manifest lists %d files, %d embedded", len(listed), seen)
	}
}
