// Package bench compares github.com/joseframework/jose with go-jose v4,
// jwx v3, golang-jwt v5 and the raw standard-library primitive (the floor)
// on identical inputs. It has no API: everything is in its tests.
//
// The benchmarks only run with -bench; plain go test runs the correctness
// checks that every contender passes before it is timed. See
// docs/performance.md for the commands and the results.
package bench
