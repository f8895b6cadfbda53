package main

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// TestWriteNew: a new file takes its name only when complete, never over
// anything already there, and a failed write leaves no trace; on Linux
// the file has no name at all while it is written, so a kill -9 could
// leave nothing behind either.
func TestWriteNew(t *testing.T) {
	names := func(dir string) []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing")
	if err := os.WriteFile(existing, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "target"), link); err != nil {
		t.Fatal(err)
	}
	before := names(dir)
	tests := []struct {
		name    string
		path    string
		write   string
		fail    error
		wantErr error
	}{
		{"new file", filepath.Join(dir, "new"), "sealed chunks", nil, nil},
		{"existing file", existing, "replacement", nil, fs.ErrExist},
		{"dangling link", link, "through the link", nil, fs.ErrExist},
		{"failed write", filepath.Join(dir, "failed"), "half", errors.New("disk full"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := writeNew(tt.path, func(w io.Writer) error {
				if _, err := io.WriteString(w, tt.write); err != nil {
					return err
				}
				if runtime.GOOS == "linux" {
					if got := names(dir); !slices.Equal(got, before) && !slices.Equal(got, append(slices.Clone(before), "new")) {
						t.Errorf("while writing, the directory holds %v", got)
					}
				}
				return tt.fail
			})
			switch {
			case tt.fail != nil:
				if !errors.Is(err, tt.fail) {
					t.Fatalf("error %v, want %v", err, tt.fail)
				}
				if _, err := os.Lstat(tt.path); err == nil {
					t.Errorf("a failed write left %s", tt.path)
				}
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(tt.path)
				if err != nil || string(b) != tt.write {
					t.Errorf("read %q, %v; want %q", b, err, tt.write)
				}
				if fi, _ := os.Stat(tt.path); fi.Mode().Perm() != 0o600 {
					t.Errorf("mode %v, want 0600", fi.Mode().Perm())
				}
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "old" {
		t.Errorf("the existing file became %q", b)
	}
	if _, err := os.Lstat(filepath.Join(dir, "target")); err == nil {
		t.Error("a write went through the planted link")
	}
	if got, want := names(dir), append(slices.Clone(before), "new"); !slices.Equal(got, want) {
		t.Errorf("the directory holds %v, want %v", got, want)
	}
}
