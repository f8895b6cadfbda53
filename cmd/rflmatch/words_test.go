package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rflmatch/rflmatch/engine"
)

// The explanations carry a sentence a field, in the language asked for or
// the environment's; the readable view names the sought person and stays
// within 100 columns.
func TestCandidatesWorded(t *testing.T) {
	g := generate(t)
	data := filepath.Join(t.TempDir(), "data")
	if code, _, stderr := runCLI(t, nil, "ingest", "--no-encryption", "--data", data, g.tr, g.am, g.pm, g.reg); code != 0 {
		t.Fatal(stderr)
	}
	tr := headers(t, g.tr)[0]
	base := []string{"candidates", "--data", data, "--no-encryption", "--source", tr.Source, "--id", tr.ID, "--top", "3"}

	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string // in every field's text, for json; in the output, for text
	}{
		{"json in English by default", nil, []string{"--format", "json"}, ": "},
		{"json in French from LANG", map[string]string{"LANG": "fr_FR.UTF-8"}, []string{"--format", "json"}, " : "},
		{"--lang wins over LANG", map[string]string{"LANG": "fr_FR.UTF-8"}, []string{"--format", "json", "--lang", "ar"}, "، "},
		{"text in English", nil, []string{"--format", "text"}, "(the name as the family gave it)"},
		{"text in Arabic", nil, []string{"--format", "text", "--lang", "ar"}, "(الاسم كما قدّمته العائلة)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.env, append(append([]string{}, base...), tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, stderr)
			}
			if tt.args[1] == "text" {
				if !strings.Contains(stdout, tt.want) {
					t.Errorf("the view lacks %q:\n%s", tt.want, stdout)
				}
				for i, l := range strings.Split(stdout, "\n") {
					if n := utf8.RuneCountInString(l); n > viewWidth {
						t.Errorf("line %d is %d columns wide: %s", i+1, n, l)
					}
				}
				return
			}
			lines := strings.Split(strings.TrimSpace(stdout), "\n")
			if len(lines) == 0 || lines[0] == "" {
				t.Fatalf("no candidates:\n%s", stderr)
			}
			var texts int
			for _, l := range lines {
				var p engine.Pair
				if err := json.Unmarshal([]byte(l), &p); err != nil {
					t.Fatal(err)
				}
				for _, f := range p.Fields {
					if f.Text == "" {
						t.Errorf("%s: field %s has no text", p.RightID, f.Field)
					}
					if f.Level != "missing" && strings.Contains(f.Text, tt.want) {
						texts++
					}
				}
			}
			if texts == 0 {
				t.Errorf("no field's text contains %q:\n%s", tt.want, stdout)
			}
		})
	}
	if code, _, stderr := runCLI(t, nil, append(base, "--lang", "xx")...); code != exitUsage || !strings.Contains(stderr, "--lang xx") {
		t.Errorf("--lang xx: exit %d, stderr %q; want a usage error", code, stderr)
	}
}
