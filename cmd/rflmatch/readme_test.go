package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
)

// notAsWritten are the README's commands that this test does not run
// exactly as written, keyed by the command as the README writes it (without
// its comment, spaces collapsed): what runs instead, or nothing, and why.
// Sizes are cut so that the whole test stays within a minute on two cores.
var notAsWritten = map[string]struct {
	run string // the command run instead; empty when nothing runs
	why string
}{
	"go test ./...": {"", "it is the command that runs this test"},
	"go build -o rflmatch ./cmd/rflmatch": {"",
		"it would write the binary into the repository; TestREADMEInstall runs it with a temporary output path and runs the binary"},
	"go run ./cmd/rflmatch bench eval": {"go run ./cmd/rflmatch bench eval --people 1000",
		"5,000 generated people take 12 s of the minute this test has; febrl4 and historical run in full"},
	"go run ./cmd/rflmatch bench eval --sets generated --people 5000 --seed 2": {"go run ./cmd/rflmatch bench eval --sets generated --people 1000 --seed 2",
		"5,000 generated people take 12 s of the minute this test has"},
	"go run ./cmd/rflmatch bench scale --records 100000 --json": {"go run ./cmd/rflmatch bench scale --records 2000 --queries 100 --json",
		"100,000 records take minutes to generate, ingest and query"},
	"go test -run '^$' -bench Crosscheck -benchtime 1x ./bench/": {"go test -list Crosscheck ./bench/",
		"its one iteration generates 110,000 records and cross-checks 10,000 × 100,000, minutes; the list shows that the benchmark builds and the pattern names it"},
	"go test -run '^$' -bench . ./phonetic/": {"go test -run '^$' -bench . -benchtime 1x ./phonetic/",
		"one iteration each shows that the benchmarks run; their timings are not under test"},
}

// needsSharedData are the README's commands that read ../shared/data. As
// the README says of the tests, they are skipped with a message without it.
var needsSharedData = map[string]bool{
	"go run ./cmd/rflmatch bench eval":  true, // febrl4 and historical
	"go run ./cmd/rflmatch bench names": true,
}

// pmColumns are the columns of pm.csv, the sheet of the forensic service
// that the README's mapping example names, and how each cell is filled from
// a generated record of its remains.
var pmColumns = []struct {
	name string
	cell func(r *engine.Record) string
}{
	{"Case number", func(r *engine.Record) string { return r.ID }},
	{"Name on papers", func(r *engine.Record) string {
		if len(r.Names) == 0 {
			return ""
		}
		return r.Names[0].Full
	}},
	{"Name type", func(r *engine.Record) string {
		if len(r.Names) == 0 {
			return ""
		}
		return string(r.Names[0].Type)
	}},
	{"Sex", func(r *engine.Record) string { return string(r.Sex) }},
	{"Age from", func(r *engine.Record) string {
		if r.Age == nil {
			return ""
		}
		return strconv.FormatFloat(r.Age.Min, 'f', -1, 64)
	}},
	{"Age to", func(r *engine.Record) string {
		if r.Age == nil {
			return ""
		}
		return strconv.FormatFloat(r.Age.Max, 'f', -1, 64)
	}},
	{"Found on", func(r *engine.Record) string {
		// The mapping's layout is day/month/year: a partial date has no
		// cell in it.
		if r.Recovery == nil || r.Recovery.Date.Prec != engine.DayPrecision {
			return ""
		}
		d := r.Recovery.Date
		return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
	}},
	{"Found at", func(r *engine.Record) string {
		if r.Recovery == nil || r.Recovery.Place == nil {
			return ""
		}
		return r.Recovery.Place.Text
	}},
	{"Effects", func(r *engine.Record) string { return strings.Join(r.Effects, ";") }},
}

// TestREADMECommands runs every command of the README's sh blocks, in the
// README's order, in a temporary directory that holds the files the README
// names: a README example that fails is a bug that users meet first.
//
// `rflmatch X` and `go run ./cmd/rflmatch X` run the command in-process with
// the arguments X, `go test …` runs the go command in the repository, and
// `export VAR=VALUE` sets VAR for the commands after it. Arguments that are
// paths or record keys only the README's reader has are replaced as the
// table below says; notAsWritten lists the commands run otherwise. Every
// command must exit 0: no example says it exits otherwise.
func TestREADMECommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	cmds := readmeCommands(t, readme)
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	// The working directory moves to a temporary one, where the shared data
	// is not beside the repository: it is named by the variable instead.
	shared := synth.SharedDataDir("")
	if shared != "" {
		t.Setenv("RFLMATCH_SHARED", shared)
	}
	g := generate(t)
	dir := t.TempDir()
	writeREADMEFiles(t, dir, g, readme)
	tr := soughtWithRemains(t, g)

	// The README's paths and record keys, and what they are here. An
	// argument (or an exported value) equal to a key is replaced.
	store := filepath.Join(dir, "store")
	subst := map[string]string{
		"/secure/place/rflmatch.key": filepath.Join(dir, "rflmatch.key"),
		"/var/lib/rflmatch":          store,
		"DIR":                        store, // the same store: the README ingests into it, then backs it up
		"NEW_EMPTY_DIR":              filepath.Join(dir, "restored"),
		"de-tracing":                 tr.Source, // a tracing request with remains among its true counterparts
		"TR-DE-0HEK9G4M":             tr.ID,
	}
	// The API section's server listens where the machine has room.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	subst["127.0.0.1:8080"] = addr
	checkTablesFollowREADME(t, cmds, subst)
	replace := func(words []string) []string {
		out := make([]string, len(words))
		for i, w := range words {
			out[i] = w
			if r, ok := subst[w]; ok {
				out[i] = r
			}
			if rest, ok := strings.CutPrefix(w, "http://127.0.0.1:8080/"); ok {
				out[i] = "http://" + addr + "/" + rest
				for k, v := range subst { // record keys in URL paths
					out[i] = strings.ReplaceAll(out[i], "/"+k+"/", "/"+v+"/")
				}
			}
		}
		return out
	}
	var bg *background
	t.Cleanup(func() {
		if bg != nil {
			bg.kill(t)
		}
	})

	t.Chdir(dir)
	env := map[string]string{}
	for _, c := range cmds {
		if c.words[0] == "export" {
			for _, kv := range c.words[1:] {
				k, v, _ := strings.Cut(kv, "=")
				env[k] = replace([]string{v})[0]
			}
			continue
		}
		t.Run(c.text, func(t *testing.T) {
			words := c.words
			if alt, ok := notAsWritten[c.text]; ok {
				if alt.run == "" {
					t.Skipf("README.md:%d: not run: %s", c.line, alt.why)
				}
				var err error
				if words, _, err = shellWords(alt.run); err != nil {
					t.Fatalf("notAsWritten[%q]: %v", c.text, err)
				}
				t.Logf("README.md:%d: runs %q: %s", c.line, alt.run, alt.why)
			}
			if testing.Short() && long(words) {
				t.Skipf("README.md:%d: benchmarks and go test take most of this test's time; skipped with -short", c.line)
			}
			if needsSharedData[c.text] && shared == "" {
				t.Skipf("README.md:%d: needs ../shared/data, which is not beside the repository (or set RFLMATCH_SHARED)", c.line)
			}
			ran := replace(expand(words, env))
			var capture string
			if name, ok := strings.CutPrefix(ran[0], capturePrefix); ok {
				capture, ran = name, ran[1:]
			}
			switch {
			case ran[len(ran)-1] == "&":
				if bg != nil {
					t.Fatalf("README.md:%d: a second background server", c.line)
				}
				bg = startBackground(t, env, ran[:len(ran)-1])
				return
			case ran[0] == "kill":
				if bg == nil {
					t.Fatalf("README.md:%d: nothing runs in the background", c.line)
				}
				code, stderr := bg.kill(t)
				bg = nil
				if code != 0 {
					t.Fatalf("README.md:%d: the background server exited %d:\n%s", c.line, code, stderr)
				}
				return
			}
			code, stdout, stderr := runCommand(t, repo, env, ran)
			if capture != "" && code == 0 {
				env[capture] = strings.TrimSpace(stdout)
			}
			if code != 0 {
				t.Fatalf("README.md:%d: %s\nran: %s\nexit %d, want 0; standard error:\n%s", c.line, c.text, strings.Join(ran, " "), code, stderr)
			}
			if slices.Contains(c.words, "-bench") && !strings.Contains("\n"+stdout, "\nBenchmark") {
				t.Errorf("README.md:%d: %s\nran: %s\nnames no benchmark; standard output:\n%s", c.line, c.text, strings.Join(ran, " "), stdout)
			}
		})
	}
}

// checkTablesFollowREADME fails the test when an entry of the tables names
// a command or an argument that the README no longer has.
func checkTablesFollowREADME(t *testing.T, cmds []readmeCommand, subst map[string]string) {
	t.Helper()
	texts := map[string]bool{}
	words := map[string]bool{}
	for _, c := range cmds {
		texts[c.text] = true
		for _, w := range c.words {
			words[w] = true
			if _, v, ok := strings.Cut(w, "="); ok && c.words[0] == "export" {
				words[v] = true
			}
		}
	}
	for text := range notAsWritten {
		if !texts[text] {
			t.Errorf("notAsWritten names %q, which is not a README command", text)
		}
	}
	for text := range needsSharedData {
		if !texts[text] {
			t.Errorf("needsSharedData names %q, which is not a README command", text)
		}
	}
	for w := range subst {
		if !words[w] {
			t.Errorf("the substitutions replace %q, which no README command has", w)
		}
	}
}

// runCommand runs one command line from the working directory, rflmatch
// in-process and go test in the repository, and returns its exit code and
// streams.
func runCommand(t *testing.T, repo string, env map[string]string, words []string) (int, string, string) {
	t.Helper()
	if args, ok := cliArgs(words); ok {
		return runCLI(t, env, args...)
	}
	if words[0] == "curl" {
		return runCurl(t, words)
	}
	if len(words) < 2 || words[0] != "go" || words[1] != "test" {
		t.Fatalf("%q: not a command this test knows how to run (rflmatch, go run ./cmd/rflmatch, go test, export)", strings.Join(words, " "))
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("no go command: %v", err)
	}
	cmd := exec.Command("go", words[1:]...)
	cmd.Dir = repo
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), stdout.String(), stderr.String()
	case err != nil:
		t.Fatal(err)
	}
	return 0, stdout.String(), stderr.String()
}

// cliArgs returns the arguments of an rflmatch command line: `rflmatch X`
// and `go run ./cmd/rflmatch X` both run the command with X.
func cliArgs(words []string) ([]string, bool) {
	if len(words) >= 1 && words[0] == "rflmatch" {
		return words[1:], true
	}
	if len(words) >= 3 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/rflmatch" {
		return words[3:], true
	}
	return nil, false
}

// long reports whether -short skips a command: the benchmarks and go test.
func long(words []string) bool {
	args, ok := cliArgs(words)
	return !ok || len(args) > 0 && args[0] == "bench"
}

// writeREADMEFiles writes into dir the input files the README's examples
// name, made from the generated data, and the README's mapping example as
// pm-mapping.json. The remains of the mapping's source go to pm.csv, the
// others to pm.jsonl, so that the two files hold different records.
func writeREADMEFiles(t *testing.T, dir string, g generated, readme []byte) {
	t.Helper()
	read := func(path string) []byte {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	var mappings []string
	for _, b := range fencedBlocks(readme, "json") {
		if text := strings.Join(b.lines, "\n"); strings.Contains(text, `"columns"`) {
			mappings = append(mappings, text)
		}
	}
	if len(mappings) != 1 {
		t.Fatalf("the README has %d mapping examples (json blocks with \"columns\"), want 1", len(mappings))
	}
	pmJSONL, pmCSV := splitRemains(t, []byte(mappings[0]), read(g.pm))
	files := map[string][]byte{
		"tracing.jsonl":       read(g.tr),
		"am.jsonl":            read(g.am),
		"pm.jsonl":            pmJSONL,
		"pm.csv":              pmCSV,
		"pm-mapping.json":     []byte(mappings[0] + "\n"),
		"registrations.jsonl": read(g.reg),
		"all.jsonl":           slices.Concat(read(g.tr), read(g.am), read(g.pm), read(g.reg)),
	}
	for name, data := range files {
		fixture(t, dir, name, string(data))
	}
}

// splitRemains splits the remains of a JSON Lines file into those of other
// sources, as JSON Lines, and those of the mapping's source, as a sheet in
// the mapping's columns, which must be those of pmColumns.
func splitRemains(t *testing.T, mapping, jsonl []byte) (others, sheet []byte) {
	t.Helper()
	var m struct {
		Source  string                     `json:"source"`
		Columns map[string]json.RawMessage `json:"columns"`
	}
	if err := json.Unmarshal(mapping, &m); err != nil {
		t.Fatalf("the README's mapping example: %v", err)
	}
	var header []string
	for _, c := range pmColumns {
		header = append(header, c.name)
	}
	mapped := slices.Sorted(maps.Keys(m.Columns))
	if !slices.Equal(mapped, slices.Sorted(slices.Values(header))) {
		t.Fatalf("the README's mapping example has the columns %q, pm.csv %q: update pmColumns", mapped, header)
	}
	var rest, table bytes.Buffer
	w := csv.NewWriter(&table)
	w.Write(header)
	rows := 0
	for _, line := range bytes.SplitAfter(jsonl, []byte("\n")) {
		var r engine.Record
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		if r.Source != m.Source {
			rest.Write(line)
			continue
		}
		rows++
		row := make([]string, len(pmColumns))
		for i, c := range pmColumns {
			row[i] = c.cell(&r)
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if rows == 0 {
		t.Fatalf("the generated data has no remains of %q, the source of the README's mapping example", m.Source)
	}
	return rest.Bytes(), table.Bytes()
}

// soughtWithRemains is the first tracing request of the generated data that
// has remains among its true counterparts, as the README's example has.
func soughtWithRemains(t *testing.T, g generated) header {
	t.Helper()
	remains := map[string]bool{}
	for _, h := range headers(t, g.pm) {
		remains[h.key()] = true
	}
	data, err := os.ReadFile(filepath.Join(g.dir, "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, r := range rows[1:] {
		if r[2] == "same_person" {
			found[r[0]] = found[r[0]] || remains[r[1]]
			found[r[1]] = found[r[1]] || remains[r[0]]
		}
	}
	for _, h := range headers(t, g.tr) {
		if found[h.key()] {
			return h
		}
	}
	t.Fatal("no generated tracing request has remains among its true counterparts")
	return header{}
}

// readmeCommand is one command line of the README's sh blocks.
type readmeCommand struct {
	line  int      // the README's line where the command starts
	text  string   // as written, without its comment, spaces collapsed
	words []string // the words a shell would pass
}

// readmeCommands returns the command lines of the README's sh blocks in
// order, lines ending in a backslash joined to the next.
func readmeCommands(t *testing.T, readme []byte) []readmeCommand {
	t.Helper()
	var cmds []readmeCommand
	for _, b := range fencedBlocks(readme, "sh") {
		var joined strings.Builder
		start := b.line
		for i, line := range b.lines {
			if joined.Len() == 0 {
				start = b.line + i
			}
			if s, ok := strings.CutSuffix(strings.TrimRight(line, " \t"), `\`); ok {
				joined.WriteString(s + " ")
				continue
			}
			joined.WriteString(line)
			words, text, err := shellForms(joined.String())
			joined.Reset()
			if err != nil {
				t.Fatalf("README.md:%d: %v", start, err)
			}
			if len(words) > 0 {
				cmds = append(cmds, readmeCommand{start, text, words})
			}
		}
	}
	if len(cmds) == 0 {
		t.Fatal("the README has no commands in sh blocks")
	}
	return cmds
}

// block is the content of one fenced block of a Markdown file.
type block struct {
	line  int // the file's line of the block's first content line
	lines []string
}

// fencedBlocks returns the fenced blocks of a Markdown file whose info
// string is lang, in order.
func fencedBlocks(md []byte, lang string) []block {
	var blocks []block
	var cur *block
	inside := false
	for i, line := range strings.Split(string(md), "\n") {
		fence, ok := strings.CutPrefix(strings.TrimSpace(line), "```")
		switch {
		case ok && !inside:
			inside = true
			if strings.TrimSpace(fence) == lang {
				blocks = append(blocks, block{line: i + 2})
				cur = &blocks[len(blocks)-1]
			}
		case ok:
			inside, cur = false, nil
		case cur != nil:
			cur.lines = append(cur.lines, line)
		}
	}
	return blocks
}

// shellWords splits a command line as sh does for the simple commands a
// README shows: words, single and double quotes, backslash escapes, and a
// comment from an unquoted # that begins a word. text is the line before the
// comment with its spaces collapsed. Expansions, globs, redirections and
// pipes are not simple commands: they are an error.
func shellWords(s string) (words []string, text string, err error) {
	var w strings.Builder
	inWord := false
	end := len(s)
	flush := func() {
		if inWord {
			words = append(words, w.String())
			w.Reset()
			inWord = false
		}
	}
scan:
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == ' ' || ch == '\t':
			flush()
		case ch == '#' && !inWord:
			end = i
			break scan
		case ch == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, "", fmt.Errorf("%q: unterminated '", s)
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case ch == '"':
			inWord = true
			for i++; i < len(s) && s[i] != '"'; i++ {
				switch {
				case s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0:
					i++
				case s[i] == '`' || s[i] == '$' && !varAt.MatchString(s[i:]):
					return nil, "", fmt.Errorf("%q: expansions other than $NAME are not run here", s)
				}
				w.WriteByte(s[i])
			}
			if i == len(s) {
				return nil, "", fmt.Errorf("%q: unterminated \"", s)
			}
		case ch == '\\' && i+1 < len(s):
			i++
			w.WriteByte(s[i])
			inWord = true
		case ch == '$' && varAt.MatchString(s[i:]):
			w.WriteByte(ch) // $NAME, expanded when the command runs
			inWord = true
		case strings.IndexByte("|&;<>()$`*?[", ch) >= 0:
			return nil, "", fmt.Errorf("%q: %c: only simple commands are run here", s, ch)
		default:
			w.WriteByte(ch)
			inWord = true
		}
	}
	flush()
	return words, strings.Join(strings.Fields(s[:end]), " "), nil
}

func TestShellWords(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		words []string
		text  string
		err   bool
	}{
		{"words", "rflmatch backup  --data DIR", []string{"rflmatch", "backup", "--data", "DIR"}, "rflmatch backup --data DIR", false},
		{"comment", "go test ./...   # run the tests", []string{"go", "test", "./..."}, "go test ./...", false},
		{"# inside a word", "echo a#b", []string{"echo", "a#b"}, "echo a#b", false},
		{"single quotes", "go test -run '^$' -bench .", []string{"go", "test", "-run", "^$", "-bench", "."}, "go test -run '^$' -bench .", false},
		{"double quotes", `echo "a \"b\" # c"`, []string{"echo", `a "b" # c`}, `echo "a \"b\" # c"`, false},
		{"backslash", `echo a\ b`, []string{"echo", "a b"}, `echo a\ b`, false},
		{"export", "export K=/a/b", []string{"export", "K=/a/b"}, "export K=/a/b", false},
		{"only a comment", "# nothing", nil, "", false},
		{"pipe", "rflmatch export --data DIR | head", nil, "", true},
		{"variable", `rflmatch stats --data $DIR -H "Bearer $T"`, []string{"rflmatch", "stats", "--data", "$DIR", "-H", "Bearer $T"}, `rflmatch stats --data $DIR -H "Bearer $T"`, false},
		{"command substitution", "rflmatch stats --data $(pwd)", nil, "", true},
		{"braces", `echo "${HOME}"`, nil, "", true},
		{"unterminated quote", "echo 'a", nil, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words, text, err := shellWords(tt.line)
			if (err != nil) != tt.err || !slices.Equal(words, tt.words) || text != tt.text {
				t.Errorf("shellWords(%q) = %q, %q, %v; want %q, %q, error %v", tt.line, words, text, err, tt.words, tt.text, tt.err)
			}
		})
	}
}
