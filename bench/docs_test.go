package bench

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestPerformanceDoc keeps docs/performance.md true: the results it shows
// are the files of the run it names, verbatim; the commands in its sh
// blocks are this module's scripts with workloads that exist; and the
// profiles it quotes are the committed profile.sh output.
func TestPerformanceDoc(t *testing.T) {
	doc, err := os.ReadFile("../docs/performance.md")
	if os.IsNotExist(err) {
		t.Skip("docs/performance.md is not beside this module (module tested alone)")
	}
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)

	m := regexp.MustCompile(`<!-- results: bench/(results/[0-9TZ-]+) -->`).FindStringSubmatch(text)
	if m == nil {
		t.Fatal("no <!-- results: bench/results/STAMP --> marker")
	}
	for _, suffix := range []string{".benchstat.txt", ".ratios.md"} {
		want, err := os.ReadFile(m[1] + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, strings.TrimSpace(string(want))) {
			t.Errorf("docs/performance.md does not show %s%s verbatim", m[1], suffix)
		}
	}
	if _, err := os.Stat(m[1] + ".txt"); err != nil {
		t.Errorf("raw output of the run: %v", err)
	}

	names := map[string]bool{}
	for _, w := range workloads() {
		names[w.name] = true
	}
	blocks := regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(text, -1)
	if len(blocks) == 0 {
		t.Fatal("no sh blocks")
	}
	for _, b := range blocks {
		for line := range strings.SplitSeq(strings.TrimSpace(b[1]), "\n") {
			f := strings.Fields(line)
			for len(f) > 0 && strings.Contains(f[0], "=") { // VAR=value prefixes
				f = f[1:]
			}
			if len(f) > 0 && f[0] == "nice" {
				f = f[3:] // nice -n N
			}
			switch {
			case len(f) == 0 || strings.HasPrefix(f[0], "#"):
			case line == "cd bench":
			case f[0] == "./run.sh" && len(f) == 1:
			case f[0] == "./profile.sh" && len(f) > 1:
				for _, w := range f[1:] {
					if !names[w] {
						t.Errorf("%q: no workload %s", line, w)
					}
				}
			case f[0] == "go" && (line == "go test ./..." || strings.HasPrefix(line, "go tool pprof ")):
			default:
				t.Errorf("sh line %q is not a command this test knows to be valid", line)
			}
		}
	}
	for _, p := range regexp.MustCompile(`bench/(results/profiles/[A-Za-z0-9_]+\.top\.txt)`).FindAllStringSubmatch(text, -1) {
		if _, err := os.Stat(p[1]); err != nil {
			t.Errorf("quoted profile: %v", err)
		}
	}
}
