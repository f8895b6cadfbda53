package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/words"
)

// crossRow is one pair crosscheck writes, as every output (the pairs CSV,
// the explanations, a spreadsheet, and whatever else is attached to
// eachRow, such as a report) receives it: left cases in their order,
// candidates best first, the pairs below --min-probability left out.
type crossRow struct {
	pair *engine.Pair
	// match is the left case and its kept candidates; rank is the pair's
	// place among them, from 1. With full profiles (see eachRow), Left
	// and each candidate's B are prepared from their records, else they
	// are compact and B holds only the key.
	match *engine.Match
	rank  int
	left  []*engine.Record
	right *engine.Record // nil without full profiles
	cands int            // the case's kept candidates
}

// probabilityBands are the bands crosscheck counts its rows by, highest
// first: each holds the probabilities from its min up to the band above.
var probabilityBands = []struct {
	name string
	min  float64
}{
	{"0.9-1", 0.9}, {"0.5-0.9", 0.5}, {"0.1-0.5", 0.1}, {"0.01-0.1", 0.01}, {"0-0.01", 0},
}

// bandCounts counts rows by probability band.
type bandCounts [5]int

func (b *bandCounts) add(p float64) {
	for i, band := range probabilityBands {
		if p >= band.min {
			b[i]++
			return
		}
	}
	b[len(b)-1]++
}

// String lists the counts as the summary line shows them.
func (b bandCounts) String() string {
	parts := make([]string, len(b))
	for i, n := range b {
		parts[i] = fmt.Sprintf("%s %d", probabilityBands[i].name, n)
	}
	return strings.Join(parts, ", ")
}

// fetchChunk bounds the right profiles held at once to explain pairs:
// the right side is read again for every chunk of left cases whose
// candidates reach it.
const fetchChunk = 100_000

// eachRow calls fn with every row of res in output order, through
// crossPairs, so that every output sees the same rows. With p, the pairs
// carry their explanations in p's language, and the rows full profiles:
// the left cases are prepared again from their records, and the right
// profiles read again from the right side, once per chunk of left cases
// whose candidates number fetchChunk.
func eachRow(ctx context.Context, res *engine.StreamResult, p *words.Printer, minProb float64, fn func(*crossRow) error) error {
	for lo := 0; lo < res.Len(); {
		hi, keys := lo, map[engine.Key]bool{}
		matches := make([]engine.Match, 0, 256)
		for hi < res.Len() && (p == nil && hi-lo < 4096 || p != nil && len(keys) < fetchChunk) {
			m := res.Match(hi)
			for _, c := range m.Candidates {
				keys[c.B.Key] = true
			}
			matches = append(matches, m)
			hi++
		}
		if p != nil {
			full, err := res.Profiles(ctx, keys)
			if err != nil {
				return err
			}
			for i := range matches {
				m := &matches[i]
				m.Left = engine.Prepare(res.Case(lo + i).Records...)
				for k := range m.Candidates {
					c := &m.Candidates[k]
					c.A = m.Left
					if b, ok := full[c.B.Key]; ok {
						c.B = b
					}
				}
			}
		}
		for i := range matches {
			m := &matches[i]
			one := &engine.CrosscheckResult{Matches: matches[i : i+1], Scorer: res.Scorer}
			err := crossPairs(one, p, minProb, func(pair *engine.Pair, left []*engine.Record, right *engine.Record, n int) error {
				return fn(&crossRow{pair: pair, match: m, rank: pair.Rank, left: left, right: right, cands: n})
			})
			if err != nil {
				return err
			}
		}
		lo = hi
	}
	return nil
}
