// Command rflmatch indexes tracing requests, ante-mortem and post-mortem data
// and registrations of living people, and ranks candidate matches between
// them for caseworkers to confirm.
//
// Exit codes, for every command: 0 success; 1 the command ran but some input
// was rejected or a record was not found; 2 a usage, configuration, key or
// store error. Human messages go to standard error, data to standard output
// or to --out.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, stderrTTY: isTerminal(os.Stderr), stdinTTY: isTerminal(os.Stdin)}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes one command line and returns its exit code.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "rflmatch: unknown command %q\n", args[0])
		usage(e.stderr)
		return exitUsage
	}
	err := cmd.run(ctx, e, args[1:])
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintf(e.stderr, "rflmatch %s: %v\n", args[0], ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(e.stderr, "rflmatch %s: %v\n", args[0], err)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: rflmatch COMMAND [flags] [args]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nrun 'rflmatch COMMAND --help' for a command's flags")
}

// newFlags makes a flag set that writes its help to the command's standard
// error and reports errors instead of exiting.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("rflmatch "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: rflmatch %s %s\n\n%s\n\nflags:\n", name, synopsis, commands[name].summary)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, mapping a bad flag to a usage error and --help to
// flag.ErrHelp (exit 0).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &exitError{code: exitUsage, err: errors.New("")}
	}
	return nil
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
