package phonetic

import (
	"math/rand"
	"strings"
	"testing"
)

// TestDifferNeverWrong checks Differ against Compare on every pair of a
// few thousand names: the examples, names made of common parts and of
// their misspellings, and names of random letters with many repeats, in
// Latin and other scripts. Differ must never call Different a pair that
// Compare does not, and it should tell most pairs that share no part.
func TestDifferNeverWrong(t *testing.T) {
	parts := []string{"mohamed", "mohammed", "muhammad", "ahmed", "ahmad", "ali", "alia", "hassan", "hussein", "husen",
		"abdi", "cabdi", "abdirahman", "abdelrahman", "fatima", "faadumo", "mariam", "maryam", "yonas", "yohannes",
		"tesfay", "tesfaye", "gebremedhin", "haile", "kidane", "diallo", "jallow", "mamadou", "momodou", "omar",
		"umar", "osman", "uthman", "samir", "samira", "cissé", "ceesay", "nguyễn", "văn", "an", "m.", "el", "al",
		// Names that are two parts read as one (joined.go).
		"reza", "alireza", "ben", "benali", "tekle", "yesus", "tekleyesus", "gul", "gulahmad"}
	rng := rand.New(rand.NewSource(2))
	texts := append([]string{"محمد عبد الرحمن آدم", "ተስፋይ ገብረመድህን", "李小龍", "Владимир Путин"}, benchNames...)
	for range 600 {
		n := 1 + rng.Intn(4)
		w := make([]string, n)
		for i := range w {
			w[i] = parts[rng.Intn(len(parts))]
			if rng.Intn(4) == 0 {
				// A typo: a letter doubled, dropped or changed.
				b := []byte(w[i])
				k := rng.Intn(len(b))
				switch rng.Intn(3) {
				case 0:
					b = append(b[:k+1], b[k:]...)
				case 1:
					b = append(b[:k], b[k+1:]...)
				default:
					b[k] = byte('a' + rng.Intn(26))
				}
				w[i] = string(b)
			}
		}
		texts = append(texts, strings.Join(w, " "))
	}
	for range 400 {
		n := 1 + rng.Intn(3)
		w := make([]string, n)
		for i := range w {
			b := make([]byte, 1+rng.Intn(9))
			for k := range b {
				b[k] = "aaeehmnrsto"[rng.Intn(11)]
			}
			w[i] = string(b)
		}
		texts = append(texts, strings.Join(w, " "))
	}
	names := make([]Name, len(texts))
	for i, s := range texts {
		names[i] = Parse(s, "")
	}
	differ, different := 0, 0
	for i := range names {
		for j := range names {
			a, b := &names[i], &names[j]
			c := Compare(a, b)
			if c.Level == Different {
				different++
			}
			if Differ(a, b) {
				differ++
				if c.Level != Different {
					t.Errorf("Differ(%q, %q), but Compare finds them %s", a.Raw, b.Raw, c.Explain())
				}
			}
		}
	}
	t.Logf("%d pairs: Compare finds %d different, Differ tells %d of them", len(names)*len(names), different, differ)
	if differ < different/2 {
		t.Errorf("Differ tells %d of %d different pairs, want at least half", differ, different)
	}
}
