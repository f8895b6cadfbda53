package engine

import (
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
)

// PairColumns is the header of a pairs CSV file.
var PairColumns = []string{"left_source", "left_id", "right_source", "right_id", "score", "probability", "rank", "relation", "flags"}

// Pair is one ranked candidate as the product shows it: one row of a pairs
// CSV file and, with its breakdown, one line of an explanation file.
type Pair struct {
	LeftSource  string `json:"left_source"`
	LeftID      string `json:"left_id"`
	RightSource string `json:"right_source"`
	RightID     string `json:"right_id"`
	// Score is the match weight, rounded to 4 decimals; Probability the
	// match probability, rounded to 6, as in the CSV.
	Score       float64        `json:"score"`
	Probability float64        `json:"probability"`
	Rank        int            `json:"rank"`
	Relation    string         `json:"relation"`
	Flags       []string       `json:"flags"`
	Exclusion   *PairExclusion `json:"exclusion,omitempty"`
	Fields      []Breakdown    `json:"fields,omitempty"`
}

// PairExclusion is why a pair was ruled out (kept by IncludeExcluded).
type PairExclusion struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// Pair makes the row of the rank-th (from 1) candidate of m; explain adds
// the field-by-field breakdown, which needs full profiles (not compact
// ones) for its details.
func (sc *Scorer) Pair(m *Match, rank int, explain bool) Pair {
	c := &m.Candidates[rank-1]
	p := Pair{
		LeftSource:  m.Left.Key.Source,
		LeftID:      m.Left.Key.ID,
		RightSource: c.B.Key.Source,
		RightID:     c.B.Key.ID,
		Score:       roundTo(c.Weight, 4),
		Probability: roundTo(c.Probability, 6),
		Rank:        rank,
		Relation:    c.Relation.String(),
		Flags:       c.Flags(),
	}
	if p.Flags == nil {
		p.Flags = []string{}
	}
	if explain {
		if c.Excluded != nil {
			p.Exclusion = &PairExclusion{Code: c.Excluded.Code, Reason: c.Excluded.Detail}
		}
		p.Fields = sc.Explain(c)
	}
	return p
}

func roundTo(x float64, decimals int) float64 {
	f := math.Pow(10, float64(decimals))
	return math.Round(x*f) / f
}

// PairWriter writes pairs as CSV with a header, or as JSON lines with
// their explanations. The CSV goes through a [CSVWriter]: a source or an
// id that could start a formula is neutralised, the score and the
// probability stay numbers.
type PairWriter struct {
	csv *CSVWriter
	enc *json.Encoder
	n   int
}

// NewPairWriter starts a pairs file on w: CSV (the header is written
// now), or with explain one JSON object a line.
func NewPairWriter(w io.Writer, explain bool) (*PairWriter, error) {
	if explain {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &PairWriter{enc: enc}, nil
	}
	pw := &PairWriter{csv: NewCSVWriter(w, CSVOptions{})}
	return pw, pw.csv.WriteTexts(PairColumns)
}

// Write writes one pair.
func (pw *PairWriter) Write(p *Pair) error {
	var err error
	if pw.enc != nil {
		err = pw.enc.Encode(p)
	} else {
		err = pw.csv.Write(
			CSVText(p.LeftSource), CSVText(p.LeftID), CSVText(p.RightSource), CSVText(p.RightID),
			CSVNumber(strconv.FormatFloat(p.Score, 'f', 4, 64)),
			CSVNumber(strconv.FormatFloat(p.Probability, 'f', 6, 64)),
			CSVNumber(strconv.Itoa(p.Rank)), CSVText(p.Relation), CSVText(strings.Join(p.Flags, " ")),
		)
	}
	if err == nil {
		pw.n++
	}
	return err
}

// Flush writes out what is buffered and reports any earlier write error.
func (pw *PairWriter) Flush() error {
	if pw.csv == nil {
		return nil
	}
	return pw.csv.Flush()
}

// Written is the number of pairs written.
func (pw *PairWriter) Written() int { return pw.n }

// WritePairs writes every candidate of res, left cases in their order and
// candidates best first, and returns the number of pairs written.
func WritePairs(w io.Writer, res *CrosscheckResult, explain bool) (int, error) {
	pw, err := NewPairWriter(w, explain)
	if err != nil {
		return 0, err
	}
	for i := range res.Matches {
		m := &res.Matches[i]
		for rank := 1; rank <= len(m.Candidates); rank++ {
			p := res.Scorer.Pair(m, rank, explain)
			if err := pw.Write(&p); err != nil {
				return pw.Written(), err
			}
		}
	}
	return pw.Written(), pw.Flush()
}
