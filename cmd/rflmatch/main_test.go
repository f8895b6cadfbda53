package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs one command line in-process and returns its exit code and
// streams.
func runCLI(t *testing.T, envv map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(k string) string { return envv[k] }}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// fixture writes a file under dir and returns its path.
func fixture(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	goodTR = `{"id":"TR-1","source":"test-tracing","kind":"tracing_request","names":[{"full":"Tesfaye Gebre-Medhin","lang":"ti"}],"sex":"male","nationalities":["ER"]}`
	goodPM = `{"id":"PM-1","source":"test-forensic","kind":"post_mortem","sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2023-06-09"}}`
	badPM  = `{"id":"PM-2","source":"test-forensic","kind":"post_mortem","age":{"min":18,"max":12}}`
)

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "store.key")
	other := filepath.Join(dir, "other.key")
	data := filepath.Join(dir, "data")
	plain := filepath.Join(dir, "plain")
	good := fixture(t, dir, "good.jsonl", goodTR+"\n"+goodPM+"\n")
	mixed := fixture(t, dir, "mixed.jsonl", goodTR+"\n"+badPM+"\n")
	foreign := filepath.Join(dir, "foreign")
	os.MkdirAll(foreign, 0o700)
	fixture(t, foreign, "thesis.txt", "not a store")
	backup := filepath.Join(dir, "store.backup")
	pairs := filepath.Join(dir, "pairs.csv")
	model := filepath.Join(dir, "model.json")
	noEnv := map[string]string{}
	withEnv := map[string]string{keyEnv: key}

	steps := []struct {
		name string
		env  map[string]string
		args []string
		code int
		err  string // substring of standard error
	}{
		{"no command", noEnv, nil, 2, "usage"},
		{"unknown command", noEnv, []string{"frobnicate"}, 2, "unknown command"},
		{"help", noEnv, []string{"--help"}, 0, ""},
		{"command help", noEnv, []string{"ingest", "--help"}, 0, ""},
		{"bad flag", noEnv, []string{"stats", "--nope"}, 2, "unknown flag: --nope"},
		{"version", noEnv, []string{"version"}, 0, ""},
		{"keygen", noEnv, []string{"keygen", "--out", key}, 0, "wrote a new key"},
		{"keygen refuses to overwrite", noEnv, []string{"keygen", "--out", key}, 2, "refusing to overwrite"},
		{"keygen other", noEnv, []string{"keygen", "--out", other}, 0, ""},
		{"ingest without key", noEnv, []string{"ingest", "--data", data, good}, 2, "no key"},
		{"ingest", noEnv, []string{"ingest", "--data", data, "--key-file", key, good}, 0, "read 2, stored 2, updated 0, unchanged 0, rejected 0"},
		{"ingest again is unchanged", withEnv, []string{"ingest", "--data", data, good}, 0, "read 2, stored 0, updated 0, unchanged 2, rejected 0"},
		{"ingest with a reject", withEnv, []string{"ingest", "--data", data, mixed}, 1, "mixed.jsonl:2: age.max: 12 is less than age.min 18"},
		{"ingest only unreadable files", withEnv, []string{"ingest", "--data", filepath.Join(dir, "never"), filepath.Join(dir, "absent.jsonl"), dir}, 1, "no input file could be read"},
		{"ingest a missing file", withEnv, []string{"ingest", "--data", data, filepath.Join(dir, "absent.jsonl"), good}, 1, "unchanged 2"},
		{"validate", noEnv, []string{"validate", mixed}, 1, "rejected 1"},
		{"wrong key", map[string]string{keyEnv: other}, []string{"stats", "--data", data}, 2, "wrong key"},
		{"flag wins over env", map[string]string{keyEnv: other}, []string{"stats", "--data", data, "--key-file", key}, 0, ""},
		{"encrypted store without encryption", noEnv, []string{"stats", "--data", data, "--no-encryption"}, 2, "encrypted"},
		{"plain store", noEnv, []string{"ingest", "--data", plain, "--no-encryption", good}, 0, "stored 2"},
		{"plain store with a key", withEnv, []string{"stats", "--data", plain}, 2, "not encrypted"},
		{"foreign directory", withEnv, []string{"stats", "--data", foreign}, 2, "not an rflmatch store"},
		{"no store", withEnv, []string{"stats", "--data", filepath.Join(dir, "nothing")}, 2, "no store"},
		{"not a key file", map[string]string{keyEnv: good}, []string{"stats", "--data", data}, 2, "not a key"},
		{"candidates help", noEnv, []string{"candidates", "--help"}, 0, ""},
		{"candidates", withEnv, []string{"candidates", "--data", data, "--source", "test-tracing", "--id", "TR-1"}, 0, "candidates"},
		{"candidates of an unknown record", withEnv, []string{"candidates", "--data", data, "--source", "test-tracing", "--id", "TR-9"}, 1, "no record test-tracing/TR-9"},
		{"candidates without id", withEnv, []string{"candidates", "--data", data, "--source", "test-tracing"}, 2, "required"},
		{"candidates with an unreadable model", withEnv, []string{"candidates", "--data", data, "--source", "test-tracing", "--id", "TR-1", "--model", good}, 2, "model"},
		{"candidates without key", noEnv, []string{"candidates", "--data", data, "--source", "test-tracing", "--id", "TR-1"}, 2, "no key"},
		{"train from the store", withEnv, []string{"train", "--data", data, "--out", model}, 0, "wrote " + model},
		{"delete", withEnv, []string{"delete", "--data", data, "--source", "test-forensic", "--id", "PM-1"}, 0, "deleted"},
		{"delete absent", withEnv, []string{"delete", "--data", data, "--source", "test-forensic", "--id", "PM-1"}, 1, "no record"},
		{"delete without id", withEnv, []string{"delete", "--data", data, "--source", "x"}, 2, "required"},
		{"export bad kind", withEnv, []string{"export", "--data", data, "--kind", "body"}, 2, "--kind"},
		{"backup", withEnv, []string{"backup", "--data", data, "--out", backup}, 0, "wrote backup"},
		{"backup refuses to overwrite", withEnv, []string{"backup", "--data", data, "--out", backup}, 2, "refusing to overwrite a backup"},
		{"restore into a non-empty dir", withEnv, []string{"restore", "--data", data, backup}, 2, "empty"},
		{"restore with the wrong key", map[string]string{keyEnv: other}, []string{"restore", "--data", filepath.Join(dir, "r1"), backup}, 2, "wrong key"},
		{"restore", withEnv, []string{"restore", "--data", filepath.Join(dir, "r2"), backup}, 0, "restored"},
		{"crosscheck help", noEnv, []string{"crosscheck", "--help"}, 0, ""},
		{"crosscheck", noEnv, []string{"crosscheck", "--left", good, "--right", good, "--out", pairs}, 0, "rows written"},
		{"crosscheck with a model", noEnv, []string{"crosscheck", "--left", good, "--right", good, "--out", pairs, "--model", model}, 0, "rejected 0"},
		{"crosscheck with a reject", noEnv, []string{"crosscheck", "--left", mixed, "--right", good, "--out", pairs}, 1, "mixed.jsonl:2: age.max: 12 is less than age.min 18"},
		{"crosscheck without --out", noEnv, []string{"crosscheck", "--left", good, "--right", good}, 2, "required"},
		{"crosscheck with an unreadable model", noEnv, []string{"crosscheck", "--left", good, "--right", good, "--out", pairs, "--model", good}, 2, "model"},
		{"crosscheck with an absent model", noEnv, []string{"crosscheck", "--left", good, "--right", good, "--out", pairs, "--model", filepath.Join(dir, "absent.json")}, 2, "model"},
		{"crosscheck an absent input", noEnv, []string{"crosscheck", "--left", filepath.Join(dir, "absent.jsonl"), "--right", good, "--out", pairs}, 2, "absent.jsonl"},
		{"crosscheck onto an input", noEnv, []string{"crosscheck", "--left", good, "--right", mixed, "--out", mixed}, 2, "also an input"},
		{"crosscheck with --top 0", noEnv, []string{"crosscheck", "--left", good, "--right", good, "--out", pairs, "--top", "0"}, 2, "--top"},
		{"train help", noEnv, []string{"train", "--help"}, 0, ""},
		{"train from files", noEnv, []string{"train", "--left", good, "--right", good, "--out", model}, 0, "wrote " + model},
		{"train without inputs", noEnv, []string{"train", "--out", model}, 2, "--left and --right"},
		{"train from a store and files", withEnv, []string{"train", "--data", data, "--left", good, "--right", good, "--out", model}, 2, "not both"},
		{"train without --out", noEnv, []string{"train", "--left", good, "--right", good}, 2, "--out"},
	}
	for _, s := range steps {
		code, _, stderr := runCLI(t, s.env, s.args...)
		if code != s.code || !strings.Contains(stderr, s.err) {
			t.Errorf("%s: rflmatch %s = exit %d, want %d with %q in standard error; got:\n%s", s.name, strings.Join(s.args, " "), code, s.code, s.err, stderr)
		}
	}

	if _, err := os.Stat(filepath.Join(dir, "never")); err == nil {
		t.Error("an ingest of unreadable files created a store")
	}
	// The restored store exports what the original holds.
	_, want, _ := runCLI(t, withEnv, "export", "--data", data)
	_, got, _ := runCLI(t, withEnv, "export", "--data", filepath.Join(dir, "r2"))
	if got != want || !strings.Contains(got, `"id":"TR-1"`) {
		t.Errorf("restored export differs:\n got %s\nwant %s", got, want)
	}
	if info, err := os.Stat(key); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, %v; want 0600", info.Mode().Perm(), err)
	}
}

// TestExportRoundTrip checks that ingest(export(S)) gives S back.
func TestExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	in := fixture(t, dir, "in.jsonl", goodPM+"\n"+goodTR+"\n")
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	out := filepath.Join(dir, "export.jsonl")
	env := map[string]string{}
	if code, _, e := runCLI(t, env, "ingest", "--no-encryption", "--data", a, in); code != 0 {
		t.Fatal(e)
	}
	if code, _, e := runCLI(t, env, "export", "--no-encryption", "--data", a, "--out", out); code != 0 {
		t.Fatal(e)
	}
	if code, _, e := runCLI(t, env, "ingest", "--no-encryption", "--data", b, out); code != 0 {
		t.Fatal(e)
	}
	_, first, _ := runCLI(t, env, "export", "--no-encryption", "--data", a)
	_, second, _ := runCLI(t, env, "export", "--no-encryption", "--data", b)
	if first != second {
		t.Errorf("export after round trip differs:\n%s\n%s", first, second)
	}
	if !strings.HasPrefix(first, `{"id":"PM-1","source":"test-forensic"`) && !strings.HasPrefix(first, `{"id":"PM-1"`) {
		// ordered by source then id: test-forensic before test-tracing
		t.Errorf("export not ordered by source: %s", first)
	}
}

func TestTell(t *testing.T) {
	tests := []struct{ cmd, msg, want string }{
		{"restore", "restore: restore /d: index: wrong key: give the key", "/d: wrong key: give the key"},
		{"backup", "index: backup: no space left", "no space left"},
		{"ingest", "mapping m.json: columns[\"Sex\"]: bad", "mapping m.json: columns[\"Sex\"]: bad"},
		{"stats", "", ""},
	}
	for _, tt := range tests {
		if got := tell(tt.cmd, tt.msg); got != tt.want {
			t.Errorf("tell(%q, %q) = %q, want %q", tt.cmd, tt.msg, got, tt.want)
		}
	}
}

func TestStatsJSONKeys(t *testing.T) {
	dir := t.TempDir()
	in := fixture(t, dir, "in.jsonl", goodPM+"\n"+goodTR+"\n")
	data := filepath.Join(dir, "data")
	if code, _, e := runCLI(t, nil, "ingest", in, "--no-encryption", "--data", data); code != 0 {
		t.Fatal(e)
	}
	code, out, e := runCLI(t, nil, "stats", "--json", "--no-encryption", "--data", data)
	if code != 0 {
		t.Fatal(e)
	}
	for _, key := range []string{`"records": 2`, `"kinds"`, `"sources"`, `"source": "test-forensic"`, `"disk_bytes"`} {
		if !strings.Contains(out, key) {
			t.Errorf("stats --json has no %s:\n%s", key, out)
		}
	}
}
