package aescbc

import "unsafe"

// inexactOverlap reports whether x and y share memory at any index other
// than a common start. CBC decryption in place works only when the output
// starts exactly where the input does; any other overlap would corrupt the
// plaintext, so Open refuses it, as the standard library's AEADs do.
func inexactOverlap(x, y []byte) bool {
	if len(x) == 0 || len(y) == 0 || &x[0] == &y[0] {
		return false
	}
	xs, ys := uintptr(unsafe.Pointer(&x[0])), uintptr(unsafe.Pointer(&y[0]))
	return xs <= ys+uintptr(len(y)-1) && ys <= xs+uintptr(len(x)-1)
}
