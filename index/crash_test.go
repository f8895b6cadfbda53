package index

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

var crashRounds = flag.Int("crash-rounds", 6, "kill -9 rounds of TestCrashDuringIngest")

// crashChildEnv names the store directory a child process ingests into.
const crashChildEnv = "RFLMATCH_CRASH_CHILD"

// crashRecords are the records the crash test ingests: the generated set,
// in an order that puts a case's records in different batches.
func crashRecords(t testing.TB) []*engine.Record {
	recs := slices.Clone(generatedRecords(t))
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	return recs
}

// TestCrashChild is the child of TestCrashDuringIngest: it ingests the
// records into the store that the environment names, in batches of 100,
// with synced commits, until it is killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("run by TestCrashDuringIngest")
	}
	opt := testOptions(true)
	opt.NoSync = false
	s, err := Open(context.Background(), dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	recs := crashRecords(t)
	for lo := 0; lo < len(recs); lo += 100 {
		if _, err := s.Put(context.Background(), recs[lo:min(lo+100, len(recs))]); err != nil {
			t.Fatal(err)
		}
		fmt.Println("batch")
	}
	s.Close()
}

// TestCrashDuringIngest kills an ingesting process with SIGKILL at random
// moments, round after round, and checks after each that the store opens,
// that every stored record is listed by its case's entry and every listed
// record is stored (so no record is one that no query finds), and at the
// end that every query answers as on a store ingested without interruption.
func TestCrashDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	rng := rand.New(rand.NewPCG(5, 6))
	killed := 0
	for round := range *crashRounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Killed after a random number of batches, a few milliseconds
		// into the next one: inside a Put, often inside a commit.
		batches := 1 + rng.IntN(len(generatedRecords(t))/100-1)
		sc := bufio.NewScanner(out)
		for seen := 0; seen < batches && sc.Scan(); {
			if sc.Text() == "batch" {
				seen++
			}
		}
		time.Sleep(time.Duration(rng.IntN(8000)) * time.Microsecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil {
			killed++
		}
		io.Copy(io.Discard, out)
		cmd.Wait()
		s, err := Open(ctx, dir, existingOptions(testOptions(true)))
		if err != nil {
			t.Fatalf("round %d: the store does not open after kill -9: %v", round, err)
		}
		n := checkCaseEntries(t, s)
		s.Close()
		t.Logf("round %d: %d records stored, all listed by their cases", round, n)
	}
	if killed == 0 {
		t.Fatal("no child was killed before it finished: the test tested nothing")
	}
	// Finish the ingest, then compare with an uninterrupted store.
	recs := crashRecords(t)
	s := openTest(t, dir, existingOptions(testOptions(true)))
	putAll(t, s, recs)
	if n := checkCaseEntries(t, s); n == 0 {
		t.Fatal("empty store")
	}
	ref := openTest(t, t.TempDir(), testOptions(true))
	putAll(t, ref, recs)
	var keys []engine.Key
	for i, r := range recs {
		if i%5 == 0 || r.Kind == engine.PostMortem && i%25 == 1 {
			keys = append(keys, r.Key())
		}
	}
	models := engine.DefaultModels()
	got, want := queryAll(t, s, keys, models), queryAll(t, ref, keys, models)
	for _, k := range keys {
		if diff := enginetest.FirstDifference(got[k], want[k]); diff != "" {
			t.Errorf("%s: the store ingested through %d kills and an uninterrupted one differ: %s", k, killed, diff)
		}
	}
}

// checkCaseEntries checks that every stored record is a member of its
// case's entry and that every member of every entry is stored; it returns
// the number of records.
func checkCaseEntries(t *testing.T, s *Store) int {
	t.Helper()
	ctx := context.Background()
	members := map[engine.Key]bool{}
	err := s.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixCase}
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			key := it.Item().KeyCopy(nil)
			e, err := s.loadEntry(txn, key)
			if err != nil {
				return err
			}
			_, ref, err := decodeKey(key)
			if err != nil {
				return err
			}
			for _, id := range e.members {
				k := engine.Key{Source: ref.Source, ID: id}
				if _, err := loadRecord(txn, k); err != nil {
					t.Errorf("case %s lists %s, which is not stored: %v", ref, k, err)
				}
				members[k] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = s.Scan(ctx, Filter{}, func(r *engine.Record) error {
		n++
		if !members[r.Key()] {
			t.Errorf("%s is stored but its case's entry does not list it: no query would find it", r.Key())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
