package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/joseframework/jose/core/jwa/jwatest"
)

// TestExamplesScript runs every "example WANT ARGS..." line of
// docs/examples/run.sh through run(), from this module's directory, and
// compares the transcript with docs/examples/run.out, which is what the
// script prints. It keeps the README's first command and the output it
// promises from breaking silently. "go test -update" rewrites run.out.
func TestExamplesScript(t *testing.T) {
	script := docsDir + "/run.sh"
	skipWithoutDocs(t, script)
	f, err := os.Open(script)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var transcript bytes.Buffer
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "example ")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		want, err := strconv.Atoi(fields[0])
		if err != nil || len(fields) < 2 {
			t.Fatalf("bad example line %q", sc.Text())
		}
		args := fields[1:]
		local := make([]string, len(args))
		for i, a := range args {
			if strings.ContainsAny(a, `"'$\`) {
				t.Fatalf("example %q: quoting is not supported by this test", sc.Text())
			}
			if p, ok := strings.CutPrefix(a, "docs/examples/"); ok {
				a = docsDir + "/" + p
			}
			local[i] = a
		}
		var stdout, stderr bytes.Buffer
		code := run(local, strings.NewReader(""), &stdout, &stderr)
		if code != want {
			t.Errorf("jose %s: exit %d, want %d: %s", strings.Join(args, " "), code, want, stderr.String())
		}
		// As the script prints it: $(...) drops the trailing newlines.
		out := strings.TrimRight(stdout.String()+stderr.String(), "\n")
		transcript.WriteString("$ jose " + strings.Join(args, " ") + "\n")
		if out != "" {
			transcript.WriteString(out + "\n")
		}
		transcript.WriteString("(exit " + strconv.Itoa(code) + ")\n\n")
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("found %d examples in %s, want at least 10", n, script)
	}
	golden := docsDir + "/run.out"
	if *update {
		if err := os.WriteFile(golden, transcript.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), transcript.String()); diff != "" {
		t.Errorf("%s differs from what the examples print (-want +got):\n%s", golden, diff)
	}
}

// TestPythonExamplesFromVectors checks that every file of
// docs/examples/python is a verbatim copy of a token or key of the legacy
// vectors in testdata/vectors (themselves checked against their
// manifest), and that the directory matches its own manifest.
func TestPythonExamplesFromVectors(t *testing.T) {
	dir := docsDir + "/python"
	skipWithoutDocs(t, dir)
	jwatest.CheckManifest(t, dir)
	byID := map[string]legacyVector{}
	for _, v := range loadLegacyVectors(t) {
		byID[v.ID] = v
	}
	vec := func(id string) legacyVector {
		v, ok := byID[id]
		if !ok {
			t.Fatalf("no vector %q", id)
		}
		return v
	}
	sameJSON := func(name string, want json.RawMessage) {
		var a, b any
		if err := json.Unmarshal([]byte(readFile(dir+"/"+name)), &a); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := json.Unmarshal(want, &b); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(b, a); diff != "" {
			t.Errorf("%s is not the vectors' key (-want +got):\n%s", name, diff)
		}
	}
	tokens := map[string]string{
		"v0.1-a128cbc-hs256-legacy.jwe": "v0.1/jwe/a128cbc-hs256",
		"v0.2.2-a256cbc-hs512-zip.jwe":  "v0.2.2/jwe/a256cbc-hs512-zip",
		"v1.0.0-a128cbc-hs256.jwe":      "v1.0.0/jwe/a128cbc-hs256",
		"v1.0.0-neg-tampered-tag.jwe":   "v1.0.0/jwe/neg-tampered-tag",
		"v1.0.0-hs512.jws":              "v1.0.0/jws/hs512",
		"v1.0.0-rs256.jws":              "v1.0.0/jws/rs256",
	}
	for name, id := range tokens {
		if got := strings.TrimSpace(readFile(dir + "/" + name)); got != vec(id).Token {
			t.Errorf("%s is not the token of vector %s", name, id)
		}
	}
	rsa := vec("v1.0.0/jwe/a128cbc-hs256").Key
	sameJSON("rsa-a.key.json", rsa.Legacy)
	sameJSON("rsa-a.jwk", rsa.JWK)
	sameJSON("hs-512.key.json", vec("v1.0.0/jws/hs512").Key.Legacy)
	var pub struct{ K string }
	if err := json.Unmarshal(vec("v1.0.0/jws/rs256").Key.Legacy, &pub); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(readFile(dir + "/rsa-a.pub.pem")); got != strings.TrimSpace(pub.K) {
		t.Error("rsa-a.pub.pem is not the vectors' public key of rsa-a")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"MANIFEST.sha256": true, "rsa-a.key.json": true, "rsa-a.jwk": true, "hs-512.key.json": true, "rsa-a.pub.pem": true}
	for _, e := range entries {
		if _, ok := tokens[e.Name()]; !ok && !known[e.Name()] {
			t.Errorf("%s/%s is not checked against the vectors", dir, e.Name())
		}
	}
}
