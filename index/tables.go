package index

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"

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

// checkTable follows badger's table footer, from the end of the file:
// index, index length (4 bytes), checksum, checksum length (4 bytes).
func checkTable(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
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
		return err
	}
	chkAt := size - 4 - chkLen
	idxLen, err := u32(chkAt - 4)
	if err != nil {
		return err
	}
	idxAt := chkAt - 4 - idxLen
	if idxAt < 0 {
		return fmt.Errorf("index length %d exceeds the file", idxLen)
	}
	chkBuf := make([]byte, chkLen)
	if _, err := f.ReadAt(chkBuf, chkAt); err != nil {
		return err
	}
	var chk pb.Checksum
	if err := proto.Unmarshal(chkBuf, &chk); err != nil {
		return fmt.Errorf("checksum: %v", err)
	}
	idx := make([]byte, idxLen)
	if _, err := io.ReadFull(io.NewSectionReader(f, idxAt, idxLen), idx); err != nil {
		return err
	}
	return y.VerifyChecksum(idx, &chk)
}
