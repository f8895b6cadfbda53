package index

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"unsafe"

	"github.com/rflmatch/rflmatch/engine"
)

// The candidate index is saved at a clean close in one file beside badger's,
// and the next open loads it instead of building it from every case entry:
// at a million records the build decrypts and decodes every entry and
// builds the postings, most of the open. The file is a header followed by
// the index, sealed in chunks as a backup is (sealWriter):
//
//	header  magic "RFLMIDX\x00", version uint16, salt [32]byte   (42 bytes)
//	sealed  the store's badger version when saved (uvarint),
//	        engine.PrepareVersion (uvarint), the slots (uvarint count, then
//	        per slot a tag byte: free, a case whose profile is missing, or
//	        a case with its compact profile; the case entry's storage key
//	        and the profile's encoding as strings), the free slots in the
//	        order they are handed out again, then the postings and the
//	        reverse postings (savePostings), then snapshotEnd.
//
// The chunk key is derived from the master key (zeros for a plain store)
// and the header's salt. The file is loaded only when it describes the
// store exactly: its badger version is the store's at open (badger gives
// every commit a higher version, so any write since, by any program, tells
// it is stale) and no case has changed since the open; otherwise it is
// ignored and overwritten at the next clean close. A file that fails to
// load (damaged, or of another version) is told on the store's log and the
// index is built from the entries. Erase removes the file before it
// commits, because the file holds what the index holds of the record
// (spellings, phonetic codes, numbers); the next close saves the index
// without it.
const (
	snapshotName       = "RFLMATCH-INDEX"
	snapshotMagic      = "RFLMIDX\x00"
	snapshotVersion    = 1
	snapshotHeaderSize = 8 + 2 + 32
	snapshotLabel      = "rflmatch candidate index v1"
	// snapshotEnd closes the sealed part, after the reverse postings.
	snapshotEnd = 0x5a
)

// Slot tags of the saved index.
const (
	slotFree      = 0
	slotNoProfile = 1
	slotProfile   = 2
)

// errBadSnapshot is the error of a saved index that cannot be loaded.
var errBadSnapshot = errors.New("the saved candidate index is damaged")

// snapshotPath is the saved index of the store in dir.
func snapshotPath(dir string) string { return filepath.Join(dir, snapshotName) }

// saveLive saves the built candidate index for the next open; s.mu is
// held, so no write can start, and badger is still open. Nothing is saved
// when the index was not built (the file, if any, is left: it is still
// current unless a write made it stale, which its version tells) or when
// the file already saved is the current one.
func (s *Store) saveLive() error {
	if s.readOnly {
		return nil
	}
	// A writer that committed before the close may not have shown its
	// changes yet: it holds showMu until it has, and the version read
	// below already counts its commit.
	s.showMu.Lock()
	defer s.showMu.Unlock()
	l := &s.live
	l.mu.RLock()
	built, saved := l.built, l.saved
	l.mu.RUnlock()
	version := s.db.MaxVersion()
	if !built || saved == version {
		return nil
	}
	if err := s.writeLive(version); err != nil {
		// The file there is stale: it would only take room.
		if rerr := os.Remove(snapshotPath(s.dir)); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			return errors.Join(err, rerr)
		}
		return err
	}
	l.mu.Lock()
	l.saved = version
	l.mu.Unlock()
	return nil
}

// writeLive writes the index, as of badger's version, to the file of the
// saved index (writeAtomic). s.mu and s.showMu are held, so nothing
// changes the index meanwhile.
func (s *Store) writeLive(version uint64) error {
	l := &s.live
	l.mu.RLock()
	defer l.mu.RUnlock()
	return writeAtomic(s.dir, snapshotName, func(f *os.File) error { return s.writeSnapshot(f, l, version) })
}

// writeSnapshot writes the header and the sealed index to f.
func (s *Store) writeSnapshot(f *os.File, l *live, version uint64) error {
	header := make([]byte, 0, snapshotHeaderSize)
	header = append(header, snapshotMagic...)
	header = binary.BigEndian.AppendUint16(header, snapshotVersion)
	var salt [32]byte
	rand.Read(salt[:])
	header = append(header, salt[:]...)
	aead, err := chunkAEAD(s.masterKey(), salt[:], snapshotLabel)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if _, err := bw.Write(header); err != nil {
		return err
	}
	sw := &sealWriter{ctx: context.Background(), w: bw, aead: aead, aad: header}
	if err := encodeLive(sw, l, version); err != nil {
		return err
	}
	if err := sw.close(); err != nil {
		return err
	}
	return bw.Flush()
}

// masterKey is the key that the chunk keys of backups and of the saved
// index are derived from: nil (zeros) for a plain store.
func (s *Store) masterKey() []byte {
	if s.keys == nil {
		return nil
	}
	return s.keys.master
}

// snapshotWriter gathers the plain bytes of a saved index and hands them
// on a megabyte at a time.
type snapshotWriter struct {
	w   io.Writer
	b   []byte
	err error
}

func (w *snapshotWriter) flushIfFull() {
	if len(w.b) >= 1<<20 && w.err == nil {
		_, w.err = w.w.Write(w.b)
		w.b = w.b[:0]
	}
}

func (w *snapshotWriter) uvarint(v uint64) {
	w.b = binary.AppendUvarint(w.b, v)
	w.flushIfFull()
}

func (w *snapshotWriter) bytes(p []byte) {
	w.b = binary.AppendUvarint(w.b, uint64(len(p)))
	w.b = append(w.b, p...)
	w.flushIfFull()
}

// raw writes p after what is gathered, without copying it.
func (w *snapshotWriter) raw(p []byte) {
	if w.err == nil && len(w.b) > 0 {
		_, w.err = w.w.Write(w.b)
		w.b = w.b[:0]
	}
	if w.err == nil {
		_, w.err = w.w.Write(p)
	}
}

// int32s writes v's count and v.
func (w *snapshotWriter) int32s(v []int32) {
	w.uvarint(uint64(len(v)))
	w.fixedInt32s(v)
}

// fixedInt32s writes v, four bytes each, little-endian.
func (w *snapshotWriter) fixedInt32s(v []int32) {
	writeFixed(w, v, func(b []byte, x int32) []byte { return binary.LittleEndian.AppendUint32(b, uint32(x)) })
}

// fixedUint64s writes v, eight bytes each, little-endian.
func (w *snapshotWriter) fixedUint64s(v []uint64) {
	writeFixed(w, v, binary.LittleEndian.AppendUint64)
}

// writeFixed writes v, put appending one number: on a little-endian
// machine, the memory of v as it is.
func writeFixed[T int32 | uint64](w *snapshotWriter, v []T, put func([]byte, T) []byte) {
	if littleEndian {
		w.raw(memoryOf(v))
		return
	}
	for _, x := range v {
		w.b = put(w.b, x)
		w.flushIfFull()
	}
}

// littleEndian: the machine keeps numbers in the saved index's byte
// order, so that its arrays (the postings: hundreds of megabytes at a
// million records) are written and read as they lie in memory instead of
// a number at a time.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// memoryOf is the memory of v, as bytes.
func memoryOf[T int32 | uint64](v []T) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*int(unsafe.Sizeof(v[0])))
}

func (w *snapshotWriter) close() error {
	if w.err == nil && len(w.b) > 0 {
		_, w.err = w.w.Write(w.b)
	}
	return w.err
}

// encodeLive writes the plain bytes of the saved index of l, as of the
// store's badger version, to out.
func encodeLive(out io.Writer, l *live, version uint64) error {
	w := &snapshotWriter{w: out, b: make([]byte, 0, 2<<20)}
	w.uvarint(version)
	w.uvarint(engine.PrepareVersion)
	refs := make([]string, len(l.slots))
	for ref, slot := range l.byRef {
		refs[slot] = ref
	}
	w.uvarint(uint64(len(l.slots)))
	var enc []byte
	for i, p := range l.slots {
		switch {
		case refs[i] == "":
			w.b = append(w.b, slotFree)
		case p == nil:
			w.b = append(w.b, slotNoProfile)
			w.bytes([]byte(refs[i]))
		default:
			var err error
			if enc, err = p.AppendBinary(enc[:0]); err != nil {
				return err
			}
			w.b = append(w.b, slotProfile)
			w.bytes([]byte(refs[i]))
			w.bytes(enc)
		}
	}
	w.int32s(l.free)
	savePostings(w, &l.post)
	savePostings(w, &l.rev)
	w.b = append(w.b, snapshotEnd)
	return w.close()
}

// savePostings writes p as it is in memory: each shard's table, then the
// runs, the free runs and the arena, so that loading it needs no probing.
func savePostings(w *snapshotWriter, p *postings) {
	for i := range p.shards {
		t := &p.shards[i]
		w.uvarint(uint64(t.n))
		w.uvarint(uint64(len(t.keys)))
		w.fixedUint64s(t.keys)
		w.fixedInt32s(t.vals)
	}
	w.uvarint(uint64(len(p.lists)))
	for _, r := range p.lists {
		w.uvarint(uint64(r.off))
		w.uvarint(uint64(r.n))
		w.uvarint(uint64(r.cap))
	}
	w.int32s(p.freeL)
	w.int32s(p.arena)
	w.uvarint(uint64(p.waste))
}

// loadLive fills l from the saved index when the file is current (see the
// format above), and reports whether it did. A file that is current but
// does not load is told on the store's log; l is then left for the
// caller to build afresh.
func (s *Store) loadLive(ctx context.Context, l *live) bool {
	if l.changed || l.ignoreSaved {
		return false
	}
	f, err := os.Open(snapshotPath(s.dir))
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			s.logf("the saved candidate index cannot be opened (%v); building it from the case entries", err)
		}
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		s.logf("the saved candidate index cannot be read (%v); building it from the case entries", err)
		return false
	}
	version, err := readLive(ctx, bufio.NewReaderSize(f, 1<<20), fi.Size(), s.masterKey(), s.openVersion, l)
	switch {
	case err == nil:
		l.saved = version
		return true
	case errors.Is(err, errStaleSnapshot), ctx.Err() != nil:
	default:
		s.logf("%v; building the candidate index from the case entries", err)
	}
	return false
}

// loadLiveWithoutGC is loadLive with the garbage collector paused: the
// load allocates the whole index and little garbage, so collecting while
// it runs only marks the index again and again (at a million records,
// 13.4 s against 14.7 s for the open, bench scale --reuse). A memory limit
// set for the process (GOMEMLIMIT) still holds.
func (s *Store) loadLiveWithoutGC(ctx context.Context, l *live) bool {
	defer pauseGC()()
	return s.loadLive(ctx, l)
}

// gcPause counts the loads that paused the collector, so that the last of
// two at once restores the setting that the first found.
var gcPause struct {
	sync.Mutex
	n       int
	percent int
}

// pauseGC stops garbage collection until the function it returns runs.
func pauseGC() (resume func()) {
	gcPause.Lock()
	if gcPause.n == 0 {
		gcPause.percent = debug.SetGCPercent(-1)
	}
	gcPause.n++
	gcPause.Unlock()
	return func() {
		gcPause.Lock()
		defer gcPause.Unlock()
		if gcPause.n--; gcPause.n == 0 {
			debug.SetGCPercent(gcPause.percent)
		}
	}
}

// errStaleSnapshot is readLive's error for a saved index of another state
// of the store: not damage, just of no use.
var errStaleSnapshot = errors.New("the saved candidate index is not the store's current one")

// readLive reads a saved index from r into l, which must be empty, when
// its badger version is want; it returns that version.
func readLive(ctx context.Context, r *bufio.Reader, size int64, master []byte, want uint64, l *live) (uint64, error) {
	header := make([]byte, snapshotHeaderSize)
	if _, err := io.ReadFull(r, header); err != nil || string(header[:8]) != snapshotMagic {
		return 0, fmt.Errorf("%w: no header", errBadSnapshot)
	}
	if v := binary.BigEndian.Uint16(header[8:]); v != snapshotVersion {
		return 0, fmt.Errorf("%w: format version %d, this rflmatch reads version %d", errStaleSnapshot, v, snapshotVersion)
	}
	aead, err := chunkAEAD(master, header[10:], snapshotLabel)
	if err != nil {
		return 0, err
	}
	or := &openReader{ctx: ctx, r: r, aead: aead, aad: header, bad: errBadSnapshot}
	return decodeLive(ctx, bufio.NewReaderSize(or, 1<<20), size, want, l)
}

// snapshotReader reads the plain bytes of a saved index, keeping the
// first error.
type snapshotReader struct {
	r *bufio.Reader
	// size bounds the plain bytes: the file's size.
	size int64
	err  error
	buf  []byte
}

func (r *snapshotReader) fail(err error) {
	if r.err == nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("%w: it ends too soon", errBadSnapshot)
		}
		r.err = err
	}
}

func (r *snapshotReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(r.r)
	if err != nil {
		r.fail(err)
	}
	return v
}

// count reads a count of items of at least size bytes each (one when
// size is 0), refused when the whole file could not hold them, so that a
// damaged count allocates no more than the file's size in proportion.
func (r *snapshotReader) count(size int64) int {
	n := r.uvarint()
	if n > uint64(r.size/max(size, 1)) {
		r.fail(fmt.Errorf("%w: a count of %d items of %d bytes in a file of %d", errBadSnapshot, n, size, r.size))
		return 0
	}
	return int(n)
}

// next returns the next n bytes, valid until the next call.
func (r *snapshotReader) next(n int) []byte {
	if r.err != nil {
		return nil
	}
	if cap(r.buf) < n {
		r.buf = make([]byte, n)
	}
	r.buf = r.buf[:n]
	if _, err := io.ReadFull(r.r, r.buf); err != nil {
		r.fail(err)
		return nil
	}
	return r.buf
}

// bytes reads a string, valid until the next call.
func (r *snapshotReader) bytes() []byte { return r.next(r.count(1)) }

func (r *snapshotReader) byte() byte {
	if r.err != nil {
		return 0
	}
	b, err := r.r.ReadByte()
	if err != nil {
		r.fail(err)
	}
	return b
}

// int32s reads a list of int32 and its count.
func (r *snapshotReader) int32s() []int32 { return r.fixedInt32s(r.count(4)) }

// fixedInt32s reads n int32 that the writer's fixedInt32s wrote.
func (r *snapshotReader) fixedInt32s(n int) []int32 {
	return readFixed(r, n, 4, func(b []byte) int32 { return int32(binary.LittleEndian.Uint32(b)) })
}

// fixedUint64s reads n uint64 that the writer's fixedUint64s wrote.
func (r *snapshotReader) fixedUint64s(n int) []uint64 {
	return readFixed(r, n, 8, binary.LittleEndian.Uint64)
}

// readFixed reads n numbers of size bytes each, little-endian, get reading
// one; n is bounded by the file's size.
func readFixed[T int32 | uint64](r *snapshotReader, n, size int, get func([]byte) T) []T {
	out := make([]T, n)
	if littleEndian {
		r.fill(memoryOf(out))
		return out
	}
	for i := 0; i < n && r.err == nil; {
		b := r.next(size * min(n-i, 1<<16/size))
		for j := 0; j+size <= len(b); j, i = j+size, i+1 {
			out[i] = get(b[j:])
		}
	}
	return out
}

// fill reads len(p) bytes into p.
func (r *snapshotReader) fill(p []byte) {
	if r.err != nil {
		return
	}
	if _, err := io.ReadFull(r.r, p); err != nil {
		r.fail(err)
	}
}

// decodeLive reads the plain bytes of a saved index into l when its
// badger version is want. Profiles are decoded on all cores while the
// rest is read.
func decodeLive(ctx context.Context, br *bufio.Reader, size int64, want uint64, l *live) (uint64, error) {
	r := &snapshotReader{r: br, size: size}
	version := r.uvarint()
	prepared := r.uvarint()
	if r.err != nil {
		return 0, r.err
	}
	if version != want {
		return 0, fmt.Errorf("%w: saved at version %d, the store is at %d", errStaleSnapshot, version, want)
	}
	if prepared != engine.PrepareVersion {
		return 0, fmt.Errorf("%w: profiles of prepare version %d, this rflmatch prepares version %d", errStaleSnapshot, prepared, engine.PrepareVersion)
	}
	n := r.count(1)
	l.slots = make([]*engine.Profile, n)
	// Grown as it fills, the map of a million cases was rehashed a
	// dozen times (6% of the load's processor time).
	l.byRef = make(map[string]int32, n)
	// unheld marks the slots saved free, which the free list must name
	// once each.
	unheld := make([]bool, n)
	type item struct {
		slot int32
		enc  []byte
	}
	workers := runtime.GOMAXPROCS(0)
	work := make(chan []item, 2*workers)
	var dec engine.ProfileDecoder
	var decodeErr error
	var once sync.Once
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for batch := range work {
				for _, it := range batch {
					p, err := dec.Decode(it.enc)
					if err != nil {
						once.Do(func() { decodeErr = fmt.Errorf("%w: slot %d: %v", errBadSnapshot, it.slot, err) })
						continue
					}
					l.slots[it.slot] = p
				}
			}
		})
	}
	// The batch's encodings share one buffer, handed over with it.
	var batch []item
	var arena []byte
	send := func() {
		if len(batch) > 0 {
			work <- batch
		}
		batch, arena = nil, make([]byte, 0, 256<<10)
	}
	send()
	for i := range n {
		if i%ctxEvery == 0 && ctx.Err() != nil {
			r.fail(ctx.Err())
		}
		tag := r.byte()
		if r.err != nil {
			break
		}
		if tag == slotFree {
			unheld[i] = true
			continue
		}
		if tag != slotNoProfile && tag != slotProfile {
			r.fail(fmt.Errorf("%w: slot %d has tag %d", errBadSnapshot, i, tag))
			break
		}
		ref := r.bytes()
		if _, dup := l.byRef[string(ref)]; dup && r.err == nil {
			r.fail(fmt.Errorf("%w: two slots hold one case", errBadSnapshot))
		}
		l.byRef[string(ref)] = int32(i)
		if tag == slotNoProfile {
			continue
		}
		enc := r.bytes()
		if r.err != nil {
			break
		}
		if len(arena)+len(enc) > cap(arena) && len(batch) > 0 {
			send()
		}
		at := len(arena)
		arena = append(arena, enc...)
		batch = append(batch, item{slot: int32(i), enc: arena[at:len(arena):len(arena)]})
	}
	send()
	close(work)
	free := r.int32s()
	post := loadPostings(r, n)
	rev := loadPostings(r, n)
	if end := r.byte(); r.err == nil && end != snapshotEnd {
		r.fail(fmt.Errorf("%w: no end mark", errBadSnapshot))
	}
	if r.err == nil {
		if _, err := br.ReadByte(); err != io.EOF {
			r.fail(fmt.Errorf("%w: bytes after the end mark", errBadSnapshot))
		}
	}
	wg.Wait()
	if r.err != nil {
		return 0, r.err
	}
	if decodeErr != nil {
		return 0, decodeErr
	}
	for _, f := range free {
		if f < 0 || int(f) >= n || !unheld[f] {
			return 0, fmt.Errorf("%w: free slot %d is not free", errBadSnapshot, f)
		}
		unheld[f] = false
	}
	if len(free)+len(l.byRef) != n {
		return 0, fmt.Errorf("%w: %d slots, %d cases and %d free", errBadSnapshot, n, len(l.byRef), len(free))
	}
	l.free, l.post, l.rev = free, post, rev
	return version, nil
}

// loadPostings reads postings that savePostings wrote, for slots slots,
// and checks that every value it holds points where it may: a table
// place at an empty mark, a slot or a run; a run inside the arena and its
// slots among the slots.
func loadPostings(r *snapshotReader, slots int) postings {
	p := newPostings()
	for i := range p.shards {
		t := &p.shards[i]
		t.n = r.count(12)
		size := r.count(12)
		if size != 0 && (size < minTable || size&(size-1) != 0) || t.n*fillDen > size*fillNum {
			r.fail(fmt.Errorf("%w: a table of %d places holding %d keys", errBadSnapshot, size, t.n))
		}
		if r.err != nil {
			return p
		}
		if size == 0 {
			continue
		}
		t.keys = r.fixedUint64s(size)
		t.vals = r.fixedInt32s(size)
	}
	nl := r.count(3)
	p.lists = make([]run, 0, nl)
	for range nl {
		off, n, c := r.uvarint(), r.uvarint(), r.uvarint()
		if r.err != nil {
			return p
		}
		p.lists = append(p.lists, run{off: uint32(off), n: uint32(n), cap: uint32(c)})
		if off > 1<<32-1 || c > 1<<32-1 || n > c {
			r.fail(fmt.Errorf("%w: a run of %d slots in room for %d", errBadSnapshot, n, c))
		}
	}
	p.freeL = r.int32s()
	p.arena = r.int32s()
	p.waste = r.count(0)
	if r.err != nil {
		return p
	}
	for _, li := range p.freeL {
		if li < 0 || int(li) >= nl {
			r.fail(fmt.Errorf("%w: free run %d of %d", errBadSnapshot, li, nl))
			return p
		}
	}
	for _, run := range p.lists {
		if uint64(run.off)+uint64(run.cap) > uint64(len(p.arena)) {
			r.fail(fmt.Errorf("%w: a run beyond the arena", errBadSnapshot))
			return p
		}
		for _, s := range p.arena[run.off : run.off+run.n] {
			if s < 0 || int(s) >= slots {
				r.fail(fmt.Errorf("%w: slot %d of %d in a run", errBadSnapshot, s, slots))
				return p
			}
		}
	}
	for i := range p.shards {
		t := &p.shards[i]
		held := 0
		for _, v := range t.vals {
			switch {
			case v == empty:
				continue
			case v >= 0 && int(v) >= slots, v < empty && int(listRef(v)) >= nl:
				r.fail(fmt.Errorf("%w: a table value %d of %d slots and %d runs", errBadSnapshot, v, slots, nl))
				return p
			}
			held++
		}
		if held != t.n {
			r.fail(fmt.Errorf("%w: a table holding %d keys says %d", errBadSnapshot, held, t.n))
			return p
		}
	}
	return p
}

// removeSnapshot removes the saved index, for an erasure: it holds what
// the index holds of every record. s.mu is held.
func (s *Store) removeSnapshot() error {
	s.live.mu.Lock()
	s.live.saved = 0
	s.live.changed = true
	s.live.mu.Unlock()
	err := os.Remove(snapshotPath(s.dir))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return syncDir(s.dir)
}

// removeSnapshotTemps removes the files of saves that a crash cut short.
func removeSnapshotTemps(dir string) error {
	tmps, err := filepath.Glob(filepath.Join(dir, snapshotName+".tmp*"))
	if err != nil {
		return err
	}
	for _, t := range tmps {
		if err := os.Remove(t); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
