package synth

import (
	"encoding/binary"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// Scenario is the kind of case a unit of people makes.
type Scenario string

// The scenarios, plain ones first, then the hard cases.
const (
	PlainDead       Scenario = "plain_dead"       // missing person found among the dead
	PlainAlive      Scenario = "plain_alive"      // missing person registered alive, under another spelling
	Brothers        Scenario = "brothers"         // brothers sharing father's and grandfather's names
	Reciprocal      Scenario = "reciprocal"       // two relatives searching for each other
	DuplicateTR     Scenario = "duplicate_tr"     // two relatives searching for the same person
	DuplicatePM     Scenario = "duplicate_pm"     // one body recorded by two agencies
	NamelessBody    Scenario = "nameless_body"    // remains with no name and no papers
	OthersPapers    Scenario = "others_papers"    // remains carrying someone else's papers
	RecoveredBefore Scenario = "recovered_before" // namesake recovered before the sought person's last contact
	UnmatchedTR     Scenario = "unmatched_tr"     // tracing request with no counterpart
	UnsoughtPM      Scenario = "unsought_pm"      // remains nobody searches for
	UnsoughtREG     Scenario = "unsought_reg"     // living person nobody searches for
)

// Scenarios lists every scenario in report order.
var Scenarios = []Scenario{PlainDead, PlainAlive, Brothers, Reciprocal, DuplicateTR, DuplicatePM,
	NamelessBody, OthersPapers, RecoveredBefore, UnmatchedTR, UnsoughtPM, UnsoughtREG}

// Relation is how two records of the truth are related.
type Relation string

// The relations of truth.csv.
const (
	SamePerson    Relation = "same_person"
	ReciprocalRel Relation = "reciprocal"
)

// Pair is one line of the ground truth.
type Pair struct {
	Left, Right engine.Key
	Relation    Relation
}

// Flags counts the record-level difficulties of a unit.
type Flags struct {
	Names        int // names rendered for sought, dead or registered people
	Partial      int
	Misspelled   int
	Swapped      int
	NativeScript int
	CommonName   int // people given their culture's most common name
	ChartError   int // AM dental charts with one charting error
	BorrowedDocs int // PM records carrying someone else's document
}

func (f *Flags) add(o Flags) {
	f.Names += o.Names
	f.Partial += o.Partial
	f.Misspelled += o.Misspelled
	f.Swapped += o.Swapped
	f.NativeScript += o.NativeScript
	f.CommonName += o.CommonName
	f.ChartError += o.ChartError
	f.BorrowedDocs += o.BorrowedDocs
}

// Unit is one scenario's people, their records and the truth about them.
type Unit struct {
	Index    int
	Scenario Scenario
	People   int
	Records  []*engine.Record
	Cultures []string // culture of Records[i]
	Truth    []Pair
	Flags    Flags
}

// unitGen generates one unit with its own random stream.
type unitGen struct {
	w    *world
	o    *Options
	r    *rand.Rand
	u    *Unit
	seq  map[string]int // records per source, for ids
	recs map[*person][]*engine.Record
	ppl  []*person
}

func newUnitGen(w *world, o *Options, idx int) *unitGen {
	h := fnv.New64a()
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(o.Seed))
	binary.LittleEndian.PutUint64(b[8:], uint64(idx))
	h.Write(b[:])
	s := h.Sum64()
	return &unitGen{w: w, o: o, r: rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15)), u: &Unit{Index: idx},
		seq: map[string]int{}, recs: map[*person][]*engine.Record{}}
}

// scenario draws the unit's scenario from the mix.
func (g *unitGen) scenario() Scenario {
	m := g.o.Mix
	x := g.r.Float64()
	for _, s := range []struct {
		sc Scenario
		p  float64
	}{
		{Brothers, m.Brothers}, {Reciprocal, m.Reciprocal}, {DuplicateTR, m.DuplicateTR}, {DuplicatePM, m.DuplicatePM},
		{NamelessBody, m.NamelessBody}, {OthersPapers, m.OthersPapers}, {RecoveredBefore, m.RecoveredBefore},
		{UnmatchedTR, m.UnmatchedTR}, {UnsoughtPM, m.UnsoughtPM}, {UnsoughtREG, m.UnsoughtREG},
	} {
		if x < s.p {
			return s.sc
		}
		x -= s.p
	}
	if g.r.Float64() < m.PlainDead {
		return PlainDead
	}
	return PlainAlive
}

func (g *unitGen) drawCulture() *culture {
	var sum float64
	for _, w := range g.w.cultureW {
		sum += w
	}
	x := g.r.Float64() * sum
	for i, w := range g.w.cultureW {
		if x < w {
			return g.w.cultures[i]
		}
		x -= w
	}
	return g.w.cultures[0]
}

// drawIncident draws an incident on the route, not after notAfter.
func (g *unitGen) drawIncident(rt *route, notAfter time.Time) placedIncident {
	ins := g.w.incidents[rt.id]
	var in placedIncident
	for range 20 {
		in = ins[g.r.IntN(len(ins))]
		if day(in.date).Before(notAfter) {
			return in
		}
	}
	return in
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}

// id makes a record id that is unique within its source and carries
// nothing about the unit: the unit and ordinal go through a keyed
// permutation, so ids of one person's records in two sources look
// unrelated.
func (g *unitGen) id(source string) string {
	n := g.seq[source]
	g.seq[source]++
	return permuteID(g.o.Seed, source, uint64(g.u.Index)<<4|uint64(n&15))
}

// permuteID is a four-round Feistel permutation of 40 bits keyed by seed
// and source, written in base 36.
func permuteID(seed int64, source string, x uint64) string {
	const half = 20
	const mask = 1<<half - 1
	l, r := uint32(x>>half)&mask, uint32(x)&mask
	for round := range 4 {
		h := fnv.New32a()
		var b [13]byte
		binary.LittleEndian.PutUint64(b[:8], uint64(seed))
		binary.LittleEndian.PutUint32(b[8:12], r)
		b[12] = byte(round)
		h.Write(b[:])
		h.Write([]byte(source))
		l, r = r, (l^h.Sum32())&mask
	}
	v := uint64(l)<<half | uint64(r)
	return strings.ToUpper(leftPad(strconvBase36(v), 8))
}

func strconvBase36(v uint64) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	if v == 0 {
		return "0"
	}
	var b []byte
	for v > 0 {
		b = append(b, digits[v%36])
		v /= 36
	}
	slices.Reverse(b)
	return string(b)
}

func leftPad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
}

// emit adds a record about person p (nil for none) to the unit.
func (g *unitGen) emit(p *person, rec *engine.Record) {
	g.u.Records = append(g.u.Records, rec)
	c := ""
	if p != nil {
		c = p.c.id
		g.recs[p] = append(g.recs[p], rec)
	}
	g.u.Cultures = append(g.u.Cultures, c)
}

func (g *unitGen) addPerson(p *person) *person {
	g.ppl = append(g.ppl, p)
	g.u.People++
	if p.common {
		g.u.Flags.CommonName++
	}
	return p
}

// finish derives the same_person pairs from the records of each person.
func (g *unitGen) finish() {
	for _, p := range g.ppl {
		rs := g.recs[p]
		for i := range rs {
			for j := i + 1; j < len(rs); j++ {
				if comparedSame(rs[i], rs[j]) {
					g.u.Truth = append(g.u.Truth, pair(rs[i], rs[j], SamePerson))
				}
			}
		}
	}
}

// comparedSame reports whether two records of one person form a pair the
// engine compares: seeker ↔ found, TR ↔ TR of two cases, PM ↔ PM.
func comparedSame(a, b *engine.Record) bool {
	seek := func(r *engine.Record) bool { return r.Kind == engine.TracingRequest || r.Kind == engine.AnteMortem }
	found := func(r *engine.Record) bool { return r.Kind == engine.PostMortem || r.Kind == engine.Registration }
	switch {
	case seek(a) && found(b), found(a) && seek(b):
		return true
	case a.Kind == engine.TracingRequest && b.Kind == engine.TracingRequest:
		return a.Source != b.Source || a.CaseID != b.CaseID
	case a.Kind == engine.PostMortem && b.Kind == engine.PostMortem:
		return true
	}
	return false
}

func pair(a, b *engine.Record, rel Relation) Pair {
	ka, kb := a.Key(), b.Key()
	if kb.String() < ka.String() {
		ka, kb = kb, ka
	}
	return Pair{ka, kb, rel}
}
