// Package jwatest holds contract test suites for implementations of the
// algorithm interfaces of package jwa, and a checksum helper for test
// vectors.
//
// An algorithm module, in this project or outside it, runs the suite for
// each of its algorithms from its own tests:
//
//	func TestContract(t *testing.T) {
//		jwatest.TestSignature(t, jwatest.SignatureCase{
//			Alg:       hmac.HS256(),
//			SignKey:   key,
//			VerifyKey: key,
//			OtherKey:  otherKey,
//			WrongKeys: []any{"a string", &rsaKey.PublicKey},
//			SmallKeys: []any{make([]byte, 31)},
//		})
//	}
//
// The suites check what the jwa interface documents and what every caller
// relies on: names, key type and size checks, round trips, rejection of
// single-bit changes (every bit, or for RSA-sized values a sample touching
// every byte), of truncated, extended and empty inputs, no
// panic on hostile input, no retention of caller-owned slices, and safe
// concurrent use (run the tests with -race for the last to mean much).
// Each check is a named subtest, so a failure says which rule was broken.
//
// A passing suite does not prove an algorithm secure: it proves that the
// implementation keeps the contract that the rest of the project depends
// on. Known-answer vectors remain the job of the module's own tests.
package jwatest
