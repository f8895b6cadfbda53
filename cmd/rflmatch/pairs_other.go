//go:build !linux

package main

import (
	"errors"
	"os"
)

// createUnnamed is Linux's O_TMPFILE, which other systems lack;
// writeAtomic then writes a temporary file beside its output.
func createUnnamed(string, os.FileMode) (*pendingFile, error) {
	return nil, errors.ErrUnsupported
}
