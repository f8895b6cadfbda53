package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCrosscheckAssignReport: --assign flags the rows the one-to-one
// reconciliation changes and leaves every other byte of the pairs file as
// it was; --report writes one self-contained page, 0600, that counts the
// rows the pairs file holds.
func TestCrosscheckAssignReport(t *testing.T) {
	g := generate(t)
	dir := t.TempDir()
	plain, joint := filepath.Join(dir, "plain.csv"), filepath.Join(dir, "joint.csv")
	report := filepath.Join(dir, "report.html")
	args := []string{"crosscheck", "--left", g.tr, "--left", g.am, "--right", g.pm, "--right", g.reg}
	if code, _, stderr := runCLI(t, nil, append(args, "--out", plain)...); code != 0 {
		t.Fatalf("crosscheck: exit %d:\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, append(args, "--out", joint, "--assign", "all", "--report", report)...); code != 0 {
		t.Fatalf("crosscheck --assign all --report: exit %d:\n%s", code, stderr)
	}
	a := strings.Split(string(readFile(t, plain)), "\n")
	b := strings.Split(string(readFile(t, joint)), "\n")
	if len(a) != len(b) {
		t.Fatalf("--assign changed the rows: %d lines, want %d", len(b), len(a))
	}
	flagged := map[string]int{}
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		flag, ok := strings.CutPrefix(b[i], a[i])
		if flag = strings.TrimLeft(flag, "; "); !ok || !strings.HasPrefix(flag, "assign:") {
			t.Fatalf("line %d changed beyond a reconciliation flag:\n %s\n %s", i+1, a[i], b[i])
		}
		flagged[flag]++
	}
	if flagged["assign:displaced"] == 0 {
		t.Errorf("no row flagged assign:displaced on generated shipwrecks: %v", flagged)
	}
	t.Logf("reconciliation flags: %v", flagged)

	checkMode(t, report, 0o600)
	page := readFile(t, report)
	for _, banned := range []string{"<script", "http://", "https://", "@import", "url("} {
		if bytes.Contains(page, []byte(banned)) {
			t.Errorf("the report holds %q: it must open offline and fetch nothing", banned)
		}
	}
	for _, want := range []string{"Cross-check report", "<svg", "assign"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if _, err := os.Stat(report + ".tmp"); err == nil {
		t.Errorf("a temporary report was left behind")
	}

	if code, _, _ := runCLI(t, nil, append(args, "--out", filepath.Join(dir, "x.csv"), "--assign", "boat")...); code != 2 {
		t.Errorf("--assign boat: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, nil, append(args, "--out", report, "--report", report)...); code != 2 {
		t.Errorf("--out and --report on one file: exit %d, want 2", code)
	}
}
