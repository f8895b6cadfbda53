//go:build linux

package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// createUnnamed opens a file in dir that has no name (O_TMPFILE), of mode
// perm, and not linkable by anyone else: it is given a name by publish.
// The error says when the file system does not support it.
func createUnnamed(dir string, perm os.FileMode) (*pendingFile, error) {
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_WRONLY|unix.O_CLOEXEC, uint32(perm.Perm()&0o600))
	if err != nil {
		return nil, &os.PathError{Op: "open O_TMPFILE", Path: dir, Err: err}
	}
	f := os.NewFile(uintptr(fd), filepath.Join(dir, "(unnamed)"))
	// link names the unnamed file; like any link, it never replaces
	// what already has that name.
	link := func(name string) error {
		err := unix.Linkat(unix.AT_FDCWD, fmt.Sprintf("/proc/self/fd/%d", f.Fd()), unix.AT_FDCWD, name, unix.AT_SYMLINK_FOLLOW)
		if err != nil {
			// Without /proc, AT_EMPTY_PATH does the same for a
			// process that may (CAP_DAC_READ_SEARCH).
			if err2 := unix.Linkat(int(f.Fd()), "", unix.AT_FDCWD, name, unix.AT_EMPTY_PATH); err2 != nil {
				return &os.LinkError{Op: "link", Old: f.Name(), New: name, Err: err}
			}
		}
		return nil
	}
	return &pendingFile{
		f: f,
		publish: func(path string) error {
			defer f.Close()
			// A link cannot replace a file: link under a fresh name
			// beside path, then rename over it. Only a complete,
			// synced file ever has a name.
			var rnd [8]byte
			rand.Read(rnd[:])
			tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"."+hex.EncodeToString(rnd[:])+".tmp")
			if err := link(tmp); err != nil {
				return err
			}
			if err := os.Rename(tmp, path); err != nil {
				os.Remove(tmp)
				return err
			}
			return nil
		},
		publishNew: func(path string) error {
			defer f.Close()
			return link(path)
		},
		discard: func() { f.Close() },
	}, nil
}
