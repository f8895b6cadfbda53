package main

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rflmatch/rflmatch/engine"
)

// A cross-check's checkpoint is where --resume picks an interrupted run up:
// the passes over the right side it finished and what they found, and
// while scoring, the right records scored and every left case's best
// candidates so far. It holds the right side's record keys, name
// frequencies and scores, so it is sealed (AES-256-GCM) under a key drawn
// from both sides' contents (and the store key of a store side) and the
// options: only someone who holds the inputs can open it, and it reveals
// nothing they do not hold. It lives beside --out, mode 0600, is replaced
// whole (written beside and renamed) at the end of each pass and every
// --checkpoint-every while scoring, and is removed once the outputs are
// written.
//
// The state grows with the left side (a hundred thousand cases' candidates
// take hundreds of megabytes), so it is never held whole: it is written
// and read as a stream, sealed in chunks of checkpointChunk bytes:
//
//	magic     checkpointMagic
//	prefix    8 random bytes, the first part of every chunk's nonce
//	chunks    each a 4-byte little-endian length, whose top bit marks the
//	          last chunk, and the sealed chunk; the nonce is the prefix and
//	          the chunk's number (4 bytes, little-endian), the additional
//	          data the magic, the number and whether it is the last, so
//	          that chunks can be neither reordered, dropped nor cut off.

// checkpointMagic opens every checkpoint file; its last byte is the
// format's version.
var checkpointMagic = []byte("rflmatch-crosscheck-checkpoint\x02")

// checkpointChunk is the size of a checkpoint's plain chunks.
const checkpointChunk = 1 << 20

// checkpoint is the checkpoint file of one run.
type checkpoint struct {
	path string
	aead cipher.AEAD
	// resumed is the checkpoint file load opened, read by the engine as
	// the run resumes; closed by done.
	resumed *os.File
}

// checkpointPath is the checkpoint of the run writing out: a hidden file
// beside it.
func checkpointPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".checkpoint")
}

// newCheckpoint derives the sealing key from the digest of everything
// that decides the run.
func newCheckpoint(out string, inputs []byte) (*checkpoint, error) {
	key := sha256.Sum256(append([]byte("rflmatch crosscheck checkpoint key\x00"), inputs...))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &checkpoint{path: checkpointPath(out), aead: aead}, nil
}

// save seals the state and replaces the checkpoint with it.
func (c *checkpoint) save(st *engine.StreamState) error {
	err := writeAtomic(c.path, 0o600, func(w io.Writer) error {
		sw, err := newSealWriter(w, c.aead)
		if err != nil {
			return err
		}
		if _, err := st.WriteTo(sw); err != nil {
			return err
		}
		return sw.Close()
	})
	if err != nil {
		return fmt.Errorf("writing the checkpoint %s: %w", c.path, err)
	}
	return nil
}

// errOtherRun is a checkpoint that does not open under this run's key.
var errOtherRun = errors.New("it was written by a run with other inputs or options, or is damaged: remove it, or run without --resume to start over")

// load reads the checkpoint; a missing one is (nil, nil). The state's
// candidates are read as the engine takes them back: call done once the
// run has returned.
func (c *checkpoint) load() (*engine.StreamState, error) {
	f, err := os.Open(c.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, usageErr("reading the checkpoint: %v", err)
	}
	r, err := newOpenReader(bufio.NewReaderSize(f, 64<<10), c.aead, c.path)
	if err != nil {
		f.Close()
		return nil, err
	}
	st, err := engine.ReadStreamState(r)
	if err != nil {
		f.Close()
		var ee *exitError
		if errors.As(err, &ee) {
			return nil, ee
		}
		return nil, usageErr("the checkpoint %s: %v", c.path, err)
	}
	c.resumed = f
	return st, nil
}

// done closes the checkpoint file load opened.
func (c *checkpoint) done() {
	if c.resumed != nil {
		c.resumed.Close()
		c.resumed = nil
	}
}

// sealWriter seals what is written to it in chunks, as the checkpoint's
// format says.
type sealWriter struct {
	w      io.Writer
	aead   cipher.AEAD
	prefix [8]byte
	n      uint32 // chunks written
	plain  []byte
	sealed []byte
}

// newSealWriter writes the magic and the nonces' prefix to w.
func newSealWriter(w io.Writer, aead cipher.AEAD) (*sealWriter, error) {
	s := &sealWriter{w: w, aead: aead, plain: make([]byte, 0, checkpointChunk)}
	if _, err := rand.Read(s.prefix[:]); err != nil {
		return nil, err
	}
	if _, err := w.Write(checkpointMagic); err != nil {
		return nil, err
	}
	if _, err := w.Write(s.prefix[:]); err != nil {
		return nil, err
	}
	return s, nil
}

// Write seals b's bytes as the chunks fill.
func (s *sealWriter) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		k := min(len(b), checkpointChunk-len(s.plain))
		s.plain = append(s.plain, b[:k]...)
		b = b[k:]
		if len(s.plain) == checkpointChunk {
			if err := s.seal(false); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

// Close seals the last chunk (empty when the rest filled whole chunks).
func (s *sealWriter) Close() error { return s.seal(true) }

func (s *sealWriter) seal(last bool) error {
	nonce, ad := chunkNonce(s.prefix, s.n), chunkData(s.n, last)
	s.sealed = s.aead.Seal(s.sealed[:0], nonce, s.plain, ad)
	s.n++
	s.plain = s.plain[:0]
	size := uint32(len(s.sealed))
	if last {
		size |= 1 << 31
	}
	var head [4]byte
	binary.LittleEndian.PutUint32(head[:], size)
	if _, err := s.w.Write(head[:]); err != nil {
		return err
	}
	_, err := s.w.Write(s.sealed)
	return err
}

// chunkNonce is the nonce of chunk n.
func chunkNonce(prefix [8]byte, n uint32) []byte {
	nonce := make([]byte, 12)
	copy(nonce, prefix[:])
	binary.LittleEndian.PutUint32(nonce[8:], n)
	return nonce
}

// chunkData is the additional data chunk n is sealed with.
func chunkData(n uint32, last bool) []byte {
	ad := binary.LittleEndian.AppendUint32(append([]byte(nil), checkpointMagic...), n)
	if last {
		return append(ad, 1)
	}
	return append(ad, 0)
}

// openReader opens the chunks a sealWriter sealed, as they are read.
type openReader struct {
	r      io.Reader
	aead   cipher.AEAD
	path   string
	prefix [8]byte
	n      uint32
	plain  []byte
	last   bool
	err    error
}

// newOpenReader checks the magic and reads the nonces' prefix.
func newOpenReader(r io.Reader, aead cipher.AEAD, path string) (*openReader, error) {
	o := &openReader{r: r, aead: aead, path: path}
	magic := make([]byte, len(checkpointMagic))
	if _, err := io.ReadFull(r, magic); err != nil || !bytes.Equal(magic, checkpointMagic) {
		return nil, o.damaged()
	}
	if _, err := io.ReadFull(r, o.prefix[:]); err != nil {
		return nil, o.damaged()
	}
	return o, nil
}

func (o *openReader) damaged() error {
	return usageErr("the checkpoint %s: %v", o.path, errOtherRun)
}

// Read gives the plain bytes, chunk after chunk, and io.EOF after the
// last chunk; a chunk that does not open, or a file cut before its last
// chunk, is an error.
func (o *openReader) Read(b []byte) (int, error) {
	for len(o.plain) == 0 {
		if o.err != nil {
			return 0, o.err
		}
		if o.last {
			return 0, io.EOF
		}
		o.err = o.open()
	}
	n := copy(b, o.plain)
	o.plain = o.plain[n:]
	return n, nil
}

// open reads and opens the next chunk.
func (o *openReader) open() error {
	var head [4]byte
	if _, err := io.ReadFull(o.r, head[:]); err != nil {
		return o.damaged()
	}
	size := binary.LittleEndian.Uint32(head[:])
	last := size>>31 == 1
	size &^= 1 << 31
	if int(size) > checkpointChunk+o.aead.Overhead() {
		return o.damaged()
	}
	sealed := make([]byte, size)
	if _, err := io.ReadFull(o.r, sealed); err != nil {
		return o.damaged()
	}
	plain, err := o.aead.Open(sealed[:0], chunkNonce(o.prefix, o.n), sealed, chunkData(o.n, last))
	if err != nil {
		return o.damaged()
	}
	o.n++
	o.plain, o.last = plain, last
	return nil
}

// remove deletes the checkpoint once the run is complete.
func (c *checkpoint) remove() error {
	if err := os.Remove(c.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
