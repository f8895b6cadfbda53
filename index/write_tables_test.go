package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// blockStore creates a store of a few hundred records, closed, whose
// tables hold many blocks, and returns its directory and largest table.
func blockStore(t *testing.T, opt Options) (dir, table string) {
	t.Helper()
	dir = t.TempDir()
	s, err := Open(context.Background(), dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	recs := make([]*engine.Record, 600)
	for i := range recs {
		// Synthetic names: the test needs bytes in blocks, not people.
		recs[i] = record("src", fmt.Sprintf("PM-%04d", i), engine.PostMortem, fmt.Sprintf("Synthetic Person %d", i))
	}
	if _, err := s.Put(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ssts, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	var size int64
	for _, p := range ssts {
		if fi, err := os.Stat(p); err == nil && fi.Size() > size {
			table, size = p, fi.Size()
		}
	}
	if table == "" {
		t.Fatal("no table written on Close")
	}
	return dir, table
}

// blocksEnd is where a table's blocks end and its index begins.
func blocksEnd(t *testing.T, b []byte) int {
	t.Helper()
	chkLen := int(binary.BigEndian.Uint32(b[len(b)-4:]))
	idxEnd := len(b) - 4 - chkLen - 4
	return idxEnd - int(binary.BigEndian.Uint32(b[idxEnd:]))
}

// TestOpenVerifiesEveryBlock: a byte flipped anywhere among a table's
// blocks is found before badger opens the store, by a reading and by a
// writing open, which then refuse the store as damaged, name the table,
// and change no file; the store as written opens.
func TestOpenVerifiesEveryBlock(t *testing.T) {
	for _, encrypted := range []bool{true, false} {
		t.Run(fmt.Sprintf("encrypted=%v", encrypted), func(t *testing.T) {
			opt := testOptions(encrypted)
			dir, table := blockStore(t, opt)
			opt.Create = false
			for _, readOnly := range []bool{true, false} {
				o := opt
				o.ReadOnly = readOnly
				s, err := Open(context.Background(), dir, o)
				if err != nil {
					t.Fatalf("the store as written: Open (read-only %v) = %v", readOnly, err)
				}
				s.Close()
			}
			intact, err := os.ReadFile(table)
			if err != nil {
				t.Fatal(err)
			}
			end := blocksEnd(t, intact)
			if end < 16<<10 {
				t.Fatalf("the largest table holds %d bytes of blocks: too few to damage in many places", end)
			}
			for _, at := range []int{0, 1, end / 7, end / 3, end / 2, end * 5 / 6, end - 17, end - 1} {
				for _, readOnly := range []bool{true, false} {
					t.Run(fmt.Sprintf("byte %d/read-only=%v", at, readOnly), func(t *testing.T) {
						damagedTable := append([]byte(nil), intact...)
						damagedTable[at] ^= 0x10
						writeFile(t, table, string(damagedTable))
						defer writeFile(t, table, string(intact))
						before := listing(t, dir)
						o := opt
						o.ReadOnly = readOnly
						s, err := Open(context.Background(), dir, o)
						if err == nil {
							s.Close()
							t.Fatal("Open accepted a table with a flipped byte")
						}
						if !errors.Is(err, ErrDamaged) {
							t.Errorf("Open = %v, want ErrDamaged", err)
						}
						// "block": found by verifyBlocks, before badger read the table.
						if name := filepath.Base(table); !strings.Contains(err.Error(), name+" fails its checksum (block ") {
							t.Errorf("Open = %v\nwant it to say that a block of %s fails its checksum", err, name)
						}
						if after := listing(t, dir); after != before {
							t.Errorf("Open changed the directory:\nbefore\n%s\nafter\n%s", before, after)
						}
					})
				}
			}
		})
	}
}

// BenchmarkVerifyBlocks verifies every block of an encrypted store's
// tables, as Open does, and reports the bytes verified per second;
// "badger" does the same through a read-only badger open and badger's own
// verification, as Open did before a writing open.
func BenchmarkVerifyBlocks(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	opt := testOptions(true)
	opt.MemTableSize = 8 << 20
	s := openTest(b, dir, opt)
	putAll(b, s, generatedRecords(b))
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	keys, err := deriveKeys(opt.Key)
	if err != nil {
		b.Fatal(err)
	}
	m, err := readManifest(filepath.Join(dir, manifestName))
	if err != nil {
		b.Fatal(err)
	}
	dataKeys, err := checkKeyRegistry(dir, keys, m)
	if err != nil {
		b.Fatal(err)
	}
	var ids []uint64
	var size int64
	for id := range m.tables {
		ids = append(ids, id)
		fi, err := os.Stat(filepath.Join(dir, tableName(id)))
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	b.Run("files", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			if err := verifyBlocks(ctx, dir, ids, dataKeys); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("badger", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			db, err := openBadger(reading(opt.badgerOptions(dir, keys)))
			if err != nil {
				b.Fatal(err)
			}
			if err := db.VerifyChecksum(); err != nil {
				b.Fatal(err)
			}
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
