package index

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// rssFile is the process's resident pages of mapped files, in bytes.
func rssFile(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "RssFile:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

// TestReleaseMapped maps a file of a store's directory and one beside it,
// reads both through their maps, and checks that releaseMapped gives back
// the resident pages of the first alone, and that both still read as
// they were written.
func TestReleaseMapped(t *testing.T) {
	const size = 16 << 20
	dir := t.TempDir()
	store := filepath.Join(dir, "store")
	if err := os.Mkdir(store, 0o700); err != nil {
		t.Fatal(err)
	}
	content := bytes.Repeat([]byte("rflmatch"), size/8)
	mapped := make([][]byte, 2)
	for i, path := range []string{filepath.Join(store, "000001.sst"), filepath.Join(dir, "beside")} {
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		m, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		defer syscall.Munmap(m)
		mapped[i] = m
	}
	if err := unix.Madvise(mapped[1][:4096], unix.MADV_PAGEOUT); err != nil {
		t.Skipf("this kernel does not page out: %v", err)
	}
	for _, m := range mapped {
		if !bytes.Equal(m, content) {
			t.Fatal("a map does not read as its file was written")
		}
	}
	before := rssFile(t)
	releaseMapped(store)
	after := rssFile(t)
	// The store's file was resident, all 16 MiB of it; the file beside
	// it stays so.
	if before-after < size/2 || after < size/2 {
		t.Errorf("resident pages of mapped files: %d KiB before, %d after; want the store's %d KiB given back and the other's kept", before>>10, after>>10, size>>10)
	}
	for _, m := range mapped {
		if !bytes.Equal(m, content) {
			t.Fatal("after releasing, a map does not read as its file was written")
		}
	}
}
