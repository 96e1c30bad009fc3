package main

import (
	"fmt"
	"reflect"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/joseframework/jose/core/jwa"
)

const projectPrefix = "github.com/joseframework/jose"

func algs(e *env, args []string) error {
	f := newFlags("algs", "",
		`List every registered algorithm: its kind ("alg" of a JWS, "alg" of a JWE,
"enc" of a JWE), name, the JWK key types it takes, the module that
implements it and its properties (minimum key size, FIPS 140-3 approval,
deprecation).`,
		`jose algs
jose algs | grep deprecated`)
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("algs takes no arguments, got %q", pos)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tNAME\tKEY TYPES\tMODULE\tPROPERTIES\tSUMMARY")
	for _, n := range jwa.SignatureNames() {
		a, _ := jwa.LookupSignature(n)
		algRow(tw, "jws alg", n, a)
	}
	for _, n := range jwa.KeyManagementNames() {
		a, _ := jwa.LookupKeyManagement(n)
		algRow(tw, "jwe alg", n, a)
	}
	for _, n := range jwa.ContentEncryptionNames() {
		a, _ := jwa.LookupContentEncryption(n)
		algRow(tw, "jwe enc", n, a)
	}
	return tw.Flush()
}

func algRow(tw *tabwriter.Writer, kind, name string, a any) {
	var d jwa.Description
	if ds, ok := a.(jwa.Describer); ok {
		d = ds.Describe()
	}
	keyTypes := strings.Join(d.KeyTypes, ",")
	if keyTypes == "" {
		keyTypes = "-"
	}
	var props []string
	if d.MinKeyBits > 0 {
		props = append(props, fmt.Sprintf("min %d bits", d.MinKeyBits))
	}
	if d.FIPS {
		props = append(props, "FIPS")
	}
	if d.Deprecated {
		props = append(props, "deprecated")
	}
	p := strings.Join(props, ", ")
	if p == "" {
		p = "-"
	}
	summary := d.Summary
	if summary == "" {
		summary = "-"
	}
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", kind, name, keyTypes, moduleOf(name, a), p, summary)
}

// moduleOf names the module (or package) that implements an algorithm:
// jwa.ModuleFor for this project's modules, otherwise the package path of
// the implementation's type.
func moduleOf(name string, a any) string {
	if m := jwa.ModuleFor(name); m != "" {
		return strings.TrimPrefix(m, projectPrefix+"/")
	}
	t := reflect.TypeOf(a)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.PkgPath() == "" {
		return "?"
	}
	return strings.TrimPrefix(t.PkgPath(), projectPrefix+"/")
}

func version(e *env, args []string) error {
	f := newFlags("version", "",
		`Print the jose command's module and version, the Go version it was built
with, and every module of the project linked in with its version ("(devel)"
for a module built from a local directory, as in the workspace).`,
		`jose version`)
	pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("version takes no arguments, got %q", pos)
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return usageErrorf("version: this binary has no build information")
	}
	writeVersion(e, bi)
	return nil
}

func writeVersion(e *env, bi *debug.BuildInfo) {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\n", bi.Main.Path, modVersion(&bi.Main))
	fmt.Fprintf(tw, "go\t%s\n", bi.GoVersion)
	for _, d := range bi.Deps {
		if d.Path == projectPrefix || strings.HasPrefix(d.Path, projectPrefix+"/") {
			fmt.Fprintf(tw, "%s\t%s\n", d.Path, modVersion(d))
		}
	}
	tw.Flush()
}

// modVersion is a module's version, followed by its replacement when it
// has one: "v0.1.0 => ./core (devel)".
func modVersion(m *debug.Module) string {
	v := m.Version
	if v == "" {
		v = "(devel)"
	}
	if m.Replace != nil {
		rv := m.Replace.Version
		if rv == "" {
			rv = "(devel)"
		}
		v += " => " + m.Replace.Path + " " + rv
	}
	return v
}
