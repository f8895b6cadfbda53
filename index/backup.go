package index

import (
	"bufio"
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dgraph-io/badger/v4"
)

// A backup file is a header followed by badger's backup stream cut into
// chunks of 64 KiB, each sealed with AES-256-GCM:
//
//	header  magic "RFLMBKP\x00", version uint16, flags uint16,
//	        salt [32]byte, key check [32]byte           (76 bytes)
//	chunk   length uint32 (top bit: last chunk), sealed bytes
//
// The chunk key is derived from the master key and the header's random salt.
// Each chunk's nonce is its sequence number and the last-chunk flag, and the
// header is its additional data, so chunks cannot be reordered, dropped,
// moved between backups or cut off after any chunk but the last without
// failing authentication. A plain store's backup uses a key derived from 32
// zero bytes: that detects damage and truncation but hides nothing.
const (
	backupMagic   = "RFLMBKP\x00"
	backupVersion = 1
	headerSize    = 8 + 2 + 2 + 32 + 32
	flagEncrypted = 1
	chunkSize     = 64 << 10
	lastChunk     = 1 << 31
	backupLabel   = "rflmatch index backup v1"
)

type backupHeader struct {
	encrypted bool
	salt      [32]byte
	check     [32]byte
}

func (h *backupHeader) marshal() []byte {
	b := make([]byte, 0, headerSize)
	b = append(b, backupMagic...)
	b = binary.BigEndian.AppendUint16(b, backupVersion)
	var flags uint16
	if h.encrypted {
		flags |= flagEncrypted
	}
	b = binary.BigEndian.AppendUint16(b, flags)
	b = append(b, h.salt[:]...)
	return append(b, h.check[:]...)
}

func parseHeader(b []byte) (backupHeader, error) {
	var h backupHeader
	if len(b) != headerSize || string(b[:8]) != backupMagic {
		return h, fmt.Errorf("%w: no rflmatch backup header", ErrBadBackup)
	}
	if v := binary.BigEndian.Uint16(b[8:]); v != backupVersion {
		return h, fmt.Errorf("%w: backup format version %d, this rflmatch reads version %d", ErrBadBackup, v, backupVersion)
	}
	h.encrypted = binary.BigEndian.Uint16(b[10:])&flagEncrypted != 0
	copy(h.salt[:], b[12:44])
	copy(h.check[:], b[44:76])
	return h, nil
}

// chunkAEAD derives the chunk cipher of one sealed file: a backup
// (backupLabel) or a saved candidate index (snapshotLabel).
func chunkAEAD(master []byte, salt []byte, label string) (cipher.AEAD, error) {
	if master == nil {
		master = make([]byte, 32)
	}
	key, err := hkdf.Key(sha256.New, master, salt, label, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func chunkNonce(n uint64, last bool) []byte {
	nonce := make([]byte, 12)
	binary.BigEndian.PutUint64(nonce, n)
	if last {
		nonce[11] = 1
	}
	return nonce
}

// Backup writes a consistent snapshot of the store to w: badger's backup
// stream, sealed in chunks with a key derived from the master key (see the
// format above). Writes may go on while it runs; they are not in the
// snapshot. The backup holds the per-record data keys, so erasing a record
// later does not reach into backups already made: keep them as long as the
// retention rules allow, no longer.
func (s *Store) Backup(ctx context.Context, w io.Writer) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	var h backupHeader
	rand.Read(h.salt[:])
	if s.keys != nil {
		h.encrypted = true
		copy(h.check[:], s.keys.check)
	}
	aead, err := chunkAEAD(s.masterKey(), h.salt[:], backupLabel)
	if err != nil {
		return err
	}
	header := h.marshal()
	if _, err := w.Write(header); err != nil {
		return fmt.Errorf("index: backup: %w", err)
	}
	sw := &sealWriter{ctx: ctx, w: w, aead: aead, aad: header}
	if _, err := s.db.Backup(sw, 0); err != nil {
		return fmt.Errorf("index: backup: %w", err)
	}
	if err := sw.close(); err != nil {
		return fmt.Errorf("index: backup: %w", err)
	}
	return nil
}

// sealWriter cuts what is written to it into sealed chunks. It holds back a
// full chunk until more data comes, so that the chunk written by close is
// always the one marked last.
type sealWriter struct {
	ctx  context.Context
	w    io.Writer
	aead cipher.AEAD
	aad  []byte
	n    uint64
	buf  []byte
	out  []byte
}

// Write seals every full chunk that more bytes follow. It copies no byte
// twice: appending p whole and then moving the rest down after each
// chunk, a write of a hundred megabytes moved its bytes hundreds of times.
func (sw *sealWriter) Write(p []byte) (int, error) {
	if err := sw.ctx.Err(); err != nil {
		return 0, err
	}
	n := len(p)
	for len(sw.buf)+len(p) > chunkSize {
		chunk := p[:chunkSize-len(sw.buf)]
		p = p[len(chunk):]
		if len(sw.buf) > 0 {
			chunk = append(sw.buf, chunk...)
		}
		if err := sw.emit(chunk, false); err != nil {
			return 0, err
		}
		sw.buf = sw.buf[:0]
	}
	sw.buf = append(sw.buf, p...)
	return n, nil
}

func (sw *sealWriter) close() error { return sw.emit(sw.buf, true) }

func (sw *sealWriter) emit(plain []byte, last bool) error {
	sw.out = binary.BigEndian.AppendUint32(sw.out[:0], 0)
	sw.out = sw.aead.Seal(sw.out, chunkNonce(sw.n, last), plain, sw.aad)
	length := uint32(len(sw.out) - 4)
	if last {
		length |= lastChunk
	}
	binary.BigEndian.PutUint32(sw.out, length)
	sw.n++
	_, err := sw.w.Write(sw.out)
	return err
}

// openReader reverses sealWriter. It returns io.EOF only after the chunk
// marked last, and bad (ErrBadBackup when nil) for anything else: a chunk
// that fails authentication, a stream that ends early, bytes after the
// last chunk.
type openReader struct {
	ctx   context.Context
	r     *bufio.Reader
	aead  cipher.AEAD
	aad   []byte
	n     uint64
	buf   []byte // opened bytes not yet read
	plain []byte // the opened chunk that buf is part of
	ct    []byte
	last  bool
	// encrypted: the backup was made of an encrypted store.
	encrypted bool
	bad       error
}

// damage is the error of a sealed stream that does not open.
func (or *openReader) damage() error {
	if or.bad != nil {
		return or.bad
	}
	return ErrBadBackup
}

func (or *openReader) Read(p []byte) (int, error) {
	for len(or.buf) == 0 {
		if or.last {
			if _, err := or.r.ReadByte(); err != io.EOF {
				return 0, fmt.Errorf("%w: data after the last chunk", or.damage())
			}
			return 0, io.EOF
		}
		if err := or.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, or.buf)
	or.buf = or.buf[n:]
	return n, nil
}

func (or *openReader) next() error {
	if err := or.ctx.Err(); err != nil {
		return err
	}
	var lb [4]byte
	if _, err := io.ReadFull(or.r, lb[:]); err != nil {
		return or.cut(err)
	}
	length := binary.BigEndian.Uint32(lb[:])
	last := length&lastChunk != 0
	length &^= lastChunk
	if int(length) < or.aead.Overhead() || int(length) > chunkSize+or.aead.Overhead() {
		return fmt.Errorf("%w: chunk %d has an impossible length %d", or.damage(), or.n, length)
	}
	if cap(or.ct) < int(length) {
		or.ct = make([]byte, length)
	}
	or.ct = or.ct[:length]
	if _, err := io.ReadFull(or.r, or.ct); err != nil {
		return or.cut(err)
	}
	plain, err := or.aead.Open(or.plain[:0], chunkNonce(or.n, last), or.ct, or.aad)
	if err != nil {
		return fmt.Errorf("%w: chunk %d fails authentication (altered or damaged)", or.damage(), or.n)
	}
	or.plain, or.buf, or.last = plain, plain, last
	or.n++
	return nil
}

func (or *openReader) cut(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%w: it ends before its last chunk (truncated)", or.damage())
	}
	return err
}

// Restore creates a store in dir from a backup made by Store.Backup. dir
// must be absent or empty. The new store is encrypted with opt.Key, or plain
// with opt.NoEncryption: an encrypted backup needs the key it was made with,
// a plain backup may be restored into an encrypted store. The backup is
// authenticated as it is read.
//
// Restore is atomic: it builds the store in a directory beside dir, named
// .DIR.restoring, and renames it to dir once the store is whole and on
// stable storage. If the backup turns out altered or truncated, or
// anything else fails, that directory is removed again; if the process is
// killed, dir is left as it was, and the next Restore into dir removes the
// partial directory first, saying so on opt.Log.
func Restore(ctx context.Context, dir string, r io.Reader, opt Options) error {
	if err := opt.checkKey(); err != nil {
		return err
	}
	if err := opt.checkSizes(); err != nil {
		return err
	}
	keys, err := deriveKeys(opt.Key)
	if err != nil {
		return err
	}
	dir = filepath.Clean(dir)
	d, err := inspect(dir)
	if err != nil {
		return fmt.Errorf("restore %s: %w", dir, err)
	}
	if !d.empty() {
		return fmt.Errorf("restore %s: %w", dir, ErrNotEmpty)
	}
	partial := PartialRestoreDir(dir)
	if _, err := os.Lstat(partial); err == nil {
		if err := os.RemoveAll(partial); err != nil {
			return fmt.Errorf("restore %s: removing the partial directory %s that an interrupted restore left: %w", dir, partial, err)
		}
		logw := opt.Log
		if logw == nil {
			logw = os.Stderr
		}
		fmt.Fprintf(logw, "rflmatch store: removed %s, the partial directory of an interrupted restore; restoring again from the start\n", partial)
	}
	rd, err := openBackup(ctx, r, keys)
	if err != nil {
		return fmt.Errorf("restore %s: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return fmt.Errorf("index: restore %s: %w", dir, err)
	}
	if err := os.Mkdir(partial, 0o700); err != nil {
		return fmt.Errorf("index: restore %s: %w", dir, err)
	}
	fail := func(err error) error {
		os.RemoveAll(partial)
		return fmt.Errorf("restore %s: %w", dir, err)
	}
	// The tally is sealed under a key derived from the master key: a plain
	// backup restored into an encrypted store cannot open it, and the
	// store counts its records again at its first writing open.
	keepTally := rd.encrypted == (keys != nil)
	tallied, err := load(ctx, partial, opt, keys, rd, keepTally)
	if err != nil {
		return fail(err)
	}
	m := newMarker(keys)
	m.Tallied = tallied
	if err := writeMarker(partial, m); err != nil {
		return fail(err)
	}
	if err := tightenModes(partial); err != nil {
		return fail(err)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	// An empty dir is replaced whole by the rename (rename(2) replaces an
	// empty directory); elsewhere it is removed first.
	if err := os.Rename(partial, dir); err != nil {
		if rerr := os.Remove(dir); rerr != nil || os.Rename(partial, dir) != nil {
			return fail(err)
		}
	}
	return syncDir(filepath.Dir(dir))
}

// openBackup reads a backup's header and returns the reader of its
// content, opened and authenticated chunk by chunk as it is read: the
// parser of a backup file, which may come from anywhere. A backup made
// with another key is ErrWrongKey, an encrypted one without a key
// ErrEncrypted, anything malformed ErrBadBackup.
func openBackup(ctx context.Context, r io.Reader, keys *keySet) (*openReader, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	header := make([]byte, headerSize)
	if _, err := io.ReadFull(br, header); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadBackup, err)
	}
	h, err := parseHeader(header)
	if err != nil {
		return nil, err
	}
	var master []byte
	if h.encrypted {
		if keys == nil {
			return nil, ErrEncrypted
		}
		if !hmac.Equal(h.check[:], keys.check) {
			return nil, ErrWrongKey
		}
		master = keys.master
	} else if !bytes.Equal(h.check[:], make([]byte, 32)) {
		return nil, fmt.Errorf("%w: a plain backup with a key check", ErrBadBackup)
	}
	aead, err := chunkAEAD(master, h.salt[:], backupLabel)
	if err != nil {
		return nil, err
	}
	return &openReader{ctx: ctx, r: br, aead: aead, aad: header, encrypted: h.encrypted}, nil
}

// PartialRestoreDir is the directory in which Restore builds the store it
// restores into dir, renamed to dir when complete. One left behind is the
// work of a restore that was killed: it holds no usable store, and the
// next Restore into dir removes it.
func PartialRestoreDir(dir string) string {
	dir = filepath.Clean(dir)
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".restoring")
}

// load fills a new badger in dir from a backup stream and closes it, which
// flushes everything to table files. It reports whether the store holds
// its tally; keepTally false drops the one the backup holds.
func load(ctx context.Context, dir string, opt Options, keys *keySet, r io.Reader, keepTally bool) (bool, error) {
	db, err := openBadger(opt.badgerOptions(dir, keys))
	if err != nil {
		return false, err
	}
	if err := db.Load(r, 256); err != nil {
		db.Close()
		return false, err
	}
	if err := ctx.Err(); err != nil {
		db.Close()
		return false, err
	}
	tallied := false
	err = db.Update(func(txn *badger.Txn) error {
		_, err := txn.Get(tallyKey)
		switch {
		case errors.Is(err, badger.ErrKeyNotFound):
			return nil
		case err != nil:
			return err
		case !keepTally:
			return txn.Delete(tallyKey)
		}
		tallied = true
		return nil
	})
	if err != nil {
		db.Close()
		return false, err
	}
	return tallied, db.Close()
}
