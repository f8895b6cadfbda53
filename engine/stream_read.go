package engine

import (
	"context"
	"crypto/sha256"
	"errors"
	"sync"
)

// rightReader reads the right side of a streamed cross-check as
// [PrepareCases] would group it: a record replaced by a later one of the
// same key is left out (the later one stands in its place), and the
// tracing requests and ante-mortem records of one case are handed over
// together, as one case, once its last record is read. The first pass
// finds both.
type rightReader struct {
	src Source
	opt StreamOptions

	// Set by the first pass: the number of records, the ordinals of those
	// a later record of the same key replaced, and the number of records
	// left in each case that may hold several.
	records    int32
	superseded map[int32]bool
	caseSize   map[CaseKey]int32
}

// rightUnit is one right case as read: its records and the ordinal of
// its last record, which orders the units.
type rightUnit struct {
	ord        int32
	recs       []*Record
	superseded bool
}

// How a pass reads the right side.
const (
	readCases   = iota // every case, whole
	readRecount        // replaced records read alone, and cases of several records
)

// caseable reports whether a record may share its case with others, as
// [GroupCases] groups them.
func caseable(r *Record) (CaseKey, bool) {
	ck, ok := r.Case()
	return ck, ok && (r.Kind == TracingRequest || r.Kind == AnteMortem)
}

// keyHash identifies a record's key in 16 bytes.
func keyHash(k Key) [16]byte {
	h := sha256.New()
	h.Write([]byte(k.Source))
	h.Write([]byte{0})
	h.Write([]byte(k.ID))
	return [16]byte(h.Sum(nil))
}

// needsRecount reports whether the first pass left anything to count
// again: a replaced record, or a case that may hold several records.
func (rd *rightReader) needsRecount() bool {
	return len(rd.superseded) > 0 || len(rd.caseSize) > 0
}

// survey is the first pass: it numbers the records, finds those replaced
// by a later one of the same key and the cases of several records, and
// gives every other record, prepared, to count (from several goroutines).
// Those it cannot know yet are dealt with by the recount pass.
func (rd *rightReader) survey(ctx context.Context, count func(p *Profile)) error {
	seen := map[[16]byte]int32{}
	caseOf := map[int32]CaseKey{}
	rd.superseded = map[int32]bool{}
	rd.caseSize = map[CaseKey]int32{}
	var ord int32
	err := rd.pipeline(ctx, passNames[passCount], 0, func() func(*rightUnit, *Profile) {
		return func(_ *rightUnit, p *Profile) { count(p) }
	}, func(int32) error { return nil }, func(r *Record, emit func(rightUnit)) {
		h := keyHash(r.Key())
		if prev, dup := seen[h]; dup {
			rd.superseded[prev] = true
			if ck, ok := caseOf[prev]; ok {
				rd.caseSize[ck]--
				delete(caseOf, prev)
			}
		}
		seen[h] = ord
		if ck, ok := caseable(r); ok {
			caseOf[ord] = ck
			rd.caseSize[ck]++
		} else {
			emit(rightUnit{ord: ord, recs: []*Record{r}})
		}
		ord++
	})
	rd.records = ord
	return err
}

// each reads the right side once more and calls, for every unit whose
// ordinal is from or more, a function that newWorker makes once per
// goroutine with the unit's prepared profile, on opt.Workers goroutines;
// after each round, afterRound is told the ordinal the next round starts
// at. mode says which units are read.
func (rd *rightReader) each(ctx context.Context, phase string, from int32, mode int, newWorker func() func(*rightUnit, *Profile), afterRound func(next int32) error) error {
	pending := map[CaseKey][]*Record{}
	var ord int32
	err := rd.pipeline(ctx, phase, from, newWorker, afterRound, func(r *Record, emit func(rightUnit)) {
		defer func() { ord++ }()
		ck, grouped := caseable(r)
		if rd.superseded[ord] {
			if mode == readRecount && !grouped {
				emit(rightUnit{ord: ord, recs: []*Record{r}, superseded: true})
			}
			return
		}
		if !grouped {
			if mode != readRecount {
				emit(rightUnit{ord: ord, recs: []*Record{r}})
			}
			return
		}
		recs := append(pending[ck], r)
		if int32(len(recs)) < rd.caseSize[ck] {
			pending[ck] = recs
			return
		}
		delete(pending, ck)
		emit(rightUnit{ord: ord, recs: GroupCases(recs)[0].Records})
	})
	if err == nil && ord != rd.records {
		return errors.New("engine: the right side changed while it was read: its number of records differs from the first pass")
	}
	return err
}

// pipeline reads the source in one goroutine, where unitsOf turns each
// record into units (in order), and prepares and works on the units in
// rounds on opt.Workers goroutines. Units below from are read but not
// worked on.
func (rd *rightReader) pipeline(ctx context.Context, phase string, from int32, newWorker func() func(*rightUnit, *Profile), afterRound func(next int32) error, unitsOf func(r *Record, emit func(rightUnit))) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type round struct {
		units []rightUnit
		next  int32 // the ordinal after the last record read
	}
	rounds := make(chan round, 1)
	var readErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(rounds)
		var cur round
		var ord int32
		send := func() error {
			select {
			case rounds <- cur:
			case <-ctx.Done():
				return ctx.Err()
			}
			cur = round{}
			return nil
		}
		readErr = rd.src(ctx, func(recs []*Record) error {
			for _, r := range recs {
				unitsOf(r, func(u rightUnit) {
					if u.ord >= from {
						cur.units = append(cur.units, u)
					}
				})
				ord++
				cur.next = ord
				if len(cur.units) >= rd.opt.Round {
					if err := send(); err != nil {
						return err
					}
				}
			}
			return ctx.Err()
		})
		if readErr == nil && (len(cur.units) > 0 || cur.next > 0) {
			readErr = send()
		}
	}()
	workers := make([]func(*rightUnit, *Profile), rd.opt.Workers)
	for w := range workers {
		workers[w] = newWorker()
	}
	var err error
	for r := range rounds {
		if err != nil {
			continue // drain, so that the reader ends
		}
		work(len(r.units), workers, func(w func(*rightUnit, *Profile), i int) {
			u := &r.units[i]
			w(u, Prepare(u.recs...))
		})
		if err = ctx.Err(); err != nil {
			cancel()
			continue
		}
		if rd.opt.Progress != nil {
			rd.opt.Progress(phase, int(r.next), int(rd.records))
		}
		if err = afterRound(r.next); err != nil {
			cancel()
		}
	}
	wg.Wait()
	if err != nil {
		return err
	}
	if readErr != nil {
		return readErr
	}
	return ctx.Err()
}

// work calls fn for 0..n-1 on one goroutine per worker, in chunks.
func work(n int, workers []func(*rightUnit, *Profile), fn func(w func(*rightUnit, *Profile), i int)) {
	const chunk = 64
	var next sync.Mutex
	at := 0
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				lo := at
				at += chunk
				next.Unlock()
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					fn(w, i)
				}
			}
		}()
	}
	wg.Wait()
}
