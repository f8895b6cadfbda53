package web

import (
	"math"
	"strconv"

	"github.com/rflmatch/rflmatch/engine"
)

// waterfall is the score of a pair drawn as Splink draws it: the prior,
// then each field's weight added in turn, then the total, in bits (log2 of
// the odds). It is laid out here and drawn by the "waterfall" template as
// inline SVG.
type waterfall struct {
	Width, Height int
	// Left is where the bars' area starts; ZeroX the x of 0 bits.
	Left, ZeroX float64
	Bars        []bar
	Ticks       []tick
	Final       string // the total's probability, in words
}

// bar is one step: from the running total before it to the one after.
type bar struct {
	Y, X, W      float64
	Label, Value string
	Class        string // prior, for, against, total
	// TextX is where the value is written, Anchor its alignment.
	TextX  float64
	Anchor string
}

type tick struct {
	X     float64
	Label string
}

const (
	barHeight = 22
	barGap    = 6
	chartW    = 640
	labelW    = 170
	valueW    = 56
)

// newWaterfall lays out the pair's waterfall; nil when no field weighs.
func newWaterfall(l *lang, p *engine.Pair) *waterfall {
	type step struct {
		label, class string
		from, to     float64
	}
	var steps []step
	run := 0.0
	// The prior is what the probability says beyond the fields' sum: the
	// engine's probability is the logistic of score plus prior, in bits.
	if p.Probability > 0 && p.Probability < 1 {
		prior := math.Log2(p.Probability/(1-p.Probability)) - p.Score
		steps = append(steps, step{l.T("chart.prior"), "prior", 0, prior})
		run = prior
	}
	for _, b := range p.Fields {
		if b.Weight == 0 || b.Level == "missing" {
			continue
		}
		class := "for"
		if b.Weight < 0 {
			class = "against"
		}
		steps = append(steps, step{l.T("field." + b.Field), class, run, run + b.Weight})
		run += b.Weight
	}
	if len(steps) == 0 {
		return nil
	}
	steps = append(steps, step{l.T("chart.total"), "total", 0, run})
	lo, hi := 0.0, 0.0
	for _, s := range steps {
		lo, hi = min(lo, s.from, s.to), max(hi, s.from, s.to)
	}
	lo, hi = math.Floor(lo/5)*5, math.Ceil(hi/5)*5
	if hi == lo {
		hi = lo + 5
	}
	plot := float64(chartW - labelW - 2*valueW)
	left := float64(labelW + valueW)
	x := func(v float64) float64 { return left + (v-lo)/(hi-lo)*plot }
	wf := &waterfall{Width: chartW, Height: 24 + len(steps)*(barHeight+barGap), Left: left, ZeroX: x(0)}
	for v := lo; v <= hi; v += 5 {
		wf.Ticks = append(wf.Ticks, tick{x(v), strconv.Itoa(int(v))})
	}
	for i, s := range steps {
		a, b := x(min(s.from, s.to)), x(max(s.from, s.to))
		w := s.to - s.from
		br := bar{Y: float64(i * (barHeight + barGap)), X: a, W: max(b-a, 1), Label: s.label, Value: signed(w), Class: s.class}
		if s.class == "total" {
			br.Value = signed(s.to)
		}
		if w >= 0 {
			br.TextX, br.Anchor = b+4, "start"
		} else {
			br.TextX, br.Anchor = a-4, "end"
		}
		wf.Bars = append(wf.Bars, br)
	}
	wf.Final = l.words.Percent(p.Probability)
	return wf
}

// odontogram is the two dental charts of a pair, the 32 permanent teeth
// (and the deciduous ones when charted) of each, every tooth charted on
// both sides marked with how it compares.
type odontogram struct {
	Left, Right teethChart
	Deciduous   bool
	Width       int
	Height      int
	// Compared lists the teeth charted on both sides, for the table that
	// says the same in words.
	Compared []engine.ToothComparison
	Counts   engine.DentalResult
	Outcomes []string // the legend's outcomes
	Statuses []engine.ToothStatus
}

// teethChart is one side's chart laid out tooth by tooth.
type teethChart struct {
	Title  string // ante_mortem, post_mortem, …: a kind
	Teeth  []toothBox
	height int
}

// toothBox is one tooth's place and marks.
type toothBox struct {
	X, Y    int
	Number  string
	Status  string // the charted status, "" when not charted
	Abbr    string
	Outcome string // match, explainable, possible, conflict, not_compared, or ""
	LabelY  int
}

// The FDI rows as a dentist faces the patient: the patient's right on the
// left. Deciduous rows sit in the middle of the permanent ones.
var (
	upperPermanent = []int{18, 17, 16, 15, 14, 13, 12, 11, 21, 22, 23, 24, 25, 26, 27, 28}
	lowerPermanent = []int{48, 47, 46, 45, 44, 43, 42, 41, 31, 32, 33, 34, 35, 36, 37, 38}
	upperDeciduous = []int{55, 54, 53, 52, 51, 61, 62, 63, 64, 65}
	lowerDeciduous = []int{85, 84, 83, 82, 81, 71, 72, 73, 74, 75}
)

const (
	toothW   = 26
	toothH   = 30
	toothGap = 2
)

// statusAbbr is a tooth status in one or two letters, the same in every
// language (the legend spells them out).
var statusAbbr = map[engine.ToothStatus]string{
	engine.Sound: "S", engine.MissingUnknown: "M?", engine.Present: "P", engine.Missing: "M",
	engine.MissingPostmortem: "MP", engine.Filled: "F", engine.Crown: "C", engine.Bridge: "B",
	engine.Implant: "I", engine.RootCanal: "RC", engine.Decayed: "D", engine.Fractured: "FR",
	engine.Unerupted: "U", engine.ToothUnknown: "?",
}

// newOdontogram compares the first dental chart of each side; nil unless
// both sides have one.
func newOdontogram(sought, found []*engine.Record) *odontogram {
	a, ak := firstChart(sought)
	b, bk := firstChart(found)
	if a == nil || b == nil {
		return nil
	}
	mode := engine.SameState
	if bk == engine.PostMortem && ak != engine.PostMortem {
		mode = engine.AnteVersusPost
	}
	res := engine.CompareDental(a, b, mode)
	outcome := map[engine.Tooth]string{}
	for _, tc := range res.Teeth {
		outcome[tc.Tooth] = tc.Outcome.String()
	}
	o := &odontogram{Compared: res.Teeth, Counts: res, Statuses: engine.ToothStatuses,
		Outcomes: []string{"match", "explainable", "possible", "conflict", "not_compared"}}
	for _, d := range []*engine.Dental{a, b} {
		for _, ts := range d.Chart() {
			if ts.Tooth.Deciduous() {
				o.Deciduous = true
			}
		}
	}
	o.Left = layChart(string(ak), a, outcome, o.Deciduous)
	o.Right = layChart(string(bk), b, outcome, o.Deciduous)
	o.Width = 16*(toothW+toothGap) + 12
	o.Height = o.Left.height
	return o
}

func firstChart(recs []*engine.Record) (*engine.Dental, engine.Kind) {
	for _, r := range recs {
		if r.Dental != nil && len(r.Dental.Chart()) > 0 {
			return r.Dental, r.Kind
		}
	}
	return nil, ""
}

func layChart(title string, d *engine.Dental, outcome map[engine.Tooth]string, deciduous bool) teethChart {
	c := teethChart{Title: title}
	status := map[engine.Tooth]engine.ToothStatus{}
	for _, ts := range d.Chart() {
		status[ts.Tooth] = ts.Status
	}
	rows := [][]int{upperPermanent}
	if deciduous {
		rows = append(rows, upperDeciduous, lowerDeciduous)
	}
	rows = append(rows, lowerPermanent)
	y := 14
	for i, teeth := range rows {
		upper := i < len(rows)/2
		offset := (16 - len(teeth)) * (toothW + toothGap) / 2
		for j, n := range teeth {
			t := engine.Tooth(n)
			tb := toothBox{X: 6 + offset + j*(toothW+toothGap), Y: y, Number: t.String()}
			if upper {
				tb.LabelY = y - 3
			} else {
				tb.LabelY = y + toothH + 11
			}
			if st, ok := status[t]; ok {
				tb.Status, tb.Abbr = string(st), statusAbbr[st]
				tb.Outcome = outcome[t]
				if tb.Outcome == "" {
					tb.Outcome = "not_compared"
				}
			}
			c.Teeth = append(c.Teeth, tb)
		}
		y += toothH + 14
		if i == len(rows)/2-1 {
			y += 16 // the gap between the jaws
		}
	}
	c.height = y
	return c
}

// outcomeSymbol marks a tooth's outcome by a shape as well as a colour.
var outcomeSymbol = map[string]string{
	"match": "✓", "explainable": "≈", "possible": "?", "conflict": "✗", "not_compared": "·",
}
