package words_test

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
	"github.com/rflmatch/rflmatch/engine/words"
)

var update = flag.Bool("update", false, "rewrite the worded golden files in ../../testdata/words")

// The worded golden files: for every query of the explanation goldens
// (../../testdata/candidates), the case as a caseworker reads it in each
// language, in ../../testdata/words/LANG/NAME.txt: the command, a line
// "----", the view of the case as words.Printer.WriteCase writes it at
// 100 columns, and a blank line. -update rewrites them.
const (
	generatedDir  = "../../testdata/generated"
	candidatesDir = "../../testdata/candidates"
	wordsDir      = "../../testdata/words"
)

func TestGoldenWords(t *testing.T) {
	st := generatedStore(t)
	files, err := filepath.Glob(filepath.Join(candidatesDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files in %s (%v)", candidatesDir, err)
	}
	for _, lang := range words.Langs() {
		p := words.New(lang)
		for _, path := range files {
			name := filepath.Base(path)
			t.Run(lang+"/"+name, func(t *testing.T) {
				cmds, err := queries(path)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				for _, cmd := range cmds {
					fmt.Fprintf(&buf, "%s\n----\n", cmd)
					if err := worded(&buf, st, p, cmd); err != nil {
						t.Fatalf("%s: %s: %v", path, cmd, err)
					}
					buf.WriteString("\n")
				}
				out := filepath.Join(wordsDir, lang, name)
				if *update {
					if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(out)
				if err != nil {
					t.Fatalf("%v (go test ./engine/words -run TestGoldenWords -update writes it)", err)
				}
				got := strings.Split(buf.String(), "\n")
				wl := strings.Split(string(want), "\n")
				for i := range max(len(got), len(wl)) {
					g, w := lineAt(got, i), lineAt(wl, i)
					if g != w {
						t.Fatalf("%s:%d: differs (go test ./engine/words -run TestGoldenWords -update rewrites it)\ngot:  %s\nwant: %s", out, i+1, g, w)
					}
				}
			})
		}
	}
}

func lineAt(lines []string, i int) string {
	if i >= len(lines) {
		return "(no line)"
	}
	return lines[i]
}

// queries are the query commands of an explanation golden file.
func queries(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for l := range strings.SplitSeq(string(data), "\n") {
		if strings.HasPrefix(l, "query ") {
			out = append(out, l)
		}
	}
	return out, nil
}

// worded runs one query as the explanation goldens do and writes the
// case's view.
func worded(buf *bytes.Buffer, st *enginetest.Store, p *words.Printer, cmd string) error {
	args := strings.Fields(cmd)
	source, id, _ := strings.Cut(args[1], "/")
	models := engine.DefaultModels()
	opt := engine.QueryOptions{Models: models, Explain: true, IncludeExcluded: len(args) > 2 && args[2] == "excluded"}
	ctx := context.Background()
	res, err := engine.Query(ctx, st, engine.Key{Source: source, ID: id}, opt)
	if err != nil {
		return err
	}
	c := &words.Case{Key: res.Key, Records: res.Case, Pairs: res.Pairs, Models: models}
	for i := range c.Pairs {
		r, err := st.Get(ctx, engine.Key{Source: c.Pairs[i].RightSource, ID: c.Pairs[i].RightID})
		if err != nil {
			return err
		}
		c.Candidates = append(c.Candidates, r)
		p.Fill(&c.Pairs[i], words.SidesOf(res.Case, r))
	}
	return p.WriteCase(buf, c, 100)
}

// generatedStore holds every record of the generated dataset.
func generatedStore(t *testing.T) *enginetest.Store {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(generatedDir, "*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no records in %s (%v)", generatedDir, err)
	}
	var recs []*engine.Record
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for n := 1; sc.Scan(); n++ {
			r, err := engine.Decode(sc.Bytes())
			if err != nil {
				t.Fatalf("%s:%d: %v", path, n, err)
			}
			recs = append(recs, r)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	var s enginetest.Store
	if _, err := s.Put(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	return &s
}
