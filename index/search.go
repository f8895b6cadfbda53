package index

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/phonetic"
)

// Free-text search is a blind index in bleve. bleve writes its own files,
// outside badger's encryption, so it is never given a readable word: each
// word is normalised (case, diacritics, scripts, as names are), then
// replaced by a keyed hash (HMAC-SHA256 under a key derived from the
// master key, cut to 16 bytes, as 32 hex digits), and bleve indexes those
// tokens with a whitespace analyzer. A name part adds the hash of its
// transliteration class, so that Abdelrahman finds عبد الرحمن. A document's id is a
// keyed hash of the record's key, which the store maps back through a
// sealed document; bleve stores no field. A query is hashed the same way.
//
// bleve trails the store by a bounded, reported lag: a Put queues the
// documents of the records it wrote for an indexer goroutine, and waits
// when more than maxSearchBacklog records wait; SearchPending says how
// many wait. A search asks bleve unscored, the records that hold every
// word as written first, and stops at the page asked. A clean Close marks the
// bleve index current; an index found without the mark (a crash, a store
// made before search) is rebuilt from the store in the background.

const (
	searchDirName = "search"
	searchDocs    = "search-doc" // document id → record key
	cleanMark     = "rflmatch-clean"
	// searchFormat is what the clean mark holds: the version of the
	// tokens this build writes. An index of another version is rebuilt
	// (3: names in every script get a Latin reading, so their keys changed).
	searchFormat = "3"
	// The kinds of token, the first byte hashed.
	tokWord = 'w'
	tokName = 'n'
	tokKind = 'k'
)

// searchIndex is the bleve index and its indexer.
type searchIndex struct {
	s   *Store
	key []byte
	dir string
	// macs pools the HMACs under key (mac).
	macs sync.Pool

	// idxMu guards idx: read-locked while a batch is read and indexed or
	// a query runs, locked when erasure replaces the index, so that a
	// batch read before an erasure cannot land after it.
	idxMu sync.RWMutex
	idx   bleve.Index

	mu sync.Mutex // guards pending, progress, rebuild and dirty
	// pending is what waits for the indexer, a record's latest write
	// each.
	pending map[engine.Key]*pendingDoc
	// progress is closed, and replaced, each time the indexer takes in a
	// batch: writers held back by throttle wait on it.
	progress chan struct{}
	// backlog is the bound throttle keeps pending under:
	// maxSearchBacklog, lowered by tests.
	backlog int
	rebuild bool // the indexer must first read every record
	// dirty: the index may hold what the store does not (an erasure that
	// could not finish there); it is not marked current at close.
	dirty bool

	wake chan struct{}
	stop chan struct{}
	done chan struct{}
	// ctx ends when the indexer is stopped, so that a rebuild's reading
	// of every record stops with it.
	ctx    context.Context
	cancel context.CancelFunc

	// readOnly: the store was opened read-only. bleve is then opened
	// read-only at the first search (opening), no indexer runs, and an
	// index that is not current is an error, never rebuilt.
	readOnly bool
	opening  sync.Once
	openErr  error
}

// ErrSearchNotCurrent is a search in a store opened read-only whose search
// index is missing, damaged, not closed cleanly or of another format:
// rebuilding it would write, so the store is left as it is and the index
// must be rebuilt by a command that writes.
var ErrSearchNotCurrent = errors.New("index: the search index is not current: run 'rflmatch reindex --data DIR' to rebuild it")

func searchMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer("blind", map[string]any{"type": custom.Name, "tokenizer": blindTokenizerName}); err != nil {
		panic(err) // the analyzer's definition is constant
	}
	fm := bleve.NewTextFieldMapping()
	fm.Analyzer = "blind"
	fm.Store, fm.IncludeTermVectors, fm.IncludeInAll, fm.DocValues = false, false, false, false
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt("t", fm)
	dm.AddFieldMappingsAt("k", fm)
	im.DefaultMapping = dm
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	return im
}

// openSearch opens the bleve index under the store, or makes a new one,
// and starts the indexer; an index not closed cleanly, or any index when
// fresh is set, is rebuilt from the store.
func (s *Store) openSearch(fresh bool) error {
	key, err := s.ServiceKey("search words v1")
	if err != nil {
		return err
	}
	si := &searchIndex{s: s, key: key, dir: filepath.Join(s.dir, searchDirName), pending: map[engine.Key]*pendingDoc{},
		progress: make(chan struct{}), backlog: maxSearchBacklog, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	si.ctx, si.cancel = context.WithCancel(context.Background())
	if s.readOnly {
		si.readOnly = true
		s.search = si
		return nil
	}
	idx, err := bleve.Open(si.dir)
	clean := false
	if err == nil && fresh {
		idx.Close()
	} else if err == nil {
		// Current only if closed cleanly by a build that writes the same
		// tokens.
		mark, gerr := idx.GetInternal([]byte(cleanMark))
		clean = gerr == nil && string(mark) == searchFormat
		if clean {
			err = idx.DeleteInternal([]byte(cleanMark))
		}
		if err != nil || !clean {
			idx.Close()
		}
	}
	if err != nil || !clean {
		// Absent, damaged or not closed cleanly: start again.
		if err := os.RemoveAll(si.dir); err != nil {
			return err
		}
		if idx, err = bleve.NewUsing(si.dir, searchMapping(), scorch.Name, scorch.Name, nil); err != nil {
			return fmt.Errorf("index: search index: %w", err)
		}
		si.rebuild = true
	}
	si.idx = idx
	s.search = si
	go si.run()
	si.poke()
	return nil
}

// opened opens bleve read-only, once, for a store opened read-only. Only
// an index closed cleanly by a build that writes the same tokens is used:
// anything else is ErrSearchNotCurrent, with nothing written (bolt's
// read-only open creates root.bolt when it is missing, so a missing file is
// refused before bleve is asked).
func (si *searchIndex) opened() error {
	si.opening.Do(func() {
		si.idx, si.openErr = openSearchReading(si.dir)
	})
	return si.openErr
}

func openSearchReading(dir string) (bleve.Index, error) {
	for _, name := range []string{"index_meta.json", filepath.Join("store", "root.bolt")} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return nil, fmt.Errorf("%w (%s is missing)", ErrSearchNotCurrent, filepath.Join(searchDirName, name))
		}
	}
	idx, err := bleve.OpenUsing(dir, map[string]any{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("%w (bleve cannot open it: %v)", ErrSearchNotCurrent, err)
	}
	mark, err := idx.GetInternal([]byte(cleanMark))
	switch {
	case err != nil:
		idx.Close()
		return nil, fmt.Errorf("%w (bleve cannot read it: %v)", ErrSearchNotCurrent, err)
	case mark == nil:
		idx.Close()
		return nil, fmt.Errorf("%w (it was not closed cleanly)", ErrSearchNotCurrent)
	case string(mark) != searchFormat:
		idx.Close()
		return nil, fmt.Errorf("%w (it is of format %q, this build reads %q)", ErrSearchNotCurrent, mark, searchFormat)
	}
	return idx, nil
}

// close stops the indexer once the records that wait are indexed, marks
// the index current and closes it. A rebuild cut short leaves it
// unmarked, to be rebuilt at the next open. A read-only index is only
// closed, if a search opened it.
func (si *searchIndex) close() error {
	if si.readOnly {
		// A search after the close finds the index closed, not reopened.
		si.opening.Do(func() { si.openErr = ErrClosed })
		si.idxMu.Lock()
		defer si.idxMu.Unlock()
		if si.idx == nil {
			return nil
		}
		err := si.idx.Close()
		si.idx = nil
		return err
	}
	si.mu.Lock()
	if si.rebuild {
		si.cancel() // its reading of every record stops now
	}
	si.mu.Unlock()
	close(si.stop)
	<-si.done
	si.cancel()
	si.mu.Lock()
	defer si.mu.Unlock()
	si.idxMu.Lock()
	defer si.idxMu.Unlock()
	if len(si.pending) == 0 && !si.rebuild && !si.dirty {
		if err := si.idx.SetInternal([]byte(cleanMark), []byte(searchFormat)); err != nil {
			si.idx.Close()
			return err
		}
	}
	return si.idx.Close()
}

// pendingDoc is one record's write waiting for the indexer: its
// document, made when it was written, or, when not prepared (a removal,
// a rebuild), to be read from the store.
type pendingDoc struct {
	tokens, kind string
	prepared     bool
}

// enqueue asks the indexer to bring these records up to date from the
// store.
func (si *searchIndex) enqueue(keys ...engine.Key) {
	si.mu.Lock()
	for _, k := range keys {
		si.pending[k] = &pendingDoc{}
	}
	si.mu.Unlock()
	si.poke()
}

// enqueueWritten hands the indexer the records a Put wrote (those whose
// outcome is not Unchanged), with their documents made now, on every
// core: the indexer then need not read and decrypt them back, which was
// a third of its work. Put calls it in commit order, under the writers'
// lock, so the latest write of a record is the one that waits.
//
// While the index is rebuilt, writes are not held back (throttle), so
// their documents are not made: only their keys wait, as small as the
// rebuild's own, and the indexer reads them from the store.
func (si *searchIndex) enqueueWritten(recs []*engine.Record, out []engine.WriteOutcome) {
	si.mu.Lock()
	prepare := !si.rebuild
	si.mu.Unlock()
	docs := make([]*pendingDoc, len(recs))
	parallelFor(len(recs), func(i int) {
		switch {
		case out[i] == engine.Unchanged:
		case prepare:
			t, kind := si.recordTokens(recs[i])
			docs[i] = &pendingDoc{tokens: strings.Join(t, " "), kind: kind, prepared: true}
		default:
			docs[i] = &pendingDoc{}
		}
	})
	si.mu.Lock()
	for i, d := range docs {
		if d != nil {
			si.pending[recs[i].Key()] = d
		}
	}
	si.mu.Unlock()
	si.poke()
}

// maxSearchBacklog bounds how many written records may wait for the
// indexer. A Put that leaves more waiting returns only once the indexer has
// brought them back under it (throttle), so that search trails the store
// by at most about this many records however fast records come, and a
// Close after an ingest waits for at most this many to be indexed. It is a
// few batches: enough that the indexer always has a full batch in hand
// while ingest runs.
const maxSearchBacklog = 4 * indexBatch

// throttle holds a writer back while more than maxSearchBacklog records
// wait for the indexer, until they are under it, ctx ends or the indexer
// stops. A rebuild from the store is not waited for: it queues every
// record at once, and writes then go on while stats report it. It must be
// called without the store's lock, which the indexer takes to map its
// documents.
func (si *searchIndex) throttle(ctx context.Context) {
	if si == nil || si.readOnly {
		return
	}
	si.mu.Lock()
	for len(si.pending) > si.backlog && !si.rebuild {
		progress := si.progress
		si.mu.Unlock()
		select {
		case <-progress:
		case <-ctx.Done():
			return
		case <-si.done:
			return
		}
		si.mu.Lock()
	}
	si.mu.Unlock()
}

// progressed wakes the writers that throttle holds back, to look again;
// si.mu must be held.
func (si *searchIndex) progressed() {
	close(si.progress)
	si.progress = make(chan struct{})
}

func (si *searchIndex) poke() {
	select {
	case si.wake <- struct{}{}:
	default:
	}
}

// indexBatch bounds one bleve batch.
const indexBatch = 2000

// run is the indexer: it indexes what waits, a batch at a time, until
// stopped; a pending rebuild first queues every stored record.
func (si *searchIndex) run() {
	defer close(si.done)
	for {
		select {
		case <-si.stop:
			si.drain()
			return
		case <-si.wake:
		}
		if err := si.drain(); err != nil && si.ctx.Err() == nil {
			si.s.logf("search index: %v; it will be rebuilt at the next open", err)
			si.mu.Lock()
			si.rebuild = true
			si.progressed() // writers held back stop waiting for it
			si.mu.Unlock()
		}
	}
}

// drain indexes every waiting record; on stop it finishes the batch in
// hand and returns.
func (si *searchIndex) drain() error {
	ctx := si.ctx
	si.mu.Lock()
	rebuild := si.rebuild
	si.mu.Unlock()
	if rebuild {
		var keys []engine.Key
		err := si.s.Scan(ctx, Filter{}, func(r *engine.Record) error {
			keys = append(keys, r.Key())
			return nil
		})
		if err != nil {
			return err
		}
		si.enqueue(keys...)
	}
	for {
		si.mu.Lock()
		var batch []engine.Key
		var docs []*pendingDoc
		for k, d := range si.pending {
			batch, docs = append(batch, k), append(docs, d)
			if len(batch) == indexBatch {
				break
			}
		}
		si.mu.Unlock()
		if len(batch) == 0 {
			si.mu.Lock()
			si.rebuild = false
			si.mu.Unlock()
			return nil
		}
		if err := si.index(ctx, batch, docs); err != nil {
			return err
		}
		si.mu.Lock()
		for i, k := range batch {
			// A record written again meanwhile waits for its new write.
			if si.pending[k] == docs[i] {
				delete(si.pending, k)
			}
		}
		rebuilding := si.rebuild
		si.progressed()
		si.mu.Unlock()
		// Stopping cuts a rebuild short (the next open starts it again),
		// but writes that wait are indexed first: the store is marked
		// current at close rather than rebuilt whole at the next open.
		select {
		case <-si.stop:
			if rebuilding {
				return nil
			}
		default:
		}
	}
}

// index brings the records of keys up to date in bleve: indexed when
// stored, removed when not; then it maps the document ids back to the
// record keys that are still stored. A record's document is the one its
// write prepared (docs[i]) if it still is in the store, or else made from
// the store, where records are read and turned into tokens on every core.
// Both happen under idxMu, so that an erasure (which removes the record
// from the store first) comes wholly before or after.
func (si *searchIndex) index(ctx context.Context, keys []engine.Key, docs []*pendingDoc) error {
	type doc struct {
		id, tokens, kind string
		found            bool
		err              error
	}
	made := make([]doc, len(keys))
	var found, gone []engine.Key
	err := func() error {
		si.idxMu.RLock()
		defer si.idxMu.RUnlock()
		stored, err := si.s.stillStored(keys, docs)
		if err != nil {
			return err
		}
		parallelFor(len(keys), func(i int) {
			d := &made[i]
			d.id = si.docID(keys[i])
			if docs[i].prepared {
				d.tokens, d.kind, d.found = docs[i].tokens, docs[i].kind, stored[i]
				return
			}
			r, err := si.s.Get(ctx, keys[i])
			if err != nil {
				if !errors.Is(err, engine.ErrNotFound) {
					d.err = err
				}
				return
			}
			t, kind := si.recordTokens(r)
			d.tokens, d.kind, d.found = strings.Join(t, " "), kind, true
		})
		b := si.idx.NewBatch()
		for i, d := range made {
			switch {
			case d.err != nil:
				return d.err
			case !d.found:
				b.Delete(d.id)
				gone = append(gone, keys[i])
			default:
				if err := b.Index(d.id, map[string]any{"t": d.tokens, "k": d.kind}); err != nil {
					return err
				}
				found = append(found, keys[i])
			}
		}
		return si.idx.Batch(b)
	}()
	if err != nil {
		return err
	}
	return si.s.mapSearchDocs(ctx, found, gone)
}

// stillStored says, for the keys whose documents were prepared, whether
// their record is still in the store (not removed or erased since), from
// the keys alone, without reading the records.
func (s *Store) stillStored(keys []engine.Key, docs []*pendingDoc) ([]bool, error) {
	stored := make([]bool, len(keys))
	err := s.db.View(func(txn *badger.Txn) error {
		for i, k := range keys {
			if !docs[i].prepared {
				continue
			}
			item, err := txn.Get(encodeKey(prefixRecord, k))
			switch {
			case errors.Is(err, badger.ErrKeyNotFound):
			case err != nil:
				return err
			default:
				stored[i] = item.ValueSize() > 0 // not an erase's placeholder
			}
		}
		return nil
	})
	return stored, err
}

// mapSearchDocs writes the document id → record key map of the records
// in found that are still stored, and removes that of gone, in one commit
// under the writers' lock: a record erased meanwhile gets no map back.
// The map's entries are sealed before the lock is taken, on every core,
// so that the writers wait only for the commit.
func (s *Store) mapSearchDocs(ctx context.Context, found, gone []engine.Key) error {
	type entry struct{ key, sealed []byte }
	entries := make([]entry, len(found))
	errs := make([]error, len(found))
	parallelFor(len(found), func(i int) {
		k := found[i]
		dk := docKey(searchDocs, s.search.docID(k))
		entries[i].key = dk
		entries[i].sealed, errs[i] = seal(s.entryKey, dk, 0, []byte(k.Source+"\x00"+k.ID))
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	return s.update(func(txn *badger.Txn) error {
		for i, k := range found {
			if _, err := txn.Get(encodeKey(prefixRecord, k)); errors.Is(err, badger.ErrKeyNotFound) {
				continue
			} else if err != nil {
				return err
			}
			if err := txn.Set(entries[i].key, entries[i].sealed); err != nil {
				return err
			}
		}
		for _, k := range gone {
			if err := txn.Delete(docKey(searchDocs, s.search.docID(k))); err != nil {
				return err
			}
		}
		return nil
	})
}

// docID is a record's document id in bleve: a keyed hash of its key.
func (si *searchIndex) docID(k engine.Key) string {
	m := si.mac()
	defer si.macs.Put(m)
	m.Write([]byte{'d'})
	m.Write([]byte(k.Source))
	m.Write([]byte{0})
	m.Write([]byte(k.ID))
	var sum [sha256.Size]byte
	return strconv.FormatUint(binary.BigEndian.Uint64(m.Sum(sum[:0])), 36)
}

// token is the blind form of one normalised word of one kind.
func (si *searchIndex) token(kind byte, word string) string {
	m := si.mac()
	defer si.macs.Put(m)
	m.Write([]byte{kind})
	m.Write([]byte(word))
	var sum [sha256.Size]byte
	return hex.EncodeToString(m.Sum(sum[:0])[:16])
}

// mac is a reset HMAC-SHA256 under the search key, from a pool: a record
// gives dozens of tokens, and a keyed HMAC reset from its saved state
// costs half of a new one.
func (si *searchIndex) mac() hash.Hash {
	if m, ok := si.macs.Get().(hash.Hash); ok {
		m.Reset()
		return m
	}
	return hmac.New(sha256.New, si.key)
}

// stopWords are left out of the index and of queries: they would match
// most records and say nothing.
var stopWords = map[string]bool{
	"the": true, "and": true, "of": true, "with": true, "on": true, "in": true, "at": true, "a": true, "an": true,
	"de": true, "la": true, "le": true, "les": true, "et": true, "du": true, "des": true, "con": true, "y": true,
	"al": true, "el": true,
}

// words splits text into its normalised words, each with its Latin
// reading when written in another script; a word joined by
// hyphens or slashes (al-rahman) gives its pieces and their join too, so
// that the ways a name is cut all meet.
func words(text string) []string {
	var out []string
	add := func(w string) {
		if len(w) >= 2 && !stopWords[w] {
			out = append(out, w)
		}
	}
	for w := range strings.FieldsSeq(phonetic.Normalize(text)) {
		forms := []string{w}
		if phonetic.DetectScript(w) != phonetic.Latin {
			// A name's reading of the word (al-Rahman, not a-l-r-h-m-n
			// letter by letter), as the name rules write it in Latin.
			for _, p := range phonetic.Parse(w, "").Parts {
				if p.Latin != "" && p.Latin != w {
					forms = append(forms, p.Latin)
				}
			}
		}
		for _, f := range forms {
			pieces := strings.FieldsFunc(f, func(r rune) bool { return r == '-' || r == '/' || r == '\'' })
			if len(pieces) > 1 {
				add(strings.Join(pieces, ""))
			}
			for _, p := range pieces {
				add(p)
			}
		}
	}
	return out
}

// nameTokens are the tokens of a name: its words and its parts'
// transliteration classes.
func (si *searchIndex) nameTokens(full, lang string, add func(string)) {
	for _, w := range words(full) {
		add(si.token(tokWord, w))
	}
	// The transliteration class of each part (Fold: Abdelrahman, عبد الرحمن
	// and Abd al-Rahman are one), not the broader phonetic codes, which
	// put tens of thousands of names in one class at a million records
	// and make a query read them all.
	n := phonetic.Parse(full, lang)
	for _, k := range n.Keys() {
		if k.Type == phonetic.KeyFolded {
			add(si.token(tokName, k.Value))
		}
	}
}

// recordTokens are the tokens a record is found by, and its kind's token:
// every name, the places, marks, clothing, effects, medical and dental
// notes. The enquirer is left out: search serves the sought and the dead,
// not the families' own data.
func (si *searchIndex) recordTokens(r *engine.Record) ([]string, string) {
	seen := map[string]bool{}
	var out []string
	si.fieldTokens(r, func(_, t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	})
	return out, si.token(tokKind, string(r.Kind))
}

// fieldTokens calls add with each token of the record and the field it
// comes from, as a search hit names it.
func (si *searchIndex) fieldTokens(r *engine.Record, add func(field, token string)) {
	text := func(field, s string) {
		for _, w := range words(s) {
			add(field, si.token(tokWord, w))
		}
	}
	name := func(n engine.Name) { si.nameTokens(n.Full, n.Lang, func(t string) { add("names", t) }) }
	for _, n := range r.Names {
		name(n)
	}
	if r.Parents != nil {
		for _, p := range []*engine.Name{r.Parents.Father, r.Parents.Mother} {
			if p != nil {
				name(*p)
			}
		}
	}
	for _, ev := range []struct {
		field string
		e     *engine.Event
	}{{"last_contact", r.LastContact}, {"recovery", r.Recovery}, {"registered", r.Registered}} {
		if ev.e != nil {
			if ev.e.Place != nil {
				text(ev.field, ev.e.Place.Text)
			}
			text(ev.field, ev.e.Context)
		}
	}
	if r.Origin != nil {
		text("origin", r.Origin.Text)
	}
	for _, p := range r.Route {
		text("route", p.Text)
	}
	for _, m := range r.Marks {
		text("marks", string(m.Type)+" "+m.Location+" "+m.Description)
	}
	for _, f := range []struct {
		field string
		list  []string
	}{{"clothing", r.Clothing}, {"effects", r.Effects}, {"medical", r.Medical}} {
		for _, s := range f.list {
			text(f.field, s)
		}
	}
	if r.Dental != nil {
		text("dental", r.Dental.Notes)
	}
	text("hair", r.Hair)
	text("eyes", r.Eyes)
}

// searchQueries are the bleve queries of a search. all finds the records
// that match every word of the query, as a word or, for a name, by its
// transliteration class; exact those that hold every word as written
// (after normalisation), the first to show.
type searchQueries struct {
	all, exact query.Query
}

// queryFor is the bleve queries of a search: every word of the query must
// match; kind, if set, keeps one kind.
func (si *searchIndex) queryFor(text string, kind engine.Kind) (searchQueries, bool) {
	var all, exact []query.Query
	terms := func(tokens []string) query.Query {
		qs := make([]query.Query, len(tokens))
		for i, t := range tokens {
			q := query.NewTermQuery(t)
			q.SetField("t")
			qs[i] = q
		}
		return query.NewDisjunctionQuery(qs)
	}
	for w := range strings.FieldsSeq(text) {
		var written, any []string
		seen := map[string]bool{}
		si.nameTokens(w, "", func(t string) {
			if !seen[t] {
				seen[t] = true
				any = append(any, t)
			}
		})
		for _, v := range words(w) {
			written = append(written, si.token(tokWord, v))
		}
		if len(any) == 0 {
			continue
		}
		all = append(all, terms(any))
		if len(written) == 0 {
			// A word that is only a name's class (a lone particle) is
			// matched by it in both.
			written = any
		}
		exact = append(exact, terms(written))
	}
	if len(all) == 0 {
		return searchQueries{}, false
	}
	if kind != "" {
		q := query.NewTermQuery(si.token(tokKind, string(kind)))
		q.SetField("k")
		all, exact = append(all, q), append(exact, q)
	}
	return searchQueries{all: query.NewConjunctionQuery(all), exact: query.NewConjunctionQuery(exact)}, true
}

// Hit is one search result.
type Hit struct {
	Key engine.Key
	// Score is 1 for a record that holds every word of the query as
	// written, ½ for one that matched some word only by a name's
	// transliteration class.
	Score float64
}

// Search finds the records whose words match every word of text, those
// that hold every word as written first, at most n from the offset from;
// kind, if set, keeps one kind. Within each of the two, records come in
// the index's order: bleve's relevance scores would only rank shorter
// records first (each token is in a record once), and computing them for
// every record that holds a common name or word, tens of thousands at a
// million records, is what made search slow; without them bleve stops as
// soon as it has the n asked for. The count is how many records match,
// or, when the search stopped there, at least from+n. Records still
// waiting for the indexer (SearchPending) are not found yet.
func (s *Store) Search(ctx context.Context, text string, kind engine.Kind, from, n int) ([]Hit, int, error) {
	page, err := s.searchPage(ctx, text, kind, from, n)
	if err != nil {
		return nil, 0, err
	}
	hits := make([]Hit, 0, len(page.ids))
	for i, id := range page.ids {
		k, err := s.searchDocKey(ctx, id)
		if errors.Is(err, engine.ErrNotFound) {
			continue // removed since
		}
		if err != nil {
			return nil, 0, err
		}
		hits = append(hits, Hit{Key: k, Score: page.score(i)})
	}
	return hits, page.total, nil
}

// searchPage is one page of a search's document ids.
type searchPage struct {
	ids []string
	// exact is how many of ids, the first, hold every word as written.
	exact int
	// total is how many documents match, or at least the page's end
	// when bleve stopped there.
	total int
}

// score is Hit.Score of the page's i-th document.
func (p *searchPage) score(i int) float64 {
	if i < p.exact {
		return 1
	}
	return 0.5
}

// searchPage finds the ids of the documents of a search, at most n from
// the offset from: fewer than n when there are no more.
func (s *Store) searchPage(ctx context.Context, text string, kind engine.Kind, from, n int) (*searchPage, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	si := s.search
	if si.readOnly {
		if err := si.opened(); err != nil {
			return nil, err
		}
	}
	q, ok := si.queryFor(text, kind)
	if !ok || n <= 0 {
		return &searchPage{}, nil
	}
	ids, total, err := si.find(ctx, q.exact, from, n)
	if err != nil {
		return nil, err
	}
	page := &searchPage{ids: ids, exact: len(ids), total: total}
	if len(ids) < n {
		// Every exact match is in hand and total counts them all: the
		// others follow them.
		rest := query.NewBooleanQuery([]query.Query{q.all}, nil, []query.Query{q.exact})
		more, count, err := si.find(ctx, rest, max(0, from-total), n-len(ids))
		if err != nil {
			return nil, err
		}
		page.ids, page.total = append(page.ids, more...), total+count
	}
	return page, nil
}

// searchDocKey is the record key that a search document stands for, or
// an error wrapping ErrNotFound when the record has been removed since.
func (s *Store) searchDocKey(ctx context.Context, id string) (engine.Key, error) {
	v, err := s.Doc(ctx, searchDocs, id)
	if err != nil {
		return engine.Key{}, err
	}
	src, rid, _ := strings.Cut(string(v), "\x00")
	return engine.Key{Source: src, ID: rid}, nil
}

// find runs one query unscored, for the document ids from the offset from,
// at most n, and the number of documents that match (at least from+n when
// bleve stopped at them).
func (si *searchIndex) find(ctx context.Context, q query.Query, from, n int) ([]string, int, error) {
	req := bleve.NewSearchRequestOptions(q, n, from, false)
	req.Score = bleve.ScoreNone
	si.idxMu.RLock()
	if si.idx == nil {
		si.idxMu.RUnlock()
		return nil, 0, ErrClosed // a read-only index closed meanwhile
	}
	res, err := si.idx.SearchInContext(ctx, req)
	si.idxMu.RUnlock()
	if err != nil {
		return nil, 0, fmt.Errorf("index: search: %w", err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, int(res.Total), nil
}

// SearchPending is how many records wait to be indexed for search, and
// whether the index is being rebuilt from the store.
func (s *Store) SearchPending() (int, bool) {
	s.search.mu.Lock()
	defer s.search.mu.Unlock()
	return len(s.search.pending), s.search.rebuild
}

// WaitSearch waits until no record waits to be indexed, or ctx ends.
func (s *Store) WaitSearch(ctx context.Context) error {
	for {
		if n, rebuilding := s.SearchPending(); n == 0 && !rebuilding {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// forget removes a record from the search index for good: deleted, then
// every segment rewritten without it and the old files removed, so that
// not even its blind tokens stay. It is erasure's part, once the record
// has left the store.
func (si *searchIndex) forget(k engine.Key) error {
	si.mu.Lock()
	delete(si.pending, k)
	si.mu.Unlock()
	si.idxMu.Lock()
	defer si.idxMu.Unlock()
	if err := si.idx.Delete(si.docID(k)); err != nil {
		return err
	}
	// A lone segment is never merged: a one-word document in a segment
	// of its own makes sure there are two. Closing persists every
	// segment; the merge then rewrites them into one without the deleted
	// document, and closing again lets scorch remove the files the merge
	// replaced.
	const filler = "rflmatch-merge-filler"
	if err := si.idx.Index(filler, map[string]any{"t": filler}); err != nil {
		return err
	}
	for step := range 2 {
		if err := si.idx.Close(); err != nil {
			return err
		}
		idx, err := bleve.Open(si.dir)
		if err != nil {
			return err
		}
		si.idx = idx
		if step == 1 {
			break
		}
		adv, err := idx.Advanced()
		if err != nil {
			return err
		}
		if sc, ok := adv.(*scorch.Scorch); ok {
			if err := sc.ForceMerge(context.Background(), &mergeplan.SingleSegmentMergePlanOptions); err != nil {
				return err
			}
		}
		if err := si.idx.Delete(filler); err != nil {
			return err
		}
	}
	return nil
}

// Reindex rebuilds the search index from the store, from nothing, and
// waits until it is done: after its format or key changed, or when asked.
func (s *Store) Reindex(ctx context.Context) error {
	if err := s.usable(ctx); err != nil {
		return err
	}
	if s.readOnly {
		return ErrReadOnly
	}
	si := s.search
	err := func() error {
		si.idxMu.Lock()
		defer si.idxMu.Unlock()
		if err := si.idx.Close(); err != nil {
			return err
		}
		if err := os.RemoveAll(si.dir); err != nil {
			return err
		}
		idx, err := bleve.NewUsing(si.dir, searchMapping(), scorch.Name, scorch.Name, nil)
		if err != nil {
			return err
		}
		si.idx = idx
		si.mu.Lock()
		si.rebuild, si.dirty = true, false
		si.progressed()
		si.mu.Unlock()
		return nil
	}()
	if err != nil {
		return fmt.Errorf("index: rebuilding the search index: %w", err)
	}
	si.poke()
	return s.WaitSearch(ctx)
}
