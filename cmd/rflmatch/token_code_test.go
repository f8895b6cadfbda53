package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTokenCreateCode checks that 'token create --code' prints a one-time
// sign-in code, alone on its line, and never the token.
func TestTokenCreateCode(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	rec := fixture(t, dir, "pm.jsonl", `{"id":"PM-7","source":"test-forensic","kind":"post_mortem","sex":"male"}`+"\n")
	if code, _, stderr := runCLI(t, nil, "ingest", rec, "--data", data, "--no-encryption"); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	code, out, stderr := runCLI(t, nil, "token", "create", "--data", data, "--no-encryption", "--role", "reviewer", "--org", "board", "--code")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !regexp.MustCompile(`^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}\n$`).MatchString(out) {
		t.Errorf("stdout %q: want one code such as ABCD-EFGH-JKMN-PQRS", out)
	}
	if strings.Contains(out+stderr, "rfl_") {
		t.Errorf("the token's secret was printed: %q %q", out, stderr)
	}
	if !strings.Contains(stderr, "sign-in code") {
		t.Errorf("stderr %q: want a word on the code", stderr)
	}
}
