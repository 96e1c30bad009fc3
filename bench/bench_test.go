package bench

import "testing"

// One Benchmark function per workload, so that -bench can pick workloads
// by name; the sub-benchmark is the contender: BenchmarkHS256Sign/impl=jose.

func BenchmarkHS256Sign(b *testing.B)   { run(b, "HS256Sign") }
func BenchmarkHS256Verify(b *testing.B) { run(b, "HS256Verify") }
func BenchmarkRS256Sign(b *testing.B)   { run(b, "RS256Sign") }
func BenchmarkRS256Verify(b *testing.B) { run(b, "RS256Verify") }
func BenchmarkPS256Verify(b *testing.B) { run(b, "PS256Verify") }
func BenchmarkES256Sign(b *testing.B)   { run(b, "ES256Sign") }
func BenchmarkES256Verify(b *testing.B) { run(b, "ES256Verify") }
func BenchmarkEdDSASign(b *testing.B)   { run(b, "EdDSASign") }
func BenchmarkEdDSAVerify(b *testing.B) { run(b, "EdDSAVerify") }
