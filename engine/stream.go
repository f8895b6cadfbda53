package engine

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rflmatch/rflmatch/phonetic"
)

// Source is one side of a streamed cross-check: it hands every record of
// the side to yield, in batches, in the same order each time it is
// called, and stops with yield's error. A streamed cross-check reads its
// larger side several times.
type Source func(ctx context.Context, yield func(recs []*Record) error) error

// StreamOptions tune [CrosscheckStream]. The zero value uses the defaults.
type StreamOptions struct {
	CrosscheckOptions
	// Round is how many right profiles are scored between two points
	// where the state can be saved; the default is 8,192.
	Round int
	// Checkpoint, if set, is given the state at the end of every pass and,
	// while scoring, after a round once CheckpointEvery has passed since it
	// was last given it (after every round when CheckpointEvery is 0). An
	// error stops the cross-check. The state holds the right side's
	// keys, name frequencies and scores: personal data, to be kept sealed.
	Checkpoint      func(st *StreamState) error
	CheckpointEvery time.Duration
	// Resume, if set, is a state an earlier run on the same inputs and
	// options gave Checkpoint: the passes it finished are not run again,
	// and scoring goes on after its last round.
	Resume *StreamState
	// SpillDir is where the right side's prepared profiles are kept
	// between passes, sealed under a key held in memory only, in a file
	// removed when the cross-check ends (see stream_spill.go); the default
	// is the system's temporary directory. It takes about 550 bytes a
	// right record (53.7 MB for 98,923 generated remains and
	// registrations).
	SpillDir string
	// NoSpill reads and prepares the right side again in every pass
	// instead of spilling it: slower, for a side too large for SpillDir.
	NoSpill bool
}

func (o StreamOptions) withDefaults() StreamOptions {
	o.CrosscheckOptions = o.CrosscheckOptions.withDefaults()
	if o.Round <= 0 {
		o.Round = 8192
	}
	return o
}

// The passes over the right side, in order. Those a run does not need
// (the recount without duplicate keys or cases on the right, the budgets
// when no query can reach its limit, training when models are given) are
// skipped.
const (
	passCount   = iota + 1 // frequencies and key counts; duplicate keys and cases
	passRecount            // duplicates and cases of several records, counted again
	passBudgets            // what the budget-bound queries take
	passTrain              // the models, when not given
	passScore              // every pair, ranked
)

var passNames = map[int]string{
	passCount: "counting", passRecount: "recounting", passBudgets: "budgets",
	passTrain: "training", passScore: "scoring",
}

// StreamResult is the outcome of [CrosscheckStream]: the ranked
// candidates of every left case, without the right profiles, which were
// not kept. [StreamResult.Profiles] reads the right side again for those
// an explanation needs.
type StreamResult struct {
	Scorer *Scorer
	// Pairs is the number of pairs candidate generation produced, as in
	// [CrosscheckResult].
	Pairs int64
	// Right is the number of right records read.
	Right int

	cases []Case
	left  []*Profile // compact
	acc   []leftAcc
	src   Source
	rd    *rightReader
	opt   StreamOptions
}

// Len is the number of left cases.
func (r *StreamResult) Len() int { return len(r.left) }

// Case is the i-th left case, with its records.
func (r *StreamResult) Case(i int) Case { return r.cases[i] }

// Match is the i-th left case's match: its compact profile and its
// candidates, best first, whose right profile (B) holds only the key.
// Prepare the records again, and take the right profiles from
// [StreamResult.Profiles], to explain a pair.
func (r *StreamResult) Match(i int) Match {
	a := &r.acc[i]
	m := Match{Left: r.left[i], Candidates: make([]Scored, len(a.top))}
	// One allocation for the candidates' key-only profiles, not one
	// each: a cross-check's output asks for every left case's match.
	rights := make([]Profile, len(a.top))
	for k := range a.top {
		e := &a.top[k]
		rights[k].Key = e.right
		m.Candidates[k] = e.s
		m.Candidates[k].A = r.left[i]
		m.Candidates[k].B = &rights[k]
	}
	shareOdds(m.Candidates, &a.sum)
	return m
}

// Profiles reads the right side again and returns the full profiles (as
// [Prepare] makes them, with their records) of the right cases under keys.
func (r *StreamResult) Profiles(ctx context.Context, keys map[Key]bool) (map[Key]*Profile, error) {
	out := map[Key]*Profile{}
	var mu sync.Mutex
	err := r.rd.each(ctx, "explaining", 0, readRecords, false, func() func(u *rightUnit, p *Profile) {
		return func(_ *rightUnit, p *Profile) {
			if keys[p.Key] {
				mu.Lock()
				out[p.Key] = p
				mu.Unlock()
			}
		}
	}, func(int32) error { return nil })
	return out, err
}

// leftAcc is what scoring keeps of one left case: the best candidates and
// the exact sum of its competing odds. Only one goroutine at a time scores
// a left case's pairs (see scoreRound), so it needs no lock.
type leftAcc struct {
	top []topEntry
	sum caseOdds
}

// topEntry is a kept candidate without its profiles.
type topEntry struct {
	s     Scored // A and B nil
	right Key
}

// keep inserts s, the pair of the left case with the right profile of
// key right, keeping the opt.TopK best by [better].
func (a *leftAcc) keep(s *Scored, right Key, k int) {
	list := a.top
	if len(list) == k && betterBy(s, &list[k-1].s, right, list[k-1].right) >= 0 {
		return
	}
	i, j := 0, len(list)
	for i < j {
		if h := int(uint(i+j) >> 1); betterBy(&list[h].s, s, list[h].right, right) < 0 {
			i = h + 1
		} else {
			j = h
		}
	}
	if list == nil {
		list = make([]topEntry, 0, k)
	}
	if len(list) < k {
		list = append(list, topEntry{})
	}
	copy(list[i+1:], list[i:len(list)-1])
	e := topEntry{s: *s, right: ownKey(right)}
	e.s.A, e.s.B = nil, nil
	list[i] = e
	a.top = list
}

// ownKey is k in a copy of its own: a right profile's key shares one
// allocation with all of the profile's strings, which a kept candidate
// would keep alive, up to one profile's strings per kept candidate.
func ownKey(k Key) Key {
	var sb strings.Builder
	sb.Grow(len(k.Source) + len(k.ID))
	sb.WriteString(k.Source)
	sb.WriteString(k.ID)
	b := sb.String()
	return Key{Source: b[:len(k.Source)], ID: b[len(k.Source):]}
}

// CrosscheckStream is [Crosscheck] with the left side in memory and the
// right side streamed: it keeps the left cases' compact profiles and an
// index of what their queries look up, and reads the right side in
// passes (counts and frequencies, then, when needed, what the queries
// whose budgets bind take and the models, then scoring), holding no more
// of it than a round of profiles at a time. Memory grows with the left
// side and the kept candidates, not with the right side nor the pairs;
// while they run, the budgets pass holds the postings of the
// budget-bound cases' keys (each at most its key's limit) and training
// the levels of the candidate pairs of at most maxTrainCases sampled
// cases, with the keys of the right profiles among them. The
// first pass spills each right case's compact profile and key ids to a
// sealed temporary file (see [StreamOptions.SpillDir]), which the later
// passes read instead of reading and preparing the right side again.
// The result is the one [Crosscheck] gives for the same records, to the
// last bit.
func CrosscheckStream(ctx context.Context, left []*Record, right Source, opt StreamOptions) (*StreamResult, error) {
	opt = opt.withDefaults()
	st := &streamRun{opt: opt, rd: &rightReader{src: right, opt: opt}}
	st.cases = GroupCases(left)
	st.fingerprint = leftFingerprint(st.cases, opt)
	st.words, st.names = opt.Words, opt.Names
	counting := st.words == nil || st.names == nil
	if counting {
		st.words, st.names = &Frequencies{}, &NameFrequencies{}
	}
	// Full profiles a chunk at a time: all of them at once would be the
	// high-water mark of the run. A full profile of a generated case takes
	// some 50 KB: a chunk of 4,096 held 210 MB, as much as the compact
	// profiles of 100,000 cases; 512 still keep every core busy.
	st.left = make([]*Profile, len(st.cases))
	full := make([]*Profile, 512)
	for lo := 0; lo < len(st.cases); lo += len(full) {
		n := min(len(full), len(st.cases)-lo)
		parallel(n, func(i int) { full[i] = Prepare(st.cases[lo+i].Records...) })
		for i := range n {
			if counting {
				CountProfile(st.words, st.names, full[i])
			}
		}
		parallel(n, func(i int) { st.left[lo+i], full[i] = full[i].Compact(), nil })
	}
	st.keys = newLeftKeys(st.left, opt.Block)
	st.rd.keys = st.keys
	st.acc = make([]leftAcc, len(st.left))
	if opt.Resume != nil {
		if err := st.restore(opt.Resume); err != nil {
			return nil, err
		}
	}
	err := st.run(ctx)
	st.rd.closeSpill()
	if err != nil {
		return nil, err
	}
	return &StreamResult{
		Scorer: st.scorer, Pairs: st.pairs.Load(), Right: int(st.rd.records),
		cases: st.cases, left: st.left, acc: st.acc, src: right, rd: st.rd, opt: opt,
	}, nil
}

// ErrStreamState is returned when a saved state does not belong to the
// inputs and options of the run asked to resume from it.
var ErrStreamState = errors.New("engine: the saved state is of other inputs or options")

// streamRun is one streamed cross-check under way.
type streamRun struct {
	opt         StreamOptions
	rd          *rightReader
	cases       []Case
	left        []*Profile
	keys        *leftKeys
	words       *Frequencies
	names       *NameFrequencies
	models      *Models
	scorer      *Scorer
	acc         []leftAcc
	pairs       atomic.Int64
	fingerprint [32]byte
	// done is the last pass finished; from, the right records of the
	// pass under way already scored.
	done int
	from int32
}

func (st *streamRun) run(ctx context.Context) error {
	if st.done < passCount {
		if err := st.count(ctx); err != nil {
			return err
		}
		if err := st.save(passCount, 0); err != nil {
			return err
		}
	}
	if st.done < passRecount && st.rd.needsRecount() {
		if err := st.recount(ctx); err != nil {
			return err
		}
		if err := st.save(passRecount, 0); err != nil {
			return err
		}
	}
	st.keys.classify(st.left)
	if st.done < passBudgets {
		if err := st.budgets(ctx); err != nil {
			return err
		}
		if err := st.save(passBudgets, 0); err != nil {
			return err
		}
	}
	st.keys.narrow()
	if st.models == nil {
		st.models = st.opt.Models
	}
	if st.done < passTrain && st.models == nil {
		m, err := st.train(ctx)
		if err != nil {
			return err
		}
		st.models = m
		if err := st.save(passTrain, 0); err != nil {
			return err
		}
	}
	st.scorer = NewScorer(st.models, st.words, st.names)
	if st.done < passScore {
		if err := st.score(ctx); err != nil {
			return err
		}
	}
	return nil
}

// count is the first pass: the right side's frequencies and key counts,
// its duplicate keys and its cases of several records.
func (st *streamRun) count(ctx context.Context) error {
	var mu sync.Mutex
	return st.rd.survey(ctx, func(u *rightUnit, p *Profile) {
		// Keys and frequencies outside the lock would need per-worker
		// copies of both; counting is cheap next to preparing.
		mu.Lock()
		CountProfile(st.words, st.names, p)
		st.keys.countRight(u.keys, 1)
		mu.Unlock()
	})
}

// recount takes out what the first pass counted of records a later one
// of the same key replaced, and counts the right cases of several
// records, whole.
func (st *streamRun) recount(ctx context.Context) error {
	var mu sync.Mutex
	return st.rd.each(ctx, passNames[passRecount], 0, readRecount, true, func() func(*rightUnit, *Profile) {
		return func(u *rightUnit, p *Profile) {
			mu.Lock()
			defer mu.Unlock()
			if u.superseded {
				UncountProfile(st.words, st.names, p)
				st.keys.countRight(u.keys, -1)
				return
			}
			CountProfile(st.words, st.names, p)
			st.keys.countRight(u.keys, 1)
		}
	}, func(int32) error { return nil })
}

// train estimates the models as [Train] does, over the candidates of the
// same strided sample of left cases, each case's candidates counted
// together and in the order of their keys, as Train hands them. Each
// sampled pair's levels are taken as its right profile passes, so that
// the pass holds, until it ends, the levels of at most maxTrainCases ×
// MaxCandidates pairs (some 60 bytes each) and the keys of the right
// profiles among them, not the profiles: those, as many as the right
// side when the sampled cases' candidates cover it, were the high-water
// mark of a run.
func (st *streamRun) train(ctx context.Context) (*Models, error) {
	step := max(1, (len(st.left)+maxTrainCases-1)/maxTrainCases)
	sampled := (len(st.left) + step - 1) / step
	sc := trainScorer(st.words, st.names)
	lk := st.keys.sampled(step)
	cands := make([]sampledPairs, sampled)
	// The keys of the right profiles some sampled case has as candidate,
	// by ordinal, copied out of their profiles.
	keys := make([]Key, st.rd.records)
	sources := newInterner()
	var mu sync.Mutex
	err := st.rd.each(ctx, passNames[passTrain], 0, readCases, true, func() func(*rightUnit, *Profile) {
		var s BlockScratch
		var rk rightKeys
		var lefts []int32
		var buf []uint8
		return func(u *rightUnit, p *Profile) {
			lk.keysOf(u.keys, &rk)
			lefts = lk.candidates(&rk, &s, lefts[:0])
			kept := false
			for _, l := range lefts {
				a := st.left[l]
				if a.Key == p.Key {
					continue
				}
				var lv levelled
				var ok bool
				if buf, lv, ok = levelPair(sc, a, p, buf[:0]); !ok {
					continue
				}
				kept = true
				c := &cands[int(l)/step]
				mu.Lock()
				c.add(u.ord, &lv, buf)
				mu.Unlock()
			}
			if kept {
				mu.Lock()
				keys[u.ord] = Key{Source: sources.get(p.Key.Source), ID: strings.Clone(p.Key.ID)}
				mu.Unlock()
			}
		}
	}, func(int32) error { return nil })
	if err != nil {
		return nil, err
	}
	return estimateTallies(sampled, sc, func(merge func(t *caseTally)) error {
		parallel(sampled, func(i int) {
			merge(cands[i].tally(keys))
			cands[i] = sampledPairs{}
		})
		return ctx.Err()
	})
}

// sampledPairs are the levels of a sampled left case's candidate pairs,
// in the order their right profiles were read.
type sampledPairs struct {
	pairs  []sampledPair
	levels []uint8
}

// sampledPair is one of them: its right profile's ordinal, where its
// levels start, and the rest of what the estimate takes.
type sampledPair struct {
	ord int32
	at  int32
	lv  levelled
}

func (c *sampledPairs) add(ord int32, lv *levelled, levels []uint8) {
	c.pairs = append(c.pairs, sampledPair{ord: ord, at: int32(len(c.levels)), lv: *lv})
	c.levels = append(c.levels, levels...)
}

// tally counts the pairs in the order of their right profiles' keys,
// which keys gives by ordinal.
func (c *sampledPairs) tally(keys []Key) *caseTally {
	slices.SortFunc(c.pairs, func(x, y sampledPair) int {
		kx, ky := &keys[x.ord], &keys[y.ord]
		return cmp.Or(strings.Compare(kx.Source, ky.Source), strings.Compare(kx.ID, ky.ID))
	})
	t := &caseTally{}
	for i := range c.pairs {
		e := &c.pairs[i]
		t.add(&e.lv, c.levels[e.at:e.at+e.lv.end])
	}
	return t
}

// interner hands out one copy of each of a few strings.
type interner map[string]string

func newInterner() interner { return interner{} }

// get returns the copy of s, making it the first time.
func (in interner) get(s string) string {
	if c, ok := in[s]; ok {
		return c
	}
	c := strings.Clone(s)
	in[c] = c
	return c
}

// score is the last pass: every candidate pair scored into its left
// case's best candidates and competing odds. The workers find each right
// profile's candidates as its round is read; the round's pairs are then
// scored grouped by left case (see scoreRound).
func (st *streamRun) score(ctx context.Context) error {
	opt := st.opt
	last := time.Now()
	var round scoringRound
	return st.rd.each(ctx, passNames[passScore], st.from, readCases, false, func() func(*rightUnit, *Profile) {
		var s BlockScratch
		var rk rightKeys
		var cands []int32
		return func(u *rightUnit, p *Profile) {
			st.keys.keysOf(u.keys, &rk)
			cands = st.keys.candidates(&rk, &s, cands[:0])
			if len(cands) > 0 {
				st.addToRound(&round, u.ord, p, cands)
			}
		}
	}, func(next int32) error {
		round.mu.Lock()
		st.scoreRound(&round)
		round.mu.Unlock()
		if opt.Checkpoint == nil || time.Since(last) < opt.CheckpointEvery {
			return nil
		}
		last = time.Now()
		return st.save(passScore-1, next)
	})
}

// scoringRound holds a round's right profiles with their candidates, until
// they are scored.
type scoringRound struct {
	mu    sync.Mutex // guards the fields below
	units []roundUnit
	cands []int32 // every unit's candidates, one after the other
}

// maxRoundPairs bounds the pairs a round holds: past it, they are scored
// before the round is read to its end. A right profile has some hundreds
// of candidates among 100,000 left cases when the right side is ten times
// larger, but a small right side has few records for many left cases'
// candidates: 25,000 right records against 100,000 left cases held 3,400
// a record, 112 MB a round of 8,192 without the bound. Tests lower it.
var maxRoundPairs = 1 << 22

// roundUnit is one right profile of a round: its candidates are
// cands[at:end] of the round.
type roundUnit struct {
	ord     int32
	p       *Profile
	at, end int32
}

// addToRound adds a right profile with its candidates to the round, and
// scores the round's pairs when they reach maxRoundPairs; the other
// workers wait meanwhile, as scoreRound keeps every core busy.
func (st *streamRun) addToRound(r *scoringRound, ord int32, p *Profile, cands []int32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	at := int32(len(r.cands))
	r.cands = append(r.cands, cands...)
	r.units = append(r.units, roundUnit{ord: ord, p: p, at: at, end: int32(len(r.cands))})
	if len(r.cands) >= maxRoundPairs {
		st.scoreRound(r)
	}
}

// scoreRound scores the pairs a round holds grouped by left case, each
// left case's pairs on one goroutine, and empties the round; r.mu is
// held. Scored as they were found, right profile by right profile, every
// pair read its left case's profile and accumulator from wherever they
// lay among all the left cases', under the accumulator's lock: at 100,000
// left cases most of those reads missed every cache, and a pair cost
// three times what it did at 10,000. Grouped, a left case's profile and
// accumulator are read once for all its pairs of the round, and no lock
// is taken. The result does not depend on the order of the pairs (see
// leftAcc and oddsSum).
func (st *streamRun) scoreRound(r *scoringRound) {
	if len(r.units) == 0 {
		return
	}
	opt := st.opt
	// The units in the order they were read, so that each left case meets
	// its pairs in one order whatever the workers' timing.
	slices.SortFunc(r.units, func(x, y roundUnit) int { return cmp.Compare(x.ord, y.ord) })
	// at[l] to at[l+1] in byLeft: the round's units that are left case l's
	// candidates, a counting sort of the pairs by left case.
	at := make([]int32, len(st.left)+1)
	for _, l := range r.cands {
		at[l+1]++
	}
	for l := range st.left {
		at[l+1] += at[l]
	}
	byLeft := make([]int32, len(r.cands))
	fill := slices.Clone(at[:len(st.left)])
	for ui, u := range r.units {
		for _, l := range r.cands[u.at:u.end] {
			byLeft[fill[l]] = int32(ui)
			fill[l]++
		}
	}
	// The round is scored whole, whatever the context: the pass checks it
	// between rounds, and a checkpoint holds whole rounds only.
	quiet := opt.CrosscheckOptions
	quiet.Progress = nil
	eachCase(context.Background(), len(st.left), quiet, "", func() func(l int) {
		return func(l int) {
			if at[l] == at[l+1] {
				return
			}
			memo := memos.Get().(*phonetic.Memo)
			defer memos.Put(memo)
			a, acc := st.left[l], &st.acc[l]
			var n int64
			run := byLeft[at[l]:at[l+1]]
			candidate := func(j int) *Profile { return r.units[run[j]].p }
			var ahead lookahead
			ahead.fill(len(run), candidate)
			for j := range run {
				p := ahead.next(j, len(run), candidate)
				if a.Key == p.Key {
					continue
				}
				n++
				if opt.Observe != nil {
					opt.Observe(a.Key, p.Key)
				}
				sc, ok := st.scorer.score(a, p, opt.IncludeExcluded, memo)
				if !ok {
					continue
				}
				acc.sum.add(&sc)
				if sc.Excluded == nil || opt.IncludeExcluded {
					acc.keep(&sc, p.Key, opt.TopK)
				}
			}
			st.pairs.Add(n)
		}
	})
	clear(r.units)
	r.units, r.cands = r.units[:0], r.cands[:0]
}

// leftFingerprint identifies a left side and the options that decide the
// result, so that a state is resumed only by the run it belongs to.
func leftFingerprint(cases []Case, opt StreamOptions) [32]byte {
	h := sha256.New()
	for _, c := range cases {
		h.Write([]byte(c.Key.Source))
		h.Write([]byte{0})
		h.Write([]byte(c.Key.ID))
		h.Write([]byte{0})
		for _, r := range c.Records {
			if b, err := r.MarshalCanonical(); err == nil {
				h.Write(b)
			}
			h.Write([]byte{0})
		}
	}
	o := opt.CrosscheckOptions
	var models []byte
	if o.Models != nil {
		models, _ = jsonOf(o.Models)
	}
	h.Write(models)
	h.Write([]byte(fmtOptions(o)))
	return [32]byte(h.Sum(nil))
}
