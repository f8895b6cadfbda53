package synth

import (
	"strings"
	"unicode"

	"github.com/rflmatch/rflmatch/engine"
)

// SearchWords are the words a caseworker would type to find the record:
// its names, places and effects, as written, cut into words of three
// letters or more. The search benchmarks draw their queries from them.
func SearchWords(r *engine.Record) []string {
	var out []string
	add := func(s string) {
		for w := range strings.FieldsFuncSeq(s, func(c rune) bool { return !unicode.IsLetter(c) }) {
			if len([]rune(w)) >= 3 {
				out = append(out, w)
			}
		}
	}
	for _, n := range r.Names {
		add(n.Full)
	}
	for _, ev := range []*engine.Event{r.LastContact, r.Recovery, r.Registered} {
		if ev != nil && ev.Place != nil {
			add(ev.Place.Text)
		}
	}
	for _, e := range r.Effects {
		add(e)
	}
	return out
}
