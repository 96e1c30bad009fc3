// Command jose signs, verifies, encrypts, decrypts and inspects JOSE objects
// (JWS, JWE, JWK and JWT) from the command line, and reads the tokens of the
// Python jose library.
//
// Usage:
//
//	jose jwk generate --kty RSA|EC|OKP|oct [--size BITS] [--crv NAME] [--alg A] [--use sig|enc] [--kid K]
//	jose jwk public [FILE]
//	jose jwk thumbprint [--hash SHA-256] [--uri] [FILE]
//	jose jwk import [--alg A] [--kid K] [FILE]
//	jose jwk export [FILE]
//	jose jws sign --key FILE [--alg A] [--header JSON] [--json|--flattened] [--detached] [--unencoded] [FILE]
//	jose jws verify --key FILE|--jwks-url URL [--alg A[,A]] [--payload FILE] [FILE]
//	jose jwe encrypt --key FILE --alg A --enc E [--zip] [--header JSON] [--json|--flattened] [FILE]
//	jose jwe decrypt --key FILE [--alg A[,A]] [--enc E[,E]] [FILE]
//	jose jwt sign --key FILE [--alg A] [--claims JSON|@FILE] [--iss S] [--sub S] [--aud S]... [--exp DUR|UNIX] [--nbf DUR|UNIX] [--jti S] [--typ T]
//	jose jwt verify --key FILE|--jwks-url URL [--alg A[,A]] [--iss S] [--aud S] [--sub S] [--typ T] [--leeway DUR] [--now UNIX|RFC3339] [FILE]
//	jose inspect [FILE]
//	jose legacy decrypt --key FILE [--adata S] [--expiry-seconds N] [--no-validate] [--allow-mac-then-encrypt] [--now T] [FILE]
//	jose legacy verify --key FILE --alg A [--expiry-seconds N] [--no-validate] [--now T] [FILE]
//	jose algs
//	jose version
//
// Input is FILE, or standard input when FILE is absent or "-". --key takes
// a file holding a JWK, a JWK Set or a PEM key (the legacy commands also
// take the Python library's {"k": ...} form). The algorithm always comes
// from --alg or from the key's "alg", never from the token.
//
// Exit status: 0 on success, 1 when the token is rejected (malformed, bad
// signature, failed decryption, invalid claims), 2 for a usage or
// configuration error (bad flags, an unreadable or invalid key, an unknown
// algorithm). Errors are one line on standard error: "jose: <reason>".
//
// Every command prints its own help with --help.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	// Every algorithm of the project, so that names can be looked up.
	_ "github.com/joseframework/jose/algs/aescbc"
	_ "github.com/joseframework/jose/algs/aesgcm"
	_ "github.com/joseframework/jose/algs/aeskw"
	_ "github.com/joseframework/jose/algs/chacha20"
	_ "github.com/joseframework/jose/algs/ecdh"
	_ "github.com/joseframework/jose/algs/ecdsa"
	_ "github.com/joseframework/jose/algs/eddsa"
	_ "github.com/joseframework/jose/algs/hmac"
	_ "github.com/joseframework/jose/algs/pbes2"
	_ "github.com/joseframework/jose/algs/rsa"
	_ "github.com/joseframework/jose/algs/rsa/rsa15"
	_ "github.com/joseframework/jose/core/jwe" // registers "dir"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// Exit statuses.
const (
	exitOK       = 0
	exitRejected = 1 // the token was rejected
	exitUsage    = 2 // usage or configuration error
)

// env is what a command runs with: its streams.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// A command is one leaf of the command tree.
type command struct {
	name    string // "jws sign"
	summary string
	run     func(e *env, args []string) error
}

var commands []*command // set in init: the command functions refer to it

func init() {
	commands = []*command{
		{"jwk generate", "generate a key and print it as a private JWK", jwkGenerate},
		{"jwk public", "print the public JWK (or JWK Set) of a private one", jwkPublic},
		{"jwk thumbprint", "print the RFC 7638 thumbprint of a JWK", jwkThumbprint},
		{"jwk import", "convert a PEM key to a JWK", jwkImport},
		{"jwk export", "convert a JWK to PEM", jwkExport},
		{"jws sign", "sign a payload (JWS)", jwsSign},
		{"jws verify", "verify a JWS and print its payload", jwsVerify},
		{"jwe encrypt", "encrypt a plaintext (JWE)", jweEncrypt},
		{"jwe decrypt", "decrypt a JWE and print its plaintext", jweDecrypt},
		{"jwt sign", "sign a JWT", jwtSign},
		{"jwt verify", "verify a JWT and its claims and print the claims", jwtVerify},
		{"inspect", "show a JWS, JWE or JWK without verifying it", inspect},
		{"legacy decrypt", "decrypt a token of the Python jose library", legacyDecrypt},
		{"legacy verify", "verify a JWS of the Python jose library", legacyVerify},
		{"algs", "list the registered algorithms", algs},
		{"version", "print the modules and versions linked in", version},
	}
}

// run is main without the process: tests call it with fake streams. It
// returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		return report(stderr, usageErrorf("missing command; run \"jose --help\" for the list of commands"))
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	case "-version", "--version":
		args = append([]string{"version"}, args[1:]...)
	}
	if subs := subcommands(args[0]); len(subs) > 0 {
		switch {
		case len(args) == 1:
			return report(stderr, usageErrorf("missing subcommand: %s; run \"jose %s --help\"", strings.Join(subs, ", "), args[0]))
		case isHelp(args[1]):
			groupUsage(stdout, args[0])
			return exitOK
		}
	}
	cmd, rest := findCommand(args)
	if cmd == nil {
		return report(stderr, usageErrorf("unknown command %q; run \"jose --help\" for the list", commandName(args)))
	}
	return report(stderr, cmd.run(e, rest))
}

// findCommand returns the command named by the first one or two words of
// args, and the remaining arguments.
func findCommand(args []string) (*command, []string) {
	for _, c := range commands {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && slicesEqual(args[:len(words)], words) {
			return c, args[len(words):]
		}
	}
	return nil, nil
}

func commandName(args []string) string {
	if len(args) >= 2 {
		for _, c := range commands {
			if strings.HasPrefix(c.name, args[0]+" ") {
				return args[0] + " " + args[1]
			}
		}
	}
	return args[0]
}

// subcommands lists the commands of the group name ("jwk generate", ...),
// or nil when name is not a group.
func subcommands(group string) []string {
	var subs []string
	for _, c := range commands {
		if strings.HasPrefix(c.name, group+" ") {
			subs = append(subs, "jose "+c.name)
		}
	}
	return subs
}

func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// groupUsage lists the commands of a group, such as "jose jwk --help".
func groupUsage(w io.Writer, group string) {
	fmt.Fprintf(w, "Usage: jose %s COMMAND [flags] [FILE]\n\nCommands:\n", group)
	for _, c := range commands {
		if strings.HasPrefix(c.name, group+" ") {
			fmt.Fprintf(w, "  %-15s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprintf(w, "\nRun \"jose %s COMMAND --help\" for the flags and an example of each command.\n", group)
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func usage(w io.Writer) {
	fmt.Fprint(w, `jose signs, verifies, encrypts, decrypts and inspects JOSE objects.

Usage: jose COMMAND [flags] [FILE]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-15s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Input is FILE, or standard input when FILE is absent or "-".
--key takes a JWK, a JWK Set or a PEM key. The algorithm comes from --alg or
the key's "alg", never from the token.
Exit status: 0 success, 1 token rejected, 2 usage or configuration error.
Run "jose COMMAND --help" for the flags and an example of each command.
`)
}

// An exitError carries the exit status for an error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErrorf reports a usage or configuration error (exit status 2).
func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// rejectf reports a rejected token (exit status 1).
func rejectf(format string, args ...any) error {
	return &exitError{code: exitRejected, err: fmt.Errorf(format, args...)}
}

// errHelp is returned by a command that printed its help.
var errHelp = errors.New("help requested")

// report prints err as one "jose: " line on stderr and returns the exit
// status for it.
func report(stderr io.Writer, err error) int {
	if err == nil || errors.Is(err, errHelp) {
		return exitOK
	}
	code := exitRejected
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	msg := strings.Join(strings.Fields(err.Error()), " ") // one line
	fmt.Fprintf(stderr, "jose: %s\n", msg)
	return code
}
