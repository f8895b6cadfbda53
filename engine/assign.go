package engine

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
)

// One-to-one reconciliation (issue 17). A cross-check ranks each case on
// its own, so after a shipwreck two cases can both be given the same body
// first. An [Assigner] reads the ranked rows one at a time and finds, within
// each group of rows that compete (an incident, or a connected component of
// the candidate graph), the most likely joint assignment: each left case and
// each right record used at most once, "no match" allowed on both sides.
//
// # The weight of "no match"
//
// Under the Fellegi–Sunter model a pair's posterior log-odds of being a
// match is its match weight plus the prior weight log2(λ/(1−λ)) (see
// [Model.PriorWeight]). If the pairs of an assignment are taken to be
// independent given the assignment, the log-probability of an assignment
// is, up to a constant, the sum of the posterior log-odds of the pairs it
// takes, and leaving a case (or a body) without a match adds 0: the
// alternative every pair's odds are measured against. So "no match" has
// posterior log-odds 0, which is the match weight −log2(λ/(1−λ)) =
// log2((1−λ)/λ) ([NoMatchWeight]): a pair is worth taking only when its
// match weight is above that, that is when, alone, it is more likely a
// match than not. The solver maximises the sum of (weight − NoMatch) over
// the pairs it takes.

// Flags the reconciliation writes on the rows where the joint answer
// differs from a case's independent first choice.
const (
	// FlagAssignJoint marks the pair the joint assignment gives a case
	// when it is not the case's first choice.
	FlagAssignJoint = "assign:joint"
	// FlagAssignDisplaced marks a case's first choice that the joint
	// assignment does not keep: its right record goes to another case, or
	// the case is better left without a match.
	FlagAssignDisplaced = "assign:displaced"
)

// AssignScope says which rows the reconciliation solves together.
type AssignScope uint8

const (
	// AssignIncident, the default, reconciles the rows of each incident: a
	// pair belongs to incident X when one side names X and the other
	// names X or no incident. Rows between two records of different
	// incidents, or between two records that name none, keep their
	// independent ranks. A case that shares its incident's candidates with
	// another incident (a case naming none, with bodies of two shipwrecks
	// among its candidates) joins the two into one group, so that no case
	// and no body is given twice. A case whose first choice lies outside
	// every incident (a registration of a living person, a body of
	// another incident) keeps it and takes no part: the group cannot weigh
	// that alternative against its own.
	AssignIncident AssignScope = iota
	// AssignAll reconciles each connected component of the candidate
	// graph (over the pairs that beat "no match"): the exact joint
	// assignment of the whole cross-check.
	AssignAll
)

// String is the scope as --assign names it.
func (s AssignScope) String() string {
	if s == AssignAll {
		return "all"
	}
	return "incident"
}

// ParseAssignScope reads a scope as --assign names it: "incident" or "all".
func ParseAssignScope(s string) (AssignScope, error) {
	switch s {
	case "incident":
		return AssignIncident, nil
	case "all":
		return AssignAll, nil
	}
	return 0, fmt.Errorf("assign scope %q: want incident or all", s)
}

// AssignOptions tune an [Assigner].
type AssignOptions struct {
	// Scope is which rows are solved together; the default is
	// AssignIncident.
	Scope AssignScope
	// NoMatch is the match weight of "no match": a pair is taken only if
	// its weight is above it. Set it to [NoMatchWeight] of the models that
	// scored the rows; the zero value takes every pair whose likelihood
	// ratio alone favours a match, ignoring the prior.
	NoMatch float64
}

// NoMatchWeight is the match weight of "no match" under models: minus the
// prior weight of the same-person model, log2((1−λ)/λ), at which a pair
// alone is as likely a match as not (probability 1/2).
func NoMatchWeight(m *Models) float64 {
	if m == nil || m.Person == nil {
		return 0
	}
	return -m.Person.PriorWeight()
}

// AssignRow is one ranked candidate as the reconciliation reads it: a row
// of a cross-check's output with the incidents of its two sides.
type AssignRow struct {
	Left, Right Key
	// LeftIncident and RightIncident are the incident_id each side names,
	// "" for none; they are compared as identifiers are (case, spaces and
	// punctuation ignored).
	LeftIncident, RightIncident string
	// Weight is the match weight (the score column); Rank the pair's
	// independent rank among its case's candidates, from 1.
	Weight float64
	Rank   int
	// Relation and Excluded say whether the pair competes: only
	// same-person pairs not ruled out are reconciled (one missing person
	// is at most one body or one living registrant).
	Relation Relation
	Excluded bool
}

// NewAssignRow is the row of the rank-th (from 1) candidate of m, with the
// weight rounded as the pairs file writes it.
func NewAssignRow(m *Match, rank int) AssignRow {
	c := &m.Candidates[rank-1]
	return AssignRow{
		Left: m.Left.Key, Right: c.B.Key,
		LeftIncident: IncidentOf(m.Left), RightIncident: IncidentOf(c.B),
		Weight: roundTo(c.Weight, 4), Rank: rank,
		Relation: c.Relation, Excluded: c.Excluded != nil,
	}
}

// IncidentOf is the incident a profile names, as its first record that
// names one writes it; "" for none, and for a compact profile (which keeps
// only the normalised form; see [Profile.Compact]) its normalised form.
func IncidentOf(p *Profile) string {
	for _, r := range p.Records {
		if r.IncidentID != "" {
			return r.IncidentID
		}
	}
	return p.incident()
}

// Assigner collects the rows of a cross-check and, once they are all in,
// solves the one-to-one reconciliation ([Assigner.Solve]). It keeps only
// the rows that beat "no match" (the others can never be taken), each as a
// few integers; the solver then works on one group at a time. It is safe
// for concurrent use.
type Assigner struct {
	opt AssignOptions

	mu sync.Mutex // guards the fields below
	// left and right are the interned keys of each side; leftIncident and
	// rightIncident their incidents as ids into incidents (-1 for none).
	left, right   map[Key]int32
	leftKeys      []Key
	rightKeys     []Key
	leftIncident  []int32
	rightIncident []int32
	incidents     []string // normalised
	incidentLabel []string // as first written
	incidentID    map[string]int32
	edges         []assignEdge
	// sameLeft and sameRight link cases, and records, of one person;
	// linked holds the links given, to take each once.
	sameLeft, sameRight [][2]int32
	linked              map[[2]int32]bool
	solved              bool
}

// assignEdge is a row that beats "no match": its two sides, its value
// (weight − NoMatch in units of 10⁻⁴ bit, so that sums are exact and ties
// are ties) and its independent rank.
type assignEdge struct {
	l, r  int32
	rank  int32
	value int64
	w     float64
}

// weightUnit is the resolution of the solver's values: the pairs file
// rounds weights to 4 decimals.
const weightUnit = 1e4

// NewAssigner starts a reconciliation.
func NewAssigner(opt AssignOptions) *Assigner {
	return &Assigner{
		opt:  opt,
		left: map[Key]int32{}, right: map[Key]int32{},
		incidentID: map[string]int32{},
	}
}

// Add reads one row. Rows that are not same-person, are excluded, or do
// not beat "no match" are not kept. Adding after Solve is an error.
func (a *Assigner) Add(row AssignRow) error {
	if row.Relation != SamePerson || row.Excluded {
		return nil
	}
	v := math.Round((row.Weight - a.opt.NoMatch) * weightUnit)
	if !(v > 0) { // NaN too
		return nil
	}
	rank := int32(math.MaxInt32)
	if row.Rank > 0 && row.Rank < math.MaxInt32 {
		rank = int32(row.Rank)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.solved {
		return fmt.Errorf("assign: a row added after Solve")
	}
	l := a.node(a.left, &a.leftKeys, &a.leftIncident, row.Left, row.LeftIncident)
	r := a.node(a.right, &a.rightKeys, &a.rightIncident, row.Right, row.RightIncident)
	a.edges = append(a.edges, assignEdge{l: l, r: r, rank: rank, value: int64(v), w: row.Weight})
	return nil
}

// node interns a key of one side, with its incident.
func (a *Assigner) node(ids map[Key]int32, keys *[]Key, incident *[]int32, k Key, in string) int32 {
	id, ok := ids[k]
	if !ok {
		id = int32(len(*keys))
		ids[k] = id
		*keys = append(*keys, k)
		*incident = append(*incident, a.incident(in))
	} else if (*incident)[id] < 0 && in != "" {
		(*incident)[id] = a.incident(in)
	}
	return id
}

func (a *Assigner) incident(s string) int32 {
	n := normaliseNumber(s)
	if n == "" {
		return -1
	}
	id, ok := a.incidentID[n]
	if !ok {
		id = int32(len(a.incidents))
		a.incidentID[n] = id
		a.incidents = append(a.incidents, n)
		a.incidentLabel = append(a.incidentLabel, s)
	}
	return id
}

// Assignment is the outcome of a reconciliation.
type Assignment struct {
	Scope   AssignScope
	NoMatch float64
	// Groups is the number of groups solved; Cases and Records the left
	// cases and right records that took part; Largest the most cases and
	// records of one group.
	Groups, Cases, Records, Largest int
	// Chosen are the pairs the joint assignment takes, by left key.
	Chosen []AssignedPair
	// Changed are the rows the reconciliation flags, by group, then left
	// key, then the flag (joint before displaced).
	Changed []AssignedPair
	flags   map[[2]Key]string
}

// AssignedPair is a row the reconciliation took or flagged.
type AssignedPair struct {
	Left, Right Key
	// Group names the incidents of the row's group, " + " between them
	// ("" when the group names none).
	Group  string
	Weight float64
	Rank   int
	// Flag is FlagAssignJoint, FlagAssignDisplaced, or "" for a chosen
	// pair that is its case's first choice.
	Flag string
	// Other is, on a joint row, the case's first choice (zero when it had
	// none above "no match"); on a displaced row, the right record the
	// case gets instead (zero for no match).
	Other Key
	// TakenBy is, on a displaced row, the case the joint assignment gives
	// the right record to (zero when it goes to none).
	TakenBy Key
}

// Flag is the reconciliation's flag of a row, "" for none.
func (s *Assignment) Flag(left, right Key) string { return s.flags[[2]Key{left, right}] }

// Mark adds the reconciliation's flag of p, if any, to p.Flags and reports
// whether it did.
func (s *Assignment) Mark(p *Pair) bool {
	f := s.Flag(Key{Source: p.LeftSource, ID: p.LeftID}, Key{Source: p.RightSource, ID: p.RightID})
	if f == "" || slices.Contains(p.Flags, f) {
		return false
	}
	p.Flags = append(p.Flags, f)
	return true
}

// SameLeft tells the reconciliation that two left cases describe one
// person: two tracing requests that two relatives filed, a duplicate pair
// that beats "no match" in a cross-check of the left side against itself.
// One-to-one holds between people, not files: such cases are reconciled as
// one, and may share their right record. Without it, the joint answer
// takes a true match away from one of two duplicate requests.
func (a *Assigner) SameLeft(x, y Key) error {
	return a.same(a.left, &a.leftKeys, &a.leftIncident, &a.sameLeft, x, y)
}

// SameRight is [Assigner.SameLeft] for two right records of one person:
// one body recorded by two agencies.
func (a *Assigner) SameRight(x, y Key) error {
	return a.same(a.right, &a.rightKeys, &a.rightIncident, &a.sameRight, x, y)
}

func (a *Assigner) same(ids map[Key]int32, keys *[]Key, incident *[]int32, links *[][2]int32, x, y Key) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.solved {
		return fmt.Errorf("assign: a duplicate added after Solve")
	}
	if x == y {
		return nil
	}
	link := [2]int32{a.node(ids, keys, incident, x, ""), a.node(ids, keys, incident, y, "")}
	if link[0] > link[1] {
		link[0], link[1] = link[1], link[0]
	}
	if a.linked == nil {
		a.linked = map[[2]int32]bool{}
	}
	// The two sides' node ids overlap, so a link is known by its side too.
	seen := [2]int32{link[0], link[1] << 1}
	if links == &a.sameRight {
		seen[1] |= 1
	}
	if a.linked[seen] {
		return nil
	}
	a.linked[seen] = true
	*links = append(*links, link)
	return nil
}

// SureDuplicate is how far above "no match", in bits, a duplicate pair
// must weigh for [Assigner.LinkDuplicates] to take its two cases as one
// person: posterior odds of about 1,000 to 1. "No match" alone is far too
// low a bar for a link: brothers and namesakes pass it (on generated
// shipwrecks, 64 of the 76 duplicate pairs within 5 bits above it join
// two people), and a wrong link hands one person's body to the other.
const SureDuplicate = 10

// LinkDuplicates reads m, a left case and its candidates in a cross-check
// of the left side against itself with the same models, and links as one
// person ([Assigner.SameLeft]) the case and each candidate that is a
// duplicate, not ruled out, weighing SureDuplicate bits above "no match".
// It returns how many links it added.
func (a *Assigner) LinkDuplicates(m *Match) (int, error) {
	n := 0
	for i := range m.Candidates {
		c := &m.Candidates[i]
		if c.Relation != Duplicate || c.Excluded != nil || c.Weight <= a.opt.NoMatch+SureDuplicate {
			continue
		}
		before := len(a.sameLeft)
		if err := a.SameLeft(m.Left.Key, c.B.Key); err != nil {
			return n, err
		}
		if len(a.sameLeft) > before {
			n++
		}
	}
	return n, nil
}

// people maps each node of one side to its person: the node of smallest
// key among those linked to it as one person.
func people(keys []Key, links [][2]int32) []int32 {
	parent := make([]int32, len(keys))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, l := range links {
		x, y := find(l[0]), find(l[1])
		if x == y {
			continue
		}
		if compareKeys(keys[x], keys[y]) > 0 {
			x, y = y, x
		}
		parent[y] = x
	}
	for i := range parent {
		parent[i] = find(int32(i))
	}
	return parent
}

// MarkCSV copies a pairs CSV file (see [PairColumns]) from r to w, adding
// the reconciliation's flag to the flags column of each row it flags, and
// returns the number of rows it marked. A cross-check writes its rows
// before the reconciliation can be solved, so --assign rewrites them.
func (s *Assignment) MarkCSV(w io.Writer, r io.Reader) (int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(PairColumns)
	cr.ReuseRecord = true
	cw := csv.NewWriter(w)
	marked := 0
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return marked, fmt.Errorf("pairs: %w", err)
		}
		if line == 1 {
			if !slices.Equal(rec, PairColumns) {
				return marked, fmt.Errorf("pairs: line 1: header %q, want %q", rec, PairColumns)
			}
		} else if f := s.Flag(Key{Source: rec[0], ID: rec[1]}, Key{Source: rec[2], ID: rec[3]}); f != "" && !slices.Contains(strings.Fields(rec[8]), f) {
			rec[8] = strings.TrimSpace(rec[8] + " " + f)
			marked++
		}
		if err := cw.Write(rec); err != nil {
			return marked, err
		}
	}
	cw.Flush()
	return marked, cw.Error()
}

// MarkJSONL copies an explanation file (one [Pair] a line, as
// [PairWriter] writes it with explain) from r to w, adding the
// reconciliation's flag to each pair it flags, and returns the number of
// pairs it marked. Lines it does not mark are copied byte for byte.
func (s *Assignment) MarkJSONL(w io.Writer, r io.Reader) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	marked := 0
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(b) > 0 {
			var keys struct {
				LeftSource  string `json:"left_source"`
				LeftID      string `json:"left_id"`
				RightSource string `json:"right_source"`
				RightID     string `json:"right_id"`
			}
			if jerr := json.Unmarshal(b, &keys); jerr != nil {
				return marked, fmt.Errorf("explanations: line %d: %w", line, jerr)
			}
			if s.Flag(Key{Source: keys.LeftSource, ID: keys.LeftID}, Key{Source: keys.RightSource, ID: keys.RightID}) != "" {
				var p Pair
				if jerr := json.Unmarshal(b, &p); jerr != nil {
					return marked, fmt.Errorf("explanations: line %d: %w", line, jerr)
				}
				if s.Mark(&p) {
					marked++
					out.Reset()
					if err := enc.Encode(&p); err != nil {
						return marked, err
					}
					b = out.Bytes()
				}
			}
			if _, werr := w.Write(b); werr != nil {
				return marked, werr
			}
		}
		if err == io.EOF {
			return marked, nil
		}
		if err != nil {
			return marked, err
		}
	}
}

// Solve reconciles the rows added so far, group by group.
func (a *Assigner) Solve(ctx context.Context) (*Assignment, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.solved {
		return nil, fmt.Errorf("assign: Solve called twice")
	}
	a.solved = true
	nl := len(a.leftKeys)
	// Each case's first choice: its best-ranked row among those kept (a
	// case whose first row does not beat "no match" keeps none).
	first := make([]int32, nl)
	for i := range first {
		first[i] = -1
	}
	for e := range a.edges {
		ed, f := &a.edges[e], first[a.edges[e].l]
		if f < 0 || ed.rank < a.edges[f].rank || (ed.rank == a.edges[f].rank && ed.value > a.edges[f].value) {
			first[ed.l] = int32(e)
		}
	}
	inScope := make([]bool, len(a.edges))
	for e := range a.edges {
		inScope[e] = a.inScope(&a.edges[e])
	}
	if a.opt.Scope == AssignIncident {
		// A case whose first choice lies outside every incident (a
		// registration, a body of another incident) keeps it: the group
		// cannot weigh that alternative, so the case does not compete.
		for e := range a.edges {
			if f := first[a.edges[e].l]; f >= 0 && !inScope[f] {
				inScope[e] = false
			}
		}
	}
	pl, pr := people(a.leftKeys, a.sameLeft), people(a.rightKeys, a.sameRight)
	groups := a.groups(inScope, pl, pr)
	res := &Assignment{Scope: a.opt.Scope, NoMatch: a.opt.NoMatch, Groups: len(groups), flags: map[[2]Key]string{}}
	for _, g := range groups {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		a.solveGroup(g, first, pl, pr, res)
	}
	slices.SortFunc(res.Chosen, func(x, y AssignedPair) int {
		return cmp.Or(compareKeys(x.Left, y.Left), compareKeys(x.Right, y.Right))
	})
	slices.SortStableFunc(res.Changed, func(x, y AssignedPair) int {
		return cmp.Or(strings.Compare(x.Group, y.Group), compareKeys(x.Left, y.Left), strings.Compare(y.Flag, x.Flag))
	})
	return res, nil
}

// inScope reports whether a row takes part in the reconciliation.
func (a *Assigner) inScope(e *assignEdge) bool {
	if a.opt.Scope == AssignAll {
		return true
	}
	li, ri := a.leftIncident[e.l], a.rightIncident[e.r]
	switch {
	case li < 0 && ri < 0:
		return false
	case li >= 0 && ri >= 0:
		return li == ri
	}
	return true
}

// groups splits the rows in scope into connected components of people,
// each a list of row indexes, in the order of their first row.
func (a *Assigner) groups(inScope []bool, pl, pr []int32) [][]int32 {
	nl := len(a.leftKeys)
	parent := make([]int32, nl+len(a.rightKeys))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for e, ed := range a.edges {
		if inScope[e] {
			if x, y := find(pl[ed.l]), find(int32(nl)+pr[ed.r]); x != y {
				parent[max(x, y)] = min(x, y)
			}
		}
	}
	at := map[int32]int{}
	var out [][]int32
	for e, ed := range a.edges {
		if !inScope[e] {
			continue
		}
		root := find(pl[ed.l])
		g, ok := at[root]
		if !ok {
			g = len(out)
			at[root] = g
			out = append(out, nil)
		}
		out[g] = append(out[g], int32(e))
	}
	return out
}

// solveGroup solves one group and records its chosen and flagged rows.
// The solver matches people (pl and pr map each case and record to its
// person); each case then takes its best row to the person matched to
// its own.
func (a *Assigner) solveGroup(rows []int32, first []int32, pl, pr []int32, res *Assignment) {
	// Local indexes in key order, so that the answer does not depend on
	// the order the rows came in.
	var ls, rs, cases []int32
	seenL, seenR, seenC, seenRec := map[int32]bool{}, map[int32]bool{}, map[int32]bool{}, map[int32]bool{}
	records := 0
	for _, e := range rows {
		ed := &a.edges[e]
		if p := pl[ed.l]; !seenL[p] {
			seenL[p] = true
			ls = append(ls, p)
		}
		if p := pr[ed.r]; !seenR[p] {
			seenR[p] = true
			rs = append(rs, p)
		}
		if !seenC[ed.l] {
			seenC[ed.l] = true
			cases = append(cases, ed.l)
		}
		if !seenRec[ed.r] {
			seenRec[ed.r] = true
			records++
		}
	}
	byLeftKey := func(x, y int32) int { return compareKeys(a.leftKeys[x], a.leftKeys[y]) }
	slices.SortFunc(ls, byLeftKey)
	slices.SortFunc(cases, byLeftKey)
	slices.SortFunc(rs, func(x, y int32) int { return compareKeys(a.rightKeys[x], a.rightKeys[y]) })
	li, ri := map[int32]int32{}, map[int32]int32{}
	for i, l := range ls {
		li[l] = int32(i)
	}
	for i, r := range rs {
		ri[r] = int32(i)
	}
	local := make([]matchEdge, len(rows))
	for k, e := range rows {
		ed := &a.edges[e]
		local[k] = matchEdge{l: li[pl[ed.l]], r: ri[pr[ed.r]], value: ed.value}
	}
	slices.SortFunc(local, func(x, y matchEdge) int {
		return cmp.Or(cmp.Compare(x.l, y.l), cmp.Compare(x.r, y.r), cmp.Compare(y.value, x.value))
	})
	match := maxWeightMatching(len(ls), len(rs), local)

	res.Cases += len(cases)
	res.Records += records
	res.Largest = max(res.Largest, len(cases)+records)
	label := a.groupLabel(cases, rows)
	// Each case's row to the person matched to its own: its best.
	chosen := map[int32]int32{} // case → row
	for _, e := range rows {
		ed := &a.edges[e]
		if match[li[pl[ed.l]]] != ri[pr[ed.r]] {
			continue
		}
		if c, ok := chosen[ed.l]; !ok || ed.value > a.edges[c].value || (ed.value == a.edges[c].value && ed.rank < a.edges[c].rank) {
			chosen[ed.l] = e
		}
	}
	// Who holds each right record, and each right person: the first case
	// by key.
	holder, holderPerson := map[int32]int32{}, map[int32]int32{}
	for _, l := range slices.Backward(cases) {
		if e, ok := chosen[l]; ok {
			holder[a.edges[e].r] = l
			holderPerson[pr[a.edges[e].r]] = l
		}
	}
	pairOf := func(e int32, flag string) AssignedPair {
		ed := &a.edges[e]
		return AssignedPair{Left: a.leftKeys[ed.l], Right: a.rightKeys[ed.r], Group: label, Weight: ed.w, Rank: int(ed.rank), Flag: flag}
	}
	for _, l := range cases {
		f, c := first[l], int32(-1)
		if e, ok := chosen[l]; ok {
			c = e
		}
		if c >= 0 {
			p := pairOf(c, "")
			res.Chosen = append(res.Chosen, p)
			if c != f {
				p.Flag = FlagAssignJoint
				if f >= 0 {
					p.Other = a.rightKeys[a.edges[f].r]
				}
				res.Changed = append(res.Changed, p)
				res.flags[[2]Key{p.Left, p.Right}] = p.Flag
			}
		}
		if f >= 0 && f != c {
			p := pairOf(f, FlagAssignDisplaced)
			if c >= 0 {
				p.Other = a.rightKeys[a.edges[c].r]
			}
			r := a.edges[f].r
			if h, ok := holder[r]; ok {
				p.TakenBy = a.leftKeys[h]
			} else if h, ok := holderPerson[pr[r]]; ok {
				p.TakenBy = a.leftKeys[h]
			}
			res.Changed = append(res.Changed, p)
			res.flags[[2]Key{p.Left, p.Right}] = p.Flag
		}
	}
}

// groupLabel names the incidents of a group's cases and records.
func (a *Assigner) groupLabel(cases, rows []int32) string {
	var ids []int32
	for _, l := range cases {
		if in := a.leftIncident[l]; in >= 0 {
			ids = append(ids, in)
		}
	}
	for _, e := range rows {
		if in := a.rightIncident[a.edges[e].r]; in >= 0 {
			ids = append(ids, in)
		}
	}
	slices.SortFunc(ids, func(x, y int32) int { return strings.Compare(a.incidents[x], a.incidents[y]) })
	ids = slices.Compact(ids)
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = a.incidentLabel[id]
	}
	return strings.Join(names, " + ")
}

func compareKeys(x, y Key) int {
	return cmp.Or(strings.Compare(x.Source, y.Source), strings.Compare(x.ID, y.ID))
}

// matchEdge is an edge of the solver's bipartite graph: left node l, right
// node r, and what taking it is worth.
type matchEdge struct {
	l, r  int32
	value int64
}

// maxWeightMatching returns, for each of nl left nodes, the right node
// matched to it or -1: a matching of the greatest total value, leaving a
// node unmatched being worth 0 (so an edge of value 0 or less is never
// taken). Parallel edges count as the best of them.
//
// It is the Hungarian method in its shortest-augmenting-path form
// (successive shortest paths with Dijkstra over reduced costs, as
// Jonker–Volgenant do) on the sparse graph source → left → right → sink,
// an edge costing −value. Each augmentation adds the path of greatest
// gain; the gains of successive paths never increase (the best matching of
// k+1 pairs gains no more over k pairs than k pairs over k−1), so the first
// path that gains nothing ends it with a matching of greatest value. Time
// O(k·E·log V) for k pairs taken, memory O(V+E): a sparse group of
// thousands of records costs far less than the dense n³ method.
func maxWeightMatching(nl, nr int, edges []matchEdge) []int32 {
	match := make([]int32, nl)
	for i := range match {
		match[i] = -1
	}
	f := newFlowGraph(nl, nr, edges)
	if f == nil {
		return match
	}
	for f.augment() {
	}
	for l := range nl {
		for _, a := range f.adj[1+l] {
			if a%2 == 0 && f.cap[a] == 0 && f.to[a] != 0 {
				match[l] = f.to[a] - 1 - int32(nl)
			}
		}
	}
	return match
}

// flowGraph is the residual graph of the matching: node 0 the source,
// 1..nl the left nodes, then the right nodes, then the sink. Arc a and a^1
// are each other's reverse.
type flowGraph struct {
	adj    [][]int32 // arcs leaving each node
	to     []int32
	cap    []int8
	cost   []int64
	pi     []int64 // node potentials: reduced costs stay ≥ 0
	dist   []int64
	prev   []int32 // arc into each node on its shortest path
	heap   distHeap
	source int32
	sink   int32
}

const unreached = math.MaxInt64

func newFlowGraph(nl, nr int, edges []matchEdge) *flowGraph {
	n := nl + nr + 2
	f := &flowGraph{adj: make([][]int32, n), pi: make([]int64, n), dist: make([]int64, n), prev: make([]int32, n), sink: int32(n - 1)}
	right := func(r int32) int32 { return 1 + int32(nl) + r }
	hasEdge := false
	for l := range nl {
		f.arc(f.source, int32(1+l), 0)
	}
	for _, e := range edges {
		if e.value <= 0 {
			continue
		}
		hasEdge = true
		f.arc(1+e.l, right(e.r), -e.value)
		// The potentials start as the shortest distances from the source,
		// which the graph, acyclic at first, gives in one pass.
		f.pi[right(e.r)] = min(f.pi[right(e.r)], -e.value)
	}
	if !hasEdge {
		return nil
	}
	for r := range int32(nr) {
		f.arc(right(r), f.sink, 0)
		f.pi[f.sink] = min(f.pi[f.sink], f.pi[right(r)])
	}
	return f
}

func (f *flowGraph) arc(u, v int32, cost int64) {
	a := int32(len(f.to))
	f.to = append(f.to, v, u)
	f.cap = append(f.cap, 1, 0)
	f.cost = append(f.cost, cost, -cost)
	f.adj[u] = append(f.adj[u], a)
	f.adj[v] = append(f.adj[v], a+1)
}

// augment adds the shortest (greatest-gain) augmenting path, if it gains
// anything, and reports whether it did.
func (f *flowGraph) augment() bool {
	for i := range f.dist {
		f.dist[i], f.prev[i] = unreached, -1
	}
	f.dist[f.source] = 0
	f.heap = append(f.heap[:0], distItem{0, f.source})
	for len(f.heap) > 0 {
		it := f.heap.pop()
		u := it.node
		if it.d > f.dist[u] {
			continue
		}
		if u == f.sink {
			break
		}
		for _, a := range f.adj[u] {
			if f.cap[a] == 0 {
				continue
			}
			v := f.to[a]
			if d := it.d + f.cost[a] + f.pi[u] - f.pi[v]; d < f.dist[v] {
				f.dist[v], f.prev[v] = d, a
				f.heap.push(distItem{d, v})
			}
		}
	}
	d := f.dist[f.sink]
	if d == unreached || d+f.pi[f.sink]-f.pi[f.source] >= 0 {
		return false
	}
	// Nodes not settled before the sink move by d: reduced costs stay
	// non-negative, and Dijkstra could stop at the sink.
	for v := range f.pi {
		f.pi[v] += min(f.dist[v], d)
	}
	for v := f.sink; v != f.source; v = f.to[f.prev[v]^1] {
		a := f.prev[v]
		f.cap[a]--
		f.cap[a^1]++
	}
	return true
}

// distItem is a node and its tentative distance in Dijkstra's queue.
type distItem struct {
	d    int64
	node int32
}

// distHeap is a binary min-heap of distItems, by distance then node, so
// that ties settle in one order on every run.
type distHeap []distItem

func (h distItem) less(o distItem) bool { return h.d < o.d || (h.d == o.d && h.node < o.node) }

func (h *distHeap) push(it distItem) {
	*h = append(*h, it)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s[i].less(s[p]) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *distHeap) pop() distItem {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	for i := 0; ; {
		c := 2*i + 1
		if c >= len(s) {
			break
		}
		if c+1 < len(s) && s[c+1].less(s[c]) {
			c++
		}
		if !s[c].less(s[i]) {
			break
		}
		s[i], s[c] = s[c], s[i]
		i = c
	}
	*h = s
	return top
}
