package engine

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// collectedPostings are the postings of the keys of the budget-bound left
// cases, collected from the right side, with the right profiles' ordinals
// as slots: what [BlockOptions.Select] needs to run a budget-bound case's
// query as it runs over the whole right side. A key whose posting Select
// only measures (one too large to be used) is given as a stand-in of its
// size, capped above every limit Select compares it with, holding a slot
// no right profile has.
type collectedPostings struct {
	lk    *leftKeys
	slot  map[int32]int32 // key id → index in posts, for the keys collected
	posts [][]int32
	// standIn is filled with a slot no right profile has, as long as the
	// largest limit Select compares a posting with, plus one.
	standIn []int32
}

// noSlot is a slot no right profile has: ordinals are never negative, and
// a query's set stores slot+1, which must not be 0.
const noSlot = -2

// Posting returns the right profiles' ordinals under key.
func (c *collectedPostings) Posting(key string) []int32 {
	id, ok := c.lk.ids[key]
	if !ok {
		return nil
	}
	if i, ok := c.slot[id]; ok {
		return c.posts[i]
	}
	return c.standIn[:min(int(c.lk.count[id]), len(c.standIn))]
}

// ReversePosting returns the ordinals of the right sought profiles whose
// reverse keys hold key.
func (c *collectedPostings) ReversePosting(key string) []int32 { return c.Posting(key) }

// budgets is the pass that decides what the budget-bound left cases'
// queries take: it collects the postings of their keys, each only up to
// the size at which Select could read its slots, then runs
// [BlockOptions.Select] over them for each such case and keeps the usable
// keys whose postings it took. Memory: those postings, each at most its
// key's Max limit, while the pass runs; the taken keys after it.
func (st *streamRun) budgets(ctx context.Context) error {
	lk := st.keys
	if !lk.anyBound {
		return nil
	}
	o := lk.opt
	c := &collectedPostings{lk: lk, slot: map[int32]int32{}}
	keysOf := make([][]int32, len(st.left)) // per budget-bound case, its usable keys collected
	for l, p := range st.left {
		if !lk.bound[l] {
			continue
		}
		for _, k := range p.streamKeys(o) {
			id := lk.ids[k]
			if int(lk.count[id]) > o.readLimit(k[0]) {
				continue
			}
			if _, ok := c.slot[id]; !ok {
				c.slot[id] = int32(len(c.posts))
				c.posts = append(c.posts, make([]int32, 0, lk.count[id]))
			}
			if lk.usable(id, k[0]) {
				keysOf[l] = append(keysOf[l], id)
			}
		}
		slices.Sort(keysOf[l])
		keysOf[l] = slices.Compact(keysOf[l])
	}
	var mu sync.Mutex
	// The pass needs the right profiles' keys only: from a spill, their
	// profiles are not decoded.
	err := st.rd.each(ctx, passNames[passBudgets], 0, readKeys, true, func() func(*rightUnit, *Profile) {
		var hits []int32
		return func(u *rightUnit, _ *Profile) {
			hits = hits[:0]
			for _, id := range u.keys {
				if i, ok := c.slot[id]; ok {
					hits = append(hits, i)
				}
			}
			if len(hits) == 0 {
				return
			}
			mu.Lock()
			for _, i := range hits {
				c.posts[i] = append(c.posts[i], u.ord)
			}
			mu.Unlock()
		}
	}, func(int32) error { return nil })
	if err != nil {
		return err
	}
	for id, i := range c.slot {
		if len(c.posts[i]) != int(lk.count[id]) {
			return errors.New("engine: the right side changed while it was read: its keys differ from the first pass")
		}
	}
	limit := max(o.MaxBlock, o.MaxCombined, o.MaxIdentifier, o.MaxIncident, o.cellLimit(), o.MaxCandidates+o.MaxDescription)
	c.standIn = make([]int32, limit+1)
	for i := range c.standIn {
		c.standIn[i] = noSlot
	}
	// Each budget-bound query, as Select runs it, on the workers.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range st.opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var s BlockScratch
			var sel []int32
			for {
				l := int(next.Add(1)) - 1
				if l >= len(st.left) {
					return
				}
				if !lk.bound[l] {
					continue
				}
				sel = o.Select(c, st.left[l], &s, sel[:0])
				var taken []int32
				for _, id := range keysOf[l] {
					post := c.posts[c.slot[id]]
					if len(post) > 0 && !slices.ContainsFunc(post, func(r int32) bool { return !s.has(r) }) {
						taken = append(taken, id)
					}
				}
				lk.taken[l] = taken
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// sortByKey orders profiles by their keys, so that a case's candidates
// reach the models' estimate in one order however they were found.
func sortByKey(ps []*Profile) {
	slices.SortFunc(ps, func(x, y *Profile) int {
		return cmp.Or(strings.Compare(x.Key.Source, y.Key.Source), strings.Compare(x.Key.ID, y.Key.ID))
	})
}
