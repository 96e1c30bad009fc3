#!/usr/bin/env bash
# profile.sh WORKLOAD...: CPU and allocation profiles of this project's
# contender (impl=jose) on each named workload, for the "missed target"
# evidence in docs/performance.md. WORKLOAD is a benchmark path without the
# Benchmark prefix, such as HS256Verify or JWEDirDecrypt/size=1KiB.
#
# For each, writes results/profiles/<name>.top.txt: the command, then
# "go tool pprof -top" of the CPU profile and of the alloc_space profile.
# The .pprof files stay in results/profiles (not committed) for -web or -list.
set -euo pipefail
cd "$(dirname "$0")"
benchtime=${BENCHTIME:-2s}
mkdir -p results/profiles
go test -c -o results/profiles/bench.test .
for w in "$@"; do
	fn=${w%%/*}
	sub=${w#"$fn"}
	name=$(echo "$w" | tr '/=' '__')
	pattern="^Benchmark$fn\$${sub:+$(echo "$sub" | sed 's|/\([^/]*\)|/^\1$|g')}/^impl=jose\$"
	cpu=results/profiles/$name.cpu.pprof
	mem=results/profiles/$name.mem.pprof
	out=results/profiles/$name.top.txt
	# Run from here: the test binary reads testdata relative to its directory.
	./results/profiles/bench.test -test.run '^$' -test.bench "$pattern" -test.benchtime "$benchtime" -test.benchmem \
		-test.cpuprofile "$cpu" -test.memprofile "$mem" >"$out.bench" 2>&1 || {
		cat "$out.bench"
		exit 1
	}
	{
		echo "# bench.test -test.run '^\$' -test.bench '$pattern' -test.benchtime $benchtime -test.cpuprofile ... -test.memprofile ..."
		grep '^Benchmark' "$out.bench"
		echo
		echo "# go tool pprof -top -nodecount 30 bench.test $name.cpu.pprof"
		go tool pprof -top -nodecount 30 results/profiles/bench.test "$cpu" 2>/dev/null
		echo
		echo "# go tool pprof -top -nodecount 20 -sample_index alloc_space bench.test $name.mem.pprof"
		go tool pprof -top -nodecount 20 -sample_index alloc_space results/profiles/bench.test "$mem" 2>/dev/null
	} >"$out"
	rm -f "$out.bench"
	echo "wrote $out"
done
