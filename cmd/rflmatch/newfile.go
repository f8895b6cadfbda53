package main

import (
	"io"
	"os"
)

// writeNew writes a new file at path through write, atomically, and never
// over anything already at path (a file, a link, a directory): a backup
// may be the only copy of a store as it was. Like [writeAtomic], a failed
// or killed write leaves nothing at path; on Linux the file has no name
// until it is complete, so a kill -9 leaves nothing at all, and elsewhere
// a temporary .NAME.*.tmp of mode 0600 beside it (for a backup, sealed
// chunks, nothing in the clear).
func writeNew(path string, write func(io.Writer) error) error {
	return writePending(path, 0o600, false, write)
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
