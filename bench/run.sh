#!/usr/bin/env bash
# run.sh: the full benchmark run of docs/performance.md.
#
# Runs every workload of every contender (-count 6, -benchmem), saves the raw
# output to results/<UTC date and time>.txt, then writes beside it:
#   .benchstat.txt  benchstat tables, one column per contender (-col /impl)
#   .ratios.md      jose against the floor and the best peer, target by target
#
# Environment: COUNT (default 6), BENCHTIME (default 1s), BENCH (default .,
# a -bench regexp for partial runs), COMMIT (the commit being measured, when
# the tree is an export such as git archive). Takes about 12 minutes on 2
# cores.
set -euo pipefail
cd "$(dirname "$0")"

BENCHSTAT=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
count=${COUNT:-6}
benchtime=${BENCHTIME:-1s}
stamp=$(date -u +%Y-%m-%dT%H%MZ)
mkdir -p results
raw=results/$stamp.txt

{
	commit=${COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}
	if [ -z "${COMMIT:-}" ] && [ -n "$(git status --porcelain -- .. 2>/dev/null | grep -v '^??' || true)" ]; then
		commit="$commit with uncommitted changes"
	fi
	echo "# $(go version); $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); commit $commit"
	echo "# go test -run '^\$' -bench '${BENCH:-.}' -count $count -benchtime $benchtime -benchmem"
} >"$raw"
go test -run '^$' -bench "${BENCH:-.}" -count "$count" -benchtime "$benchtime" -benchmem . | tee -a "$raw"

go run "$BENCHSTAT" -col /impl "$raw" >"results/$stamp.benchstat.txt"
go run ./cmd/ratios "$raw" >"results/$stamp.ratios.md"
echo "wrote $raw, results/$stamp.benchstat.txt, results/$stamp.ratios.md"
