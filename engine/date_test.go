package engine

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in             string
		prec           Precision
		earliest, last time.Time
		wantErr        bool
	}{
		{in: "2023", prec: YearPrecision, earliest: day(2023, 1, 1), last: day(2023, 12, 31)},
		{in: "2023-02", prec: MonthPrecision, earliest: day(2023, 2, 1), last: day(2023, 2, 28)},
		{in: "2024-02", prec: MonthPrecision, earliest: day(2024, 2, 1), last: day(2024, 2, 29)},
		{in: "2023-06-02", prec: DayPrecision, earliest: day(2023, 6, 2), last: day(2023, 6, 2)},
		{in: "2023-02-29", wantErr: true},
		{in: "2023-13", wantErr: true},
		{in: "2023-00", wantErr: true},
		{in: "23", wantErr: true},
		{in: "2023/06/02", wantErr: true},
		{in: "2023-6-2", wantErr: true},
		{in: "", wantErr: true},
		{in: "abcd", wantErr: true},
		{in: "2023-06-0x", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseDate(%q) = %v, want an error", tt.in, d)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			if d.Prec != tt.prec || !d.Earliest().Equal(tt.earliest) || !d.Latest().Equal(tt.last) {
				t.Errorf("ParseDate(%q) = prec %d [%v, %v], want prec %d [%v, %v]", tt.in, d.Prec, d.Earliest(), d.Latest(), tt.prec, tt.earliest, tt.last)
			}
			if d.String() != tt.in {
				t.Errorf("String() = %q, want %q", d.String(), tt.in)
			}
		})
	}
}

func TestRange(t *testing.T) {
	tests := []struct {
		a, b     Range
		tol, gap float64
		overlaps bool
	}{
		{a: Range{170, 180}, b: Range{175, 185}, overlaps: true},
		{a: Range{170, 175}, b: Range{180, 185}, gap: 5, overlaps: false},
		{a: Range{170, 175}, b: Range{180, 185}, tol: 2.5, gap: 5, overlaps: true},
		{a: Range{180, 185}, b: Range{170, 175}, gap: 5, overlaps: false},
	}
	for _, tt := range tests {
		if got := tt.a.Overlaps(tt.b, tt.tol); got != tt.overlaps {
			t.Errorf("%v.Overlaps(%v, %g) = %v, want %v", tt.a, tt.b, tt.tol, got, tt.overlaps)
		}
		if got := tt.a.Gap(tt.b); got != tt.gap {
			t.Errorf("%v.Gap(%v) = %g, want %g", tt.a, tt.b, got, tt.gap)
		}
	}
}

func TestValidCountry(t *testing.T) {
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if ValidCountry(string([]rune{a, b})) {
				n++
			}
		}
	}
	// ISO 3166-1 assigns 249 codes; XX (stateless) and XK (Kosovo) are the
	// two the contract adds.
	if n != 249+2 {
		t.Errorf("%d codes accepted, want 251", n)
	}
	for _, c := range []string{"SD", "ER", "ET", "SO", "AF", "SY", "GM", "GN", "SS", "PS", "XX", "XK", "BD"} {
		if !ValidCountry(c) {
			t.Errorf("ValidCountry(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"UK", "SU", "YU", "ZZ", "EU", "sd", "S", "SDN", "", "AA"} {
		if ValidCountry(c) {
			t.Errorf("ValidCountry(%q) = true, want false", c)
		}
	}
}

func TestTooth(t *testing.T) {
	valid := 0
	for i := 0; i < 100; i++ {
		if Tooth(i).Valid() {
			valid++
		}
	}
	if valid != 32+20 {
		t.Errorf("%d valid FDI numbers, want 52", valid)
	}
	for _, s := range []string{"11", "18", "48", "51", "85"} {
		if _, ok := ParseTooth(s); !ok {
			t.Errorf("ParseTooth(%q) not ok", s)
		}
	}
	for _, s := range []string{"10", "19", "49", "56", "86", "90", "1", "111", "x1"} {
		if _, ok := ParseTooth(s); ok {
			t.Errorf("ParseTooth(%q) ok, want not", s)
		}
	}
}
