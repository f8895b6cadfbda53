package engine

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff\n--- got ---\n%s", path, got)
	}
}

// TestDentalMatrix writes every cell of the dental matrix, AM status by PM
// status, with its outcome and reason, to a golden file that a forensic
// odontologist can review.
func TestDentalMatrix(t *testing.T) {
	letter := map[ToothOutcome]string{ToothMatch: "M", ToothExplainable: "E", ToothPossible: "p", ToothConflict: "C"}
	var b strings.Builder
	b.WriteString("# Dental matrix, in life (rows, AM) against after death (columns, PM).\n")
	b.WriteString("# M match, E explainable, p possible, C conflict. Regenerate with go test -update.\n\n")
	fmt.Fprintf(&b, "%-18s", "AM \\ PM")
	for i := range ToothStatuses {
		fmt.Fprintf(&b, " %2d", i+1)
	}
	b.WriteString("\n")
	for _, am := range ToothStatuses {
		fmt.Fprintf(&b, "%-18s", am)
		for _, pm := range ToothStatuses {
			o, _ := CompareTooth(am, pm, AnteVersusPost)
			fmt.Fprintf(&b, " %2s", letter[o])
		}
		b.WriteString("\n")
	}
	b.WriteString("\ncolumns:")
	for i, s := range ToothStatuses {
		fmt.Fprintf(&b, " %d=%s", i+1, s)
	}
	b.WriteString("\n\n")
	for _, am := range ToothStatuses {
		for _, pm := range ToothStatuses {
			o, why := CompareTooth(am, pm, AnteVersusPost)
			fmt.Fprintf(&b, "%-18s -> %-18s %-11s %s\n", am, pm, o, why)
		}
	}
	golden(t, "dental_matrix.golden", []byte(b.String()))
}

// TestDentalMatrixSpec pins the cells the issue states outright, so that an
// -update cannot silently change them.
func TestDentalMatrixSpec(t *testing.T) {
	tests := []struct {
		am, pm ToothStatus
		want   ToothOutcome
	}{
		{Sound, Sound, ToothMatch},
		{Sound, Filled, ToothExplainable},
		{Filled, Crown, ToothExplainable},
		{Decayed, Filled, ToothExplainable},
		{Filled, RootCanal, ToothExplainable},
		{RootCanal, Crown, ToothExplainable},
		{Missing, Bridge, ToothExplainable},
		{Missing, Implant, ToothExplainable},
		{Unerupted, Filled, ToothExplainable},
		{Sound, MissingPostmortem, ToothExplainable},
		{Crown, MissingPostmortem, ToothExplainable},
		{ToothUnknown, Crown, ToothPossible},
		{Filled, ToothUnknown, ToothPossible},
		{MissingUnknown, Sound, ToothPossible},
		{Missing, MissingUnknown, ToothPossible},
		{Present, Filled, ToothPossible},
		{Crown, Present, ToothPossible},
		{Missing, Sound, ToothConflict},
		{Missing, Present, ToothConflict},
		{Missing, Filled, ToothConflict},
		{Missing, MissingPostmortem, ToothConflict},
		{Filled, Sound, ToothConflict},
		{Crown, Filled, ToothConflict},
		{Crown, Sound, ToothConflict},
		{Implant, Missing, ToothConflict},
		{Implant, Sound, ToothConflict},
		{Implant, Implant, ToothMatch},
		{Bridge, Bridge, ToothMatch},
		// Open cells decided here.
		{Sound, Missing, ToothExplainable},
		{Decayed, Sound, ToothPossible},
		{RootCanal, Filled, ToothPossible},
		{Filled, Fractured, ToothPossible},
		{Missing, Unerupted, ToothPossible},
		{Filled, Unerupted, ToothConflict},
	}
	for _, tt := range tests {
		t.Run(string(tt.am)+"/"+string(tt.pm), func(t *testing.T) {
			if got, why := CompareTooth(tt.am, tt.pm, AnteVersusPost); got != tt.want {
				t.Errorf("CompareTooth(%s, %s) = %s (%s), want %s", tt.am, tt.pm, got, why, tt.want)
			}
		})
	}
}

func TestDentalSameState(t *testing.T) {
	for _, a := range ToothStatuses {
		for _, b := range ToothStatuses {
			o, _ := CompareTooth(a, b, SameState)
			o2, _ := CompareTooth(b, a, SameState)
			if o != o2 {
				t.Errorf("SameState not symmetric: %s/%s = %s, %s/%s = %s", a, b, o, b, a, o2)
			}
			if o == ToothConflict || o == ToothExplainable {
				t.Errorf("SameState %s/%s = %s, want match or possible", a, b, o)
			}
			if want := a == b && a != ToothUnknown && a != MissingUnknown; (o == ToothMatch) != want {
				t.Errorf("SameState %s/%s = %s", a, b, o)
			}
		}
	}
}

func chartOf(kv ...string) *Dental {
	d := &Dental{Teeth: map[string]ToothStatus{}}
	for i := 0; i+1 < len(kv); i += 2 {
		d.Teeth[kv[i]] = ToothStatus(kv[i+1])
	}
	return d
}

func TestCompareDental(t *testing.T) {
	tests := []struct {
		name      string
		am, pm    *Dental
		mode      DentalMode
		level     int
		conflicts int
	}{
		{"no charts", nil, nil, AnteVersusPost, DentalNoEvidence, 0},
		{"three matches only", chartOf("11", "sound", "21", "sound", "36", "filled"), chartOf("11", "sound", "21", "sound", "36", "filled"), AnteVersusPost, DentalNoEvidence, 0},
		{"one conflict on few teeth flags review", chartOf("46", "missing"), chartOf("46", "sound"), AnteVersusPost, DentalConflictReview, 1},
		{"two conflicts exclude however few teeth", chartOf("46", "missing", "36", "filled"), chartOf("46", "sound", "36", "sound"), AnteVersusPost, DentalConflicting, 2},
		{"consistent", chartOf("11", "sound", "21", "sound", "31", "sound", "41", "sound", "36", "sound"), chartOf("11", "sound", "21", "sound", "31", "sound", "41", "sound", "36", "filled"), AnteVersusPost, DentalConsistent, 0},
		{"strong with rare restorations", chartOf("11", "crown", "21", "crown", "36", "filled", "46", "missing", "16", "sound"), chartOf("11", "crown", "21", "crown", "36", "filled", "46", "missing", "16", "sound"), AnteVersusPost, DentalStrong, 0},
		{"weak: mostly explainable", chartOf("11", "sound", "21", "sound", "31", "sound", "41", "sound"), chartOf("11", "filled", "21", "filled", "31", "crown", "41", "sound"), AnteVersusPost, DentalWeak, 0},
		{"unknowns do not count", chartOf("11", "unknown", "21", "unknown", "31", "unknown", "41", "unknown"), chartOf("11", "sound", "21", "sound", "31", "sound", "41", "sound"), AnteVersusPost, DentalNoEvidence, 0},
		{"same state never conflicts", chartOf("46", "missing", "36", "filled"), chartOf("46", "sound", "36", "sound"), SameState, DentalNoEvidence, 0},
		{"invalid keys ignored", chartOf("19", "sound", "xx", "filled", "11", "bogus"), chartOf("19", "sound", "11", "sound"), AnteVersusPost, DentalNoEvidence, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := CompareDental(tt.am, tt.pm, tt.mode)
			if r.Level() != tt.level || r.Conflict != tt.conflicts {
				t.Errorf("level %d, conflicts %d (%+v); want level %d, conflicts %d", r.Level(), r.Conflict, r, tt.level, tt.conflicts)
			}
			if len(r.Teeth) != r.Match+r.Explainable+r.Possible+r.Conflict {
				t.Errorf("%d per-tooth outcomes for %d counted", len(r.Teeth), r.Match+r.Explainable+r.Possible+r.Conflict)
			}
		})
	}
}

func TestDentalBetter(t *testing.T) {
	noConflict := DentalResult{Match: 4, Explainable: 4}
	oneConflict := DentalResult{Match: 10, Conflict: 1}
	moreShare := DentalResult{Match: 6, Explainable: 2}
	rarer := DentalResult{Match: 6, Explainable: 2, Rarity: 9}
	if !noConflict.Better(oneConflict) {
		t.Error("fewer conflicts must rank first")
	}
	if !moreShare.Better(noConflict) {
		t.Error("a larger share of matches must rank first")
	}
	if !rarer.Better(moreShare) {
		t.Error("a rarer pattern must break ties")
	}
}

func TestToothSlots(t *testing.T) {
	seen := map[int]bool{}
	for q := 1; q <= 8; q++ {
		for n := 1; n <= 8; n++ {
			tt := Tooth(q*10 + n)
			if !tt.Valid() {
				continue
			}
			i := toothSlot(tt)
			if i < 0 || i >= chartSlots || seen[i] {
				t.Fatalf("tooth %s: slot %d out of range or taken", tt, i)
			}
			seen[i] = true
			if back := slotTooth(i); back != tt {
				t.Errorf("slot %d maps back to %s, want %s", i, back, tt)
			}
		}
	}
	if len(seen) != chartSlots {
		t.Errorf("%d slots used, want %d", len(seen), chartSlots)
	}
}
