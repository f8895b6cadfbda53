package index

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// ErrBadKeyFile: a key file does not hold a key as KeyFile writes it.
var ErrBadKeyFile = errors.New("index: not a key file: want 64 hex characters (32 bytes), as 'rflmatch keygen' writes")

// MaxKeyFileSize is the largest key file ReadKeyFile reads: a key as
// KeyFile writes it (65 bytes) with room for white space around it. A
// larger file is no key file, and is refused before it is read.
const MaxKeyFileSize = 256

// ReadKeyFile reads a store key from a key file: 64 hex characters,
// surrounding white space allowed. Only a regular file of at most
// MaxKeyFileSize bytes is read: a device (/dev/zero), a FIFO or a large
// file is refused at once with ErrBadKeyFile, instead of being read
// without end.
func ReadKeyFile(path string) ([]byte, error) {
	key, _, err := LoadKeyFile(path)
	return key, err
}

// LoadKeyFile is ReadKeyFile that also says, in warning, when the key file
// can be read by its group or by others (as ssh refuses such a private
// key): the key opens every record of the store, so it should be its
// owner's alone. The warning is empty when the file's mode is 0600 or
// narrower, and on systems without Unix permissions.
func LoadKeyFile(path string) (key []byte, warning string, err error) {
	// Stat before opening: opening a FIFO blocks until a writer comes.
	fi, err := os.Stat(path)
	if err != nil {
		return nil, "", fmt.Errorf("reading key: %w", err)
	}
	if err := checkKeyFileInfo(path, fi); err != nil {
		return nil, "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("reading key: %w", err)
	}
	defer f.Close()
	// Again on what was opened: the path may have changed in between.
	if fi, err = f.Stat(); err != nil {
		return nil, "", fmt.Errorf("reading key: %w", err)
	}
	if err := checkKeyFileInfo(path, fi); err != nil {
		return nil, "", err
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxKeyFileSize+1))
	if err != nil {
		return nil, "", fmt.Errorf("reading key: %w", err)
	}
	if len(b) > MaxKeyFileSize {
		return nil, "", fmt.Errorf("%s: %w (it grew past %d bytes while read)", path, ErrBadKeyFile, MaxKeyFileSize)
	}
	key, err = ParseKey(b)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && groupsAndOthers {
		warning = fmt.Sprintf("the key file %s can be read by others (mode %04o): anyone who can read it can read every record; make it the owner's alone (chmod 600 %s)", path, perm, path)
	}
	return key, warning, nil
}

// checkKeyFileInfo refuses what cannot be a key file.
func checkKeyFileInfo(path string, fi fs.FileInfo) error {
	switch {
	case fi.IsDir():
		return fmt.Errorf("%s: %w (it is a directory)", path, ErrBadKeyFile)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s: %w (it is a %s, not a regular file)", path, ErrBadKeyFile, fileType(fi.Mode()))
	case fi.Size() > MaxKeyFileSize:
		return fmt.Errorf("%s: %w (it holds %d bytes; a key file holds 65)", path, ErrBadKeyFile, fi.Size())
	}
	return nil
}

func fileType(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "FIFO"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeSocket != 0:
		return "socket"
	}
	return "special file"
}

// ParseKey reads a key from a key file's content: 64 hex characters,
// surrounding white space allowed; anything else is ErrBadKeyFile.
func ParseKey(b []byte) ([]byte, error) {
	if len(b) > MaxKeyFileSize {
		return nil, ErrBadKeyFile
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != 32 {
		return nil, ErrBadKeyFile
	}
	return key, nil
}

// KeyFile is the content of a key file for key: the form ReadKeyFile reads.
func KeyFile(key []byte) []byte { return []byte(hex.EncodeToString(key) + "\n") }
