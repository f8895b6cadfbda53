package engine

import (
	"context"
	"math"
	"strings"
	"testing"
)

// FuzzScore checks that no pair of records, valid or not, panics the
// scoring path (Prepare, the block index, Exclude, Score, Explain, Flags,
// a cross-check) and that every probability is a probability: in [0, 1]
// and not NaN. The records are decoded as [FuzzCompare] decodes them; a
// line that is not JSON gives an empty record of a fuzzed kind, and fuzzed
// names, an age, a date and a dental chart are laid over both, so that
// every input reaches the scorer.
func FuzzScore(f *testing.F) {
	add := func(x, y []byte) { f.Add(x, y, "", "", uint8(0), uint8(0), "", "") }
	lines := schemaExamples()
	for i := range lines {
		for j := range lines {
			add(lines[i], lines[j])
		}
	}
	for _, c := range explainCases {
		add([]byte(`{"id":"a","source":"s","kind":"`+string(c.left[0].kind)+`",`+c.left[0].fields+`}`),
			[]byte(`{"id":"b","source":"s","kind":"`+string(c.right[0].kind)+`",`+c.right[0].fields+`}`))
	}
	add([]byte(`{"id":"a","source":"s","kind":"tracing_request","names":[{"full":"محمد"},{"full":"M."},{"full":" "}],"enquirer":{"names":[{"full":"a"}]},"age":{"min":0,"max":200,"as_of":"1900"}}`),
		[]byte(`{"id":"a","source":"s","kind":"tracing_request","names":[{"full":"محمد","parts":{"given":"محمد","prefix":"al"}}],"enquirer":{"names":[{"full":"محمد"}],"relationship":"brother"}}`))
	add([]byte(`{"id":"a","source":"s","kind":"post_mortem","death_date":"2023","recovery":{"date_to":"2022"},"sex":"female","sex_certain":true,"documents":[{"number":"1234"},{"number":"1234","country":"SD","name":"x"}]}`),
		[]byte(`{"id":"b","source":"s","kind":"registration","sex":"male","phones":["00","+0","0000000"],"registered":{"date":"1970-01-01","date_to":"1969"}}`))
	f.Add([]byte("-"), []byte("-"), "Mohamed Abdelrahman Adam", "محمد عبد الرحمن آدم", uint8(0b10001), uint8(24), "2023-06", "11:sound,21:fractured,36:filled,46:missing")
	f.Add([]byte("-"), []byte("-"), "Ahmed Ali Hassan", "Fatima Ali Hassan", uint8(0b10000), uint8(200), "2023", "46:missing,36:filled")
	f.Add([]byte("-"), []byte("-"), "Nguyễn Văn An", "NGUYEN Van An", uint8(0b1111), uint8(255), "9999-12-31", "99:gold,11:missing")
	f.Add([]byte("-"), []byte("-"), "ተስፋይ ገብረመድህን", "Tesfay Gebremedhin", uint8(0b0110), uint8(1), "0000", "")
	models := DefaultModels()
	f.Fuzz(func(t *testing.T, x, y []byte, na, nb string, kinds, age uint8, date, teeth string) {
		a, b := fuzzRecord(x), fuzzRecord(y)
		if a == nil {
			a = &Record{ID: "a", Source: "s", Kind: Kinds[kinds&3]}
		}
		if b == nil {
			b = &Record{ID: "b", Source: "s", Kind: Kinds[kinds>>2&3]}
		}
		overlay(a, na, nb, kinds, age, date, teeth)
		overlay(b, nb, na, kinds>>1, age/2, date, teeth)
		p, q := Prepare(a), Prepare(b)
		profiles := []*Profile{p, q, Prepare(a, b)}
		words, names := countFrequencies(profiles)
		scorers := []*Scorer{NewScorer(models, nil, nil), NewScorer(models, words, names)}
		for _, s := range scorers {
			for _, u := range profiles {
				for _, v := range profiles {
					sc := s.Score(u, v)
					if math.IsNaN(sc.Weight) || math.IsNaN(sc.Probability) || sc.Probability < 0 || sc.Probability > 1 {
						t.Fatalf("weight %g, probability %g", sc.Weight, sc.Probability)
					}
					if sc.Excluded != nil && sc.Probability != 0 {
						t.Fatalf("excluded (%s) with probability %g", sc.Excluded.Code, sc.Probability)
					}
					for _, bd := range s.Explain(&sc) {
						if math.IsNaN(bd.Weight) {
							t.Fatalf("%s: NaN weight", bd.Field)
						}
					}
					_ = sc.Flags()
					Exclude(u, v)
				}
			}
		}
		ix := NewBlockIndex(profiles, BlockOptions{MaxBlock: 1})
		var scratch BlockScratch
		for _, u := range profiles {
			for _, i := range ix.Candidates(u, &scratch, nil) {
				if i < 0 || int(i) >= len(profiles) {
					t.Fatalf("candidate %d out of %d", i, len(profiles))
				}
			}
		}
		res, err := CrosscheckProfiles(context.Background(), profiles[:2], profiles, CrosscheckOptions{Models: models, Workers: 1, IncludeExcluded: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range res.Matches {
			for _, c := range m.Candidates {
				if math.IsNaN(c.Probability) || c.Probability < 0 || c.Probability > 1 {
					t.Fatalf("crosscheck probability %g", c.Probability)
				}
			}
		}
	})
}

// overlay lays fuzzed values over a record: a name, an enquirer named
// like the other record's person (the reciprocal path), an age, the date
// of the record's event and a dental chart ("11:sound,36:filled").
func overlay(r *Record, name, other string, bits, age uint8, date, teeth string) {
	if name != "" {
		r.Names = append(r.Names, Name{Full: name})
	}
	if other != "" && bits&16 != 0 {
		r.Enquirer = &Enquirer{Names: []Name{{Full: other}}, Relationship: Relationships[int(bits)%len(Relationships)]}
	}
	if age != 0 {
		r.Age = &Age{Min: float64(age % 100), Max: float64(age%100) + float64(age/100)*10}
		if bits&32 != 0 {
			r.Sex = Male
		} else {
			r.Sex = Female
		}
	}
	if d, err := ParseDate(date); err == nil {
		e := &Event{Date: d, Place: &Place{Country: "LY"}}
		switch r.Kind {
		case PostMortem:
			r.Recovery = e
		case Registration:
			r.Registered = e
		default:
			r.LastContact = e
		}
	}
	if teeth != "" {
		r.Dental = &Dental{Teeth: map[string]ToothStatus{}}
		for _, kv := range strings.Split(teeth, ",") {
			k, v, _ := strings.Cut(kv, ":")
			r.Dental.Teeth[k] = ToothStatus(v)
		}
	}
}
