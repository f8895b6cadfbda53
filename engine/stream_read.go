package engine

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
)

// rightReader reads the right side of a streamed cross-check as
// [PrepareCases] would group it: a record replaced by a later one of the
// same key is left out (the later one stands in its place), and the
// tracing requests and ante-mortem records of one case are handed over
// together, as one case, once its last record is read. The first pass
// finds both. Unless opt.NoSpill, the passes after the first read the
// prepared profiles from a spill (see stream_spill.go) rather than the
// right side.
type rightReader struct {
	src Source
	opt StreamOptions

	// Set by the first pass: the number of records, the ordinals of those
	// a later record of the same key replaced, and the number of records
	// left in each case that may hold several.
	records    int32
	superseded map[int32]bool
	caseSize   map[CaseKey]int32

	// keys gives each unit the ids of its keys.
	keys *leftKeys

	// spill holds the units as the last pass that wrote one read them: nil
	// before, with opt.NoSpill, and in a resumed run until a pass has read
	// the right side once.
	spill *spill
}

// rightUnit is one right case as read: its records and the ordinal of
// its last record, which orders the units. From the right side it holds
// its records; from a spill, its compact profile or, for a case of
// several records, their canonical forms.
type rightUnit struct {
	ord        int32
	recs       []*Record
	raws       [][]byte
	enc        []byte // as spilled: the keys' ids, then the compact profile
	keys       []int32
	superseded bool
	// keysOnly is a spilled unit whose keys' ids are all its pass needs:
	// it is given to the pass with a nil profile, not decoded.
	keysOnly bool
	// carry is a unit only written to the next spill, not worked on.
	carry bool
	// record is a record of a case of several, written to the spill as it
	// is by the first pass, with its case's key.
	record bool
	ck     CaseKey
	err    error
}

// How a pass reads the right side.
const (
	readCases   = iota // every case, whole
	readRecount        // replaced records read alone, and cases of several records
	readRecords        // every case, whole, prepared from its records (never a spill)
	readKeys           // every case, whole, for its keys' ids only: from a spill, no profile
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

// feed reads the right side once: it hands each unit to emit, in order,
// and after each record tells next the ordinal after it; it stops with
// next's error.
type feed func(ctx context.Context, emit func(rightUnit), next func(ord int32) error) error

// sourceFeed reads the right side itself, where unitsOf turns each
// record, numbered, into units.
func (rd *rightReader) sourceFeed(unitsOf func(r *Record, ord int32, emit func(rightUnit))) feed {
	return func(ctx context.Context, emit func(rightUnit), next func(int32) error) error {
		var ord int32
		return rd.src(ctx, func(recs []*Record) error {
			for _, r := range recs {
				unitsOf(r, ord, emit)
				ord++
				if err := next(ord); err != nil {
					return err
				}
			}
			return ctx.Err()
		})
	}
}

// survey is the first pass: it numbers the records, finds those replaced
// by a later one of the same key and the cases of several records, and
// gives every other record, prepared, to count (from several goroutines).
// Those it cannot know yet are dealt with by the recount pass. It writes
// the spill.
func (rd *rightReader) survey(ctx context.Context, count func(u *rightUnit, p *Profile)) error {
	seen := map[[16]byte]int32{}
	caseOf := map[int32]CaseKey{}
	rd.superseded = map[int32]bool{}
	rd.caseSize = map[CaseKey]int32{}
	out, err := rd.newSpill(0)
	if err != nil {
		return err
	}
	var last int32
	err = rd.pipeline(ctx, passNames[passCount], 0, out, func() func(*rightUnit, *Profile) {
		return count
	}, func(int32) error { return nil }, rd.sourceFeed(func(r *Record, ord int32, emit func(rightUnit)) {
		last = ord + 1
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
			if out != nil {
				emit(rightUnit{ord: ord, recs: []*Record{r}, record: true, carry: true, ck: ck})
			}
		} else {
			emit(rightUnit{ord: ord, recs: []*Record{r}})
		}
	}))
	rd.records = last
	if out != nil {
		out.rewrite = rd.needsRecount()
	}
	return rd.adopt(out, err)
}

// newSpill starts the spill a pass writes, unless spills are off or the
// pass starts past the first unit (a resumed pass, which does not see
// every unit).
func (rd *rightReader) newSpill(from int32) (*spill, error) {
	if rd.opt.NoSpill || from > 0 {
		return nil, nil
	}
	return newSpill(rd.opt.SpillDir)
}

// adopt makes out, written by a pass that ended with err, the spill the
// next passes read; it is removed instead after an error.
func (rd *rightReader) adopt(out *spill, err error) error {
	if out == nil {
		return err
	}
	if err == nil {
		err = out.finish()
	}
	if err != nil {
		out.close()
		return err
	}
	rd.closeSpill()
	rd.spill = out
	return nil
}

// closeSpill removes the spill.
func (rd *rightReader) closeSpill() {
	rd.spill.close()
	rd.spill = nil
}

// each reads the right side once more and calls, for every unit whose
// ordinal is from or more, a function that newWorker makes once per
// goroutine with the unit's prepared profile, on opt.Workers goroutines;
// after each round, afterRound is told the ordinal the next round starts
// at. mode says which units are read. It reads the spill when there is
// one (but for readRecords), and writes one for the passes after it when
// keep is set and there is none yet, or the one there holds records to
// prepare.
func (rd *rightReader) each(ctx context.Context, phase string, from int32, mode int, keep bool, newWorker func() func(*rightUnit, *Profile), afterRound func(next int32) error) error {
	in := rd.spill
	if mode == readRecords {
		in = nil
	}
	var out *spill
	if keep && (in == nil || in.rewrite) {
		var err error
		if out, err = rd.newSpill(from); err != nil {
			return err
		}
	}
	var err error
	if in != nil {
		err = rd.pipeline(ctx, phase, from, out, newWorker, afterRound, rd.spillFeed(in, mode, out != nil))
	} else {
		var read int32
		err = rd.pipeline(ctx, phase, from, out, newWorker, afterRound, rd.sourceFeed(rd.recordUnits(mode, out != nil, &read)))
		if err == nil && read != rd.records {
			err = errors.New("engine: the right side changed while it was read: its number of records differs from the first pass")
		}
	}
	return rd.adopt(out, err)
}

// recordUnits turns the right side's records into the units a pass of
// mode reads, counting them in read; with spilling, the units of a
// recount that it does not work on are carried into the spill.
func (rd *rightReader) recordUnits(mode int, spilling bool, read *int32) func(r *Record, ord int32, emit func(rightUnit)) {
	pending := map[CaseKey][]*Record{}
	return func(r *Record, ord int32, emit func(rightUnit)) {
		*read = ord + 1
		ck, grouped := caseable(r)
		if rd.superseded[ord] {
			if mode == readRecount && !grouped {
				emit(rightUnit{ord: ord, recs: []*Record{r}, superseded: true})
			}
			return
		}
		if !grouped {
			switch {
			case mode != readRecount:
				emit(rightUnit{ord: ord, recs: []*Record{r}})
			case spilling:
				emit(rightUnit{ord: ord, recs: []*Record{r}, carry: true})
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
	}
}

// spillFeed reads the units of a pass of mode from the spill in; with
// spilling, the units of a recount that it does not work on are carried
// into the next spill.
func (rd *rightReader) spillFeed(in *spill, mode int, spilling bool) feed {
	return func(ctx context.Context, emit func(rightUnit), next func(int32) error) error {
		pending := map[CaseKey][][]byte{}
		err := in.each(func(e *spillEntry) error {
			switch e.kind {
			case spillProfile:
				switch {
				case rd.superseded[e.ord]:
					if mode == readRecount {
						emit(rightUnit{ord: e.ord, enc: e.payload, superseded: true})
					}
				case mode != readRecount:
					emit(rightUnit{ord: e.ord, enc: e.payload, keysOnly: mode == readKeys})
				case spilling:
					emit(rightUnit{ord: e.ord, enc: e.payload, carry: true})
				}
			case spillRecord:
				if rd.superseded[e.ord] {
					break
				}
				raws := append(pending[e.ck], e.payload)
				if int32(len(raws)) < rd.caseSize[e.ck] {
					pending[e.ck] = raws
					break
				}
				delete(pending, e.ck)
				emit(rightUnit{ord: e.ord, raws: raws})
			default:
				return errSpillDamaged
			}
			return next(e.ord + 1)
		})
		if err == nil {
			err = next(rd.records)
		}
		if err == nil {
			err = ctx.Err()
		}
		return err
	}
}

// prepare makes the unit's profile and its keys' ids, from its records
// or its spilled form, encodes both for the next spill when spilling, and
// gives them to w unless the unit is only carried.
func (rd *rightReader) prepare(u *rightUnit, w func(*rightUnit, *Profile), spilling bool) error {
	if u.record {
		var err error
		u.enc, err = u.recs[0].MarshalCanonical()
		u.recs = nil
		return err
	}
	var p *Profile
	switch {
	case u.raws != nil:
		recs := make([]*Record, len(u.raws))
		for i, b := range u.raws {
			r, err := Decode(b)
			if err != nil {
				return fmt.Errorf("%w: %v", errSpillDamaged, err)
			}
			recs[i] = r
		}
		p = Prepare(GroupCases(recs)[0].Records...)
		u.raws = nil
	case u.recs != nil:
		p = Prepare(u.recs...)
		u.recs = nil
	case u.carry:
		return nil
	case u.keysOnly:
		var err error
		if u.keys, _, err = decodeKeys(u.enc); err != nil {
			return err
		}
		w(u, nil)
		return nil
	default:
		var err error
		if u.keys, p, err = decodeUnit(u.enc); err != nil {
			return err
		}
	}
	if u.enc == nil {
		u.keys = rd.keys.keyIDs(p, nil)
		if spilling && !u.superseded {
			var err error
			if u.enc, err = encodeUnit(u.keys, p); err != nil {
				return err
			}
		}
	}
	if !u.carry {
		w(u, p)
	}
	return nil
}

// encodeUnit is a unit as spilled: the count and ids of its keys, then
// its compact profile.
func encodeUnit(keys []int32, p *Profile) ([]byte, error) {
	b := binary.AppendUvarint(nil, uint64(len(keys)))
	for _, id := range keys {
		b = binary.AppendUvarint(b, uint64(id))
	}
	return p.AppendBinary(b)
}

// decodeUnit decodes what encodeUnit encoded.
func decodeUnit(b []byte) ([]int32, *Profile, error) {
	keys, b, err := decodeKeys(b)
	if err != nil {
		return nil, nil, err
	}
	p, err := DecodeProfile(b)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errSpillDamaged, err)
	}
	return keys, p, nil
}

// decodeKeys decodes the keys' ids that encodeUnit encoded first, and
// returns what follows them.
func decodeKeys(b []byte) ([]int32, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, nil, errSpillDamaged
	}
	b = b[k:]
	keys := make([]int32, n)
	for i := range keys {
		id, k := binary.Uvarint(b)
		if k <= 0 || id > math.MaxInt32 {
			return nil, nil, errSpillDamaged
		}
		keys[i], b = int32(id), b[k:]
	}
	return keys, b, nil
}

// pipeline reads the right side through fd in one goroutine, and
// prepares and works on the units in rounds on opt.Workers goroutines,
// writing them to out (when not nil) in order. Units below from are read
// but not worked on.
func (rd *rightReader) pipeline(ctx context.Context, phase string, from int32, out *spill, newWorker func() func(*rightUnit, *Profile), afterRound func(next int32) error, fd feed) error {
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
		send := func() error {
			select {
			case rounds <- cur:
			case <-ctx.Done():
				return ctx.Err()
			}
			cur = round{units: make([]rightUnit, 0, rd.opt.Round)}
			return nil
		}
		cur.units = make([]rightUnit, 0, rd.opt.Round)
		readErr = fd(ctx, func(u rightUnit) {
			if u.ord >= from {
				cur.units = append(cur.units, u)
			}
		}, func(next int32) error {
			cur.next = next
			if len(cur.units) >= rd.opt.Round {
				return send()
			}
			return nil
		})
		if readErr == nil && (len(cur.units) > 0 || cur.next > 0) {
			readErr = send()
		}
	}()
	workers := make([]func(*rightUnit, *Profile), rd.opt.Workers)
	for w := range workers {
		workers[w] = newWorker()
	}
	spilling := out != nil
	var err error
	for r := range rounds {
		if err != nil {
			continue // drain, so that the reader ends
		}
		work(len(r.units), workers, func(w func(*rightUnit, *Profile), i int) {
			u := &r.units[i]
			u.err = rd.prepare(u, w, spilling)
		})
		for i := range r.units {
			if err == nil {
				err = r.units[i].err
			}
		}
		if err == nil && spilling {
			err = spillRound(out, r.units)
		}
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
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

// spillRound writes a round's units to the spill, in order: replaced
// records are left out, and the first pass's records of cases of several
// go as they are.
func spillRound(out *spill, units []rightUnit) error {
	for i := range units {
		u := &units[i]
		var err error
		switch {
		case u.superseded:
		case u.record:
			err = out.addRecord(u.ord, u.ck, u.enc)
		default:
			err = out.add(u.ord, spillProfile, u.enc)
		}
		if err != nil {
			return err
		}
	}
	return nil
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
