package phonetic

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedData returns ../shared/data (or $RFLMATCH_SHARED/data), skipping
// the test when it is absent.
func sharedData(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("RFLMATCH_SHARED"); d != "" {
		return filepath.Join(d, "data")
	}
	d := filepath.Join("..", "..", "shared", "data")
	if _, err := os.Stat(d); err != nil {
		t.Skipf("../shared/data is not beside the repository (%v); set RFLMATCH_SHARED to run this test", err)
	}
	return d
}

func readRows(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("%s: %v", path, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

// TestGeezScriptToASCII transliterates the Ge'ez forms of
// geez_ethiopian_names/derived/geez_token_scholarly_vs_ascii.csv (Ge'ez
// Frontier Foundation, CC BY-SA 4.0) and compares them with the ASCII
// transcription of the same name: most must agree at least phonetically.
// The bound is a regression guard; the name benchmark reports the figures.
func TestGeezScriptToASCII(t *testing.T) {
	rows := readRows(t, filepath.Join(sharedData(t), "geez_ethiopian_names", "derived", "geez_token_scholarly_vs_ascii.csv"))
	ok, n := 0, 0
	var bad []string
	for _, r := range rows {
		if len(r) < 3 || r[0] == "" || r[2] == "" {
			continue
		}
		a, b := Parse(r[0], ""), Parse(r[2], "")
		n++
		if c := Compare(&a, &b); c.Level >= Phonetic {
			ok++
		} else if len(bad) < 8 {
			bad = append(bad, r[0]+"→"+a.Parts[0].Latin+" vs "+r[2])
		}
	}
	if share := float64(ok) / float64(n); share < 0.85 {
		t.Errorf("Ge'ez → ASCII at phonetic level or better: %d of %d (%.3f), want ≥ 0.85; e.g. %s", ok, n, share, strings.Join(bad, "; "))
	}
}

// TestArabicScriptToLatin does the same for google_ar2en/ar2en-test.txt
// (google/transliteration, Apache-2.0): the Arabic form and its Latin
// spelling must share a phonetic or folded key for most names.
func TestArabicScriptToLatin(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(sharedData(t), "google_ar2en", "ar2en-test.txt"))
	if err != nil {
		t.Skip(err)
	}
	ok, n := 0, 0
	for _, line := range strings.Split(string(b), "\n") {
		ar, en, found := strings.Cut(line, "\t")
		if !found {
			continue
		}
		a, l := Parse(ar, ""), Parse(en, "")
		if len(a.Parts) == 0 || len(l.Parts) == 0 {
			continue
		}
		n++
		if c := Compare(&a, &l); c.Level >= Fuzzy {
			ok++
		}
	}
	if share := float64(ok) / float64(n); share < 0.8 {
		t.Errorf("Arabic script ↔ Latin at fuzzy level or better: %d of %d (%.3f), want ≥ 0.8", ok, n, share)
	}
	t.Logf("Arabic script ↔ Latin at fuzzy level or better: %d of %d", ok, n)
}
