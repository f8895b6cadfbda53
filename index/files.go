package index

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"google.golang.org/protobuf/proto"
)

// Badger's file names, as badger spells them.
const (
	manifestName    = "MANIFEST"
	keyRegistryName = "KEYREGISTRY"
	vlogHeaderSize  = 20 // a value-log file that holds no value
)

// storeFiles is what checkFiles found in a store's directory.
type storeFiles struct {
	// fresh: badger has written nothing yet that holds data (a creation
	// was interrupted before its first table or log).
	fresh bool
	// leftovers name what a crash left for a writing open to finish:
	// write-ahead logs to replay, tables an interrupted flush or
	// compaction wrote. A reading open refuses them (ErrNeedsRecovery),
	// because badger would remove or rewrite those files.
	leftovers []string
	// orphans are the tables among the leftovers, which badger deletes
	// when it opens the store for writing.
	orphans []uint64
}

// orphanDir is where Recover moves the tables that the MANIFEST does not
// list before badger opens the store, instead of letting badger delete
// them: a crash's leftovers hold nothing the store lacks, but a MANIFEST
// that lost its last entries cannot be told from a crash, and then they
// are the only copy. Recover removes the directory when the store then
// verifies whole, and keeps it otherwise.
const orphanDir = "orphaned-tables"

// setOrphansAside moves the orphan tables into orphanDir.
func setOrphansAside(dir string, ids []uint64) error {
	if len(ids) == 0 {
		return nil
	}
	to := filepath.Join(dir, orphanDir)
	if err := os.MkdirAll(to, 0o700); err != nil {
		return err
	}
	for _, id := range ids {
		if err := os.Rename(filepath.Join(dir, tableName(id)), filepath.Join(to, tableName(id))); err != nil {
			return err
		}
	}
	return syncDir(dir)
}

// checkFiles checks badger's own files in dir before badger opens them,
// because badger, given a damaged or missing MANIFEST or KEYREGISTRY,
// starts a new store over the old files, deletes the tables the MANIFEST
// no longer lists (even when opened read-only), or panics on a goroutine
// of its own. It reads and changes nothing but those files' bytes:
//
//   - MANIFEST: present whenever badger wrote anything else, its magic
//     and every entry's checksum right, every table it lists present;
//   - KEYREGISTRY: present whenever a table or log exists, readable with
//     the store's key, holding the data key of every table;
//   - tables the MANIFEST does not list: a crash's leftover when the
//     MANIFEST recorded their deletion, or when they are newer than every
//     table it lists and the MANIFEST is whole; damage otherwise (a
//     MANIFEST that lost entries);
//   - every listed table's footer checksum (checkTables), then the
//     checksum of every block of every listed table, on all cores
//     (verifyBlocks).
func checkFiles(ctx context.Context, dir string, keys *keySet) (storeFiles, error) {
	var sf storeFiles
	ents, err := os.ReadDir(dir)
	if err != nil {
		return sf, fmt.Errorf("index: %w", err)
	}
	var (
		tables               = map[uint64]bool{}
		haveManifest, haveKR bool
		data                 bool // a table, a log with entries, or a value
		logged               bool // a write-ahead log with entries
	)
	for _, e := range ents {
		name := e.Name()
		info, err := e.Info()
		if err != nil {
			return sf, fmt.Errorf("index: %w", err)
		}
		switch ext := filepath.Ext(name); {
		case name == manifestName:
			haveManifest = true
		case name == keyRegistryName:
			haveKR = true
		case ext == ".sst":
			id, err := strconv.ParseUint(strings.TrimSuffix(name, ext), 10, 64)
			if err != nil {
				return sf, damaged("%s is not a table name badger writes", name)
			}
			tables[id] = true
			data = true
		case ext == ".mem":
			if info.Size() == 0 {
				sf.leftovers = append(sf.leftovers, "an empty write-ahead log "+name)
			} else {
				sf.leftovers = append(sf.leftovers, "the write-ahead log "+name+" to replay")
				data, logged = true, true
			}
		case ext == ".vlog":
			if info.Size() > vlogHeaderSize {
				data = true
			}
		}
	}
	if !haveManifest {
		if data || haveKR {
			return sf, damaged("badger's %s is missing", manifestName)
		}
		// A creation interrupted before badger wrote anything.
		sf.fresh = true
		return sf, nil
	}
	m, err := readManifest(filepath.Join(dir, manifestName))
	if err != nil {
		return sf, damaged("badger's %s: %v", manifestName, err)
	}
	if len(m.tables) > 0 {
		data = true
	}
	if !haveKR {
		if data {
			return sf, damaged("badger's %s is missing", keyRegistryName)
		}
		sf.fresh = true
		return sf, nil
	}
	dataKeys, err := checkKeyRegistry(dir, keys, m)
	if err != nil {
		return sf, err
	}
	ids := make([]uint64, 0, len(m.tables))
	for id := range m.tables {
		if !tables[id] {
			return sf, damaged("table %s, listed in the %s, is missing", tableName(id), manifestName)
		}
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var orphans []uint64
	for id := range tables {
		if _, listed := m.tables[id]; !listed {
			orphans = append(orphans, id)
		}
	}
	sort.Slice(orphans, func(i, j int) bool { return orphans[i] < orphans[j] })
	for _, id := range orphans {
		switch {
		case m.deleted[id]:
			sf.leftovers = append(sf.leftovers, "the table "+tableName(id)+" a compaction had replaced")
			sf.orphans = append(sf.orphans, id)
		case id > m.maxID && !m.truncated && (logged || len(m.tables) > 0):
			// A flush writes its table before the MANIFEST lists it and
			// removes its log after; a compaction lists its tables and
			// unlists those it replaces in one entry. Either way the data
			// is still elsewhere. A MANIFEST that lists no table while
			// tables and no log exist has lost its entries.
			sf.leftovers = append(sf.leftovers, "the table "+tableName(id)+" an interrupted flush or compaction wrote")
			sf.orphans = append(sf.orphans, id)
		default:
			return sf, damaged("table %s is not listed in the %s (the %s lost entries: badger would delete the table)", tableName(id), manifestName, manifestName)
		}
	}
	if err := checkTables(dir, ids); err != nil {
		return sf, err
	}
	if err := verifyBlocks(ctx, dir, ids, dataKeys); err != nil {
		return sf, err
	}
	sf.fresh = !data
	return sf, nil
}

func tableName(id uint64) string { return fmt.Sprintf("%06d.sst", id) }

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// manifest is what readManifest learns from badger's MANIFEST.
type manifest struct {
	tables    map[uint64]uint64 // table id → the id of its data key
	deleted   map[uint64]bool   // tables it records as deleted
	maxID     uint64            // the largest table id it ever created
	truncated bool              // it ends inside an entry
}

// readManifest replays badger's MANIFEST as badger does
// (badger.ReplayManifestFile), keeping also what badger forgets: the
// deletions and the largest id, which tell a crash's leftover table from
// a MANIFEST that lost entries. A last entry cut short is what a crash
// while appending leaves; badger ignores it, and so does this, but says so.
func readManifest(path string) (manifest, error) {
	m := manifest{tables: map[uint64]uint64{}, deleted: map[uint64]bool{}}
	f, err := os.Open(path)
	if err != nil {
		return m, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return m, err
	}
	r := bufio.NewReader(f)
	var magic [8]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return m, fmt.Errorf("%d bytes, too short for its header", fi.Size())
	}
	if !bytes.Equal(magic[:4], []byte("Bdgr")) {
		return m, errors.New("not a badger MANIFEST (bad magic)")
	}
	for n := 0; ; n++ {
		var lc [8]byte
		if _, err := io.ReadFull(r, lc[:]); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				m.truncated = true
			} else if !errors.Is(err, io.EOF) {
				return m, err
			}
			return m, nil
		}
		length := binary.BigEndian.Uint32(lc[:4])
		if int64(length) > fi.Size() {
			return m, fmt.Errorf("entry %d claims %d bytes, more than the file holds", n, length)
		}
		buf := make([]byte, length)
		if _, err := io.ReadFull(r, buf); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				m.truncated = true
				return m, nil
			}
			return m, err
		}
		if crc32.Checksum(buf, castagnoli) != binary.BigEndian.Uint32(lc[4:]) {
			return m, fmt.Errorf("entry %d fails its checksum", n)
		}
		var cs pb.ManifestChangeSet
		if err := proto.Unmarshal(buf, &cs); err != nil {
			return m, fmt.Errorf("entry %d: %v", n, err)
		}
		for _, c := range cs.Changes {
			switch c.Op {
			case pb.ManifestChange_CREATE:
				if _, ok := m.tables[c.Id]; ok {
					return m, fmt.Errorf("entry %d creates table %d twice", n, c.Id)
				}
				m.tables[c.Id] = c.KeyId
				delete(m.deleted, c.Id)
				m.maxID = max(m.maxID, c.Id)
			case pb.ManifestChange_DELETE:
				delete(m.tables, c.Id)
				m.deleted[c.Id] = true
			default:
				return m, fmt.Errorf("entry %d has an unknown change %d", n, c.Op)
			}
		}
	}
}

// checkKeyRegistry opens badger's KEYREGISTRY read-only, as badger will,
// checks that it holds the data key of every table and returns them by
// table id (none for a plain store).
func checkKeyRegistry(dir string, keys *keySet, m manifest) (dataKeys map[uint64][]byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			dataKeys, err = nil, damaged("badger's %s: unreadable (%v)", keyRegistryName, r)
		}
	}()
	opt := badger.KeyRegistryOptions{Dir: dir, ReadOnly: true}
	if keys != nil {
		opt.EncryptionKey = keys.atRest
	}
	kr, err := badger.OpenKeyRegistry(opt)
	if errors.Is(err, badger.ErrEncryptionKeyMismatch) {
		// The marker's key check has accepted the key, so the registry
		// disagrees with the marker: one of them is damaged or was copied
		// from another store.
		return nil, damaged("badger's %s does not match the key that the marker accepts (damaged, or files mixed from two stores)", keyRegistryName)
	}
	if err != nil {
		return nil, damaged("badger's %s: %v", keyRegistryName, err)
	}
	defer kr.Close()
	dataKeys = map[uint64][]byte{}
	for id, keyID := range m.tables {
		if keyID == 0 {
			continue
		}
		dk, err := kr.DataKey(keyID)
		if err != nil || dk == nil {
			return nil, damaged("badger's %s lacks the key of table %s", keyRegistryName, tableName(id))
		}
		dataKeys[id] = dk.Data
	}
	return dataKeys, nil
}

// tightenModes makes every file under dir readable by its owner only
// (0600, directories 0700): badger and bleve create theirs 0644 under the
// usual umask, and although badger's are encrypted, the store's files are
// nobody else's business. It runs when a store opens for writing and when
// it closes.
func tightenModes(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed meanwhile (a compaction, the search index)
			}
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm()&^want == 0 {
			return nil
		}
		if err := os.Chmod(path, info.Mode().Perm()&want); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
}
