package engine_test

import (
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// TestFieldPresence checks the promise the scorer's kernel relies on to
// skip comparators: on every pair of the cases of 300 generated people, a
// field that either profile does not hold compares at level 0, the
// full profiles, their compact copies and their decoded encodings alike.
func TestFieldPresence(t *testing.T) {
	full := engine.PrepareCases(synthData(t, 300).Records)
	var words engine.Frequencies
	for _, p := range full {
		words.Count(p)
	}
	for _, variant := range []string{"full", "compact", "decoded"} {
		ps := full
		if variant != "full" {
			ps = make([]*engine.Profile, len(full))
			for i, p := range full {
				ps[i] = p.Compact()
				if variant == "decoded" {
					enc, err := ps[i].AppendBinary(nil)
					if err != nil {
						t.Fatal(err)
					}
					if ps[i], err = engine.DecodeProfile(enc); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		skipped, compared := 0, 0
		for i := range engine.PersonFields {
			f := &engine.PersonFields[i]
			for _, a := range ps {
				if f.Present(a) {
					continue
				}
				for _, b := range ps {
					skipped++
					for _, pr := range [2][2]*engine.Profile{{a, b}, {b, a}} {
						if l := f.Compare(pr[0], pr[1], &words); l != 0 {
							t.Fatalf("%s %s: %v vs %v: level %d, though %v holds nothing to compare", variant, f.Name, pr[0].Key, pr[1].Key, l, a.Key)
						}
					}
				}
			}
			for _, a := range ps {
				if f.Present(a) {
					compared++
				}
			}
		}
		if skipped == 0 || compared == 0 {
			t.Errorf("%s: %d profile-fields skipped, %d held: the data tests nothing", variant, skipped, compared)
		}
	}
}
