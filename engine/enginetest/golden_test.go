package enginetest_test

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

var update = flag.Bool("update", false, "rewrite the outputs of the golden files in ../../testdata/candidates")

// The golden candidate lists: records in (the generated dataset), ranked
// candidates and explanations out. Each file in candidatesDir holds blocks
// of comment lines (#), one command, a line "----" and the command's
// output, up to a blank line or the end of the file. -update rewrites the
// outputs and keeps the comments and commands as they are.
//
// The one command is
//
//	query SOURCE/ID [excluded]
//
// engine.Query of the case holding that record through an
// enginetest.Store of the whole dataset, with the prior models
// (engine.DefaultModels, so that no training changes the result) and
// explanations; excluded keeps the excluded candidates. Its output is a
// line naming the case and its records, a line with the numbers of stored
// and compared cases, then the candidates as engine.PairWriter writes
// them with explanations, one JSON object a line.
const (
	generatedDir  = "../../testdata/generated"
	candidatesDir = "../../testdata/candidates"
)

// block is one command of a golden file and its expected output.
type block struct {
	comments []string
	cmd      string
	line     int // of cmd, from 1
	want     []string
}

func TestGoldenCandidates(t *testing.T) {
	s := generatedStore(t)
	files, err := filepath.Glob(filepath.Join(candidatesDir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no golden files in %s", candidatesDir)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			blocks, err := readBlocks(path)
			if err != nil {
				t.Fatal(err)
			}
			for i := range blocks {
				b := &blocks[i]
				got, err := run(s, b.cmd)
				if err != nil {
					t.Fatalf("%s:%d: %s: %v", path, b.line, b.cmd, err)
				}
				if *update {
					b.want = got
					continue
				}
				if n, ok := firstDifferentLine(got, b.want); !ok {
					// The output starts two lines below the command.
					t.Errorf("%s:%d: %s: output differs (go test ./engine/enginetest -update rewrites the golden files)\ngot:  %s\nwant: %s",
						path, b.line+2+n, b.cmd, lineAt(got, n), lineAt(b.want, n))
				}
			}
			if *update {
				if err := writeBlocks(path, blocks); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// generatedStore holds every record of the generated dataset.
func generatedStore(t *testing.T) *enginetest.Store {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(generatedDir, "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no records in %s", generatedDir)
	}
	var recs []*engine.Record
	for _, path := range files {
		rs, err := readRecords(path)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rs...)
	}
	var s enginetest.Store
	if _, err := s.Put(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	return &s
}

// readRecords decodes a JSONL file of records.
func readRecords(path string) ([]*engine.Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []*engine.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for n := 1; sc.Scan(); n++ {
		r, err := engine.Decode(sc.Bytes())
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// run runs one command and returns its output lines.
func run(s *enginetest.Store, cmd string) ([]string, error) {
	args := strings.Fields(cmd)
	if len(args) < 2 || args[0] != "query" {
		return nil, fmt.Errorf("unknown command: want query SOURCE/ID [excluded]")
	}
	source, id, ok := strings.Cut(args[1], "/")
	if !ok {
		return nil, fmt.Errorf("%q is not SOURCE/ID", args[1])
	}
	opt := engine.QueryOptions{Models: engine.DefaultModels(), Explain: true}
	for _, a := range args[2:] {
		if a != "excluded" {
			return nil, fmt.Errorf("unknown argument %q", a)
		}
		opt.IncludeExcluded = true
	}
	res, err := engine.Query(context.Background(), s, engine.Key{Source: source, ID: id}, opt)
	if err != nil {
		return nil, err
	}
	members := make([]string, len(res.Case))
	for i, r := range res.Case {
		members[i] = r.Key().String()
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "case %s: %s\n", res.Key, strings.Join(members, " "))
	fmt.Fprintf(&buf, "stored %d, compared %d\n", res.Stored, res.Compared)
	pw, err := engine.NewPairWriter(&buf, true)
	if err != nil {
		return nil, err
	}
	for i := range res.Pairs {
		if err := pw.Write(&res.Pairs[i]); err != nil {
			return nil, err
		}
	}
	if err := pw.Flush(); err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n"), nil
}

// readBlocks parses a golden file.
func readBlocks(path string) ([]block, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	var out []block
	var b block
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case l == "":
			continue
		case strings.HasPrefix(l, "#"):
			b.comments = append(b.comments, l)
			continue
		}
		b.cmd, b.line = l, i+1
		if i+1 >= len(lines) || lines[i+1] != "----" {
			return nil, fmt.Errorf("%s:%d: want a line ---- after the command", path, i+1)
		}
		i += 2
		for ; i < len(lines) && lines[i] != ""; i++ {
			b.want = append(b.want, lines[i])
		}
		out = append(out, b)
		b = block{}
	}
	if b.comments != nil {
		return nil, fmt.Errorf("%s: comments after the last command", path)
	}
	return out, nil
}

// writeBlocks writes a golden file, blocks apart by a blank line.
func writeBlocks(path string, blocks []block) error {
	var buf bytes.Buffer
	for i, b := range blocks {
		if i > 0 {
			buf.WriteString("\n")
		}
		for _, l := range slices.Concat(b.comments, []string{b.cmd, "----"}, b.want) {
			buf.WriteString(l + "\n")
		}
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// firstDifferentLine returns the index of the first line where got and
// want differ, and false, or true when they are the same.
func firstDifferentLine(got, want []string) (int, bool) {
	for i := range max(len(got), len(want)) {
		if i >= len(got) || i >= len(want) || got[i] != want[i] {
			return i, false
		}
	}
	return 0, true
}

func lineAt(lines []string, i int) string {
	if i >= len(lines) {
		return "(no line)"
	}
	return lines[i]
}
