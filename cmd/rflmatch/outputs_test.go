//go:build unix

package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestBackupAndExportFiles: backups and exports hold personal data: they end
// 0600, never follow a planted link, and a backup never replaces a file
// nor appears under its name before it is whole.
func TestBackupAndExportFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes and links are Unix's")
	}
	dir := t.TempDir()
	data, key := damagedStoreBase(t, dir)
	target := fixture(t, dir, "target", "keep")
	os.Chmod(target, 0o644)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	wide := fixture(t, dir, "wide", "old")
	os.Chmod(wide, 0o644)
	backup := filepath.Join(dir, "store.backup")
	export := fixture(t, dir, "export.jsonl", "old export")
	os.Chmod(export, 0o644)

	steps := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"backup onto a planted link", []string{"backup", "--data", data, "--key-file", key, "--out", link}, 2, "already exists"},
		{"backup onto an existing file", []string{"backup", "--data", data, "--key-file", key, "--out", wide}, 2, "refusing to overwrite"},
		{"backup", []string{"backup", "--data", data, "--key-file", key, "--out", backup}, 0, "wrote backup"},
		{"backup again", []string{"backup", "--data", data, "--key-file", key, "--out", backup}, 2, "refusing to overwrite"},
		{"export onto a planted link", []string{"export", "--data", data, "--key-file", key, "--out", link}, 2, "symbolic link"},
		{"export onto an existing 0644 file", []string{"export", "--data", data, "--key-file", key, "--out", export}, 0, ""},
		{"restore", []string{"restore", "--data", filepath.Join(dir, "restored"), "--key-file", key, backup}, 0, "restored"},
		{"the restored store verifies", []string{"verify", "--data", filepath.Join(dir, "restored"), "--key-file", key}, 0, ""},
	}
	for _, s := range steps {
		code, _, stderr := runCLI(t, nil, s.args...)
		if code != s.code || !strings.Contains(stderr, s.err) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", s.name, code, stderr, s.code, s.err)
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("the link's target became %q", b)
	}
	if b, _ := os.ReadFile(wide); string(b) != "old" {
		t.Errorf("an existing file at --out of backup became %q", b)
	}
	for _, p := range []string{backup, export} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(p), fi.Mode().Perm())
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*partial*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestKeyFiles: a key file that others can read is warned of at every use;
// one that cannot be a key (a device, a FIFO, a large file) is refused at
// once.
func TestKeyFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes, devices and FIFOs are Unix's")
	}
	dir := t.TempDir()
	data, key := damagedStoreBase(t, dir)
	open := filepath.Join(dir, "open.key")
	b, _ := os.ReadFile(key)
	fixture(t, dir, "open.key", string(b))
	os.Chmod(open, 0o644)
	fifo := filepath.Join(dir, "fifo.key")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	large := fixture(t, dir, "large.key", strings.Repeat(string(b), 100))
	tests := []struct {
		name, key string
		code      int
		err       string
	}{
		{"0600", key, 0, ""},
		{"readable by others", open, 0, "can be read by others"},
		{"/dev/zero", "/dev/zero", 2, "character device"},
		{"a FIFO", fifo, 2, "FIFO"},
		{"larger than a key", large, 2, "bytes; a key file holds 65"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, nil, "stats", "--data", data, "--key-file", tt.key)
		if code != tt.code || !strings.Contains(stderr, tt.err) || tt.err == "" && strings.Contains(stderr, "warning") {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", tt.name, code, stderr, tt.code, tt.err)
		}
	}
}
