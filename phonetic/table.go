package phonetic

import (
	"hash/maphash"
	"sync"
)

// NameTable decodes names ([DecodeName]) so that the names of equal
// encodings share one copy of their parts, folds and text. A store that
// opens a million profiles decodes each name where it occurs, and
// generated and real names alike recur: the given names and family names
// of a country are few, and a case's records repeat its names. A shared
// name is never changed: nothing changes a name once Parse has finished
// it, and [Name.Compact] copies the parts it keeps.
//
// A NameTable is safe for concurrent use; its zero value is ready to use.
// It holds every distinct encoding it has decoded, so that it is meant for
// one bulk decoding (a store's open), then dropped.
type NameTable struct {
	shards [tableShards]tableShard
}

const tableShards = 64

var tableSeed = maphash.MakeSeed()

// tableShard is one part of a NameTable, by the hash of the encodings.
type tableShard struct {
	mu    sync.Mutex
	names map[string]Name // guarded by mu: encoding → its decoded name
}

// Decode is [DecodeName], sharing the parts, folds and text of the name
// with every name of the same encoding that t decoded before: a name met
// again is looked up by its bytes, not decoded. A nil t decodes each name
// on its own.
func (t *NameTable) Decode(b []byte) (Name, []byte, error) {
	if t == nil {
		return DecodeName(b)
	}
	size, ok := encodedSize(b)
	if !ok {
		return DecodeName(b) // and its error
	}
	enc := b[:size]
	s := &t.shards[maphash.Bytes(tableSeed, enc)%tableShards]
	s.mu.Lock()
	shared, ok := s.names[string(enc)]
	s.mu.Unlock()
	if ok {
		return shared, b[size:], nil
	}
	n, rest, err := DecodeName(b)
	if err != nil || len(b)-len(rest) != size {
		return n, rest, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if shared, ok := s.names[string(enc)]; ok { // decoded meanwhile
		return shared, rest, nil
	}
	if s.names == nil {
		s.names = map[string]Name{}
	}
	s.names[string(enc)] = n
	return n, rest, nil
}

// encodedSize is the length of the name encoding at the start of b, read
// from its lengths and flags alone, or false when they do not add up.
func encodedSize(b []byte) (int, bool) {
	r := reader{b: b}
	flags := r.byte()
	r.byte() // culture
	if flags&nameTextHash != 0 {
		r.uint64()
	}
	nparts := r.uvarint()
	r.uvarint() // text
	r.uvarint() // folds
	for i := uint64(0); i < nparts && r.err == nil; i++ {
		r.byte() // role and script
		pf := r.byte()
		r.bytes(r.length()) // Latin
		for range int(r.byte()) {
			r.bytes(int(r.byte()))
		}
		r.bytes(int(r.byte())) // Double Metaphone
		r.bytes(int(r.byte()))
		r.bytes(r.length()) // NYSIIS
		if pf&partAccent != 0 {
			r.uint64()
		}
		if pf&partNative != 0 {
			r.uint64()
		}
	}
	if r.err != nil {
		return 0, false
	}
	return len(b) - len(r.b), true
}
