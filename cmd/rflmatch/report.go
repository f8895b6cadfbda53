package main

import (
	"cmp"
	"container/heap"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/words"
)

// The HTML report of a cross-check (crosscheck --report, issue 17): one
// self-contained page a data manager reads, with inline CSS and SVG and no
// script, font or image from anywhere. It is an accumulator: the rows go
// by one at a time, and it keeps counts, histogram bins and a bounded heap
// of the best pairs, never the rows themselves, so that a cross-check of
// millions of rows writes it in constant memory.

//go:embed report.html
var reportPage string

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":    func(x float64) string { return fmt.Sprintf("%.1f", 100*x) },
	"weight": func(x float64) string { return isolate(fmt.Sprintf("%+.1f", x)) },
	"num":    func(x float64) string { return fmt.Sprintf("%.1f", x) },
}).Parse(reportPage))

// isolate keeps s left to right inside a right-to-left sentence (Unicode
// left-to-right isolate): a signed weight, a date, a key or an incident id
// would otherwise come out reordered on an Arabic page, "2020.MMP00562"
// as "MMP00562.2020".
func isolate(s string) string { return "\u2066" + s + "\u2069" }

// reportParams are what the report says of the run that made it.
type reportParams struct {
	Left, Right    []string // the input files, or stores
	Top            int
	MinProbability float64
	Assign         string // the --assign scope, "" when not reconciled
	IncludeExclude bool
	ModelFile      string // --model, "" when estimated from the inputs
	Lang           string
	// Cases, Records and Pairs are the left cases, the right records and
	// the candidate pairs scored, once the run is over (see
	// [crossReport.SetTotals]).
	Cases, Records int
	Pairs          int64
	// At is when the run ended; the zero value means now.
	At time.Time
}

// reportTopPairs is how many of the best pairs the report shows with
// their explanations.
const reportTopPairs = 25

// reportOpenPairs is how many of the best pairs the page shows with
// their reasons unfolded; the others unfold on a click.
const reportOpenPairs = 5

// reportChanged is the most rows of the reconciliation the report lists;
// the rest are counted.
const reportChanged = 200

// Probability bands, from the highest; a row falls in the first band
// whose floor it reaches.
var reportBands = []float64{0.99, 0.9, 0.5, 0.1, 0}

// The weight histogram: bins of histBin bits from histLo to histHi, the
// first and last also holding what lies beyond.
const (
	histLo  = -30
	histHi  = 50
	histBin = 2
)

// crossReport accumulates a cross-check's rows for the HTML report. It is
// safe for concurrent use.
type crossReport struct {
	params  reportParams
	models  *engine.Models
	p       *words.Printer
	noMatch float64

	mu sync.Mutex // guards the fields below
	// byBand counts rows by relation and band (the last band index + 1
	// for excluded rows); rows the total.
	byBand map[string][]int
	rows   int
	// expected sums the probabilities of the same-person rows not
	// excluded; above counts those rows at each band floor but the last.
	expected float64
	above    []int
	hist     [(histHi - histLo) / histBin]int
	top      topPairs
	assigned *engine.Assignment
}

// reportSide is what the report shows of one side of a top pair.
type reportSide struct {
	Key, Name, Kind, Event string
}

// reportPair is one of the best pairs, with its explanation in words.
type reportPair struct {
	engine.Pair
	Left, Right  reportSide
	RelationText string   // the relation, in words
	N            int      // the pair's place among the best, from 1
	Open         bool     // shown with its reasons unfolded
	Sentence     string   // the probability and rank, in words
	Reasons      []string // one sentence a compared field
}

func newCrossReport(params reportParams, models *engine.Models, p *words.Printer) *crossReport {
	return &crossReport{
		params: params, models: models, p: p, noMatch: engine.NoMatchWeight(models),
		byBand: map[string][]int{}, above: make([]int, len(reportBands)-1),
	}
}

// Wants reports whether p would be among the best pairs shown: only then
// does its row need the explanation (p.Fields, worded) and its records,
// which cost a full comparison to make.
func (r *crossReport) Wants(p *engine.Pair) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.top) < reportTopPairs || betterPair(p, &r.top[0].Pair) < 0
}

// Add counts one row written to the pairs file. When [crossReport.Wants]
// it, give it with its explanation and the records of its two sides (left
// the case's, tracing request first; either may be nil); otherwise the
// records are not read. cands is the number of the case's candidates, for the sentence that
// says where the pair ranks (0 when unknown).
func (r *crossReport) Add(p *engine.Pair, left []*engine.Record, right *engine.Record, cands int) {
	excluded := p.Exclusion != nil || slices.ContainsFunc(p.Flags, func(f string) bool { return strings.HasPrefix(f, "excluded:") })
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rows++
	counts := r.byBand[p.Relation]
	if counts == nil {
		counts = make([]int, len(reportBands)+1)
		r.byBand[p.Relation] = counts
	}
	band := len(reportBands)
	if !excluded {
		band = slices.IndexFunc(reportBands, func(floor float64) bool { return p.Probability >= floor })
	}
	counts[band]++
	if !excluded {
		bin := int(math.Floor((p.Score - histLo) / histBin))
		r.hist[min(max(bin, 0), len(r.hist)-1)]++
	}
	if p.Relation == engine.SamePerson.String() && !excluded {
		r.expected += p.Probability
		for i, floor := range reportBands[:len(reportBands)-1] {
			if p.Probability >= floor {
				r.above[i]++
			}
		}
	}
	if len(r.top) == reportTopPairs && betterPair(p, &r.top[0].Pair) >= 0 {
		return
	}
	rp := reportPair{Pair: *p, Sentence: r.p.Percent(p.Probability), RelationText: labelsFor(r.p.Lang()).relation(p.Relation)}
	if cands > 0 {
		rp.Sentence = r.p.Probability(p, cands)
	}
	rp.Left = r.side(engine.Key{Source: p.LeftSource, ID: p.LeftID}, firstOf(left))
	rp.Right = r.side(engine.Key{Source: p.RightSource, ID: p.RightID}, right)
	for _, b := range p.Fields {
		if b.Level == "missing" {
			continue
		}
		text := b.Text
		if text == "" {
			text = r.p.Field(b, words.SidesOf(left, right))
		}
		rp.Reasons = append(rp.Reasons, text)
	}
	if len(r.top) == reportTopPairs {
		heap.Pop(&r.top)
	}
	heap.Push(&r.top, rp)
}

func firstOf(recs []*engine.Record) *engine.Record {
	if len(recs) == 0 {
		return nil
	}
	return recs[0]
}

func (r *crossReport) side(k engine.Key, rec *engine.Record) reportSide {
	s := reportSide{Key: k.String()}
	if rec != nil {
		s.Name, s.Kind, s.Event = words.Name(rec), r.p.Kind(rec.Kind), r.p.Event(rec)
	}
	return s
}

// SetTotals gives the report the run's totals once it is over: the left
// cases, the right records and the candidate pairs scored.
func (r *crossReport) SetTotals(cases, records int, pairs int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.params.Cases, r.params.Records, r.params.Pairs = cases, records, pairs
}

// Assigned gives the report the one-to-one reconciliation's outcome.
func (r *crossReport) Assigned(a *engine.Assignment) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.assigned = a
}

// betterPair orders rows best first: higher probability, then higher
// weight, then by the keys, so that the report is the same on every run.
func betterPair(a, b *engine.Pair) int {
	return cmp.Or(
		cmp.Compare(b.Probability, a.Probability),
		cmp.Compare(b.Score, a.Score),
		strings.Compare(a.LeftSource, b.LeftSource), strings.Compare(a.LeftID, b.LeftID),
		strings.Compare(a.RightSource, b.RightSource), strings.Compare(a.RightID, b.RightID),
	)
}

// topPairs is a heap whose root is the worst of the best pairs kept.
type topPairs []reportPair

func (h topPairs) Len() int           { return len(h) }
func (h topPairs) Less(i, j int) bool { return betterPair(&h[i].Pair, &h[j].Pair) > 0 }
func (h topPairs) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *topPairs) Push(x any)        { *h = append(*h, x.(reportPair)) }
func (h *topPairs) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Write writes the report.
func (r *crossReport) Write(w io.Writer) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return reportTemplate.Execute(w, r.view())
}

// reportView is what the template reads.
type reportView struct {
	L        reportLabels
	Lang     string
	Dir      string
	At       string
	Params   reportParams
	Rows     int
	Expected float64
	Above    []aboveFloor
	Bands    []string
	ByBand   []bandRow
	Hist     histogram
	Models   modelsView
	Top      []reportPair
	Assign   *assignView
}

type aboveFloor struct {
	Floor string
	N     int
}

type bandRow struct {
	Relation string
	Counts   []int
	Total    int
}

func (r *crossReport) view() reportView {
	lang := r.p.Lang()
	v := reportView{L: labelsFor(lang), Lang: lang, Dir: "ltr", Params: r.params, Rows: r.rows, Expected: r.expected}
	if lang == "ar" {
		v.Dir = "rtl"
	}
	at := r.params.At
	if at.IsZero() {
		at = time.Now()
	}
	v.At = isolate(at.UTC().Format("2006-01-02 15:04 UTC"))
	for i, floor := range reportBands[:len(reportBands)-1] {
		v.Above = append(v.Above, aboveFloor{Floor: isolate(fmt.Sprintf("%g", floor)), N: r.above[i]})
	}
	for i, floor := range reportBands {
		switch i {
		case 0:
			v.Bands = append(v.Bands, isolate(fmt.Sprintf("≥ %g", floor)))
		case len(reportBands) - 1:
			v.Bands = append(v.Bands, isolate(fmt.Sprintf("< %g", reportBands[i-1])))
		default:
			v.Bands = append(v.Bands, isolate(fmt.Sprintf("%g – %g", floor, reportBands[i-1])))
		}
	}
	v.Bands = append(v.Bands, v.L.Excluded)
	rels := make([]string, 0, len(r.byBand))
	for rel := range r.byBand {
		rels = append(rels, rel)
	}
	slices.SortFunc(rels, func(a, b string) int {
		return cmp.Or(cmp.Compare(relationOrder(a), relationOrder(b)), strings.Compare(a, b))
	})
	for _, rel := range rels {
		row := bandRow{Relation: v.L.relation(rel), Counts: r.byBand[rel]}
		for _, n := range row.Counts {
			row.Total += n
		}
		v.ByBand = append(v.ByBand, row)
	}
	v.Hist = r.histogram(v.L)
	v.Models = r.modelsView()
	v.Top = slices.Clone(r.top)
	slices.SortFunc(v.Top, func(a, b reportPair) int { return betterPair(&a.Pair, &b.Pair) })
	for i := range v.Top {
		tp := &v.Top[i]
		tp.N, tp.Open = i+1, i < reportOpenPairs
		// The rows went by before the reconciliation: its flags are
		// added here, on copies.
		tp.Flags = slices.Clone(tp.Flags)
		if r.assigned != nil {
			r.assigned.Mark(&tp.Pair)
		}
	}
	if r.assigned != nil {
		v.Assign = r.assignView(v.L)
	}
	return v
}

func relationOrder(rel string) int {
	switch rel {
	case engine.SamePerson.String():
		return 0
	case engine.Duplicate.String():
		return 1
	case engine.Reciprocal.String():
		return 2
	}
	return 3
}

// histogram is the weight histogram laid out as inline SVG: bars of
// log-scaled height, so that the few strong pairs stay visible beside the
// many weak ones.
type histogram struct {
	Width, Height, PlotTop, PlotBottom, PlotLeft, PlotRight float64
	Bars                                                    []histBar
	XTicks, YTicks                                          []histTick
	NoMatchX                                                float64
	ShowNoMatch                                             bool
	Title                                                   string
}

type histBar struct {
	X, Y, W, H float64
	Class      string // below or above "no match"
	Tip        string
}

type histTick struct {
	X, Y  float64
	Label string
}

func (r *crossReport) histogram(l reportLabels) histogram {
	h := histogram{Width: 760, Height: 260, PlotTop: 12, PlotBottom: 220, PlotLeft: 56, PlotRight: 744}
	n := len(r.hist)
	bw := (h.PlotRight - h.PlotLeft) / float64(n)
	peak := 1
	for _, c := range r.hist {
		peak = max(peak, c)
	}
	top := math.Ceil(math.Log10(float64(peak)))
	if top < 1 {
		top = 1
	}
	y := func(c int) float64 {
		if c <= 0 {
			return h.PlotBottom
		}
		return h.PlotBottom - (math.Log10(float64(c))+1)/(top+1)*(h.PlotBottom-h.PlotTop)
	}
	x := func(bits float64) float64 { return h.PlotLeft + (bits-histLo)/(histHi-histLo)*(h.PlotRight-h.PlotLeft) }
	for i, c := range r.hist {
		lo := float64(histLo + i*histBin)
		class := "below"
		if lo >= r.noMatch {
			class = "above"
		}
		rng := fmt.Sprintf("%+g … %+g", lo, lo+histBin)
		switch i {
		case 0:
			rng = fmt.Sprintf("< %+g", lo+histBin)
		case n - 1:
			rng = fmt.Sprintf("≥ %+g", lo)
		}
		if c == 0 {
			continue
		}
		h.Bars = append(h.Bars, histBar{X: x(lo) + 1, Y: y(c), W: bw - 2, H: h.PlotBottom - y(c), Class: class, Tip: fmt.Sprintf(l.HistTip, rng, c)})
	}
	for b := histLo; b <= histHi; b += 10 {
		label := fmt.Sprintf("%+d", b)
		if b == 0 {
			label = "0"
		}
		h.XTicks = append(h.XTicks, histTick{X: x(float64(b)), Y: h.PlotBottom + 16, Label: label})
	}
	for e := 0; float64(e) <= top; e++ {
		c := int(math.Pow10(e))
		h.YTicks = append(h.YTicks, histTick{X: h.PlotLeft - 6, Y: y(c), Label: fmt.Sprint(c)})
	}
	if r.noMatch > histLo && r.noMatch < histHi {
		h.ShowNoMatch, h.NoMatchX = true, x(r.noMatch)
	}
	h.Title = l.HistTitle
	return h
}

// modelsView is what the report says of the models.
type modelsView struct {
	Known                  bool
	Lambda, Prior, NoMatch float64
	Pairs, Iterations      int
	Converged              bool
	Note, Warning          string
	// Estimated says on what the models were estimated; empty for a
	// model file or the built-in priors.
	EstimatedAt               string
	EstimatedCases, Sampled   int
	Fields                    []fieldView
	PriorsOnly, FromModelFile bool
}

type fieldView struct {
	Label  string
	Levels []levelView
}

type levelView struct {
	Name   string
	Weight float64
	M, U   float64
	Class  string // for, against, neutral
}

func (r *crossReport) modelsView() modelsView {
	m := r.models
	if m == nil || m.Person == nil {
		return modelsView{}
	}
	t := m.Person.Trained
	v := modelsView{
		Known: true, Lambda: m.Person.Lambda, Prior: m.Person.PriorWeight(), NoMatch: r.noMatch,
		Pairs: t.Pairs, Iterations: t.Iterations, Converged: t.Converged, Note: t.Note,
		Warning: r.p.Warning(m), FromModelFile: r.params.ModelFile != "",
		PriorsOnly: t.Note == "priors" || t.Pairs == 0,
	}
	if e := m.Estimated; e != nil {
		v.EstimatedAt, v.EstimatedCases, v.Sampled = e.At.UTC().Format("2006-01-02 15:04 UTC"), e.Cases, e.Sampled
	}
	for _, f := range m.Person.Fields {
		fv := fieldView{Label: r.p.Label(f.Name)}
		for i, lv := range f.Levels {
			if i == 0 {
				continue // "missing" weighs nothing
			}
			class := "neutral"
			switch {
			case lv.Weight >= 0.5:
				class = "for"
			case lv.Weight <= -0.5:
				class = "against"
			}
			fv.Levels = append(fv.Levels, levelView{Name: strings.ReplaceAll(lv.Name, "_", " "), Weight: lv.Weight, M: lv.M, U: lv.U, Class: class})
		}
		v.Fields = append(v.Fields, fv)
	}
	return v
}

// assignView is what the report says of the one-to-one reconciliation.
type assignView struct {
	Scope                               string
	Groups, Cases, Records, Largest     int
	Chosen, Joint, Displaced, NotListed int
	Rows                                []assignRowView
}

type assignRowView struct {
	Group, Left, Right, Flag, What string
	Rank                           int
	Weight                         float64
}

func (r *crossReport) assignView(l reportLabels) *assignView {
	a := r.assigned
	v := &assignView{Scope: a.Scope.String(), Groups: a.Groups, Cases: a.Cases, Records: a.Records, Largest: a.Largest, Chosen: len(a.Chosen)}
	for i, c := range a.Changed {
		if c.Flag == engine.FlagAssignJoint {
			v.Joint++
		} else {
			v.Displaced++
		}
		if i >= reportChanged {
			v.NotListed++
			continue
		}
		row := assignRowView{Group: isolate(c.Group), Left: c.Left.String(), Right: c.Right.String(), Flag: c.Flag, Rank: c.Rank, Weight: c.Weight}
		switch {
		case c.Flag == engine.FlagAssignJoint && c.Other == (engine.Key{}):
			row.What = l.JointNoFirst
		case c.Flag == engine.FlagAssignJoint:
			row.What = fmt.Sprintf(l.JointInstead, isolate(c.Other.String()))
		case c.TakenBy != (engine.Key{}) && c.Other != (engine.Key{}):
			row.What = fmt.Sprintf(l.DisplacedBoth, isolate(c.TakenBy.String()), isolate(c.Other.String()))
		case c.TakenBy != (engine.Key{}):
			row.What = fmt.Sprintf(l.DisplacedTaken, isolate(c.TakenBy.String()))
		case c.Other != (engine.Key{}):
			row.What = fmt.Sprintf(l.DisplacedOther, isolate(c.Other.String()))
		default:
			row.What = l.DisplacedNone
		}
		if c.Group == "" {
			row.Group = "—"
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// reportLabels are the report's own words (headings, column names, notes)
// in one language; the explanations come from package words. Fields ending
// in a format take fmt verbs, in order.
type reportLabels struct {
	Title, Generated, PersonalData                                      string
	Parameters, LeftSide, RightSide, TopK, MinProb, AssignScope         string
	NotReconciled, IncludeExcluded, Yes, No, ModelFile, ModelsEstimated string
	Language, Summary, Cases, Records, PairsScored, RowsWritten         string
	ExpectedTrue, ExpectedHelp, AboveFloor                              string
	ByBand, BandHelp, Relation, Total, Excluded                         string
	SamePerson, Duplicate, Reciprocal                                   string
	HistTitle, HistHelp, HistTip, NoMatchLine, Bits, Rows               string
	Models, Lambda, PriorWeight, NoMatchWeight, TrainedOn, NotConverged string
	PriorsOnly, EstimatedOn, FieldsHelp, Field, Levels                  string
	TopPairs, TopHelp, Probability, Weight, Rank, Case, Candidate       string
	Flags, NoRows                                                       string
	Assign, AssignHelp, Groups, Chosen, JointRows, DisplacedRows        string
	Group, What, NotListed, NoAssign, FlagJoint, FlagDisplaced          string
	JointNoFirst, JointInstead, DisplacedBoth, DisplacedTaken           string
	DisplacedOther, DisplacedNone                                       string
}

func (l reportLabels) relation(rel string) string {
	switch rel {
	case engine.SamePerson.String():
		return l.SamePerson
	case engine.Duplicate.String():
		return l.Duplicate
	case engine.Reciprocal.String():
		return l.Reciprocal
	}
	return rel
}

// labelsFor is the labels of lang, English for a language without them.
func labelsFor(lang string) reportLabels {
	switch lang {
	case "fr":
		return reportLabelsFR
	case "ar":
		return reportLabelsAR
	}
	return reportLabelsEN
}

var reportLabelsEN = reportLabels{
	Title: "Cross-check report", Generated: "Made on %s by rflmatch crosscheck.",
	PersonalData: "This page holds personal data about missing people and their families: keep it as you keep the pairs file, and share it only with those who may see it.",
	Parameters:   "How the cross-check was run", LeftSide: "Left side (cases)", RightSide: "Right side (records)",
	TopK: "Candidates kept per case (--top)", MinProb: "Lowest probability written (--min-probability)",
	AssignScope: "One-to-one reconciliation (--assign)", NotReconciled: "not run",
	IncludeExcluded: "Pairs ruled out kept (--include-excluded)", Yes: "yes", No: "no",
	ModelFile: "Models read from (--model)", ModelsEstimated: "estimated from these inputs",
	Language: "Language of the explanations (--lang)",
	Summary:  "In short", Cases: "cases compared", Records: "records searched", PairsScored: "candidate pairs scored", RowsWritten: "rows written",
	ExpectedTrue: "true matches expected among the rows",
	ExpectedHelp: "The sum of the probabilities of the rows that say “same person”: how many of them should be true matches if the probabilities mean what they say. Compare it with the number of rows above each threshold.",
	AboveFloor:   "rows at probability ≥ %s",
	ByBand:       "Rows by probability and relation", BandHelp: "Each row written to the pairs file, by how likely it is and by what the candidate would be to the case.",
	Relation: "Relation", Total: "Total", Excluded: "ruled out",
	SamePerson: "same person", Duplicate: "another record of the same person", Reciprocal: "relatives looking for each other",
	HistTitle: "Match weights of the rows",
	HistHelp:  "How many rows (logarithmic scale) at each match weight, in bits: every bit doubles the odds. Bars right of the dashed line beat “no match”: alone, such a pair is more likely a match than not.",
	HistTip:   "%s bits: %d rows", NoMatchLine: "no match", Bits: "match weight (bits)", Rows: "rows",
	Models: "The models behind the probabilities", Lambda: "Share of candidate pairs that are matches (λ)",
	PriorWeight: "Prior weight log₂(λ/(1−λ))", NoMatchWeight: "Weight of “no match”",
	TrainedOn: "Estimated by EM on %d candidate pairs in %d iterations.", NotConverged: "EM stopped before it converged.",
	PriorsOnly:  "These are the built-in starting models, not estimated on any data.",
	EstimatedOn: "Estimated on %s from %d cases, the candidates of %d of them sampled.",
	FieldsHelp:  "Each compared field's levels with the weight they add (green for, red against), in bits.",
	Field:       "Field", Levels: "Levels and weights",
	TopPairs: "The most likely pairs", TopHelp: "The best rows of the run, with the reasons in words. People decide: these are proposals to check.",
	Probability: "Probability", Weight: "Weight", Rank: "Rank", Case: "Case", Candidate: "Candidate",
	Flags: "Flags", NoRows: "No row was written.",
	Assign:     "What the one-to-one reconciliation changed",
	AssignHelp: "Each case and each record can be only one person: within each group, the joint answer takes the pairs of greatest total weight, each case and record at most once. The rows below are where the joint answer differs from the case's own first choice; they are flagged in the pairs file.",
	Groups:     "groups reconciled", Chosen: "pairs in the joint answer", JointRows: "rows flagged assign:joint", DisplacedRows: "rows flagged assign:displaced",
	Group: "Group (incident)", What: "What changed",
	NotListed: "and %d more rows, flagged in the pairs file.",
	NoAssign:  "No row changed: every case keeps its first choice.",
	FlagJoint: "joint answer", FlagDisplaced: "first choice displaced",
	JointNoFirst:   "The joint answer gives the case this record; it had no first choice above no match.",
	JointInstead:   "The joint answer gives the case this record instead of its first choice %s.",
	DisplacedBoth:  "The record goes to %s; this case gets %s instead.",
	DisplacedTaken: "The record goes to %s; this case is left without a match.",
	DisplacedOther: "This case gets %s instead.",
	DisplacedNone:  "No match is more likely for this case than this record.",
}

var reportLabelsFR = reportLabels{
	Title: "Rapport de croisement", Generated: "Établi le %s par rflmatch crosscheck.",
	PersonalData: "Cette page contient des données personnelles sur des personnes disparues et leurs familles : conservez-la comme le fichier des paires, et ne la communiquez qu'à qui peut la voir.",
	Parameters:   "Comment le croisement a été fait", LeftSide: "Côté gauche (dossiers)", RightSide: "Côté droit (enregistrements)",
	TopK: "Candidats gardés par dossier (--top)", MinProb: "Probabilité minimale écrite (--min-probability)",
	AssignScope: "Rapprochement un à un (--assign)", NotReconciled: "non fait",
	IncludeExcluded: "Paires exclues gardées (--include-excluded)", Yes: "oui", No: "non",
	ModelFile: "Modèles lus dans (--model)", ModelsEstimated: "estimés sur ces données",
	Language: "Langue des explications (--lang)",
	Summary:  "En bref", Cases: "dossiers comparés", Records: "enregistrements parcourus", PairsScored: "paires candidates évaluées", RowsWritten: "lignes écrites",
	ExpectedTrue: "vraies correspondances attendues parmi les lignes",
	ExpectedHelp: "La somme des probabilités des lignes « même personne » : combien d'entre elles devraient être de vraies correspondances si les probabilités disent vrai. À comparer au nombre de lignes au-dessus de chaque seuil.",
	AboveFloor:   "lignes de probabilité ≥ %s",
	ByBand:       "Lignes par probabilité et par relation", BandHelp: "Chaque ligne écrite dans le fichier des paires, selon sa probabilité et ce que le candidat serait pour le dossier.",
	Relation: "Relation", Total: "Total", Excluded: "exclues",
	SamePerson: "même personne", Duplicate: "autre dossier de la même personne", Reciprocal: "proches qui se cherchent",
	HistTitle: "Poids des lignes",
	HistHelp:  "Nombre de lignes (échelle logarithmique) à chaque poids, en bits : chaque bit double la cote. Les barres à droite du trait pointillé battent « aucune correspondance » : seule, une telle paire est plus probablement une correspondance que non.",
	HistTip:   "%s bits : %d lignes", NoMatchLine: "aucune corresp.", Bits: "poids (bits)", Rows: "lignes",
	Models: "Les modèles derrière les probabilités", Lambda: "Part des paires candidates qui correspondent (λ)",
	PriorWeight: "Poids a priori log₂(λ/(1−λ))", NoMatchWeight: "Poids de « aucune correspondance »",
	TrainedOn: "Estimés par EM sur %d paires candidates en %d itérations.", NotConverged: "EM s'est arrêté avant de converger.",
	PriorsOnly:  "Ce sont les modèles de départ intégrés, estimés sur aucune donnée.",
	EstimatedOn: "Estimés le %s sur %d dossiers, les candidats de %d d'entre eux tirés.",
	FieldsHelp:  "Les niveaux de chaque champ comparé et le poids qu'ils ajoutent (vert pour, rouge contre), en bits.",
	Field:       "Champ", Levels: "Niveaux et poids",
	TopPairs: "Les paires les plus probables", TopHelp: "Les meilleures lignes, avec leurs raisons en clair. Ce sont des propositions à vérifier : ce sont des personnes qui décident.",
	Probability: "Probabilité", Weight: "Poids", Rank: "Rang", Case: "Dossier", Candidate: "Candidat",
	Flags: "Marques", NoRows: "Aucune ligne n'a été écrite.",
	Assign:     "Ce que le rapprochement un à un a changé",
	AssignHelp: "Chaque dossier et chaque enregistrement ne peut être qu'une personne : dans chaque groupe, la réponse conjointe prend les paires du plus grand poids total, chaque dossier et enregistrement une fois au plus. Les lignes ci-dessous sont celles où elle diffère du premier choix du dossier ; elles sont marquées dans le fichier des paires.",
	Groups:     "groupes rapprochés", Chosen: "paires de la réponse conjointe", JointRows: "lignes marquées assign:joint", DisplacedRows: "lignes marquées assign:displaced",
	Group: "Groupe (incident)", What: "Ce qui change",
	NotListed: "et %d lignes de plus, marquées dans le fichier des paires.",
	NoAssign:  "Aucune ligne ne change : chaque dossier garde son premier choix.",
	FlagJoint: "réponse conjointe", FlagDisplaced: "premier choix écarté",
	JointNoFirst:   "La réponse conjointe donne cet enregistrement au dossier, qui n'avait pas de premier choix au-dessus de « aucune correspondance ».",
	JointInstead:   "La réponse conjointe donne cet enregistrement au dossier au lieu de son premier choix %s.",
	DisplacedBoth:  "L'enregistrement va à %s ; ce dossier reçoit %s à la place.",
	DisplacedTaken: "L'enregistrement va à %s ; ce dossier reste sans correspondance.",
	DisplacedOther: "Ce dossier reçoit %s à la place.",
	DisplacedNone:  "Pour ce dossier, aucune correspondance est plus probable que cet enregistrement.",
}

var reportLabelsAR = reportLabels{
	Title: "تقرير المطابقة", Generated: "أُعدّ في %s بواسطة rflmatch crosscheck.",
	PersonalData: "تحتوي هذه الصفحة على بيانات شخصية عن مفقودين وعائلاتهم: احفظها كما تحفظ ملف الأزواج، ولا تشاركها إلا مع من يحق له الاطلاع عليها.",
	Parameters:   "كيف أُجريت المطابقة", LeftSide: "الجانب الأيسر (الملفات)", RightSide: "الجانب الأيمن (السجلات)",
	TopK: "عدد المرشحين المحفوظ لكل ملف (--top)", MinProb: "أدنى احتمال مكتوب (--min-probability)",
	AssignScope: "التوفيق واحد لواحد (--assign)", NotReconciled: "لم يُجرَ",
	IncludeExcluded: "الأزواج المستبعدة محفوظة (--include-excluded)", Yes: "نعم", No: "لا",
	ModelFile: "النماذج مقروءة من (--model)", ModelsEstimated: "مقدَّرة من هذه البيانات",
	Language: "لغة الشروح (--lang)",
	Summary:  "باختصار", Cases: "ملفات قورنت", Records: "سجلات بُحث فيها", PairsScored: "أزواج مرشحة قُيّمت", RowsWritten: "أسطر كُتبت",
	ExpectedTrue: "تطابقات حقيقية متوقعة بين الأسطر",
	ExpectedHelp: "مجموع احتمالات الأسطر التي تقول «الشخص نفسه»: عدد ما ينبغي أن يكون منها تطابقًا حقيقيًا إن صدقت الاحتمالات. قارنه بعدد الأسطر فوق كل عتبة.",
	AboveFloor:   "أسطر باحتمال ≥ %s",
	ByBand:       "الأسطر حسب الاحتمال والعلاقة", BandHelp: "كل سطر كُتب في ملف الأزواج، حسب احتماله وما قد يكونه المرشح بالنسبة إلى الملف.",
	Relation: "العلاقة", Total: "المجموع", Excluded: "مستبعدة",
	SamePerson: "الشخص نفسه", Duplicate: "سجل آخر للشخص نفسه", Reciprocal: "أقارب يبحث بعضهم عن بعض",
	HistTitle: "أوزان التطابق في الأسطر",
	HistHelp:  "عدد الأسطر (بمقياس لوغاريتمي) عند كل وزن تطابق، بالبتات: كل بت يضاعف الأرجحية. الأعمدة يمين الخط المتقطع تتفوق على «لا تطابق»: زوج كهذا وحده أرجح أن يكون تطابقًا من ألا يكون.",
	HistTip:   "%s بت: %d سطر", NoMatchLine: "لا تطابق", Bits: "وزن التطابق (بت)", Rows: "أسطر",
	Models: "النماذج التي تقوم عليها الاحتمالات", Lambda: "نسبة الأزواج المرشحة المتطابقة (λ)",
	PriorWeight: "الوزن المسبق \u2066log₂(λ/(1−λ))\u2069", NoMatchWeight: "وزن «لا تطابق»",
	TrainedOn: "قُدّرت بخوارزمية EM على %d زوجًا مرشحًا في %d تكرارًا.", NotConverged: "توقفت EM قبل أن تتقارب.",
	PriorsOnly:  "هذه هي النماذج الأولية المدمجة، غير مقدّرة على أي بيانات.",
	EstimatedOn: "قُدّرت في %s على %d ملفًا، وسُحبت عينة من مرشحي %d منها.",
	FieldsHelp:  "مستويات كل حقل مقارن والوزن الذي تضيفه (الأخضر لصالح التطابق، والأحمر ضده)، بالبتات.",
	Field:       "الحقل", Levels: "المستويات والأوزان",
	TopPairs: "الأزواج الأرجح", TopHelp: "أفضل الأسطر مع أسبابها بالكلمات. هذه اقتراحات للتحقق: القرار للأشخاص.",
	Probability: "الاحتمال", Weight: "الوزن", Rank: "الترتيب", Case: "الملف", Candidate: "المرشح",
	Flags: "العلامات", NoRows: "لم يُكتب أي سطر.",
	Assign:     "ما غيّره التوفيق واحد لواحد",
	AssignHelp: "كل ملف وكل سجل لا يمثل إلا شخصًا واحدًا: في كل مجموعة تأخذ الإجابة المشتركة الأزواج ذات أكبر وزن إجمالي، كل ملف وسجل مرة واحدة على الأكثر. الأسطر أدناه هي حيث تختلف عن الاختيار الأول للملف، وهي معلّمة في ملف الأزواج.",
	Groups:     "مجموعات وُفّق بينها", Chosen: "أزواج في الإجابة المشتركة", JointRows: "أسطر معلّمة assign:joint", DisplacedRows: "أسطر معلّمة assign:displaced",
	Group: "المجموعة (الحادث)", What: "ما الذي تغيّر",
	NotListed: "و%d سطرًا آخر، معلّمة في ملف الأزواج.",
	NoAssign:  "لم يتغير أي سطر: كل ملف يحتفظ باختياره الأول.",
	FlagJoint: "إجابة مشتركة", FlagDisplaced: "اختيار أول أُزيح",
	JointNoFirst:   "تعطي الإجابة المشتركة هذا السجل للملف، ولم يكن له اختيار أول فوق «لا تطابق».",
	JointInstead:   "تعطي الإجابة المشتركة هذا السجل للملف بدلًا من اختياره الأول %s.",
	DisplacedBoth:  "يذهب السجل إلى %s؛ ويأخذ هذا الملف %s بدلًا منه.",
	DisplacedTaken: "يذهب السجل إلى %s؛ ويبقى هذا الملف دون تطابق.",
	DisplacedOther: "يأخذ هذا الملف %s بدلًا منه.",
	DisplacedNone:  "«لا تطابق» أرجح لهذا الملف من هذا السجل.",
}
