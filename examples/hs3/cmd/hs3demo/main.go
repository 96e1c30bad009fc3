// Command hs3demo signs a JWT with the private HMAC-SHA3-256 algorithm of
// the hs3 example module and verifies it, finding the algorithm by name in
// the registry: the module is linked in by a blank import only.
//
// Usage:
//
//	hs3demo [-key HEX] [-sub SUBJECT]
//
// Without -key it uses a fresh random 32-byte key. It prints the token and
// the verified subject, and exits with status 1 if anything fails.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/joseframework/jose/core/jwa"
	"github.com/joseframework/jose/core/jwt"

	_ "github.com/joseframework/jose/examples/hs3" // registers https://example.com/jose/alg#HS3-256
)

// algName would come from configuration in a real program.
const algName = "https://example.com/jose/alg#HS3-256"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hs3demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	keyHex := fs.String("key", "", "HMAC key in hex, at least 32 bytes (default: random)")
	sub := fs.String("sub", "alice", "subject claim")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	key := make([]byte, 32)
	if *keyHex == "" {
		rand.Read(key)
	} else {
		var err error
		if key, err = hex.DecodeString(*keyHex); err != nil {
			fmt.Fprintf(stderr, "hs3demo: -key: %v\n", err)
			return 2
		}
	}
	token, subject, err := signAndVerify(context.Background(), key, *sub, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "hs3demo: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, token)
	fmt.Fprintf(stdout, "verified: sub=%s\n", subject)
	return 0
}

// signAndVerify signs a JWT for sub, valid for five minutes from now, and
// verifies it with a Verifier of the algorithm found by name.
func signAndVerify(ctx context.Context, key []byte, sub string, now time.Time) (token, subject string, err error) {
	alg, err := jwa.Signature(algName)
	if err != nil {
		return "", "", err
	}
	signer, err := alg.NewSigner(key)
	if err != nil {
		return "", "", err
	}
	exp, err := jwt.NewNumericDate(now.Add(5 * time.Minute))
	if err != nil {
		return "", "", err
	}
	token, err = jwt.Sign(ctx, &jwt.Claims{Subject: sub, Expiry: &exp}, nil, signer, nil)
	if err != nil {
		return "", "", err
	}

	verifier, err := alg.NewVerifier(key)
	if err != nil {
		return "", "", err
	}
	t, err := jwt.Verify[struct{}](ctx, []byte(token), verifier, &jwt.Options{
		Subject: sub,
		Now:     func() time.Time { return now },
	})
	if err != nil {
		return "", "", err
	}
	return token, t.Claims.Subject, nil
}
