package eval

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Evaluation is the result of running several linkers on one dataset.
type Evaluation struct {
	Dataset *Dataset
	Linkers []string
	// Metrics[i] is linker i's figures per group.
	Metrics []map[string]*Metrics
	Elapsed []time.Duration
}

// Evaluate runs every linker on the dataset, keeping at most topK candidates
// per left entity.
func Evaluate(ctx context.Context, d *Dataset, linkers []Linker, topK int) (*Evaluation, error) {
	ev := &Evaluation{Dataset: d}
	for _, l := range linkers {
		obs := NewObserver(d.Truth)
		start := time.Now()
		cands, err := l.Link(ctx, d.Left, d.Right, topK, obs.Observe)
		if err != nil {
			return nil, fmt.Errorf("%s on %s: %w", l.Name(), d.Name, err)
		}
		ev.Elapsed = append(ev.Elapsed, time.Since(start))
		ev.Linkers = append(ev.Linkers, l.Name())
		ev.Metrics = append(ev.Metrics, Score(d.Truth, d.LeftIDs(), cands, obs, d.Groups))
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
}
