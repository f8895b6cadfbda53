package phonetic

import (
	"strings"
	"unicode/utf8"
)

// maxAlts bounds the alternative Latin candidates kept per token: enough
// for the ambiguity of unvowelled Arabic and Ge'ez vowel orders, small
// enough that Compare stays cheap.
const maxAlts = 3

// Transliterate returns the canonical Latin form of one normalised token
// (the spelling a Latin-script clerk would most likely write: lower-case
// ASCII letters only) and up to three alternative candidates where the
// script is ambiguous. The script is detected from the token.
func Transliterate(token string) (canonical string, alts []string) {
	var buf [maxAlts]string
	c, n := transliterate(token, DetectScript(token), &buf)
	return c, append([]string(nil), buf[:n]...)
}

func transliterate(tok string, sc Script, alts *[maxAlts]string) (string, int) {
	switch sc {
	case Latin:
		return latinASCII(tok), 0
	case Arabic:
		lat, n := arabicLatin(tok, alts)
		if strings.Contains(lat, "dh") {
			// ذ is z in Persian, Dari, Pashto and Urdu names (ذبیح‌الله
			// Zabihullah), whose Latin spellings the Latin-side dh → z
			// reading does not reach. It is likelier than the last vowel
			// guess, whose place it takes when the list is full.
			n = min(n+1, maxAlts)
			alts[n-1] = strings.ReplaceAll(lat, "dh", "z")
		}
		return lat, n
	case Ethiopic:
		return ethiopicLatin(tok, alts)
	case Bengali:
		return bengaliLatin(tok, alts)
	case Cyrillic:
		return tableLatin(tok, cyrillicLatin), 0
	case Greek:
		return greekLatin(tok), 0
	case ScriptNone:
		return "", 0
	}
	return fallbackLatin(tok, sc, alts)
}

// latinASCII keeps the ASCII letters of a normalised Latin token (Normalize
// has already removed the diacritics and mapped ø, đ, ı and the hooked
// letters). Digits and joiners are dropped.
func latinASCII(tok string) string {
	clean := true
	for i := 0; i < len(tok); i++ {
		if c := tok[i]; c < 'a' || c > 'z' {
			clean = false
			break
		}
	}
	if clean {
		return tok
	}
	var b strings.Builder
	for i := 0; i < len(tok); i++ {
		if c := tok[i]; c >= 'a' && c <= 'z' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func tableLatin(tok string, table map[rune]string) string {
	var b strings.Builder
	for _, r := range tok {
		if s, ok := table[r]; ok {
			b.WriteString(s)
		} else if r < utf8.RuneSelf && r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cyrillicLatin is a BGN/PCGN-style romanisation of Russian, Ukrainian and
// Serbian letters, the forms found on passports.
var cyrillicLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ђ': "dj", 'ј': "j",
	'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ў': "w",
}

var greekLetters = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i",
	'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x",
	'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y",
	'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// greekLatin follows ELOT 743 for the digraphs that passports use (ου → ou,
// μπ → b at the start, ντ → d at the start, γγ → ng, γκ → g at the start).
func greekLatin(tok string) string {
	rs := []rune(tok)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		var next rune
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case r == 'ο' && next == 'υ':
			b.WriteString("ou")
			i++
			continue
		case r == 'μ' && next == 'π' && i == 0:
			b.WriteString("b")
			i++
			continue
		case r == 'ν' && next == 'τ' && i == 0:
			b.WriteString("d")
			i++
			continue
		case r == 'γ' && (next == 'γ' || next == 'κ'):
			if i == 0 {
				b.WriteString("g")
			} else {
				b.WriteString("ng")
			}
			i++
			continue
		case (r == 'α' || r == 'ε') && next == 'υ':
			b.WriteString(greekLetters[r])
			b.WriteString("v")
			i++
			continue
		}
		if s, ok := greekLetters[r]; ok {
			b.WriteString(s)
		}
	}
	return b.String()
}
