package engine

import (
	"math"
	"slices"
	"testing"
)

// Fixtures of the scorer's tables: a dental chart with rare restorations
// (fractured, filled, crown, missing: a strong match when both sides agree),
// the same chart with one conflict (filled in life, sound after death), and
// soft descriptors that agree with softAM (softPM) or contradict it
// (softFar).
const (
	chartAM       = `"dental":{"teeth":{"11":"sound","16":"sound","21":"fractured","26":"crown","36":"filled","46":"missing"}}`
	chartPM       = `"dental":{"teeth":{"11":"sound","16":"sound","21":"fractured","26":"crown","36":"filled","46":"missing"}}`
	chartConflict = `"dental":{"teeth":{"11":"sound","16":"sound","21":"fractured","26":"crown","36":"sound","46":"missing"}}`
	softAM        = `"weight_kg":{"min":65,"max":70},"hair":"black, short","eyes":"brown","clothing":["red football shirt","black jeans"],"effects":["silver ring with blue stone"],"last_contact":{"place":{"country":"LY","lat":32.93,"lon":12.08}}`
	softPM        = `"weight_kg":{"min":66,"max":68},"hair":"black","eyes":"brown","clothing":["red shirt (football)","black jeans"],"effects":["ring, silver, blue stone"],"recovery":{"place":{"country":"LY","lat":32.9,"lon":12.1}}`
	softFar       = `"weight_kg":{"min":110,"max":120},"hair":"blond","eyes":"blue","clothing":["green coat"],"effects":["gold watch"],"recovery":{"place":{"country":"GR","lat":39.1,"lon":26.5}}`
)

// spec is one side of a scoring table: a record's kind and its fields as JSON object
// members, as [rec] takes them.
type spec struct {
	kind   Kind
	fields string
}

func (s spec) profile(t testing.TB) *Profile { return Prepare(rec(t, s.kind, s.fields)) }

// levelOf is the level name of a field in a scored pair's breakdown.
func levelOf(bd []Breakdown, field string) (Breakdown, bool) {
	i := slices.IndexFunc(bd, func(b Breakdown) bool { return b.Field == field })
	if i < 0 {
		return Breakdown{}, false
	}
	return bd[i], true
}

// TestScore pins what the scorer makes of one pair: the relation, the
// exclusion and the review flag, the levels of the fields that decide, and
// the match probability within bounds loose enough to survive the priors'
// tuning (pmin above the prior λ means the evidence is for the pair).
func TestScore(t *testing.T) {
	tests := []struct {
		name       string
		a, b       spec
		rel        Relation
		pmin, pmax float64
		excluded   string            // exclusion code, "" for none
		review     bool              // dental_conflict_review
		levels     map[string]string // field → level in the breakdown
	}{
		{
			name: "same person, same name",
			a:    spec{tr, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"last_contact":{"date":"2023-06-02","place":{"country":"LY","lat":32.93,"lon":12.08}}`},
			b:    spec{pm, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2023-06-09","place":{"country":"LY","lat":32.9,"lon":12.1}}`},
			rel:  SamePerson, pmin: 0.9, pmax: 1,
			levels: map[string]string{"name": "exact", "sex": "same_uncertain", "dates": "days", "place": "close"},
		},
		{
			name: "Arabic script against its Latin transliteration",
			a:    spec{tr, `"names":[{"full":"محمد عبد الرحمن آدم","lang":"ar"}],"sex":"male"`},
			b:    spec{pm, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"sex":"male"`},
			rel:  SamePerson, pmin: 0.1, pmax: 1,
			levels: map[string]string{"name": "transliteration"},
		},
		{
			name: "Somali spelling of a Latin name",
			a:    spec{tr, `"names":[{"full":"Mahmoud Hussein Mohamed"}],"sex":"male"`},
			b:    spec{pm, `"names":[{"full":"MAXAMUUD XUSEEN MAXAMED","type":"document","lang":"so"}],"sex":"male"`},
			rel:  SamePerson, pmin: 0.05, pmax: 1,
			levels: map[string]string{"name": "phonetic"},
		},
		{
			name: "a body with someone else's papers is kept",
			a:    spec{tr, `"names":[{"full":"Yonas Kidane Berhe"}],"sex":"male","last_contact":{"date":"2023-06-02"}`},
			b:    spec{pm, `"sex":"male","recovery":{"date":"2023-06-09"},"documents":[{"type":"id_card","number":"ER-118273","country":"ER","name":"Tesfay Gebremedhin Haile"}],` + chartPM},
			rel:  SamePerson, pmin: 1e-6, pmax: 0.5,
		},
		{
			name: "another's papers differ once, in the name, not again in their number",
			a:    spec{tr, `"names":[{"full":"Yonas Kidane Berhe"}],"sex":"male","documents":[{"type":"passport","number":"ER-554120","country":"ER"}]`},
			b:    spec{pm, `"sex":"male","documents":[{"type":"id_card","number":"ER-118273","country":"ER","name":"Tesfay Gebremedhin Haile"}]`},
			rel:  SamePerson, pmin: 1e-6, pmax: 0.5,
			levels: map[string]string{"name": "papers_differ", "documents": "missing"},
		},
		{
			name: "own names and numbers that differ both count",
			a:    spec{am, `"names":[{"full":"Yonas Kidane Berhe"}],"sex":"male","documents":[{"type":"passport","number":"ER-554120","country":"ER"}]`},
			b:    spec{reg, `"names":[{"full":"Tesfay Gebremedhin Haile"}],"sex":"male","documents":[{"type":"passport","number":"ER-118273","country":"ER"}]`},
			rel:  SamePerson, pmin: 0, pmax: 0.01,
			levels: map[string]string{"name": "different", "documents": "different"},
		},
		{
			name: "the papers' owner is found through them",
			a:    spec{tr, `"names":[{"full":"Tesfay Gebremedhin Haile"}],"sex":"male"`},
			b:    spec{pm, `"sex":"male","documents":[{"type":"id_card","number":"ER-118273","country":"ER","name":"Tesfay Gebremedhin Haile"}]`},
			rel:  SamePerson, pmin: 0.1, pmax: 1,
			levels: map[string]string{"name": "exact"},
		},
		{
			name: "same document number",
			a:    spec{am, `"documents":[{"type":"passport","number":"P0123 4567","country":"SD"}]`},
			b:    spec{pm, `"documents":[{"type":"passport","number":"p01234567","country":"SD"}]`},
			rel:  SamePerson, pmin: 0.5, pmax: 1,
			levels: map[string]string{"documents": "same_document"},
		},
		{
			name: "one dental conflict asks for review",
			a:    spec{am, chartAM},
			b:    spec{pm, chartConflict},
			rel:  SamePerson, pmin: 0, pmax: 0.5, review: true,
			levels: map[string]string{"dental": "conflict_review"},
		},
		{
			name: "two dental conflicts exclude",
			a:    spec{am, chartAM},
			b:    spec{pm, `"dental":{"teeth":{"11":"sound","16":"sound","21":"sound","26":"crown","36":"sound","46":"missing"}}`},
			rel:  SamePerson, excluded: DentalConflicts,
			levels: map[string]string{"dental": "conflicts"},
		},
		{
			name: "sexes certain and different",
			a:    spec{tr, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"sex":"male"`},
			b:    spec{pm, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"sex":"female","sex_certain":true`},
			rel:  SamePerson, excluded: SexConflict,
			levels: map[string]string{"sex": "different"},
		},
		{
			name: "remains' sex estimate differs: kept",
			a:    spec{tr, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"sex":"male"`},
			b:    spec{pm, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"sex":"female"`},
			rel:  SamePerson, pmin: 1e-3, pmax: 1,
			levels: map[string]string{"sex": "different_uncertain"},
		},
		{
			name: "recovered before last contact, days",
			a:    spec{tr, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"last_contact":{"date":"2023-06-20"}`},
			b:    spec{pm, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"recovery":{"date":"2023-06-01"}`},
			rel:  SamePerson, excluded: RecoveredBeforeLastContact,
			levels: map[string]string{"dates": "before"},
		},
		{
			name: "recovered before last contact, months",
			a:    spec{tr, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"last_contact":{"date":"2023-08"}`},
			b:    spec{pm, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"recovery":{"date":"2023-06"}`},
			rel:  SamePerson, excluded: RecoveredBeforeLastContact,
		},
		{
			name: "recovered before last contact, years",
			a:    spec{tr, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"last_contact":{"date":"2024"}`},
			b:    spec{pm, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"recovery":{"date":"2022"}`},
			rel:  SamePerson, excluded: RecoveredBeforeLastContact,
		},
		{
			name: "same month at month precision is kept",
			a:    spec{tr, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"last_contact":{"date":"2023-06"}`},
			b:    spec{pm, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"recovery":{"date":"2023-06"}`},
			rel:  SamePerson, pmin: 0.1, pmax: 1,
			levels: map[string]string{"dates": "days"},
		},
		{
			name: "death date before last contact",
			a:    spec{am, `"last_contact":{"date":"2023-06-20"}`},
			b:    spec{pm, `"death_date":"2023-05","recovery":{"date":"2023-07-01"}`},
			rel:  SamePerson, excluded: RecoveredBeforeLastContact,
		},
		{
			name: "reciprocal tracing: each seeks the other",
			a:    spec{tr, `"names":[{"full":"Ahmed Ali Hassan"}],"sex":"male","enquirer":{"names":[{"full":"Fatima Ali Hassan"}],"relationship":"sister","sex":"female"}`},
			b:    spec{tr, `"names":[{"full":"Fatima Ali Hassan"}],"sex":"female","enquirer":{"names":[{"full":"Ahmed Ali Hassan"}],"relationship":"brother","sex":"male"}`},
			rel:  Reciprocal, pmin: 0.5, pmax: 1,
			levels: map[string]string{"enquirer_name": "exact", "reciprocal": "reciprocal"},
		},
		{
			name: "two requests for one person",
			a:    spec{tr, `"names":[{"full":"Ahmed Ali Hassan"}],"sex":"male","enquirer":{"names":[{"full":"Fatima Ali Hassan"}],"relationship":"sister","sex":"female"}`},
			b:    spec{tr, `"names":[{"full":"Ahmed Ali Hassan"}],"sex":"male","enquirer":{"names":[{"full":"Khadija Omar"}],"relationship":"mother","sex":"female"}`},
			rel:  Duplicate, pmin: 0.1, pmax: 1,
			levels: map[string]string{"name": "exact", "sex": "same"},
		},
		{
			name: "a request and another family's ante-mortem data",
			a:    spec{tr, `"names":[{"full":"Ahmed Ali Hassan"}],"sex":"male"`},
			b:    spec{am, `"names":[{"full":"Ahmed Ali Hassan"}],"sex":"male"`},
			rel:  Duplicate, pmin: 0.1, pmax: 1,
		},
		{
			name: "one body recorded by two agencies",
			a:    spec{pm, `"sex":"male","incident_id":"SW-2023-06-04",` + chartPM},
			b:    spec{pm, `"sex":"male","incident_id":"sw 2023 06 04",` + chartPM},
			rel:  Duplicate, pmin: 0.5, pmax: 1,
			levels: map[string]string{"incident": "same", "dental": "strong"},
		},
		{
			name: "registration of the sought person",
			a:    spec{tr, `"names":[{"full":"Tesfaye Gebre-Medhin"}],"sex":"male","birth_date":"2006-09","last_contact":{"date":"2023-11"}`},
			b:    spec{reg, `"names":[{"full":"Tesfay Gebremedhin Haile","lang":"ti"}],"sex":"male","age":{"min":17,"max":17,"as_of":"2024-02-11"},"registered":{"date":"2024-02-11"}`},
			rel:  SamePerson, pmin: 0.02, pmax: 1,
			levels: map[string]string{"sex": "same", "dates": "months"},
		},
		{
			name: "a body and a registration",
			a:    spec{pm, `"names":[{"full":"Tesfay Gebremedhin Haile"}],"recovery":{"date":"2024-06"}`},
			b:    spec{reg, `"names":[{"full":"Tesfay Gebremedhin Haile"}],"registered":{"date":"2024-02-11"}`},
			rel:  SamePerson, pmin: 0.1, pmax: 1,
		},
	}
	s := NewScorer(DefaultModels(), nil, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := tt.a.profile(t), tt.b.profile(t)
			sc := s.Score(a, b)
			if sc.Relation != tt.rel {
				t.Errorf("relation = %v, want %v", sc.Relation, tt.rel)
			}
			if math.IsNaN(sc.Weight) || math.IsNaN(sc.Probability) || sc.Probability < 0 || sc.Probability > 1 {
				t.Fatalf("weight %g, probability %g", sc.Weight, sc.Probability)
			}
			bd := s.Explain(&sc)
			switch {
			case tt.excluded != "":
				if sc.Excluded == nil || sc.Excluded.Code != tt.excluded {
					t.Errorf("excluded = %+v, want %s", sc.Excluded, tt.excluded)
				}
				if sc.Probability != 0 {
					t.Errorf("excluded pair has probability %g, want 0", sc.Probability)
				}
				if !slices.Contains(sc.Flags(), "excluded:"+tt.excluded) {
					t.Errorf("flags %v lack excluded:%s", sc.Flags(), tt.excluded)
				}
			case sc.Excluded != nil:
				t.Errorf("excluded: %s (%s), want kept", sc.Excluded.Code, sc.Excluded.Detail)
			case sc.Probability < tt.pmin || sc.Probability > tt.pmax:
				t.Errorf("probability = %.4f (weight %.2f), want in [%g, %g]\n%v", sc.Probability, sc.Weight, tt.pmin, tt.pmax, bd)
			}
			if sc.Review != tt.review {
				t.Errorf("review = %v, want %v", sc.Review, tt.review)
			}
			if got := slices.Contains(sc.Flags(), DentalConflictReviewFlag); got != tt.review {
				t.Errorf("flags = %v, want %s: %v", sc.Flags(), DentalConflictReviewFlag, tt.review)
			}
			for f, want := range tt.levels {
				b, ok := levelOf(bd, f)
				if !ok {
					t.Errorf("no %s in the breakdown", f)
					continue
				}
				if b.Level != want {
					t.Errorf("%s = %s (%s), want %s", f, b.Level, b.Detail, want)
				}
			}
			// The weights of the breakdown add up to the pair's weight
			// (each rounded to 0.01).
			var sum float64
			for _, b := range bd {
				sum += b.Weight
			}
			if math.Abs(sum-sc.Weight) > 0.01*float64(len(bd)) {
				t.Errorf("breakdown sums to %.2f, weight is %.2f", sum, sc.Weight)
			}
			// The same pair read the other way round is scored alike.
			rev := s.Score(b, a)
			if rev.Relation != sc.Relation || math.Abs(rev.Weight-sc.Weight) > 1e-9 || rev.Review != sc.Review ||
				(rev.Excluded == nil) != (sc.Excluded == nil) {
				t.Errorf("Score(b, a) = %v %.4f review %v excluded %v, Score(a, b) = %v %.4f review %v excluded %v",
					rev.Relation, rev.Weight, rev.Review, rev.Excluded, sc.Relation, sc.Weight, sc.Review, sc.Excluded)
			}
		})
	}
}

// TestScoreRanks pins orderings: the true person above a look-alike for
// the same tracing request.
func TestScoreRanks(t *testing.T) {
	tests := []struct {
		name          string
		query         spec
		better, worse spec
	}{
		{
			name:   "transliteration above a different given name",
			query:  spec{tr, `"names":[{"full":"محمد عبد الرحمن آدم","lang":"ar"}],"sex":"male"`},
			better: spec{pm, `"names":[{"full":"Mohammed Abd al-Rahman Adam"}],"sex":"male"`},
			worse:  spec{pm, `"names":[{"full":"Yusuf Abdelrahman Adam"}],"sex":"male"`},
		},
		{
			name:   "transliteration above another name",
			query:  spec{tr, `"names":[{"full":"محمد عبد الرحمن آدم","lang":"ar"}],"sex":"male"`},
			better: spec{reg, `"names":[{"full":"Mohamed Abderrahmane Adam"}],"sex":"male"`},
			worse:  spec{reg, `"names":[{"full":"Khalid Osman Ibrahim"}],"sex":"male"`},
		},
		{
			name:   "Ge'ez script against its Latin spelling",
			query:  spec{tr, `"names":[{"full":"ተስፋይ ገብረመድህን ሃይለ","lang":"ti"}],"sex":"male"`},
			better: spec{reg, `"names":[{"full":"Tesfay Gebremedhin Haile"}],"sex":"male"`},
			worse:  spec{reg, `"names":[{"full":"Yonas Gebremedhin Haile"}],"sex":"male"`},
		},
		{
			name:   "brothers: same father and grandfather, other given name",
			query:  spec{tr, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"}`},
			better: spec{pm, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2023-06-09"}`},
			worse:  spec{pm, `"names":[{"full":"Ibrahim Abdelrahman Adam"}],"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2023-06-09"}`},
		},
		{
			name:   "brothers, names in parts",
			query:  spec{am, `"names":[{"full":"Mohammed Abd al-Rahman Adam","parts":{"given":"Mohammed","father":"Abd al-Rahman","grandfather":"Adam"}}],"sex":"male"`},
			better: spec{reg, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"sex":"male"`},
			worse:  spec{reg, `"names":[{"full":"Ishaq Abdelrahman Adam","parts":{"given":"Ishaq","father":"Abdelrahman","grandfather":"Adam"}}],"sex":"male"`},
		},
		{
			name:   "parents' names tell namesakes apart",
			query:  spec{am, `"names":[{"full":"Mohamed Ali"}],"parents":{"mother":{"full":"Hawa Ishaq"}}`},
			better: spec{reg, `"names":[{"full":"Mohamed Ali"}],"parents":{"mother":{"full":"Hawa Ishaq"}}`},
			worse:  spec{reg, `"names":[{"full":"Mohamed Ali"}],"parents":{"mother":{"full":"Amina Yusuf"}}`},
		},
		{
			name:   "strong dental alone above every soft descriptor agreeing",
			query:  spec{am, chartAM + "," + softAM},
			better: spec{pm, chartPM},
			worse:  spec{pm, softPM},
		},
	}
	s := NewScorer(DefaultModels(), nil, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.query.profile(t)
			good, bad := s.Score(q, tt.better.profile(t)), s.Score(q, tt.worse.profile(t))
			if good.Excluded != nil || bad.Excluded != nil {
				t.Fatalf("excluded: better %v, worse %v", good.Excluded, bad.Excluded)
			}
			if good.Weight <= bad.Weight || good.Probability <= bad.Probability {
				t.Errorf("better: weight %.2f p %.4f; worse: weight %.2f p %.4f\nbetter %v\nworse %v",
					good.Weight, good.Probability, bad.Weight, bad.Probability, s.Explain(&good), s.Explain(&bad))
			}
			if better(&good, &bad) >= 0 {
				t.Error("crosscheck's order does not put the better pair first")
			}
		})
	}
}

// TestScoreSoftCap checks the lesson of NCIC: soft descriptors (weight,
// hair, eyes, place, clothing, effects) together never lift a pair above a
// strong dental agreement, and never push a strong dental agreement down.
func TestScoreSoftCap(t *testing.T) {
	s := NewScorer(DefaultModels(), nil, nil)
	prof := func(k Kind, fields string) *Profile { return Prepare(rec(t, k, fields)) }
	dental := s.Score(prof(am, chartAM), prof(pm, chartPM))
	if b, _ := levelOf(s.Explain(&dental), "dental"); b.Level != "strong" {
		t.Fatalf("dental fixture: %s (%s), want strong", b.Level, b.Detail)
	}
	if dental.SoftCapped != 0 {
		t.Errorf("no soft descriptor, yet SoftCapped = %g", dental.SoftCapped)
	}
	if _, ok := levelOf(s.Explain(&dental), "soft_descriptor_cap"); ok {
		t.Error("no soft descriptor, yet a soft_descriptor_cap line")
	}

	tests := []struct {
		name   string
		a, b   spec
		check  func(t *testing.T, sc Scored)
		capped float64 // sign of SoftCapped and of the soft_descriptor_cap line: -1, 0 or 1
	}{
		{
			name: "every soft descriptor agrees",
			a:    spec{am, softAM}, b: spec{pm, softPM},
			capped: -1,
			check: func(t *testing.T, sc Scored) {
				if sc.Weight >= dental.Weight {
					t.Errorf("soft descriptors alone weigh %.2f, strong dental alone %.2f", sc.Weight, dental.Weight)
				}
			},
		},
		{
			name: "strong dental, every soft descriptor disagrees",
			a:    spec{am, chartAM + "," + softAM}, b: spec{pm, chartPM + "," + softFar},
			capped: 1,
			check: func(t *testing.T, sc Scored) {
				if sc.Weight < dental.Weight {
					t.Errorf("strong dental with contrary soft descriptors weighs %.2f, alone %.2f", sc.Weight, dental.Weight)
				}
			},
		},
		{
			name: "strong dental, every soft descriptor agrees",
			a:    spec{am, chartAM + "," + softAM}, b: spec{pm, chartPM + "," + softPM},
			capped: -1,
			check: func(t *testing.T, sc Scored) {
				if sc.Weight <= dental.Weight {
					t.Errorf("agreeing soft descriptors add nothing: %.2f vs %.2f alone", sc.Weight, dental.Weight)
				}
				if sc.Weight-dental.Weight > s.personCap+1e-9 {
					t.Errorf("soft descriptors add %.2f, above the cap %.2f", sc.Weight-dental.Weight, s.personCap)
				}
			},
		},
		{
			name: "no dental, soft descriptors disagree: capped below",
			a:    spec{am, softAM}, b: spec{pm, softFar},
			capped: 1,
			check: func(t *testing.T, sc Scored) {
				if math.Abs(sc.Weight+s.personCap) > 1e-9 {
					t.Errorf("weight %.2f, want the cap %.2f", sc.Weight, -s.personCap)
				}
			},
		},
		{
			name: "one soft descriptor: below the cap, untouched",
			a:    spec{am, `"weight_kg":{"min":65,"max":70}`}, b: spec{pm, `"weight_kg":{"min":66,"max":68}`},
			capped: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := s.Score(tt.a.profile(t), tt.b.profile(t))
			if sc.Excluded != nil {
				t.Fatalf("excluded: %+v", sc.Excluded)
			}
			if tt.check != nil {
				tt.check(t, sc)
			}
			bd := s.Explain(&sc)
			line, ok := levelOf(bd, "soft_descriptor_cap")
			switch {
			case tt.capped == 0 && ok:
				t.Errorf("unexpected cap line %+v", line)
			case tt.capped != 0 && !ok:
				t.Errorf("no soft_descriptor_cap line (SoftCapped %g)", sc.SoftCapped)
			case tt.capped != 0 && (math.Signbit(line.Weight) != (tt.capped < 0) || math.Signbit(sc.SoftCapped) != (tt.capped < 0)):
				t.Errorf("cap line weight %g, SoftCapped %g, want sign %+g", line.Weight, sc.SoftCapped, tt.capped)
			case ok && math.Abs(line.Weight-sc.SoftCapped) > 0.005:
				t.Errorf("cap line weight %g, SoftCapped %g", line.Weight, sc.SoftCapped)
			}
		})
	}
}

// TestScoreSoftCapBound checks the cap's size: two bits under the weaker
// of a strong dental chart and a document, at least one bit.
func TestScoreSoftCapBound(t *testing.T) {
	m := DefaultModels()
	s := NewScorer(m, nil, nil)
	var dental, docs float64
	for i, f := range PersonFields {
		switch f.Name {
		case "dental":
			dental = m.Person.Weight(i, slices.Index(f.Levels, "strong"))
		case "documents":
			docs = m.Person.Weight(i, slices.Index(f.Levels, "same_document"))
		}
	}
	want := math.Max(1, math.Min(dental, docs)-2)
	if s.personCap != want {
		t.Errorf("cap = ±%g, want ±%g (dental %.2f, document %.2f)", s.personCap, want, dental, docs)
	}
	if s.personCap >= dental {
		t.Errorf("cap %g does not stay below strong dental %g", s.personCap, dental)
	}
}

// TestScoreSymmetricNameFrequency: with name frequencies, the weight of a
// SamePerson pair should not depend on which record is asked about. The
// term-frequency adjustment takes the share of the agreeing part from the
// first name's spelling only, so a phonetic agreement between a common and
// a rare spelling weighs differently each way round.
func TestScoreSymmetricNameFrequency(t *testing.T) {
	a := Prepare(rec(t, tr, `"names":[{"full":"Mahmoud Hussein Mohamed"}],"sex":"male"`))
	b := Prepare(rec(t, pm, `"names":[{"full":"MAXAMUUD XUSEEN MAXAMED","lang":"so"}],"sex":"male"`))
	names := &NameFrequencies{}
	for _, full := range []string{"Mahmoud Ali", "Mahmoud Omar", "Mahmoud Said", "Hussein Ali", "Hussein Omar", "Mohamed Ali", "Mohamed Said", "Mohamed Omar", "Yonas Kidane"} {
		n := ParseName(&Name{Full: full})
		names.Add(&n)
	}
	for _, p := range []*Profile{a, b} {
		for i := range p.names().Own() {
			names.Add(&p.names().Own()[i])
		}
	}
	s := NewScorer(DefaultModels(), nil, names)
	ab, ba := s.Score(a, b), s.Score(b, a)
	if ab.Weight != ba.Weight {
		t.Errorf("Score(a, b) = %.3f (tf %+.3f), Score(b, a) = %.3f (tf %+.3f)", ab.Weight, ab.NameTF, ba.Weight, ba.NameTF)
	}
}
