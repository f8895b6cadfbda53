package engine

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"
)

// CSVWriter writes the CSV files the product hands to people (the pairs of
// a cross-check, the candidates of a case, the CSV for Excel), so that no
// cell of theirs can run as a formula when the file is opened in a
// spreadsheet. It is the one writer of them all: a text from a record that
// begins with =, +, -, @, a tab, a carriage return or a line feed (or the
// full-width =, +, - and @ some locales also read as a formula) is written
// with a leading apostrophe, as OWASP's rule on CSV injection asks; a
// name such as "=HYPERLINK(…)" or "-2+3+cmd|' /C calc'!A0" then opens as
// text. A text that already begins with an apostrophe gets one more, so
// that the rule can be undone without doubt: a program reading the file
// removes one leading apostrophe from a text cell that has one
// ([CSVTextValue]).
//
// Numbers the product formats itself (a score of -3.2, a probability, a
// rank) are not texts and are kept usable: passed as [CSVNumber], a cell
// that is only an optional minus, digits and one decimal mark is written as
// it is, so a spreadsheet reads -3.2 as a number and a program parses it;
// anything else passed as a number is treated as text.
type CSVWriter struct {
	w   *csv.Writer
	row []string
}

// CSVOptions set how a CSVWriter separates cells. The zero value writes
// commas and LF line ends.
type CSVOptions struct {
	// Comma is the cell separator; 0 means ','.
	Comma rune
	// UseCRLF ends lines with CRLF, as Excel writes them.
	UseCRLF bool
}

// NewCSVWriter returns a CSVWriter on w.
func NewCSVWriter(w io.Writer, opt CSVOptions) *CSVWriter {
	cw := csv.NewWriter(w)
	if opt.Comma != 0 {
		cw.Comma = opt.Comma
	}
	cw.UseCRLF = opt.UseCRLF
	return &CSVWriter{w: cw}
}

// CSVCell is one cell for a CSVWriter: a text, neutralised when it could
// start a formula, or a number the product formatted.
type CSVCell struct {
	s      string
	number bool
}

// CSVText is a cell of text, whatever its source.
func CSVText(s string) CSVCell { return CSVCell{s: s} }

// CSVNumber is a cell holding a number the product formatted itself
// (strconv, with '.' or a locale's ',' as decimal mark). It is written as
// is only when it is one; otherwise it is a text.
func CSVNumber(s string) CSVCell { return CSVCell{s: s, number: isPlainNumber(s)} }

// Write writes one row.
func (w *CSVWriter) Write(cells ...CSVCell) error {
	w.row = w.row[:0]
	for _, c := range cells {
		if c.number {
			w.row = append(w.row, c.s)
		} else {
			w.row = append(w.row, NeutralCSVText(c.s))
		}
	}
	return w.w.Write(w.row)
}

// WriteTexts writes one row of texts, as a header.
func (w *CSVWriter) WriteTexts(texts []string) error {
	w.row = w.row[:0]
	for _, s := range texts {
		w.row = append(w.row, NeutralCSVText(s))
	}
	return w.w.Write(w.row)
}

// Flush writes out what is buffered and reports any earlier write error.
func (w *CSVWriter) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (OWASP's list, with line feed and the full-width
// forms), and the apostrophe that marks a neutralised cell.
const formulaStarts = "=+-@\t\r\n'＝＋－＠"

// NeutralCSVText is s as a CSVWriter writes a text cell: with a leading
// apostrophe when it begins with a character that could start a formula,
// or with an apostrophe.
func NeutralCSVText(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	if s != "" && strings.ContainsRune(formulaStarts, r) {
		return "'" + s
	}
	return s
}

// CSVTextValue undoes NeutralCSVText: the text a cell of a file the
// product wrote holds.
func CSVTextValue(cell string) string {
	if strings.HasPrefix(cell, "'") {
		return cell[1:]
	}
	return cell
}

// isPlainNumber reports whether s is an optional minus, digits, and at most
// one decimal mark ('.' or ',') followed by digits: a number as the
// product formats one, which no spreadsheet reads as a formula.
func isPlainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	if !hasFrac {
		whole, frac, hasFrac = strings.Cut(s, ",")
	}
	return isDigitsOnly(whole) && (!hasFrac || isDigitsOnly(frac))
}

func isDigitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
