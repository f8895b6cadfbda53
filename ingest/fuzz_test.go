package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzJSONL checks that every physical line is exactly one item, a record or
// a reject, in line order, whatever the bytes.
func FuzzJSONL(f *testing.F) {
	for _, seed := range []string{
		recA + "\n" + recB + "\n",
		"\uFEFF" + recA + "\r\n\r\n" + recB,
		"not json\n{\"id\":\n" + recA,
		`{"id":"C","source":"test-src","kind":"post_mortem","age":{"min":18,"max":12}}`,
		"{\"id\":\"\xff\"}\n" + strings.Repeat("x", 300) + "\n",
		`{"id":"A","source":"s","kind":"post_mortem"} {"id":"B"}`,
		"\n\n \t\n",
	} {
		f.Add([]byte(seed))
	}
	const max = 256
	f.Fuzz(func(t *testing.T, data []byte) {
		var items []Item
		err := ReadJSONL(context.Background(), bytes.NewReader(data), "f.jsonl", max, func(it Item) error {
			items = append(items, it)
			return nil
		})
		if err != nil {
			t.Fatalf("readJSONL: %v", err)
		}
		var want []int
		for i, seg := range bytes.SplitAfter(data, []byte("\n")) {
			if len(seg) > max+2 {
				want = append(want, i+1)
				continue
			}
			if i == 0 {
				seg = bytes.TrimPrefix(seg, []byte("\uFEFF"))
			}
			if len(bytes.TrimSpace(seg)) > 0 {
				want = append(want, i+1)
			}
		}
		if len(items) != len(want) {
			t.Fatalf("got %d items, want %d (lines %v)", len(items), len(want), want)
		}
		for i, it := range items {
			if it.Loc.Line != strconv.Itoa(want[i]) {
				t.Errorf("item %d at line %s, want %d", i, it.Loc.Line, want[i])
			}
			if (it.Record == nil) == (it.Err == nil) {
				t.Errorf("line %s: record %v and error %v: want exactly one", it.Loc.Line, it.Record, it.Err)
			}
		}
	})
}

// fuzzMapping maps a few columns of every kind of field.
var fuzzMapping = &Mapping{Source: "test-src", Kind: "post_mortem", Columns: map[string]Column{
	"Id":   {Path: "id"},
	"Name": {Path: "names[0].full"},
	"Alt":  {Path: "names[1].full"},
	"From": {Path: "age.min"},
	"To":   {Path: "age.max"},
	"Born": {Path: "birth_date", DateLayout: "02/01/2006"},
	"Sure": {Path: "sex_certain"},
	"Eff":  {Path: "effects", Separator: ";"},
}}

// FuzzCSV checks, on any CSV text, that Run neither panics nor loses a
// record: every record read is stored, updated, unchanged or rejected, every
// reject is in the rejects file, and each item is a record or a reject.
func FuzzCSV(f *testing.F) {
	header := "Id,Name,Alt,From,To,Born,Sure,Eff\n"
	for _, seed := range []string{
		header + "X-1,Synthetic Nu,,20,30,01/02/1990,yes,a;b\nX-2,,Nu Alias,,,,,\n",
		header + "X-1,\"Synthetic\nNu\",,20,30,,,\nX-1,Synthetic Nu,,20,31,,,\n",
		header + "X-3,Synth\"etic,,twenty,30,31/02/1990,maybe,\n\n,,,,,,,\nX-4,a,b,c,d,e,f,g,h\n",
		"\uFEFF" + header + "X-5,\"unterminated,,,\n",
		"Id,Name\nX-6,Synthetic Xi\n",
		header + "X-7,caf\xe9,,,,,,\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		in := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(in, data, 0o600); err != nil {
			t.Fatal(err)
		}
		var items []Item
		err := ReadFile(context.Background(), in, Options{Mapping: fuzzMapping}, func(it Item) error {
			items = append(items, it)
			return nil
		})
		var ferr *FileError
		if err != nil && !errors.Is(err, ErrConfig) && !errors.As(err, &ferr) {
			t.Fatalf("ReadFile: %v", err)
		}
		for _, it := range items {
			if (it.Record == nil) == (it.Err == nil) {
				t.Errorf("line %s: want exactly one of record and error", it.Loc.Line)
			}
		}
		var errs bytes.Buffer
		rej := filepath.Join(dir, "rejects.jsonl")
		sum, err := Run(context.Background(), newMemSink(), []string{in}, Options{Mapping: fuzzMapping, BatchSize: 2, RejectsPath: rej, Errors: &errs})
		if err != nil {
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("Run: %v", err)
			}
			return
		}
		if sum.Read != len(items) {
			t.Errorf("Run read %d, ReadFile %d", sum.Read, len(items))
		}
		if sum.Read != sum.Stored+sum.Updated+sum.Unchanged+sum.Rejected {
			t.Errorf("counts do not add up: %v", sum)
		}
		rejects, _ := os.ReadFile(rej)
		if n := bytes.Count(rejects, []byte("\n")); n != sum.Rejected {
			t.Errorf("%d lines in the rejects file, %d rejected", n, sum.Rejected)
		}
		for _, line := range strings.Split(strings.TrimSuffix(errs.String(), "\n"), "\n") {
			if line != "" && !strings.HasPrefix(line, in+":") {
				t.Errorf("error line %q does not start with the file", line)
			}
		}
	})
}

// FuzzMapping checks that any mapping file loads or fails with ErrConfig.
func FuzzMapping(f *testing.F) {
	data, err := os.ReadFile("testdata/people.mapping.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"source":"s","kind":"post_mortem","columns":{"A":{"path":"id"},"B":{"path":"names[99].parts.father"},"C":{"path":"dental.teeth.85"}}}`))
	f.Add([]byte(`{"columns":{"A":{"path":"a..b[1]"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "m.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		m, err := LoadMapping(path)
		if err != nil {
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("LoadMapping: %v is not ErrConfig", err)
			}
			return
		}
		header := make([]string, 0, len(m.Columns))
		for name := range m.Columns {
			header = append(header, name)
		}
		p, err := newPlan(m, header, "f.csv")
		if err != nil {
			t.Fatalf("newPlan on the mapping's own columns: %v", err)
		}
		cells := make([]string, len(header))
		for i := range cells {
			cells[i] = "1"
		}
		if r, verr := p.record(cells); (r == nil) == (verr == nil) {
			t.Errorf("want exactly one of record and error")
		}
	})
}

// FuzzXLSX checks that any bytes named .xlsx are read or refused as a file,
// never a panic: every item is exactly a record or a reject, and the error
// is a *FileError or ErrConfig. The seeds are workbooks of the tests.
func FuzzXLSX(f *testing.F) {
	for _, seed := range []string{"testdata/sheets/it-title.xlsx"} {
		data, err := os.ReadFile(seed)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	dir := f.TempDir()
	people := filepath.Join(dir, "people.xlsx")
	writeWorkbook(f, people)
	small := filepath.Join(dir, "small.xlsx")
	writeRawWorkbook(f, small, func(w io.Writer) {
		sheetRow(w, 1, "id", "source", "kind", "names[0].full")
		sheetRow(w, 2, "A1", "test-src", "post_mortem", "Synthetic Name")
	})
	for _, p := range []string{people, small} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.xlsx")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		err := ReadFile(context.Background(), path, Options{}, func(it Item) error {
			if (it.Record == nil) == (it.Err == nil) {
				t.Errorf("%s: want exactly one of record and error", it.Loc)
			}
			return nil
		})
		var ferr *FileError
		if err != nil && !errors.As(err, &ferr) && !errors.Is(err, ErrConfig) {
			t.Errorf("ReadFile: %v (%T), want a FileError or ErrConfig", err, err)
		}
		if _, err := GuessMapping(context.Background(), path); err != nil && !errors.As(err, &ferr) {
			t.Errorf("GuessMapping: %v (%T), want a FileError", err, err)
		}
	})
}

// FuzzGuessMapping checks that mapping init reads any bytes named .csv to a
// guess or a *FileError, never a panic, and that what it guesses is a
// mapping that loads: every guessed column names a path of the contract.
func FuzzGuessMapping(f *testing.F) {
	for _, seed := range []string{"testdata/people.csv", "testdata/sheets/fr-semicolon.csv", "testdata/sheets/ar-tab.csv", "testdata/sheets/fr-cp1252.csv"} {
		data, err := os.ReadFile(seed)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("\uFEFFNom;Prénom;Sexe;Âge\n"))
	f.Add([]byte("\"unterminated,Name\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		g, err := GuessMapping(context.Background(), path)
		if err != nil {
			var ferr *FileError
			if !errors.As(err, &ferr) {
				t.Fatalf("GuessMapping: %v (%T), want a FileError", err, err)
			}
			return
		}
		var b bytes.Buffer
		if err := g.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		// What the user fills in first, as the command says.
		filled := bytes.Replace(b.Bytes(), []byte(`"source": "",`), []byte(`"source": "s",`), 1)
		filled = bytes.Replace(filled, []byte(`"kind": "",`), []byte(`"kind": "post_mortem",`), 1)
		mpath := filepath.Join(dir, "m.json")
		if err := os.WriteFile(mpath, filled, 0o600); err != nil {
			t.Fatal(err)
		}
		hasID := false
		for h, c := range g.Mapping.Columns {
			paths := c.Paths
			if c.Path != "" {
				paths = append(paths, c.Path)
			}
			if len(paths) == 0 {
				t.Errorf("column %q guessed with no path", h)
			}
			for _, p := range paths {
				if _, _, err := resolvePath(p); err != nil {
					t.Errorf("column %q guessed as %q, which is not a path of the contract: %v", h, p, err)
				}
				hasID = hasID || p == "id"
			}
		}
		// A guess with an id column is a mapping that loads once source
		// and kind are filled in; without one, LoadMapping says so.
		if _, err := LoadMapping(mpath); hasID && err != nil || !hasID && !errors.Is(err, ErrConfig) {
			t.Fatalf("the guessed mapping (id guessed: %v) loads with %v:\n%s", hasID, err, filled)
		}
	})
}
