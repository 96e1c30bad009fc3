package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// cmdFlags is a flag set for one command, with its usage text.
type cmdFlags struct {
	*flag.FlagSet
	name     string // "jws sign"
	synopsis string // the arguments after the command name
	about    string // what the command does, a few lines
	example  string // one or more example command lines, with comments
}

func newFlags(name, synopsis, about, example string) *cmdFlags {
	fs := flag.NewFlagSet("jose "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &cmdFlags{FlagSet: fs, name: name, synopsis: synopsis, about: about, example: example}
}

// printUsage writes the command's help.
func (f *cmdFlags) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: jose %s %s\n\n%s\n", f.name, f.synopsis, strings.TrimSpace(f.about))
	hasFlags := false
	f.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintln(w, "\nFlags (written -name or --name):")
		f.SetOutput(w)
		f.PrintDefaults()
		f.SetOutput(io.Discard)
	}
	fmt.Fprintf(w, "\nExample:\n%s\n", indent(strings.TrimSpace(f.example), "  "))
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

// parse parses args, allowing flags after positional arguments (as in
// "jose jws verify token.jws --alg ES256"); "--" ends the flags. It returns
// the positional arguments. For --help it prints the usage to e.stdout and
// returns errHelp.
func (f *cmdFlags) parse(e *env, args []string) ([]string, error) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.printUsage(e.stdout)
				return nil, errHelp
			}
			return nil, usageErrorf("%s: %v (see \"jose %s --help\")", f.name, err, f.name)
		}
		rest := f.Args()
		if len(rest) == 0 {
			break
		}
		// flag stops at the first non-flag argument, and swallows "--".
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	return pos, nil
}

// oneFile returns the single optional FILE argument ("" or "-" for
// standard input).
func (f *cmdFlags) oneFile(pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return "", nil
	case 1:
		return pos[0], nil
	default:
		return "", usageErrorf("%s: too many arguments %q: at most one FILE (see \"jose %s --help\")", f.name, pos, f.name)
	}
}

// listFlag is a comma-separated, repeatable flag: "--alg A,B --alg C".
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for v := range strings.SplitSeq(s, ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			return errors.New("empty name in list")
		}
		*l = append(*l, v)
	}
	return nil
}

// multiFlag is a repeatable flag whose values are kept as given.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }

func (m *multiFlag) Set(s string) error {
	*m = append(*m, s)
	return nil
}
