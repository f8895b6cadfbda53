package index

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// filledStore makes a store with enough records for a backup of several
// chunks, deletes one and returns the store and what Scan shows.
func filledStore(t *testing.T, opt Options) (*Store, []string) {
	t.Helper()
	ctx := context.Background()
	s := openTest(t, t.TempDir(), opt)
	recs := secretRecords()
	for i := range 300 {
		recs = append(recs, record("it-tracing", fmt.Sprintf("TR-%04d", i), engine.Kinds[i%4], "Mohamed Abdelrahman"))
	}
	if _, err := s.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, engine.Key{Source: "it-tracing", ID: "TR-0007"}); err != nil {
		t.Fatal(err)
	}
	return s, dump(t, s)
}

// dump lists a store's records in canonical form, in Scan order.
func dump(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	if err := s.Scan(context.Background(), Filter{}, func(r *engine.Record) error {
		out = append(out, canonical(t, r))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func backupBytes(t *testing.T, s *Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Backup(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	plain, encrypted := testOptions(false), testOptions(true)
	tests := []struct {
		name      string
		from, to  Options
		encrypted bool // the backup hides its content
	}{
		{"encrypted", encrypted, encrypted, true},
		{"plain", plain, plain, false},
		{"plain into encrypted", plain, encrypted, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, want := filledStore(t, tt.from)
			data := backupBytes(t, s)
			if len(data) < 3*chunkSize {
				t.Fatalf("backup of %d bytes: too small to test chunking", len(data))
			}
			if tt.encrypted {
				for _, sec := range secrets {
					if bytes.Contains(data, []byte(sec)) {
						t.Errorf("%q is readable in the backup", sec)
					}
				}
			}
			dir := filepath.Join(t.TempDir(), "restored")
			if err := Restore(ctx, dir, bytes.NewReader(data), tt.to); err != nil {
				t.Fatalf("Restore: %v", err)
			}
			r := openTest(t, dir, existingOptions(tt.to))
			got := dump(t, r)
			if len(got) != len(want) || strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("restored store has %d records, want %d, or they differ", len(got), len(want))
			}
			if _, err := r.Get(ctx, engine.Key{Source: "it-tracing", ID: "TR-0007"}); !errors.Is(err, ErrNotFound) {
				t.Errorf("deleted record after restore: %v, want ErrNotFound", err)
			}
			// The restored store takes writes and backs up again.
			if _, err := r.Put(ctx, []*engine.Record{record("new", "1", engine.PostMortem, "x")}); err != nil {
				t.Errorf("Put into restored store: %v", err)
			}
			if err := r.Backup(ctx, new(bytes.Buffer)); err != nil {
				t.Errorf("Backup of restored store: %v", err)
			}
		})
	}
}

// chunkEnds returns the offsets where the backup's chunks end.
func chunkEnds(t *testing.T, data []byte) []int {
	t.Helper()
	var ends []int
	for at := headerSize; at < len(data); {
		n := int(binary.BigEndian.Uint32(data[at:]) &^ lastChunk)
		at += 4 + n
		ends = append(ends, at)
	}
	return ends
}

func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	s, _ := filledStore(t, testOptions(true))
	data := backupBytes(t, s)
	ends := chunkEnds(t, data)
	if len(ends) < 3 {
		t.Fatalf("backup has %d chunks, want at least 3", len(ends))
	}
	flip := func(at int) []byte {
		b := bytes.Clone(data)
		b[at] ^= 0x40
		return b
	}
	// Swap the first two chunks: each is authentic, the order is not.
	swapped := bytes.Clone(data[:headerSize])
	swapped = append(swapped, data[ends[0]:ends[1]]...)
	swapped = append(swapped, data[headerSize:ends[0]]...)
	swapped = append(swapped, data[ends[1]:]...)
	other, _ := filledStore(t, testOptions(true))
	otherData := backupBytes(t, other)
	// The other backup's chunks under this backup's header.
	spliced := append(bytes.Clone(data[:headerSize]), otherData[headerSize:]...)

	encrypted := testOptions(true)
	wrongKey := encrypted
	wrongKey.Key = testKey(77)
	tests := []struct {
		name string
		data []byte
		opt  Options
		want error
	}{
		{"wrong key", data, wrongKey, ErrWrongKey},
		{"no key", data, testOptions(false), ErrEncrypted},
		{"empty", nil, encrypted, ErrBadBackup},
		{"not a backup", []byte(strings.Repeat("not a backup ", 100)), encrypted, ErrBadBackup},
		{"half a header", data[:headerSize/2], encrypted, ErrBadBackup},
		{"header only", data[:headerSize], encrypted, ErrBadBackup},
		{"cut in a chunk", data[:ends[1]-100], encrypted, ErrBadBackup},
		{"last chunk dropped", data[:ends[len(ends)-2]], encrypted, ErrBadBackup},
		{"last byte dropped", data[:len(data)-1], encrypted, ErrBadBackup},
		{"bytes appended", append(bytes.Clone(data), 0), encrypted, ErrBadBackup},
		{"byte altered in a chunk", flip(ends[1] + 50), encrypted, ErrBadBackup},
		{"byte altered in the salt", flip(20), encrypted, ErrBadBackup},
		{"length altered", flip(ends[0]), encrypted, ErrBadBackup},
		{"chunks swapped", swapped, encrypted, ErrBadBackup},
		{"chunks from another backup", spliced, encrypted, ErrBadBackup},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "restored")
			err := Restore(ctx, dir, bytes.NewReader(tt.data), tt.opt)
			t.Log(err)
			if !errors.Is(err, tt.want) {
				t.Errorf("Restore = %v, want %v", err, tt.want)
			}
			if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("failed Restore left %s behind", dir)
			}
		})
	}
}

func TestRestoreNeedsEmptyDir(t *testing.T) {
	ctx := context.Background()
	s, _ := filledStore(t, testOptions(true))
	data := backupBytes(t, s)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "keep.txt"), "mine")
	if err := Restore(ctx, dir, bytes.NewReader(data), testOptions(true)); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("Restore into non-empty dir = %v, want ErrNotEmpty", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "keep.txt")); err != nil {
		t.Errorf("Restore touched the existing file: %v", err)
	}
	// An empty existing directory is fine, and stays after a failure.
	empty := t.TempDir()
	if err := Restore(ctx, empty, bytes.NewReader(data[:len(data)-1]), testOptions(true)); !errors.Is(err, ErrBadBackup) {
		t.Fatalf("Restore of truncated backup = %v", err)
	}
	if ents, err := os.ReadDir(empty); err != nil || len(ents) != 0 {
		t.Errorf("failed Restore left %d entries in %s (%v)", len(ents), empty, err)
	}
	if err := Restore(ctx, empty, bytes.NewReader(data), testOptions(true)); err != nil {
		t.Errorf("Restore into empty dir: %v", err)
	}
}

// TestSealWriterPieces: however the bytes are cut into writes, the sealed
// stream is the same chunks, the last one marked, and opens to the bytes.
func TestSealWriterPieces(t *testing.T) {
	data := make([]byte, 3*chunkSize+5)
	for i := range data {
		data[i] = byte(i * 7)
	}
	aead, err := chunkAEAD(testKey(1), make([]byte, 32), backupLabel)
	if err != nil {
		t.Fatal(err)
	}
	seal := func(pieces []int) []byte {
		var out bytes.Buffer
		sw := &sealWriter{ctx: context.Background(), w: &out, aead: aead, aad: []byte("h")}
		rest := data
		for _, n := range pieces {
			n = min(n, len(rest))
			if _, err := sw.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if _, err := sw.Write(rest); err != nil {
			t.Fatal(err)
		}
		if err := sw.close(); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	whole := seal(nil)
	for _, pieces := range [][]int{
		{1, 1, 1},
		{chunkSize - 1, 1, 1},
		{chunkSize, chunkSize},
		{chunkSize + 1, 0, chunkSize - 1},
		{5, 2 * chunkSize, 17},
		{3 * chunkSize},
	} {
		if got := seal(pieces); !bytes.Equal(got, whole) {
			t.Errorf("written in pieces %v: another stream than written whole", pieces)
		}
	}
	or := &openReader{ctx: context.Background(), r: bufio.NewReader(bytes.NewReader(whole)), aead: aead, aad: []byte("h")}
	got, err := io.ReadAll(or)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("opened: %d bytes, %v; want the %d written", len(got), err, len(data))
	}
}
