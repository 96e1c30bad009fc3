package bench

import (
	"runtime"
	"strings"
	"testing"
)

// A contender is one implementation of a workload.
type contender struct {
	impl string

	// prepare builds the operation to time from the fixed inputs, runs it
	// once, checks its result (and, for verification and decryption, that
	// bad input fails), and returns it. It fails tb when anything is wrong,
	// so no contender is timed before its output is known to be right.
	prepare func(tb testing.TB) (op func() error)
}

// A workload is one row of the results: the same job done by each
// contender on identical inputs.
type workload struct {
	name       string // benchmark path below the Benchmark function, such as "HS256Sign"
	bytes      int64  // payload size for b.SetBytes, or 0
	contenders []contender
}

// workloads lists every workload, in the order of docs/performance.md.
func workloads() []workload {
	var ws []workload
	ws = append(ws, jwtWorkloads()...)
	ws = append(ws, jweWorkloads()...)
	ws = append(ws, jwkWorkloads()...)
	return ws
}

// TestCorrectness runs and checks every contender of every workload once:
// it is what go test does without -bench, and it refuses to pass on
// nothing.
func TestCorrectness(t *testing.T) {
	ws := workloads()
	if len(ws) == 0 {
		t.Fatal("no workloads")
	}
	for _, w := range ws {
		impls := map[string]bool{}
		for _, c := range w.contenders {
			if impls[c.impl] {
				t.Errorf("%s: contender %s listed twice", w.name, c.impl)
			}
			impls[c.impl] = true
			t.Run(w.name+"/impl="+c.impl, func(t *testing.T) {
				if op := c.prepare(t); op == nil {
					t.Fatal("prepare returned no operation")
				}
			})
		}
		if !impls["jose"] || !impls["floor"] || len(impls) < 3 {
			t.Errorf("%s: contenders %v, want jose, floor and at least one peer", w.name, impls)
		}
	}
}

// run times every contender of the workloads whose name is group or
// starts with group + "/".
func run(b *testing.B, group string) {
	found := false
	for _, w := range workloads() {
		sub, ok := strings.CutPrefix(w.name, group)
		if !ok || (sub != "" && sub[0] != '/') {
			continue
		}
		found = true
		for _, c := range w.contenders {
			name := strings.TrimPrefix(sub+"/impl="+c.impl, "/")
			b.Run(name, func(b *testing.B) {
				op := c.prepare(b)
				if w.bytes > 0 {
					b.SetBytes(w.bytes)
				}
				b.ReportAllocs()
				var before runtime.MemStats
				if w.bytes >= 1<<20 {
					runtime.ReadMemStats(&before)
				}
				for b.Loop() {
					if err := op(); err != nil {
						b.Fatal(err)
					}
				}
				if w.bytes >= 1<<20 {
					reportMemory(b, w.bytes, &before)
				}
			})
		}
	}
	if !found {
		b.Fatalf("no workload %q", group)
	}
}

// reportMemory reports, for a workload on a large payload, the bytes
// allocated per operation as a multiple of the payload ("alloc/payload"),
// measured like B/op from runtime.MemStats.TotalAlloc.
//
// It is the bound used for the peak-memory target: nothing short of
// instrumenting the allocator catches the live heap at its highest point
// inside one operation, but that heap can never exceed what the operation
// allocated (plus its input, which the caller holds anyway). An
// implementation that allocates 3x the payload cannot peak above 3x.
func reportMemory(b *testing.B, payload int64, before *runtime.MemStats) {
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if b.N == 0 {
		return
	}
	perOp := float64(after.TotalAlloc-before.TotalAlloc) / float64(b.N)
	b.ReportMetric(perOp/float64(payload), "alloc/payload")
}
