package names

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// TestRunTiny runs the whole report on the small real sets (Ge'ez ASCII
// variants and Ge'ez script → ASCII, geez_ethiopian_names, CC BY-SA 4.0)
// and a few SYNTHETIC persons, without the speed measurement.
func TestRunTiny(t *testing.T) {
	dir, err := SharedData()
	if errors.Is(err, ErrNoSharedData) {
		t.Skip("../shared/data is not beside the repository; set RFLMATCH_SHARED to run this test")
	}
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	opt := Options{SharedData: dir, Datasets: []string{"geez-ascii", "geez-script", "synthetic"}, SynthPersons: 40, Throughput: -1}
	if err := Run(context.Background(), &out, opt); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"geez-ascii", "geez-script", "synthetic", "double_metaphone", "skeleton", "haileselasie", "ceiling 0.9"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	t.Log("\n" + out.String())
}

func TestRecallAt(t *testing.T) {
	neg := make([]float64, 1000)
	for i := range neg {
		neg[i] = float64(i) / 1000 // 0 … 0.999
	}
	pos := []float64{0.9985, 0.9995, 0.5}
	tests := []struct {
		fmr        float64
		wantRecall float64
		wantThr    float64
	}{
		{0.001, 2.0 / 3, 0.998},  // one negative may score at or above the threshold
		{0.0001, 1.0 / 3, 0.999}, // none may
		{0.01, 2.0 / 3, 0.989},
	}
	for _, tt := range tests {
		r, thr := recallAt(pos, neg, tt.fmr)
		if r != tt.wantRecall || thr != tt.wantThr {
			t.Errorf("recallAt(fmr=%g) = %.3f, %.3f; want %.3f, %.3f", tt.fmr, r, thr, tt.wantRecall, tt.wantThr)
		}
	}
}

func TestSyntheticIsSeeded(t *testing.T) {
	a, b := synthetic(50, 7), synthetic(50, 7)
	if strings.Join(a.names, "|") != strings.Join(b.names, "|") {
		t.Error("synthetic(50, 7) differs between two runs")
	}
	if len(a.pos) == 0 {
		t.Error("synthetic data has no positive pairs")
	}
}
