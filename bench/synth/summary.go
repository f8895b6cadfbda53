package synth

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rflmatch/rflmatch/engine"
)

// Summary counts what a generation produced: records per kind and culture,
// units per scenario, record-level difficulties, and the mix asked for.
type Summary struct {
	Seed      int64
	People    int
	Units     int
	Records   map[engine.Kind]int
	Cultures  map[string]int // records per culture
	Scenarios map[Scenario]int
	Truth     map[Relation]int
	Flags     Flags
	Mix       Mix
	Shared    string // shared data folder, "" for built-in lists only
}

func (g *Generator) newSummary() Summary {
	return Summary{Seed: g.o.Seed, Records: map[engine.Kind]int{}, Cultures: map[string]int{},
		Scenarios: map[Scenario]int{}, Truth: map[Relation]int{}, Mix: g.o.Mix, Shared: g.w.shared}
}

func (s *Summary) add(u *Unit) {
	s.Units++
	s.People += u.People
	s.Scenarios[u.Scenario]++
	for i, r := range u.Records {
		s.Records[r.Kind]++
		s.Cultures[u.Cultures[i]]++
	}
	for _, p := range u.Truth {
		s.Truth[p.Relation]++
	}
	s.Flags.add(u.Flags)
}

// String writes the summary as the command line prints it.
func (s *Summary) String() string {
	var b strings.Builder
	total := 0
	for _, k := range engine.Kinds {
		total += s.Records[k]
	}
	fmt.Fprintf(&b, "seed %d: %d people in %d units, %d records\n", s.Seed, s.People, s.Units, total)
	if s.Shared == "" {
		b.WriteString("shared data: not found, built-in lists only\n")
	} else {
		fmt.Fprintf(&b, "shared data: %s\n", s.Shared)
	}
	b.WriteString("records:\n")
	for _, k := range engine.Kinds {
		fmt.Fprintf(&b, "  %-16s %7d\n", k, s.Records[k])
	}
	fmt.Fprintf(&b, "truth: %d same_person, %d reciprocal\n", s.Truth[SamePerson], s.Truth[ReciprocalRel])
	b.WriteString("scenarios (share of units, configured → actual):\n")
	conf := map[Scenario]float64{
		Brothers: s.Mix.Brothers, Reciprocal: s.Mix.Reciprocal, DuplicateTR: s.Mix.DuplicateTR, DuplicatePM: s.Mix.DuplicatePM,
		NamelessBody: s.Mix.NamelessBody, OthersPapers: s.Mix.OthersPapers, RecoveredBefore: s.Mix.RecoveredBefore,
		UnmatchedTR: s.Mix.UnmatchedTR, UnsoughtPM: s.Mix.UnsoughtPM, UnsoughtREG: s.Mix.UnsoughtREG,
	}
	rest := 1 - s.Mix.scenarioSum()
	conf[PlainDead], conf[PlainAlive] = rest*s.Mix.PlainDead, rest*(1-s.Mix.PlainDead)
	for _, sc := range Scenarios {
		fmt.Fprintf(&b, "  %-17s %5.3f → %5.3f (%d)\n", sc, conf[sc], ratio(s.Scenarios[sc], s.Units), s.Scenarios[sc])
	}
	f := s.Flags
	b.WriteString("name difficulties (share of names of sought, dead or registered people, configured → actual):\n")
	fmt.Fprintf(&b, "  %-17s %5.3f → %5.3f (%d of %d names; only names of 3+ parts)\n", "partial", s.Mix.PartialName, ratio(f.Partial, f.Names), f.Partial, f.Names)
	fmt.Fprintf(&b, "  %-17s %5.3f → %5.3f (%d)\n", "misspelled", s.Mix.Misspelled, ratio(f.Misspelled, f.Names), f.Misspelled)
	fmt.Fprintf(&b, "  %-17s %5.3f → %5.3f (%d)\n", "swapped order", s.Mix.SwappedOrder, ratio(f.Swapped, f.Names), f.Swapped)
	fmt.Fprintf(&b, "  %-17s %5.3f → %5.3f (%d people)\n", "common name", s.Mix.CommonName, ratio(f.CommonName, s.People), f.CommonName)
	fmt.Fprintf(&b, "  %-17s       %5.3f (%d records with a native-script name)\n", "native script", ratio(f.NativeScript, f.Names), f.NativeScript)
	fmt.Fprintf(&b, "other: %d AM charts with one charting error (configured %.3f of AM charts), %d PM records carrying another's papers\n", f.ChartError, s.Mix.ChartingError, f.BorrowedDocs)
	b.WriteString("records per culture:\n")
	cs := make([]string, 0, len(s.Cultures))
	for c := range s.Cultures {
		cs = append(cs, c)
	}
	slices.Sort(cs)
	for _, c := range cs {
		fmt.Fprintf(&b, "  %-26s %7d\n", c, s.Cultures[c])
	}
	return b.String()
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
