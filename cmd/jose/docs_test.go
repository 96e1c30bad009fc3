package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// A docExample is one "$ jose ..." line of a console block in docs/cli.md
// with the output shown under it.
type docExample struct {
	line int
	cmd  string   // as written, without "$ "
	want []string // the output lines; "..." stands for any lines
}

// parseDocExamples returns the examples of the ```console blocks of a
// Markdown file. In such a block every command starts with "$ jose " and
// the lines up to the next command or the end of the block are its
// output (standard output then standard error); "(exit N)" as the last
// line gives a non-zero exit status.
func parseDocExamples(t *testing.T, text string) []docExample {
	t.Helper()
	var out []docExample
	in := false
	for i, l := range strings.Split(text, "\n") {
		switch {
		case !in && strings.TrimSpace(l) == "```console":
			in = true
		case in && strings.TrimSpace(l) == "```":
			in = false
		case in && strings.HasPrefix(l, "$ "):
			if !strings.HasPrefix(l, "$ jose ") {
				t.Fatalf("cli.md:%d: a console block may only run jose: %q", i+1, l)
			}
			out = append(out, docExample{line: i + 1, cmd: strings.TrimPrefix(l, "$ ")})
		case in:
			if len(out) == 0 {
				t.Fatalf("cli.md:%d: output before any command", i+1)
			}
			out[len(out)-1].want = append(out[len(out)-1].want, l)
		}
	}
	if in {
		t.Fatal("cli.md: unterminated console block")
	}
	return out
}

// matchLines reports whether got matches want, where a "..." line of
// want matches any number of lines.
func matchLines(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == "..." {
		for i := 0; i <= len(got); i++ {
			if matchLines(want[1:], got[i:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && got[0] == want[0] && matchLines(want[1:], got[1:])
}

// TestCLIDoc runs every console example of docs/cli.md through run(),
// from the repository root as the page says, and compares its exit status
// and output with the page.
func TestCLIDoc(t *testing.T) {
	doc := "../../docs/cli.md"
	skipWithoutDocs(t, docsDir)
	data, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	examples := parseDocExamples(t, string(data))
	if len(examples) < 20 {
		t.Fatalf("%d examples in %s, want one or more per command", len(examples), doc)
	}
	seen := map[string]bool{}
	for _, ex := range examples {
		t.Run(strconv.Itoa(ex.line), func(t *testing.T) {
			fields, err := shellWords(ex.cmd)
			if err != nil {
				t.Fatalf("cli.md:%d: %v", ex.line, err)
			}
			fields = fields[1:]
			var args []string
			stdin := ""
			for i := 0; i < len(fields); i++ {
				a := fields[i]
				if a == "<" && i+1 < len(fields) {
					i++
					stdin = readFile(rootPath(fields[i]))
					continue
				}
				args = append(args, rootPath(a))
			}
			for _, c := range commands {
				if w := strings.Fields(c.name); len(args) >= len(w) && slicesEqual(args[:len(w)], w) {
					seen[c.name] = true
				}
			}
			want := ex.want
			for len(want) > 0 && want[len(want)-1] == "" {
				want = want[:len(want)-1]
			}
			wantCode := 0
			if n := len(want); n > 0 && strings.HasPrefix(want[n-1], "(exit ") {
				wantCode, err = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(want[n-1], "(exit "), ")"))
				if err != nil {
					t.Fatalf("cli.md:%d: bad exit line %q", ex.line, want[n-1])
				}
				want = want[:n-1]
			}
			var stdout, stderr bytes.Buffer
			code := run(args, strings.NewReader(stdin), &stdout, &stderr)
			if code != wantCode {
				t.Errorf("cli.md:%d: %s: exit %d, want %d; stderr %q", ex.line, ex.cmd, code, wantCode, stderr.String())
			}
			got := strings.TrimRight(stdout.String()+stderr.String(), "\n")
			var gotLines []string
			if got != "" {
				gotLines = strings.Split(got, "\n")
			}
			if !matchLines(want, gotLines) {
				t.Errorf("cli.md:%d: %s: output\n%s\nwant\n%s", ex.line, ex.cmd, got, strings.Join(want, "\n"))
			}
		})
	}
	for _, c := range commands {
		if !seen[c.name] {
			t.Errorf("docs/cli.md has no example of %q", c.name)
		}
	}
}

// rootPath turns a path written from the repository root into one from
// this module's directory.
func rootPath(a string) string {
	if p, ok := strings.CutPrefix(a, "cmd/jose/"); ok {
		return p
	}
	if p, ok := strings.CutPrefix(a, "docs/examples/"); ok {
		return docsDir + "/" + p
	}
	return a
}

func TestMatchLines(t *testing.T) {
	for _, tc := range []struct {
		want, got []string
		ok        bool
	}{
		{nil, nil, true},
		{[]string{"a"}, []string{"a"}, true},
		{[]string{"a"}, []string{"b"}, false},
		{[]string{"a"}, []string{"a", "b"}, false},
		{[]string{"..."}, []string{"a", "b"}, true},
		{[]string{"a", "...", "c"}, []string{"a", "b", "b", "c"}, true},
		{[]string{"a", "...", "c"}, []string{"a", "b"}, false},
		{[]string{"...", "c"}, []string{"c", "d"}, false},
	} {
		if got := matchLines(tc.want, tc.got); got != tc.ok {
			t.Errorf("matchLines(%q, %q) = %v, want %v", tc.want, tc.got, got, tc.ok)
		}
	}
}

// shellWords splits a command line as a POSIX shell would for the forms
// the page uses: words separated by spaces, and '...' quoting. Anything
// else a shell would interpret is refused, so that the page shows only
// commands this test runs exactly.
func shellWords(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord, quoted := false, false
	for _, r := range line {
		switch {
		case quoted && r == '\'':
			quoted = false
		case quoted:
			cur.WriteRune(r)
		case r == '\'':
			quoted, inWord = true, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case strings.ContainsRune(`"$\|>&;*?~`+"`", r):
			return nil, fmt.Errorf("%q: only '...' quoting and \"< FILE\" are supported", line)
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		return nil, fmt.Errorf("%q: unterminated quote", line)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

func TestShellWords(t *testing.T) {
	got, err := shellWords(`jose jws sign --header '{"typ":"JOSE"}' a'b c'`)
	if err != nil || strings.Join(got, "|") != `jose|jws|sign|--header|{"typ":"JOSE"}|ab c` {
		t.Errorf("got %q, %v", got, err)
	}
	for _, bad := range []string{`jose "x"`, `jose a | b`, `jose 'x`, `jose > f`, "jose $HOME"} {
		if _, err := shellWords(bad); err == nil {
			t.Errorf("shellWords(%q) accepted", bad)
		}
	}
}
