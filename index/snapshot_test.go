package index

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

// liveBytes is the plain encoding of the store's candidate index, which
// holds every part of it: slots, cases, profiles, free slots, postings.
func liveBytes(t *testing.T, s *Store) []byte {
	t.Helper()
	var b bytes.Buffer
	s.live.mu.RLock()
	defer s.live.mu.RUnlock()
	if err := encodeLive(&b, &s.live, 1); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// built opens the candidate index of s and reports whether it was loaded
// from the saved one.
func built(t *testing.T, s *Store) bool {
	t.Helper()
	if err := s.View(context.Background(), func(engine.IndexView) error { return nil }); err != nil {
		t.Fatal(err)
	}
	s.live.mu.RLock()
	defer s.live.mu.RUnlock()
	return s.live.saved != 0
}

// TestSavedIndexLoads: an index kept current through writes (moved and
// deleted cases leave free slots and wasted runs) is saved at the close
// and loaded at the next open exactly as it was, frequencies included,
// and answers every query as before.
func TestSavedIndexLoads(t *testing.T) {
	for _, encrypted := range []bool{true, false} {
		t.Run(map[bool]string{true: "encrypted", false: "plain"}[encrypted], func(t *testing.T) {
			recs := generatedRecords(t)
			dir := t.TempDir()
			opt := testOptions(encrypted)
			s := openTest(t, dir, opt)
			putAll(t, s, recs[:len(recs)/2])
			models, err := engine.TrainIndex(context.Background(), s, engine.CrosscheckOptions{})
			if err != nil {
				t.Fatal(err)
			}
			putAll(t, s, recs[len(recs)/2:])
			keys := mutate(t, s, recs, rand.New(rand.NewPCG(4, 5)), 200)
			if len(s.live.free) == 0 {
				t.Fatal("the writes left no free slot: the test does not test them")
			}
			keys = stillStored(t, s, append(keys, recs[0].Key(), recs[len(recs)-1].Key()))
			before, words, names := liveBytes(t, s), s.live.words, s.live.names
			queries := queryAll(t, s, keys, models)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = openTest(t, dir, opt)
			if !built(t, s) {
				t.Fatal("the index was built from the case entries, not loaded")
			}
			if !bytes.Equal(liveBytes(t, s), before) {
				t.Error("the loaded index differs from the one saved")
			}
			if !reflect.DeepEqual(s.live.words, words) || !reflect.DeepEqual(s.live.names, names) {
				t.Error("the loaded index counts other frequencies")
			}
			after := queryAll(t, s, keys, models)
			for _, k := range keys {
				if diff := enginetest.FirstDifference(queries[k], after[k]); diff != "" {
					t.Fatalf("%s: before the close and after the load differ: %s", k, diff)
				}
			}
		})
	}
}

// stillStored keeps the keys of records the store holds.
func stillStored(t *testing.T, s *Store, keys []engine.Key) []engine.Key {
	t.Helper()
	var out []engine.Key
	for _, k := range keys {
		if _, err := s.Get(context.Background(), k); err == nil {
			out = append(out, k)
		}
	}
	return out
}

// TestSavedIndexStale: a saved index that does not describe the store as
// it is (written since, by this open or an earlier one that closed
// before building its index; damaged; cut short) is not loaded, and the
// index built instead answers as one built afresh; damage is told.
func TestSavedIndexStale(t *testing.T) {
	recs := generatedRecords(t)
	newcomer := record("late", "1", engine.TracingRequest, "Fathi Suleiman Osman")
	tests := []struct {
		name string
		// change changes the store (closed, its index saved) and returns
		// it open again.
		change func(t *testing.T, dir string) *Store
		told   string // on the store's log; "" for nothing
	}{{
		name: "written since the open",
		change: func(t *testing.T, dir string) *Store {
			s := openTest(t, dir, testOptions(false))
			putAll(t, s, []*engine.Record{newcomer})
			return s
		},
	}, {
		name: "written by an open that closed unbuilt",
		change: func(t *testing.T, dir string) *Store {
			s := openTest(t, dir, testOptions(false))
			putAll(t, s, []*engine.Record{newcomer})
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			return openTest(t, dir, testOptions(false))
		},
	}, {
		name: "deleted by an open that closed unbuilt",
		change: func(t *testing.T, dir string) *Store {
			s := openTest(t, dir, testOptions(false))
			if err := s.Delete(context.Background(), recs[3].Key()); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			return openTest(t, dir, testOptions(false))
		},
	}, {
		name: "damaged",
		change: func(t *testing.T, dir string) *Store {
			b, err := os.ReadFile(snapshotPath(dir))
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 0x10
			writeFile(t, snapshotPath(dir), string(b))
			return openTest(t, dir, testOptions(false))
		},
		told: "damaged",
	}, {
		name: "cut short",
		change: func(t *testing.T, dir string) *Store {
			if err := os.Truncate(snapshotPath(dir), 100000); err != nil {
				t.Fatal(err)
			}
			return openTest(t, dir, testOptions(false))
		},
		told: "damaged",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openTest(t, dir, testOptions(false))
			putAll(t, s, recs[:1500])
			built(t, s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(snapshotPath(dir)); err != nil {
				t.Fatalf("no index saved at the close: %v", err)
			}
			s = tt.change(t, dir)
			var log strings.Builder
			s.logw = &log
			if built(t, s) {
				t.Fatal("a stale saved index was loaded")
			}
			if tt.told == "" && log.Len() > 0 || !strings.Contains(log.String(), tt.told) {
				t.Errorf("the store's log says %q; want it to tell %q", log.String(), tt.told)
			}
			got := liveCases(t, s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(snapshotPath(dir)); err != nil {
				t.Fatal(err)
			}
			fresh := openTest(t, dir, testOptions(false))
			if want := liveCases(t, fresh); !reflect.DeepEqual(got, want) {
				t.Errorf("the index holds %d cases, one built afresh %d", len(got), len(want))
			}
		})
	}
}

// liveCases is what the candidate index holds, independent of slot order:
// each case's profile encoding and the sorted postings of its keys.
func liveCases(t *testing.T, s *Store) map[string]string {
	t.Helper()
	built(t, s)
	s.live.mu.RLock()
	defer s.live.mu.RUnlock()
	out := map[string]string{}
	for ref, slot := range s.live.byRef {
		var enc []byte
		if p := s.live.slots[slot]; p != nil {
			var err error
			if enc, err = p.AppendBinary(nil); err != nil {
				t.Fatal(err)
			}
		}
		out[ref] = string(enc)
	}
	return out
}

// TestEraseRemovesSavedIndex: an erasure removes the saved index before it
// commits, and the index saved at the next close no longer holds the
// record.
func TestEraseRemovesSavedIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openTest(t, dir, testOptions(true))
	gone := record("src", "gone-7731", engine.PostMortem, "Tesfalem Gebremariam")
	putAll(t, s, append([]*engine.Record{gone}, generatedRecords(t)[:300]...))
	built(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, dir, testOptions(true))
	if err := s.Erase(ctx, gone.Key(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(snapshotPath(dir)); !os.IsNotExist(err) {
		t.Fatalf("the saved index is still there after the erasure (%v)", err)
	}
	if built(t, s) {
		t.Fatal("the index was loaded from a file the erasure removed")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	plain := savedPlain(t, dir, testOptions(true).Key)
	for _, word := range []string{"gone-7731", "tesfalem", "gebremariam", "Tesfalem"} {
		if bytes.Contains(plain, []byte(word)) {
			t.Errorf("the index saved after the erasure holds %q", word)
		}
	}
	if !built(t, openTest(t, dir, testOptions(true))) {
		t.Error("the index saved after the erasure was not loaded")
	}
}

// savedPlain returns the plain bytes of the index saved in dir.
func savedPlain(t *testing.T, dir string, key []byte) []byte {
	t.Helper()
	keys, err := deriveKeys(key)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(snapshotPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	aead, err := chunkAEAD(keys.master, b[10:snapshotHeaderSize], snapshotLabel)
	if err != nil {
		t.Fatal(err)
	}
	or := &openReader{ctx: context.Background(), r: bufio.NewReader(bytes.NewReader(b[snapshotHeaderSize:])), aead: aead, aad: b[:snapshotHeaderSize], bad: errBadSnapshot}
	var plain bytes.Buffer
	if _, err := plain.ReadFrom(or); err != nil {
		t.Fatal(err)
	}
	return plain.Bytes()
}

// TestSavedIndexReadOnly: a read-only open loads the saved index and
// changes no file; a save cut short by a crash is removed by the next
// writing open.
func TestSavedIndexReadOnly(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir, testOptions(false))
	putAll(t, s, generatedRecords(t)[:300])
	built(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	leftover := filepath.Join(dir, snapshotName+".tmp123")
	writeFile(t, leftover, "half a save")
	before := listing(t, dir)
	ro := openTest(t, dir, existingOptions(Options{NoEncryption: true, ReadOnly: true}))
	if !built(t, ro) {
		t.Error("a read-only open built its index instead of loading it")
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	if after := listing(t, dir); after != before {
		t.Errorf("a read-only open changed the files:\n%s\nto\n%s", before, after)
	}
	s = openTest(t, dir, testOptions(false))
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("a writing open left the cut-short save (%v)", err)
	}
	if !built(t, s) {
		t.Error("the saved index was not loaded")
	}
}

// FuzzDecodeLive: any bytes as a saved index's plain part either load
// or fail, never panic, and what loads saves again as bytes that load to
// the same index.
func FuzzDecodeLive(f *testing.F) {
	// A few records of the test's own, not the generated ones: each fuzz
	// worker makes its seed again.
	s := openTest(f, f.TempDir(), testOptions(false))
	putAll(f, s, []*engine.Record{
		record("a", "1", engine.TracingRequest, "Fathi Suleiman Osman"),
		record("a", "2", engine.PostMortem, "Fethi Sliman Othman"),
		record("a", "3", engine.Registration, "Ebrima Jallow"),
	})
	if err := s.View(context.Background(), func(engine.IndexView) error { return nil }); err != nil {
		f.Fatal(err)
	}
	if err := s.Delete(context.Background(), engine.Key{Source: "a", ID: "2"}); err != nil {
		f.Fatal(err)
	}
	var seed bytes.Buffer
	if err := encodeLive(&seed, &s.live, 1); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	var empty bytes.Buffer
	var l live
	l.reset()
	if err := encodeLive(&empty, &l, 1); err != nil {
		f.Fatal(err)
	}
	f.Add(empty.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		decode := func(b []byte) ([]byte, bool) {
			var l live
			l.reset()
			if _, err := decodeLive(context.Background(), bufio.NewReader(bytes.NewReader(b)), int64(len(b)), 1, &l); err != nil {
				return nil, false
			}
			var again bytes.Buffer
			if err := encodeLive(&again, &l, 1); err != nil {
				t.Fatalf("a loaded index does not save: %v", err)
			}
			return again.Bytes(), true
		}
		once, ok := decode(b)
		if !ok {
			return
		}
		twice, ok := decode(once)
		if !ok {
			t.Fatal("a loaded index saved bytes that do not load")
		}
		if !bytes.Equal(once, twice) {
			t.Fatal("a loaded index saved again changes")
		}
	})
}

// TestVerifySavedIndex: Verify builds the index from the case entries and
// compares the saved one with it, so that a saved index that lost a
// posting is named.
func TestVerifySavedIndex(t *testing.T) {
	ctx := context.Background()
	for _, lose := range []bool{false, true} {
		dir := t.TempDir()
		s := openTest(t, dir, testOptions(false))
		putAll(t, s, generatedRecords(t)[:300])
		built(t, s)
		if lose {
			// One posting of one case, dropped from memory only: what
			// a fault between the index and its file would do.
			s.live.mu.Lock()
			for ref, slot := range s.live.byRef {
				c := liveContent(&s.live)[ref]
				if len(c.keys) > 0 {
					s.live.post.remove(c.keys[0], slot)
					break
				}
			}
			s.live.mu.Unlock()
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		rep, err := Verify(ctx, dir, existingOptions(testOptions(false)))
		if !rep.SavedIndex {
			t.Errorf("lose %v: the saved index was not compared", lose)
		}
		switch {
		case lose && (err == nil || !strings.Contains(err.Error(), "has other keys")):
			t.Errorf("a saved index that lost a posting: %v", err)
		case !lose && err != nil:
			t.Errorf("a whole store: %v", err)
		}
	}
}

// TestPauseGC: pauses that overlap, in either order of ending, leave the
// collector as the first found it.
func TestPauseGC(t *testing.T) {
	old := debug.SetGCPercent(137)
	defer debug.SetGCPercent(old)
	for _, firstEndsFirst := range []bool{true, false} {
		a := pauseGC()
		b := pauseGC()
		if p := debug.SetGCPercent(-1); p != -1 {
			t.Fatalf("paused twice, the collector is at %d", p)
		}
		if firstEndsFirst {
			a()
			b()
		} else {
			b()
			a()
		}
		if p := debug.SetGCPercent(137); p != 137 {
			t.Errorf("after both pauses the collector is at %d, want 137", p)
		}
	}
}

// TestSaveWhileWriting: a close that meets writers saves an index that
// holds every write committed before it, or none that was not: loaded at
// the next open, it holds what an index built afresh from the store holds.
func TestSaveWhileWriting(t *testing.T) {
	recs := generatedRecords(t)
	for round := range 3 {
		dir := t.TempDir()
		s := openTest(t, dir, testOptions(false))
		putAll(t, s, recs[:500])
		built(t, s)
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for i := 500 + w; i < len(recs); i += 4 {
					if _, err := s.Put(context.Background(), recs[i:i+1]); err != nil {
						if !errors.Is(err, ErrClosed) {
							t.Error(err)
						}
						return
					}
				}
			})
		}
		time.Sleep(time.Duration(20+30*round) * time.Millisecond)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		s = openTest(t, dir, testOptions(false))
		if !built(t, s) {
			t.Fatalf("round %d: the index saved at the close was not loaded", round)
		}
		loaded := liveCases(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(snapshotPath(dir)); err != nil {
			t.Fatal(err)
		}
		if fresh := liveCases(t, openTest(t, dir, testOptions(false))); !reflect.DeepEqual(loaded, fresh) {
			t.Fatalf("round %d: the loaded index holds %d cases, one built afresh %d", round, len(loaded), len(fresh))
		}
	}
}

// TestSavedIndexByteOrder: the saved index's arrays written and read a
// number at a time, as a big-endian machine does, are the bytes that the
// little-endian copy of memory writes and reads.
func TestSavedIndexByteOrder(t *testing.T) {
	if !littleEndian {
		t.Skip("the memory copy is only taken on little-endian machines")
	}
	s := openTest(t, t.TempDir(), testOptions(false))
	putAll(t, s, generatedRecords(t)[:300])
	built(t, s)
	native := liveBytes(t, s)
	littleEndian = false
	defer func() { littleEndian = true }()
	if !bytes.Equal(liveBytes(t, s), native) {
		t.Fatal("written a number at a time, the saved index is other bytes")
	}
	var l live
	l.reset()
	if _, err := decodeLive(context.Background(), bufio.NewReader(bytes.NewReader(native)), int64(len(native)), 1, &l); err != nil {
		t.Fatal(err)
	}
	littleEndian = true
	var again bytes.Buffer
	if err := encodeLive(&again, &l, 1); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), native) {
		t.Fatal("read a number at a time, the saved index loads as another")
	}
}

// BenchmarkSavedIndex saves the candidate index of the generated records
// (4,105 cases) to memory and loads it back, sealed as in the file.
func BenchmarkSavedIndex(b *testing.B) {
	s := openTest(b, b.TempDir(), testOptions(true))
	putAll(b, s, generatedRecords(b))
	if err := s.View(context.Background(), func(engine.IndexView) error { return nil }); err != nil {
		b.Fatal(err)
	}
	aead, err := chunkAEAD(testKey(1), make([]byte, 32), snapshotLabel)
	if err != nil {
		b.Fatal(err)
	}
	var sealed bytes.Buffer
	b.Run("save", func(b *testing.B) {
		for b.Loop() {
			sealed.Reset()
			sw := &sealWriter{ctx: context.Background(), w: &sealed, aead: aead}
			if err := encodeLive(sw, &s.live, 1); err != nil {
				b.Fatal(err)
			}
			if err := sw.close(); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(sealed.Len()))
	})
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			or := &openReader{ctx: context.Background(), r: bufio.NewReader(bytes.NewReader(sealed.Bytes())), aead: aead, bad: errBadSnapshot}
			var l live
			l.reset()
			if _, err := decodeLive(context.Background(), bufio.NewReaderSize(or, 1<<20), int64(sealed.Len()), 1, &l); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(sealed.Len()))
	})
}
