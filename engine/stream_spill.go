package engine

import (
	"bufio"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// The spill of a streamed cross-check keeps the right side's prepared
// profiles between passes. Preparing a record (parsing and folding its
// names, keying them, reading its descriptions) costs far more than
// decoding its compact profile ([Profile.AppendBinary], [DecodeProfile]),
// and reading the right side again through its files or its store adds
// the decoding of JSON or of the store's records: measured on 10,000 ×
// 98,923 generated records, those took most of the CPU time of the run
// when every pass read the right side again. So the first pass writes
// each right unit's compact profile to the spill, in the order the units
// are read, and the later passes read the spill instead of the right
// side.
//
// The records of a right case of several records (tracing requests and
// ante-mortem records sharing a case) cannot be prepared before the last
// of them is read, and whether a record is replaced by a later one of the
// same key is known only at the end of the first pass: the first pass
// spills such records as they are (canonical JSON) and marks the spill
// for rewriting; the recount pass, which runs exactly then, reads it,
// prepares the cases and writes a spill of the units only, which the
// later passes read.
//
// The spill holds personal data. It is a file of mode 0600, removed from
// its directory as soon as it is created where the system allows it (so
// that nothing is left after a crash or a kill), sealed with AES-256-GCM
// in chunks under a key drawn at random for it and held in memory only: a
// resumed run cannot read an earlier run's spill, and writes its own.

// spillChunk is the size past which a spill's plain chunk is sealed and
// written: large enough that sealing and the length prefix cost nothing
// next to the profiles, small enough that a reader holds little.
const spillChunk = 256 << 10

// The kinds of a spill's entries.
const (
	spillProfile = 1 + iota // a unit's compact profile
	spillRecord             // one record of a case of several, canonical JSON, with its case key
)

// spill is a spill file, written once then read any number of times.
type spill struct {
	f    *os.File
	path string // the file's name while it is still in its directory
	aead cipher.AEAD

	// Written: the bytes so far, the chunks sealed, the chunk being filled.
	size   int64
	chunks uint64
	plain  []byte
	sealed []byte
	w      *bufio.Writer
	// rewrite is set when the spill holds records of cases or units a later
	// record replaced: the pass that reads it next writes a new one.
	rewrite bool
}

// newSpill creates an empty spill in dir (the system's temporary
// directory when empty).
func newSpill(dir string) (*spill, error) {
	var key [32]byte
	if _, err := rand.Read(key[:]); err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, ".rflmatch-spill-*")
	if err != nil {
		return nil, fmt.Errorf("engine: creating the cross-check's spill file: %w", err)
	}
	s := &spill{f: f, aead: aead, path: f.Name()}
	// CreateTemp makes the file 0600; where an open file can be unlinked,
	// it goes now and its space when it is closed.
	if os.Remove(f.Name()) == nil {
		s.path = ""
	}
	s.w = bufio.NewWriterSize(f, 64<<10)
	return s, nil
}

// add appends an entry: the unit or record of ordinal ord, of kind, with
// payload.
func (s *spill) add(ord int32, kind byte, payload []byte) error {
	s.plain = binary.AppendUvarint(s.plain, uint64(ord))
	s.plain = append(s.plain, kind)
	s.plain = binary.AppendUvarint(s.plain, uint64(len(payload)))
	s.plain = append(s.plain, payload...)
	if len(s.plain) >= spillChunk {
		return s.seal()
	}
	return nil
}

// addRecord appends a record of a case of several, with its case's key.
func (s *spill) addRecord(ord int32, ck CaseKey, canonical []byte) error {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(ck.Source)))
	b = append(b, ck.Source...)
	b = binary.AppendUvarint(b, uint64(len(ck.CaseID)))
	b = append(b, ck.CaseID...)
	return s.add(ord, spillRecord, append(b, canonical...))
}

// nonce is the nonce of chunk i: each chunk is sealed once under the
// spill's own key, and its place is part of what is authenticated.
func (s *spill) nonce(i uint64) []byte {
	n := make([]byte, s.aead.NonceSize())
	binary.LittleEndian.PutUint64(n, i)
	return n
}

// seal writes the chunk being filled.
func (s *spill) seal() error {
	if len(s.plain) == 0 {
		return nil
	}
	s.sealed = s.aead.Seal(s.sealed[:0], s.nonce(s.chunks), s.plain, nil)
	s.chunks++
	s.plain = s.plain[:0]
	var n [4]byte
	binary.LittleEndian.PutUint32(n[:], uint32(len(s.sealed)))
	if _, err := s.w.Write(n[:]); err != nil {
		return fmt.Errorf("engine: writing the cross-check's spill file: %w", err)
	}
	if _, err := s.w.Write(s.sealed); err != nil {
		return fmt.Errorf("engine: writing the cross-check's spill file: %w", err)
	}
	s.size += int64(len(n) + len(s.sealed))
	return nil
}

// finish writes what is left; the spill is then read.
func (s *spill) finish() error {
	if err := s.seal(); err != nil {
		return err
	}
	s.plain, s.sealed = nil, nil
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("engine: writing the cross-check's spill file: %w", err)
	}
	return nil
}

// close removes the spill.
func (s *spill) close() error {
	if s == nil {
		return nil
	}
	err := s.f.Close()
	if s.path != "" {
		if rerr := os.Remove(s.path); err == nil {
			err = rerr
		}
	}
	return err
}

// errSpillDamaged is a spill that does not open: changed on disk while
// the run read it.
var errSpillDamaged = errors.New("engine: the cross-check's spill file was changed while in use")

// spillEntry is one entry read back. Its slices point into the chunk it
// was read from, which is not reused.
type spillEntry struct {
	ord     int32
	kind    byte
	payload []byte
	ck      CaseKey // of a record
}

// each calls fn with every entry in order, until fn fails.
func (s *spill) each(fn func(e *spillEntry) error) error {
	r := bufio.NewReaderSize(io.NewSectionReader(s.f, 0, s.size), 64<<10)
	var n [4]byte
	var e spillEntry
	for i := uint64(0); i < s.chunks; i++ {
		if _, err := io.ReadFull(r, n[:]); err != nil {
			return fmt.Errorf("engine: reading the cross-check's spill file: %w", err)
		}
		sealed := make([]byte, binary.LittleEndian.Uint32(n[:]))
		if _, err := io.ReadFull(r, sealed); err != nil {
			return fmt.Errorf("engine: reading the cross-check's spill file: %w", err)
		}
		plain, err := s.aead.Open(sealed[:0], s.nonce(i), sealed, nil)
		if err != nil {
			return errSpillDamaged
		}
		for len(plain) > 0 {
			ord, k := binary.Uvarint(plain)
			if k <= 0 || k >= len(plain) {
				return errSpillDamaged
			}
			e.ord, e.kind = int32(ord), plain[k]
			plain = plain[k+1:]
			size, k := binary.Uvarint(plain)
			if k <= 0 || size > uint64(len(plain)-k) {
				return errSpillDamaged
			}
			e.payload, plain = plain[k:k+int(size)], plain[k+int(size):]
			e.ck = CaseKey{}
			if e.kind == spillRecord {
				var ok bool
				if e.ck.Source, e.payload, ok = spillString(e.payload); !ok {
					return errSpillDamaged
				}
				if e.ck.CaseID, e.payload, ok = spillString(e.payload); !ok {
					return errSpillDamaged
				}
			}
			if err := fn(&e); err != nil {
				return err
			}
		}
	}
	return nil
}

// spillString reads a string that addRecord wrote, and what follows it.
func spillString(b []byte) (string, []byte, bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return "", nil, false
	}
	return string(b[k : k+int(n)]), b[k+int(n):], true
}
