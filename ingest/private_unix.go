//go:build unix

package ingest

import "syscall"

// noFollow makes the open itself fail on a symbolic link, closing the gap
// between CreatePrivate's check and its open.
const noFollow = syscall.O_NOFOLLOW
