package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// helpOf runs 'rflmatch help ARGS…' and returns its standard output.
func helpOf(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := runCLI(t, nil, append([]string{"help"}, args...)...)
	if len(args) > 1 { // a benchmark: 'rflmatch bench NAME --help'
		code, stdout, stderr = runCLI(t, nil, append(slices.Clone(args), "--help")...)
	}
	if code != 0 || stderr != "" {
		t.Fatalf("rflmatch help %s = exit %d, standard error %q; want 0 and nothing", strings.Join(args, " "), code, stderr)
	}
	return stdout
}

// helpCommands are the commands and benchmarks whose help is checked.
func helpCommands() [][]string {
	var out [][]string
	for _, n := range commandNames() {
		out = append(out, []string{n})
	}
	for _, b := range []string{"names", "eval", "scale"} {
		out = append(out, []string{"bench", b})
	}
	return out
}

// flagLine is a line of a command's help that shows a flag: the flag, its
// placeholder if it takes a value, and its usage.
var flagLine = regexp.MustCompile(`^  (?:-[a-z], )?--([a-z0-9-]+)(?: ([^ ]+))?  +(.*)$`)

// placeholder is the form of a value's placeholder: FILE, HOST:PORT, MAP.json.
var placeholder = regexp.MustCompile(`^[A-Z][A-Z_:,]*(\.[a-z]+)?$`)

func TestHelp(t *testing.T) {
	for _, args := range helpCommands() {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			help := helpOf(t, args...)
			first, _, _ := strings.Cut(help, "\n")
			if want := "rflmatch " + args[0] + ": " + commands[args[0]].summary; first != want {
				t.Errorf("help starts with %q, want the summary %q", first, want)
			}
			if !strings.Contains(help, "\nusage: rflmatch "+strings.Join(args, " ")) {
				t.Errorf("help has no line 'usage: rflmatch %s …':\n%s", strings.Join(args, " "), help)
			}
			for line := range strings.SplitSeq(help, "\n") {
				m := flagLine.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				if m[2] != "" && !placeholder.MatchString(m[2]) {
					t.Errorf("--%s's placeholder %q is not a name in capitals (like FILE, DIR or MAP.json): %q", m[1], m[2], line)
				}
			}
		})
	}
}

// TestHelpMarksRequiredTruthfully runs each command without arguments and
// checks that it refuses to run for want of exactly the flags its help
// marks required.
func TestHelpMarksRequiredTruthfully(t *testing.T) {
	for _, args := range helpCommands() {
		var required []string
		for line := range strings.SplitSeq(helpOf(t, args...), "\n") {
			if m := flagLine.FindStringSubmatch(line); m != nil && strings.Contains(m[3], "required") && !strings.Contains(m[3], "required with") {
				required = append(required, "--"+m[1])
			}
		}
		if len(required) == 0 {
			continue
		}
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, _, stderr := runCLI(t, map[string]string{}, args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			for _, f := range required {
				if !strings.Contains(stderr, f) {
					t.Errorf("the help marks %s required; standard error does not name it:\n%s", f, stderr)
				}
			}
		})
	}
}

func TestVersionAndHelpForms(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // prefix
		stderr string // substring
	}{
		{"--version", []string{"--version"}, 0, "rflmatch ", ""},
		{"version", []string{"version"}, 0, "rflmatch ", ""},
		{"help", []string{"help"}, 0, "rflmatch ranks", ""},
		{"-h", []string{"-h"}, 0, "rflmatch ranks", ""},
		{"help CMD", []string{"help", "stats"}, 0, "rflmatch stats: ", ""},
		{"CMD -h", []string{"stats", "-h"}, 0, "rflmatch stats: ", ""},
		{"help of an unknown command", []string{"help", "frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"a mistake points to the help", []string{"stats", "--nope"}, 2, "", "run 'rflmatch help stats'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, nil, tt.args...)
			if code != tt.code || !strings.HasPrefix(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("rflmatch %s = exit %d, stdout %q, stderr %q; want exit %d, stdout starting %q, stderr with %q",
					strings.Join(tt.args, " "), code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// TestFlagsAfterFiles runs the commands that take files with their flags
// after the files, and the others with flags in other orders than the
// README's: GNU-style, flags may come anywhere.
func TestFlagsAfterFiles(t *testing.T) {
	dir := t.TempDir()
	good := fixture(t, dir, "good.jsonl", goodTR+"\n"+goodPM+"\n")
	sheet := fixture(t, dir, "pm.csv", "Case,Sex\nPM-7,male\n")
	mapping := fixture(t, dir, "pm.json", `{"source":"test-forensic","kind":"post_mortem","columns":{"Case":{"path":"id"},"Sex":{"path":"sex"}}}`)
	data := filepath.Join(dir, "data")
	backup := filepath.Join(dir, "b.backup")
	steps := []struct {
		args []string
		err  string // substring of standard error
	}{
		{[]string{"ingest", good, sheet, "--data", data, "--mapping", mapping, "--no-encryption"}, "read 3, stored 3"},
		{[]string{"validate", sheet, "--mapping", mapping}, "read 1,"},
		{[]string{"validate", sheet, "--mapping=" + mapping}, "read 1,"},
		{[]string{"validate", sheet, "-mapping", mapping}, "read 1,"}, // one dash, as Go's flag package wrote it
		{[]string{"stats", "--no-encryption", "--json", "--data", data}, ""},
		{[]string{"backup", "--out", backup, "--data", data, "--no-encryption"}, "wrote backup"},
		{[]string{"restore", backup, "--data", filepath.Join(dir, "restored"), "--no-encryption"}, "restored"},
		{[]string{"token", "list", "--data", data, "--no-encryption"}, ""},
		{[]string{"token", "--data", data, "--no-encryption", "create", "--role", "tracer", "--org", "de-rc"}, "created token"},
		{[]string{"delete", "--id", "PM-7", "--no-encryption", "--data", data, "--source", "test-forensic"}, "deleted"},
		{[]string{"crosscheck", "--out", filepath.Join(dir, "pairs.csv"), "--right", good, "--left", good}, "rows written"},
	}
	for _, s := range steps {
		code, _, stderr := runCLI(t, map[string]string{}, s.args...)
		if code != 0 || !strings.Contains(stderr, s.err) {
			t.Errorf("rflmatch %s = exit %d, want 0 with %q in standard error; got:\n%s", strings.Join(s.args, " "), code, s.err, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "restored")); err != nil {
		t.Error(err)
	}
}

func TestBenchName(t *testing.T) {
	tests := []struct {
		args []string
		name string
		rest []string
	}{
		{[]string{"scale", "--records", "5"}, "scale", []string{"--records", "5"}},
		{[]string{"--records", "5", "scale"}, "scale", []string{"--records", "5"}},
		{[]string{"--json", "scale", "--records=5"}, "scale", []string{"--json", "--records=5"}},
		{[]string{"--help"}, "", []string{"--help"}},
		{nil, "", nil},
	}
	for _, tt := range tests {
		name, rest := benchName(tt.args)
		if name != tt.name || !slices.Equal(rest, tt.rest) {
			t.Errorf("benchName(%q) = %q, %q; want %q, %q", tt.args, name, rest, tt.name, tt.rest)
		}
	}
}

// mappingInit writes a sheet of text into a new directory and runs
// mapping init on it, which must succeed; it returns the directory, the
// sheet, the mapping written and what init said.
func mappingInit(t *testing.T, text string) (dir, sheet, out, stderr string) {
	t.Helper()
	dir = t.TempDir()
	sheet = fixture(t, dir, "liste.csv", text)
	out = filepath.Join(dir, "liste.mapping.json")
	code, _, stderr := runCLI(t, nil, "mapping", "init", sheet, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	return dir, sheet, out, stderr
}

func TestMappingInit(t *testing.T) {
	dir, sheet, out, stderr := mappingInit(t, "\uFEFFN° dossier;Nom;Prénom;Sexe;Âge;Date de découverte;Lieu;Remarques internes\nA-1;BENALI;Karim;M;25;12/08/2023;Calais;x\n")
	if !strings.Contains(stderr, `guessed 7 columns of 8 columns; not guessed`) || !strings.Contains(stderr, `"Remarques internes"`) {
		t.Errorf("standard error:\n%s", stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"N° dossier": {"path":"id"}`, `"Nom": {"path":"names[0].full","join":2}`, `"Prénom": {"path":"names[0].full","join":1}`, `"Âge": {"paths":["age.min","age.max"]}`, `"Date de découverte": {"path":"recovery.date"}`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the mapping has no %s:\n%s", want, data)
		}
	}
	// Once given a source, a kind and a date layout, it reads the sheet.
	edited := strings.Replace(strings.Replace(strings.Replace(string(data), `"source": ""`, `"source": "fr-test"`, 1), `"kind": ""`, `"kind": "post_mortem"`, 1),
		`{"path":"recovery.date"}`, `{"path":"recovery.date","date_layout":"dd/mm/yyyy"}`, 1)
	fixture(t, dir, "edited.json", edited)
	code, _, stderr := runCLI(t, nil, "validate", sheet, "--mapping", filepath.Join(dir, "edited.json"))
	if code != 0 || !strings.Contains(stderr, "read 1, stored 0, updated 0, unchanged 0, rejected 0") {
		t.Errorf("validate with the edited mapping = exit %d:\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "mapping", "init", sheet, "--out", out); code != 2 || !strings.Contains(stderr, "refusing to overwrite") {
		t.Errorf("a second init onto the same file = exit %d:\n%s", code, stderr)
	}
}

// A sheet with two columns of one name: ingest refuses a mapping that
// names it (which of the two?), so init leaves both out, says why, and
// writes a mapping that loads.
func TestMappingInitHeaderTwice(t *testing.T) {
	dir, sheet, out, stderr := mappingInit(t, "Dossier,Sexe,Sexe,Lieu\nA-1,M,F,Calais\n")
	if !strings.Contains(stderr, `guessed 2 columns of 4 columns; in the header more than once`) || !strings.Contains(stderr, `rename the copies to map them: "Sexe"`) {
		t.Errorf("standard error:\n%s", stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), `"Sexe"`) {
		t.Errorf("the mapping names the doubled column:\n%s", data)
	}
	edited := strings.Replace(strings.Replace(string(data), `"source": ""`, `"source": "fr-test"`, 1), `"kind": ""`, `"kind": "post_mortem"`, 1)
	fixture(t, dir, "edited.json", edited)
	if code, _, stderr := runCLI(t, nil, "validate", sheet, "--mapping", filepath.Join(dir, "edited.json")); code != 0 {
		t.Errorf("validate with the edited mapping = exit %d:\n%s", code, stderr)
	}
}
