package index

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// The tally is what the store records of its own records, beside them: how
// many it holds by source and kind, and a digest of them all. Every write
// of records changes it in the same transaction, so it always agrees with
// the records that a reader can see; a read that finds fewer (badger's
// iterators stop without an error at a block they cannot read) or other
// records than the tally says is reported as damage, never as a smaller
// store. Stats checks the counts, a Scan of every record the counts and
// the digest, Verify everything.
//
// The digest is the XOR of SHA-256(storage key, kind, canonical JSON) over
// the records: a write changes it by its record's old and new terms, in
// any order. It lives sealed under the store's entry key, like the case
// entries.
const prefixTally byte = 'T' // 'T' → sealed tally (JSON)

var tallyKey = []byte{prefixTally}

// tally is the recorded count and digest.
type tally struct {
	// Counts holds, by source, the number of records of each kind code
	// (index 0 unused).
	Counts map[string][]int `json:"counts"`
	Digest []byte           `json:"digest"`
}

func newTally() *tally { return &tally{Counts: map[string][]int{}, Digest: make([]byte, sha256.Size)} }

func (t *tally) clone() *tally {
	if t == nil {
		return nil
	}
	c := &tally{Counts: make(map[string][]int, len(t.Counts)), Digest: slices.Clone(t.Digest)}
	for s, n := range t.Counts {
		c.Counts[s] = slices.Clone(n)
	}
	return c
}

// recordSum is one record's term of the digest.
func recordSum(key []byte, kind byte, canon []byte) [sha256.Size]byte {
	h := sha256.New()
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(key)))
	h.Write(n[:])
	h.Write(key)
	h.Write([]byte{kind})
	h.Write(canon)
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// add counts a record in (by +1) or out (by -1).
func (t *tally) add(source string, kind byte, sum *[sha256.Size]byte, by int) {
	n := t.Counts[source]
	if n == nil {
		n = make([]int, len(kindCodes))
		t.Counts[source] = n
	}
	if int(kind) < len(n) {
		n[kind] += by
	}
	if total(n) == 0 {
		delete(t.Counts, source)
	}
	for i := range t.Digest {
		t.Digest[i] ^= sum[i]
	}
}

func total(n []int) int {
	s := 0
	for _, c := range n {
		s += c
	}
	return s
}

// records is the number of records the tally counts, of source (all when
// empty) and kind code (all when 0).
func (t *tally) records(source string, kind byte) int {
	n := 0
	for s, counts := range t.Counts {
		if source != "" && s != source {
			continue
		}
		if kind != 0 {
			if int(kind) < len(counts) {
				n += counts[kind]
			}
			continue
		}
		n += total(counts)
	}
	return n
}

// disagreement describes how found differs from the recorded tally t, or
// is empty when they agree. digest compares the digests too.
func (t *tally) disagreement(found *tally, digest bool) string {
	if got, want := found.records("", 0), t.records("", 0); got != want {
		return fmt.Sprintf("the store recorded %d records but %d could be read", want, got)
	}
	for _, s := range slices.Sorted(maps.Keys(t.Counts)) {
		for code := 1; code < len(kindCodes); code++ {
			got, want := found.records(s, byte(code)), t.records(s, byte(code))
			if got != want {
				return fmt.Sprintf("the store recorded %d %s records of source %q but %d could be read", want, kindCodes[code], s, got)
			}
		}
	}
	if digest && string(found.Digest) != string(t.Digest) {
		return "the records read differ from those the store recorded (their digest disagrees)"
	}
	return ""
}

// loadTally reads the recorded tally, nil when there is none.
func (s *Store) loadTally(txn *badger.Txn) (*tally, error) {
	item, err := txn.Get(tallyKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var t tally
	err = item.Value(func(sealed []byte) error {
		plain, err := unseal(s.entryKey, tallyKey, 0, sealed)
		if err != nil {
			return err
		}
		return json.Unmarshal(plain, &t)
	})
	if err != nil || len(t.Digest) != sha256.Size {
		return nil, damaged("the record count the store keeps does not open (%v)", err)
	}
	if t.Counts == nil {
		t.Counts = map[string][]int{}
	}
	for src, n := range t.Counts {
		if len(n) != len(kindCodes) {
			return nil, damaged("the record count the store keeps for source %q is malformed", src)
		}
	}
	return &t, nil
}

// recordedTally is loadTally for readers: a store whose marker says it
// keeps a tally but has none lost it (with the table that held it).
func (s *Store) recordedTally(txn *badger.Txn) (*tally, error) {
	t, err := s.loadTally(txn)
	if err != nil {
		return nil, err
	}
	if t == nil && s.tallied {
		return nil, damaged("the record count the store keeps is missing")
	}
	return t, nil
}

// setTally writes t in txn.
func (s *Store) setTally(txn *badger.Txn, t *tally) error {
	if t == nil {
		return nil
	}
	plain, err := json.Marshal(t)
	if err != nil {
		return err
	}
	sealed, err := seal(s.entryKey, tallyKey, 0, plain)
	if err != nil {
		return err
	}
	return txn.Set(tallyKey, sealed)
}

// ensureTally loads the tally of a store opened for writing, or counts
// the records of a store that has none yet (made before the tally) and
// records it, then marks the marker, so that from then on a missing
// tally reads as damage.
func (s *Store) ensureTally() error {
	var t *tally
	if err := s.db.View(func(txn *badger.Txn) (err error) {
		t, err = s.recordedTally(txn)
		return err
	}); err != nil {
		return err
	}
	if t == nil {
		found := newTally()
		err := s.db.View(func(txn *badger.Txn) error {
			return s.scanRecords(txn, nil, func(key []byte, kind byte, canon []byte) error {
				_, k, err := decodeKey(key)
				if err != nil {
					return err
				}
				sum := recordSum(key, kind, canon)
				found.add(k.Source, kind, &sum, 1)
				return nil
			})
		})
		if err != nil {
			return fmt.Errorf("counting the records: %w", err)
		}
		if err := s.update(func(txn *badger.Txn) error { return s.setTally(txn, found) }); err != nil {
			return err
		}
		t = found
	}
	s.tally = t
	if !s.tallied {
		m := newMarker(s.keys)
		m.Tallied = true
		if err := writeMarker(s.dir, m); err != nil {
			return err
		}
		s.tallied = true
	}
	return nil
}

// scanRecords calls fn with every stored record under prefix (all when
// nil) in key order, opened: its storage key, kind and canonical JSON.
// Erase placeholders are skipped.
func (s *Store) scanRecords(txn *badger.Txn, prefix []byte, fn func(key []byte, kind byte, canon []byte) error) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = prefix
	if opts.Prefix == nil {
		opts.Prefix = []byte{prefixRecord}
	}
	it := txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		dkKey := append([]byte{prefixDataKey}, item.Key()[1:]...)
		canon, kind, err := openItem(txn, item, dkKey)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", describeKey(item.Key()), err)
		}
		if err := fn(item.KeyCopy(nil), kind, canon); err != nil {
			return err
		}
	}
	return nil
}

// describeKey names a storage key for a message: the record's source and
// id when it decodes.
func describeKey(key []byte) string {
	if _, k, err := decodeKey(key); err == nil {
		return "record " + k.String()
	}
	return fmt.Sprintf("key %q", strings.ToValidUTF8(string(key), "?"))
}
