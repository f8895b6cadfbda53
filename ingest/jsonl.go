package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
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
func ReadJSONL(ctx context.Context, r io.Reader, name string, max int, fn func(Item) error) error {
	if max <= 0 {
		max = DefaultMaxLine
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var line []byte
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line = line[:0]
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
			return fileError(name, fmt.Errorf("line %d: %w", n, err))
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		it, ok := jsonlItem(name, n, line, over, max)
		if ok {
			if ferr := fn(it); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
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
	it := Item{Loc: Location{File: name, Line: strconv.Itoa(n)}, Raw: bytes.Clone(line)}
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
