package engine_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

// kernelPairs are the pairs whose scores testdata/kernel_scores.golden
// pins: the cases of 600 people generated with seed 5 from the
// generator's built-in lists (so that the file does not depend on the
// shared data folder being present), each tracing case against its true
// counterparts, against up to six cases whose first name begins with the
// same three letters (namesakes, who exercise the partial and phonetic
// levels), and against six cases drawn at random. The pairs are chosen
// without blocking, so that a change to candidate generation does not
// move them.
// kernelCasesInFull is how many cases the golden file holds line by line.
const kernelCasesInFull = 25

func kernelPairs(t *testing.T) (left []*engine.Profile, cands [][]*engine.Profile, scorer *engine.Scorer) {
	t.Helper()
	t.Setenv("RFLMATCH_SHARED", t.TempDir())
	g, err := synth.New(synth.Options{Seed: 5, People: 600})
	if err != nil {
		t.Fatal(err)
	}
	d, err := g.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if g.SharedData() != "" {
		t.Fatalf("generated from %s, want the built-in lists", g.SharedData())
	}
	soughtRecs, _ := sought(d.Records)
	left = engine.PrepareCases(soughtRecs)
	right := engine.PrepareCases(d.Records)
	words, names := engine.CountFrequencies(left, right)
	scorer = engine.NewScorer(engine.DefaultModels(), words, names)

	byRecord := map[engine.Key]int{} // any record's key → its case in right
	for j, p := range right {
		for _, r := range p.Records {
			byRecord[r.Key()] = j
		}
	}
	truth := map[int][]int{}
	for _, pr := range d.Truth {
		a, okA := byRecord[pr.Left]
		b, okB := byRecord[pr.Right]
		if okA && okB {
			truth[a] = append(truth[a], b)
			truth[b] = append(truth[b], a)
		}
	}
	prefix := func(p *engine.Profile) string {
		if len(p.Names) == 0 {
			return ""
		}
		w := strings.FieldsFunc(strings.ToLower(p.Names[0].Full), func(r rune) bool { return !unicode.IsLetter(r) })
		if len(w) == 0 {
			return ""
		}
		r := []rune(w[0])
		return string(r[:min(3, len(r))])
	}
	namesakes := map[string][]int{}
	for j, p := range right {
		if k := prefix(p); k != "" {
			namesakes[k] = append(namesakes[k], j)
		}
	}
	caseOf := map[engine.Key]int{}
	for j, p := range right {
		caseOf[p.Key] = j
	}
	rng := rand.New(rand.NewPCG(5, 17))
	cands = make([][]*engine.Profile, len(left))
	for i, p := range left {
		self := caseOf[p.Key]
		var js []int
		js = append(js, truth[self]...)
		ns := namesakes[prefix(p)]
		for k := 0; k < len(ns) && k < 7; k++ {
			js = append(js, ns[k])
		}
		for range 6 {
			js = append(js, rng.IntN(len(right)))
		}
		slices.Sort(js)
		js = slices.Compact(js)
		for _, j := range js {
			if j != self {
				cands[i] = append(cands[i], right[j])
			}
		}
	}
	return left, cands, scorer
}

// TestKernelScoresGolden pins every pair's score bit for bit: the
// relation, the weight, probability, name frequency adjustment and soft
// cap as exact floats, the comparison levels, the flags and the exclusion
// with its reason, and a digest of the field-by-field explanation; then
// each case's ranking (top 10, excluded pairs dropped) with the shared
// probabilities and the competing odds. Scoring may get faster, never
// different: the cross-check's output must stay byte for byte the same.
// Regenerate with go test -update only for a change meant to move scores,
// and say so. The file holds the first cases' lines in full and the
// others' as a digest: on a difference, run the test with -v to see the
// case's lines as scored now.
func TestKernelScoresGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 600 people")
	}
	left, cands, scorer := kernelPairs(t)
	var b strings.Builder
	pairs := 0
	digested := map[string]string{} // a case's digest line → its lines
	for i, a := range left {
		var lines strings.Builder
		for _, c := range cands[i] {
			sc := scorer.Score(a, c)
			pairs++
			ex := "-"
			if sc.Excluded != nil {
				ex = sc.Excluded.Code + ": " + sc.Excluded.Detail
			}
			explain, err := json.Marshal(scorer.Explain(&sc))
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&lines, "%v %v w=%x p=%x tf=%x soft=%x l=%x flags=%v ex=%q explain=%x\n",
				c.Key, sc.Relation, sc.Weight, sc.Probability, sc.NameTF, sc.SoftCapped,
				sc.Levels(), sc.Flags(), ex, sha256.Sum256(explain))
		}
		m := scorer.Rank(a, cands[i], engine.CrosscheckOptions{TopK: 10})
		for k, c := range m.Candidates {
			fmt.Fprintf(&lines, "rank %d %v %v p=%x competing=%x\n", k, c.B.Key, c.Relation, c.Probability, c.Competing)
		}
		// The first cases in full, for a reader; every case as a digest
		// of the same lines, to keep the file small.
		if i < kernelCasesInFull {
			fmt.Fprintf(&b, "case %v\n%s", a.Key, lines.String())
			continue
		}
		line := fmt.Sprintf("case %v %d pairs sha256 %x", a.Key, len(cands[i]), sha256.Sum256([]byte(lines.String())))
		digested[line] = lines.String()
		b.WriteString(line + "\n")
	}
	if pairs < 3000 {
		t.Fatalf("%d pairs, want a few thousand", pairs)
	}
	got := b.String()
	path := filepath.Join("testdata", "kernel_scores.golden")
	if engine.UpdateGolden() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := enginetest.LineDiff(got, string(want)); d != "" {
		t.Errorf("scores differ from %s, %d pairs:\n%s", path, pairs, d)
		wantLines := strings.Split(string(want), "\n")
		shown := 0
		for _, line := range strings.Split(got, "\n") {
			if lines, ok := digested[line]; ok && !slices.Contains(wantLines, line) && shown < 3 {
				t.Logf("%s, as scored now:\n%s", line, lines)
				shown++
			}
		}
	}
}
