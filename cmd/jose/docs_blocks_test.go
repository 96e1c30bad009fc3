package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// This file keeps the code blocks of README.md and docs/*.md honest.
//
// Every ```go block must come right after a marker line
//
//	<!-- example: PATH FUNC -->
//
// where PATH is a Go file relative to the repository root and FUNC a
// function declared in it (an Example function, usually; "T.M" names a
// method M of type T). The block must equal FUNC's body, as bodyText
// normalizes it.
//
// Every ```sh block (also ```bash and ```shell) must come right after a
// marker line
//
//	<!-- run-by: PATH TEST -->
//
// where TEST is a test function (func TestX(t *testing.T)) declared in the
// Go file PATH, which runs what the block shows, or right after
//
//	<!-- run-by: SCRIPT -->
//
// where SCRIPT is a script of the repository (such as .ci/run) that has
// every command line of the block as a line of its own. docs/cli.md is
// exempt: its blocks are run by TestCLIDoc.
//
// A marker that no block follows is an error too. Other blocks (```console,
// ```json, untagged ones) are not checked here.

// repoRoot is the repository root seen from this module's directory.
const repoRoot = "../.."

// An mdBlock is one fenced code block of a Markdown file.
type mdBlock struct {
	line   int    // line of the opening fence, 1-based
	lang   string // first word of the info string, such as "go"
	text   string // the lines between the fences, joined with "\n"
	marker string // the marker line directly before the fence, or ""
}

var markerRE = regexp.MustCompile(`^<!-- (example|run-by): (.*) -->$`)

// parseMDBlocks returns the fenced code blocks of a Markdown text, and an
// error for each marker line not directly followed by a fence and for an
// unterminated block.
func parseMDBlocks(text string) ([]mdBlock, []error) {
	var blocks []mdBlock
	var errs []error
	lines := strings.Split(text, "\n")
	var cur *mdBlock
	var body []string
	fence := ""
	for i, l := range lines {
		trimmed := strings.TrimSpace(l)
		if cur != nil {
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, "`~") == "" {
				cur.text = strings.Join(body, "\n")
				blocks = append(blocks, *cur)
				cur, body = nil, nil
				continue
			}
			body = append(body, l)
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			for len(fence) < len(trimmed) && trimmed[len(fence)] == fence[0] {
				fence += fence[:1]
			}
			b := mdBlock{line: i + 1}
			if f := strings.Fields(trimmed[len(fence):]); len(f) > 0 {
				b.lang = f[0]
			}
			if i > 0 && markerRE.MatchString(strings.TrimSpace(lines[i-1])) {
				b.marker = strings.TrimSpace(lines[i-1])
			}
			cur = &b
			continue
		}
		if markerRE.MatchString(trimmed) {
			next := ""
			if i+1 < len(lines) {
				next = strings.TrimSpace(lines[i+1])
			}
			if !strings.HasPrefix(next, "```") && !strings.HasPrefix(next, "~~~") {
				errs = append(errs, fmt.Errorf("line %d: marker %q is not directly followed by a code block", i+1, trimmed))
			}
		}
	}
	if cur != nil {
		errs = append(errs, fmt.Errorf("line %d: unterminated code block", cur.line))
	}
	return blocks, errs
}

// parseMarker splits a marker line into its kind ("example" or "run-by")
// and its two fields, PATH and NAME.
func parseMarker(marker string) (kind, path, name string, err error) {
	m := markerRE.FindStringSubmatch(marker)
	if m == nil {
		return "", "", "", fmt.Errorf("no marker")
	}
	f := strings.Fields(m[2])
	if len(f) == 1 && m[1] == "run-by" && !strings.HasSuffix(f[0], ".go") {
		return m[1], f[0], "", nil // a script that runs the block's lines
	}
	if len(f) != 2 {
		return "", "", "", fmt.Errorf("marker %q: want <!-- %s: PATH NAME -->", marker, m[1])
	}
	return m[1], f[0], f[1], nil
}

// findFunc returns the function declaration name in f: "F" for a
// function, "T.M" for a method M whose receiver is T or *T.
func findFunc(f *ast.File, name string) *ast.FuncDecl {
	recv, method, isMethod := strings.Cut(name, ".")
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		if !isMethod {
			if fd.Recv == nil && fd.Name.Name == name {
				return fd
			}
			continue
		}
		if fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Name.Name != method {
			continue
		}
		t := fd.Recv.List[0].Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		if id, ok := t.(*ast.Ident); ok && id.Name == recv {
			return fd
		}
	}
	return nil
}

// bodyText returns the body of fd as a documentation block shows it: the
// source lines strictly between the line of the opening brace and the
// line of the closing brace, each with one leading tab removed, cut before
// the first line that starts with "// Output:" or "// Unordered output:",
// then normalized by normalizeBlock. A body written on the lines of its
// braces (such as func() { x() }) is an error.
func bodyText(fset *token.FileSet, src []byte, fd *ast.FuncDecl) (string, error) {
	open := fset.Position(fd.Body.Lbrace)
	end := fset.Position(fd.Body.Rbrace)
	lines := strings.Split(string(src), "\n")
	if end.Line-open.Line < 2 || end.Line > len(lines) {
		return "", fmt.Errorf("func %s: body is not on lines of its own", fd.Name.Name)
	}
	var out []string
	for _, l := range lines[open.Line : end.Line-1] {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "// Output:") || strings.HasPrefix(t, "// Unordered output:") {
			break
		}
		if l != "" && !strings.HasPrefix(l, "\t") {
			return "", fmt.Errorf("func %s: body line %q is not indented by a tab", fd.Name.Name, l)
		}
		out = append(out, strings.TrimPrefix(l, "\t"))
	}
	return normalizeBlock(strings.Join(out, "\n")), nil
}

// normalizeBlock removes trailing white space from every line, and blank
// lines at the start and the end.
func normalizeBlock(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// matchGoBlock checks that block equals the body of the function name of
// the Go source src (read from file, for messages), both normalized.
func matchGoBlock(file string, src []byte, name, block string) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		return err
	}
	fd := findFunc(f, name)
	if fd == nil {
		return fmt.Errorf("%s declares no function %s", file, name)
	}
	want, err := bodyText(fset, src, fd)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	got := normalizeBlock(block)
	if got == want {
		return nil
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; ; i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return fmt.Errorf("block differs from the body of %s in %s at block line %d:\n block: %q\n  body: %q", name, file, i+1, gl, wl)
		}
	}
}

// checkTestFunc checks that src (read from file) declares a top-level
// test function name.
func checkTestFunc(file string, src []byte, name string) error {
	f, err := parser.ParseFile(token.NewFileSet(), file, src, 0)
	if err != nil {
		return err
	}
	fd := findFunc(f, name)
	if fd == nil || !strings.HasPrefix(name, "Test") || !strings.HasSuffix(file, "_test.go") ||
		fd.Type.Params == nil || len(fd.Type.Params.List) != 1 {
		return fmt.Errorf("%s declares no test function %s", file, name)
	}
	return nil
}

// checkBlock applies the rules of this file to one block of the Markdown
// file doc (a path from the repository root). read reads a file given
// by its path from the repository root.
func checkBlock(doc string, b mdBlock, read func(string) ([]byte, error)) error {
	switch b.lang {
	case "go":
		if b.marker == "" {
			return fmt.Errorf("```go block without a <!-- example: PATH FUNC --> line right before it")
		}
		kind, path, name, err := parseMarker(b.marker)
		if err != nil {
			return err
		}
		if kind != "example" {
			return fmt.Errorf("```go block needs a <!-- example: PATH FUNC --> line, not %q", b.marker)
		}
		src, err := read(path)
		if err != nil {
			return err
		}
		return matchGoBlock(path, src, name, b.text)
	case "sh", "bash", "shell":
		if doc == "docs/cli.md" {
			return nil
		}
		if b.marker == "" {
			return fmt.Errorf("```%s block without a <!-- run-by: PATH TEST --> line right before it", b.lang)
		}
		kind, path, name, err := parseMarker(b.marker)
		if err != nil {
			return err
		}
		if kind != "run-by" {
			return fmt.Errorf("```%s block needs a <!-- run-by: PATH TEST --> line, not %q", b.lang, b.marker)
		}
		src, err := read(path)
		if err != nil {
			return err
		}
		if name == "" {
			return checkScriptRuns(path, src, b.text)
		}
		return checkTestFunc(path, src, name)
	}
	if b.marker != "" {
		return fmt.Errorf("marker %q before a ```%s block, which is not checked", b.marker, b.lang)
	}
	return nil
}

// checkScriptRuns checks that the script at path runs every command of a
// block: each line of the block that is neither blank nor a comment must be
// a line of the script (both trimmed).
func checkScriptRuns(path string, src []byte, block string) error {
	lines := map[string]bool{}
	for l := range strings.SplitSeq(string(src), "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	n := 0
	for l := range strings.SplitSeq(block, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if !lines[l] {
			return fmt.Errorf("%s does not run %q", path, l)
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("block has no command for %s to run", path)
	}
	return nil
}

// docFiles returns README.md, when present, and every docs/*.md, as paths
// from the repository root.
func docFiles(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(repoRoot, "docs")); err != nil {
		t.Skipf("%s/docs is not beside this module (module tested alone): %v", repoRoot, err)
	}
	var files []string
	if _, err := os.Stat(filepath.Join(repoRoot, "README.md")); err == nil {
		files = append(files, "README.md")
	}
	md, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range md {
		rel, err := filepath.Rel(repoRoot, m)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.ToSlash(rel))
	}
	return files
}

func readFromRoot(path string) ([]byte, error) {
	if filepath.IsAbs(path) || strings.Contains(path, "..") {
		return nil, fmt.Errorf("%q is not a path inside the repository", path)
	}
	return os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(path)))
}

// TestDocsBlocks checks every ```go and ```sh block of README.md and
// docs/*.md against the code that backs it (see the top of this file).
func TestDocsBlocks(t *testing.T) {
	checked := 0
	for _, doc := range docFiles(t) {
		data, err := readFromRoot(doc)
		if err != nil {
			t.Fatal(err)
		}
		blocks, errs := parseMDBlocks(string(data))
		for _, err := range errs {
			t.Errorf("%s:%v", doc, err)
		}
		for _, b := range blocks {
			if err := checkBlock(doc, b, readFromRoot); err != nil {
				t.Errorf("%s:%d: %v", doc, b.line, err)
			}
			if b.lang == "go" {
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no ```go block found in the docs: is the scan broken?")
	}
}

const matcherSrc = `package x_test

import "fmt"

func ExampleHello() {
	greeting := "hello"
	if greeting != "" {
		fmt.Println(greeting)
	}

	// Output: hello
}

func ExampleOneLine() { fmt.Println("x") }

type T struct{}

func (*T) M() {
	fmt.Println("method")
}

func TestSomething(t *testing.T) {
	t.Log("ok")
}
`

func TestMatchGoBlock(t *testing.T) {
	tests := []struct {
		name, fn, block string
		wantErr         string // "" for a match
	}{
		{"equal", "ExampleHello", "greeting := \"hello\"\nif greeting != \"\" {\n\tfmt.Println(greeting)\n}", ""},
		{"surrounding blank lines and trailing spaces", "ExampleHello", "\ngreeting := \"hello\"  \nif greeting != \"\" {\n\tfmt.Println(greeting)\n}\n\n", ""},
		{"with the output comment", "ExampleHello", "greeting := \"hello\"\nif greeting != \"\" {\n\tfmt.Println(greeting)\n}\n\n// Output: hello", "block line 5"},
		{"changed line", "ExampleHello", "greeting := \"hi\"\nif greeting != \"\" {\n\tfmt.Println(greeting)\n}", "block line 1"},
		{"missing line", "ExampleHello", "greeting := \"hello\"\nif greeting != \"\" {\n\tfmt.Println(greeting)", "block line 4"},
		{"extra line", "ExampleHello", "greeting := \"hello\"\nif greeting != \"\" {\n\tfmt.Println(greeting)\n}\nfmt.Println()", "block line 5"},
		{"indentation differs", "ExampleHello", "greeting := \"hello\"\nif greeting != \"\" {\n    fmt.Println(greeting)\n}", "block line 3"},
		{"unknown function", "ExampleBye", "fmt.Println()", "declares no function ExampleBye"},
		{"body on the brace line", "ExampleOneLine", "fmt.Println(\"x\")", "not on lines of its own"},
		{"method", "T.M", "fmt.Println(\"method\")", ""},
		{"method named as a function", "M", "fmt.Println(\"method\")", "declares no function M"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := matchGoBlock("x_test.go", []byte(matcherSrc), tt.fn, tt.block)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("matchGoBlock = %v, want a match", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("matchGoBlock = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestCheckBlock(t *testing.T) {
	files := map[string]string{"x/x_test.go": matcherSrc, ".ci/run": "#!/bin/sh\nset -e\n  bash .ci/test\n"}
	read := func(p string) ([]byte, error) {
		s, ok := files[p]
		if !ok {
			return nil, fmt.Errorf("open %s: %w", p, os.ErrNotExist)
		}
		return []byte(s), nil
	}
	tests := []struct {
		name    string
		doc     string
		md      string
		wantErr string // "" for none
	}{
		{"go block backed", "docs/a.md", "<!-- example: x/x_test.go T.M -->\n```go\nfmt.Println(\"method\")\n```\n", ""},
		{"go block mismatch", "docs/a.md", "<!-- example: x/x_test.go T.M -->\n```go\nfmt.Println(\"function\")\n```\n", "differs"},
		{"go block without marker", "docs/a.md", "```go\nfmt.Println(\"method\")\n```\n", "without a <!-- example"},
		{"marker not directly before", "docs/a.md", "<!-- example: x/x_test.go T.M -->\n\n```go\nfmt.Println(\"method\")\n```\n", "not directly followed"},
		{"go block with run-by marker", "docs/a.md", "<!-- run-by: x/x_test.go TestSomething -->\n```go\nfmt.Println(\"method\")\n```\n", "needs a <!-- example"},
		{"missing file", "docs/a.md", "<!-- example: y/y_test.go T.M -->\n```go\nfmt.Println(\"method\")\n```\n", "does not exist"},
		{"sh block backed", "docs/a.md", "<!-- run-by: x/x_test.go TestSomething -->\n```sh\ngo test\n```\n", ""},
		{"sh block, unknown test", "docs/a.md", "<!-- run-by: x/x_test.go TestOther -->\n```sh\ngo test\n```\n", "no test function TestOther"},
		{"sh block naming an example", "docs/a.md", "<!-- run-by: x/x_test.go ExampleHello -->\n```sh\ngo test\n```\n", "no test function"},
		{"sh block without marker", "docs/a.md", "```sh\ngo test\n```\n", "without a <!-- run-by"},
		{"bash block without marker", "README.md", "```bash\ngo test\n```\n", "without a <!-- run-by"},
		{"sh block of cli.md", "docs/cli.md", "```sh\njose algs\n```\n", ""},
		{"script marker", "docs/a.md", "<!-- run-by: .ci/run -->\n```sh\n# comment\nbash .ci/test\n```\n", ""},
		{"script marker, command not in the script", "docs/a.md", "<!-- run-by: .ci/run -->\n```sh\nbash .ci/other\n```\n", `does not run "bash .ci/other"`},
		{"script marker, no command", "docs/a.md", "<!-- run-by: .ci/run -->\n```sh\n# only a comment\n```\n", "no command"},
		{"script marker, no script", "docs/a.md", "<!-- run-by: .ci/none -->\n```sh\nbash .ci/test\n```\n", "not exist"},
		{"one field naming a Go file", "docs/a.md", "<!-- run-by: x/x_test.go -->\n```sh\ngo test\n```\n", "want <!-- run-by: PATH NAME -->"},
		{"marker before a json block", "docs/a.md", "<!-- example: x/x_test.go T.M -->\n```json\n{}\n```\n", "not checked"},
		{"unchecked block", "docs/a.md", "```json\n{}\n```\n", ""},
		{"unterminated", "docs/a.md", "```go\nfmt.Println()\n", "unterminated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks, errs := parseMDBlocks(tt.md)
			for _, b := range blocks {
				if err := checkBlock(tt.doc, b, read); err != nil {
					errs = append(errs, err)
				}
			}
			err := errors.Join(errs...)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("errors %v, want none", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("errors %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestDocsGoGet runs, in the sense of checking without a network, the
// install commands of the docs: every line of a ```sh block whose run-by
// marker names this test must be a "go get" of modules of this
// repository (as go.work lists them), with an optional @version.
func TestDocsGoGet(t *testing.T) {
	work, err := readFromRoot("go.work")
	if err != nil {
		t.Skipf("go.work is not beside this module (module tested alone): %v", err)
	}
	modules := map[string]bool{}
	inUse := false
	for _, l := range strings.Split(string(work), "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "use (":
			inUse = true
		case inUse && l == ")":
			inUse = false
		case inUse && strings.HasPrefix(l, "./"):
			gomod, err := readFromRoot(strings.TrimPrefix(l, "./") + "/go.mod")
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := bytes.Cut(gomod, []byte("\n"))
			modules[strings.TrimPrefix(string(first), "module ")] = true
		}
	}
	if !modules["github.com/joseframework/jose/core"] {
		t.Fatalf("go.work lists no core module: %v", modules)
	}
	ran := 0
	for _, doc := range docFiles(t) {
		data, err := readFromRoot(doc)
		if err != nil {
			t.Fatal(err)
		}
		blocks, _ := parseMDBlocks(string(data))
		for _, b := range blocks {
			if _, _, name, err := parseMarker(b.marker); err != nil || name != "TestDocsGoGet" {
				continue
			}
			ran++
			for _, l := range strings.Split(normalizeBlock(b.text), "\n") {
				if strings.HasPrefix(l, "#") {
					continue
				}
				args, ok := strings.CutPrefix(l, "go get ")
				if !ok {
					t.Errorf("%s:%d: %q is not a go get command", doc, b.line, l)
					continue
				}
				for _, a := range strings.Fields(args) {
					mod, _, _ := strings.Cut(a, "@")
					if !modules[mod] {
						t.Errorf("%s:%d: %s is not a module of this repository", doc, b.line, mod)
					}
				}
			}
		}
	}
	if ran == 0 {
		t.Fatal("no ```sh block of the docs is run by TestDocsGoGet")
	}
}
