package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

const (
	recA  = `{"id":"A-1","source":"test-src","kind":"post_mortem","names":[{"full":"Test Person One"}],"age":{"min":20,"max":30}}`
	recA2 = `{"id":"A-1","source":"test-src","kind":"post_mortem","names":[{"full":"Test Person One"}],"age":{"min":20,"max":35}}`
	recB  = `{"id":"B-2","source":"test-src","kind":"tracing_request","names":[{"full":"Test Person Two"}]}`
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunJSONL(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		summary string
		errors  string // with FILE for the input's path
	}{
		{"good", recA + "\n" + recB + "\n", "read 2, stored 2, updated 0, unchanged 0, rejected 0", ""},
		{"no final newline", recA + "\n" + recB, "read 2, stored 2, updated 0, unchanged 0, rejected 0", ""},
		{"BOM and CRLF", "\uFEFF" + recA + "\r\n" + recB + "\r\n", "read 2, stored 2, updated 0, unchanged 0, rejected 0", ""},
		{"blank lines keep physical numbers", "\n" + recA + "\n  \n\nnope\n", "read 2, stored 1, updated 0, unchanged 0, rejected 1",
			"FILE:5: not valid JSON: invalid character 'o' in literal null (expecting 'u')\n"},
		{"bad field between good lines", recA + "\n" + `{"id":"C","source":"test-src","kind":"post_mortem","age":{"min":18,"max":12}}` + "\n" + recB + "\n",
			"read 3, stored 2, updated 0, unchanged 0, rejected 1",
			"FILE:2: age.max: 12 is less than age.min 18\n"},
		{"several problems, one line each", `{"id":"C","source":"Bad Source","kind":"post_mortem","sex":"x"}` + "\n",
			"read 1, stored 0, updated 0, unchanged 0, rejected 1",
			"FILE:1: source: \"Bad Source\" must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit\nFILE:1: sex: \"x\" is not one of male, female, unknown\n"},
		{"every problem at once, an unknown field with the nearest known one", `{"id":"C","source":"test-src","kind":"post_mortem","nationality":["ER"],"sex":"x","age":{"min":"20","max":12},"names":[{"ful":"A B"}]}` + "\n",
			"read 1, stored 0, updated 0, unchanged 0, rejected 1",
			"FILE:1: age.min: must be a number, not a string\nFILE:1: names[0].ful: unknown field (did you mean full?)\nFILE:1: nationality: unknown field (did you mean nationalities?)\nFILE:1: sex: \"x\" is not one of male, female, unknown\n"},
		{"duplicate in one batch: last wins, counted in order", recA + "\n" + recA2 + "\n" + recA2 + "\n",
			"read 3, stored 1, updated 1, unchanged 1, rejected 0", ""},
		{"not UTF-8", `{"id":"C","source":"test-src","kind":"post_mortem","notes":"caf` + "\xe9" + `"}` + "\n",
			"read 1, stored 0, updated 0, unchanged 0, rejected 1",
			"FILE:1: not valid UTF-8 (at byte 63); save the file as UTF-8\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "in.jsonl", tt.input)
			var errs bytes.Buffer
			sum, err := Run(context.Background(), newMemSink(), []string{path}, Options{Errors: &errs})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if got := sum.String(); got != tt.summary {
				t.Errorf("summary:\ngot  %s\nwant %s", got, tt.summary)
			}
			if got, want := errs.String(), strings.ReplaceAll(tt.errors, "FILE", path); got != want {
				t.Errorf("errors:\ngot  %q\nwant %q", got, want)
			}
		})
	}
}

func TestNearest(t *testing.T) {
	known := []string{"names", "nationalities", "notes", "sex", "sex_certain", "birth_date"}
	tests := []struct{ name, want string }{
		{"nationality", "nationalities"},
		{"Nationalities", "nationalities"},
		{"birthdate", "birth_date"},
		{"sexe", "sex"},
		{"colour", ""},
		{"x", ""},
	}
	for _, tt := range tests {
		if got := engine.Nearest(tt.name, known); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// chunkedInput is n lines: a record with id L-<line> on most, a blank line
// on every seventh and a line that is not JSON on every eleventh, so that
// decoding in chunks must keep records, rejects and line numbers in order
// across chunk boundaries.
func chunkedInput(n int) string {
	var b strings.Builder
	for line := 1; line <= n; line++ {
		switch {
		case line%7 == 0:
			b.WriteString("  \n")
		case line%11 == 0:
			b.WriteString("not json\n")
		default:
			fmt.Fprintf(&b, `{"id":"L-%d","source":"test-src","kind":"post_mortem","names":[{"full":"Synthetic Person %d"}]}`+"\n", line, line)
		}
	}
	return b.String()
}

func TestReadJSONLInOrderAcrossChunks(t *testing.T) {
	for _, n := range []int{0, 1, jsonlChunkLines - 1, jsonlChunkLines, jsonlChunkLines + 1, 5*jsonlChunkLines + 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var got []Item
			err := ReadJSONL(context.Background(), strings.NewReader(chunkedInput(n)), "in.jsonl", 0, func(it Item) error {
				got = append(got, it)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			i := 0
			for line := 1; line <= n; line++ {
				if line%7 == 0 {
					continue
				}
				if i >= len(got) {
					t.Fatalf("got %d items, want more (line %d missing)", len(got), line)
				}
				it := got[i]
				i++
				if it.Loc.Line != strconv.Itoa(line) {
					t.Fatalf("item %d at line %s, want %d", i-1, it.Loc.Line, line)
				}
				switch {
				case line%11 == 0 && it.Err == nil:
					t.Errorf("line %d: not JSON, but accepted", line)
				case line%11 != 0 && (it.Record == nil || it.Record.ID != fmt.Sprintf("L-%d", line)):
					t.Errorf("line %d: got record %v (%v), want L-%d", line, it.Record, it.Err, line)
				}
			}
			if i != len(got) {
				t.Errorf("got %d items, want %d", len(got), i)
			}
		})
	}
}

func TestReadJSONLStops(t *testing.T) {
	input := chunkedInput(10 * jsonlChunkLines)
	stop := errors.New("stop here")
	tests := []struct {
		name    string
		cancel  bool // cancel the context at the stop item instead of failing
		stopAt  int  // the item at which fn stops the read
		wantErr error
	}{
		{"fn fails in the first chunk", false, 3, stop},
		{"fn fails at a chunk boundary", false, jsonlChunkLines, stop},
		{"fn fails late", false, 7 * jsonlChunkLines, stop},
		{"context cancelled", true, 2 * jsonlChunkLines, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			calls := 0
			err := ReadJSONL(ctx, strings.NewReader(input), "in.jsonl", 0, func(Item) error {
				calls++
				if calls == tt.stopAt {
					if tt.cancel {
						cancel()
						return nil
					}
					return stop
				}
				return nil
			})
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("ReadJSONL = %v, want %v", err, tt.wantErr)
			}
			if calls != tt.stopAt {
				t.Errorf("fn called %d times, want %d", calls, tt.stopAt)
			}
		})
	}
}
