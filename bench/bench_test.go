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

func BenchmarkJWEDirEncrypt(b *testing.B)          { run(b, "JWEDirEncrypt") }
func BenchmarkJWEDirDecrypt(b *testing.B)          { run(b, "JWEDirDecrypt") }
func BenchmarkJWERSAOAEP256Decrypt(b *testing.B)   { run(b, "JWERSAOAEP256Decrypt") }
func BenchmarkJWEECDHESA128KWEncrypt(b *testing.B) { run(b, "JWEECDHESA128KWEncrypt") }
func BenchmarkJWEECDHESA128KWDecrypt(b *testing.B) { run(b, "JWEECDHESA128KWDecrypt") }
func BenchmarkJWEA128KWCBCEncrypt(b *testing.B)    { run(b, "JWEA128KWCBCEncrypt") }
func BenchmarkJWEA128KWCBCDecrypt(b *testing.B)    { run(b, "JWEA128KWCBCDecrypt") }

func BenchmarkJWKThumbprint(b *testing.B) { run(b, "JWKThumbprint") }
func BenchmarkJWKSParse(b *testing.B)     { run(b, "JWKSParse") }
