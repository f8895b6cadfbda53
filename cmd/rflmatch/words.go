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

// writeExplained writes every candidate of res as crosscheck --explain
// does, each field with its sentence in p's language, and returns the
// number of pairs written.
func writeExplained(w io.Writer, res *engine.CrosscheckResult, p *words.Printer) (int, error) {
	pw, err := engine.NewPairWriter(w, true)
	if err != nil {
		return 0, err
	}
	for i := range res.Matches {
		m := &res.Matches[i]
		for rank := 1; rank <= len(m.Candidates); rank++ {
			pair := res.Scorer.Pair(m, rank, true)
			p.Fill(&pair, words.SidesOf(m.Left.Records, firstRecord(m.Candidates[rank-1].B)))
			if err := pw.Write(&pair); err != nil {
				return pw.Written(), err
			}
		}
	}
	return pw.Written(), pw.Flush()
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
