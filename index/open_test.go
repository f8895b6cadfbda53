package index

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
)

// makeStore creates a store with one record in it and closes it, so that
// badger's tables are on disk.
func makeStore(t *testing.T, opt Options) string {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(context.Background(), dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(context.Background(), []*engine.Record{record("src", "1", engine.PostMortem, "x")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// listing describes a directory's files and their contents, to show that a
// refused Open left it as it was.
func listing(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %x\n", p, sha256.Sum256(data))
		return nil
	})
	return b.String()
}

func TestOpenRefuses(t *testing.T) {
	encrypted := testOptions(true)
	plain := testOptions(false)
	existing := func(o Options) Options { o.Create = false; return o }
	with := func(o Options, f func(*Options)) Options { f(&o); return o }
	empty := func(t *testing.T) string { return t.TempDir() }

	tests := []struct {
		name  string
		setup func(t *testing.T) string // returns the directory to open
		opt   Options
		want  error // nil: any error will do
	}{
		{"no key", empty, with(encrypted, func(o *Options) { o.Key = nil }), ErrNoKey},
		{"short key", empty, with(encrypted, func(o *Options) { o.Key = o.Key[:16] }), ErrBadKey},
		{"key and NoEncryption", empty, with(encrypted, func(o *Options) { o.NoEncryption = true }), nil},
		{"tiny memtable", empty, with(encrypted, func(o *Options) { o.MemTableSize = 1000 }), nil},
		{"wrong key", func(t *testing.T) string { return makeStore(t, encrypted) },
			with(existing(encrypted), func(o *Options) { o.Key = testKey(99) }), ErrWrongKey},
		{"encrypted store without key", func(t *testing.T) string { return makeStore(t, encrypted) },
			existing(plain), ErrEncrypted},
		{"plain store with key", func(t *testing.T) string { return makeStore(t, plain) },
			existing(encrypted), ErrNotEncrypted},
		{"absent directory", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nope") },
			existing(encrypted), ErrNoStore},
		{"empty directory", empty, existing(encrypted), ErrNoStore},
		{"a file", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "f")
			writeFile(t, p, "hello")
			return p
		}, encrypted, ErrNotStore},
		{"foreign files", func(t *testing.T) string {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "notes.txt"), "mine")
			return dir
		}, encrypted, ErrNotStore},
		{"foreign badger", func(t *testing.T) string {
			dir := t.TempDir()
			db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil).WithMemTableSize(1 << 20).WithValueLogFileSize(1 << 20).WithValueThreshold(1 << 10))
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			return dir
		}, encrypted, ErrNotStore},
		{"garbage marker", func(t *testing.T) string {
			dir := makeStore(t, encrypted)
			writeFile(t, filepath.Join(dir, markerName), "\x00\x01garbage")
			return dir
		}, existing(encrypted), ErrNotStore},
		{"newer format", func(t *testing.T) string {
			dir := makeStore(t, encrypted)
			writeFile(t, filepath.Join(dir, markerName), `{"format":"rflmatch-index","version":9,"encrypted":true}`)
			return dir
		}, existing(encrypted), ErrNotStore},
		{"damaged key check", func(t *testing.T) string {
			dir := makeStore(t, encrypted)
			writeFile(t, filepath.Join(dir, markerName), `{"format":"rflmatch-index","version":1,"encrypted":true,"key_check":"zz"}`)
			return dir
		}, existing(encrypted), ErrNotStore},
		{"key check of another key", func(t *testing.T) string {
			// The marker is swapped for one made with another key: badger's
			// own key registry still catches the mismatch.
			dir := makeStore(t, encrypted)
			keys, _ := deriveKeys(testKey(99))
			if err := writeMarker(dir, newMarker(keys)); err != nil {
				t.Fatal(err)
			}
			return dir
		}, with(existing(encrypted), func(o *Options) { o.Key = testKey(99) }), ErrNotStore},
		{"missing MANIFEST", func(t *testing.T) string {
			dir := makeStore(t, encrypted)
			os.Remove(filepath.Join(dir, "MANIFEST"))
			return dir
		}, existing(encrypted), ErrNotStore},
		{"garbage MANIFEST", func(t *testing.T) string {
			dir := makeStore(t, encrypted)
			writeFile(t, filepath.Join(dir, "MANIFEST"), strings.Repeat("garbage!", 100))
			return dir
		}, existing(encrypted), ErrNotStore},
		{"garbage KEYREGISTRY", func(t *testing.T) string {
			dir := makeStore(t, encrypted)
			writeFile(t, filepath.Join(dir, "KEYREGISTRY"), strings.Repeat("garbage!", 100))
			return dir
		}, existing(encrypted), ErrNotStore},
		{"garbage table", func(t *testing.T) string {
			dir := makeStore(t, encrypted)
			ssts, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
			if len(ssts) == 0 {
				t.Fatal("no table written on Close")
			}
			for _, p := range ssts {
				writeFile(t, p, strings.Repeat("garbage!", 1000))
			}
			return dir
		}, existing(encrypted), ErrNotStore},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.setup(t)
			before := listing(t, dir)
			s, err := Open(context.Background(), dir, tt.opt)
			if err == nil {
				s.Close()
				t.Fatalf("Open succeeded, want %v", tt.want)
			}
			t.Log(err)
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Open = %v\nwant %v", err, tt.want)
			}
			if after := listing(t, dir); after != before {
				t.Errorf("Open changed the directory:\nbefore\n%s\nafter\n%s", before, after)
			}
		})
	}
}

func TestOpenAfterRefusal(t *testing.T) {
	// A refused Open must leave nothing open: the right key works next.
	ctx := context.Background()
	opt := existingOptions(testOptions(true))
	dir := makeStore(t, testOptions(true))
	bad := opt
	bad.Key = testKey(42)
	if _, err := Open(ctx, dir, bad); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("Open with wrong key = %v", err)
	}
	s := openTest(t, dir, opt)
	if _, err := s.Get(ctx, engine.Key{Source: "src", ID: "1"}); err != nil {
		t.Errorf("Get after refused Open: %v", err)
	}
	if _, err := Open(ctx, dir, opt); !errors.Is(err, ErrInUse) {
		t.Errorf("second Open = %v, want ErrInUse", err)
	}
}

func TestCreateFailureLeavesNothing(t *testing.T) {
	// ValueLogFileSize ≥ 1 GiB is refused before anything is created.
	dir := filepath.Join(t.TempDir(), "new")
	opt := testOptions(true)
	opt.ValueLogFileSize = 2 << 30
	if _, err := Open(context.Background(), dir, opt); err == nil {
		t.Fatal("Open succeeded")
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("failed Open left %s behind (%v)", dir, err)
	}
}

func existingOptions(o Options) Options {
	o.Create = false
	return o
}
