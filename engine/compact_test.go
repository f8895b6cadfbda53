package engine_test

import (
	"reflect"
	"runtime"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// TestCompactScoresAlike checks, on every pair of the cases of 300
// generated people, that compact profiles score exactly as full ones:
// weight, probability, relation, every field's level and weight, flags,
// exclusions with their reasons, and the frequencies counted from them;
// that they have the same blocking keys; and that explaining a pair of
// compact profiles does not fail.
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
		f, c := full[i], compact[i]
		if c.Records != nil || c.Names != nil || c.Parents != nil || c.Enquirer != nil {
			t.Fatalf("%v: the compact profile keeps records or names as written", f.Key)
		}
		if got, want := c.IndexKeys(), f.IndexKeys(); !reflect.DeepEqual(got, want) {
			t.Errorf("%v: index keys %q, want %q", f.Key, got, want)
		}
		if got, want := c.QueryKeys(engine.BlockOptions{}), f.QueryKeys(engine.BlockOptions{}); !reflect.DeepEqual(got, want) {
			t.Errorf("%v: query keys %q, want %q", f.Key, got, want)
		}
	}
	scorer := func(ps []*engine.Profile) *engine.Scorer {
		words, names := &engine.Frequencies{}, &engine.NameFrequencies{}
		for _, p := range ps {
			engine.CountProfile(words, names, p)
		}
		return engine.NewScorer(engine.DefaultModels(), words, names)
	}
	sf, sc := scorer(full), scorer(compact)
	for i := range full {
		for j := range full {
			if i == j {
				continue
			}
			want, got := sf.Score(full[i], full[j]), sc.Score(compact[i], compact[j])
			pair := full[i].Key.String() + " ↔ " + full[j].Key.String()
			if got.Weight != want.Weight || got.Probability != want.Probability || got.Relation != want.Relation ||
				got.NameTF != want.NameTF || got.SoftCapped != want.SoftCapped || got.Review != want.Review {
				t.Fatalf("%s: compact scores %v %v %v, full %v %v %v", pair, got.Relation, got.Weight, got.Probability, want.Relation, want.Weight, want.Probability)
			}
			if (got.Excluded == nil) != (want.Excluded == nil) || got.Excluded != nil && *got.Excluded != *want.Excluded {
				t.Fatalf("%s: compact excluded %v, full %v", pair, got.Excluded, want.Excluded)
			}
			gb, wb := sc.Explain(&got), sf.Explain(&want)
			if len(gb) != len(wb) {
				t.Fatalf("%s: %d fields explained, want %d", pair, len(gb), len(wb))
			}
			for k := range wb {
				if gb[k].Field != wb[k].Field || gb[k].Level != wb[k].Level || gb[k].Weight != wb[k].Weight {
					t.Fatalf("%s: field %s at level %s weighs %v, full profile %s %v", pair, gb[k].Field, gb[k].Level, gb[k].Weight, wb[k].Level, wb[k].Weight)
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
func profileBytes(tb testing.TB, recs []*engine.Record, prepare func([]*engine.Record) []*engine.Profile) (perProfile, perRecord float64) {
	tb.Helper()
	// Once first, so that caches that preparing fills (the phonetic
	// codes of spellings) are not counted.
	prepare(freshRecords(tb, recs))
	before := heapBytes()
	fresh := freshRecords(tb, recs)
	ps := prepare(fresh)
	fresh = nil
	after := heapBytes()
	runtime.KeepAlive(ps)
	n := float64(after) - float64(before)
	return n / float64(len(ps)), n / float64(len(recs))
}

// BenchmarkProfileBytes measures the memory a prepared profile holds, full
// (its records included) and compact, per profile and per record, on the
// cases of 2,000 generated people. Run:
//
//	go test ./engine/ -run '^$' -bench ProfileBytes -benchtime 1x
func BenchmarkProfileBytes(b *testing.B) {
	recs := synthData(b, 2000).Records
	for _, bb := range []struct {
		name    string
		prepare func([]*engine.Record) []*engine.Profile
	}{
		{"full", engine.PrepareCases},
		{"compact", func(recs []*engine.Record) []*engine.Profile {
			ps := engine.PrepareCases(recs)
			for i, p := range ps {
				ps[i] = p.Compact()
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
