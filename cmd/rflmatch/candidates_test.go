package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

func TestCandidates(t *testing.T) {
	g := generate(t)
	data := filepath.Join(t.TempDir(), "data")
	if code, _, stderr := runCLI(t, nil, "ingest", "--no-encryption", "--data", data, g.tr, g.am, g.pm, g.reg); code != 0 {
		t.Fatal(stderr)
	}
	// A case with a tracing request and ante-mortem data, asked for by its
	// ante-mortem record: candidates come under the tracing request's key.
	hs := headers(t, g.tr, g.am)
	keys := caseKeys(hs)
	var am, tr header
	for _, h := range hs {
		if h.Kind == engine.AnteMortem && !keys[h.key()] {
			am = h
			break
		}
	}
	for _, h := range hs {
		if h.Kind == engine.TracingRequest && h.Source == am.Source && h.CaseID == am.CaseID {
			tr = h
		}
	}
	if am.ID == "" || tr.ID == "" {
		t.Fatal("the generated data has no case with both a tracing request and ante-mortem data")
	}
	pm := headers(t, g.pm)[0]
	store := []string{"candidates", "--data", data, "--no-encryption"}

	tests := []struct {
		name    string
		rec     header
		args    []string
		code    int
		left    string // the case key the rows are under
		explain bool
	}{
		{"a case by its ante-mortem record", am, []string{"--top", "3"}, 0, tr.key(), false},
		{"a case by its tracing request", tr, nil, 0, tr.key(), false},
		{"remains", pm, nil, 0, pm.key(), false},
		{"explained", tr, []string{"--explain", "--top", "2"}, 0, tr.key(), true},
		{"unknown", header{ID: "nobody", Source: tr.Source}, nil, 1, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append(store, "--source", tt.rec.Source, "--id", tt.rec.ID), tt.args...)
			code, stdout, stderr := runCLI(t, nil, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d:\n%s", code, tt.code, stderr)
			}
			if tt.code != 0 {
				if !strings.Contains(stderr, "no record") || stdout != "" {
					t.Errorf("unknown record: stdout %q, stderr %q", stdout, stderr)
				}
				return
			}
			var rows [][]string
			if tt.explain {
				rows = explainRows(t, []byte(stdout))
			} else {
				rows = readPairs(t, []byte(stdout))
			}
			if len(rows) == 0 {
				t.Fatalf("no candidates:\n%s", stderr)
			}
			checkPairs(t, rows, map[string]bool{tt.left: true}, 10)
		})
	}
}
