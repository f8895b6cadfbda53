//go:build !unix

package index

// probeLock has no shared lock to try here; badger's own lock, taken when
// it opens, stays the guard against a second process.
func probeLock(dir string) error { return nil }

// readOnlyBadger: badger refuses to open a directory read-only here
// (ErrWindowsNotSupported, ErrPlan9NotSupported), so a reading Open opens
// it for writing and only rflmatch's own code refrains from writing.
const readOnlyBadger = false

// groupsAndOthers: file modes here do not say who may read (Windows keeps
// that in ACLs), so a key file's mode warns of nothing.
const groupsAndOthers = false
