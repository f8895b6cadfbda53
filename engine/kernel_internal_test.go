package engine

import "testing"

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
				a := &Profile{nationals: tt.a, languages: tt.b}
				b := &Profile{nationals: tt.b, languages: tt.a}
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
