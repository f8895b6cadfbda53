package index

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
)

// A case is what candidate generation indexes: a tracing request with the
// ante-mortem records sharing its (source, case_id), or any other record
// alone (see engine.GroupCases). Each case has one entry, sealed under a
// key derived from the master key, written in the same transaction as the
// records that change it: its members' ids and the hashes of its blocking
// keys, as an indexed case and, for a sought person, its reverse keys (the
// description cells of its last contact, which remains and registrations
// look up to find it).
const (
	prefixCase   byte = 'c' // 'c' source ref → sealed case entry
	prefixModels byte = 'M' // 'M' → sealed models (JSON)
	prefixMeta   byte = 'V' // 'V' → index format version, one byte
)

// indexVersion marks a store that holds case entries: a store without it
// (made before the case index) gets its entries written when first needed.
const indexVersion = 1

// The case-entry formats, the first byte of an entry. Version 1 holds the
// members and key hashes; version 2 adds the case's compact profile
// (engine.Profile.AppendBinary) with the engine.PrepareVersion it was
// prepared under, so that opening the store reads no record.
// Entries of both versions may be in one store: a version 1 entry's case
// is prepared from its records at open, and rewritten in version 2 by the
// next write that changes it.
const (
	entryV1 = 1
	entryV2 = 2
)

var metaKey = []byte{prefixMeta}
var modelsKey = []byte{prefixModels}

// caseRef names a record's case in storage: "c" + case_id for a sought
// person's records that carry one, "r" + id for any other record.
func caseRef(r *engine.Record) engine.Key {
	if ck, ok := r.Case(); ok && (r.Kind == engine.TracingRequest || r.Kind == engine.AnteMortem) {
		return engine.Key{Source: r.Source, ID: "c" + ck.CaseID}
	}
	return engine.Key{Source: r.Source, ID: "r" + r.ID}
}

// aloneRef reports whether ref is the case of one record on its own (a
// body, a registration, a sought record without a case id): its entry's
// members are that record, so reading them needs no entry.
func aloneRef(ref engine.Key) bool { return strings.HasPrefix(ref.ID, "r") }

// caseEntry is one case's stored entry.
type caseEntry struct {
	members []string // record ids, sorted
	index   []uint64 // hashes of the case's engine.Profile.IndexKeys
	reverse []uint64 // hashes of its ReverseKeys (sought cases only)
	profile []byte   // its compact profile, encoded; nil in a version 1 entry
}

// keyHash is how a blocking key is kept, on disk and in memory: 8 bytes
// whatever the key's length. Two keys of one hash merge their postings;
// with tens of millions of keys that happens to a handful at most and
// costs a few extra candidates, never a lost one.
func keyHash(k string) uint64 { return xxhash.Sum64String(k) }

// hashKeys hashes a case's keys, keeping a key the case gives twice
// twice: candidate generation counts a key's postings, and the cross-check
// (engine.BlockIndex) counts such a key once per time it is given.
func hashKeys(keys []string) []uint64 {
	out := make([]uint64, 0, len(keys))
	for _, k := range keys {
		out = append(out, keyHash(k))
	}
	slices.Sort(out)
	return out
}

// entryFor computes the entry of a case from its records (any order).
func entryFor(recs []*engine.Record) (caseEntry, *engine.Profile) {
	cases := engine.GroupCases(recs)
	p := engine.Prepare(cases[0].Records...)
	e := caseEntry{index: hashKeys(p.IndexKeys()), reverse: hashKeys(p.ReverseKeys())}
	var err error
	if e.profile, err = p.AppendBinary(nil); err != nil {
		e.profile = nil // opening prepares the case from its records instead
	}
	for _, r := range recs {
		e.members = append(e.members, r.ID)
	}
	slices.Sort(e.members)
	return e, p
}

func (e *caseEntry) marshal() []byte {
	version := byte(entryV2)
	if e.profile == nil {
		version = entryV1
	}
	// Sized once: grown by appending, the hashes (a hundred a case)
	// were copied several times over.
	size := 1 + 3*binary.MaxVarintLen64 + 8*(len(e.index)+len(e.reverse)) + 2*binary.MaxVarintLen64 + len(e.profile)
	for _, m := range e.members {
		size += binary.MaxVarintLen64 + len(m)
	}
	b := make([]byte, 0, size)
	b = append(b, version)
	b = binary.AppendUvarint(b, uint64(len(e.members)))
	for _, m := range e.members {
		b = binary.AppendUvarint(b, uint64(len(m)))
		b = append(b, m...)
	}
	for _, hs := range [2][]uint64{e.index, e.reverse} {
		b = binary.AppendUvarint(b, uint64(len(hs)))
		for _, h := range hs {
			b = binary.LittleEndian.AppendUint64(b, h)
		}
	}
	if version == entryV2 {
		b = binary.AppendUvarint(b, engine.PrepareVersion)
		b = binary.AppendUvarint(b, uint64(len(e.profile)))
		b = append(b, e.profile...)
	}
	return b
}

var errBadEntry = errors.New("index: malformed case entry: store damaged")

func unmarshalEntry(b []byte) (caseEntry, error) {
	var e caseEntry
	if len(b) == 0 || b[0] != entryV1 && b[0] != entryV2 {
		return e, errBadEntry
	}
	version := b[0]
	b = b[1:]
	n, k := canonicalUvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return e, errBadEntry
	}
	b = b[k:]
	for range n {
		l, k := canonicalUvarint(b)
		if k <= 0 || uint64(len(b)-k) < l {
			return e, errBadEntry
		}
		e.members = append(e.members, string(b[k:k+int(l)]))
		b = b[k+int(l):]
	}
	for _, hs := range [2]*[]uint64{&e.index, &e.reverse} {
		n, k := canonicalUvarint(b)
		if k <= 0 || uint64(len(b)-k) < 8*n {
			return e, errBadEntry
		}
		b = b[k:]
		*hs = make([]uint64, n)
		for i := range *hs {
			(*hs)[i] = binary.LittleEndian.Uint64(b[8*i:])
		}
		b = b[8*n:]
	}
	if version == entryV2 {
		prepared, k := canonicalUvarint(b)
		if k <= 0 {
			return e, errBadEntry
		}
		b = b[k:]
		n, k := canonicalUvarint(b)
		if k <= 0 || uint64(len(b)-k) != n {
			return e, errBadEntry
		}
		if prepared == engine.PrepareVersion {
			// A profile prepared by another build is left out: the
			// case is prepared again from its records.
			e.profile = b[k:]
		}
		b = b[len(b):]
	}
	if len(b) != 0 {
		return e, errBadEntry
	}
	return e, nil
}

// canonicalUvarint is binary.Uvarint that refuses a number written in
// more bytes than it needs (k 0): marshal writes each number in its
// shortest form, so a longer one is damage, and an entry read with it
// would be written back as other bytes.
func canonicalUvarint(b []byte) (uint64, int) {
	v, k := binary.Uvarint(b)
	if k > 1 && b[k-1] == 0 {
		return 0, 0
	}
	return v, k
}

// entryKeyOf derives the key that seals case entries and models: one per
// store, as they hold no record that must be erasable on its own (an
// entry is rewritten without the record when the record goes). A plain
// store seals them under zeros: damage is detected, nothing is hidden.
func entryKeyOf(keys *keySet) ([]byte, error) {
	k := make([]byte, 1+dataKeySize)
	k[0] = sealVersion
	if keys == nil {
		return k, nil
	}
	d, err := hkdf.Key(sha256.New, keys.master, nil, "rflmatch index case entries v1", dataKeySize)
	if err != nil {
		return nil, err
	}
	copy(k[1:], d)
	return k, nil
}

// loadEntry reads and opens a case entry; a missing one is ErrNotFound.
func (s *Store) loadEntry(txn *badger.Txn, key []byte) (caseEntry, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return caseEntry{}, ErrNotFound
	}
	if err != nil {
		return caseEntry{}, err
	}
	if item.ValueSize() == 0 {
		return caseEntry{}, ErrNotFound // an erase's placeholder (erase.go)
	}
	var e caseEntry
	err = item.Value(func(sealed []byte) error {
		plain, err := unseal(s.entryKey, key, 0, sealed)
		if err != nil {
			return fmt.Errorf("case entry: %w", err)
		}
		e, err = unmarshalEntry(plain)
		return err
	})
	return e, err
}

// loadRecord reads and decodes one record; a missing one is ErrNotFound.
func loadRecord(txn *badger.Txn, k engine.Key) (*engine.Record, error) {
	canon, _, err := loadCanonical(txn, encodeKey(prefixRecord, k), encodeKey(prefixDataKey, k))
	if err != nil {
		return nil, err
	}
	return decodeRecord(canon)
}

// caseRecords loads the records of the case ref whose ids are members,
// taking those that batch holds (by id) from it instead of the store and
// leaving out those it maps to nil.
func (s *Store) caseRecords(txn *badger.Txn, ref engine.Key, members []string, batch map[string]*engine.Record) ([]*engine.Record, error) {
	var out []*engine.Record
	for _, id := range members {
		if r, ok := batch[id]; ok {
			if r != nil {
				out = append(out, r)
			}
			continue
		}
		r, err := loadRecord(txn, engine.Key{Source: ref.Source, ID: id})
		if errors.Is(err, ErrNotFound) {
			continue // removed by an earlier interrupted write: the entry is rewritten now
		}
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// caseChange is one case that a write changes.
type caseChange struct {
	ref engine.Key
	key []byte // the entry's storage key
	// batch holds the case's records that the write gives, by id; nil for
	// a record that leaves the case.
	batch map[string]*engine.Record
	old   caseEntry        // the stored entry; empty when there was none
	recs  []*engine.Record // the case's records after the write
	// entry, profile and sealed are the case after the write; sealed is
	// nil when no record is left.
	entry   caseEntry
	profile *engine.Profile
	sealed  []byte
	group   int // the commit group it lands in, -1 until known
}

// caseChanges are the cases one write changes, in the order first met.
type caseChanges struct {
	byKey map[string]*caseChange
	list  []*caseChange
}

func newCaseChanges() *caseChanges { return &caseChanges{byKey: map[string]*caseChange{}} }

func (cs *caseChanges) get(ref engine.Key) *caseChange {
	k := encodeKey(prefixCase, ref)
	if c, ok := cs.byKey[string(k)]; ok {
		return c
	}
	c := &caseChange{ref: ref, key: k, batch: map[string]*engine.Record{}, group: -1}
	cs.byKey[string(k)] = c
	cs.list = append(cs.list, c)
	return c
}

// put notes a record written: it joins (or stays in) its case, and leaves
// the case its stored version belonged to.
func (cs *caseChanges) put(w *write) {
	cs.get(caseRef(w.rec)).batch[w.rec.ID] = w.rec
	if w.left != nil {
		cs.remove(*w.left, w.rec.ID)
	}
}

// remove notes a record that leaves a case.
func (cs *caseChanges) remove(ref engine.Key, id string) {
	c := cs.get(ref)
	if _, ok := c.batch[id]; !ok {
		c.batch[id] = nil
	}
}

// loadCases reads, for every changed case, its stored entry and the
// records the write leaves in it.
func (s *Store) loadCases(txn *badger.Txn, cs *caseChanges) error {
	for _, c := range cs.list {
		old, err := s.loadEntry(txn, c.key)
		switch {
		case err == nil:
			c.old = old
		case !errors.Is(err, ErrNotFound):
			return fmt.Errorf("%s: %w", c.ref, err)
		}
		members := slices.Clone(old.members)
		for id, r := range c.batch {
			if r != nil && !slices.Contains(members, id) {
				members = append(members, id)
			}
		}
		if c.recs, err = s.caseRecords(txn, c.ref, members, c.batch); err != nil {
			return err
		}
	}
	return nil
}

// prepareCases computes the new entry and profile of every changed case,
// on all cores, and seals the entries.
func (s *Store) prepareCases(ctx context.Context, cs *caseChanges) error {
	parallelFor(len(cs.list), func(i int) {
		if c := cs.list[i]; len(c.recs) > 0 && ctx.Err() == nil {
			c.entry, c.profile = entryFor(c.recs)
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, c := range cs.list {
		if c.profile == nil {
			continue
		}
		var err error
		if c.sealed, err = seal(s.entryKey, c.key, 0, c.entry.marshal()); err != nil {
			return err
		}
	}
	return nil
}

// groups orders the writes and case entries into commit groups: one per
// case that records join, with the entries of the cases they leave.
func (cs *caseChanges) groups(writes []write) []commitGroup {
	var out []commitGroup
	for i := range writes {
		w := &writes[i]
		c := cs.get(caseRef(w.rec))
		if c.group < 0 {
			c.group = len(out)
			out = append(out, commitGroup{cases: []*caseChange{c}})
		}
		g := &out[c.group]
		g.writes = append(g.writes, w)
		if w.left != nil {
			if l := cs.get(*w.left); l.group < 0 {
				l.group = c.group
				g.cases = append(g.cases, l)
			}
		}
	}
	return out
}

// parallelFor runs fn for 0..n-1 on all cores.
func parallelFor(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
