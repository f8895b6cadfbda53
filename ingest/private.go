package ingest

import (
	"fmt"
	"io/fs"
	"os"
)

// CreatePrivate opens path for writing a file that holds personal data (a
// rejects file holds whole records). It never follows a symbolic link
// planted at path, which would have the rejects overwrite whatever the link
// points to, and the file ends with mode 0600 whether it was created or
// already existed with a wider mode. The command line's outputs follow the
// same rule.
func CreatePrivate(path string) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s is a symbolic link; refusing to write personal data through it", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|noFollow, 0o600)
	if err != nil {
		return nil, err
	}
	// O_CREATE keeps the mode of a file that exists.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
