package main

import (
	"bytes"
	"encoding/base64"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"-sub", "bob"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || lines[1] != "verified: sub=bob" {
		t.Fatalf("output %q", out.String())
	}
	parts := strings.Split(lines[0], ".")
	if len(parts) != 3 {
		t.Fatalf("token %q is not compact", lines[0])
	}
	header, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil || !strings.Contains(string(header), `"alg":"https://example.com/jose/alg#HS3-256"`) {
		t.Errorf("header %s, %v", header, err)
	}
}

func TestRunErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-key", "zz"}, 2, "hs3demo: -key: "},
		{[]string{"-key", "0011"}, 1, "hs3demo: hs3: key is 2 bytes, want at least 32"},
		{[]string{"-nope"}, 2, "flag provided but not defined"},
	} {
		var out, errOut bytes.Buffer
		code := run(tc.args, &out, &errOut)
		if code != tc.code || !strings.Contains(errOut.String(), tc.want) || out.Len() != 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit %d and %q", tc.args, code, out.String(), errOut.String(), tc.code, tc.want)
		}
	}
}

// The program builds and runs as a binary.
func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := filepath.Join(t.TempDir(), "hs3demo")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	if out, err := exec.Command(gocmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	key := strings.Repeat("ab", 32)
	out, err := exec.Command(bin, "-key", key, "-sub", "carol").Output()
	if err != nil {
		t.Fatalf("hs3demo: %v", err)
	}
	if !strings.HasSuffix(string(out), "verified: sub=carol\n") {
		t.Errorf("output %q", out)
	}
	if err := exec.Command(bin, "-key", "ab").Run(); err == nil {
		t.Errorf("a 1-byte key succeeded")
	}
}
