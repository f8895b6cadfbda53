package main

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// writeAtomic writes a file whole or not at all: an interrupted or failed
// run leaves the previous file as it was, never half of a new one.
//
// What it writes is personal data (the pairs of a cross-check, with their
// names), so an interrupted run must not leave it behind in the clear
// either. On Linux the file is written with no name at all (O_TMPFILE),
// and given one, beside path, only once it is complete and synced: a kill
// -9 while writing leaves nothing, as the kernel frees a file without a
// name. Elsewhere, or on a file system without O_TMPFILE, it is written to
// a temporary file of mode 0600 beside path (".NAME.*.tmp"), which a kill
// -9 leaves behind.
func writeAtomic(path string, perm os.FileMode, write func(io.Writer) error) error {
	return writePending(path, perm, true, write)
}

// writePending is [writeAtomic] and [writeNew]: write fills a file that
// has no name yet (or a temporary one), which takes the name path once it
// is complete and synced, replacing what is there only when replace is
// set (otherwise the error wraps fs.ErrExist).
func writePending(path string, perm os.FileMode, replace bool, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	p, err := createUnnamed(dir, perm)
	if err != nil {
		p, err = createTemp(path)
	}
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			p.discard()
		}
	}()
	bw := bufio.NewWriterSize(p.f, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := p.f.Chmod(perm); err != nil {
		return err
	}
	if err := p.f.Sync(); err != nil {
		return err
	}
	publish := p.publishNew
	if replace {
		publish = p.publish
	}
	if err := publish(path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// pendingFile is a file being written that takes its final name only once
// it is complete.
type pendingFile struct {
	f *os.File
	// publish gives the synced file the name path, replacing what is
	// there, and closes it.
	publish func(path string) error
	// publishNew gives it the name path only if nothing has that name,
	// and closes it.
	publishNew func(path string) error
	// discard closes the file and removes whatever name it has.
	discard func()
}

// createTemp is writeAtomic's way where files without a name are not
// available: a temporary file of mode 0600 beside path, renamed over it.
func createTemp(path string) (*pendingFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, err
	}
	return &pendingFile{
		f: f,
		publish: func(path string) error {
			if err := f.Close(); err != nil {
				return err
			}
			return os.Rename(f.Name(), path)
		},
		publishNew: func(path string) error {
			if err := f.Close(); err != nil {
				return err
			}
			// A link never replaces a name; where links are not
			// available, rename after a last check that path is free.
			if err := os.Link(f.Name(), path); err != nil {
				if _, serr := os.Lstat(path); serr == nil {
					return err
				}
				if err := os.Rename(f.Name(), path); err != nil {
					return err
				}
				return nil
			}
			return os.Remove(f.Name())
		},
		discard: func() {
			f.Close()
			os.Remove(f.Name())
		},
	}, nil
}
