package index

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// testOptions keeps badger's files small and its logs out of test output.
func testOptions(encrypted bool) Options {
	o := Options{
		Create:           true,
		NoSync:           true,
		MemTableSize:     1 << 20,
		ValueLogFileSize: 1 << 20,
		CacheSize:        4 << 20,
		Log:              io.Discard,
	}
	if encrypted {
		o.Key = testKey(1)
	} else {
		o.NoEncryption = true
	}
	return o
}

func testKey(seed byte) []byte {
	k := make([]byte, 32)
	for i := range k {
		k[i] = seed + byte(i)
	}
	return k
}

func randomKey() []byte {
	k := make([]byte, 32)
	rand.Read(k)
	return k
}

func openTest(t testing.TB, dir string, opt Options) *Store {
	t.Helper()
	s, err := Open(context.Background(), dir, opt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// record builds a realistic tracing request by hand.
func record(source, id string, kind engine.Kind, name string) *engine.Record {
	yes := true
	return &engine.Record{
		ID:     id,
		Source: source,
		Kind:   kind,
		CaseID: "C-" + id,
		Names: []engine.Name{
			{Full: name, Lang: "ar"},
			{Full: "محمد عبد الرحمن آدم", Type: engine.ReportedName, Lang: "ar"},
		},
		Sex:        engine.Male,
		SexCertain: &yes,
		Age:        &engine.Age{Min: 24, Max: 26, Method: engine.AgeReported},
		Nationals:  []string{"SD"},
		Origin:     &engine.Place{Text: "Nyala, South Darfur", Country: "SD"},
		Languages:  []string{"ar", "fur"},
		Height:     &engine.Range{Min: 175, Max: 180},
		Hair:       "black, short",
		Marks:      []engine.Mark{{Type: engine.Scar, Location: "left eyebrow", Description: "small vertical scar"}},
		Route:      []engine.Place{{Text: "Khartoum", Country: "SD"}, {Text: "Kufra", Country: "LY"}, {Text: "Zuwara", Country: "LY"}},
		Clothing:   []string{"red football shirt", "black jeans"},
		Effects:    []string{"silver ring with blue stone"},
		Enquirer: &engine.Enquirer{
			Names:        []engine.Name{{Full: "Fatima Abdelrahman Adam"}},
			Relationship: "sister",
			Contact:      "restricted",
		},
		Notes: "phone call before boarding at Zuwara",
	}
}

func canonical(t testing.TB, r *engine.Record) string {
	t.Helper()
	b, err := r.MarshalCanonical()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPutOutcomes(t *testing.T) {
	ctx := context.Background()
	for _, encrypted := range []bool{true, false} {
		t.Run(fmt.Sprintf("encrypted=%v", encrypted), func(t *testing.T) {
			s := openTest(t, t.TempDir(), testOptions(encrypted))
			a := record("it-tracing", "TR-1", engine.TracingRequest, "Mohamed Abdelrahman")
			b := record("it-tracing", "TR-2", engine.TracingRequest, "Awet Tesfay Gebre")
			changed := record("it-tracing", "TR-1", engine.TracingRequest, "Mohammed Abd al-Rahman")
			tests := []struct {
				name string
				recs []*engine.Record
				want []engine.WriteOutcome
			}{
				{"new", []*engine.Record{a, b}, []engine.WriteOutcome{engine.Stored, engine.Stored}},
				{"same again", []*engine.Record{a, b}, []engine.WriteOutcome{engine.Unchanged, engine.Unchanged}},
				{"changed", []*engine.Record{changed}, []engine.WriteOutcome{engine.Updated}},
				{"back and forth in one batch", []*engine.Record{a, changed, changed}, []engine.WriteOutcome{engine.Updated, engine.Updated, engine.Unchanged}},
				{"empty batch", nil, []engine.WriteOutcome{}},
			}
			for _, tt := range tests {
				got, err := s.Put(ctx, tt.recs)
				if err != nil {
					t.Fatalf("%s: Put: %v", tt.name, err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("%s: Put = %v, want %v", tt.name, got, tt.want)
				}
			}
			got, err := s.Get(ctx, a.Key())
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if canonical(t, got) != canonical(t, changed) {
				t.Errorf("Get = %s\nwant %s", canonical(t, got), canonical(t, changed))
			}
		})
	}
}

func TestPutInvalid(t *testing.T) {
	s := openTest(t, t.TempDir(), testOptions(false))
	tests := []struct {
		name string
		rec  *engine.Record
	}{
		{"nil", nil},
		{"no id", &engine.Record{Source: "s", Kind: engine.PostMortem}},
		{"no source", &engine.Record{ID: "1", Kind: engine.PostMortem}},
		{"unknown kind", &engine.Record{ID: "1", Source: "s", Kind: "alien"}},
		{"invalid UTF-8", &engine.Record{ID: "\xff", Source: "s", Kind: engine.PostMortem}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Put(context.Background(), []*engine.Record{tt.rec})
			if !errors.Is(err, ErrInvalidRecord) {
				t.Errorf("Put = %v, want ErrInvalidRecord", err)
			}
		})
	}
}

func TestGetDelete(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir(), testOptions(true))
	r := record("gr-coastguard", "PM-7", engine.PostMortem, "unknown")
	if _, err := s.Put(ctx, []*engine.Record{r}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, r.Key()); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	tests := []struct {
		name string
		op   func() error
	}{
		{"get deleted", func() error { _, err := s.Get(ctx, r.Key()); return err }},
		{"delete deleted", func() error { return s.Delete(ctx, r.Key()) }},
		{"get never stored", func() error { _, err := s.Get(ctx, engine.Key{Source: "x", ID: "y"}); return err }},
	}
	for _, tt := range tests {
		if err := tt.op(); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", tt.name, err)
		}
	}
	// Put after delete is a new record again.
	got, err := s.Put(ctx, []*engine.Record{r})
	if err != nil || got[0] != engine.Stored {
		t.Errorf("Put after Delete = %v, %v; want stored", got, err)
	}
}

func TestScanOrderAndFilter(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir(), testOptions(true))
	// Sources and ids chosen so that naive concatenation would sort wrongly:
	// "a" + "b\x00" vs "a\x00" + ...; "ab" vs "a" + "b...".
	recs := []*engine.Record{
		record("b", "1", engine.PostMortem, "x"),
		record("a", "b", engine.TracingRequest, "x"),
		record("ab", "0", engine.TracingRequest, "x"),
		record("a", "a\x00z", engine.PostMortem, "x"),
		record("a", "a", engine.Registration, "x"),
		record("a", "ÿ", engine.TracingRequest, "x"),
		record("a-b", "1", engine.AnteMortem, "x"),
	}
	if _, err := s.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		filter Filter
		want   []string
	}{
		{"all", Filter{}, []string{"a/a", "a/a\x00z", "a/b", "a/ÿ", "a-b/1", "ab/0", "b/1"}},
		{"source a", Filter{Source: "a"}, []string{"a/a", "a/a\x00z", "a/b", "a/ÿ"}},
		{"source ab", Filter{Source: "ab"}, []string{"ab/0"}},
		{"kind", Filter{Kind: engine.TracingRequest}, []string{"a/b", "a/ÿ", "ab/0"}},
		{"source and kind", Filter{Source: "a", Kind: engine.PostMortem}, []string{"a/a\x00z"}},
		{"absent source", Filter{Source: "zz"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := s.Scan(ctx, tt.filter, func(r *engine.Record) error {
				got = append(got, r.Key().String())
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Scan = %q, want %q", got, tt.want)
			}
		})
	}
	stop := errors.New("stop")
	n := 0
	err := s.Scan(ctx, Filter{}, func(*engine.Record) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Scan with failing fn = %v after %d calls, want stop after 1", err, n)
	}
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir(), testOptions(true))
	recs := []*engine.Record{
		record("it-tracing", "1", engine.TracingRequest, "x"),
		record("it-tracing", "2", engine.AnteMortem, "x"),
		record("it-tracing", "3", engine.AnteMortem, "x"),
		record("gr-coastguard", "1", engine.PostMortem, "x"),
	}
	if _, err := s.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, engine.Key{Source: "it-tracing", ID: "3"}); err != nil {
		t.Fatal(err)
	}
	// The search index trails the writes; once it has caught up, Stats
	// says nothing waits.
	if err := s.WaitSearch(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got.DiskBytes = 0
	want := Stats{
		Records: 3,
		Kinds:   map[engine.Kind]int{engine.TracingRequest: 1, engine.AnteMortem: 1, engine.PostMortem: 1},
		Sources: []SourceStats{
			{Source: "gr-coastguard", Records: 1, Kinds: map[engine.Kind]int{engine.PostMortem: 1}},
			{Source: "it-tracing", Records: 2, Kinds: map[engine.Kind]int{engine.TracingRequest: 1, engine.AnteMortem: 1}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Stats = %+v\nwant %+v", got, want)
	}
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	opt := testOptions(true)
	s, err := Open(ctx, dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	r := record("it-tracing", "TR-9", engine.TracingRequest, "Yonas Haile Tekle")
	if _, err := s.Put(ctx, []*engine.Record{r}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close = %v, want ErrClosed", err)
	}
	if _, err := s.Get(ctx, r.Key()); !errors.Is(err, ErrClosed) {
		t.Errorf("Get after Close = %v, want ErrClosed", err)
	}
	opt.Create = false
	s = openTest(t, dir, opt)
	got, err := s.Get(ctx, r.Key())
	if err != nil {
		t.Fatal(err)
	}
	if canonical(t, got) != canonical(t, r) {
		t.Errorf("after reopen Get = %s, want %s", canonical(t, got), canonical(t, r))
	}
}

func TestLargePutSplits(t *testing.T) {
	// With a 1 MiB memtable a transaction holds about 150 KiB, so 1,000
	// records of about 1 KiB take several commits; all must be readable.
	ctx := context.Background()
	s := openTest(t, t.TempDir(), testOptions(true))
	recs := make([]*engine.Record, 1000)
	for i := range recs {
		recs[i] = record("it-tracing", fmt.Sprintf("TR-%05d", i), engine.TracingRequest, "Mohamed Abdelrahman")
	}
	if _, err := s.Put(ctx, recs); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := s.Scan(ctx, Filter{}, func(r *engine.Record) error {
		if want := fmt.Sprintf("TR-%05d", n); r.ID != want {
			return fmt.Errorf("record %d is %s, want %s", n, r.ID, want)
		}
		n++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != len(recs) {
		t.Errorf("Scan saw %d records, want %d", n, len(recs))
	}
}
