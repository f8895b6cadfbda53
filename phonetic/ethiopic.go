package phonetic

import "strings"

// ethiopicRows lists the consonant of each row of eight syllables from
// U+1200, in the ASCII spelling Eritrean and Ethiopian clerks use (ጸ and ፀ
// are ts, ቀ is q, ቐ is kh, ኘ is gn as in Tegegn and Dagnew, the laryngeals
// ሀ ሐ ኀ are h, አ and ዐ carry only a vowel). Rows of labialised syllables
// end in "w".
var ethiopicRows = [...]string{
	"h", "l", "h", "m", "s", "r", "s", "sh", // ሀ ለ ሐ መ ሠ ረ ሰ ሸ
	"q", "qw", "kh", "khw", "b", "v", "t", "ch", // ቀ ቈ ቐ ቘ በ ቨ ተ ቸ
	"h", "hw", "n", "gn", "", "k", "kw", "kh", // ኀ ኈ ነ ኘ አ ከ ኰ ኸ
	"khw", "w", "", "z", "zh", "y", "d", "d", // ዀ ወ ዐ ዘ ዠ የ ደ ዸ
	"j", "g", "gw", "ng", "t", "ch", "p", "ts", // ጀ ገ ጐ ጘ ጠ ጨ ጰ ጸ
	"ts", "f", "p", // ፀ ፈ ፐ
}

// ethiopicVowels are the Latin vowels of the seven orders and the eighth
// (labialised -wa). The sixth order (ə) is decided by context.
var ethiopicVowels = [8]string{"e", "u", "i", "a", "e", "", "o", "wa"}

type geezSyllable struct {
	cons  string
	order int
	lab   bool // row of labialised consonants (ቈ, ኰ, ጐ …)
}

func ethiopicSyllable(r rune) (geezSyllable, bool) {
	if r < 0x1200 || r >= 0x1200+rune(len(ethiopicRows))*8 {
		return geezSyllable{}, false
	}
	row := int(r-0x1200) / 8
	s := geezSyllable{cons: ethiopicRows[row], order: int(r-0x1200) % 8}
	if strings.HasSuffix(s.cons, "w") && s.cons != "w" {
		s.cons, s.lab = strings.TrimSuffix(s.cons, "w"), true
	}
	return s, true
}

// laryngeal rows take "a" for the first order (ሀ ha, አ a, ዐ a), as in Habte
// and Abraha, where other rows take "e" (ገ ge, ተ te).
func (s geezSyllable) laryngeal() bool { return s.cons == "h" || s.cons == "" }

// ethiopicLatin romanises Ge'ez syllables. The sixth order is silent inside
// a cluster (ተስፋይ Tesfay, ገብረ Gebre) but written "i" where Latin spelling
// needs a vowel: at the start before another sixth order (ግርማይ Girmay) and
// before a final sixth order (መድህን Medhin), and "e" where s and a following
// ha would read as sh (ፍስሐ Fiseha, not Fisha). Alternatives use "a" for the
// first order (the scholarly Gäbrä → Gabre), "o" after w (Wolde), and no
// vowel before the laryngeal (ይስሐቅ Yishak).
func ethiopicLatin(tok string, alts *[maxAlts]string) (string, int) {
	var syl [48]geezSyllable
	n := 0
	for _, r := range tok {
		if s, ok := ethiopicSyllable(r); ok && n < len(syl) {
			syl[n] = s
			n++
		}
	}
	ss := syl[:n]
	canon := ethiopicSpell(ss, geezStyle{first: "e", afterW: "e", splitDigraph: true})
	k := 0
	for _, v := range [...]geezStyle{
		{first: "a", afterW: "e", splitDigraph: true},
		{first: "e", afterW: "o", splitDigraph: true},
		{first: "e", afterW: "e"},
	} {
		if s := ethiopicSpell(ss, v); s != canon && k < maxAlts {
			alts[k] = s
			k++
		}
	}
	return canon, k
}

// geezStyle is one way clerks romanise the ambiguous vowels: the first
// order ("e" or "a"), the first order after w ("e" or "o"), and whether the
// sixth order of s before ha is written, so that the pair does not read as
// sh (readsAsDigraph).
type geezStyle struct {
	first, afterW string
	splitDigraph  bool
}

// readsAsDigraph reports whether a sixth-order consonant followed by the
// laryngeal syllable next would be read as one sound: s before a ha that
// carries a vowel reads sh, so clerks write Fiseha and Yesehaq (ፍስሐ,
// ይስሐቅ). Other pairs keep their letters together (መድሃኔ Medhanie, ፍትሃዊ
// Fithawi), and a sixth-order h gets its own vowel anyway (መድህን Medhin).
func readsAsDigraph(cons string, next geezSyllable) bool {
	return next.cons == "h" && next.order != 5 && strings.HasSuffix(cons, "s")
}

func ethiopicSpell(ss []geezSyllable, st geezStyle) string {
	var b strings.Builder
	for i, s := range ss {
		b.WriteString(s.cons)
		if s.lab {
			switch s.order {
			case 0, 4:
				b.WriteString("we")
			case 2:
				b.WriteString("wi")
			case 3:
				b.WriteString("wa")
			case 5:
				b.WriteString("u")
			}
			continue
		}
		switch s.order {
		case 0:
			switch {
			case s.laryngeal():
				b.WriteByte('a')
			case s.cons == "w":
				b.WriteString(st.afterW)
			default:
				b.WriteString(st.first)
			}
		case 5:
			nextSixth := i+1 < len(ss) && ss[i+1].order == 5 && !ss[i+1].lab
			nextFinal := i+2 == len(ss)
			switch {
			case s.cons == "":
				b.WriteByte('e')
			case st.splitDigraph && i+1 < len(ss) && readsAsDigraph(s.cons, ss[i+1]):
				b.WriteByte('e')
			case i == 0 && nextSixth:
				b.WriteByte('i')
			case nextSixth && nextFinal && i > 0:
				b.WriteByte('i')
			}
		case 7:
			if s.cons == "" {
				b.WriteByte('e')
			} else {
				b.WriteString("wa")
			}
		default:
			b.WriteString(ethiopicVowels[s.order])
		}
	}
	return b.String()
}
