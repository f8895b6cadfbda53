package phonetic

import (
	"fmt"
	"math/bits"
	"strings"
)

// Level is how two names (or two parts) agree, ordered so that higher is
// better. The engine adds its own "missing" level when a side has no name.
type Level uint8

// Comparison levels.
const (
	Different       Level = iota // contradicting names
	Partial                      // parts agree but some are missing, swapped or only initials
	Fuzzy                        // close spellings (Jaro–Winkler)
	Phonetic                     // same consonant skeleton or Double Metaphone code
	Transliteration              // same transliteration-equivalence class (Fold)
	Exact                        // same canonical Latin spelling
)

var levelNames = [...]string{"different", "partial", "fuzzy", "phonetic", "transliteration", "exact"}

// String returns the level's name as used in explanations and reports.
func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "different"
}

// Alignment pairs part A of the first name with part B of the second.
type Alignment struct {
	A, B  int // indices into a.Parts and b.Parts
	Level Level
	Score float64
	// JoinedA and JoinedB are 1 + the index of a second part of a or b
	// read together with A or B as one name (Ali Reza ~ Alireza), 0 when
	// none.
	JoinedA, JoinedB uint8
}

// Comparison is the result of Compare. Its alignments live in a fixed array
// so that Compare does not allocate.
type Comparison struct {
	Level    Level
	Score    float64 // in [0, 1]; the same for Compare(a, b) and Compare(b, a)
	Aligned  [MaxParts]Alignment
	NAligned int
	ExtraA   int  // compared parts of a without a partner
	ExtraB   int  // compared parts of b without a partner
	Swapped  bool // aligned parts are in a different order
	Endings  bool // close aligned parts end in sounds that mark different names (Samir, Samira)
	Sibling  bool // given names differ while other parts agree: brothers, sisters
	Shifted  bool // patronymic chain shifted by one: parent and child
	// CrossLineage: a given name aligned with a father's or
	// grandfather's name, which in patronymic order is another person
	// unless a clerk swapped the order (Ahmed Ali, Ali Ahmed).
	CrossLineage bool

	a, b *Name
}

// Alignments returns the aligned part pairs.
func (c *Comparison) Alignments() []Alignment { return c.Aligned[:c.NAligned] }

// Thresholds of part similarity. A pair below contradictScore says the
// parts are different names; the given name must reach givenAgree for two
// records to be the same person.
const (
	contradictScore = 0.6
	givenAgree      = 0.75
)

// Compare reports how alike two parsed names are. Parts are aligned by best
// assignment, preferring same positions and roles, so that order swaps and
// missing parts (a grandfather on one side only) cost little, while a
// different given name next to agreeing lineage (brothers), or a lineage
// shifted by one (father and son), makes the names Different. Compare does
// not allocate, and its Score is symmetric.
func Compare(a, b *Name) Comparison { return (*Memo)(nil).Compare(a, b) }

// Compare is [Compare] with the similarities of part pairs looked up in m
// and remembered there; a nil m remembers nothing.
func (m *Memo) Compare(a, b *Name) Comparison {
	if a.key > b.key {
		c := compareOrdered(b, a, m)
		c.a, c.b = a, b
		c.ExtraA, c.ExtraB = c.ExtraB, c.ExtraA
		for i := range c.Aligned[:c.NAligned] {
			al := &c.Aligned[i]
			al.A, al.B = al.B, al.A
			al.JoinedA, al.JoinedB = al.JoinedB, al.JoinedA
		}
		return c
	}
	return compareOrdered(a, b, m)
}

func compareOrdered(a, b *Name, m *Memo) Comparison {
	c := Comparison{a: a, b: b}
	// The compared parts (all but prefixes) were listed once by Parse.
	ia, ib := &a.core, &b.core
	na, nb := int(a.ncore), int(b.ncore)
	if na == 0 || nb == 0 {
		return c
	}
	var sim [MaxParts][MaxParts]float64
	var lev [MaxParts][MaxParts]Level
	for i := 0; i < na; i++ {
		for j := 0; j < nb; j++ {
			lev[i][j], sim[i][j] = m.partSim(&a.Parts[ia[i]], &b.Parts[ib[j]])
		}
	}

	// Greedy best assignment. The preference adds a small bonus for the
	// same position and the same role, so that among equal similarities
	// the written order wins.
	var pref [MaxParts][MaxParts]float64
	for i := 0; i < na; i++ {
		ra := a.Parts[ia[i]].Role
		for j := 0; j < nb; j++ {
			p := sim[i][j]
			if i == j {
				p += 0.02
			}
			if ra == b.Parts[ib[j]].Role {
				p += 0.01
			}
			pref[i][j] = p
		}
	}
	var usedA, usedB [MaxParts]bool
	pairs := min(na, nb)
	for p := 0; p < pairs; p++ {
		bi, bj, best := -1, -1, -1.0
		for i := 0; i < na; i++ {
			if usedA[i] {
				continue
			}
			for j := 0; j < nb; j++ {
				if !usedB[j] && pref[i][j] > best {
					bi, bj, best = i, j, pref[i][j]
				}
			}
		}
		usedA[bi], usedB[bj] = true, true
		c.Aligned[p] = Alignment{A: int(ia[bi]), B: int(ib[bj]), Level: lev[bi][bj], Score: sim[bi][bj]}
	}
	c.NAligned = pairs
	c.ExtraA, c.ExtraB = na-pairs, nb-pairs
	if c.ExtraA+c.ExtraB > 0 {
		joinSplitParts(&c, a, b, &usedA, &usedB)
	}
	if a.nprefix+b.nprefix > 0 {
		dropPrefixWritten(&c, a, b, m)
		pairs = c.NAligned
	}

	// Sort alignments by position in a (insertion sort: at most 8).
	al := c.Aligned[:pairs]
	for i := 1; i < len(al); i++ {
		for j := i; j > 0 && al[j].A < al[j-1].A; j-- {
			al[j], al[j-1] = al[j-1], al[j]
		}
	}
	for i := 1; i < len(al); i++ {
		if al[i].B < al[i-1].B {
			c.Swapped = true
		}
	}

	var sumW, sumWS, sumWC, contra float64
	level := Exact
	somali := a.Culture == CultureSomali || b.Culture == CultureSomali
	givenContra, agreeOthers, crossLineage := false, false, false
	for _, x := range al {
		pa, pb := &a.Parts[x.A], &b.Parts[x.B]
		w := (pa.Role.weight() + pb.Role.weight()) / 2
		sumW += w
		sumWS += w * x.Score
		if x.Level > Different && x.Level < Exact && !pa.Initial && !pb.Initial {
			// Two parts read as one end where the second does.
			ea, eb := pa, pb
			if x.JoinedA > 0 {
				ea = &a.Parts[x.JoinedA-1]
			}
			if x.JoinedB > 0 {
				eb = &b.Parts[x.JoinedB-1]
			}
			if cl := endingClash(ea, eb, somali); cl > 0 {
				sumWC += w * cl
				c.Endings = true
			}
		}
		if x.Score < contradictScore {
			contra += w
		}
		if x.Level < level {
			level = x.Level
		}
		if la, lb := lineageAt(a, al, x.A, true), lineageAt(b, al, x.B, false); la >= 0 && lb >= 0 && la != lb && x.Score >= contradictScore {
			crossLineage = true
		}
		if pa.Role == Given && pb.Role == Given {
			// An initial that fits the name is no contradiction: M. Ali
			// Hassan may be Mohamed Ali Hassan, and is not his brother.
			givenContra = x.Score < givenAgree && !(x.Level == Partial && (pa.Initial || pb.Initial))
		} else if x.Score >= 0.85 {
			agreeOthers = true
		}
	}
	// A clash of endings lowers the rank of the pair but does not decide
	// alone: the part scores above still judge contradictions and
	// siblings.
	score := (sumWS - sumWC) / sumW
	if extras := c.ExtraA + c.ExtraB; extras > 0 {
		// Extra parts are down-weighted, not contradicting: a grandfather
		// on one side, a second surname, a dropped middle name.
		score *= 1 - 0.03*float64(min(extras, 4))
		level = min(level, Partial)
	}
	if c.Swapped {
		score *= 0.98
		level = min(level, Partial)
	}
	c.Shifted = shifted(a, b, al)
	c.CrossLineage = crossLineage && !c.Shifted
	if c.CrossLineage {
		// A given name matched to a father's name: in patronymic order that
		// is another person unless the clerk swapped the order.
		score *= 0.85
		level = min(level, Partial)
	}
	c.Sibling = givenContra && agreeOthers
	switch {
	case c.Shifted || c.Sibling:
		score *= 0.5
		level = Different
	case contra > 0:
		score *= 1 - 0.5*contra/sumW
		level = Different
	}
	c.Score = clamp01(score)
	c.Level = level
	return c
}

// dropPrefixWritten undoes the alignments that contradict only because
// one name writes as a name what the other holds as a prefix: Md. Islam
// is Mohammad Shafiqul Islam, whose Mohammad the record keeps as a prefix
// (in South Asian practice a man is called by the name after it, NAMES.md
// 4.3), not his brother. The part that agrees with the other's prefix is
// dropped from the comparison, and its partner counts as an extra part.
// The last alignment stays: a name that agrees with the other only in its
// prefix (Mohammed) agrees in nothing that tells a person.
func dropPrefixWritten(c *Comparison, a, b *Name, m *Memo) {
	for k := 0; k < c.NAligned; {
		x := c.Aligned[k]
		if c.NAligned == 1 || x.Score >= contradictScore || x.JoinedA+x.JoinedB > 0 {
			k++
			continue
		}
		switch {
		case agreesWithPrefix(&b.Parts[x.B], a, m):
			c.ExtraA++
		case agreesWithPrefix(&a.Parts[x.A], b, m):
			c.ExtraB++
		default:
			k++
			continue
		}
		copy(c.Aligned[k:c.NAligned], c.Aligned[k+1:c.NAligned])
		c.NAligned--
	}
}

// agreesWithPrefix reports whether part p is a spelling of a prefix of n
// (a title, or Muhammad before the name a man is called by).
func agreesWithPrefix(p *Part, n *Name, m *Memo) bool {
	if n.nprefix == 0 || p.Initial {
		return false
	}
	for i := range n.Parts {
		if q := &n.Parts[i]; q.Role == Prefix && !q.Initial {
			if l, _ := m.partSim(p, q); l >= Transliteration {
				return true
			}
		}
	}
	return false
}

// shifted reports a patronymic chain shifted by one position: the father's
// "Mohamed Ali" inside the son's "Ahmed Mohamed Ali".
func shifted(a, b *Name, al []Alignment) bool {
	if !a.Culture.patronymic() && !b.Culture.patronymic() {
		return false
	}
	d, agree := 0, 0
	for _, x := range al {
		if x.Score < contradictScore {
			continue // the ends of a shifted chain do not match
		}
		ra, rb := lineageAt(a, al, x.A, true), lineageAt(b, al, x.B, false)
		if ra < 0 || rb < 0 {
			return false
		}
		if agree == 0 {
			d = rb - ra
		} else if rb-ra != d {
			return false
		}
		agree++
	}
	return agree >= 2 && d != 0
}

// lineageAt is the lineage place of part i of n (a, when inA), counting
// two parts read as one (see joinSplitParts) as one generation: in Abdi
// Rahman Hassan ~ Abdirahman Hassan, Hassan is the father on both sides.
func lineageAt(n *Name, al []Alignment, i int, inA bool) int {
	l := lineageIndex(n.Parts[i].Role)
	if l <= 0 {
		return l
	}
	for _, x := range al {
		j := x.JoinedB
		if inA {
			j = x.JoinedA
		}
		if j > 0 && int(j)-1 < i && lineageIndex(n.Parts[j-1].Role) > 0 {
			l--
		}
	}
	return max(l, 0)
}

func lineageIndex(r Role) int {
	switch r {
	case Given:
		return 0
	case Father:
		return 1
	case Grandfather:
		return 2
	}
	return -1
}

func clamp01(x float64) float64 {
	switch {
	case x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}

// partSim compares two parts: the same Latin spelling is Exact (unless both
// carry different diacritics, like Vietnamese tones); a shared folded key is
// Transliteration; an initial matches a name with the same first letter; a
// shared skeleton or Double Metaphone code is Phonetic; otherwise the
// Jaro–Winkler similarity of the Latin forms decides between Fuzzy and
// Different. Scores rise with the level and, within it, with Jaro–Winkler.
func partSim(p, q *Part) (Level, float64) {
	if p.latH == q.latH {
		if p.accH != 0 && q.accH != 0 && p.accH != q.accH {
			return Transliteration, 0.97
		}
		return Exact, 1
	}
	if p.Latin == "" || q.Latin == "" {
		return Different, 0
	}
	if p.Initial || q.Initial {
		if initialAgrees(p, q) {
			return Partial, initialScore
		}
		return Different, 0
	}
	for i := range p.folds {
		for j := range q.folds {
			if p.folds[i].h == q.folds[j].h {
				if fineHash(p.Latin) == fineHash(q.Latin) {
					return Transliteration, 0.95 + 0.04*jaroWinkler(p.Latin, q.Latin)
				}
				return Transliteration, 0.88 + 0.06*jaroWinkler(p.Latin, q.Latin)
			}
		}
	}
	jw := jaroWinkler(p.Latin, q.Latin)
	dm, skel := phoneticMatch(p, q)
	// The consonant skeleton is made for scripts without vowels; between
	// two spellings whose vowels were written (Latin, Cyrillic, Greek …) it
	// also joins different names (Mohamed, Mahmoud: mhmd), so there it
	// needs close spellings too.
	if dm || skel && (!p.Script.vowelsWritten() || !q.Script.vowelsWritten() || jw >= 0.8) {
		return Phonetic, 0.6 + 0.35*jw
	}
	if jw >= 0.85 {
		return Fuzzy, 0.85 * jw
	}
	return Different, 0.7 * jw
}

// initialScore is the similarity of an initial and a name it may stand
// for: a weak agreement, below every spelling of the name itself.
const initialScore = 0.7

// initialAgrees reports whether an initial (of p or q) may abbreviate the
// other part: the same first letter in its written or folded form (K. for
// Khalid, whose folded form begins with h), or, as Somali writes ʿayn as c,
// a C. for a name that begins with a vowel (C. = Cabdi = Abdi).
func initialAgrees(p, q *Part) bool {
	if q.Initial && !p.Initial {
		p, q = q, p
	}
	if p.first() == q.first() {
		return true
	}
	if p.Latin == "" || q.Latin == "" {
		return false
	}
	c := p.Latin[0]
	return c == q.Latin[0] || c == 'c' && isVowel(q.Latin[0])
}

// Final sounds, by class. The last vowel of a name often marks gender or
// origin (Daniel, Daniela; Samir, Samira; Hashem, Hashemi; Ali, Alia;
// Mario, Maria), and a folded key, which keeps vowels apart only by
// position, cannot see it. Some endings are only spelling and stay
// neutral: a final -e is silent in French and English (Ousmane) and
// renders ة in Persian and Levantine spelling (Farideh); a final -ah or -eh
// may be ة (Fatimah) or a root consonant (Saleh = Salih, Abdallah); a final
// -ay or -ai is the Tigrinya form of Amharic names (Girma, Girmay; Tekle,
// Teklay); and a final -o or -ou varies freely in Mande and Fula names
// (Mamadou, Mamadi, Mamady) and in European language forms (Eduard,
// Eduardo).
const (
	endConsonant byte = iota + 1
	endNeutral
	endA
	endI
	endU
)

// finalClass returns the class of the last sound of a Latin spelling.
func finalClass(latin string) byte {
	n := len(latin)
	if n == 0 {
		return 0
	}
	c := latin[n-1]
	if c == 'h' && n >= 3 && (latin[n-2] == 'a' || latin[n-2] == 'e') {
		return endNeutral
	}
	if c == 'w' && n >= 3 && latin[n-2] == 'o' {
		return endU // Jallow = Jallo
	}
	if (c == 'i' || c == 'y') && n >= 3 && (latin[n-2] == 'a' || latin[n-2] == 'e') {
		return endNeutral // the Tigrinya -ay of Amharic names: Girma, Girmay
	}
	switch c {
	case 'a':
		return endA
	case 'i', 'y':
		return endI
	case 'o', 'u':
		return endU
	case 'e':
		return endNeutral
	}
	return endConsonant
}

// endingClash is the score taken from two close spellings whose final
// sounds mark different names: a or i against a consonant (Samir, Samira;
// Hashem, Hashemi), or a against i or u (Ali, Alia; Mario, Maria). Somali
// writes the final a of Arabic names as o (Faadumo = Fatima, Xaawo = Hawa),
// so there a and u do not clash.
func endingClash(p, q *Part, somali bool) float64 {
	a, b := p.ending, q.ending
	if a > b {
		a, b = b, a
	}
	switch {
	case a == endConsonant && (b == endA || b == endI),
		a == endA && b == endI,
		a == endA && b == endU && !somali:
		return endingClashScore
	}
	return 0
}

// endingClashScore is what an ending clash costs: Samir ~ Samira falls
// from 0.94 to 0.86, below the spellings of one name that differ inside
// (Mohamed ~ Mohammad 0.94, Saleh ~ Salih 0.92), while its level stays.
const endingClashScore = 0.08

// phoneticMatch reports whether two parts share a Double Metaphone code
// and whether they share a consonant skeleton.
func phoneticMatch(p, q *Part) (dm, skel bool) {
	for _, x := range p.dmH {
		if x != 0 && (x == q.dmH[0] || x == q.dmH[1]) {
			dm = true
		}
	}
	for i := 0; i < len(p.folds) && !skel; i++ {
		if p.folds[i].short {
			continue
		}
		for j := range q.folds {
			if p.folds[i].skelH == q.folds[j].skelH {
				skel = true
				break
			}
		}
	}
	return dm, skel
}

// jaroWinkler is matchr.JaroWinkler(s1, s2, false) for ASCII strings,
// without allocating (the hot path of Compare). A test checks that both
// agree. The matched letters are bit sets: for each letter of s1 the first
// free equal letter of s2 inside the matching window is the lowest bit of
// (positions of that letter in s2) ∧ window ∧ ¬matched, and the
// transpositions pair the set bits of the two sets in order.
func jaroWinkler(s1, s2 string) float64 {
	const maxLen = 64
	l1, l2 := min(len(s1), maxLen), min(len(s2), maxLen)
	if l1 == 0 || l2 == 0 {
		return 0
	}
	s1, s2 = s1[:l1], s2[:l2]
	maxL := max(l1, l2)
	rng := max(maxL/2-1, 0)
	// Positions of each letter in s2, by its low five bits; a candidate
	// is checked against the letter itself, so bytes outside a–z that
	// share a slot cannot match wrongly.
	var pos [32]uint64
	var top uint8 // the greatest byte less 'a' of both strings: below 26 when all are a–z
	for j := 0; j < l2; j++ {
		pos[s2[j]&31] |= 1 << j
		top = max(top, s2[j]-'a')
	}
	for i := 0; i < l1; i++ {
		top = max(top, s1[i]-'a')
	}
	var f1, f2 uint64
	if top < 26 {
		// Letters only: a letter's slot holds that letter alone, so the
		// lowest free position in the window is the match, taken
		// without branching on the letters.
		for i := 0; i < l1; i++ {
			lo, hi := max(i-rng, 0), min(i+rng, l2-1)
			window := ^uint64(0) >> (63 - hi) & (^uint64(0) << lo)
			if lo > hi {
				window = 0
			}
			cand := pos[s1[i]&31] & window &^ f2
			first := cand & -cand
			f2 |= first
			f1 |= (first | -first) >> 63 << i
		}
	} else {
		for i := 0; i < l1; i++ {
			lo, hi := max(i-rng, 0), min(i+rng, l2-1)
			if lo > hi {
				continue
			}
			window := ^uint64(0) >> (63 - hi) & (^uint64(0) << lo)
			for cand := pos[s1[i]&31] & window &^ f2; cand != 0; cand &= cand - 1 {
				if j := bits.TrailingZeros64(cand); s2[j] == s1[i] {
					f1 |= 1 << i
					f2 |= 1 << j
					break
				}
			}
		}
	}
	common := bits.OnesCount64(f1)
	if common == 0 {
		return 0
	}
	trans := 0
	for a, b := f1, f2; a != 0; a, b = a&(a-1), b&(b-1) {
		// 1 when the letters differ, without a branch.
		trans += int(uint(s1[bits.TrailingZeros64(a)]^s2[bits.TrailingZeros64(b)])+255) >> 8
	}
	trans /= 2
	m := float64(common)
	d := (m/float64(l1) + m/float64(l2) + (m-float64(trans))/m) / 3
	if d > 0.7 {
		p := 0
		for p < 4 && p < l1 && p < l2 && s1[p] == s2[p] && (s1[p] < '0' || s1[p] > '9') {
			p++
		}
		d += float64(p) * 0.1 * (1 - d)
	}
	return d
}

// Explain describes which parts aligned with which, at what level, and
// why the result is what it is. It is built on request, not by Compare.
func (c *Comparison) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %.2f", c.Level, c.Score)
	if c.a == nil || c.b == nil {
		return b.String()
	}
	for _, x := range c.Alignments() {
		pa, pb := &c.a.Parts[x.A], &c.b.Parts[x.B]
		ra, rb := pa.Raw(), pb.Raw()
		if x.JoinedA > 0 {
			ra += " " + c.a.Parts[x.JoinedA-1].Raw()
		}
		if x.JoinedB > 0 {
			rb += " " + c.b.Parts[x.JoinedB-1].Raw()
		}
		fmt.Fprintf(&b, "; %s %q ~ %s %q: %s %.2f", pa.Role, ra, pb.Role, rb, x.Level, x.Score)
		if x.JoinedA+x.JoinedB > 0 {
			b.WriteString(" (read as one name)")
		}
	}
	if c.ExtraA+c.ExtraB > 0 {
		fmt.Fprintf(&b, "; unmatched parts: %d and %d", c.ExtraA, c.ExtraB)
	}
	if c.Swapped {
		b.WriteString("; order swapped")
	}
	if c.Endings {
		b.WriteString("; endings differ")
	}
	if c.Sibling {
		b.WriteString("; given names differ while the rest agrees: sibling, not the same person")
	}
	if c.Shifted {
		b.WriteString("; lineage shifted by one generation: parent and child, not the same person")
	}
	return b.String()
}
