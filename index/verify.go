package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
)

// VerifyReport is what Verify read and found.
type VerifyReport struct {
	Records  int // records read, opened and decoded
	DataKeys int // their data keys
	Cases    int // case entries opened
	Postings int // cases in the candidate index built from the entries
	// SavedIndex: the candidate index saved at the last close is current
	// and was compared with the one built from the entries.
	SavedIndex bool
	Docs       int // the service's documents opened
	// Problems names each damage found, one line each; empty when the
	// store is whole.
	Problems []string
}

// maxProblems bounds the report: a store damaged everywhere is named by
// its first findings, not by a million lines.
const maxProblems = 100

func (r *VerifyReport) problem(format string, args ...any) {
	if len(r.Problems) < maxProblems {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	} else if len(r.Problems) == maxProblems {
		r.Problems = append(r.Problems, "… and more")
	}
}

// Verify opens the store in dir read-only (changing no file) and reads all
// of it: badger's files are checked before it opens them, every block of
// every table verified among them; then every record is opened with its data key and
// decoded, every case entry opened and checked against the records it
// lists, the candidate index built from the entries (and compared with
// the one saved at the last close, when that is current), every document and
// the models opened, and what was read compared with the count and
// digest the store keeps. A store that Open refuses returns Open's error
// (ErrDamaged names what is damaged, ErrNeedsRecovery says to run
// Recover). Otherwise the report lists each problem found, and the error
// is ErrDamaged when there is one.
func Verify(ctx context.Context, dir string, opt Options) (VerifyReport, error) {
	var rep VerifyReport
	opt.ReadOnly, opt.Create = true, false
	s, err := Open(ctx, dir, opt)
	if err != nil {
		return rep, err
	}
	defer s.Close()
	if err := s.verify(ctx, &rep); err != nil {
		return rep, err
	}
	if len(rep.Problems) > 0 {
		return rep, fmt.Errorf("verify %s: %w", dir, damaged("%s", rep.Problems[0]))
	}
	return rep, nil
}

func (s *Store) verify(ctx context.Context, rep *VerifyReport) error {
	// Open has verified every block of every table (checkFiles).
	found := newTally()
	members := map[string][]string{} // case entry storage key → the ids of the records that name it
	var recorded *tally
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		if recorded, err = s.recordedTally(txn); err != nil {
			rep.problem("%v", err)
		}
		n := 0
		err = s.scanRecords(txn, nil, func(key []byte, kind byte, canon []byte) error {
			if n++; n%ctxEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			_, k, err := decodeKey(key)
			if err != nil {
				rep.problem("a record's key does not decode: %v", err)
				return nil
			}
			r, err := decodeRecord(canon)
			if err != nil {
				rep.problem("record %s: %v", k, err)
				return nil
			}
			if r.Key() != k {
				rep.problem("record %s holds the record %s", k, r.Key())
			}
			if code, ok := kindCode(r.Kind); !ok || code != kind {
				rep.problem("record %s is stored as another kind than its own (%s)", k, r.Kind)
			}
			sum := recordSum(key, kind, canon)
			found.add(k.Source, kind, &sum, 1)
			rep.Records++
			ref := string(encodeKey(prefixCase, caseRef(r)))
			members[ref] = append(members[ref], r.ID)
			return nil
		})
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			rep.problem("reading the records stopped: %v", err)
		}
		s.verifyDataKeys(txn, rep)
		s.verifyCases(ctx, txn, members, rep)
		s.verifyDocs(txn, rep)
		return nil
	})
	if err != nil {
		return err
	}
	if recorded != nil {
		if msg := recorded.disagreement(found, true); msg != "" {
			rep.problem("%s", msg)
		}
	}
	if _, err := s.Models(ctx); err != nil && !errors.Is(err, ErrNotFound) {
		rep.problem("the models: %v", err)
	}
	// The candidate index, built from the entries as a query builds it
	// when nothing is saved: every posting of every case; then the saved
	// one, when it is current, against it.
	s.live.mu.Lock()
	s.live.ignoreSaved = true
	s.live.mu.Unlock()
	if err := s.View(ctx, func(v engine.IndexView) error {
		rep.Postings = v.Len()
		return nil
	}); err != nil {
		rep.problem("building the candidate index: %v", err)
		return ctx.Err()
	}
	var saved live
	saved.reset()
	if s.loadLive(ctx, &saved) {
		rep.SavedIndex = true
		s.live.mu.RLock()
		diff := differentCases(&s.live, &saved)
		s.live.mu.RUnlock()
		if diff != "" {
			rep.problem("the saved candidate index (%s) differs from the case entries: %s", snapshotName, diff)
		}
	}
	return ctx.Err()
}

// differentCases names the first case that a and b do not hold alike
// (its profile, or its keys), whatever slots they are in; "" when they
// hold the same.
func differentCases(a, b *live) string {
	ca, cb := liveContent(a), liveContent(b)
	if len(ca) != len(cb) {
		return fmt.Sprintf("%d cases against %d", len(ca), len(cb))
	}
	for ref, x := range ca {
		y, ok := cb[ref]
		switch {
		case !ok:
			return describeKey([]byte(ref)) + " is missing"
		case x.profile != y.profile:
			return describeKey([]byte(ref)) + " has another profile"
		case !slices.Equal(x.keys, y.keys) || !slices.Equal(x.reverse, y.reverse):
			return describeKey([]byte(ref)) + " has other keys"
		}
	}
	return ""
}

// caseContent is what an index holds of one case, whatever its slot.
type caseContent struct {
	profile       string // the encoding of its profile
	keys, reverse []uint64
}

// liveContent is what l holds, by case entry storage key.
func liveContent(l *live) map[string]*caseContent {
	out := make(map[string]*caseContent, len(l.byRef))
	bySlot := make([]*caseContent, len(l.slots))
	for ref, slot := range l.byRef {
		c := &caseContent{}
		if p := l.slots[slot]; p != nil {
			enc, err := p.AppendBinary(nil)
			if err != nil {
				enc = []byte(err.Error())
			}
			c.profile = string(enc)
		}
		out[ref], bySlot[slot] = c, c
	}
	gather := func(p *postings, to func(*caseContent, uint64)) {
		for i := range p.shards {
			t := &p.shards[i]
			for j, h := range t.keys {
				if t.vals[j] == empty {
					continue
				}
				for _, slot := range p.get(h) {
					if c := bySlot[slot]; c != nil {
						to(c, h)
					}
				}
			}
		}
	}
	gather(&l.post, func(c *caseContent, h uint64) { c.keys = append(c.keys, h) })
	gather(&l.rev, func(c *caseContent, h uint64) { c.reverse = append(c.reverse, h) })
	for _, c := range out {
		slices.Sort(c.keys)
		slices.Sort(c.reverse)
	}
	return out
}

// verifyDataKeys checks that every data key is well formed and has its
// record (a record without its data key fails to open above).
func (s *Store) verifyDataKeys(txn *badger.Txn, rep *VerifyReport) {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{prefixDataKey}
	it := txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		if item.ValueSize() == 0 {
			continue // an erase's placeholder
		}
		rep.DataKeys++
		what := describeKey(append([]byte{prefixRecord}, item.Key()[1:]...))
		if item.ValueSize() != 1+dataKeySize {
			rep.problem("the data key of %s is malformed", what)
		}
		rk := append([]byte{prefixRecord}, item.Key()[1:]...)
		if _, err := txn.Get(rk); errors.Is(err, badger.ErrKeyNotFound) {
			rep.problem("the data key of %s has no record", what)
		}
	}
}

// verifyCases opens every case entry and checks that it lists exactly the
// records that name its case.
func (s *Store) verifyCases(ctx context.Context, txn *badger.Txn, members map[string][]string, rep *VerifyReport) {
	opts := badger.DefaultIteratorOptions
	opts.PrefetchValues = false
	opts.Prefix = []byte{prefixCase}
	it := txn.NewIterator(opts)
	defer it.Close()
	seen := map[string]bool{}
	for it.Rewind(); it.Valid(); it.Next() {
		if ctx.Err() != nil {
			return
		}
		key := it.Item().KeyCopy(nil)
		e, err := s.loadEntry(txn, key)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		_, ref, kerr := decodeKey(key)
		name := ref.String()
		if kerr != nil {
			name = fmt.Sprintf("%q", key)
		}
		if err != nil {
			rep.problem("the case entry %s: %v", name, err)
			continue
		}
		rep.Cases++
		seen[string(key)] = true
		want := slices.Clone(members[string(key)])
		slices.Sort(want)
		got := slices.Clone(e.members)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			rep.problem("the case entry %s lists %d records, but %d records belong to its case", name, len(got), len(want))
		}
	}
	for key, ids := range members {
		if !seen[key] {
			rep.problem("%d records of a case have no case entry (%s…)", len(ids), ids[0])
		}
	}
}

// verifyDocs opens every document.
func (s *Store) verifyDocs(txn *badger.Txn, rep *VerifyReport) {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{prefixDoc}
	it := txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		if item.ValueSize() == 0 {
			continue
		}
		err := item.Value(func(sealed []byte) error {
			_, err := unseal(s.entryKey, item.Key(), 0, sealed)
			return err
		})
		if err != nil {
			rep.problem("a document of the service does not open: %v", err)
			continue
		}
		rep.Docs++
	}
}

// Recover finishes what a crash left in the store in dir, by opening it
// for writing (badger replays its write-ahead logs; an interrupted erase is
// completed) and closing it, then verifies the whole store (Verify). The
// tables an interrupted flush or compaction left, which badger would
// delete, are first moved into the store's orphaned-tables directory, and
// removed once the store verifies whole: if it does not (a MANIFEST that
// lost entries looks like a crash), they are kept there and the report
// says so. A damaged store is refused before anything is changed, as Open
// refuses it.
func Recover(ctx context.Context, dir string, opt Options) (VerifyReport, error) {
	w := opt
	w.ReadOnly, w.Create, w.keepOrphans = false, false, true
	s, err := Open(ctx, dir, w)
	if err != nil {
		return VerifyReport{}, err
	}
	if err := s.Close(); err != nil {
		return VerifyReport{}, err
	}
	rep, err := Verify(ctx, dir, opt)
	orphans := filepath.Join(dir, orphanDir)
	if _, serr := os.Stat(orphans); serr != nil {
		return rep, err
	}
	if err != nil {
		rep.problem("the tables that the MANIFEST did not list are kept in %s (encrypted; of use only to whoever repairs the store)", orphans)
		return rep, err
	}
	return rep, os.RemoveAll(orphans)
}
