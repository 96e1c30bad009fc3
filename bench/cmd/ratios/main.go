// Command ratios reads the raw output of the bench module's benchmarks
// (go test -bench ... -benchmem, any -count) and prints, as a Markdown
// table, for each workload: this project's median ns/op and allocs/op, its
// ratio to the raw floor and to the best peer, and whether each target of
// the performance issue is met.
//
//	go run ./cmd/ratios results/2026-12-03T2315Z.txt
//
// The best peer is the peer (go-jose, jwx, golang-jwt) with the lowest
// median ns/op on that workload; the allocation target compares with that
// same peer. Medians, not means, as benchstat reports them.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: ratios BENCH_OUTPUT")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(2)
	}
	defer f.Close()
	res, err := parse(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(1)
	}
	if err := write(os.Stdout, res); err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(1)
	}
}

// samples holds every measurement of one (workload, impl) pair, by unit.
type samples map[string][]float64

// results maps workload, then impl, to the samples; order keeps the
// workloads in input order.
type results struct {
	order []string
	m     map[string]map[string]samples
}

// parse reads benchmark lines such as
//
//	BenchmarkHS256Sign/impl=jose-2  48817  5369 ns/op  3369 B/op  33 allocs/op
//
// and ignores every other line. It fails if no benchmark line is found,
// or if a benchmark line is malformed.
func parse(r io.Reader) (*results, error) {
	res := &results{m: map[string]map[string]samples{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		if len(fields) < 4 || len(fields)%2 != 0 {
			continue // a benchmark's name printed alone, or a failure line
		}
		name := strings.TrimPrefix(fields[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i] // the GOMAXPROCS suffix
			}
		}
		workload, impl, ok := strings.Cut(name, "/impl=")
		if !ok {
			return nil, fmt.Errorf("line %d: %q has no /impl=", line, fields[0])
		}
		if i := strings.IndexByte(impl, '/'); i >= 0 { // impl=x/size=y
			workload += impl[i:]
			impl = impl[:i]
		}
		if _, err := strconv.Atoi(fields[1]); err != nil {
			return nil, fmt.Errorf("line %d: iteration count %q: %v", line, fields[1], err)
		}
		if res.m[workload] == nil {
			res.m[workload] = map[string]samples{}
			res.order = append(res.order, workload)
		}
		if res.m[workload][impl] == nil {
			res.m[workload][impl] = samples{}
		}
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: value %q: %v", line, fields[i], err)
			}
			res.m[workload][impl][fields[i+1]] = append(res.m[workload][impl][fields[i+1]], v)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(res.order) == 0 {
		return nil, fmt.Errorf("no benchmark lines")
	}
	return res, nil
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// A class is a group of workloads sharing a floor target.
type class struct {
	name       string
	floorLimit float64 // jose ns/op at most this multiple of the floor
	allocLimit float64 // alloc/payload at most this, or 0 for none
}

var (
	small  = class{"small token", 2.0, 0}
	crypto = class{"crypto-bound", 1.10, 0}
	large  = class{"1 MiB", 1.10, 3.0}
)

// classify tells the class of a workload from its name.
func classify(workload string) class {
	switch {
	case strings.HasSuffix(workload, "/size=1MiB"):
		return large
	case strings.HasPrefix(workload, "HS256"), strings.HasPrefix(workload, "JWEDir"),
		strings.HasPrefix(workload, "JWEA128KW"), strings.HasPrefix(workload, "JWK"):
		return small
	default:
		return crypto
	}
}

// A row is the verdict on one workload.
type row struct {
	workload, class      string
	jose, floor, peer    float64 // median ns/op
	peerName             string
	joseAllocs, peerAllc float64
	allocPayload         float64 // jose alloc/payload, or 0
	missed               []string
}

func evaluate(res *results) ([]row, error) {
	var rows []row
	for _, w := range res.order {
		impls := res.m[w]
		jose, floor := impls["jose"], impls["floor"]
		if jose == nil || floor == nil {
			return nil, fmt.Errorf("%s: no jose or no floor results", w)
		}
		c := classify(w)
		r := row{workload: w, class: c.name, jose: median(jose["ns/op"]), floor: median(floor["ns/op"]), joseAllocs: median(jose["allocs/op"])}
		for impl, s := range impls {
			if impl == "jose" || impl == "floor" {
				continue
			}
			if ns := median(s["ns/op"]); r.peerName == "" || ns < r.peer || (ns == r.peer && impl < r.peerName) {
				r.peerName, r.peer, r.peerAllc = impl, ns, median(s["allocs/op"])
			}
		}
		if r.peerName == "" {
			return nil, fmt.Errorf("%s: no peer results", w)
		}
		if !(r.jose < r.peer) {
			r.missed = append(r.missed, "faster than best peer")
		}
		if !(r.joseAllocs < r.peerAllc) {
			r.missed = append(r.missed, "fewer allocs than best peer")
		}
		if r.jose > c.floorLimit*r.floor {
			r.missed = append(r.missed, fmt.Sprintf("≤ %.2fx floor", c.floorLimit))
		}
		if c.allocLimit > 0 {
			r.allocPayload = median(jose["alloc/payload"])
			if r.allocPayload == 0 || r.allocPayload > c.allocLimit {
				r.missed = append(r.missed, fmt.Sprintf("memory ≤ %.0fx payload", c.allocLimit))
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

func write(w io.Writer, res *results) error {
	rows, err := evaluate(res)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "| workload | class | jose ns/op | floor ns/op | jose/floor | limit | best peer | peer ns/op | jose/peer | jose allocs | peer allocs | jose alloc/payload | targets |")
	fmt.Fprintln(bw, "|---|---|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|---|")
	met, total := 0, 0
	for _, r := range rows {
		c := classify(r.workload)
		ap := "–"
		if r.allocPayload > 0 {
			ap = fmt.Sprintf("%.2f", r.allocPayload)
		}
		verdict := "met"
		if len(r.missed) > 0 {
			verdict = "missed: " + strings.Join(r.missed, "; ")
		}
		n := 3
		if c.allocLimit > 0 {
			n = 4
		}
		total += n
		met += n - len(r.missed)
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %.2fx | %.2fx | %s | %s | %.2fx | %.0f | %.0f | %s | %s |\n",
			r.workload, r.class, num(r.jose), num(r.floor), r.jose/r.floor, c.floorLimit,
			r.peerName, num(r.peer), r.jose/r.peer, r.joseAllocs, r.peerAllc, ap, verdict)
	}
	fmt.Fprintf(bw, "\n%d of %d targets met over %d workloads.\n", met, total, len(rows))
	return bw.Flush()
}

// num formats ns/op with three significant digits at most, as benchstat.
func num(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.3gm", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.3gk", v/1e3)
	default:
		return fmt.Sprintf("%.3g", v)
	}
}
