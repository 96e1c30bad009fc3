package main

import (
	"bytes"
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkHS256Sign/impl=floor-2     100   1000 ns/op   100 B/op   2 allocs/op
BenchmarkHS256Sign/impl=floor-2     100   1200 ns/op   100 B/op   2 allocs/op
BenchmarkHS256Sign/impl=jose-2      100   1900 ns/op   300 B/op   9 allocs/op
BenchmarkHS256Sign/impl=jose-2      100   2100 ns/op   300 B/op   9 allocs/op
BenchmarkHS256Sign/impl=jwx-2       100   3000 ns/op   300 B/op  10 allocs/op
BenchmarkHS256Sign/impl=gojose-2    100   2500 ns/op   300 B/op  12 allocs/op
BenchmarkRS256Sign/impl=floor-2     100   1000 ns/op   100 B/op   2 allocs/op
BenchmarkRS256Sign/impl=jose-2      100   1200 ns/op   100 B/op   5 allocs/op
BenchmarkRS256Sign/impl=jwx-2       100   1100 ns/op   100 B/op   4 allocs/op
BenchmarkJWEDirEncrypt/size=1MiB/impl=floor-2  10  1000 ns/op  1048.0 MB/s  2.3 alloc/payload  100 B/op  6 allocs/op
BenchmarkJWEDirEncrypt/size=1MiB/impl=jose-2   10  1050 ns/op  1000.0 MB/s  3.5 alloc/payload  100 B/op  6 allocs/op
BenchmarkJWEDirEncrypt/size=1MiB/impl=jwx-2    10  2000 ns/op  500.0 MB/s   2.3 alloc/payload  100 B/op  9 allocs/op
PASS
`

func TestEvaluate(t *testing.T) {
	res, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := evaluate(res)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	hs := rows[0]
	if hs.workload != "HS256Sign" || hs.jose != 2000 || hs.floor != 1100 || hs.peerName != "gojose" || hs.peer != 2500 || hs.peerAllc != 12 {
		t.Errorf("HS256Sign row = %+v", hs)
	}
	if len(hs.missed) != 0 {
		t.Errorf("HS256Sign missed %v, want none (1.82x floor, faster and fewer allocs than go-jose)", hs.missed)
	}
	rs := rows[1]
	if rs.class != "crypto-bound" || strings.Join(rs.missed, ",") != "faster than best peer,fewer allocs than best peer,≤ 1.10x floor" {
		t.Errorf("RS256Sign = %+v", rs)
	}
	big := rows[2]
	if big.workload != "JWEDirEncrypt/size=1MiB" || big.allocPayload != 3.5 || strings.Join(big.missed, ",") != "memory ≤ 3x payload" {
		t.Errorf("1 MiB row = %+v", big)
	}
	var out bytes.Buffer
	if err := write(&out, res); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "6 of 10 targets met over 3 workloads.") {
		t.Errorf("summary missing or wrong:\n%s", out.String())
	}
}

func TestParseErrors(t *testing.T) {
	for name, in := range map[string]string{
		"empty":      "PASS\n",
		"no impl":    "BenchmarkX-2 10 5 ns/op 1 B/op 1 allocs/op\n",
		"bad number": "BenchmarkX/impl=jose-2 10 five ns/op 1 B/op 1 allocs/op\n",
	} {
		if _, err := parse(strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	res, err := parse(strings.NewReader("BenchmarkX/impl=jose-2 10 5 ns/op\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := evaluate(res); err == nil {
		t.Error("evaluate without floor or peer: no error")
	}
}
