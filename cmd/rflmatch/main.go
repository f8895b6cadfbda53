// Command rflmatch indexes tracing requests, ante-mortem and post-mortem data
// and registrations of living people, and ranks candidate matches between
// them for caseworkers to confirm.
//
// Exit codes, for every command: 0 success; 1 the command ran but some input
// was rejected or a record was not found; 2 a usage, configuration, key or
// store error, a damaged store among them (never a partial result). Human messages go to standard error, data to standard output
// or to --out.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"syscall"

	"github.com/spf13/pflag"
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise
// the module version or VCS revision recorded by the Go toolchain is shown.
var version = ""

// Exit codes shared by every command.
const (
	exitOK       = 0
	exitRejected = 1
	exitUsage    = 2
)

// exitError carries the exit code a failure maps to.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErr is a usage, configuration, key or store error (exit 2).
func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// helpError is a mistake on the command line: run follows its message
// with where to find the command's usage.
type helpError struct{ err error }

func (e *helpError) Error() string { return e.err.Error() }
func (e *helpError) Unwrap() error { return e.err }

// cliErr is a usage error in the command line itself (exit 2), told with
// a pointer to the command's help.
func cliErr(format string, args ...any) error {
	return &exitError{code: exitUsage, err: &helpError{fmt.Errorf(format, args...)}}
}

// partialErr reports that the command ran but rejected input or found no
// record (exit 1).
func partialErr(format string, args ...any) error {
	return &exitError{code: exitRejected, err: fmt.Errorf(format, args...)}
}

// env is what a command sees of the process, so that tests run commands
// in-process with their own streams.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	// stderrTTY says whether standard error is a terminal (progress bars).
	stderrTTY bool
	// stdinTTY says whether standard input is a terminal: someone is
	// there to press Ctrl-C (the demo serves the API until then).
	stdinTTY bool
}

// command is one subcommand of the binary.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands holds every subcommand; each file registers its own in init.
var commands = map[string]command{}

func init() {
	commands["version"] = command{"print the version", runVersion}
	commands["keygen"] = command{"write a new random store key", runKeygen}
}

func main() {
	privateFiles()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, stderrTTY: isTerminal(os.Stderr), stdinTTY: isTerminal(os.Stdin)}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes one command line and returns its exit code.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help":
		usage(e.stdout)
		return exitOK
	case "--version", "-version":
		args = []string{"version"}
	case "help":
		if len(args) == 1 {
			usage(e.stdout)
			return exitOK
		}
		if _, ok := commands[args[1]]; !ok {
			fmt.Fprintf(e.stderr, "rflmatch help: unknown command %q; the commands are %s\n", args[1], strings.Join(commandNames(), ", "))
			return exitUsage
		}
		args = []string{args[1], "--help"}
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "rflmatch: unknown command %q; the commands are %s (run 'rflmatch help')\n", args[0], strings.Join(commandNames(), ", "))
		return exitUsage
	}
	err := cmd.run(ctx, e, args[1:])
	if err == nil || errors.Is(err, pflag.ErrHelp) {
		return exitOK
	}
	code := exitUsage
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if msg := tell(args[0], err.Error()); msg != "" {
		fmt.Fprintf(e.stderr, "rflmatch %s: %s\n", args[0], msg)
	}
	var he *helpError
	if errors.As(err, &he) {
		fmt.Fprintf(e.stderr, "run 'rflmatch help %s' for its usage\n", args[0])
	}
	return code
}

// internal are our packages' names, which prefix their errors (as
// Pebble's do) and mean nothing to a user.
var internal = []string{"index", "engine", "ingest", "api", "phonetic"}

// tell says a command's error once: without the packages' prefixes,
// without a part the message repeats (restore: restore DIR: …), and
// without the command's name, which the line already starts with.
func tell(cmd, msg string) string {
	var out []string
	for _, part := range strings.Split(msg, ": ") {
		if slices.Contains(internal, part) || len(out) > 0 && out[len(out)-1] == part {
			continue
		}
		if len(out) == 0 {
			if part == cmd {
				continue
			}
			part = strings.TrimPrefix(part, cmd+" ")
		}
		out = append(out, part)
	}
	return strings.Join(out, ": ")
}

// plural writes a count and a noun, with an s when the count is not one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func commandNames() []string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "rflmatch ranks candidate matches between missing migrants' tracing records and recovered remains.\n\nusage: rflmatch COMMAND [flags] [files]\n\ncommands:")
	for _, n := range commandNames() {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nrun 'rflmatch help COMMAND' (or 'rflmatch COMMAND --help') for a command's flags; 'rflmatch --version' for the version")
}

// versionString is the version shown by `rflmatch version`.
func versionString() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if (v == "" || v == "(devel)") && rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		return "devel-" + rev + dirty
	}
	if v == "" || v == "(devel)" {
		return "devel"
	}
	return v
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "rflmatch %s\n", strings.TrimSpace(versionString()))
	return nil
}
