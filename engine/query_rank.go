package engine

import (
	"runtime"
	"sync"
	"time"

	"github.com/rflmatch/rflmatch/phonetic"
)

// minRankShare is the fewest candidates a core is given when one query's
// candidates are ranked on several: below it, starting a goroutine and
// merging its list costs more than scoring the pairs saves.
const minRankShare = 256

// yieldEvery is how many candidates background ranking scores between
// stepping aside (see [rankGate.stepAside]): about a tenth of a
// millisecond of scoring, against a fraction of a microsecond for the
// hand-over.
const yieldEvery = 64

// rankShared is [Scorer.rank] of one query's candidates on the free cores: a
// candidate query is answered one at a time, and its latency is the time
// of scoring its one to five thousand pairs. Each core scores a run of the
// candidates, keeping its best opt.TopK and the exact sum of its competing
// odds by relation; the lists are merged and the sums added before the probability is
// shared. [better] orders pairs totally (ties by the right case's key),
// and the sum is exact whatever the order it is added in, so the result
// is the one rank gives: the parity of a query with a cross-check holds.
//
// Only the cores that no other query someone waits for is ranking on are
// used: when the server is busy, a query's parts would wait for cores
// that other queries hold, and the query for the slowest part. Measured
// under bench load at 200 requests a second, ranking every query on both
// cores gave the candidate lists a p99 of 94.75 and 80.91 ms, and on one
// core 60.95 and 66.14 ms (runs alternated); a query alone still has both
// cores. Background ranking ([QueryOptions].Background) is not counted: it
// ranks on one core and steps aside while such a query ranks (see
// [foreground]).
func (sc *Scorer) rankShared(left *Profile, cands []*Profile, opt CrosscheckOptions) Match {
	if opt.background {
		return sc.rank(left, len(cands), listed(cands), opt)
	}
	others := foreground.enter()
	defer foreground.leave()
	return sc.rankParts(left, cands, opt, min(runtime.GOMAXPROCS(0)-others, len(cands)/minRankShare))
}

// foreground counts the queries someone waits for that are being ranked
// in the process, and lets background ranking wait until there are none.
// Matching after a write and the sweep of stored cases are a fifth of a
// busy server's processor; the Go scheduler has no priorities, so without
// it a candidate list waited for its share of the cores behind them.
var foreground rankGate

// maxStepAside bounds how long background ranking waits for the queries
// someone waits for at one time, so that under a steady stream of them
// the matching of new records still moves.
const maxStepAside = 20 * time.Millisecond

// rankGate counts the queries ranking that background work gives way to.
type rankGate struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n falls to zero; nil while it is zero
}

// enter counts a query in and returns how many others were ranking.
func (g *rankGate) enter() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		g.idle = make(chan struct{})
	}
	g.n++
	return g.n - 1
}

// leave counts a query out, waking the background work that waits.
func (g *rankGate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n--
	if g.n == 0 {
		close(g.idle)
		g.idle = nil
	}
}

// stepAside is where background ranking gives way: it waits while
// queries someone waits for are ranking, at most maxStepAside, and
// otherwise hands the processor over to whatever else is runnable.
func (g *rankGate) stepAside() {
	g.mu.Lock()
	idle := g.idle
	g.mu.Unlock()
	if idle == nil {
		runtime.Gosched()
		return
	}
	t := time.NewTimer(maxStepAside)
	defer t.Stop()
	select {
	case <-idle:
	case <-t.C:
	}
}

// rankParts is rankShared with the candidates cut in parts runs, each
// scored on a goroutine of its own.
func (sc *Scorer) rankParts(left *Profile, cands []*Profile, opt CrosscheckOptions, parts int) Match {
	if parts <= 1 {
		return sc.rank(left, len(cands), listed(cands), opt)
	}
	lists := make([][]Scored, parts)
	sums := make([]caseOdds, parts)
	var wg sync.WaitGroup
	for k := 1; k < parts; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run := cands[k*len(cands)/parts : (k+1)*len(cands)/parts]
			lists[k] = sc.rankRun(left, len(run), listed(run), opt, &sums[k])
		}()
	}
	run := cands[:len(cands)/parts]
	lists[0] = sc.rankRun(left, len(run), listed(run), opt, &sums[0])
	wg.Wait()
	m := Match{Left: left, Candidates: lists[0]}
	for k := 1; k < parts; k++ {
		sums[0].merge(&sums[k])
		for _, s := range lists[k] {
			m.Candidates = keepTop(m.Candidates, s, opt.TopK)
		}
	}
	shareOdds(m.Candidates, &sums[0])
	return m
}

// listed gives the candidates of a list one by one, as rank and rankRun
// take them.
func listed(cands []*Profile) func(j int) *Profile {
	return func(j int) *Profile { return cands[j] }
}

// rankRun scores the n candidates candidate(j) of left as [Scorer.rank]
// does, adding the competing odds to competing, and returns the best
// opt.TopK before their probability is shared. While it scores one
// candidate, the memory of the next few is brought in (see [lookahead]).
func (sc *Scorer) rankRun(left *Profile, n int, candidate func(j int) *Profile, opt CrosscheckOptions, competing *caseOdds) []Scored {
	memo := memos.Get().(*phonetic.Memo)
	defer memos.Put(memo)
	var ahead lookahead
	ahead.fill(n, candidate)
	var top []Scored
	for j := range n {
		if opt.background && j%yieldEvery == yieldEvery-1 {
			foreground.stepAside()
		}
		s, ok := sc.score(left, ahead.next(j, n, candidate), opt.IncludeExcluded, memo)
		if !ok {
			continue
		}
		competing.add(&s)
		if s.Excluded != nil && !opt.IncludeExcluded {
			continue
		}
		top = keepTop(top, s, opt.TopK)
	}
	return top
}
