package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/joseframework/jose/core/jwa"
)

// Input size limits. Tokens are further bounded by jwa.Limits.
const (
	maxPayload = 64 << 20 // a payload or plaintext to sign or encrypt
	maxKeyFile = 1 << 20  // a key file
	// maxToken leaves room for whitespace around the largest token the
	// library accepts, so that an oversized token is reported by the
	// library's own limit check.
	maxToken = jwa.DefaultMaxTokenSize + 4096
)

// readInput reads FILE, or standard input when name is "" or "-", up to
// limit bytes. Reading fails with a usage error when the file cannot be
// read, and with errTooLarge when it exceeds limit.
func readInput(e *env, name string, limit int64, what string) ([]byte, error) {
	var r io.Reader = e.stdin
	label := "standard input"
	if name != "" && name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, usageErrorf("cannot read %s: %v", what, unwrapPath(err))
		}
		defer f.Close()
		r = f
		label = name
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, usageErrorf("cannot read %s from %s: %v", what, label, unwrapPath(err))
	}
	if int64(len(data)) > limit {
		return nil, &exitError{code: exitRejected, err: fmt.Errorf("%s in %s is larger than %d bytes: %w", what, label, limit, jwa.ErrLimit)}
	}
	return data, nil
}

// readToken reads a token and trims the whitespace around it.
func readToken(e *env, name string) ([]byte, error) {
	data, err := readInput(e, name, maxToken, "token")
	if err != nil {
		return nil, err
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, rejectf("no token: the input is empty")
	}
	return data, nil
}

// unwrapPath drops the *os.PathError decoration, which repeats the file
// name, for a shorter message.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// isJSONObject reports whether data, after whitespace, starts with '{'.
func isJSONObject(data []byte) bool {
	data = bytes.TrimSpace(data)
	return len(data) > 0 && data[0] == '{'
}

// writeJSON writes v as 2-space indented JSON (map keys sorted, no HTML
// escaping) followed by a newline.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// writeLine writes b followed by a newline.
func writeLine(w io.Writer, b []byte) error {
	if _, err := w.Write(b); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
