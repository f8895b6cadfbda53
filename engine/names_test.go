package engine

import (
	"math"
	"testing"

	"github.com/rflmatch/rflmatch/phonetic"
)

// folded is the folded key of a one-part name, as NameFrequencies counts it.
func folded(t *testing.T, part string) string {
	t.Helper()
	n := ParseName(&Name{Full: part})
	if len(n.Parts) != 1 {
		t.Fatalf("%q parses into %d parts", part, len(n.Parts))
	}
	return n.Parts[0].Folded
}

// TestNameFrequencies: each part counts once per name, initials not at
// all, spellings of one name together; shares are smoothed by one.
func TestNameFrequencies(t *testing.T) {
	var f NameFrequencies
	if s := f.Share(folded(t, "Mohamed")); s != 1 {
		t.Errorf("share in an empty table = %g, want 1 (add-one smoothing)", s)
	}
	for _, full := range []string{"Mohamed Mohamed Ali", "Muhammad Osman", "Mohammed Ali", "M. Ali", "Tesfay Gebremedhin"} {
		n := ParseName(&Name{Full: full})
		f.Add(&n)
	}
	tests := []struct {
		part  string
		count int
	}{
		{"Mohamed", 3}, // once in "Mohamed Mohamed Ali"; Muhammad and Mohammed fold alike
		{"Ali", 3},
		{"Osman", 1},
		{"Tesfay", 1},
		{"M", 0}, // an initial is no evidence
		{"Kidane", 0},
	}
	for _, tt := range tests {
		t.Run(tt.part, func(t *testing.T) {
			k := folded(t, tt.part)
			if got := f.Count(k); got != tt.count {
				t.Errorf("Count(%q) = %d, want %d", k, got, tt.count)
			}
			if got, want := f.Share(k), float64(tt.count+1)/6; math.Abs(got-want) > 1e-12 {
				t.Errorf("Share(%q) = %g, want %g", k, got, want)
			}
		})
	}
}

// TestTfAdjustment: log2(u/share), bounded, and nothing without a share.
func TestTfAdjustment(t *testing.T) {
	tests := []struct {
		name     string
		u, share float64
		want     float64
	}{
		{"as common as an average agreement", 0.01, 0.01, 0},
		{"four times rarer", 0.01, 0.0025, 2},
		{"eight times more common", 0.01, 0.08, -3},
		{"rarest, bounded", 0.01, 1e-12, tfBound},
		{"most common, bounded", 1e-6, 1, -tfBound},
		{"no share", 0.01, 0, 0},
		{"no u", 0, 0.01, 0},
		{"negative share", 0.01, -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tfAdjustment(tt.u, tt.share); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("tfAdjustment(%g, %g) = %g, want %g", tt.u, tt.share, got, tt.want)
			}
		})
	}
}

// TestNameFrequencyWeights: agreeing on a rare name weighs more than
// agreeing as closely on Mohamed Ali, in a population where Mohamed and Ali
// are common; the adjustment is shown in the explanation.
func TestNameFrequencyWeights(t *testing.T) {
	names := &NameFrequencies{}
	for _, full := range []string{
		"Mohamed Ali", "Mohamed Osman", "Mohamed Ibrahim", "Mohamed Yusuf", "Mohamed Adam", "Mohamed Hassan",
		"Ali Hassan", "Ali Omar", "Ali Musa", "Ahmed Ali", "Omar Ali", "Idris Ali",
		"Yonas Kidane", "Tesfay Berhe", "Abdi Farah", "Mamadou Diallo", "Hamid Karimi", "Nguyen Van An",
		"Tesfay Gebremedhin", "Mohamed Ali",
	} {
		n := ParseName(&Name{Full: full})
		names.Add(&n)
	}
	s := NewScorer(DefaultModels(), nil, names)
	plain := NewScorer(DefaultModels(), nil, nil)
	score := func(s *Scorer, a, b string) Scored {
		return s.Score(Prepare(rec(t, tr, `"names":[{"full":"`+a+`"}]`)), Prepare(rec(t, reg, `"names":[{"full":"`+b+`"}]`)))
	}
	tests := []struct {
		name       string
		rare, comm [2]string
	}{
		{"exact", [2]string{"Tesfay Gebremedhin", "Tesfay Gebremedhin"}, [2]string{"Mohamed Ali", "Mohamed Ali"}},
		{"transliteration", [2]string{"Tesfaye Gebremedhin", "Tesfay Gebremedhin"}, [2]string{"Muhammad Ali", "Mohamed Ali"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rare, comm := score(s, tt.rare[0], tt.rare[1]), score(s, tt.comm[0], tt.comm[1])
			if rare.levels[s.nameIdx] != comm.levels[s.nameIdx] {
				t.Fatalf("fixture: name levels %d and %d differ", rare.levels[s.nameIdx], comm.levels[s.nameIdx])
			}
			if comm.NameTF >= 0 || rare.NameTF <= comm.NameTF {
				t.Errorf("adjustments: rare %+.2f, common %+.2f; want common < 0 and rare above it", rare.NameTF, comm.NameTF)
			}
			if rare.Weight <= comm.Weight {
				t.Errorf("rare name weighs %.2f, Mohamed Ali %.2f", rare.Weight, comm.Weight)
			}
			// Without frequencies both weigh the level's weight.
			if pr, pc := score(plain, tt.rare[0], tt.rare[1]), score(plain, tt.comm[0], tt.comm[1]); pr.Weight != pc.Weight || pr.NameTF != 0 {
				t.Errorf("without frequencies: %.2f vs %.2f (tf %g)", pr.Weight, pc.Weight, pr.NameTF)
			}
			if math.Abs(rare.NameTF) > tfBound || math.Abs(comm.NameTF) > tfBound {
				t.Errorf("adjustment beyond ±%d bits: %g, %g", tfBound, rare.NameTF, comm.NameTF)
			}
			b, _ := levelOf(s.Explain(&comm), "name")
			if want := round2(comm.Weight); math.Abs(b.Weight-want) > 0.011 {
				t.Errorf("name line weighs %g, pair %g: the adjustment is not in the line", b.Weight, want)
			}
		})
	}
	// A name agreement below phonetic is not adjusted: frequency speaks
	// to agreeing parts only.
	if sc := score(s, "Mohamed Ali", "Ibrahim Ali"); sc.NameTF != 0 {
		t.Errorf("a different given name is adjusted by %+.2f", sc.NameTF)
	}
}

// TestPersonNamesFromPapers: a body's name that repeats the name printed
// on its papers is the papers' name, which may be someone else's; a
// registration's own name stays its own.
func TestPersonNamesFromPapers(t *testing.T) {
	const fields = `"names":[{"full":"MAMADOU SANGARE"}],"documents":[{"number":"6702584778","name":"Mamadou Sangare"}]`
	tests := []struct {
		name        string
		kind        Kind
		own, papers int
	}{
		{"body: the name came from its papers", pm, 0, 1},
		{"registration: its own name, printed again on its papers", reg, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pn := parsePersonNames([]*Record{rec(t, tt.kind, fields)})
			if len(pn.Own()) != tt.own || len(pn.Papers()) != tt.papers {
				t.Errorf("own %d, papers %d; want %d and %d", len(pn.Own()), len(pn.Papers()), tt.own, tt.papers)
			}
		})
	}
}

// TestCompareNamesSameWriting: a name written the same on both sides is an
// exact agreement whatever roles the two records gave its parts.
func TestCompareNamesSameWriting(t *testing.T) {
	parts := ParseName(&Name{Full: "Omar Ben Ali", Parts: &NameParts{Given: "Omar", Family: "Ben Ali"}})
	tests := []struct {
		name string
		a, b phonetic.Name
		want phonetic.Level
	}{
		{"structured parts against the full name", parts, ParseName(&Name{Full: "OMAR BEN ALI "}), phonetic.Exact},
		{"a different name stays different", parts, ParseName(&Name{Full: "Yonas Kidane"}), phonetic.Different},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := compareNames(&tt.a, &tt.b, nil).Level; got != tt.want {
				t.Errorf("level %v, want %v", got, tt.want)
			}
		})
	}
}

// TestInitialsMeet: two names whose parts may agree share an initial bit,
// so that bestName does not skip them; a Somali C. (ʿayn) may stand for a
// name that begins with a vowel (C. Cumar = Abdi Omar).
func TestInitialsMeet(t *testing.T) {
	tests := []struct {
		a, b string
		meet bool
	}{
		{"C. Cumar", "Abdi Omar", true},
		{"C. Cumar", "Cabdi Cumar", true},
		{"Khalid Omar", "K. Omar", true},
		{"Mohamed", "Ahmed", false},
		{"Tesfay", "Yonas", false},
	}
	for _, tt := range tests {
		a, b := ParseName(&Name{Full: tt.a}), ParseName(&Name{Full: tt.b})
		if got := initials(&a)&initials(&b) != 0; got != tt.meet {
			t.Errorf("initials of %q and %q meet = %v, want %v", tt.a, tt.b, got, tt.meet)
		}
		if c := phonetic.Compare(&a, &b); tt.meet != (c.Level != phonetic.Different) && len(a.Parts) == len(b.Parts) {
			t.Errorf("Compare(%q, %q) = %s, inconsistent with the initials meeting = %v", tt.a, tt.b, c.Explain(), tt.meet)
		}
	}
}
