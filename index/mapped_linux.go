package index

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// releaseMapped asks the kernel to take back the pages of the files under
// dir that the process maps and holds resident: badger maps the store's
// tables and value logs, and building the candidate index reads every
// case entry through those maps once, which left about 1.1 GB of them
// resident at a million records, beside the index itself, for a scan
// that is over. It uses MADV_PAGEOUT, which never changes what memory
// holds (a page of a file is read again when touched; anonymous memory,
// were a map replaced meanwhile, is at most swapped), so that a race with
// badger's own maps cannot do harm. Errors are ignored: the pages are
// then left to the kernel, as before.
func releaseMapped(dir string) {
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return
	}
	// A line: start-end perms offset dev inode path.
	for _, line := range strings.Split(string(maps), "\n") {
		f := strings.Fields(line)
		if len(f) < 6 || !strings.HasPrefix(f[5], dir+string(filepath.Separator)) {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		unix.Syscall(unix.SYS_MADVISE, uintptr(start), uintptr(end-start), unix.MADV_PAGEOUT)
	}
}
