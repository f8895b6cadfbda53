package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The probes of issue 18 ("Hostile spreadsheets", "Strict input") against
// the readers: each is a file an attacker or a careless operator could
// hand to ingest.

func TestRejectsFileNeverFollowsALink(t *testing.T) {
	bad := `{"id":"C","source":"test-src","kind":"post_mortem","age":{"min":18,"max":12}}`
	tests := []struct {
		name string
		opt  func(dir, in string) Options
		link func(dir, in string) string // where the link is planted
	}{
		{"beside the input", func(string, string) Options { return Options{} },
			func(_, in string) string { return in + ".rejects.jsonl" }},
		{"--rejects", func(dir, _ string) Options { return Options{RejectsPath: filepath.Join(dir, "rej.jsonl")} },
			func(dir, _ string) string { return filepath.Join(dir, "rej.jsonl") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := writeFile(t, dir, "pm.jsonl", recA+"\n"+bad+"\n")
			target := writeFile(t, dir, "precious.txt", "keep me\n")
			if err := os.Symlink(target, tt.link(dir, in)); err != nil {
				t.Skip("no symbolic links here:", err)
			}
			_, err := Run(context.Background(), newMemSink(), []string{in}, tt.opt(dir, in))
			if err == nil || !strings.Contains(err.Error(), "symbolic link") {
				t.Errorf("Run: %v, want a refusal to write through the link", err)
			}
			if got, _ := os.ReadFile(target); string(got) != "keep me\n" {
				t.Errorf("the link's target now holds %q", got)
			}
		})
	}
}

func TestRejectsFileNarrowedToOwner(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "pm.jsonl", `{"id":"C","source":"test-src","kind":"body"}`+"\n")
	rej := writeFile(t, dir, "rej.jsonl", "old\n")
	if err := os.Chmod(rej, 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), newMemSink(), []string{in}, Options{RejectsPath: rej}); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(rej)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("an existing 0666 rejects file has mode %v after the run, want 0600", st.Mode().Perm())
	}
}

func TestFileOfAnotherKindStops(t *testing.T) {
	good := func(i int) string {
		return fmt.Sprintf(`{"id":"G%d","source":"test-src","kind":"post_mortem"}`, i)
	}
	noise := func(i int) string { return fmt.Sprintf("PK\x03\x04 binary %d,;\"", i) }
	tests := []struct {
		name      string
		file      string
		lines     []string
		wantRead  int
		wantStore int
		wantFail  int
		wantMsg   string
	}{
		{
			name:  "a spreadsheet named .jsonl after good records",
			file:  "pm.jsonl",
			lines: append([]string{good(1), good(2)}, repeat(noise, 5000)...),
			// Two good records, then MaxRejectsInRow rejects, then
			// nothing more is read.
			wantRead: 2 + MaxRejectsInRow, wantStore: 2, wantFail: 1,
			wantMsg: "the 1000 records up to line 1002 were all rejected: this does not look like JSON Lines",
		},
		{
			name:     "rejects broken by a good record do not stop",
			file:     "pm.jsonl",
			lines:    append(append(repeat(noise, MaxRejectsInRow-1), good(1)), repeat(noise, MaxRejectsInRow-1)...),
			wantRead: 2*MaxRejectsInRow - 1, wantStore: 1,
		},
		{
			name:     "a CSV file of another layout",
			file:     "pm.csv",
			lines:    append([]string{"id,source,kind", "G1,test-src,post_mortem"}, repeat(func(i int) string { return fmt.Sprintf("R%d,test-src,body", i) }, 1500)...),
			wantRead: 1 + MaxRejectsInRow, wantStore: 1, wantFail: 1,
			wantMsg: "the 1000 records up to line 1002 were all rejected: this does not look like CSV that fits the mapping",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := writeFile(t, dir, tt.file, strings.Join(tt.lines, "\n")+"\n")
			var errs bytes.Buffer
			sink := newMemSink()
			sum, err := Run(context.Background(), sink, []string{in}, Options{Errors: &errs})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Read != tt.wantRead || sum.Stored != tt.wantStore || sum.FailedFiles != tt.wantFail || len(sink.recs) != tt.wantStore {
				t.Errorf("got %v, failed files %d, %d stored; want read %d, stored %d, failed files %d", sum, sum.FailedFiles, len(sink.recs), tt.wantRead, tt.wantStore, tt.wantFail)
			}
			if tt.wantMsg != "" && !strings.Contains(errs.String(), in+": "+tt.wantMsg) {
				t.Errorf("errors do not say %q:\n%s", tt.wantMsg, tail(errs.String(), 3))
			}
			rej, _ := os.ReadFile(in + ".rejects.jsonl")
			if n := bytes.Count(rej, []byte("\n")); n != sum.Rejected {
				t.Errorf("the rejects file holds %d lines, want %d", n, sum.Rejected)
			}
		})
	}
}

func repeat(line func(int) string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = line(i)
	}
	return out
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func TestCSVRecordLimit(t *testing.T) {
	const max = 4096
	tests := []struct {
		name      string
		body      string
		wantStore int
		wantMsg   string // "" when the file is read to its end
	}{
		{"one endless line", "A1,test-src,post_mortem\n" + strings.Repeat("x", 10*max), 1,
			"line 3: a record (a cell, a line, or the lines of a quoted cell) is longer than 4096 bytes"},
		{"a stray quote, then everything", "A1,test-src,post_mortem\n\"" + strings.Repeat("A2,test-src,post_mortem\n", 5000), 1,
			"line 3: a record"},
		{"a long cell within the limit", "A1,test-src,post_mortem\nA2,test-src,\"" + strings.Repeat("y", max/2) + "\"\nA3,test-src,post_mortem\n", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := writeFile(t, dir, "pm.csv", "id,source,kind\n"+tt.body)
			var errs bytes.Buffer
			sink := newMemSink()
			sum, err := Run(context.Background(), sink, []string{in}, Options{Errors: &errs, MaxLine: max})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Stored != tt.wantStore {
				t.Errorf("stored %d, want %d (%v)", sum.Stored, tt.wantStore, sum)
			}
			if tt.wantMsg == "" {
				if sum.FailedFiles != 0 {
					t.Errorf("the file failed: %s", errs.String())
				}
				return
			}
			if sum.FailedFiles != 1 || !strings.Contains(errs.String(), in+": "+tt.wantMsg) {
				t.Errorf("failed files %d, errors %q; want 1 and %q", sum.FailedFiles, errs.String(), tt.wantMsg)
			}
		})
	}
}

func TestCSVRowWidth(t *testing.T) {
	tests := []struct {
		name    string
		row     string
		wantErr string // "" for a stored record
	}{
		{"full", "A1,test-src,post_mortem,Test Person", ""},
		{"empty last cell", "A1,test-src,post_mortem,", ""},
		{"one cell short", "A1,test-src,post_mortem", "row has 3 cells, the header 4: a cell or a delimiter is missing"},
		{"two cells short", "A1,test-src", "row has 2 cells, the header 4"},
		{"one cell long", "A1,test-src,post_mortem,Test Person,extra", "row has 5 cells, the header 4"},
		{"long with empty cells", "A1,test-src,post_mortem,Test Person,,", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := writeFile(t, dir, "pm.csv", "id,source,kind,names[0].full\n"+tt.row+"\n")
			var got []Item
			err := ReadFile(context.Background(), in, Options{}, func(it Item) error {
				got = append(got, it)
				return nil
			})
			if err != nil || len(got) != 1 {
				t.Fatalf("ReadFile: %v, %d items", err, len(got))
			}
			if tt.wantErr == "" {
				if got[0].Err != nil {
					t.Errorf("rejected: %v", got[0].Err)
				}
				return
			}
			if got[0].Err == nil || !strings.Contains(got[0].Err.Error(), tt.wantErr) {
				t.Errorf("got %v, want %q", got[0].Err, tt.wantErr)
			}
		})
	}
}

func TestGuessMappingReadsOnlyTheHeader(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "huge.csv")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	// One line longer than a record may be: mapping init used to read
	// the whole file into memory before looking at its header.
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	for range DefaultMaxLine>>20 + 2 {
		f.Write(chunk)
	}
	f.Close()
	_, err = GuessMapping(context.Background(), in)
	var ferr *FileError
	if !errors.As(err, &ferr) || !strings.Contains(err.Error(), "the header is longer than") {
		t.Errorf("GuessMapping: %v, want a FileError about the header's length", err)
	}
}
