package index

import (
	"crypto/hmac"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// markerName is the file that makes a directory an rflmatch store. It is
// written before badger creates anything, so that every check (is this ours,
// is it encrypted, is this the right key) is made before badger opens a
// file it might not understand.
const markerName = "RFLMATCH-STORE"

const (
	formatName    = "rflmatch-index"
	formatVersion = 1
)

// marker is the content of the marker file. KeyCheck is an HMAC of a fixed
// string under the master key: it tells a right key from a wrong one and
// reveals nothing about the key.
type marker struct {
	Format    string `json:"format"`
	Version   int    `json:"version"`
	Encrypted bool   `json:"encrypted"`
	KeyCheck  string `json:"key_check,omitempty"`
	// Tallied says the store keeps its record count and digest (see
	// tally.go): from then on a store without them is damaged. A store
	// made before the tally gets it, and this, at its first writing open.
	Tallied bool `json:"tallied,omitempty"`
}

func newMarker(keys *keySet) marker {
	m := marker{Format: formatName, Version: formatVersion, Encrypted: keys != nil}
	if keys != nil {
		m.KeyCheck = hex.EncodeToString(keys.check)
	}
	return m
}

// check tells whether the store the marker describes can be opened with keys.
func (m marker) check(keys *keySet) error {
	switch {
	case m.Encrypted && keys == nil:
		return ErrEncrypted
	case !m.Encrypted && keys != nil:
		return ErrNotEncrypted
	case keys == nil:
		return nil
	}
	want, err := hex.DecodeString(m.KeyCheck)
	if err != nil || len(want) != 32 {
		return fmt.Errorf("%w: the key check in %s is damaged", ErrNotStore, markerName)
	}
	if !hmac.Equal(want, keys.check) {
		return ErrWrongKey
	}
	return nil
}

// dirState is what a directory holds, as far as Open cares.
type dirState struct {
	absent   bool
	names    []string // entries, marker included
	marker   *marker  // nil when there is no marker file
	manifest bool     // badger's MANIFEST is there
}

func (d dirState) empty() bool { return d.absent || len(d.names) == 0 }

// inspect reads dir without changing it. A marker that cannot be read or
// parsed, or one of another format or a newer version, is ErrNotStore.
func inspect(dir string) (dirState, error) {
	var d dirState
	ents, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		d.absent = true
		return d, nil
	case err != nil:
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return d, fmt.Errorf("%w: %s is a file, not a directory", ErrNotStore, dir)
		}
		return d, fmt.Errorf("index: %w", err)
	}
	for _, e := range ents {
		d.names = append(d.names, e.Name())
		switch e.Name() {
		case "MANIFEST":
			d.manifest = true
		case markerName:
			m, err := readMarker(filepath.Join(dir, markerName))
			if err != nil {
				return d, err
			}
			d.marker = &m
		}
	}
	return d, nil
}

func readMarker(path string) (marker, error) {
	var m marker
	data, err := os.ReadFile(path)
	if err != nil {
		return m, fmt.Errorf("index: %w", err)
	}
	if err := json.Unmarshal(data, &m); err != nil || m.Format != formatName {
		return m, fmt.Errorf("%w: %s is not an rflmatch marker", ErrNotStore, path)
	}
	if m.Version > formatVersion || m.Version < 1 {
		return m, fmt.Errorf("%w: %s has format version %d, this rflmatch reads version %d; use a newer rflmatch", ErrNotStore, path, m.Version, formatVersion)
	}
	return m, nil
}

// foreign describes why a directory without a marker is not ours.
func (d dirState) foreign() string {
	if d.manifest {
		return "it holds a badger database that rflmatch did not create"
	}
	names := d.names
	if len(names) > 3 {
		names = append(names[:3:3], "…")
	}
	return fmt.Sprintf("it holds other files (%s) and no %s", strings.Join(names, ", "), markerName)
}

// writeMarker writes the marker atomically and durably: a crash leaves
// either no marker or a whole one.
func writeMarker(dir string, m marker) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(dir, markerName, func(f *os.File) error {
		_, err := f.Write(append(data, '\n'))
		return err
	})
}

// writeAtomic writes the file name in dir atomically and durably: write
// fills a new file (mode 0600) beside it, which is synced and renamed over
// it, and the directory synced, so that a crash leaves the old file or the
// new one whole, and at most a NAME.tmp* file behind.
func writeAtomic(dir, name string, write func(*os.File) error) error {
	tmp, err := os.CreateTemp(dir, name+".tmp*")
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		return fmt.Errorf("index: write %s: %w", name, err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("index: sync %s: %w", dir, err)
	}
	return nil
}

// undoCreate removes everything in dir, and dir itself when it was absent before:
// undoing a creation or restore that failed half-way, so that no half-made
// store is left behind.
func undoCreate(dir string, wasAbsent bool) {
	if wasAbsent {
		os.RemoveAll(dir)
		return
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
