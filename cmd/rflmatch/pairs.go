package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rflmatch/rflmatch/engine"
)

// pairColumns is the header of a pairs file.
var pairColumns = []string{"left_source", "left_id", "right_source", "right_id", "score", "probability", "rank", "relation", "flags"}

// pair is one row of a pairs file, and one line of an explanation file.
type pair struct {
	LeftSource  string `json:"left_source"`
	LeftID      string `json:"left_id"`
	RightSource string `json:"right_source"`
	RightID     string `json:"right_id"`
	// Score is the match weight, rounded to 4 decimals; Probability the
	// match probability, rounded to 6, as in the CSV.
	Score       float64            `json:"score"`
	Probability float64            `json:"probability"`
	Rank        int                `json:"rank"`
	Relation    string             `json:"relation"`
	Flags       []string           `json:"flags"`
	Exclusion   *exclusion         `json:"exclusion,omitempty"`
	Fields      []engine.Breakdown `json:"fields"`
}

// exclusion is why a pair was ruled out (kept by --include-excluded).
type exclusion struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// pairOf makes the row of the rank-th (from 1) candidate of m; explain adds
// the field-by-field breakdown.
func pairOf(sc *engine.Scorer, m *engine.Match, rank int, explain bool) pair {
	c := &m.Candidates[rank-1]
	p := pair{
		LeftSource:  m.Left.Key.Source,
		LeftID:      m.Left.Key.ID,
		RightSource: c.B.Key.Source,
		RightID:     c.B.Key.ID,
		Score:       round(c.Weight, 4),
		Probability: round(c.Probability, 6),
		Rank:        rank,
		Relation:    c.Relation.String(),
		Flags:       c.Flags(),
	}
	if p.Flags == nil {
		p.Flags = []string{}
	}
	if explain {
		if c.Excluded != nil {
			p.Exclusion = &exclusion{Code: c.Excluded.Code, Reason: c.Excluded.Detail}
		}
		p.Fields = sc.Explain(c)
	}
	return p
}

func round(x float64, decimals int) float64 {
	f := math.Pow(10, float64(decimals))
	return math.Round(x*f) / f
}

// writePairs writes every candidate of res, left cases in their order and
// candidates best first: CSV with a header, or with explain one JSON object
// a line. It returns the number of pairs written.
func writePairs(w io.Writer, res *engine.CrosscheckResult, explain bool) (int, error) {
	var cw *csv.Writer
	var enc *json.Encoder
	if explain {
		enc = json.NewEncoder(w)
		enc.SetEscapeHTML(false)
	} else {
		cw = csv.NewWriter(w)
		if err := cw.Write(pairColumns); err != nil {
			return 0, err
		}
	}
	n := 0
	for i := range res.Matches {
		m := &res.Matches[i]
		for rank := 1; rank <= len(m.Candidates); rank++ {
			p := pairOf(res.Scorer, m, rank, explain)
			var err error
			if explain {
				err = enc.Encode(p)
			} else {
				err = cw.Write([]string{
					p.LeftSource, p.LeftID, p.RightSource, p.RightID,
					strconv.FormatFloat(p.Score, 'f', 4, 64),
					strconv.FormatFloat(p.Probability, 'f', 6, 64),
					strconv.Itoa(p.Rank), p.Relation, strings.Join(p.Flags, " "),
				})
			}
			if err != nil {
				return n, err
			}
			n++
		}
	}
	if cw != nil {
		cw.Flush()
		return n, cw.Error()
	}
	return n, nil
}

// writeAtomic writes a file through a temporary file beside it, synced and
// renamed over path once complete: an interrupted or failed run leaves the
// previous file whole, never half of a new one.
func writeAtomic(path string, perm os.FileMode, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
