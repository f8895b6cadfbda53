package engine_test

import (
	"testing"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
)

// The floor of blocking recall is a few points under the recall measured
// on the generated data of TestBlockingRecall (1000 people, seed 1): 1.000
// with the shared lists (652 of 652 true pairs) and with the built-in lists
// (655 of 655), whose recovery places at sea carry coordinates and no
// country and so get their route region from [seaRegions]. A change to
// blocking that loses true pairs fails here.
const blockingRecallFloor = 0.97

// maxCandidateShare bounds the mean candidates per case as a share of the
// right records (measured 0.12): blocking that proposes everything would
// pass the recall floor.
const maxCandidateShare = 0.25

// TestBlockingRecall measures the share of true pairs, tracing cases
// (requests with their ante-mortem data) against remains and
// registrations, that candidate generation proposes, on 1000 generated
// people, from the shared lists (when found) and from the generator's
// built-in lists; nameless remains are counted apart.
func TestBlockingRecall(t *testing.T) {
	t.Run("shared lists", func(t *testing.T) {
		if synth.SharedDataDir("") == "" {
			t.Skip("no shared data folder")
		}
		blockingRecall(t, blockingRecallFloor)
	})
	t.Run("built-in lists", func(t *testing.T) {
		t.Setenv("RFLMATCH_SHARED", t.TempDir())
		blockingRecall(t, blockingRecallFloor)
	})
}

// blockingFixture prepares the tracing cases of people generated people
// (seed 1) and their remains and registrations, with truth[i] the indexes
// in rp of case i's true counterparts (same person).
func blockingFixture(tb testing.TB, people int) (lp, rp []*engine.Profile, truth map[int]map[int32]bool) {
	tb.Helper()
	d := synthData(tb, people)
	left, right := sought(d.Records)
	cases := engine.GroupCases(left)
	caseOf := map[engine.Key]int{}
	lp = make([]*engine.Profile, len(cases))
	for i, c := range cases {
		lp[i] = engine.Prepare(c.Records...)
		for _, r := range c.Records {
			caseOf[r.Key()] = i
		}
	}
	rp = engine.PrepareCases(right)
	at := map[engine.Key]int{}
	for j, p := range rp {
		at[p.Key] = j
	}
	truth = map[int]map[int32]bool{}
	for _, p := range d.Truth {
		if p.Relation != synth.SamePerson {
			continue
		}
		for _, o := range [2][2]engine.Key{{p.Left, p.Right}, {p.Right, p.Left}} {
			i, okL := caseOf[o[0]]
			j, okR := at[o[1]]
			if okL && okR {
				if truth[i] == nil {
					truth[i] = map[int32]bool{}
				}
				truth[i][int32(j)] = true
			}
		}
	}
	return lp, rp, truth
}

func blockingRecall(t *testing.T, floor float64) {
	lp, rp, truth := blockingFixture(t, 1000)
	ix := engine.NewBlockIndex(rp, engine.BlockOptions{})
	var s engine.BlockScratch
	var cands []int32
	type tally struct{ pairs, found int }
	var all, named, nameless tally
	var sizes int
	for i, p := range lp {
		cands = ix.Candidates(p, &s, cands[:0])
		sizes += len(cands)
		got := map[int32]bool{}
		for _, j := range cands {
			got[j] = true
		}
		for j := range truth[i] {
			group := &named
			if len(rp[j].Names) == 0 && !hasPaperName(rp[j]) {
				group = &nameless
			}
			for _, g := range []*tally{&all, group} {
				g.pairs++
				if got[j] {
					g.found++
				}
			}
		}
	}
	if all.pairs < 300 {
		t.Fatalf("only %d true pairs in the data", all.pairs)
	}
	recall := func(g tally) float64 { return float64(g.found) / float64(max(1, g.pairs)) }
	t.Logf("blocking recall %.4f (%d of %d true pairs); named %.4f (%d of %d), nameless %.4f (%d of %d); %.1f candidates per case over %d right records",
		recall(all), all.found, all.pairs, recall(named), named.found, named.pairs, recall(nameless), nameless.found, nameless.pairs,
		float64(sizes)/float64(len(lp)), len(rp))
	if r := recall(all); r < floor {
		t.Errorf("blocking recall %.4f, below the floor %.2f", r, floor)
	}
	if r := recall(named); r < blockingRecallFloor {
		t.Errorf("blocking recall of remains and registrations with a name %.4f, below the floor %.2f", r, blockingRecallFloor)
	}
	if share := float64(sizes) / float64(len(lp)) / float64(len(rp)); share > maxCandidateShare {
		t.Errorf("%.2f of the right records are candidates of a case on average, above %.2f", share, maxCandidateShare)
	}
}

func hasPaperName(p *engine.Profile) bool {
	for _, r := range p.Records {
		for _, d := range r.Documents {
			if d.Name != "" {
				return true
			}
		}
	}
	return false
}
