package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

// inMemory writes what the in-memory cross-check gives for the inputs:
// the pairs CSV and the explanations, as crosscheck wrote them before it
// streamed.
func inMemory(t *testing.T, left, right []string, top int, minProb float64) (pairs, explain []byte) {
	t.Helper()
	ctx := context.Background()
	var quiet bytes.Buffer
	e := &env{stdout: &quiet, stderr: &quiet, getenv: func(string) string { return "" }}
	var in reader
	lrecs, err := in.side(ctx, e, left, "")
	if err != nil {
		t.Fatal(err)
	}
	rrecs, err := in.side(ctx, e, right, "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := crosscheck(ctx, e, lrecs, rrecs, engine.CrosscheckOptions{TopK: top})
	if err != nil {
		t.Fatal(err)
	}
	p, err := printer("en")
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if _, err := writeCrossPairs(&a, res, nil, minProb); err != nil {
		t.Fatal(err)
	}
	if _, err := writeCrossPairs(&b, res, p, minProb); err != nil {
		t.Fatal(err)
	}
	return a.Bytes(), b.Bytes()
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCrosscheckStreamedBytes: the streamed command writes, byte for byte,
// the pairs and explanations of the in-memory cross-check, from files and
// with a store as either side.
func TestCrosscheckStreamedBytes(t *testing.T) {
	g := generate(t)
	all := g.concat(t, "all.jsonl", g.tr, g.am, g.pm, g.reg)
	store := filepath.Join(t.TempDir(), "store")
	if code, _, stderr := runCLI(t, nil, "ingest", "--data", store, "--no-encryption", g.pm, g.reg); code != 0 {
		t.Fatalf("ingest: exit %d:\n%s", code, stderr)
	}
	leftStore := filepath.Join(t.TempDir(), "left")
	if code, _, stderr := runCLI(t, nil, "ingest", "--data", leftStore, "--no-encryption", g.tr, g.am); code != 0 {
		t.Fatalf("ingest: exit %d:\n%s", code, stderr)
	}
	tests := []struct {
		name        string
		args        []string
		left, right []string
		top         int
		minProb     float64
	}{
		{"files", g.sides(), []string{g.tr, g.am}, []string{g.pm, g.reg}, 10, 0},
		{"one file on both sides", []string{"--left", all, "--right", all}, []string{all}, []string{all}, 4, 0},
		{"min probability", append(g.sides(), "--min-probability", "0.2"), []string{g.tr, g.am}, []string{g.pm, g.reg}, 10, 0.2},
		{"right store", []string{"--left", g.tr, "--left", g.am, "--right-data", store, "--no-encryption"}, []string{g.tr, g.am}, []string{g.pm, g.reg}, 10, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out, explain := filepath.Join(dir, "pairs.csv"), filepath.Join(dir, "pairs.jsonl")
			args := append([]string{"crosscheck", "--lang", "en", "--out", out, "--explain", explain, "--top", fmt.Sprint(tt.top)}, tt.args...)
			code, _, stderr := runCLI(t, nil, args...)
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, stderr)
			}
			wantPairs, wantExplain := inMemory(t, tt.left, tt.right, tt.top, tt.minProb)
			if got := readFile(t, out); !bytes.Equal(got, wantPairs) {
				t.Errorf("pairs differ from the in-memory cross-check's:\n%s", enginetest.LineDiff(string(got), string(wantPairs)))
			}
			if got := readFile(t, explain); !bytes.Equal(got, wantExplain) {
				t.Errorf("explanations differ from the in-memory cross-check's:\n%s", enginetest.LineDiff(string(got), string(wantExplain)))
			}
			if _, err := os.Stat(checkpointPath(out)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the checkpoint is left after success: %v", err)
			}
			if !strings.Contains(stderr, "by probability 0.9-1 ") {
				t.Errorf("the summary lacks the rows by band:\n%s", stderr)
			}
		})
	}
	// A store hands its records by source and id, so the left cases
	// come in that order: the same rows, in another order.
	t.Run("both stores", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "pairs.csv")
		code, _, stderr := runCLI(t, nil, "crosscheck", "--out", out, "--left-data", leftStore, "--right-data", store, "--no-encryption")
		if code != 0 {
			t.Fatalf("exit %d:\n%s", code, stderr)
		}
		want, _ := inMemory(t, []string{g.tr, g.am}, []string{g.pm, g.reg}, 10, 0)
		sorted := func(b []byte) string {
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			slices.Sort(lines)
			return strings.Join(lines, "\n")
		}
		if got := readFile(t, out); sorted(got) != sorted(want) {
			t.Errorf("rows differ from the in-memory cross-check's:\n%s", enginetest.LineDiff(sorted(got), sorted(want)))
		}
	})
}

// TestCrosscheckBands: the summary counts the rows written in each band.
func TestCrosscheckBands(t *testing.T) {
	var b bandCounts
	for _, p := range []float64{1, 0.9, 0.89, 0.5, 0.3, 0.1, 0.05, 0.01, 0.001, 0} {
		b.add(p)
	}
	if got, want := b.String(), "0.9-1 2, 0.5-0.9 2, 0.1-0.5 2, 0.01-0.1 2, 0-0.01 2"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// crosscheckChildEnv holds the arguments of the crosscheck that
// TestCrosscheckChild runs, as JSON.
const crosscheckChildEnv = "RFLMATCH_CROSSCHECK_CHILD"

var crosscheckKillRounds = flag.Int("crosscheck.kills", 12, "interruptions of TestCrosscheckKilled")

// TestCrosscheckChild is the crosscheck TestCrosscheckKilled interrupts:
// it runs the command its environment names, with a checkpoint after
// every round of 7 right profiles, and exits with its code.
func TestCrosscheckChild(t *testing.T) {
	raw := os.Getenv(crosscheckChildEnv)
	if raw == "" {
		t.Skip("run by TestCrosscheckKilled")
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		t.Fatal(err)
	}
	crosscheckRound = 7
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	e := &env{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	code := run(ctx, e, args)
	stop()
	os.Exit(code)
}

// TestCrosscheckKilled: a crosscheck killed (SIGKILL) or interrupted
// (SIGINT, as Ctrl-C) at random moments, many times over, then run with
// --resume until it ends, writes what an uninterrupted run writes, byte
// for byte; it goes on from its checkpoint (0600, beside --out) rather
// than starting over, and removes it at the end.
func TestCrosscheckKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	g := generate(t)
	dir := t.TempDir()
	out, explain := filepath.Join(dir, "pairs.csv"), filepath.Join(dir, "pairs.jsonl")
	args := append([]string{"crosscheck", "--lang", "en", "--out", out, "--explain", explain, "--checkpoint-every", "0", "--resume"}, g.sides()...)
	child := func() *exec.Cmd {
		raw, _ := json.Marshal(args)
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrosscheckChild$")
		cmd.Env = append(os.Environ(), crosscheckChildEnv+"="+string(raw))
		return cmd
	}
	// The uninterrupted run, in a child like the others, timed to spread
	// the interruptions over it.
	start := time.Now()
	if b, err := child().CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, b)
	}
	took := time.Since(start)
	wantPairs, wantExplain := readFile(t, out), readFile(t, explain)
	os.Remove(out)
	os.Remove(explain)

	rng := rand.New(rand.NewPCG(17, 4))
	resumed, midScoring := 0, 0
	for round := range *crosscheckKillRounds {
		cmd := child()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took))))
		sig := syscall.SIGKILL
		if round%3 == 2 {
			sig = syscall.SIGINT
		}
		cmd.Process.Signal(sig)
		cmd.Wait()
		if strings.Contains(stderr.String(), "resuming after") {
			resumed++
			if !strings.Contains(stderr.String(), " 0 right records scored") {
				midScoring++
			}
		}
		if info, err := os.Stat(checkpointPath(out)); err == nil && info.Mode().Perm() != 0o600 {
			t.Fatalf("round %d: the checkpoint has mode %v, want 0600", round, info.Mode().Perm())
		}
		if _, err := os.Stat(out); err == nil {
			// The run ended before the signal: start over for the next
			// round.
			os.Remove(out)
			os.Remove(explain)
		}
	}
	if resumed == 0 || midScoring == 0 {
		t.Errorf("%d interrupted runs resumed from a checkpoint, %d of them in the middle of scoring; want some of each", resumed, midScoring)
	}
	var stderr bytes.Buffer
	cmd := child()
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("resumed run: %v\n%s", err, stderr.String())
	}
	if got := readFile(t, out); !bytes.Equal(got, wantPairs) {
		t.Errorf("pairs after %d interruptions differ:\n%s", *crosscheckKillRounds, enginetest.LineDiff(string(got), string(wantPairs)))
	}
	if got := readFile(t, explain); !bytes.Equal(got, wantExplain) {
		t.Errorf("explanations after %d interruptions differ:\n%s", *crosscheckKillRounds, enginetest.LineDiff(string(got), string(wantExplain)))
	}
	if _, err := os.Stat(checkpointPath(out)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the checkpoint is left after success: %v", err)
	}
	t.Logf("%d interruptions over a run of %v, %d resumed from a checkpoint, %d of them in the middle of scoring", *crosscheckKillRounds, took, resumed, midScoring)
}

// TestCrosscheckResumeOtherInputs: a checkpoint of other inputs is
// refused, not used.
func TestCrosscheckResumeOtherInputs(t *testing.T) {
	g := generate(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "pairs.csv")
	if err := os.WriteFile(checkpointPath(out), append(append([]byte{}, checkpointMagic...), bytes.Repeat([]byte{1}, 64)...), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, nil, append([]string{"crosscheck", "--out", out, "--resume"}, g.sides()...)...)
	if code != 2 || !strings.Contains(stderr, "other inputs or options") {
		t.Errorf("exit %d, want 2 and the checkpoint refused:\n%s", code, stderr)
	}
}
