package engine

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Precision says how much of a [PartialDate] is known.
type Precision uint8

// The precisions of a partial date, from none to a full calendar day.
const (
	NoDate Precision = iota
	YearPrecision
	MonthPrecision
	DayPrecision
)

// PartialDate is a date known to the year, the month or the day, as the
// record contract writes it (YYYY, YYYY-MM or YYYY-MM-DD). Its zero value is
// "no date". Comparisons must use [PartialDate.Earliest] and
// [PartialDate.Latest]: "2023" stands for any day of 2023, and treating it as
// 1 January would exclude true matches.
type PartialDate struct {
	Year  int
	Month time.Month
	Day   int
	Prec  Precision
	// raw keeps an unparseable input so that validation can report it
	// with its field path instead of the decoder failing without one.
	raw string
}

// ParseDate parses YYYY, YYYY-MM or YYYY-MM-DD and checks that the day exists
// in the calendar.
func ParseDate(s string) (PartialDate, error) {
	bad := fmt.Errorf("%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s)
	digits := func(t string) (int, bool) {
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(t)
		return n, err == nil
	}
	var d PartialDate
	var ok bool
	switch len(s) {
	case 4, 7, 10:
	default:
		return PartialDate{}, bad
	}
	if d.Year, ok = digits(s[:4]); !ok {
		return PartialDate{}, bad
	}
	d.Prec = YearPrecision
	if len(s) >= 7 {
		m, ok := digits(s[5:7])
		if s[4] != '-' || !ok {
			return PartialDate{}, bad
		}
		if m < 1 || m > 12 {
			return PartialDate{}, fmt.Errorf("%q: month %d does not exist", s, m)
		}
		d.Month, d.Prec = time.Month(m), MonthPrecision
	}
	if len(s) == 10 {
		day, ok := digits(s[8:10])
		if s[7] != '-' || !ok {
			return PartialDate{}, bad
		}
		if day < 1 || day > daysIn(d.Year, d.Month) {
			return PartialDate{}, fmt.Errorf("%q: day %d does not exist in %d-%02d", s, day, d.Year, d.Month)
		}
		d.Day, d.Prec = day, DayPrecision
	}
	return d, nil
}

// MustDate is ParseDate for literals in tests and fixtures; it panics on a
// malformed literal, never on input.
func MustDate(s string) PartialDate {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether no date is given.
func (d PartialDate) IsZero() bool { return d.Prec == NoDate && d.raw == "" }

// Valid reports whether the date was given and parsed.
func (d PartialDate) Valid() bool { return d.Prec != NoDate }

// Earliest is the first day the date may stand for.
func (d PartialDate) Earliest() time.Time {
	switch d.Prec {
	case YearPrecision:
		return time.Date(d.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	case MonthPrecision:
		return time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC)
	case DayPrecision:
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}

// Latest is the last day the date may stand for.
func (d PartialDate) Latest() time.Time {
	switch d.Prec {
	case YearPrecision:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case MonthPrecision:
		return time.Date(d.Year, d.Month, daysIn(d.Year, d.Month), 0, 0, 0, 0, time.UTC)
	case DayPrecision:
		return d.Earliest()
	}
	return time.Time{}
}

// Mid is the middle of the interval the date stands for, the best single
// guess when a point is needed (projecting an age, say).
func (d PartialDate) Mid() time.Time {
	e, l := d.Earliest(), d.Latest()
	return e.Add(l.Sub(e) / 2)
}

// String writes the date at its precision, as the record contract does.
func (d PartialDate) String() string {
	switch d.Prec {
	case YearPrecision:
		return fmt.Sprintf("%04d", d.Year)
	case MonthPrecision:
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	case DayPrecision:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return d.raw
}

// MarshalJSON writes the date as a string at its precision.
func (d PartialDate) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts any JSON string and keeps a malformed one for
// [Record.Validate] to report with its field path; a non-string is a type
// error.
func (d *PartialDate) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: partialDateType}
	}
	p, err := ParseDate(s)
	if err != nil {
		*d = PartialDate{raw: s}
		if s == "" {
			d.raw = `""`
		}
		return nil
	}
	*d = p
	return nil
}

// Range is a closed interval of a measured or estimated quantity (height in
// cm, weight in kg). Validation checks Min ≤ Max.
type Range struct {
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// Overlaps reports whether the two ranges share a value once each is widened
// by tol on both sides.
func (r Range) Overlaps(o Range, tol float64) bool {
	return r.Min-tol <= o.Max+tol && o.Min-tol <= r.Max+tol
}

// Gap is the distance between the two ranges, 0 when they overlap.
func (r Range) Gap(o Range) float64 {
	switch {
	case r.Max < o.Min:
		return o.Min - r.Max
	case o.Max < r.Min:
		return r.Min - o.Max
	}
	return 0
}
