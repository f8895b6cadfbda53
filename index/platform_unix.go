//go:build unix

package index

import (
	"errors"
	"os"
	"syscall"
)

// probeLock tells whether another process holds the store open for
// writing, before Open reads badger's files: a store in use has
// write-ahead logs and new tables that are no crash's leftovers. It takes
// badger's directory lock shared, as a read-only badger does, and lets it
// go at once; badger takes it again for real.
func probeLock(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return ErrInUse
		}
		return err
	}
	return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}

// readOnlyBadger: badger opens a directory read-only here.
const readOnlyBadger = true

// groupsAndOthers: file modes here say who besides the owner may read.
const groupsAndOthers = true
