package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// readOnlyOpens: badger opens a store read-only here (not on Windows, where
// index.Options.ReadOnly leaves only rflmatch's own code from writing).
const readOnlyOpens = runtime.GOOS != "windows"

// generatedDir holds the small labelled dataset (its README says how it was
// made).
const generatedDir = "../../testdata/generated"

// damagedStore ingests the generated dataset into a new encrypted store
// under dir and returns the store's directory and its key file.
func damagedStoreBase(t *testing.T, dir string) (data, key string) {
	t.Helper()
	key = filepath.Join(dir, "store.key")
	data = filepath.Join(dir, "data")
	if code, _, stderr := runCLI(t, nil, "keygen", "--out", key); code != 0 {
		t.Fatalf("keygen: %s", stderr)
	}
	files, _ := filepath.Glob(filepath.Join(generatedDir, "*.jsonl"))
	if len(files) == 0 {
		t.Fatal("no generated dataset")
	}
	args := append([]string{"ingest", "--data", data, "--key-file", key}, files...)
	if code, _, stderr := runCLI(t, nil, args...); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	return data, key
}

// copyDir copies the regular files and directories under src to dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// snapshot names every file under dir with a hash of its content and its
// mode, so that any change to the store shows.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, _ := d.Info()
		if d.IsDir() {
			lines = append(lines, rel+"/ "+info.Mode().String())
			return nil
		}
		b, _ := os.ReadFile(p)
		sum := sha256.Sum256(b)
		lines = append(lines, rel+" "+info.Mode().String()+" "+hex.EncodeToString(sum[:8]))
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// theTable returns the store's largest table file.
func theTable(t *testing.T, data string) string {
	t.Helper()
	ssts, _ := filepath.Glob(filepath.Join(data, "*.sst"))
	best, size := "", int64(0)
	for _, p := range ssts {
		if fi, err := os.Stat(p); err == nil && fi.Size() > size {
			best, size = p, fi.Size()
		}
	}
	if size < 16<<10 {
		t.Fatalf("the largest table holds %d bytes: too small to damage inside", size)
	}
	return best
}

// TestDamagedStore is issue 18's table of damage × command: whatever the
// damage, every command fails with exit 2 and a message naming it, never
// gives a smaller store, and changes no file of the store.
func TestDamagedStore(t *testing.T) {
	base, key := damagedStoreBase(t, t.TempDir())
	input := filepath.Join(generatedDir, "registrations.jsonl")
	damages := []struct {
		name   string
		damage func(t *testing.T, data string)
		want   string // in standard error
	}{
		{"zero 4 KiB inside a table", func(t *testing.T, data string) {
			p := theTable(t, data)
			f, err := os.OpenFile(p, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			fi, _ := f.Stat()
			if _, err := f.WriteAt(make([]byte, 4096), fi.Size()/2&^4095); err != nil {
				t.Fatal(err)
			}
		}, "fails its checksum"},
		{"flip one byte", func(t *testing.T, data string) {
			p := theTable(t, data)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/3] ^= 0x10
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "fails its checksum"},
		{"MANIFEST truncated to 16 bytes", func(t *testing.T, data string) {
			if err := os.Truncate(filepath.Join(data, "MANIFEST"), 16); err != nil {
				t.Fatal(err)
			}
		}, "not listed in the MANIFEST"},
		{"MANIFEST removed", func(t *testing.T, data string) {
			if err := os.Remove(filepath.Join(data, "MANIFEST")); err != nil {
				t.Fatal(err)
			}
		}, "MANIFEST is missing"},
		{"KEYREGISTRY removed", func(t *testing.T, data string) {
			if err := os.Remove(filepath.Join(data, "KEYREGISTRY")); err != nil {
				t.Fatal(err)
			}
		}, "KEYREGISTRY is missing"},
	}
	commands := []struct {
		name string
		args func(data string) []string
	}{
		{"stats", func(data string) []string { return []string{"stats", "--data", data, "--key-file", key} }},
		{"export", func(data string) []string { return []string{"export", "--data", data, "--key-file", key} }},
		{"ingest", func(data string) []string { return []string{"ingest", "--data", data, "--key-file", key, input} }},
		{"verify", func(data string) []string { return []string{"verify", "--data", data, "--key-file", key} }},
	}
	for _, d := range damages {
		for _, c := range commands {
			t.Run(d.name+"/"+c.name, func(t *testing.T) {
				data := filepath.Join(t.TempDir(), "data")
				copyDir(t, base, data)
				d.damage(t, data)
				before := snapshot(t, data)
				code, stdout, stderr := runCLI(t, nil, c.args(data)...)
				if code != 2 {
					t.Errorf("exit %d, want 2; stderr:\n%s", code, stderr)
				}
				if !strings.Contains(stderr, d.want) || !strings.Contains(stderr, "damaged") || !strings.Contains(stderr, "restore") {
					t.Errorf("stderr does not name the damage (%q) and the way out:\n%s", d.want, stderr)
				}
				if stdout != "" {
					t.Errorf("a damaged store gave a result:\n%.300s", stdout)
				}
				if after := snapshot(t, data); after != before && readOnlyOpens {
					t.Errorf("the command changed the store's files:\nbefore\n%s\nafter\n%s", before, after)
				}
			})
		}
	}
}

// TestReadingChangesNothing: the commands that only read leave every file of
// a whole store as it was.
func TestReadingChangesNothing(t *testing.T) {
	dir := t.TempDir()
	data, key := damagedStoreBase(t, dir)
	before := snapshot(t, data)
	for _, args := range [][]string{
		{"stats", "--data", data, "--key-file", key},
		{"export", "--data", data, "--key-file", key},
		{"verify", "--data", data, "--key-file", key},
		{"backup", "--data", data, "--key-file", key, "--out", filepath.Join(dir, "b1")},
	} {
		if code, _, stderr := runCLI(t, nil, args...); code != 0 {
			t.Fatalf("%s: exit %d: %s", args[0], code, stderr)
		}
		if after := snapshot(t, data); after != before && readOnlyOpens {
			t.Errorf("%s changed the store's files:\nbefore\n%s\nafter\n%s", args[0], before, after)
		}
	}
}
