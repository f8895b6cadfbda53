package eval

import (
	"context"
	"fmt"
	"io"
	"math"
	"text/tabwriter"
	"time"

	"github.com/rflmatch/rflmatch/bench/synth"
)

// RunOptions set a series of generated runs: every size with every seed.
type RunOptions struct {
	// People are the sizes, in people generated; Seeds the seeds of each.
	People []int
	Seeds  []int64
	// SharedData is the shared data folder, "" to find it.
	SharedData string
	// TopK is how many candidates per case count; the default is 10.
	TopK int
	// Linkers run on every dataset; the last calibrated one gives the
	// summary's figures.
	Linkers []Linker
	// Progress, if set, is told when each run is generated and evaluated.
	Progress func(format string, args ...any)
}

// Run is the evaluation of one generated dataset.
type Run struct {
	People     int
	Seed       int64
	Evaluation *Evaluation
	// Generated is the time taken to generate the dataset, count its
	// compatible candidates and check its exclusions; Elapsed the whole
	// run's, evaluation included.
	Generated, Elapsed time.Duration
}

// RunGenerated generates and evaluates every size with every seed, the
// next dataset generated while the current one is evaluated (generation
// is one goroutine, matching uses every core; the overlap fills the
// cores). It calls each for every finished run, in order.
func RunGenerated(ctx context.Context, opt RunOptions, each func(*Run) error) error {
	if opt.TopK <= 0 {
		opt.TopK = 10
	}
	type job struct {
		people int
		seed   int64
	}
	var jobs []job
	for _, p := range opt.People {
		for _, s := range opt.Seeds {
			jobs = append(jobs, job{p, s})
		}
	}
	type loaded struct {
		d       *Dataset
		took    time.Duration
		started time.Time
		err     error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan loaded, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(next)
		for _, j := range jobs {
			start := time.Now()
			d, err := LoadGenerated(ctx, synth.Options{Seed: j.seed, People: j.people, SharedData: opt.SharedData})
			if err == nil {
				d.Compatible, err = CountCompatible(ctx, d, CarriesNeither)
			}
			if err == nil {
				err = CheckExclusions(ctx, d)
			}
			select {
			case next <- loaded{d, time.Since(start), start, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	defer func() { cancel(); <-done }()
	for _, j := range jobs {
		l, ok := <-next
		if !ok {
			return ctx.Err()
		}
		if l.err != nil {
			return fmt.Errorf("%d people, seed %d: %w", j.people, j.seed, l.err)
		}
		if opt.Progress != nil {
			opt.Progress("%d people, seed %d: generated in %s, evaluating", j.people, j.seed, l.took.Round(time.Millisecond))
		}
		start := time.Now()
		ev, err := Evaluate(ctx, l.d, opt.Linkers, opt.TopK)
		if err != nil {
			return err
		}
		r := &Run{People: j.people, Seed: j.seed, Evaluation: ev, Generated: l.took, Elapsed: l.took + time.Since(start)}
		if err := each(r); err != nil {
			return err
		}
	}
	return nil
}

// Figures are the figures of one run that issue 15 sets bars on, for one
// linker.
type Figures struct {
	// NameOrDentalRecall1 is recall@1 of the cases whose counterpart
	// carries a name or a comparable dental chart, counted among the
	// same-person candidates (remains and registrations).
	NameOrDentalRecall1 float64 `json:"name_or_dental_recall1"`
	// NeitherRecall10 is recall@10 of the cases whose counterpart carries
	// neither, and NeitherCompatible the median number of compatible
	// candidates of its kind such a case has.
	NeitherRecall10   float64 `json:"neither_recall10"`
	NeitherCompatible int     `json:"neither_compatible_median"`
	// ExcludedTrue is the number of true pairs a hard exclusion drops.
	ExcludedTrue int `json:"true_pairs_excluded"`
	// Relations holds, per relation, its recall@1 and @10, precision at
	// p ≥ 0.9 and expected calibration error.
	Relations map[string]RelationFigures `json:"relations"`
	Seconds   float64                    `json:"seconds"`
}

// RelationFigures are the headline figures of one relation.
type RelationFigures struct {
	Findable  int     `json:"findable"`
	Recall1   float64 `json:"recall1"`
	Recall10  float64 `json:"recall10"`
	Precision float64 `json:"precision_p90"`
	HighRows  int     `json:"rows_p90"`
	ECE       float64 `json:"ece"`
}

// Figures are the run's figures for its last calibrated linker (the
// engine), or its last linker.
func (r *Run) Figures() Figures {
	ev := r.Evaluation
	i := len(ev.Linkers) - 1
	for k := len(ev.Linkers) - 1; k >= 0; k-- {
		if ev.Calibrated[k] {
			i = k
			break
		}
	}
	f := Figures{Relations: map[string]RelationFigures{}, Seconds: r.Elapsed.Seconds()}
	m := ev.Metrics[i]
	if g := m["carries="+CarriesNameOrDental]; g != nil {
		f.NameOrDentalRecall1 = g.Recall1()
	}
	if g := m["carries="+CarriesNeither]; g != nil {
		f.NeitherRecall10 = g.Recall10()
	}
	_, f.NeitherCompatible, _ = Quantiles(ev.Dataset.Compatible)
	f.ExcludedTrue = len(ev.Dataset.ExcludedTrue)
	for rel, groups := range ev.Relations[i] {
		if a := groups["all"]; a != nil {
			f.Relations[rel] = RelationFigures{Findable: a.Findable, Recall1: a.Recall1(), Recall10: a.Recall10(),
				Precision: a.Precision(), HighRows: a.High, ECE: a.ECE()}
		}
	}
	return f
}

// Bar is one of issue 15's bars: a figure, the bound it must reach and
// whether it is a floor or a ceiling.
type Bar struct {
	Name    string
	Bound   float64
	Ceiling bool // the figure must stay at or under Bound
	Figure  func(f Figures) float64
}

// Met reports whether x meets the bar.
func (b Bar) Met(x float64) bool {
	if b.Ceiling {
		return x <= b.Bound
	}
	return x >= b.Bound
}

// Bars are the bars of issue 15, in its order.
var Bars = func() []Bar {
	bars := []Bar{
		{Name: "recall@1, counterpart with a name or dental chart", Bound: 0.92, Figure: func(f Figures) float64 { return f.NameOrDentalRecall1 }},
		{Name: "recall@10, counterpart with neither", Bound: 0.80, Figure: func(f Figures) float64 { return f.NeitherRecall10 }},
		{Name: "recall@1, registrations", Bound: 0.95, Figure: func(f Figures) float64 { return f.Relations[Registrations].Recall1 }},
	}
	for _, rel := range []string{Remains, Registrations, Reciprocal} {
		bars = append(bars, Bar{Name: "precision at p ≥ 0.9, " + rel, Bound: 0.97,
			Figure: func(f Figures) float64 { return f.Relations[rel].Precision }})
	}
	for _, rel := range []string{Remains, Registrations, Reciprocal} {
		bars = append(bars, Bar{Name: "ECE, " + rel, Bound: 0.05, Ceiling: true,
			Figure: func(f Figures) float64 { return f.Relations[rel].ECE }})
	}
	return append(bars, Bar{Name: "true pairs excluded", Bound: 0, Ceiling: true,
		Figure: func(f Figures) float64 { return float64(f.ExcludedTrue) }})
}()

// Spread is a figure over the seeds of one size: mean and range.
type Spread struct {
	Mean float64 `json:"mean"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
}

func spreadOf(xs []float64) Spread {
	s := Spread{Min: math.Inf(1), Max: math.Inf(-1)}
	for _, x := range xs {
		s.Mean += x
		s.Min, s.Max = min(s.Min, x), max(s.Max, x)
	}
	if len(xs) > 0 {
		s.Mean /= float64(len(xs))
	}
	return s
}

// Summary is one size's figures over its seeds.
type Summary struct {
	People int     `json:"people"`
	Seeds  []int64 `json:"seeds"`
	// Figures maps each summary line to its spread; Lines lists them in
	// report order.
	Figures map[string]Spread `json:"figures"`
	Lines   []string          `json:"-"`
	// Bars are the bars checked on the mean and on the worst seed.
	Bars []BarResult `json:"bars"`
}

// BarResult is one bar against one size's figures.
type BarResult struct {
	Bar       string  `json:"bar"`
	Bound     float64 `json:"bound"`
	Ceiling   bool    `json:"ceiling,omitempty"`
	Mean      float64 `json:"mean"`
	Worst     float64 `json:"worst"`
	MetOnMean bool    `json:"met_on_mean"`
	MetOnAll  bool    `json:"met_on_every_seed"`
}

// Summarize gives, per size in the order first seen, the mean and range
// of every figure over the seeds, and the bars.
func Summarize(runs []*Run) []Summary {
	var sizes []int
	byPeople := map[int][]*Run{}
	for _, r := range runs {
		if _, ok := byPeople[r.People]; !ok {
			sizes = append(sizes, r.People)
		}
		byPeople[r.People] = append(byPeople[r.People], r)
	}
	var out []Summary
	for _, p := range sizes {
		rs := byPeople[p]
		figs := make([]Figures, len(rs))
		s := Summary{People: p, Figures: map[string]Spread{}}
		for i, r := range rs {
			figs[i] = r.Figures()
			s.Seeds = append(s.Seeds, r.Seed)
		}
		add := func(name string, f func(Figures) float64) {
			xs := make([]float64, len(figs))
			for i := range figs {
				xs[i] = f(figs[i])
			}
			s.Figures[name] = spreadOf(xs)
			s.Lines = append(s.Lines, name)
		}
		add("recall@1, name or dental", func(f Figures) float64 { return f.NameOrDentalRecall1 })
		add("recall@10, neither", func(f Figures) float64 { return f.NeitherRecall10 })
		add("compatible bodies of neither, median", func(f Figures) float64 { return float64(f.NeitherCompatible) })
		for _, rel := range Relations {
			add(rel+" findable", func(f Figures) float64 { return float64(f.Relations[rel].Findable) })
			add(rel+" recall@1", func(f Figures) float64 { return f.Relations[rel].Recall1 })
			add(rel+" recall@10", func(f Figures) float64 { return f.Relations[rel].Recall10 })
			add(rel+" precision@p≥0.9", func(f Figures) float64 { return f.Relations[rel].Precision })
			add(rel+" rows at p≥0.9", func(f Figures) float64 { return float64(f.Relations[rel].HighRows) })
			add(rel+" ECE", func(f Figures) float64 { return f.Relations[rel].ECE })
		}
		add("true pairs excluded", func(f Figures) float64 { return float64(f.ExcludedTrue) })
		add("seconds", func(f Figures) float64 { return f.Seconds })
		for _, b := range Bars {
			xs := make([]float64, len(figs))
			for i := range figs {
				xs[i] = b.Figure(figs[i])
			}
			sp := spreadOf(xs)
			worst := sp.Min
			if b.Ceiling {
				worst = sp.Max
			}
			s.Bars = append(s.Bars, BarResult{Bar: b.Name, Bound: b.Bound, Ceiling: b.Ceiling, Mean: sp.Mean, Worst: worst,
				MetOnMean: b.Met(sp.Mean), MetOnAll: b.Met(worst)})
		}
		out = append(out, s)
	}
	return out
}

// PrintSummaries writes each size's summary: every figure's mean and
// range over the seeds, then the bars.
func PrintSummaries(w io.Writer, sums []Summary) {
	for _, s := range sums {
		fmt.Fprintf(w, "\n== summary: %d people, seeds %v (the engine's figures; mean and range over the seeds)\n", s.People, s.Seeds)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "figure\tmean\tmin\tmax\t")
		for _, name := range s.Lines {
			sp := s.Figures[name]
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", name, fmtFigure(sp.Mean), fmtFigure(sp.Min), fmtFigure(sp.Max))
		}
		tw.Flush()
		fmt.Fprintf(w, "\n   bars of issue 15 at %d people\n", s.People)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "bar\tbound\tmean\tworst seed\tmet on mean\tmet on every seed\t")
		for _, b := range s.Bars {
			op := "≥"
			if b.Ceiling {
				op = "≤"
			}
			fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s\t%s\t%s\t\n", b.Bar, op, fmtFigure(b.Bound), fmtFigure(b.Mean), fmtFigure(b.Worst), yesNo(b.MetOnMean), yesNo(b.MetOnAll))
		}
		tw.Flush()
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

// fmtFigure writes counts as integers and shares with four decimals.
func fmtFigure(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) >= 1 || x == 0 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.4f", x)
}
