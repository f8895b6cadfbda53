package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
)

// synthData generates (once per size and data folder per test binary) a
// labelled dataset with seed 1, from the shared name and place lists when
// the shared data folder is found, else from the generator's built-in
// lists (set RFLMATCH_SHARED to an empty folder to force them).
func synthData(t testing.TB, people int) *synth.Dataset {
	t.Helper()
	synthMu.Lock()
	defer synthMu.Unlock()
	key := synthKey{people, synth.SharedDataDir("")}
	if d, ok := synthSets[key]; ok {
		return d
	}
	g, err := synth.New(synth.Options{Seed: 1, People: people})
	if err != nil {
		t.Fatal(err)
	}
	d, err := g.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	synthSets[key] = d
	return d
}

type synthKey struct {
	people int
	shared string
}

var (
	synthMu   sync.Mutex
	synthSets = map[synthKey]*synth.Dataset{}
)

// sought splits records into the sought (tracing requests and ante-mortem
// data) and the found (remains and registrations).
func sought(recs []*engine.Record) (left, right []*engine.Record) {
	for _, r := range recs {
		switch r.Kind {
		case engine.TracingRequest, engine.AnteMortem:
			left = append(left, r)
		default:
			right = append(right, r)
		}
	}
	return left, right
}

// summary writes a cross-check's outcome as text, one line per candidate,
// for comparing runs.
func summary(res *engine.CrosscheckResult) string {
	var b strings.Builder
	for _, m := range res.Matches {
		for i, c := range m.Candidates {
			fmt.Fprintf(&b, "%v %d %v %v %x %x %v\n", m.Left.Key, i, c.B.Key, c.Relation, c.Weight, c.Probability, c.Flags())
		}
	}
	fmt.Fprintf(&b, "pairs %d\n", res.Pairs)
	return b.String()
}

func crosscheck(t *testing.T, left, right []*engine.Record, opt engine.CrosscheckOptions) *engine.CrosscheckResult {
	t.Helper()
	res, err := engine.Crosscheck(context.Background(), left, right, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestCrosscheckDeterministic: the same inputs give the same ranked
// candidates, scores and flags on every run and for any number of workers.
func TestCrosscheckDeterministic(t *testing.T) {
	left, right := sought(synthData(t, 600).Records)
	models := engine.DefaultModels()
	first := summary(crosscheck(t, left, right, engine.CrosscheckOptions{Models: models, Workers: 1}))
	for _, workers := range []int{1, 4} {
		if got := summary(crosscheck(t, left, right, engine.CrosscheckOptions{Models: models, Workers: workers})); got != first {
			t.Errorf("workers %d: the outcome differs from the first run with 1 worker\n%s", workers, firstDiff(first, got))
		}
	}
}

// TestCrosscheckTrainedDeterministic: a run that estimates its model gives
// the same model and outcome for any number of workers.
func TestCrosscheckTrainedDeterministic(t *testing.T) {
	left, right := sought(synthData(t, 600).Records)
	ctx := context.Background()
	var models []string
	var outcomes []string
	for _, workers := range []int{1, 4, 4} {
		m, err := engine.Train(ctx, left, right, engine.CrosscheckOptions{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := m.Write(&b); err != nil {
			t.Fatal(err)
		}
		models = append(models, b.String())
		outcomes = append(outcomes, summary(crosscheck(t, left, right, engine.CrosscheckOptions{Workers: workers})))
	}
	for i := 1; i < len(models); i++ {
		if models[i] != models[0] {
			t.Errorf("run %d: the trained model differs from the first\n%s", i, firstDiff(models[0], models[i]))
		}
		if outcomes[i] != outcomes[0] {
			t.Errorf("run %d: the outcome differs from the first\n%s", i, firstDiff(outcomes[0], outcomes[i]))
		}
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines vs %d", len(la), len(lb))
}

// TestCrosscheckRanking: at most TopK candidates per case, best first
// (probability, then weight, then the right key), excluded pairs only
// with IncludeExcluded and then after every kept pair.
func TestCrosscheckRanking(t *testing.T) {
	left, right := sought(synthData(t, 600).Records)
	models := engine.DefaultModels()
	const topK = 3
	kept := crosscheck(t, left, right, engine.CrosscheckOptions{Models: models, TopK: topK})
	all := crosscheck(t, left, right, engine.CrosscheckOptions{Models: models, TopK: topK, IncludeExcluded: true})
	if len(kept.Matches) != len(all.Matches) || kept.Pairs != all.Pairs {
		t.Fatalf("%d matches and %d pairs, with excluded %d and %d", len(kept.Matches), kept.Pairs, len(all.Matches), all.Pairs)
	}
	excluded := 0
	for i, m := range all.Matches {
		k := kept.Matches[i]
		if m.Left.Key != k.Left.Key {
			t.Fatalf("match %d: %v vs %v", i, m.Left.Key, k.Left.Key)
		}
		if len(m.Candidates) > topK || len(k.Candidates) > topK {
			t.Errorf("%v: %d and %d candidates, TopK %d", m.Left.Key, len(k.Candidates), len(m.Candidates), topK)
		}
		for j, c := range k.Candidates {
			if c.Excluded != nil {
				t.Errorf("%v: excluded candidate %v without IncludeExcluded", k.Left.Key, c.B.Key)
			}
			if j > 0 && !before(&k.Candidates[j-1], &c) {
				t.Errorf("%v: candidate %d (%v p %.4f w %.3f) ranks after %d (%v p %.4f w %.3f)", k.Left.Key,
					j-1, k.Candidates[j-1].B.Key, k.Candidates[j-1].Probability, k.Candidates[j-1].Weight, j, c.B.Key, c.Probability, c.Weight)
			}
		}
		// With IncludeExcluded the kept pairs come first, as without it,
		// and the excluded ones fill the rest, probability 0.
		n := 0
		for j, c := range m.Candidates {
			if c.Excluded == nil {
				if j != n {
					t.Errorf("%v: kept candidate %v after an excluded one", m.Left.Key, c.B.Key)
				}
				n++
				continue
			}
			excluded++
			if c.Probability != 0 {
				t.Errorf("%v: excluded %v has probability %g", m.Left.Key, c.B.Key, c.Probability)
			}
			if len(c.Flags()) == 0 || !strings.HasPrefix(c.Flags()[len(c.Flags())-1], "excluded:") {
				t.Errorf("%v: excluded %v flags %v", m.Left.Key, c.B.Key, c.Flags())
			}
			if j > n && before(&c, &m.Candidates[j-1]) {
				t.Errorf("%v: excluded candidates out of order at %d", m.Left.Key, j)
			}
		}
		if n != len(k.Candidates) {
			t.Errorf("%v: %d kept candidates with IncludeExcluded, %d without", m.Left.Key, n, len(k.Candidates))
			continue
		}
		for j := range n {
			if m.Candidates[j].B.Key != k.Candidates[j].B.Key {
				t.Errorf("%v: candidate %d is %v with IncludeExcluded, %v without", m.Left.Key, j, m.Candidates[j].B.Key, k.Candidates[j].B.Key)
			}
		}
	}
	if excluded == 0 {
		t.Error("no excluded pair among the candidates: the data has remains found before the last contact")
	}
}

// before reports whether a ranks strictly before b as crosscheck orders
// candidates.
func before(a, b *engine.Scored) bool {
	switch {
	case a.Probability != b.Probability:
		return a.Probability > b.Probability
	case a.Weight != b.Weight:
		return a.Weight > b.Weight
	case a.B.Key.Source != b.B.Key.Source:
		return a.B.Key.Source < b.B.Key.Source
	}
	return a.B.Key.ID < b.B.Key.ID
}

// TestCrosscheckBothSides: with the same records on both sides there is
// no self pair, and the reciprocal requests of the data find each other,
// read as reciprocal.
func TestCrosscheckBothSides(t *testing.T) {
	d := synthData(t, 600)
	var mu sync.Mutex
	self := 0
	res := crosscheck(t, d.Records, d.Records, engine.CrosscheckOptions{
		Models: engine.DefaultModels(), IncludeExcluded: true,
		Observe: func(l, r engine.Key) {
			if l == r {
				mu.Lock()
				self++
				mu.Unlock()
			}
		},
	})
	if self != 0 {
		t.Errorf("Observe saw %d self pairs", self)
	}
	found := map[[2]engine.Key]bool{}
	for _, m := range res.Matches {
		for _, c := range m.Candidates {
			if c.B.Key == m.Left.Key {
				t.Errorf("%v is its own candidate", m.Left.Key)
			}
			if c.Relation == engine.Reciprocal {
				found[[2]engine.Key{m.Left.Key, c.B.Key}] = true
			}
		}
	}
	var total, both int
	for _, p := range d.Truth {
		if p.Relation != synth.ReciprocalRel {
			continue
		}
		total++
		// Either request may rank its partner below a registration of
		// the person it seeks; among its candidates it must be, as
		// reciprocal, from both sides.
		if found[[2]engine.Key{p.Left, p.Right}] && found[[2]engine.Key{p.Right, p.Left}] {
			both++
		}
	}
	if total == 0 {
		t.Fatal("no reciprocal pair in the data")
	}
	if r := float64(both) / float64(total); r < 0.8 {
		t.Errorf("reciprocal pairs found both ways: %d of %d (%.2f), want ≥ 0.8", both, total, r)
	}
	t.Logf("reciprocal pairs found both ways: %d of %d", both, total)
}

// TestModelsRoundTrip: a trained model written and read back is the same
// model.
func TestModelsRoundTrip(t *testing.T) {
	left, right := sought(synthData(t, 600).Records)
	trained, err := engine.Train(context.Background(), left, right, engine.CrosscheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]*engine.Models{"trained": trained, "default": engine.DefaultModels()} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "model.json")
			writeModels(t, path, m)
			got, err := engine.ReadModels(path)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, m) {
				a, _ := json.Marshal(m)
				b, _ := json.Marshal(got)
				t.Errorf("read back differs\n%s", firstDiff(strings.ReplaceAll(string(a), "},", "},\n"), strings.ReplaceAll(string(b), "},", "},\n")))
			}
		})
	}
}

func writeModels(t *testing.T, path string, m *engine.Models) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Write(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestReadModelsRejects: a model file that does not fit this build's
// fields, or whose numbers are not probabilities, is refused with a reason.
func TestReadModelsRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *engine.Models)
		raw    func(s string) string // edits the file text instead
		want   string                // in the error
	}{
		{name: "the defaults are accepted"},
		{name: "a field missing", change: func(m *engine.Models) { m.Person.Fields = m.Person.Fields[:len(m.Person.Fields)-1] }, want: "fields"},
		{name: "a field more", change: func(m *engine.Models) {
			m.Reciprocal.Fields = append(m.Reciprocal.Fields, m.Reciprocal.Fields[0])
		}, want: "fields"},
		{name: "fields in another order", change: func(m *engine.Models) {
			f := m.Person.Fields
			f[0], f[1] = f[1], f[0]
		}, want: "name"},
		{name: "a field renamed", change: func(m *engine.Models) { m.Person.Fields[2].Name = "gender" }, want: "gender"},
		{name: "a level missing", change: func(m *engine.Models) {
			f := &m.Person.Fields[0]
			f.Levels = f.Levels[:len(f.Levels)-1]
		}, want: "levels"},
		{name: "a level renamed", change: func(m *engine.Models) { m.Person.Fields[0].Levels[1].Name = "other" }, want: "other"},
		{name: "lambda 0", change: func(m *engine.Models) { m.Person.Lambda = 0 }, want: "lambda"},
		{name: "lambda 1", change: func(m *engine.Models) { m.Reciprocal.Lambda = 1 }, want: "lambda"},
		{name: "lambda negative", change: func(m *engine.Models) { m.Person.Lambda = -0.1 }, want: "lambda"},
		{name: "lambda above 1", change: func(m *engine.Models) { m.Person.Lambda = 1.5 }, want: "lambda"},
		{name: "m above 1", change: func(m *engine.Models) { m.Person.Fields[3].Levels[2].M = 1.2 }, want: "probabilities"},
		{name: "u negative", change: func(m *engine.Models) { m.Reciprocal.Fields[0].Levels[1].U = -0.2 }, want: "probabilities"},
		{name: "another version", change: func(m *engine.Models) { m.Version = engine.ModelVersion + 1 }, want: "version"},
		{name: "no reciprocal model", change: func(m *engine.Models) { m.Reciprocal = nil }, want: "required"},
		{name: "an unknown key", raw: func(s string) string { return strings.Replace(s, `"version"`, `"bias": 1, "version"`, 1) }, want: "bias"},
		{name: "not JSON", raw: func(s string) string { return s[:len(s)/2] }, want: "model.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := engine.DefaultModels()
			if tt.change != nil {
				tt.change(m)
			}
			path := filepath.Join(t.TempDir(), "model.json")
			writeModels(t, path, m)
			if tt.raw != nil {
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(tt.raw(string(b))), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := engine.ReadModels(path)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("ReadModels: %v, want it accepted", err)
			case tt.want != "" && err == nil:
				t.Errorf("ReadModels accepted it, want an error with %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("ReadModels: %v, want %q in it", err, tt.want)
			}
		})
	}
}

// TestReadModelsInnerVersion: a model of another version is refused, the
// person and reciprocal models' own versions as well as the file's.
func TestReadModelsInnerVersion(t *testing.T) {
	m := engine.DefaultModels()
	m.Person.Version = engine.ModelVersion + 1
	path := filepath.Join(t.TempDir(), "model.json")
	writeModels(t, path, m)
	if _, err := engine.ReadModels(path); err == nil {
		t.Error("ReadModels accepted a person model of another version")
	}
}
