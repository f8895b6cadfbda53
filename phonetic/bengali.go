package phonetic

import "strings"

var bengaliConsonants = map[rune]string{
	'ক': "k", 'খ': "kh", 'গ': "g", 'ঘ': "gh", 'ঙ': "ng", 'চ': "ch", 'ছ': "chh",
	'জ': "j", 'ঝ': "jh", 'ঞ': "n", 'ট': "t", 'ঠ': "th", 'ড': "d", 'ঢ': "dh",
	'ণ': "n", 'ত': "t", 'থ': "th", 'দ': "d", 'ধ': "dh", 'ন': "n", 'প': "p",
	'ফ': "f", 'ব': "b", 'ভ': "bh", 'ম': "m", 'য': "j", 'র': "r", 'ল': "l",
	'শ': "sh", 'ষ': "sh", 'স': "s", 'হ': "h",
	'ৎ': "t",
}

var bengaliVowelSigns = map[rune]string{
	'া': "a", 'ি': "i", 'ী': "i", 'ু': "u", 'ূ': "u", 'ৃ': "ri", 'ে': "e",
	'ৈ': "oi", 'ো': "o", 'ৌ': "ou",
}

var bengaliVowels = map[rune]string{
	'অ': "a", 'আ': "a", 'ই': "i", 'ঈ': "i", 'উ': "u", 'ঊ': "u", 'ঋ': "ri",
	'এ': "e", 'ঐ': "oi", 'ও': "o", 'ঔ': "ou",
}

const (
	bengaliVirama = '্'
	bengaliNukta  = '়'
)

type bengaliUnit struct {
	cons    string // consonant, "" for an independent vowel
	vowel   string // explicit vowel, or "" for the inherent one
	hasSign bool   // vowel written explicitly (sign or independent vowel)
	killed  bool   // virama: no vowel
}

// bengaliLatin romanises Bengali as names are written on Bangladeshi
// passports: the inherent vowel is "a" (Rahman, not Rohman; "o" is the
// alternative), dropped at the end of a word, after a virama, and between a
// vowel and a consonant that carries its own vowel sign (রহমান Rahman,
// ইসলাম Islam).
func bengaliLatin(tok string, alts *[maxAlts]string) (string, int) {
	var units [48]bengaliUnit
	n := 0
	for _, r := range tok {
		switch {
		case bengaliConsonants[r] != "":
			if n < len(units) {
				units[n] = bengaliUnit{cons: bengaliConsonants[r]}
				n++
			}
		case bengaliVowels[r] != "":
			if n < len(units) {
				units[n] = bengaliUnit{vowel: bengaliVowels[r], hasSign: true}
				n++
			}
		case bengaliVowelSigns[r] != "":
			if n > 0 && units[n-1].cons != "" {
				units[n-1].vowel, units[n-1].hasSign = bengaliVowelSigns[r], true
			}
		case r == bengaliNukta:
			// NFKC splits ড় ঢ় য় into letter + nukta (composition exclusions).
			if n > 0 {
				switch units[n-1].cons {
				case "d":
					units[n-1].cons = "r"
				case "dh":
					units[n-1].cons = "rh"
				case "j":
					units[n-1].cons = "y"
				}
			}
		case r == bengaliVirama:
			if n > 0 {
				units[n-1].killed = true
			}
		case r == 'ং':
			if n < len(units) {
				units[n] = bengaliUnit{cons: "ng", killed: true}
				n++
			}
		case r == 'ঃ':
			if n < len(units) {
				units[n] = bengaliUnit{cons: "h", killed: true}
				n++
			}
		}
	}
	us := units[:n]
	canon := bengaliSpell(us, "a")
	if alt := bengaliSpell(us, "o"); alt != canon {
		alts[0] = alt
		return canon, 1
	}
	return canon, 0
}

func bengaliSpell(us []bengaliUnit, inherent string) string {
	var b strings.Builder
	for i, u := range us {
		b.WriteString(u.cons)
		switch {
		case u.hasSign:
			b.WriteString(u.vowel)
		case u.killed || u.cons == "":
		case i == len(us)-1:
			// Final inherent vowel is not pronounced.
		case i > 0 && us[i+1].cons != "" && us[i+1].hasSign && !us[i-1].killed:
			// Schwa deletion between a vowel and a consonant with its own vowel.
		default:
			b.WriteString(inherent)
		}
	}
	return b.String()
}
