// Package conformance holds the published JOSE test vectors (the appendices
// of RFC 3394, 7515–7520, 7638, 7797 and 8037, and the RFC 7520 cookbook),
// embedded verbatim, and runs them against this project's algorithms.
//
// The files are byte-for-byte copies of the vectors folder shared with the
// project; vectors/MANIFEST.sha256 lists their SHA-256 sums and a test
// checks it, so an edited vector cannot go unnoticed.
package conformance

import (
	"embed"
	"io/fs"
)

//go:embed vectors
var embedded embed.FS

// Vectors returns the embedded vector files. Paths start at the root of the
// vectors folder: "rfcs/rfc7515.json", "rfc7520/jws/4_1.rsa_v15_signature.json",
// "MANIFEST.sha256" and so on.
func Vectors() fs.FS {
	sub, err := fs.Sub(embedded, "vectors")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	return sub
}
