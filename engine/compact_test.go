package engine_test

import (
	"reflect"
	"runtime"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// TestCompactScoresAlike checks, on every pair of the cases of 300
// generated people, that compact profiles score exactly as full ones
// (see checkAlike), and that explaining a pair of compact profiles does
// not fail.
func TestCompactScoresAlike(t *testing.T) {
	full := engine.PrepareCases(synthData(t, 300).Records)
	compact := make([]*engine.Profile, len(full))
	for i, p := range full {
		compact[i] = p.Compact()
		if i%2 == 1 {
			compact[i] = compact[i].Compact() // compacting twice changes nothing
		}
	}
	for i := range full {
		if c := compact[i]; c.Records != nil || c.Names != nil || c.Parents != nil || c.Enquirer != nil {
			t.Fatalf("%v: the compact profile keeps records or names as written", full[i].Key)
		}
	}
	checkAlike(t, "compact", full, compact)
}

// checkAlike checks that the profiles got, index for index, do what want
// do: the same blocking keys (indexed, queried and reverse), the same
// frequencies counted from them, and, on every pair, the same weight,
// probability, relation, name adjustment, soft cap, review, exclusion
// with its reason, and every field's level and weight.
func checkAlike(t *testing.T, what string, want, got []*engine.Profile) {
	t.Helper()
	for i := range want {
		w, g := want[i], got[i]
		if gk, wk := g.IndexKeys(), w.IndexKeys(); !reflect.DeepEqual(gk, wk) {
			t.Errorf("%v: %s index keys %q, want %q", w.Key, what, gk, wk)
		}
		if gk, wk := g.QueryKeys(engine.BlockOptions{}), w.QueryKeys(engine.BlockOptions{}); !reflect.DeepEqual(gk, wk) {
			t.Errorf("%v: %s query keys %q, want %q", w.Key, what, gk, wk)
		}
		if gk, wk := g.ReverseKeys(), w.ReverseKeys(); !reflect.DeepEqual(gk, wk) {
			t.Errorf("%v: %s reverse keys %q, want %q", w.Key, what, gk, wk)
		}
	}
	scorer := func(ps []*engine.Profile) (*engine.Scorer, *engine.Frequencies, *engine.NameFrequencies) {
		words, names := &engine.Frequencies{}, &engine.NameFrequencies{}
		for _, p := range ps {
			engine.CountProfile(words, names, p)
		}
		return engine.NewScorer(engine.DefaultModels(), words, names), words, names
	}
	sw, ww, nw := scorer(want)
	sg, wg, ng := scorer(got)
	if !reflect.DeepEqual(wg, ww) || !reflect.DeepEqual(ng, nw) {
		t.Errorf("the frequencies counted from %s profiles differ", what)
	}
	for i := range want {
		for j := range want {
			if i == j {
				continue
			}
			ws, gs := sw.Score(want[i], want[j]), sg.Score(got[i], got[j])
			pair := want[i].Key.String() + " ↔ " + want[j].Key.String()
			if gs.Weight != ws.Weight || gs.Probability != ws.Probability || gs.Relation != ws.Relation ||
				gs.NameTF != ws.NameTF || gs.SoftCapped != ws.SoftCapped || gs.Review != ws.Review {
				t.Fatalf("%s: %s scores %v %v %v, want %v %v %v", pair, what, gs.Relation, gs.Weight, gs.Probability, ws.Relation, ws.Weight, ws.Probability)
			}
			if (gs.Excluded == nil) != (ws.Excluded == nil) || gs.Excluded != nil && *gs.Excluded != *ws.Excluded {
				t.Fatalf("%s: %s excluded %v, want %v", pair, what, gs.Excluded, ws.Excluded)
			}
			gb, wb := sg.Explain(&gs), sw.Explain(&ws)
			if len(gb) != len(wb) {
				t.Fatalf("%s: %d fields explained, want %d", pair, len(gb), len(wb))
			}
			for k := range wb {
				if gb[k].Field != wb[k].Field || gb[k].Level != wb[k].Level || gb[k].Weight != wb[k].Weight {
					t.Fatalf("%s: %s field %s at level %s weighs %v, want %s %v", pair, what, gb[k].Field, gb[k].Level, gb[k].Weight, wb[k].Level, wb[k].Weight)
				}
			}
		}
	}
}

// freshRecords decodes copies of the records, so that what profiles
// retain of their records can be measured apart from the dataset.
func freshRecords(tb testing.TB, recs []*engine.Record) []*engine.Record {
	tb.Helper()
	out := make([]*engine.Record, len(recs))
	for i, r := range recs {
		b, err := r.MarshalCanonical()
		if err != nil {
			tb.Fatal(err)
		}
		if out[i], err = engine.Decode(b); err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// heapBytes is the live heap after a full collection.
func heapBytes() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// profileBytes prepares the cases of fresh copies of recs and measures the
// heap that holding the profiles takes, per profile and per record: what
// a profile keeps of its records (all of them, for a full profile) is
// counted with it.
func profileBytes(tb testing.TB, recs []*engine.Record, prepare func(testing.TB, []*engine.Record) []*engine.Profile) (perProfile, perRecord float64) {
	tb.Helper()
	// Once first, so that caches that preparing fills (the phonetic
	// codes of spellings) are not counted.
	prepare(tb, freshRecords(tb, recs))
	before := heapBytes()
	fresh := freshRecords(tb, recs)
	ps := prepare(tb, fresh)
	fresh = nil
	after := heapBytes()
	runtime.KeepAlive(ps)
	n := float64(after) - float64(before)
	return n / float64(len(ps)), n / float64(len(recs))
}

// BenchmarkProfileBytes measures the memory a prepared profile holds, full
// (its records included), compact and decoded from its encoding, per
// profile and per record, on the cases of 2,000 generated people. Run:
//
//	go test ./engine/ -run '^$' -bench ProfileBytes -benchtime 1x
func BenchmarkProfileBytes(b *testing.B) {
	recs := synthData(b, 2000).Records
	for _, bb := range []struct {
		name    string
		prepare func(testing.TB, []*engine.Record) []*engine.Profile
	}{
		{"full", func(_ testing.TB, recs []*engine.Record) []*engine.Profile { return engine.PrepareCases(recs) }},
		{"compact", func(_ testing.TB, recs []*engine.Record) []*engine.Profile {
			ps := engine.PrepareCases(recs)
			for i, p := range ps {
				ps[i] = p.Compact()
			}
			return ps
		}},
		{"decoded", func(tb testing.TB, recs []*engine.Record) []*engine.Profile {
			ps := engine.PrepareCases(recs)
			for i, enc := range encodeAll(tb, ps) {
				var err error
				if ps[i], err = engine.DecodeProfile(enc); err != nil {
					tb.Fatal(err)
				}
			}
			return ps
		}},
	} {
		b.Run(bb.name, func(b *testing.B) {
			var perProfile, perRecord float64
			for b.Loop() {
				perProfile, perRecord = profileBytes(b, recs, bb.prepare)
			}
			b.ReportMetric(perProfile, "B/profile")
			b.ReportMetric(perRecord, "B/record")
		})
	}
}
