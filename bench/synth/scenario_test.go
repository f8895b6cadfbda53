package synth

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

func TestDeterministic(t *testing.T) {
	a, _ := generateTo(t, 7, 600)
	b, _ := generateTo(t, 7, 600)
	c, _ := generateTo(t, 8, 600)
	for _, name := range []string{"tracing_requests.jsonl", "ante_mortem.jsonl", "post_mortem.jsonl", "registrations.jsonl", "truth.csv", "culture.csv", "README.md"} {
		fa, _ := os.ReadFile(filepath.Join(a, name))
		fb, _ := os.ReadFile(filepath.Join(b, name))
		fc, _ := os.ReadFile(filepath.Join(c, name))
		if !bytes.Equal(fa, fb) {
			t.Errorf("%s differs between two runs with seed 7", name)
		}
		if bytes.Equal(fa, fc) {
			t.Errorf("%s is the same for seeds 7 and 8", name)
		}
	}
}

func collect(t testing.TB, seed int64, people int) *Dataset {
	t.Helper()
	g, err := New(Options{Seed: seed, People: people})
	if err != nil {
		t.Fatal(err)
	}
	d, err := g.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestProportions(t *testing.T) {
	d := collect(t, 3, 8000)
	s, m := d.Summary, DefaultMix
	tests := []struct {
		name      string
		got, want float64
	}{
		{"brothers", ratio(s.Scenarios[Brothers], s.Units), m.Brothers},
		{"reciprocal", ratio(s.Scenarios[Reciprocal], s.Units), m.Reciprocal},
		{"duplicate_tr", ratio(s.Scenarios[DuplicateTR], s.Units), m.DuplicateTR},
		{"duplicate_pm", ratio(s.Scenarios[DuplicatePM], s.Units), m.DuplicatePM},
		{"nameless_body", ratio(s.Scenarios[NamelessBody], s.Units), m.NamelessBody},
		{"others_papers", ratio(s.Scenarios[OthersPapers], s.Units), m.OthersPapers},
		{"recovered_before", ratio(s.Scenarios[RecoveredBefore], s.Units), m.RecoveredBefore},
		{"unmatched_tr", ratio(s.Scenarios[UnmatchedTR], s.Units), m.UnmatchedTR},
		{"misspelled", ratio(s.Flags.Misspelled, s.Flags.Names), m.Misspelled},
		{"swapped", ratio(s.Flags.Swapped, s.Flags.Names), m.SwappedOrder},
		{"common name", ratio(s.Flags.CommonName, s.People), m.CommonName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Binomial noise on a few thousand units stays well inside 30%
			// of the share for shares of 3% and more.
			if math.Abs(tt.got-tt.want) > 0.3*tt.want {
				t.Errorf("share %.4f, configured %.4f", tt.got, tt.want)
			}
		})
	}
	if s.Truth[ReciprocalRel] != s.Scenarios[Reciprocal] {
		t.Errorf("%d reciprocal pairs for %d reciprocal units", s.Truth[ReciprocalRel], s.Scenarios[Reciprocal])
	}
}

// TestBrothersShareLineage checks that brothers really share their father's
// and grandfather's names, and that no pair of brothers is in the truth.
func TestBrothersShareLineage(t *testing.T) {
	g, err := New(Options{Seed: 5, People: 3000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for u, err := range g.Units(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if u.Scenario != Brothers {
			continue
		}
		ug := newUnitGen(g.w, &g.o, u.Index)
		ug.run()
		a, b := ug.ppl[0], ug.ppl[1]
		if a.lin.father != b.lin.father || a.lin.grandfather != b.lin.grandfather || a.lin.family != b.lin.family && a.c.struc != bangladeshi {
			t.Fatalf("unit %d: brothers do not share lineage", u.Index)
		}
		if a.given[0].key == b.given[0].key {
			t.Errorf("unit %d: brothers share the given name %s", u.Index, a.given[0].ref())
		}
		in := map[*engine.Record]*person{}
		for _, p := range ug.ppl {
			for _, r := range ug.recs[p] {
				in[r] = p
			}
		}
		for _, p := range u.Truth {
			var pa, pb *person
			for r, who := range in {
				if r.Key() == p.Left {
					pa = who
				}
				if r.Key() == p.Right {
					pb = who
				}
			}
			if pa != pb {
				t.Errorf("unit %d: truth pairs the two brothers: %v", u.Index, p)
			}
		}
		n++
	}
	if n == 0 {
		t.Fatal("no brothers unit generated")
	}
}

// TestRecoveredBefore checks the namesake trap: the PM's latest recovery
// date is before the namesake TR's earliest last contact minus 7 days, and
// the pair is not in the truth.
func TestRecoveredBefore(t *testing.T) {
	g, err := New(Options{Seed: 9, People: 4000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for u, err := range g.Units(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if u.Scenario != RecoveredBefore {
			continue
		}
		var pm *engine.Record
		for _, r := range u.Records {
			if r.Kind == engine.PostMortem {
				pm = r
			}
		}
		inTruth := map[engine.Key]bool{}
		for _, p := range u.Truth {
			inTruth[p.Left], inTruth[p.Right] = true, true
		}
		latest := pm.Recovery.Latest().Latest()
		for _, r := range u.Records {
			if r.Kind != engine.TracingRequest || inTruth[r.Key()] && inTruth[pm.Key()] && pairIn(u.Truth, r.Key(), pm.Key()) {
				continue
			}
			earliest := r.LastContact.Earliest().Earliest()
			if !latest.Before(earliest.AddDate(0, 0, -7)) {
				t.Errorf("unit %d: %s recovered %s, namesake %s last contact from %s", u.Index, pm.Key(), latest.Format("2006-01-02"), r.Key(), earliest.Format("2006-01-02"))
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no recovered-before trap generated")
	}
}

func pairIn(ps []Pair, a, b engine.Key) bool {
	for _, p := range ps {
		if p.Left == a && p.Right == b || p.Left == b && p.Right == a {
			return true
		}
	}
	return false
}

func TestBuiltinFallback(t *testing.T) {
	t.Setenv("RFLMATCH_SHARED", t.TempDir())
	g, err := New(Options{Seed: 1, People: 300})
	if err != nil {
		t.Fatal(err)
	}
	if g.SharedData() != "" {
		t.Fatalf("shared data %q, want none", g.SharedData())
	}
	d, err := g.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range d.Records {
		b, _ := r.MarshalCanonical()
		if _, err := engine.Decode(b); err != nil {
			t.Fatalf("%s: %v", r.Key(), err)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	g, err := New(Options{Seed: 1, People: 50_000})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	records := 0
	for b.Loop() {
		for u, err := range g.Units(context.Background()) {
			if err != nil {
				b.Fatal(err)
			}
			records += len(u.Records)
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}
