package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// Flags are parsed GNU-style with pflag: --name VALUE or --name=VALUE,
// anywhere among the arguments (before or after the files), "--" ending
// them. A non-boolean flag's usage names its value's placeholder in back
// quotes (`DIR`), which the help shows as --data DIR.

// requiredKey is the annotation of a flag that the command cannot run
// without; parse refuses a command line that lacks one, and the help marks
// it, so that what the help says and what the command does are one.
const requiredKey = "rflmatch_required"

// newFlags makes a command's flag set. Its help goes to standard output
// when asked for (--help, -h, 'rflmatch help NAME'); a mistake gets one
// line on standard error instead (see run).
func newFlags(e *env, name, synopsis string) *pflag.FlagSet {
	fs := pflag.NewFlagSet("rflmatch "+name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.SetOutput(io.Discard)
	fs.Usage = func() { writeHelp(e.stdout, name, synopsis, fs) }
	return fs
}

// require marks flags as required: the help says so and parse checks it.
func require(fs *pflag.FlagSet, names ...string) {
	for _, n := range names {
		if err := fs.SetAnnotation(n, requiredKey, []string{"true"}); err != nil {
			panic(err) // a programming error: the flag is not defined
		}
	}
}

func isRequired(f *pflag.Flag) bool { return len(f.Annotations[requiredKey]) > 0 }

// parse parses args, mapping a bad flag or a missing required one to a
// usage error (exit 2) and --help to pflag.ErrHelp (exit 0). A long flag
// written with one dash, as Go's flag package allowed (-data DIR), is
// read as --data.
func parse(fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(oneDash(fs, args)); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return cliErr("%v", err)
	}
	var missing []string
	fs.VisitAll(func(f *pflag.Flag) {
		if isRequired(f) && !f.Changed {
			missing = append(missing, "--"+f.Name)
		}
	})
	switch len(missing) {
	case 0:
		return nil
	case 1:
		return cliErr("%s is required", missing[0])
	}
	return cliErr("%s and %s are required", strings.Join(missing[:len(missing)-1], ", "), missing[len(missing)-1])
}

// parseNoArgs parses the command line of a command that takes flags only.
func parseNoArgs(fs *pflag.FlagSet, args []string) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return cliErr("unexpected arguments %q", fs.Args())
	}
	return nil
}

// oneDash rewrites -name and -name=value to --name… when name is a long
// flag of fs, up to a "--".
func oneDash(fs *pflag.FlagSet, args []string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		if a == "--" {
			break
		}
		if len(a) < 3 || a[0] != '-' || a[1] == '-' {
			continue
		}
		name, _, _ := strings.Cut(a[1:], "=")
		if len(name) > 1 && fs.Lookup(name) != nil {
			out[i] = "-" + a
		}
	}
	return out
}

// writeHelp writes a command's help: its one-line summary, the usage line,
// the synopsis's further paragraphs, then the flags with their
// placeholders, required ones marked.
func writeHelp(w io.Writer, name, synopsis string, fs *pflag.FlagSet) {
	usageLine, more, _ := strings.Cut(synopsis, "\n\n")
	fmt.Fprintf(w, "rflmatch %s: %s\n\nusage: rflmatch %s %s\n", name, commands[name].summary, name, usageLine)
	if more != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimRight(more, "\n"))
	}
	fmt.Fprintln(w, "\nflags:")
	var lines [][2]string
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		placeholder, usage := pflag.UnquoteUsage(f)
		left := "--" + f.Name
		if f.Shorthand != "" {
			left = "-" + f.Shorthand + ", " + left
		}
		if placeholder != "" {
			left += " " + placeholder
		}
		if isRequired(f) && strings.HasSuffix(usage, ")") {
			usage = strings.TrimSuffix(usage, ")") + "; required)"
		} else if isRequired(f) {
			usage += " (required)"
		} else if d := f.DefValue; d != "" && d != "false" && d != "[]" && d != "0" {
			usage += fmt.Sprintf(" (default %s)", d)
		}
		lines = append(lines, [2]string{left, usage})
		width = max(width, len(left))
	})
	lines = append(lines, [2]string{"-h, --help", "show this help"})
	for _, l := range lines {
		fmt.Fprintf(w, "  %-*s  %s\n", width, l[0], l[1])
	}
}

// fileList is a flag that may be repeated, one file each time: file names
// may hold commas, so a list is never split.
type fileList []string

func (f *fileList) String() string { return strings.Join(*f, " ") }

// Type names the flag's value in pflag's messages.
func (f *fileList) Type() string { return "FILE" }

func (f *fileList) Set(s string) error {
	if s == "" {
		return errors.New("empty file name")
	}
	*f = append(*f, s)
	return nil
}
