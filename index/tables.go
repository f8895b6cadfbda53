package index

import (
	"cmp"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/dgraph-io/badger/v4/fb"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/badger/v4/y"
	"google.golang.org/protobuf/proto"
)

// checkTables reads the footer of the tables ids in dir and verifies the
// checksum of each one's index, as badger does when it opens the table. Badger opens
// tables on its own goroutines and panics there on a damaged footer, which
// no recover in Open can catch; so a damaged table is found here first and
// reported as ErrDamaged. It reads only the footers, a small part of each
// file; badger verifies the rest (Options: every table's checksums when
// it is opened, each block's when it is read).
func checkTables(dir string, ids []uint64) error {
	for _, id := range ids {
		if err := checkTable(filepath.Join(dir, tableName(id))); err != nil {
			return damaged("table %s: %v", tableName(id), err)
		}
	}
	return nil
}

// checkTable reads the table's footer and verifies its index checksum.
func checkTable(path string) error {
	f, size, err := openTable(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, _, err = tableIndex(f, size)
	return err
}

// openTable opens a table file for reading, with its size.
func openTable(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, fi.Size(), nil
}

// tableIndex follows badger's table footer, from the end of the file:
// index, index length (4 bytes), checksum, checksum length (4 bytes). It
// returns the index as stored (encrypted when the store is) once its
// checksum holds, and the offset where it starts, which is where the
// table's blocks end.
func tableIndex(f *os.File, size int64) (idx []byte, idxAt int64, err error) {
	u32 := func(at int64) (int64, error) {
		var b [4]byte
		if at < 0 || at+4 > size {
			return 0, fmt.Errorf("footer points outside the file")
		}
		if _, err := f.ReadAt(b[:], at); err != nil {
			return 0, err
		}
		return int64(binary.BigEndian.Uint32(b[:])), nil
	}
	chkLen, err := u32(size - 4)
	if err != nil {
		return nil, 0, err
	}
	chkAt := size - 4 - chkLen
	idxLen, err := u32(chkAt - 4)
	if err != nil {
		return nil, 0, err
	}
	idxAt = chkAt - 4 - idxLen
	if idxAt < 0 {
		return nil, 0, fmt.Errorf("index length %d exceeds the file", idxLen)
	}
	chkBuf := make([]byte, chkLen)
	if _, err := f.ReadAt(chkBuf, chkAt); err != nil {
		return nil, 0, err
	}
	var chk pb.Checksum
	if err := proto.Unmarshal(chkBuf, &chk); err != nil {
		return nil, 0, fmt.Errorf("checksum: %v", err)
	}
	idx = make([]byte, idxLen)
	if _, err := io.ReadFull(io.NewSectionReader(f, idxAt, idxLen), idx); err != nil {
		return nil, 0, err
	}
	return idx, idxAt, y.VerifyChecksum(idx, &chk)
}

// verifyBlocks verifies the checksum of every block of the tables ids in
// dir, reading the files only: nothing is opened for writing and badger
// has not opened the store yet, so a damaged store is refused before any
// of its files changes. Tables are verified on all cores, largest first,
// each read once. dataKeys holds, by table id, the key its blocks are
// encrypted with (absent for a plain store); checkTables has already
// verified every footer and index checksum.
//
// This follows badger's table format (table.(*Table).block, badger
// v4.9.6) rather than asking badger: its own verification reads the
// tables only after a badger open, which a writing open cannot do without
// changing files, and it dereferences a nil block when one fails.
// Blocks are never compressed (Options.badgerOptions turns compression
// off), so the checksum is over the decrypted bytes as stored.
func verifyBlocks(ctx context.Context, dir string, ids []uint64, dataKeys map[uint64][]byte) error {
	type job struct {
		id   uint64
		size int64
	}
	jobs := make([]job, 0, len(ids))
	for _, id := range ids {
		fi, err := os.Stat(filepath.Join(dir, tableName(id)))
		if err != nil {
			return damaged("table %s: %v", tableName(id), err)
		}
		jobs = append(jobs, job{id, fi.Size()})
	}
	// Largest first, so that one big table is not left for last on one
	// core while the others wait.
	slices.SortFunc(jobs, func(a, b job) int { return cmp.Compare(b.size, a.size) })
	errs := make([]error, len(jobs))
	parallelFor(len(jobs), func(i int) {
		if ctx.Err() != nil {
			errs[i] = ctx.Err()
			return
		}
		errs[i] = verifyTableBlocks(filepath.Join(dir, tableName(jobs[i].id)), dataKeys[jobs[i].id])
		if errs[i] != nil && ctx.Err() == nil {
			errs[i] = damaged("table %s fails its checksum (%v)", tableName(jobs[i].id), errs[i])
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// verifyWindow is how much of a table verifyTableBlocks reads at once.
const verifyWindow = 1 << 20

// ivSize is the length of the initialisation vector badger appends to
// each encrypted block and index (AES-CTR).
const ivSize = aes.BlockSize

// verifyTableBlocks verifies every block of one table: the index (whose
// checksum tableIndex verifies) gives each block's offset and length;
// a block, decrypted with dataKey when there is one, ends with its
// checksum and the checksum's length. Damage anywhere comes back as an
// error, a panic of the index decoder included, never as a panic.
func verifyTableBlocks(path string, dataKey []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("its index does not decode (%v)", r)
		}
	}()
	f, size, err := openTable(path)
	if err != nil {
		return err
	}
	defer f.Close()
	idx, blocksEnd, err := tableIndex(f, size)
	if err != nil {
		return err
	}
	if idx, err = decryptTablePart(idx, dataKey); err != nil {
		return fmt.Errorf("its index: %w", err)
	}
	ti := fb.GetRootAsTableIndex(idx, 0)
	// One cipher for the table's blocks: y.XORBlock expands the key again
	// for every 4 KiB block, a third of the decryption's cost.
	var blockCipher cipher.Block
	if dataKey != nil {
		if blockCipher, err = aes.NewCipher(dataKey); err != nil {
			return err
		}
	}
	var (
		ko    fb.BlockOffset
		plain []byte
		// window holds the file's bytes from winAt on: blocks lie one
		// after the other, so reading a window at a time instead of a
		// block at a time saves a system call per 4 KiB block.
		window []byte
		winAt  int64
	)
	for i := range ti.OffsetsLength() {
		if !ti.Offsets(&ko, i) {
			return fmt.Errorf("block %d is missing from its index", i)
		}
		off, n := int64(ko.Offset()), int64(ko.Len())
		if off < 0 || off+n > blocksEnd {
			return fmt.Errorf("block %d lies outside the table's blocks", i)
		}
		if off < winAt || off+n > winAt+int64(len(window)) {
			size := min(max(n, verifyWindow), blocksEnd-off)
			window = slices.Grow(window[:0], int(size))[:size]
			winAt = off
			if _, err := f.ReadAt(window, off); err != nil {
				return fmt.Errorf("block %d: %w", i, err)
			}
		}
		raw := window[off-winAt : off-winAt+n]
		block := raw
		if dataKey != nil {
			if n < ivSize {
				return fmt.Errorf("block %d is shorter than its initialisation vector", i)
			}
			plain = slices.Grow(plain[:0], int(n)-ivSize)[:n-ivSize]
			cipher.NewCTR(blockCipher, raw[n-ivSize:]).XORKeyStream(plain, raw[:n-ivSize])
			block = plain
		}
		if err := verifyBlock(block); err != nil {
			return fmt.Errorf("block %d at offset %d: %w", i, off, err)
		}
	}
	return nil
}

// verifyBlock checks one decrypted block: its bytes, then the checksum
// (a protobuf), then the checksum's length in 4 bytes.
func verifyBlock(b []byte) error {
	if len(b) < 4 {
		return errors.New("too short")
	}
	chkLen := int(binary.BigEndian.Uint32(b[len(b)-4:]))
	if chkLen > len(b)-4 {
		return errors.New("its checksum length exceeds the block")
	}
	end := len(b) - 4 - chkLen
	var chk pb.Checksum
	if err := proto.Unmarshal(b[end:len(b)-4], &chk); err != nil {
		return fmt.Errorf("its checksum does not decode: %v", err)
	}
	return y.VerifyChecksum(b[:end], &chk)
}

// decryptTablePart decrypts a table's index or block, which badger stores
// encrypted with AES-CTR, the initialisation vector appended; without a
// key it is stored plain.
func decryptTablePart(b, key []byte) ([]byte, error) {
	if key == nil {
		return b, nil
	}
	if len(b) < ivSize {
		return nil, errors.New("shorter than its initialisation vector")
	}
	out := make([]byte, len(b)-ivSize)
	if err := y.XORBlock(out, b[:len(b)-ivSize], key, b[len(b)-ivSize:]); err != nil {
		return nil, err
	}
	return out, nil
}
