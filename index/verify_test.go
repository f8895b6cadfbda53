package index

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
)

func readOnly(o Options) Options {
	o.Create, o.ReadOnly = false, true
	return o
}

// copyTree copies the files under src to dst, as a crash would leave them
// when src is a store still open.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestVerifyWholeStore(t *testing.T) {
	for _, encrypted := range []bool{true, false} {
		t.Run(fmt.Sprint("encrypted=", encrypted), func(t *testing.T) {
			opt := testOptions(encrypted)
			s, want := filledStore(t, opt)
			dir := s.Dir()
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			rep, err := Verify(context.Background(), dir, opt)
			if err != nil {
				t.Fatalf("Verify: %v (%v)", err, rep.Problems)
			}
			if rep.Records != len(want) || rep.DataKeys != len(want) || rep.Cases == 0 || rep.Postings != rep.Cases || len(rep.Problems) != 0 {
				t.Errorf("report %+v, want %d records and data keys, every case in the candidate index, no problem", rep, len(want))
			}
		})
	}
}

// behindTheBack changes the store's records through badger itself, as
// damage or a foreign program would, without the tally knowing.
func behindTheBack(t *testing.T, dir string, opt Options, change func(txn *badger.Txn) error) {
	t.Helper()
	keys, err := deriveKeys(opt.Key)
	if err != nil {
		t.Fatal(err)
	}
	db, err := badger.Open(opt.badgerOptions(dir, keys))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(change); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestRecordsDisagreeWithTally: records that go missing, or change, without
// the count and digest the store keeps are damage, reported by Stats, Scan
// and Verify; never a smaller store.
func TestRecordsDisagreeWithTally(t *testing.T) {
	ctx := context.Background()
	lost := engine.Key{Source: "it-tracing", ID: "TR-0042"}
	tests := []struct {
		name   string
		change func(s *Store) func(txn *badger.Txn) error
		stats  bool // Stats sees it (it reads keys only)
		want   string
	}{
		{"a record gone", func(*Store) func(txn *badger.Txn) error {
			return func(txn *badger.Txn) error {
				if err := txn.Delete(encodeKey(prefixRecord, lost)); err != nil {
					return err
				}
				return txn.Delete(encodeKey(prefixDataKey, lost))
			}
		}, true, "recorded"},
		{"the tally gone", func(*Store) func(txn *badger.Txn) error {
			return func(txn *badger.Txn) error { return txn.Delete(tallyKey) }
		}, true, "record count the store keeps is missing"},
		{"a record replaced by an older version", func(s *Store) func(txn *badger.Txn) error {
			// A valid record, sealed as the store seals it, but not the
			// one the digest counted.
			r := record(lost.Source, lost.ID, engine.Kinds[42%4], "Someone Else")
			w, err := prepare(r)
			if err != nil {
				t.Fatal(err)
			}
			w.dataKey = newDataKey()
			sealed, err := seal(w.dataKey, w.key, w.kind, w.canon)
			if err != nil {
				t.Fatal(err)
			}
			return func(txn *badger.Txn) error {
				if err := txn.Set(w.dkKey, w.dataKey); err != nil {
					return err
				}
				return txn.SetEntry(badger.NewEntry(w.key, sealed).WithMeta(w.kind))
			}
		}, false, "digest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := testOptions(true)
			s, _ := filledStore(t, opt)
			dir := s.Dir()
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			behindTheBack(t, dir, existingOptions(opt), tt.change(s))

			r := openTest(t, dir, readOnly(opt))
			if _, err := r.Stats(ctx); tt.stats && (!errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("Stats = %v, want ErrDamaged saying %q", err, tt.want)
			}
			n := 0
			err := r.Scan(ctx, Filter{}, func(*engine.Record) error { n++; return nil })
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Scan = %v after %d records, want ErrDamaged saying %q", err, n, tt.want)
			}
			r.Close()
			if _, err := Verify(ctx, dir, opt); !errors.Is(err, ErrDamaged) {
				t.Errorf("Verify = %v, want ErrDamaged", err)
			}
		})
	}
}

// TestCrashLeavesWorkForRecover: a store copied while open is what a crash
// leaves: a reading open refuses it and changes nothing; Recover replays
// it and verifies it whole.
func TestCrashLeavesWorkForRecover(t *testing.T) {
	ctx := context.Background()
	opt := testOptions(true)
	s := openTest(t, t.TempDir(), opt)
	var recs []*engine.Record
	for i := range 50 {
		recs = append(recs, record("gr-tracing", fmt.Sprintf("TR-%03d", i), engine.TracingRequest, "Tesfaye Gebremedhin"))
	}
	if _, err := s.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	crashed := filepath.Join(t.TempDir(), "crashed")
	copyTree(t, s.Dir(), crashed)
	before := listing(t, crashed)

	if r, err := Open(ctx, crashed, readOnly(opt)); !errors.Is(err, ErrNeedsRecovery) {
		if err == nil {
			r.Close()
		}
		t.Fatalf("reading open of a crashed store = %v, want ErrNeedsRecovery", err)
	} else if !strings.Contains(err.Error(), "rflmatch recover") {
		t.Errorf("the refusal does not name the way out: %v", err)
	}
	if _, err := Verify(ctx, crashed, opt); !errors.Is(err, ErrNeedsRecovery) {
		t.Errorf("Verify of a crashed store = %v, want ErrNeedsRecovery", err)
	}
	if after := listing(t, crashed); after != before {
		t.Errorf("reading a crashed store changed it:\nbefore\n%s\nafter\n%s", before, after)
	}
	rep, err := Recover(ctx, crashed, existingOptions(opt))
	if err != nil {
		t.Fatalf("Recover: %v (%v)", err, rep.Problems)
	}
	if rep.Records != len(recs) {
		t.Errorf("recovered %d records, want %d", rep.Records, len(recs))
	}
	r := openTest(t, crashed, readOnly(opt))
	st, err := r.Stats(ctx)
	if err != nil || st.Records != len(recs) {
		t.Errorf("Stats after recovery = %d records, %v; want %d", st.Records, err, len(recs))
	}
}

// TestStoreFileModes: whatever the umask, a store's files end 0600 and its
// directories 0700.
func TestStoreFileModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	opt := testOptions(true)
	s := openTest(t, dir, opt)
	if _, err := s.Put(context.Background(), []*engine.Record{record("src", "1", engine.PostMortem, "x")}); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitSearch(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		info, _ := d.Info()
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", p, info.Mode().Perm(), want)
		}
		return nil
	})
}

// TestRestoreCleansPartial: a restore killed midway leaves only its partial
// directory beside the target; the next restore removes it, says so, and
// restores.
func TestRestoreCleansPartial(t *testing.T) {
	ctx := context.Background()
	opt := testOptions(true)
	s, want := filledStore(t, opt)
	data := backupBytes(t, s)
	dir := filepath.Join(t.TempDir(), "restored")
	partial := PartialRestoreDir(dir)
	if err := os.MkdirAll(partial, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(partial, "000001.sst"), "half a table")
	if _, err := Open(ctx, dir, existingOptions(opt)); !errors.Is(err, ErrNoStore) {
		t.Errorf("the target of a killed restore opens as %v, want ErrNoStore", err)
	}
	var log bytes.Buffer
	ropt := opt
	ropt.Log = &log
	if err := Restore(ctx, dir, bytes.NewReader(data), ropt); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "interrupted restore") {
		t.Errorf("Restore did not say it removed the partial directory: %q", log.String())
	}
	if _, err := os.Stat(partial); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the partial directory is still there: %v", err)
	}
	r := openTest(t, dir, readOnly(opt))
	if got := dump(t, r); len(got) != len(want) {
		t.Errorf("restored %d records, want %d", len(got), len(want))
	}
	// A failed restore leaves neither the target nor the partial directory.
	bad := filepath.Join(t.TempDir(), "bad")
	if err := Restore(ctx, bad, bytes.NewReader(data[:len(data)/2]), opt); !errors.Is(err, ErrBadBackup) {
		t.Errorf("Restore of half a backup = %v, want ErrBadBackup", err)
	}
	for _, p := range []string{bad, PartialRestoreDir(bad)} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a failed restore left %s (%v)", p, err)
		}
	}
}

// TestReadOnlyQuery: a store opened read-only answers candidate queries,
// so that the commands that only query can open it so, and changes no
// file doing it.
func TestReadOnlyQuery(t *testing.T) {
	ctx := context.Background()
	opt := testOptions(true)
	dir := t.TempDir()
	s := openTest(t, dir, opt)
	recs := generatedRecords(t)
	putAll(t, s, recs)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	before := listing(t, dir)
	r := openTest(t, dir, readOnly(opt))
	compared := 0
	for _, rec := range recs[:20] {
		res, err := engine.Query(ctx, r, rec.Key(), engine.QueryOptions{TopK: 5})
		if err != nil {
			t.Fatalf("Query %s: %v", rec.Key(), err)
		}
		compared += res.Compared
	}
	if compared == 0 {
		t.Error("20 queries compared no candidate")
	}
	if _, err := r.Put(ctx, recs[:1]); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Put into a read-only store = %v, want ErrReadOnly", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if after := listing(t, dir); after != before && readOnlyBadger {
		t.Errorf("read-only queries changed the store:\nbefore\n%s\nafter\n%s", before, after)
	}
}

// TestRecoverSetsOrphansAside: a table that the MANIFEST does not list but
// a crash can explain sends readers to recovery; Recover moves it aside
// rather than letting badger delete it, and removes it once the store
// verifies whole.
func TestRecoverSetsOrphansAside(t *testing.T) {
	ctx := context.Background()
	opt := testOptions(true)
	s, want := filledStore(t, opt)
	dir := s.Dir()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ssts, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	if len(ssts) == 0 {
		t.Fatal("no table")
	}
	b, err := os.ReadFile(ssts[0])
	if err != nil {
		t.Fatal(err)
	}
	// What a compaction killed before its MANIFEST entry leaves: a table
	// newer than every listed one.
	writeFile(t, filepath.Join(dir, tableName(999)), string(b))
	if _, err := Open(ctx, dir, readOnly(opt)); !errors.Is(err, ErrNeedsRecovery) {
		t.Fatalf("reading open with an unlisted table = %v, want ErrNeedsRecovery", err)
	}
	rep, err := Recover(ctx, dir, existingOptions(opt))
	if err != nil {
		t.Fatalf("Recover: %v (%v)", err, rep.Problems)
	}
	if rep.Records != len(want) {
		t.Errorf("recovered %d records, want %d", rep.Records, len(want))
	}
	for _, p := range []string{filepath.Join(dir, tableName(999)), filepath.Join(dir, orphanDir)} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there after a recovery that verified (%v)", p, err)
		}
	}
}
