package engine

import (
	"testing"

	"github.com/rflmatch/rflmatch/phonetic"
)

// TestPartialStrong grades partial name agreements by their parts: two
// or more shared parts that all agree by transliteration or better are a
// strong agreement whatever the whole-name similarity, a given name
// against a father's name or a part that only sounds alike is not (a
// father's name against a grandfather's is: the diaspora writes the
// grandfather's name as the surname after the given name), and a
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
		{"the grandfather's name as a surname", "Senait Kidane Kbrom", "Senayt Kbrom", true},
		{"the grandfather's name as a surname, Arabic", "Ahmed Ali Hassan", "Ahmed Hassan", true},
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
