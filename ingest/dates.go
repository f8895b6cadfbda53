package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// A date layout is written in the words people use (dd/mm/yyyy, d.m.yy,
// yyyy-mm-dd, mm/dd/yyyy, mm/yyyy) or as a Go time layout (02/01/2006).
// In words, d and m take one or two digits, dd and mm too (sheets are not
// consistent), yyyy four and yy two; any other character must be there as
// written. A two-digit year is the latest year ending in those digits that
// is not after the current one: in 2026, 26 is 2026 and 27 is 1927, which
// fits both recoveries and the births of the people sought.
//
// A cell that is not a date in the layout, but would be one with the day
// and the month the other way round, is an error that says so: never a
// guess. A cell of five or six digits and nothing else is read as an Excel
// serial date (days since 1899-12-30), as a sheet saved to CSV writes
// them.

// dateLayout is a checked date_layout.
type dateLayout struct {
	text string // as the mapping writes it
	// words: the layout's parts; nil for a Go layout.
	words []datePart
	// Precision: whether the layout has a day and a month.
	day, month bool
}

// datePart is a number (d, m or y with its width) or a literal.
type datePart struct {
	field   byte // 'd', 'm', 'y', or 0 for a literal
	width   int  // digits: 2 means one or two for d and m, exactly two for y
	literal string
}

// parseLayout checks a date_layout as the mapping loads.
func parseLayout(s string) (*dateLayout, error) {
	if s == "" {
		return nil, errors.New("date_layout is empty")
	}
	if strings.ContainsAny(strings.ToLower(s), "dmy") && !strings.ContainsAny(s, "0123456789") {
		return wordLayout(s)
	}
	// A Go layout: it must write a year, and read back what it writes.
	ref := time.Date(2001, 2, 3, 0, 0, 0, 0, time.UTC)
	out := ref.Format(s)
	t, err := time.Parse(s, out)
	if err != nil || t.Year() != 2001 {
		return nil, fmt.Errorf("date_layout %q is neither a layout in words (dd/mm/yyyy, mm/dd/yyyy, yyyy-mm-dd, d.m.yy) nor a Go layout (02/01/2006)", s)
	}
	l := &dateLayout{text: s}
	l.day = time.Date(2001, 2, 3, 0, 0, 0, 0, time.UTC).Format(s) != time.Date(2001, 2, 4, 0, 0, 0, 0, time.UTC).Format(s)
	l.month = time.Date(2001, 2, 3, 0, 0, 0, 0, time.UTC).Format(s) != time.Date(2001, 3, 3, 0, 0, 0, 0, time.UTC).Format(s)
	return l, nil
}

func wordLayout(s string) (*dateLayout, error) {
	l := &dateLayout{text: s}
	seen := map[byte]bool{}
	lower := strings.ToLower(s)
	for i := 0; i < len(lower); {
		c := lower[i]
		if c != 'd' && c != 'm' && c != 'y' {
			j := i
			for j < len(lower) && !strings.ContainsRune("dmy", rune(lower[j])) {
				j++
			}
			l.words = append(l.words, datePart{literal: s[i:j]})
			i = j
			continue
		}
		j := i
		for j < len(lower) && lower[j] == c {
			j++
		}
		n := j - i
		switch {
		case seen[c]:
			return nil, fmt.Errorf("date_layout %q: %c is there twice", s, c)
		case c == 'y' && n != 2 && n != 4:
			return nil, fmt.Errorf("date_layout %q: a year is yyyy or yy", s)
		case c != 'y' && n > 2:
			return nil, fmt.Errorf("date_layout %q: a day is d or dd, a month m or mm", s)
		}
		seen[c] = true
		w := n
		if c != 'y' {
			w = 2
		}
		l.words = append(l.words, datePart{field: c, width: w})
		i = j
	}
	switch {
	case !seen['y']:
		return nil, fmt.Errorf("date_layout %q has no year (yyyy or yy)", s)
	case seen['d'] && !seen['m']:
		return nil, fmt.Errorf("date_layout %q has a day but no month", s)
	}
	l.day, l.month = seen['d'], seen['m']
	return l, nil
}

// convert reads a cell in the layout and writes the contract's date at the
// layout's precision.
func (l *dateLayout) convert(s string) (string, error) {
	y, m, d, err := l.read(s)
	if err == nil {
		return l.format(y, m, d), nil
	}
	if l.day && l.month && err == errDayMonth {
		// Only a valid date the other way round is worth saying so.
		if validDate(y, d, m) {
			return "", fmt.Errorf("%q is not a date in layout %s, but would be one with the day and the month the other way round: check the layout", s, l.text)
		}
	}
	return "", fmt.Errorf("%q is not a date in layout %s", s, l.text)
}

// errDayMonth is a cell that has the layout's shape but no such day or
// month.
var errDayMonth = errors.New("no such day")

// read parses a cell; on errDayMonth, y, m and d are the numbers read.
func (l *dateLayout) read(s string) (y, m, d int, err error) {
	m, d = 1, 1
	if l.words == nil {
		t, perr := time.Parse(l.text, s)
		if perr == nil {
			return t.Year(), int(t.Month()), t.Day(), nil
		}
		// Read again with the day and the month swapped, to tell that
		// case apart.
		swapped := strings.NewReplacer("01", "02", "02", "01").Replace(l.text)
		if t, serr := time.Parse(swapped, s); serr == nil && swapped != l.text {
			return t.Year(), t.Day(), int(t.Month()), errDayMonth
		}
		return 0, 0, 0, perr
	}
	rest := s
	// A time after the date, as a sheet saved to CSV may write it, is
	// ignored.
	if i := strings.IndexAny(rest, " T"); i > 0 && strings.Contains(rest[i:], ":") && !l.hasLiteral(" ") {
		rest = rest[:i]
	}
	for _, p := range l.words {
		if p.field == 0 {
			if !strings.HasPrefix(rest, p.literal) {
				return 0, 0, 0, errors.New("not in the layout")
			}
			rest = rest[len(p.literal):]
			continue
		}
		n := 0
		for n < len(rest) && n < p.width && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 0 || p.field == 'y' && n != p.width {
			return 0, 0, 0, errors.New("not in the layout")
		}
		v, _ := strconv.Atoi(rest[:n])
		rest = rest[n:]
		switch p.field {
		case 'd':
			d = v
		case 'm':
			m = v
		case 'y':
			y = v
			if p.width == 2 {
				y = twoDigitYear(v, time.Now().Year())
			}
		}
	}
	if rest != "" {
		return 0, 0, 0, errors.New("not in the layout")
	}
	if !validDate(y, m, d) {
		return y, m, d, errDayMonth
	}
	return y, m, d, nil
}

func (l *dateLayout) hasLiteral(s string) bool {
	for _, p := range l.words {
		if p.field == 0 && strings.Contains(p.literal, s) {
			return true
		}
	}
	return false
}

func (l *dateLayout) format(y, m, d int) string {
	switch {
	case l.day:
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	case l.month:
		return fmt.Sprintf("%04d-%02d", y, m)
	}
	return fmt.Sprintf("%04d", y)
}

// twoDigitYear is the latest year ending in yy that is not after now.
func twoDigitYear(yy, now int) int {
	y := now - now%100 + yy
	if y > now {
		y -= 100
	}
	return y
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || y < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// serialDate reads a spreadsheet's serial date (days since 1899-12-30);
// ok is false for anything else, and for a four-digit number, which is a
// year.
func serialDate(s string, anyNumber bool) (string, bool) {
	if len(s) == 4 && isDigits(s) {
		return "", false
	}
	if !anyNumber && !(isDigits(s) && (len(s) == 5 || len(s) == 6)) {
		return "", false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x < 1 || x >= 2958466 {
		return "", false
	}
	t, err := excelize.ExcelDateToTime(x, false)
	if err != nil {
		return "", false
	}
	return t.Format("2006-01-02"), true
}
