package phonetic

import (
	"strings"
	"sync"

	"github.com/antzucaro/matchr"
)

// phoneticCodes are matchr's codes for one Latin spelling.
type phoneticCodes struct {
	dm1, dm2, nysiis string
}

// codeCache remembers matchr's codes for recent spellings. Name tokens
// follow a steep frequency curve (Mohamed, Ali, Diallo, Nguyen recur in
// every batch), and Double Metaphone and NYSIIS are most of the cost of
// Parse, so a small memo pays. It is sharded to keep lock contention low
// and cleared shard by shard when full, which bounds its memory.
type codeCache struct {
	shards [16]struct {
		mu sync.Mutex
		m  map[string]phoneticCodes // guarded by mu
	}
	disabled bool // for benchmarks of the uncached path
}

// codeCacheShardSize bounds each shard: 16 × 4096 spellings, about 1 MB.
const codeCacheShardSize = 4096

var codes codeCache

// get returns the codes of an upper-case ASCII spelling.
func (c *codeCache) get(up string) phoneticCodes {
	if c.disabled {
		return encode(up)
	}
	s := &c.shards[hashString(up)&15]
	s.mu.Lock()
	v, ok := s.m[up]
	s.mu.Unlock()
	if ok {
		return v
	}
	v = encode(up)
	s.mu.Lock()
	if s.m == nil || len(s.m) >= codeCacheShardSize {
		s.m = make(map[string]phoneticCodes, 256)
	}
	s.m[strings.Clone(up)] = v
	s.mu.Unlock()
	return v
}

func encode(up string) phoneticCodes {
	dm1, dm2 := matchr.DoubleMetaphone(up)
	if dm2 == dm1 {
		dm2 = ""
	}
	return phoneticCodes{dm1: dm1, dm2: dm2, nysiis: matchr.NYSIIS(up)}
}
