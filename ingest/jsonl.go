package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/rflmatch/rflmatch/engine"
)

// rawKeep is how much of an overlong line a reject keeps.
const rawKeep = 1024

func readJSONLFile(ctx context.Context, path string, opt Options, fn func(Item) error) error {
	f, p, err := openCounted(path, opt)
	if err != nil {
		return err
	}
	defer f.Close()
	err = ReadJSONL(ctx, p.c, path, opt.MaxLine, func(it Item) error {
		p.item()
		return fn(it)
	})
	p.done()
	return err
}

// ReadJSONL reads JSON Lines from r, one record a line, validated as
// [ReadFile] validates a .jsonl file, and calls fn for each record, good or
// rejected; name is what locations call the input (a request, a pipe).
// max 0 means [DefaultMaxLine]. The error is r's, ctx's or fn's.
//
// Lines are read whole with bufio.Reader.ReadSlice, so they may be of any
// length up to max, unlike bufio.Scanner's 64 KiB; a longer line is
// rejected and skipped without being held in memory.
//
// Lines are read in order on one goroutine and decoded and validated in
// chunks on all cores, since decoding costs several times what reading
// does; fn is called on the caller's goroutine, one item at a time, in
// the order of the lines, and reading stops at its first error.
func ReadJSONL(ctx context.Context, r io.Reader, name string, max int, fn func(Item) error) error {
	if max <= 0 {
		max = DefaultMaxLine
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := runtime.GOMAXPROCS(0)
	// order hands the chunks to the caller in the order read, work to
	// the decoders in any order; both hold a few chunks per decoder so
	// that reading runs ahead of fn by that much at most.
	order := make(chan *jsonlChunk, 2*workers)
	work := make(chan *jsonlChunk, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				c.decode(name, max)
				close(c.done)
			}
		}()
	}
	var reading sync.WaitGroup
	reading.Add(1)
	go func() {
		defer reading.Done()
		defer close(order)
		defer close(work)
		readJSONLChunks(ctx, r, name, max, func(c *jsonlChunk) bool {
			select {
			case order <- c:
			case <-ctx.Done():
				return false
			}
			select {
			case work <- c:
				return true
			case <-ctx.Done():
				close(c.done) // never decoded; the caller has stopped
				return false
			}
		})
	}()
	// Whatever ends the loop, the reader and the decoders end before
	// ReadJSONL returns, so that r is not read after: cancel stops the
	// reader (after the read under way), which closes work.
	defer wg.Wait()
	defer reading.Wait()
	defer cancel()
	for c := range order {
		<-c.done
		for _, it := range c.items {
			// The reader runs ahead: a cancelled read stops here, not
			// after the chunks already read.
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(it); err != nil {
				return err
			}
		}
		if c.err != nil {
			return c.err
		}
	}
	return ctx.Err()
}

// jsonlChunkLines is how many lines a chunk holds: enough that handing a
// chunk over costs little beside decoding it, few enough that a chunk of
// long lines stays small.
const jsonlChunkLines = 256

// jsonlChunk is a run of lines read in order, decoded on any goroutine.
type jsonlChunk struct {
	first int      // the line number of lines[0]
	lines [][]byte // each line's bytes, its own copy; nil for a blank line
	over  []bool   // the line was longer than max (lines keeps its start)
	items []Item   // the decoded items, blank lines left out
	// err ends the input after these lines: r's error, or ctx's.
	err  error
	done chan struct{} // closed once items are set
}

// decode turns the chunk's lines into items.
func (c *jsonlChunk) decode(name string, max int) {
	c.items = make([]Item, 0, len(c.lines))
	for i, line := range c.lines {
		if it, ok := jsonlItem(name, c.first+i, line, c.over[i], max); ok {
			c.items = append(c.items, it)
		}
	}
	c.lines = nil
}

// readJSONLChunks reads r's lines into chunks and hands each to send,
// which says whether to go on. The last chunk carries the error that
// ended the input, if any (io.EOF is none).
func readJSONLChunks(ctx context.Context, r io.Reader, name string, max int, send func(*jsonlChunk) bool) {
	br := bufio.NewReaderSize(r, 64<<10)
	newChunk := func(first int) *jsonlChunk {
		return &jsonlChunk{first: first, done: make(chan struct{})}
	}
	c := newChunk(1)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			c.err = err
			send(c)
			return
		}
		var line []byte
		over := false
		var err error
		for {
			var chunk []byte
			chunk, err = br.ReadSlice('\n')
			if !over {
				line = append(line, chunk...)
				if len(line) > max+2 { // +2: the line's own CRLF
					over = true
					line = line[:min(len(line), rawKeep)]
				}
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		if err != nil && err != io.EOF {
			c.err = fileError(name, fmt.Errorf("line %d: %w", n, err))
			send(c)
			return
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		if over {
			line = bytes.Clone(line) // not the buffer that grew past max
		}
		c.lines = append(c.lines, line)
		c.over = append(c.over, over)
		if err == io.EOF {
			send(c)
			return
		}
		if len(c.lines) == jsonlChunkLines {
			if !send(c) {
				return
			}
			c = newChunk(n + 1)
		}
	}
}

// jsonlItem decodes one line; ok is false for a blank line.
func jsonlItem(name string, n int, line []byte, over bool, max int) (Item, bool) {
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if !over && len(bytes.TrimSpace(line)) == 0 {
		return Item{}, false
	}
	// The line is the item's own: readJSONLChunks reads each into a new slice.
	it := Item{Loc: Location{File: name, Line: strconv.Itoa(n)}, Raw: line}
	switch {
	case over:
		it.Err = engine.ValidationError{{Msg: fmt.Sprintf("line is longer than %d bytes; the reject keeps its first %d", max, rawKeep)}}
	case !utf8.Valid(line):
		it.Err = engine.ValidationError{{Msg: fmt.Sprintf("not valid UTF-8 (at byte %d); save the file as UTF-8", invalidAt(line))}}
	default:
		it.Record, it.Err = decode(line)
	}
	return it, true
}

// invalidAt is the offset of the first byte that is not UTF-8.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}
