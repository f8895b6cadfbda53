package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// writeNew writes a new file at path through write, atomically: into a
// temporary file beside it (mode 0600, created exclusively, so never
// through a planted link), synced, then given its name by a hard link,
// which fails rather than replace anything at path (a file, a link, a
// directory), and the temporary name removed. A failed or killed write
// leaves no file at path: only, after a kill, the temporary
// .NAME.partial-N beside it, which holds what write wrote (for a backup,
// sealed chunks, nothing in the clear). Where hard links are not
// available, the temporary file is renamed after a last check that path
// is free.
func writeNew(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".partial-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if _, serr := os.Lstat(path); serr == nil {
			return err // path exists: the link refused to replace it
		}
		if err := os.Rename(tmp.Name(), path); err != nil {
			return err
		}
	} else if err := os.Remove(tmp.Name()); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a new name in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Some systems cannot sync a directory; the name is then as durable
	// as they make it.
	d.Sync()
	return nil
}
