package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestSearchCommand(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "k")
	data := filepath.Join(dir, "data")
	envv := map[string]string{keyEnv: key}
	gen := filepath.Join("..", "..", "testdata", "generated")
	steps := []struct {
		args []string
		code int
		out  string // in standard output
		not  string // not in standard output
	}{
		{[]string{"keygen", "--out", key}, 0, "", ""},
		{[]string{"ingest", "--data", data, filepath.Join(gen, "registrations.jsonl"), filepath.Join(gen, "tracing_requests.jsonl")}, 0, "", ""},
		{[]string{"search", "--data", data, "Kouassi"}, 0, "it-hsp-sicily/HSP-SIC-9W4JHFNV", ""},
		{[]string{"search", "Kouassi", "--data", data, "--kind", "tracing_request"}, 0, "RECORD", "HSP-SIC-9W4JHFNV"},
		{[]string{"search", "--data", data, "--near", "36.73,14.85", "--within", "5", "Kouassi"}, 0, "HSP-SIC-9W4JHFNV", ""},
		{[]string{"search", "--data", data, "--near", "0,0", "--within", "5", "Kouassi"}, 0, "", "HSP-SIC-9W4JHFNV"},
		{[]string{"search", "--data", data, "--near", "36.73,14.85", "Kouassi"}, exitUsage, "", ""},
		{[]string{"search", "--data", data}, exitUsage, "", ""},
		{[]string{"reindex", "--data", data}, 0, "", ""},
		{[]string{"stats", "--data", data, "--json"}, 0, `"search_pending": 0`, ""},
	}
	for _, s := range steps {
		code, stdout, stderr := runCLI(t, envv, s.args...)
		if code != s.code || !strings.Contains(stdout, s.out) || s.not != "" && strings.Contains(stdout, s.not) {
			t.Errorf("%v: exit %d, want %d; stdout:\n%s\nstderr:\n%s", s.args, code, s.code, stdout, stderr)
		}
	}
	code, stdout, _ := runCLI(t, envv, "search", "--data", data, "--json", "Kouassi")
	var hit struct {
		Key    struct{ Source, ID string }
		Kind   string
		Name   string
		Fields []string
	}
	first, _, _ := strings.Cut(stdout, "\n")
	if err := json.Unmarshal([]byte(first), &hit); code != 0 || err != nil || hit.Name == "" || len(hit.Fields) == 0 {
		t.Errorf("search --json: %d %v %q", code, err, stdout)
	}
}
