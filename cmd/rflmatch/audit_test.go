package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// erase makes a record go for good and is audited; audit verify reads the
// chain whole.
func TestEraseAndAuditVerify(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "k")
	data := filepath.Join(dir, "data")
	envv := map[string]string{keyEnv: key}
	gen := filepath.Join("..", "..", "testdata", "generated")
	steps := []struct {
		args []string
		code int
		out  string // substring of standard output or error
	}{
		{[]string{"keygen", "--out", key}, 0, ""},
		{[]string{"ingest", "--data", data, filepath.Join(gen, "post_mortem.jsonl"), filepath.Join(gen, "tracing_requests.jsonl")}, 0, ""},
		{[]string{"audit", "verify", "--data", data}, 0, "0 events"},
		{[]string{"erase", "--data", data, "--source", "fr-tracing", "--id", "TR-FR-0GP40KIL"}, 0, "erased fr-tracing/TR-FR-0GP40KIL for good"},
		{[]string{"erase", "--data", data, "--source", "fr-tracing", "--id", "TR-FR-0GP40KIL"}, exitRejected, "no record"},
		{[]string{"erase", "--data", data, "--source", "fr-tracing"}, exitUsage, "--id is required"},
		{[]string{"export", "--data", data, "--source", "fr-tracing"}, 0, ""},
		{[]string{"audit", "verify", "--data", data}, 0, "1 event,"},
		{[]string{"audit", "--data", data}, exitUsage, "verify"},
	}
	for _, s := range steps {
		code, stdout, stderr := runCLI(t, envv, s.args...)
		if code != s.code || !strings.Contains(stdout+stderr, s.out) {
			t.Errorf("%v: exit %d, want %d; %q not in:\n%s%s", s.args, code, s.code, s.out, stdout, stderr)
		}
		if s.args[0] == "export" && strings.Contains(stdout, "TR-FR-0GP40KIL") {
			t.Error("the erased record is exported")
		}
	}
}
