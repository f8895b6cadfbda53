package main

import (
	"io"
	"os"
	"slices"
	"strings"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/words"
	"github.com/spf13/pflag"
)

// viewWidth is the width, in columns, of the readable view of candidates.
const viewWidth = 100

// langFlag registers --lang, the language of the explanations; its
// default comes from the environment (LC_ALL, LC_MESSAGES, LANG), else
// English.
func langFlag(fl *pflag.FlagSet, e *env) *string {
	return fl.String("lang", words.FromEnv(e.getenv), "word the explanations in `LANG`: "+strings.Join(words.Langs(), ", ")+" (default from LANG, else en)")
}

// printer is the wording of --lang.
func printer(lang string) (*words.Printer, error) {
	if !slices.Contains(words.Langs(), lang) {
		return nil, usageErr("--lang %s: the explanations are in %s", lang, strings.Join(words.Langs(), ", "))
	}
	return words.New(lang), nil
}

// stdoutTerminal reports whether the command's standard output is a
// terminal, where a person reads it.
func stdoutTerminal(e *env) bool {
	f, ok := e.stdout.(*os.File)
	return ok && isTerminal(f)
}

// crossPairs calls fn with each candidate of res whose probability is at
// least minProb, left cases in their order and candidates best first,
// with its case's records, its own record and the number of the case's
// candidates. With p, the pair carries its breakdown, each field with its
// sentence in p's language; without, the CSV's columns only.
func crossPairs(res *engine.CrosscheckResult, p *words.Printer, minProb float64, fn func(pair *engine.Pair, left []*engine.Record, right *engine.Record, n int) error) error {
	for i := range res.Matches {
		m := &res.Matches[i]
		for rank := 1; rank <= len(m.Candidates); rank++ {
			pair := res.Scorer.Pair(m, rank, p != nil)
			if pair.Probability < minProb {
				continue
			}
			right := firstRecord(m.Candidates[rank-1].B)
			if p != nil {
				p.Fill(&pair, words.SidesOf(m.Left.Records, right))
			}
			if err := fn(&pair, m.Left.Records, right, len(m.Candidates)); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeCrossPairs writes the candidates of res whose probability is at
// least minProb as the pairs CSV (p nil) or, as crosscheck --explain
// does, as JSON lines with each field's sentence in p's language; it
// returns the number of pairs written.
func writeCrossPairs(w io.Writer, res *engine.CrosscheckResult, p *words.Printer, minProb float64) (int, error) {
	pw, err := engine.NewPairWriter(w, p != nil)
	if err != nil {
		return 0, err
	}
	err = crossPairs(res, p, minProb, func(pair *engine.Pair, _ []*engine.Record, _ *engine.Record, _ int) error {
		return pw.Write(pair)
	})
	if err != nil {
		return pw.Written(), err
	}
	return pw.Written(), pw.Flush()
}

// writeCrossSheet writes the candidates of res whose probability is at
// least minProb to the spreadsheet that open starts, worded in p's
// language, and returns the number of pairs written.
func writeCrossSheet(res *engine.CrosscheckResult, p *words.Printer, minProb float64, open func() (sheet, error)) (int, error) {
	sh, err := open()
	if err != nil {
		return 0, err
	}
	n := 0
	err = crossPairs(res, p, minProb, func(pair *engine.Pair, left []*engine.Record, right *engine.Record, cands int) error {
		row := newSheetRow(p, pair, left, right, cands)
		n++
		return sh.write(&row)
	})
	if cerr := sh.close(); err == nil {
		err = cerr
	}
	return n, err
}

func firstRecord(pr *engine.Profile) *engine.Record {
	if pr == nil || len(pr.Records) == 0 {
		return nil
	}
	return pr.Records[0]
}

// matchCase is a cross-check's case and its candidates as words.Printer
// writes them.
func matchCase(sc *engine.Scorer, m *engine.Match, p *words.Printer) *words.Case {
	c := &words.Case{Key: m.Left.Key, Records: m.Left.Records, Models: sc.Models}
	for rank := 1; rank <= len(m.Candidates); rank++ {
		pair := sc.Pair(m, rank, true)
		r := firstRecord(m.Candidates[rank-1].B)
		p.Fill(&pair, words.SidesOf(m.Left.Records, r))
		c.Pairs = append(c.Pairs, pair)
		c.Candidates = append(c.Candidates, r)
	}
	return c
}
