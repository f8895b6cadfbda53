package phonetic

import (
	"reflect"
	"testing"
)

// TestMemoCompare checks that comparing through a Memo gives exactly what
// Compare gives, the first time a pair of parts is met and when it is
// remembered, in either order of the names.
func TestMemoCompare(t *testing.T) {
	texts := append([]string{
		"Mohamed Ali", "Mohammed Ali Hassan", "Ali Mohamed", "M. Ali", "Cissé Fatoumata", "Fatoumata Ceesay",
		"Samir Haddad", "Samira Haddad", "Abdirahman Cabdi", "Abd al-Rahman Abdi", "Nguyễn Văn An", "Nguyen Van An",
		"李小龍", "Lee Siu Lung", "Tesfaye Gebremedhin", "ተስፋይ ገብረመድህን", "Yonas Kidane Tesfay",
	}, benchNames...)
	names := make([]Name, len(texts))
	for i, s := range texts {
		names[i] = Parse(s, "")
	}
	var m Memo
	for round := range 2 {
		for i := range names {
			for j := range names {
				a, b := &names[i], &names[j]
				if got, want := m.Compare(a, b), Compare(a, b); !reflect.DeepEqual(got, want) {
					t.Errorf("round %d: memo compares %q with %q as %s, want %s", round, a.Raw, b.Raw, got.Explain(), want.Explain())
				}
			}
		}
	}
}

// BenchmarkMemoCompare is BenchmarkCompare through one Memo.
func BenchmarkMemoCompare(b *testing.B) {
	names := make([]Name, len(benchNames))
	for i, s := range benchNames {
		names[i] = Parse(s, "")
	}
	var m Memo
	b.ReportAllocs()
	var sink float64
	for i := 0; b.Loop(); i++ {
		x, y := &names[i%len(names)], &names[(i/len(names))%len(names)]
		sink += m.Compare(x, y).Score
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
	_ = sink
}

// TestMemoDiffer checks that Differ through a Memo gives exactly what
// Differ gives, the first time a pair of parts is met and when it is
// remembered, in either order of the names.
func TestMemoDiffer(t *testing.T) {
	texts := append([]string{
		"Mohamed Ali", "Mohammed Ali Hassan", "Ali Mohamed", "M. Ali", "Cissé Fatoumata", "Fatoumata Ceesay",
		"Samir Haddad", "Samira Haddad", "Abdirahman Cabdi", "Abd al-Rahman Abdi", "Nguyễn Văn An", "Nguyen Van An",
		"李小龍", "Lee Siu Lung", "Tesfaye Gebremedhin", "ተስፋይ ገብረመድህን", "Yonas Kidane Tesfay",
	}, benchNames...)
	names := make([]Name, len(texts))
	for i, s := range texts {
		names[i] = Parse(s, "")
	}
	var m Memo
	for round := range 2 {
		for i := range names {
			for j := range names {
				a, b := &names[i], &names[j]
				if got, want := m.Differ(a, b), Differ(a, b); got != want {
					t.Errorf("round %d: memo tells %q and %q apart: %v, want %v", round, a.Raw, b.Raw, got, want)
				}
			}
		}
	}
}
