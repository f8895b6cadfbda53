package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// bruteForceMatching is the value of the best matching of a small dense
// matrix (math.MinInt64 for no edge), leaving nodes unmatched at value 0,
// found by trying every right node or none for each left node in turn.
func bruteForceMatching(val [][]int64, nr int) int64 {
	used := make([]bool, nr)
	var best func(i int) int64
	best = func(i int) int64 {
		if i == len(val) {
			return 0
		}
		b := best(i + 1) // left node i unmatched
		for j := range nr {
			if used[j] || val[i][j] == math.MinInt64 {
				continue
			}
			used[j] = true
			b = max(b, val[i][j]+best(i+1))
			used[j] = false
		}
		return b
	}
	return best(0)
}

func TestMaxWeightMatchingAgainstBruteForce(t *testing.T) {
	sizes := []struct{ nl, nr int }{
		{1, 1}, {1, 4}, {4, 1}, {2, 2}, {2, 3}, {3, 3}, {3, 5}, {5, 3},
		{4, 4}, {5, 5}, {4, 7}, {7, 4}, {6, 6}, {6, 7}, {7, 6}, {7, 7},
	}
	kinds := []struct {
		name    string
		density float64 // share of the cells that are candidate pairs
		lo, hi  int64   // values drawn in [lo, hi) tenths of a bit
	}{
		{"dense, mostly worth a match", 1, -20, 200},
		{"sparse", 0.4, -50, 200},
		{"no match mostly better", 0.8, -200, 40},
		{"no match always better", 1, -200, 0},
		{"many ties", 0.9, 1, 4},
	}
	const seeds = 60
	for _, sz := range sizes {
		for _, k := range kinds {
			t.Run(fmt.Sprintf("%dx%d %s", sz.nl, sz.nr, k.name), func(t *testing.T) {
				for seed := range uint64(seeds) {
					r := rand.New(rand.NewPCG(seed, uint64(sz.nl*10+sz.nr)))
					val := make([][]int64, sz.nl)
					var edges []matchEdge
					for i := range val {
						val[i] = make([]int64, sz.nr)
						for j := range val[i] {
							val[i][j] = math.MinInt64
							if r.Float64() >= k.density {
								continue
							}
							v := k.lo + r.Int64N(k.hi-k.lo)
							val[i][j] = v
							edges = append(edges, matchEdge{l: int32(i), r: int32(j), value: v})
						}
					}
					r.Shuffle(len(edges), func(a, b int) { edges[a], edges[b] = edges[b], edges[a] })
					match := maxWeightMatching(sz.nl, sz.nr, edges)
					var got int64
					taken := map[int32]bool{}
					for i, j := range match {
						if j < 0 {
							continue
						}
						if taken[j] {
							t.Fatalf("seed %d: right node %d matched twice: %v", seed, j, match)
						}
						taken[j] = true
						if val[i][j] == math.MinInt64 {
							t.Fatalf("seed %d: matched %d–%d, which is not an edge", seed, i, j)
						}
						if val[i][j] <= 0 {
							t.Fatalf("seed %d: took %d–%d of value %d, no better than no match", seed, i, j, val[i][j])
						}
						got += val[i][j]
					}
					if want := bruteForceMatching(val, sz.nr); got != want {
						t.Fatalf("seed %d: matching %v worth %d, want %d\nvalues %v", seed, match, got, want, val)
					}
				}
			})
		}
	}
}

func TestMaxWeightMatchingEdgeCases(t *testing.T) {
	tests := []struct {
		name   string
		nl, nr int
		edges  []matchEdge
		want   []int32
	}{
		{"no nodes", 0, 0, nil, []int32{}},
		{"no edges", 2, 3, nil, []int32{-1, -1}},
		{"only edges worth nothing", 2, 2, []matchEdge{{0, 0, 0}, {1, 1, -3}}, []int32{-1, -1}},
		{"parallel edges count as the best", 1, 1, []matchEdge{{0, 0, -5}, {0, 0, 7}}, []int32{0}},
		// The greedy answer (0–0 worth 10) loses to 0–1 and 1–0 worth 9+9.
		{"joint beats greedy", 2, 2, []matchEdge{{0, 0, 10}, {0, 1, 9}, {1, 0, 9}}, []int32{1, 0}},
		// Taking 1–0 (3) would displace 0–0 (10) for 0–1 (1): 4 < 10.
		{"no match beats a worse swap", 2, 2, []matchEdge{{0, 0, 10}, {0, 1, 1}, {1, 0, 3}}, []int32{0, -1}},
		{"a long augmenting path", 3, 3, []matchEdge{{0, 0, 5}, {1, 0, 6}, {1, 1, 5}, {2, 1, 6}, {2, 2, 5}, {0, 1, 1}}, []int32{0, 1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := maxWeightMatching(tt.nl, tt.nr, tt.edges); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// A shipwreck group solved by a dense method would need memory in the
// square of its size; the sparse solver handles a chain of thousands.
func TestMaxWeightMatchingLargeSparse(t *testing.T) {
	const n = 1000
	var edges []matchEdge
	for i := range int32(n) {
		edges = append(edges, matchEdge{i, i, 10})
		if i+1 < n {
			// Each left node prefers the next right node a little: greedy
			// would take these and strand the last left node.
			edges = append(edges, matchEdge{i, i + 1, 11})
		}
	}
	match := maxWeightMatching(n, n, edges)
	var total int64
	for i, j := range match {
		switch j {
		case int32(i):
			total += 10
		case int32(i) + 1:
			total += 11
		}
	}
	// Shifting all but the last: (n−1)·11 = 10989 beats n·10 = 10000.
	if want := int64((n - 1) * 11); total != want {
		t.Errorf("total %d, want %d", total, want)
	}
}

func key(id string) Key { return Key{Source: "s", ID: id} }

func row(l, r string, w float64, rank int) AssignRow {
	return AssignRow{Left: key(l), Right: key(r), Weight: w, Rank: rank, Relation: SamePerson}
}

func withIncidents(a AssignRow, li, ri string) AssignRow {
	a.LeftIncident, a.RightIncident = li, ri
	return a
}

func TestAssigner(t *testing.T) {
	type flagged struct{ l, r, flag string }
	tests := []struct {
		name string
		opt  AssignOptions
		rows []AssignRow
		// sameLeft and sameRight link cases and records of one person.
		sameLeft, sameRight [][2]string
		chosen              [][2]string
		changed             []flagged
	}{
		{
			name: "two cases want the same body",
			opt:  AssignOptions{Scope: AssignAll, NoMatch: 8},
			rows: []AssignRow{
				row("A", "b1", 28, 1), row("A", "b2", 23, 2),
				row("B", "b1", 27, 1), row("B", "b2", 13, 2),
			},
			// A–b2 + B–b1 = 15+19 beats A–b1 + B–b2 = 20+5.
			chosen:  [][2]string{{"A", "b2"}, {"B", "b1"}},
			changed: []flagged{{"A", "b2", FlagAssignJoint}, {"A", "b1", FlagAssignDisplaced}},
		},
		{
			name: "the weaker claim gets no match",
			opt:  AssignOptions{Scope: AssignAll, NoMatch: 8},
			rows: []AssignRow{
				row("A", "b1", 28, 1),
				row("B", "b1", 27, 1), row("B", "b2", 7, 2), // below no match
			},
			chosen:  [][2]string{{"A", "b1"}},
			changed: []flagged{{"B", "b1", FlagAssignDisplaced}},
		},
		{
			name: "first choices that do not clash are kept unflagged",
			opt:  AssignOptions{Scope: AssignAll},
			rows: []AssignRow{
				row("A", "b1", 12, 1), row("A", "b2", 3, 2),
				row("B", "b2", 11, 1), row("B", "b1", 4, 2),
			},
			chosen: [][2]string{{"A", "b1"}, {"B", "b2"}},
		},
		{
			name: "excluded, other relations and weak rows take no part",
			opt:  AssignOptions{Scope: AssignAll, NoMatch: 5},
			rows: []AssignRow{
				{Left: key("A"), Right: key("b1"), Weight: 30, Rank: 1, Relation: SamePerson, Excluded: true},
				{Left: key("A"), Right: key("T"), Weight: 30, Rank: 2, Relation: Reciprocal},
				row("A", "b2", 4, 3),
				row("B", "b3", 9, 1),
			},
			chosen: [][2]string{{"B", "b3"}},
		},
		{
			name: "incident: the bodies of one shipwreck shared out",
			opt:  AssignOptions{Scope: AssignIncident},
			rows: []AssignRow{
				withIncidents(row("A", "b1", 20, 1), "", "SW-1"),
				withIncidents(row("A", "b2", 15, 2), "", "SW-1"),
				withIncidents(row("B", "b1", 19, 1), "sw 1", "SW-1"),
				withIncidents(row("B", "b2", 5, 2), "sw 1", "SW-1"),
			},
			chosen:  [][2]string{{"A", "b2"}, {"B", "b1"}},
			changed: []flagged{{"A", "b2", FlagAssignJoint}, {"A", "b1", FlagAssignDisplaced}},
		},
		{
			name: "incident: rows naming no incident or two are left alone",
			opt:  AssignOptions{Scope: AssignIncident},
			rows: []AssignRow{
				row("A", "r1", 20, 1), row("B", "r1", 19, 1), // registrations, no incident
				withIncidents(row("C", "b1", 20, 1), "SW-1", "SW-2"),
				withIncidents(row("D", "b1", 19, 1), "SW-2", "SW-2"),
			},
			chosen: [][2]string{{"D", "b1"}},
		},
		{
			name: "incident: a case whose first choice lies outside keeps it",
			opt:  AssignOptions{Scope: AssignIncident},
			rows: []AssignRow{
				row("A", "r1", 25, 1), // a registration: the brother alive
				withIncidents(row("A", "b1", 20, 2), "", "SW-1"),
				withIncidents(row("B", "b1", 12, 1), "", "SW-1"),
			},
			chosen: [][2]string{{"B", "b1"}},
		},
		{
			name: "all: a case whose first choice lies outside every incident competes",
			opt:  AssignOptions{Scope: AssignAll},
			rows: []AssignRow{
				row("A", "r1", 25, 1),
				withIncidents(row("A", "b1", 20, 2), "", "SW-1"),
				withIncidents(row("B", "b1", 12, 1), "", "SW-1"),
				row("C", "r1", 24, 1),
			},
			// A–b1 + C–r1 = 44 beats A–r1 + B–b1 = 37.
			chosen: [][2]string{{"A", "b1"}, {"C", "r1"}},
			changed: []flagged{
				{"A", "b1", FlagAssignJoint}, {"A", "r1", FlagAssignDisplaced},
				{"B", "b1", FlagAssignDisplaced},
			},
		},
		{
			name: "two requests for one person share their body",
			opt:  AssignOptions{Scope: AssignAll, NoMatch: 8},
			rows: []AssignRow{
				row("A", "b1", 28, 1), row("A", "b2", 12, 2),
				row("A2", "b1", 27, 1),
				row("B", "b1", 20, 1), row("B", "b2", 18, 2),
			},
			sameLeft: [][2]string{{"A2", "A"}},
			// As one person, A and A2 weigh max(20, 19) for b1; with B–b2 (10)
			// that beats A–b2 (4) with B–b1 (12).
			chosen:  [][2]string{{"A", "b1"}, {"A2", "b1"}, {"B", "b2"}},
			changed: []flagged{{"B", "b2", FlagAssignJoint}, {"B", "b1", FlagAssignDisplaced}},
		},
		{
			name: "without the link, one of the two requests loses its body",
			opt:  AssignOptions{Scope: AssignAll, NoMatch: 8},
			rows: []AssignRow{
				row("A", "b1", 28, 1), row("A", "b2", 12, 2),
				row("A2", "b1", 27, 1),
				row("B", "b1", 20, 1), row("B", "b2", 18, 2),
			},
			chosen: [][2]string{{"A", "b1"}, {"B", "b2"}},
			changed: []flagged{
				{"A2", "b1", FlagAssignDisplaced},
				{"B", "b2", FlagAssignJoint}, {"B", "b1", FlagAssignDisplaced},
			},
		},
		{
			name: "one body recorded twice goes to one case",
			opt:  AssignOptions{Scope: AssignAll},
			rows: []AssignRow{
				row("A", "b1", 20, 1), row("A", "b1bis", 19, 2),
				row("B", "b1bis", 15, 1),
			},
			sameRight: [][2]string{{"b1", "b1bis"}},
			chosen:    [][2]string{{"A", "b1"}},
			changed:   []flagged{{"B", "b1bis", FlagAssignDisplaced}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Every order of the rows gives the same answer.
			for perm := range 6 {
				rows := slices.Clone(tt.rows)
				rand.New(rand.NewPCG(uint64(perm), 1)).Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
				a := NewAssigner(tt.opt)
				for _, s := range tt.sameLeft {
					if err := a.SameLeft(key(s[0]), key(s[1])); err != nil {
						t.Fatal(err)
					}
				}
				for _, s := range tt.sameRight {
					if err := a.SameRight(key(s[0]), key(s[1])); err != nil {
						t.Fatal(err)
					}
				}
				for _, r := range rows {
					if err := a.Add(r); err != nil {
						t.Fatal(err)
					}
				}
				res, err := a.Solve(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				var chosen [][2]string
				for _, c := range res.Chosen {
					chosen = append(chosen, [2]string{c.Left.ID, c.Right.ID})
				}
				if !slices.Equal(chosen, tt.chosen) {
					t.Fatalf("order %d: chosen %v, want %v", perm, chosen, tt.chosen)
				}
				var changed []flagged
				for _, c := range res.Changed {
					changed = append(changed, flagged{c.Left.ID, c.Right.ID, c.Flag})
					if got := res.Flag(c.Left, c.Right); got != c.Flag {
						t.Errorf("Flag(%v, %v) = %q, want %q", c.Left, c.Right, got, c.Flag)
					}
				}
				if !slices.Equal(changed, tt.changed) {
					t.Fatalf("order %d: changed %v, want %v", perm, changed, tt.changed)
				}
			}
		})
	}
}

func TestAssignmentTellsWhatChanged(t *testing.T) {
	a := NewAssigner(AssignOptions{Scope: AssignIncident, NoMatch: 8})
	for _, r := range []AssignRow{
		withIncidents(row("A", "b1", 28, 1), "", "SW-2023-06-04"),
		withIncidents(row("A", "b2", 23, 2), "", "SW-2023-06-04"),
		withIncidents(row("B", "b1", 27, 1), "", "SW-2023-06-04"),
	} {
		if err := a.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	res, err := a.Solve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Groups != 1 || res.Cases != 2 || res.Records != 2 || res.Largest != 4 {
		t.Errorf("groups %d, cases %d, records %d, largest %d; want 1, 2, 2, 4", res.Groups, res.Cases, res.Records, res.Largest)
	}
	want := []AssignedPair{
		{Left: key("A"), Right: key("b2"), Group: "SW-2023-06-04", Weight: 23, Rank: 2, Flag: FlagAssignJoint, Other: key("b1")},
		{Left: key("A"), Right: key("b1"), Group: "SW-2023-06-04", Weight: 28, Rank: 1, Flag: FlagAssignDisplaced, Other: key("b2"), TakenBy: key("B")},
	}
	if !slices.Equal(res.Changed, want) {
		t.Errorf("changed\n%+v\nwant\n%+v", res.Changed, want)
	}
	p := Pair{LeftSource: "s", LeftID: "A", RightSource: "s", RightID: "b1", Flags: []string{}}
	if !res.Mark(&p) || !slices.Equal(p.Flags, []string{FlagAssignDisplaced}) {
		t.Errorf("Mark: flags %v, want [%s]", p.Flags, FlagAssignDisplaced)
	}
	if res.Mark(&p) {
		t.Error("Mark added the flag twice")
	}
	if err := a.Add(row("C", "b3", 30, 1)); err == nil {
		t.Error("Add after Solve: no error")
	}
	if _, err := a.Solve(context.Background()); err == nil {
		t.Error("Solve twice: no error")
	}
}

func TestParseAssignScope(t *testing.T) {
	for _, s := range []AssignScope{AssignIncident, AssignAll} {
		got, err := ParseAssignScope(s.String())
		if err != nil || got != s {
			t.Errorf("ParseAssignScope(%q) = %v, %v", s.String(), got, err)
		}
	}
	if _, err := ParseAssignScope("case"); err == nil {
		t.Error(`ParseAssignScope("case"): no error`)
	}
}

func TestNoMatchWeight(t *testing.T) {
	m := DefaultModels()
	w := NoMatchWeight(m)
	// At the weight of no match a pair alone is as likely a match as not.
	if p := m.Person.Probability(w); math.Abs(p-0.5) > 1e-9 {
		t.Errorf("probability at NoMatchWeight %.3f = %v, want 0.5", w, p)
	}
	if NoMatchWeight(nil) != 0 {
		t.Error("NoMatchWeight(nil) != 0")
	}
}

func TestAssignmentMarksPairsFiles(t *testing.T) {
	a := NewAssigner(AssignOptions{Scope: AssignAll, NoMatch: 8})
	for _, r := range []AssignRow{row("A", "b1", 28, 1), row("A", "b2", 23, 2), row("B", "b1", 27, 1)} {
		if err := a.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	res, err := a.Solve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pairs := []Pair{
		{LeftSource: "s", LeftID: "A", RightSource: "s", RightID: "b1", Score: 28, Probability: 0.6, Rank: 1, Relation: "same_person", Flags: []string{"dental_conflict_review"}},
		{LeftSource: "s", LeftID: "A", RightSource: "s", RightID: "b2", Score: 23, Probability: 0.3, Rank: 2, Relation: "same_person", Flags: []string{}},
		{LeftSource: "s", LeftID: "B", RightSource: "s", RightID: "b1", Score: 27, Probability: 0.9, Rank: 1, Relation: "same_person", Flags: []string{},
			Fields: []Breakdown{{Field: "name", Level: "exact", Weight: 9.5, Detail: "a <b> & c", Text: "Names agree"}}},
	}
	wantFlags := []string{"dental_conflict_review " + FlagAssignDisplaced, FlagAssignJoint, ""}
	for _, explain := range []bool{false, true} {
		var in bytes.Buffer
		pw, err := NewPairWriter(&in, explain)
		if err != nil {
			t.Fatal(err)
		}
		for i := range pairs {
			if err := pw.Write(&pairs[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := pw.Flush(); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		mark := res.MarkCSV
		if explain {
			mark = res.MarkJSONL
		}
		n, err := mark(&out, bytes.NewReader(in.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Errorf("explain %v: marked %d rows, want 2", explain, n)
		}
		inLines, outLines := strings.Split(in.String(), "\n"), strings.Split(out.String(), "\n")
		if len(inLines) != len(outLines) {
			t.Fatalf("explain %v: %d lines in, %d out", explain, len(inLines), len(outLines))
		}
		for i, want := range wantFlags {
			line := outLines[i]
			if !explain {
				line = outLines[i+1] // after the header
				fields := strings.Split(line, ",")
				if got := fields[len(fields)-1]; got != want {
					t.Errorf("csv row %d: flags %q, want %q", i, got, want)
				}
				continue
			}
			var p Pair
			if err := json.Unmarshal([]byte(line), &p); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(p.Flags, " "); got != want {
				t.Errorf("jsonl line %d: flags %q, want %q", i, got, want)
			}
			if want == "" && line != inLines[i] {
				t.Errorf("jsonl line %d changed although not flagged:\n%s\n%s", i, inLines[i], line)
			}
		}
		// Marking twice adds nothing.
		var again bytes.Buffer
		if n, err := mark(&again, bytes.NewReader(out.Bytes())); err != nil || n != 0 || again.String() != out.String() {
			t.Errorf("explain %v: marking again: %d rows, %v", explain, n, err)
		}
	}
	if _, err := res.MarkCSV(io.Discard, strings.NewReader("a,b\n")); err == nil {
		t.Error("MarkCSV of a file that is not a pairs file: no error")
	}
	if _, err := res.MarkJSONL(io.Discard, strings.NewReader("{\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("MarkJSONL of a broken line: %v, want an error naming line 1", err)
	}
}

// BenchmarkAssign reconciles the rows of shipwrecks of 40 missing people
// and 30 bodies each, every case with 10 candidates among its shipwreck's
// bodies, half of the rows above no match: the rows are added one at a
// time, then solved. rows/s counts the rows added.
func BenchmarkAssign(b *testing.B) {
	for _, scope := range []AssignScope{AssignIncident, AssignAll} {
		b.Run(scope.String(), func(b *testing.B) {
			const wrecks, cases, bodies, cands = 250, 40, 30, 10
			r := rand.New(rand.NewPCG(1, 2))
			var rows []AssignRow
			for w := range wrecks {
				in := fmt.Sprintf("W%d", w)
				for c := range cases {
					for k := range cands {
						rows = append(rows, AssignRow{
							Left: Key{"tr", fmt.Sprintf("%d-%d", w, c)}, Right: Key{"pm", fmt.Sprintf("%d-%d", w, r.IntN(bodies))},
							RightIncident: in, Weight: 20 - 3*float64(k) + r.Float64()*4, Rank: k + 1, Relation: SamePerson,
						})
					}
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				a := NewAssigner(AssignOptions{Scope: scope, NoMatch: 8})
				for _, row := range rows {
					if err := a.Add(row); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := a.Solve(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(rows))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// FuzzAssignmentMark feeds the markers any bytes as a pairs file: they
// never panic, and what they write they can read again.
func FuzzAssignmentMark(f *testing.F) {
	a := NewAssigner(AssignOptions{Scope: AssignAll})
	for _, r := range []AssignRow{row("A", "b1", 28, 1), row("B", "b1", 27, 1), row("B", "b2", 20, 2)} {
		if err := a.Add(r); err != nil {
			f.Fatal(err)
		}
	}
	res, err := a.Solve(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	header := strings.Join(PairColumns, ",") + "\n"
	f.Add(header + "s,A,s,b1,28.0000,0.600000,1,same_person,\ns,B,s,b1,27.0000,0.400000,1,same_person,dental_conflict_review\n")
	f.Add(header + "s,B,s,b2,\"20,0\",0.3,2,same_person,\n")
	f.Add(`{"left_source":"s","left_id":"B","right_source":"s","right_id":"b1","score":27,"probability":0.4,"rank":1,"relation":"same_person","flags":[]}` + "\n")
	f.Add(`{"left_source":"s","left_id":"B","right_source":"s","right_id":"b1","flags":null,"fields":[{"field":"name"}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		for _, mark := range []func(io.Writer, io.Reader) (int, error){res.MarkCSV, res.MarkJSONL} {
			var out bytes.Buffer
			if _, err := mark(&out, strings.NewReader(in)); err != nil {
				continue
			}
			var again bytes.Buffer
			if n, err := mark(&again, bytes.NewReader(out.Bytes())); err != nil || n != 0 {
				t.Fatalf("marking its own output again: %d rows marked, %v\n%q", n, err, out.String())
			}
		}
	})
}

// After a shipwreck two families' requests both rank the same body first.
// The reconciliation gives that body to the request it fits best and the
// other request its second candidate, and flags the rows where the joint
// answer differs from a request's own first choice. The keys are made up.
func ExampleAssigner() {
	a := NewAssigner(AssignOptions{Scope: AssignIncident, NoMatch: 8}) // NoMatch: NoMatchWeight(models)
	k := func(id string) Key { return Key{Source: "example", ID: id} }
	for _, r := range []AssignRow{
		{Left: k("TR-1"), Right: k("PM-7"), RightIncident: "SW-2023-06-04", Weight: 28, Rank: 1, Relation: SamePerson},
		{Left: k("TR-1"), Right: k("PM-9"), RightIncident: "SW-2023-06-04", Weight: 23, Rank: 2, Relation: SamePerson},
		{Left: k("TR-2"), Right: k("PM-7"), RightIncident: "SW-2023-06-04", Weight: 27, Rank: 1, Relation: SamePerson},
	} {
		if err := a.Add(r); err != nil {
			panic(err)
		}
	}
	res, err := a.Solve(context.Background())
	if err != nil {
		panic(err)
	}
	for _, p := range res.Chosen {
		fmt.Println("chosen:", p.Left, p.Right)
	}
	for _, p := range res.Changed {
		fmt.Println(p.Flag+":", p.Left, p.Right, "in", p.Group)
	}
	// Output:
	// chosen: example/TR-1 example/PM-9
	// chosen: example/TR-2 example/PM-7
	// assign:joint: example/TR-1 example/PM-9 in SW-2023-06-04
	// assign:displaced: example/TR-1 example/PM-7 in SW-2023-06-04
}

func TestLinkDuplicates(t *testing.T) {
	a := NewAssigner(AssignOptions{Scope: AssignAll, NoMatch: 8})
	prof := func(id string) *Profile { return &Profile{Key: key(id)} }
	m := Match{Left: prof("A"), Candidates: []Scored{
		{B: prof("A2"), Relation: Duplicate, Weight: 8 + SureDuplicate + 1},
		{B: prof("A3"), Relation: Duplicate, Weight: 8 + SureDuplicate - 1}, // a brother, perhaps
		{B: prof("A4"), Relation: Duplicate, Weight: 40, Excluded: &Exclusion{Code: "sex_conflict"}},
		{B: prof("A5"), Relation: Reciprocal, Weight: 40},
	}}
	for i, want := range []int{1, 0} { // the second time, the link is known
		if n, err := a.LinkDuplicates(&m); err != nil || n != want {
			t.Fatalf("call %d: %d links, %v; want %d", i+1, n, err, want)
		}
	}
	for _, r := range []AssignRow{row("A", "b1", 28, 1), row("A2", "b1", 27, 1), row("A3", "b1", 26, 1)} {
		if err := a.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	res, err := a.Solve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var chosen []string
	for _, c := range res.Chosen {
		chosen = append(chosen, c.Left.ID+"–"+c.Right.ID)
	}
	if want := []string{"A–b1", "A2–b1"}; !slices.Equal(chosen, want) {
		t.Errorf("chosen %v, want %v", chosen, want)
	}
}
