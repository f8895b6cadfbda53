package index

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// FuzzBackupReader feeds the backup parser (the header, the key checks and
// the chunk reader that Restore loads from) arbitrary files: it must never
// panic nor allocate beyond a chunk, and anything but a whole backup is
// ErrBadBackup (or, for an encrypted one, ErrEncrypted). The seeds are a
// real plain backup and pieces of it.
func FuzzBackupReader(f *testing.F) {
	s := openTest(f, f.TempDir(), testOptions(false))
	recs := []*engine.Record{
		record("fuzz", "1", engine.TracingRequest, "Tesfaye Gebremedhin"),
		record("fuzz", "2", engine.PostMortem, "Mohamed Abdelrahman"),
	}
	if _, err := s.Put(context.Background(), recs); err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.Backup(context.Background(), &buf); err != nil {
		f.Fatal(err)
	}
	whole := buf.Bytes()
	f.Add(whole)
	f.Add(whole[:headerSize])
	f.Add(whole[:len(whole)/2])
	f.Add(append(bytes.Clone(whole), 0))
	f.Add([]byte(backupMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := openBackup(context.Background(), bytes.NewReader(data), nil)
		if err != nil {
			if !errors.Is(err, ErrBadBackup) && !errors.Is(err, ErrEncrypted) {
				t.Fatalf("openBackup = %v, want ErrBadBackup or ErrEncrypted", err)
			}
			return
		}
		n, err := io.Copy(io.Discard, rd)
		if err != nil && !errors.Is(err, ErrBadBackup) {
			t.Fatalf("reading the backup = %v after %d bytes, want ErrBadBackup", err, n)
		}
		if err == nil && len(data) < headerSize+4 {
			t.Fatalf("a file of %d bytes, too short to hold a chunk, read as a whole backup", len(data))
		}
	})
}

// FuzzKeyFile feeds the key reader arbitrary key files: it must never
// panic, and what it accepts is exactly a 32-byte key in hex, white space
// around it allowed, which KeyFile writes back.
func FuzzKeyFile(f *testing.F) {
	f.Add(KeyFile(testKey(1)))
	f.Add([]byte("  " + strings.ToUpper(hex.EncodeToString(testKey(2))) + "\r\n"))
	f.Add([]byte("abcd\n"))
	f.Add(bytes.Repeat([]byte("zz"), 32))
	f.Add(bytes.Repeat([]byte("0"), MaxKeyFileSize+1))
	f.Add([]byte{})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "key")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		key, warning, err := LoadKeyFile(path)
		if err != nil {
			if !errors.Is(err, ErrBadKeyFile) {
				t.Fatalf("LoadKeyFile = %v, want ErrBadKeyFile", err)
			}
			if len(data) <= MaxKeyFileSize && hexKey(data) != nil {
				t.Fatalf("refused a well-formed key file %q", data)
			}
			return
		}
		if warning != "" {
			t.Errorf("a 0600 key file warned: %s", warning)
		}
		if len(key) != 32 || len(data) > MaxKeyFileSize {
			t.Fatalf("accepted %q as a key of %d bytes", data, len(key))
		}
		if !strings.EqualFold(strings.TrimSpace(string(data)), hex.EncodeToString(key)) {
			t.Fatalf("accepted %q as the key %x", data, key)
		}
	})
}

// hexKey decodes data as the check above expects a key file to be read:
// nil when it is not a key.
func hexKey(data []byte) []byte {
	k, err := hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(k) != 32 {
		return nil
	}
	return k
}
