package eval

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rflmatch/rflmatch/engine"
)

// Evaluation is the result of running several linkers on one dataset.
type Evaluation struct {
	Dataset *Dataset
	Linkers []string
	// Metrics[i] is linker i's figures per group, on the same-person
	// truth (remains and registrations).
	Metrics []map[string]*Metrics
	// Relations[i] is linker i's figures per relation and group; nil
	// when the dataset has no truth per relation.
	Relations []map[string]map[string]*RelationMetrics
	// Calibrated[i] says whether linker i's probabilities are meant as
	// probabilities (the baseline's similarity is not).
	Calibrated []bool
	Elapsed    []time.Duration
}

// profileLinker is a [Linker] that can take the dataset's prepared
// profiles instead of preparing its own.
type profileLinker interface {
	LinkProfiles(ctx context.Context, left, right []*engine.Profile, topK int, observe func(l, r engine.Key)) ([]Candidate, error)
}

// Evaluate runs every linker on the dataset, keeping at most topK candidates
// per left entity. When the right side mixes kinds (see
// [Dataset.RightKind]), each linker runs twice: once against the remains
// and registrations, the cross-check the same-person figures have always
// measured, with the model estimated on it; once against the sought people
// (reciprocal searches and duplicate requests), keeping twice topK so that
// both readings of a pair of requests find room. Every relation thus gets
// its own list, as a caseworker filtering by relation sees it, and no
// relation crowds another out of a short list.
func Evaluate(ctx context.Context, d *Dataset, linkers []Linker, topK int) (*Evaluation, error) {
	ev := &Evaluation{Dataset: d}
	for _, l := range linkers {
		obs := NewObserver(d.Truth)
		start := time.Now()
		var cands []Candidate
		for _, part := range d.rightParts() {
			k := topK
			if part.sought {
				k = 2 * topK
			}
			var got []Candidate
			var err error
			if pl, ok := l.(profileLinker); ok {
				lp, _ := d.Profiles()
				if part.sought {
					got, err = pl.LinkProfiles(ctx, lp, part.profiles, k, func(engine.Key, engine.Key) {})
				} else {
					ko := newKeyObserver(d)
					got, err = pl.LinkProfiles(ctx, lp, part.profiles, k, ko.observe)
					ko.handTo(obs)
				}
			} else {
				observe := obs.Observe
				if part.sought {
					observe = func(string, string) {}
				}
				got, err = l.Link(ctx, d.Left, part.records, k, observe)
			}
			if err != nil {
				return nil, fmt.Errorf("%s on %s: %w", l.Name(), d.Name, err)
			}
			cands = append(cands, got...)
		}
		ev.Elapsed = append(ev.Elapsed, time.Since(start))
		ev.Linkers = append(ev.Linkers, l.Name())
		ev.Metrics = append(ev.Metrics, Score(d.Truth, d.LeftIDs(), d.samePerson(cands, topK), obs, d.Groups))
		ev.Relations = append(ev.Relations, ScoreRelations(d, cands))
		c, ok := l.(interface{ Calibrated() bool })
		ev.Calibrated = append(ev.Calibrated, ok && c.Calibrated())
	}
	return ev, nil
}

// Print writes the figures side by side, one block of rows per group, the
// linkers in columns.
func (ev *Evaluation) Print(w io.Writer) {
	d := ev.Dataset
	fmt.Fprintf(w, "\n== %s: %d left entities, %d right records, %d true pairs\n", d.Name, len(d.Left), len(d.Right), d.Truth.Len())
	if d.Source != "" {
		fmt.Fprintf(w, "   source: %s\n", d.Source)
	}
	var groups []string
	for g := range ev.Metrics[0] {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b string) int {
		if a == "all" {
			return -1
		}
		if b == "all" {
			return 1
		}
		return strings.Compare(a, b)
	})
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "group\tmetric\t")
	for _, l := range ev.Linkers {
		fmt.Fprintf(tw, "%s\t", l)
	}
	fmt.Fprintln(tw)
	rows := []struct {
		name string
		f    func(m *Metrics) string
	}{
		{"entities (findable)", func(m *Metrics) string { return fmt.Sprintf("%d (%d)", m.Entities, m.Findable) }},
		{"recall@1", func(m *Metrics) string { return fmt.Sprintf("%.4f", m.Recall1()) }},
		{"recall@10", func(m *Metrics) string { return fmt.Sprintf("%.4f", m.Recall10()) }},
		{"MRR", func(m *Metrics) string { return fmt.Sprintf("%.4f", m.MRR()) }},
		{"precision@p≥0.5", func(m *Metrics) string { return fmt.Sprintf("%.4f", m.Precision(0)) }},
		{"recall@p≥0.5", func(m *Metrics) string { return fmt.Sprintf("%.4f", m.RecallAt(0)) }},
		{"precision@p≥0.9", func(m *Metrics) string { return fmt.Sprintf("%.4f", m.Precision(1)) }},
		{"recall@p≥0.9", func(m *Metrics) string { return fmt.Sprintf("%.4f", m.RecallAt(1)) }},
		{"blocking recall", func(m *Metrics) string { return fmt.Sprintf("%.4f", m.BlockingRecall()) }},
		{"pairs per entity", func(m *Metrics) string { return fmt.Sprintf("%.1f", m.PairsPerEntity()) }},
		{"false ≥0.9 (no counterpart)", func(m *Metrics) string { return fmt.Sprintf("%d of %d", m.FalseHigh, m.Unfindable) }},
	}
	for _, g := range groups {
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t", g, r.name)
			for i := range ev.Linkers {
				m := ev.Metrics[i][g]
				if m == nil {
					m = &Metrics{}
				}
				fmt.Fprintf(tw, "%s\t", r.f(m))
			}
			fmt.Fprintln(tw)
		}
	}
	fmt.Fprint(tw, "\ttime\t")
	for _, e := range ev.Elapsed {
		fmt.Fprintf(tw, "%s\t", e.Round(time.Millisecond))
	}
	fmt.Fprintln(tw)
	tw.Flush()
	if len(d.Compatible) > 0 {
		p10, p50, p90 := Quantiles(d.Compatible)
		fmt.Fprintf(w, "   compatible candidates of the %d cases whose counterpart carries %s (not excluded, same kind): p10 %d, median %d, p90 %d\n",
			len(d.Compatible), CarriesNeither, p10, p50, p90)
	}
	if d.ExcludedTrue != nil {
		fmt.Fprintf(w, "   true pairs excluded by a hard exclusion: %d of %d\n", len(d.ExcludedTrue), d.Truth.Len())
		for i, x := range d.ExcludedTrue {
			if i == 5 {
				fmt.Fprintf(w, "     … and %d more\n", len(d.ExcludedTrue)-5)
				break
			}
			fmt.Fprintf(w, "     %s\n", x)
		}
	}
	ev.printRelations(w)
}

// printRelations writes the figures per relation: one block of rows per
// relation and group, the linkers in columns; then, for each calibrated
// linker, the reliability table of each relation.
func (ev *Evaluation) printRelations(w io.Writer) {
	if len(ev.Relations) == 0 || ev.Relations[0] == nil {
		return
	}
	fmt.Fprintf(w, "\n   by relation: ranks count among the relation's own candidates; precision and reliability over each case's first ten of them\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "relation\tgroup\tmetric\t")
	for _, l := range ev.Linkers {
		fmt.Fprintf(tw, "%s\t", l)
	}
	fmt.Fprintln(tw)
	rows := []struct {
		name string
		f    func(m *RelationMetrics) string
	}{
		{"entities (findable)", func(m *RelationMetrics) string { return fmt.Sprintf("%d (%d)", m.Entities, m.Findable) }},
		{"recall@1", func(m *RelationMetrics) string { return fmt.Sprintf("%.4f", m.Recall1()) }},
		{"recall@10", func(m *RelationMetrics) string { return fmt.Sprintf("%.4f", m.Recall10()) }},
		{"precision@p≥0.9 (rows)", func(m *RelationMetrics) string {
			return fmt.Sprintf("%.4f (%d)", m.Precision(), m.High)
		}},
		{"ECE (rows p≥0.05)", func(m *RelationMetrics) string { return fmt.Sprintf("%.4f (%d)", m.ECE(), m.Rows()) }},
	}
	for _, rel := range Relations {
		groups := relationGroups(ev.Relations, rel)
		for _, g := range groups {
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%s\t", rel, g, r.name)
				for i := range ev.Linkers {
					m := ev.Relations[i][rel][g]
					if m == nil {
						m = &RelationMetrics{}
					}
					fmt.Fprintf(tw, "%s\t", r.f(m))
				}
				fmt.Fprintln(tw)
			}
		}
	}
	tw.Flush()
	for i, l := range ev.Linkers {
		if !ev.Calibrated[i] {
			continue
		}
		for _, rel := range Relations {
			if m := ev.Relations[i][rel]["all"]; m != nil {
				PrintReliability(w, fmt.Sprintf("%s, %s", l, rel), m)
			}
		}
	}
}

// relationGroups lists the groups of a relation, "all" first, then the
// cultures in order.
func relationGroups(rs []map[string]map[string]*RelationMetrics, rel string) []string {
	var groups []string
	for g := range rs[0][rel] {
		if g != "all" {
			groups = append(groups, g)
		}
	}
	slices.Sort(groups)
	if len(rs[0][rel]) == 0 {
		return nil
	}
	return append([]string{"all"}, groups...)
}

// PrintReliability writes the reliability table of m: per probability
// band its rows, their mean probability, the share of them that is true
// and that share's 95% Wilson interval, then the expected calibration
// error.
func PrintReliability(w io.Writer, title string, m *RelationMetrics) {
	fmt.Fprintf(w, "\n   reliability of %s (first ten candidates, p ≥ %.2f): ECE %.4f over %d rows\n", title, BandEdges[0], m.ECE(), m.Rows())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "band\trows\tmean p\tshare true\t95% interval\t")
	for i, b := range m.Bands {
		lo, hi := b.Wilson()
		share, mean := "-", "-"
		if b.Rows > 0 {
			share, mean = fmt.Sprintf("%.3f", b.Share()), fmt.Sprintf("%.3f", b.MeanP())
		}
		fmt.Fprintf(tw, "%.2f–%.2f\t%d\t%s\t%s\t%.3f–%.3f\t\n", BandEdges[i], BandEdges[i+1], b.Rows, mean, share, lo, hi)
	}
	tw.Flush()
}
