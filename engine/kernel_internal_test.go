package engine

import (
	"fmt"
	"testing"
)

// TestSameStringsPacked checks that comparing packed lists gives what
// comparing the strings gives, lists that do not pack and profiles
// without a kernel included.
func TestSameStringsPacked(t *testing.T) {
	tests := []struct {
		name string
		a, b []string
	}{
		{"both empty", nil, nil},
		{"one empty", []string{"SD"}, nil},
		{"same code", []string{"SD"}, []string{"SD"}},
		{"different codes", []string{"SD"}, []string{"ER"}},
		{"second of two", []string{"SD", "ER"}, []string{"ET", "ER"}},
		{"prefix is not equal", []string{"ar"}, []string{"a"}},
		{"empty string against empty string", []string{""}, []string{""}},
		{"empty string against a code", []string{""}, []string{"SD"}},
		{"empty string beside a code", []string{"", "SD"}, []string{"SD"}},
		{"code beside an empty string", []string{"SD", ""}, []string{"ER", ""}},
		{"zero byte", []string{"a\x00"}, []string{"a"}},
		{"seven bytes", []string{"abcdefg"}, []string{"abcdefg"}},
		{"eight bytes do not pack", []string{"abcdefgh"}, []string{"abcdefgh"}},
		{"eight bytes against a prefix", []string{"abcdefgh"}, []string{"abcdefg"}},
		{"three do not pack", []string{"SD", "ER", "ET"}, []string{"ET"}},
		{"three without one in common", []string{"SD", "ER", "ET"}, []string{"LY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := sameString(tt.a, tt.b)
			for _, ready := range []bool{true, false} {
				a, b := &Profile{}, &Profile{}
				a.strs.add(nationalsList, tt.a...)
				a.strs.add(languagesList, tt.b...)
				b.strs.add(nationalsList, tt.b...)
				b.strs.add(languagesList, tt.a...)
				if ready {
					a.prepareKernel()
					b.prepareKernel()
				}
				if got := cmpNationality(a, b, nil); got != want {
					t.Errorf("kernel %v: nationality level %d, want %d", ready, got, want)
				}
				if got := cmpLanguage(b, a, nil); got != want {
					t.Errorf("kernel %v: language level %d, want %d", ready, got, want)
				}
			}
		})
	}
}

// TestBloomsDecideOnlyApart checks that the kernel's blooms only ever
// tell lists apart: lists whose values differ but share a bloom bit are
// still compared value by value, and lists sharing a value meet.
func TestBloomsDecideOnlyApart(t *testing.T) {
	// Two different synthetic reference numbers with the same bloom bit.
	x := "LAB-0"
	var y string
	for i := 1; y == ""; i++ {
		if c := fmt.Sprintf("LAB-%d", i); stringsBloom([]string{c}) == stringsBloom([]string{x}) {
			y = c
		}
	}
	tests := []struct {
		name string
		a, b []string
		want int
	}{
		{"one side empty", []string{x}, nil, 0},
		{"apart", []string{x}, []string{"LAB-unrelated"}, 1},
		{"same bit, different values", []string{x}, []string{y}, 1},
		{"a value in common", []string{y, x}, []string{x}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := &Profile{}, &Profile{}
			a.strs.add(dnaList, tt.a...)
			a.strs.add(countriesList, tt.a...)
			b.strs.add(dnaList, tt.b...)
			b.strs.add(countriesList, tt.b...)
			a.prepareKernel()
			b.prepareKernel()
			if got := cmpDNA(a, b, nil); got != tt.want {
				t.Errorf("dna level %d, want %d", got, tt.want)
			}
			wantPlace := 0
			if tt.want == 2 {
				wantPlace = 5
			}
			if got := cmpPlace(a, b, nil); got != wantPlace {
				t.Errorf("place level %d, want %d", got, wantPlace)
			}
		})
	}
}
