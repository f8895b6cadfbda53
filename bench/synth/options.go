package synth

import (
	"fmt"
	"time"
)

// Options control a generation run. The zero value of every field but
// People has a documented default; Seed 0 is a valid seed.
type Options struct {
	// Seed makes the run reproducible: the same seed and the same shared
	// data give byte-identical files.
	Seed int64
	// People is how many people to generate; every record is about one of
	// them (relatives who only appear as enquirers are not counted). The
	// default is 1000.
	People int
	// OutDir is where Generate writes its files; it is created if needed.
	OutDir string
	// SharedData is the shared data folder (../shared/data). Empty means
	// SharedDataDir("") finds it; when it cannot be found the built-in
	// lists are used and the README says so.
	SharedData string
	// Now is the reference date: no record is dated after it. The default
	// is 2026-05-01, fixed so that runs do not depend on the clock.
	Now time.Time
	// Mix sets the proportions of the hard cases; zero fields take the
	// defaults of DefaultMix.
	Mix Mix
}

// Mix holds the proportions of scenarios and of record-level difficulties.
// Scenario shares are fractions of units (one scenario each) and must sum
// to less than 1; the rest are plain cases, a missing person found dead
// (PlainDead of them) or registered alive.
type Mix struct {
	// Brothers: two brothers sharing father's and grandfather's names, both
	// missing or one missing and one registered alive. Default 0.06.
	Brothers float64
	// Reciprocal: two relatives each filing a tracing request for the
	// other. Default 0.04.
	Reciprocal float64
	// DuplicateTR: two relatives filing separate tracing requests for one
	// person. Default 0.05.
	DuplicateTR float64
	// DuplicatePM: one body recorded by two agencies. Default 0.04.
	DuplicatePM float64
	// NamelessBody: remains with no name and no papers, some with dental
	// and marks, some with almost nothing. Default 0.08.
	NamelessBody float64
	// OthersPapers: remains carrying another person's document. Default 0.03.
	OthersPapers float64
	// RecoveredBefore: remains whose name matches a tracing request whose
	// person was last heard of after the recovery. Default 0.04.
	RecoveredBefore float64
	// UnmatchedTR: tracing requests whose person is neither dead in the
	// data nor registered. Default 0.12.
	UnmatchedTR float64
	// UnsoughtPM: remains nobody searches for. Default 0.08.
	UnsoughtPM float64
	// UnsoughtREG: living people registered whom nobody searches for.
	// Default 0.08.
	UnsoughtREG float64

	// PlainDead is the share of plain cases found dead rather than
	// registered alive. Default 0.55.
	PlainDead float64

	// CommonName is the share of people given their culture's most common
	// name (Mohamed, Nguyễn, Diallo). Default 0.10.
	CommonName float64
	// PartialName is the share of name renderings with two of three parts.
	// Default 0.15.
	PartialName float64
	// Misspelled is the share of name renderings with a typo on top of the
	// transliteration variant. Default 0.08.
	Misspelled float64
	// SwappedOrder is the share of name renderings in another order
	// (SURNAME Given, family name first). Default 0.08.
	SwappedOrder float64
	// AnteMortem is the share of tracing requests of missing people with an
	// AM record in the same case. Default 0.6.
	AnteMortem float64
	// ChartingError is the share of AM dental charts with one charting
	// error. Default 0.05.
	ChartingError float64
}

// DefaultMix is the mix used for zero fields of Options.Mix.
var DefaultMix = Mix{
	Brothers: 0.06, Reciprocal: 0.04, DuplicateTR: 0.05, DuplicatePM: 0.04, NamelessBody: 0.08,
	OthersPapers: 0.03, RecoveredBefore: 0.04, UnmatchedTR: 0.12, UnsoughtPM: 0.08, UnsoughtREG: 0.08,
	PlainDead: 0.55, CommonName: 0.10, PartialName: 0.15, Misspelled: 0.08, SwappedOrder: 0.08,
	AnteMortem: 0.6, ChartingError: 0.05,
}

func (o Options) withDefaults() (Options, error) {
	if o.People == 0 {
		o.People = 1000
	}
	if o.People < 0 {
		return o, fmt.Errorf("synth: people must be positive, not %d", o.People)
	}
	if o.Now.IsZero() {
		o.Now = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	}
	m, d := &o.Mix, DefaultMix
	for _, f := range []struct {
		p *float64
		d float64
	}{
		{&m.Brothers, d.Brothers}, {&m.Reciprocal, d.Reciprocal}, {&m.DuplicateTR, d.DuplicateTR},
		{&m.DuplicatePM, d.DuplicatePM}, {&m.NamelessBody, d.NamelessBody}, {&m.OthersPapers, d.OthersPapers},
		{&m.RecoveredBefore, d.RecoveredBefore}, {&m.UnmatchedTR, d.UnmatchedTR}, {&m.UnsoughtPM, d.UnsoughtPM},
		{&m.UnsoughtREG, d.UnsoughtREG}, {&m.PlainDead, d.PlainDead}, {&m.CommonName, d.CommonName},
		{&m.PartialName, d.PartialName}, {&m.Misspelled, d.Misspelled}, {&m.SwappedOrder, d.SwappedOrder},
		{&m.AnteMortem, d.AnteMortem}, {&m.ChartingError, d.ChartingError},
	} {
		if *f.p == 0 {
			*f.p = f.d
		}
		if *f.p < 0 || *f.p > 1 {
			return o, fmt.Errorf("synth: mix proportion %g outside [0, 1]", *f.p)
		}
	}
	if s := m.scenarioSum(); s >= 1 {
		return o, fmt.Errorf("synth: scenario shares sum to %g, must be below 1", s)
	}
	return o, nil
}

func (m Mix) scenarioSum() float64 {
	return m.Brothers + m.Reciprocal + m.DuplicateTR + m.DuplicatePM + m.NamelessBody + m.OthersPapers +
		m.RecoveredBefore + m.UnmatchedTR + m.UnsoughtPM + m.UnsoughtREG
}
