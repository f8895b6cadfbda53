package main

import (
	"fmt"
	"io/fs"
	"os"
)

// createPrivate opens path for writing a file that holds personal data. It
// never follows a symbolic link planted at path (a link there would have the
// output overwrite whatever it points to), and the file ends with mode 0600
// whether it was created or already existed with a wider mode.
func createPrivate(path string) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("%s is a symbolic link; refusing to write personal data through it", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|noFollow, 0o600)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
