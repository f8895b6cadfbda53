//go:build unix

package main

import "syscall"

// privateFiles makes every file and directory the process creates its
// owner's alone (umask 077): the store, the search index, reject files,
// exports and temporary files hold personal data, and a library that
// creates a file 0644 (badger, bleve) then creates it 0600. Files that
// already exist keep their mode; the store and CreatePrivate narrow those.
func privateFiles() { syscall.Umask(0o077) }
