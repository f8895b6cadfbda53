package engine

import (
	"testing"

	"github.com/rflmatch/rflmatch/phonetic"
)

// TestPartialStrong grades partial name agreements by their parts: two
// or more shared parts that all agree by transliteration or better are a
// strong agreement whatever the whole-name similarity, a given name
// against a father's name or a part that only sounds alike is not, and a
// one-part name is strong by its similarity alone, as before. The names
// are synthetic.
func TestPartialStrong(t *testing.T) {
	tests := []struct {
		name, a, b string
		want       bool
	}{
		{"a clerk's longer name, every shared part a spelling", "Mohammed Abdelrahman", "Muhammad Abd al-Rahman al-Dulaymi", true},
		{"family name first, both parts spellings", "JALLOH Momodou", "Mamadou Jallow", true},
		{"family name first, three parts", "Mamadu Amadou Diallo", "DIALLO Mamadou Amadou", true},
		{"a namesake with the common parts exact", "Muhammad Abd al-Rahman al-Dulaymi", "Muhammad al-Dulaimi", true},
		{"one-part name", "Fatima", "Fatima Kathem al-Tamimi", true},
		{"father and son", "Ahmed Ali", "Ali Ahmed", false},
		{"an initial is no strong agreement", "M. Hassan Omar", "Mohamed Hassan Omar Ali", false},
		{"a part that only sounds alike", "Ahad Ahmadzai", "AHMADZAI AHMAD", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := phonetic.Parse(tt.a, ""), phonetic.Parse(tt.b, "")
			c := phonetic.Compare(&a, &b)
			if c.Level != phonetic.Partial {
				t.Fatalf("Compare(%q, %q) = %s: the case needs a partial agreement", tt.a, tt.b, c.Explain())
			}
			if got := partialStrong(&c); got != tt.want {
				t.Errorf("partialStrong(%q, %q) = %v, want %v (%s)", tt.a, tt.b, got, tt.want, c.Explain())
			}
		})
	}
}

// TestNameTFMonotone: the same agreeing parts never weigh more as a
// partial or phonetic agreement than by transliteration or exactly,
// whatever the levels' references (a partial agreement's is that of
// one-part names, far above an exact one's); where the weaker level's own
// adjustment stays below, it is kept. The level constants are the name
// field's levels.
func TestNameTFMonotone(t *testing.T) {
	var name *Field
	for i := range PersonFields {
		if PersonFields[i].Name == "name" {
			name = &PersonFields[i]
		}
	}
	for l, want := range map[int]string{namePartialStrong: "partial_strong", nameFuzzy: "fuzzy", nameTransliteration: "transliteration", nameExact: "exact"} {
		if name.Levels[l] != want {
			t.Errorf("name level %d is %q, want %q", l, name.Levels[l], want)
		}
	}
	var f personField
	f.w[namePartialStrong], f.tfRef[namePartialStrong] = 3.7, 0.02
	f.w[nameFuzzy+1], f.tfRef[nameFuzzy+1] = 5, 0.005 // phonetic
	f.w[nameTransliteration], f.tfRef[nameTransliteration] = 6.5, 0.001
	f.w[nameExact], f.tfRef[nameExact] = 7.8, 0.0005
	tests := []struct {
		name  string
		share float64
	}{
		{"two common parts", 1e-4},
		{"one rare part", 1e-6},
		{"one common part", 0.05},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			weight := func(l int) float64 { return f.w[l] + f.nameTF(l, tt.share) }
			ex, tr := weight(nameExact), weight(nameTransliteration)
			for _, l := range []int{namePartialStrong, nameFuzzy + 1} {
				if w := weight(l); w > tr+1e-12 || w > ex+1e-12 {
					t.Errorf("level %s weighs %.3f, above transliteration %.3f or exact %.3f", name.Levels[l], w, tr, ex)
				}
				if own := f.w[l] + tfAdjustment(f.tfRef[l], tt.share); own <= min(tr, ex) && weight(l) != own {
					t.Errorf("level %s: %.3f, want its own adjusted weight %.3f, below the stronger levels'", name.Levels[l], weight(l), own)
				}
			}
			if tr > ex+1e-12 {
				t.Errorf("transliteration %.3f above exact %.3f", tr, ex)
			}
		})
	}
}
