package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
)

// generated is a small synthetic dataset written for one test.
type generated struct {
	dir             string
	tr, am, pm, reg string
}

func generate(t *testing.T) generated {
	t.Helper()
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), synth.Options{Seed: 1, People: 200, OutDir: dir}); err != nil {
		t.Fatal(err)
	}
	f := func(k engine.Kind) string { return filepath.Join(dir, synth.Files[k]) }
	return generated{dir, f(engine.TracingRequest), f(engine.AnteMortem), f(engine.PostMortem), f(engine.Registration)}
}

// sides are the inputs sought people against remains and registrations.
func (g generated) sides() []string {
	return []string{"--left", g.tr, "--left", g.am, "--right", g.pm, "--right", g.reg}
}

// concat writes the files one after the other into name, in g.dir.
func (g generated) concat(t *testing.T, name string, files ...string) string {
	t.Helper()
	var b bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return fixture(t, g.dir, name, b.String())
}

// header is a record's identity as the tests need it.
type header struct {
	ID     string      `json:"id"`
	Source string      `json:"source"`
	Kind   engine.Kind `json:"kind"`
	CaseID string      `json:"case_id"`
}

func (h header) key() string { return h.Source + "/" + h.ID }

// headers reads the identities of the records of JSONL files.
func headers(t *testing.T, files ...string) []header {
	t.Helper()
	var out []header
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var h header
			if err := json.Unmarshal([]byte(line), &h); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, h)
		}
	}
	return out
}

// caseKeys are the keys the cases of left records are reported under: the
// tracing request's, or the record's own when its case has none.
func caseKeys(hs []header) map[string]bool {
	withTR := map[string]bool{}
	for _, h := range hs {
		if h.Kind == engine.TracingRequest && h.CaseID != "" {
			withTR[h.Source+"\x00"+h.CaseID] = true
		}
	}
	keys := map[string]bool{}
	for _, h := range hs {
		if h.Kind == engine.TracingRequest || h.CaseID == "" || !withTR[h.Source+"\x00"+h.CaseID] {
			keys[h.key()] = true
		}
	}
	return keys
}

// readPairs reads a pairs file written by crosscheck or candidates, checks
// its header, and returns its rows.
func readPairs(t *testing.T, data []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("pairs file is not CSV: %v", err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], engine.PairColumns) {
		t.Fatalf("pairs header = %v, want %v", rows[:min(1, len(rows))], engine.PairColumns)
	}
	return rows[1:]
}

// checkPairs checks what every pairs file keeps to: nine columns, left keys
// among leftKeys, never a record with itself, ranks from 1 without gaps and
// at most top per left case (whose rows are together), probabilities in
// [0, 1] and, among the candidates of one relation, not increasing down
// the ranks, known relations.
func checkPairs(t *testing.T, rows [][]string, leftKeys map[string]bool, top int) {
	t.Helper()
	seen := map[string]bool{}
	prev, prevP := "", map[string]float64{}
	rank := 0
	for i, r := range rows {
		if len(r) != len(engine.PairColumns) {
			t.Fatalf("row %d has %d columns, want %d: %v", i+1, len(r), len(engine.PairColumns), r)
		}
		left, right := r[0]+"/"+r[1], r[2]+"/"+r[3]
		if !leftKeys[left] {
			t.Errorf("row %d: left %s is not a left case key", i+1, left)
		}
		if left == right {
			t.Errorf("row %d pairs %s with itself", i+1, left)
		}
		if _, err := strconv.ParseFloat(r[4], 64); err != nil {
			t.Errorf("row %d: score %q: %v", i+1, r[4], err)
		}
		p, err := strconv.ParseFloat(r[5], 64)
		if err != nil || p < 0 || p > 1 {
			t.Errorf("row %d: probability %q is not in [0, 1]", i+1, r[5])
		}
		if left != prev {
			if seen[left] {
				t.Errorf("row %d: the rows of %s are not together", i+1, left)
			}
			seen[left], prev, rank = true, left, 0
			clear(prevP)
		}
		rank++
		if r[6] != strconv.Itoa(rank) {
			t.Errorf("row %d: rank %s, want %d", i+1, r[6], rank)
		}
		if rank > top {
			t.Errorf("row %d: rank %d above --top %d", i+1, rank, top)
		}
		if before, ok := prevP[r[7]]; ok && p > before && !strings.Contains(r[8], "excluded:") {
			t.Errorf("row %d: probability %v above the %s ranked before at %v", i+1, p, r[7], before)
		}
		prevP[r[7]] = p
		if !slices.Contains([]string{"same_person", "reciprocal", "duplicate"}, r[7]) {
			t.Errorf("row %d: relation %q", i+1, r[7])
		}
	}
}

// checkExplain checks an explanation file against the pairs it explains:
// one JSON object a line, in the same order, with every key.
func checkExplain(t *testing.T, data []byte, rows [][]string) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	n := 0
	for ; sc.Scan(); n++ {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
			t.Fatalf("explain line %d: %v", n+1, err)
		}
		for _, k := range []string{"left_source", "left_id", "right_source", "right_id", "score", "probability", "rank", "relation", "flags", "fields"} {
			if _, ok := obj[k]; !ok {
				t.Errorf("explain line %d has no %q: %s", n+1, k, sc.Bytes())
			}
		}
		var p engine.Pair
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("explain line %d: %v", n+1, err)
		}
		if n < len(rows) {
			r := rows[n]
			if got, want := []string{p.LeftSource, p.LeftID, p.RightSource, p.RightID, strconv.Itoa(p.Rank), p.Relation}, []string{r[0], r[1], r[2], r[3], r[6], r[7]}; !slices.Equal(got, want) {
				t.Errorf("explain line %d = %v, want the pair of row %d %v", n+1, got, n+1, want)
			}
		}
		first := "name"
		if p.Relation == "reciprocal" {
			first = "enquirer_name"
		}
		if len(p.Fields) == 0 || p.Fields[0].Field != first {
			t.Errorf("explain line %d: fields %v, want the breakdown starting with %s", n+1, p.Fields, first)
		}
	}
	if n != len(rows) {
		t.Errorf("explain has %d lines for %d pairs", n, len(rows))
	}
}

// explainRows reads an explanation file as the rows of the pairs file it
// explains, checking every line.
func explainRows(t *testing.T, data []byte) [][]string {
	t.Helper()
	var rows [][]string
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var p engine.Pair
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatalf("explain line %d: %v", i+1, err)
		}
		rows = append(rows, []string{p.LeftSource, p.LeftID, p.RightSource, p.RightID,
			strconv.FormatFloat(p.Score, 'f', 4, 64), strconv.FormatFloat(p.Probability, 'f', 6, 64),
			strconv.Itoa(p.Rank), p.Relation, strings.Join(p.Flags, " ")})
	}
	checkExplain(t, data, rows)
	return rows
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("%s has mode %v, want %v", filepath.Base(path), got, want)
	}
}

func TestCrosscheck(t *testing.T) {
	g := generate(t)
	all := g.concat(t, "all.jsonl", g.tr, g.am, g.pm, g.reg)
	tests := []struct {
		name   string
		inputs []string
		left   []string // the left inputs, for their case keys
		right  []string // the right inputs, for their count
		top    int      // 0: the default, 10
	}{
		{"sought against remains and registrations", g.sides(), []string{g.tr, g.am}, []string{g.pm, g.reg}, 3},
		{"default top", g.sides(), []string{g.tr, g.am}, []string{g.pm, g.reg}, 0},
		{"one file on both sides", []string{"--left", all, "--right", all}, []string{all}, []string{all}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, explain := filepath.Join(t.TempDir(), "pairs.csv"), filepath.Join(t.TempDir(), "pairs.jsonl")
			args := append([]string{"crosscheck", "--out", out, "--explain", explain}, tt.inputs...)
			top := 10
			if tt.top != 0 {
				top = tt.top
				args = append(args, "--top", strconv.Itoa(tt.top))
			}
			code, _, stderr := runCLI(t, nil, args...)
			if code != 0 {
				t.Fatalf("exit %d, want 0:\n%s", code, stderr)
			}
			if want := fmt.Sprintf("right %d records, candidate pairs ", len(headers(t, tt.right...))); !strings.Contains(stderr, want) || !strings.Contains(stderr, "rejected 0") {
				t.Errorf("standard error lacks %q and rejected 0:\n%s", want, stderr)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			rows := readPairs(t, data)
			if len(rows) < 50 {
				t.Errorf("%d pairs, want at least 50", len(rows))
			}
			if want := fmt.Sprintf("rows written %d,", len(rows)); !strings.Contains(stderr, want) {
				t.Errorf("standard error lacks %q:\n%s", want, stderr)
			}
			checkPairs(t, rows, caseKeys(headers(t, tt.left...)), top)
			jl, err := os.ReadFile(explain)
			if err != nil {
				t.Fatal(err)
			}
			checkExplain(t, jl, rows)
			checkMode(t, out, 0o600)
			checkMode(t, explain, 0o600)
		})
	}
}

func TestCrosscheckRejects(t *testing.T) {
	g := generate(t)
	good := headers(t, g.tr)
	const bad = `{"id":"TR-BAD","source":"test-tracing","kind":"tracing_request","names":[{"full":"Awet Tesfay"}],"age":{"min":18,"max":12}}`
	data, err := os.ReadFile(g.tr)
	if err != nil {
		t.Fatal(err)
	}
	left := fixture(t, g.dir, "tr.jsonl", string(data)+bad+"\n")
	out := filepath.Join(g.dir, "pairs.csv")
	code, _, stderr := runCLI(t, nil, "crosscheck", "--left", left, "--right", g.pm, "--right", g.reg, "--out", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, stderr)
	}
	line := len(good) + 1
	if want := fmt.Sprintf("%s:%d: age.max: 12 is less than age.min 18", left, line); !strings.Contains(stderr, want) {
		t.Errorf("standard error lacks %q:\n%s", want, stderr)
	}
	if !strings.Contains(stderr, "rejected 1\n") {
		t.Errorf("the last line does not count the reject:\n%s", stderr)
	}
	rejects := left + ".rejects.jsonl"
	rj, err := os.ReadFile(rejects)
	if err != nil {
		t.Fatalf("no rejects file: %v", err)
	}
	var rec struct{ File, Line, Field, Raw string }
	if err := json.Unmarshal(rj, &rec); err != nil || rec.Line != strconv.Itoa(line) || rec.Field != "age.max" || rec.Raw != bad {
		t.Errorf("rejects file = %s (%v), want line %d, field age.max and the raw line", rj, err, line)
	}
	checkMode(t, rejects, 0o600)
	// The good lines are matched all the same.
	pairs, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows := readPairs(t, pairs)
	checkPairs(t, rows, caseKeys(good), 10)
	if len(rows) < 50 {
		t.Errorf("%d pairs from the good lines, want at least 50", len(rows))
	}
}

func TestCrosscheckMapping(t *testing.T) {
	dir := t.TempDir()
	left := fixture(t, dir, "tr.jsonl", goodTR+"\n")
	mapping := fixture(t, dir, "pm.mapping.json", `{"source": "test-forensic-csv", "kind": "post_mortem",
		"columns": {"Case": {"path": "id"}, "Name on papers": {"path": "names[0].full"}, "Sex": {"path": "sex"},
		"Age from": {"path": "age.min"}, "Age to": {"path": "age.max"}, "Found on": {"path": "recovery.date", "date_layout": "02/01/2006"}}}`)
	right := fixture(t, dir, "pm.csv", "Case,Name on papers,Sex,Age from,Age to,Found on\n"+
		"PM-7,Tesfaye Gebremedhin,male,20,30,09/06/2023\n"+
		"PM-8,Tesfaye Gebremedhin,male,30,20,09/06/2023\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
		rows   int
	}{
		{"with the mapping", []string{"--right-mapping", mapping}, 1, "pm.csv:3: age.max: 20 is less than age.min 30", 1},
		{"without a mapping", nil, 2, "", 0},
		{"with a mapping that does not fit", []string{"--right-mapping", mapping, "--left-mapping", filepath.Join(dir, "absent.json")}, 2, "absent.json", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "pairs.csv")
			code, _, stderr := runCLI(t, nil, append([]string{"crosscheck", "--left", left, "--right", right, "--out", out}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Fatalf("exit %d, want %d with %q on standard error:\n%s", code, tt.code, tt.stderr, stderr)
			}
			data, err := os.ReadFile(out)
			if tt.code == 2 {
				if err == nil {
					t.Errorf("a configuration error wrote %s", out)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rows := readPairs(t, data)
			checkPairs(t, rows, map[string]bool{"test-tracing/TR-1": true}, 10)
			if len(rows) != tt.rows || rows[0][2] != "test-forensic-csv" || rows[0][3] != "PM-7" {
				t.Errorf("rows = %v, want the CSV's good record", rows)
			}
		})
	}
}

// On a terminal progress bars go to standard error (the engine reports its
// phases from several goroutines: run with -race); elsewhere standard error
// holds only the summary.
func TestCrosscheckProgress(t *testing.T) {
	g := generate(t)
	for _, tty := range []bool{false, true} {
		var out, errb bytes.Buffer
		e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, stderrTTY: tty}
		args := append([]string{"crosscheck", "--out", filepath.Join(t.TempDir(), "pairs.csv")}, g.sides()...)
		code := run(context.Background(), e, args)
		lines := strings.Count(errb.String(), "\n")
		bars := strings.Contains(errb.String(), "%")
		if code != 0 || bars != tty || !tty && lines != 1 {
			t.Errorf("terminal %t: exit %d, bars %t, %d lines; want exit 0, bars %t:\n%s", tty, code, bars, lines, tty, errb.String())
		}
	}
}

// TestCrosscheckCPUProfile: --cpu-profile writes a profile go tool pprof
// reads (gzip-compressed protocol buffers), private like every output, and
// refuses to be written over an input.
func TestCrosscheckCPUProfile(t *testing.T) {
	g := generate(t)
	dir := t.TempDir()
	prof := filepath.Join(dir, "cpu.pprof")
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	args := append([]string{"crosscheck", "--out", filepath.Join(dir, "pairs.csv"), "--cpu-profile", prof}, g.sides()...)
	if code := run(context.Background(), e, args); code != 0 {
		t.Fatalf("exit %d:\n%s", code, errb.String())
	}
	b, err := os.ReadFile(prof)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("the profile is %d bytes and not gzip-compressed", len(b))
	}
	if fi, err := os.Stat(prof); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the profile: %v, %v; want mode 0600", fi, err)
	}
	sides := g.sides()
	errb.Reset()
	args = append([]string{"crosscheck", "--out", filepath.Join(dir, "again.csv"), "--cpu-profile", sides[1]}, sides...)
	if code := run(context.Background(), e, args); code != 2 || !strings.Contains(errb.String(), "also an input") {
		t.Errorf("a profile over the input %s: exit %d, %q; want exit 2 naming it", sides[1], code, errb.String())
	}
}
