package phonetic

import (
	"strings"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"github.com/mozillazg/go-unidecode"
)

// fallbackLatin romanises a token in a script without rules of our own
// (NAMES.md 4.1.4: every token gets a Latin reading): the general
// transliteration table of unidecode for every script, and pinyin for Han.
// On top of the tables, the few rules that a name needs and a letter by
// letter table cannot know:
//
//   - Hebrew is an abjad: the table reads its letters as consonants (אוחנה
//     → vhnh); the canonical form reads the matres lectionis as the vowels
//     they mark and puts an a between consonants (ohana), as clerks do,
//     and the table's is an alternative;
//   - Devanagari consonants carry an inherent a that the table drops
//     (बराक → braak); it is written back, except at the end of a word,
//     where Hindi and Nepali do not say it (राम = Ram); च, छ and ष are
//     written ch, chh and sh as in names, and an initial व may be b;
//   - Hangul syllable-final ㄱ ㄷ ㅂ are k, t, p in the Revised
//     Romanisation, not the g, d, b of the table (박 bak), and passports
//     often keep the older voiceless initials (김 Kim) or a surname's
//     customary spelling (이 Lee, 박 Park), which become alternatives;
//   - Japanese adds a u to a final consonant of a foreign name (アダム
//     adamu = Adam): the reading without it is an alternative;
//   - Georgian letters are written as the national romanisation writes
//     them (ძ dz, not the table's z'), which passports follow;
//   - Thai writes some vowels before the consonant they follow in speech
//     (ใจ jai): they are read after it, and จ is the national system's ch
//     or, as an alternative, the j of many personal names;
//   - Khmer អ carries a vowel and is not said: the table's q is left out;
//   - Han gives each character's most common pinyin reading, with the
//     Wade–Giles spelling and a surname's other readings as alternatives.
//
// Other scripts (Armenian, Georgian, Thai, Khmer, …) get the table's
// reading alone.
func fallbackLatin(tok string, sc Script, alts *[maxAlts]string) (string, int) {
	switch sc {
	case Han:
		return hanLatin(tok, alts)
	case Hebrew:
		return hebrewLatin(tok, alts)
	case Devanagari:
		lat := devanagariLatin(tok)
		if strings.HasPrefix(lat, "v") {
			// Initial व is b in Nepali and eastern speech (Bishwakarma).
			alts[0] = "b" + lat[1:]
			return lat, 1
		}
		return lat, 0
	case Hangul:
		return hangulLatin(tok, alts)
	case Kana:
		lat := asciiLetters(unidecode.Unidecode(tok))
		n := 0
		if k := len(lat); k >= 4 && lat[k-1] == 'u' && !isVowel(lat[k-2]) && lat[k-2] != 'y' {
			alts[0], n = lat[:k-1], 1
		}
		return lat, n
	}
	var b strings.Builder
	var preposed rune
	thaiJ := false
	for _, r := range tok {
		if r >= 0x0E40 && r <= 0x0E44 && preposed == 0 {
			// Thai writes the vowels เ แ โ ใ ไ before the consonant
			// they follow in speech (ใจ = jai).
			preposed = r
			continue
		}
		switch r {
		case 'អ':
			// Khmer អ carries a vowel and is not said: the table's q
			// would hide the vowel a name begins with (អូន uun, not quun).
		case 'ძ', 'წ', 'ც', 'ჩ', 'ხ', 'ღ':
			b.WriteString(georgianNames[r])
		case 'จ':
			// The table's cch; the national system writes ch, and
			// personal names often j (Jaidee), the alternative.
			b.WriteString("ch")
			thaiJ = true
		default:
			b.WriteString(unidecode.Unidecode(string(r)))
		}
		if preposed != 0 {
			b.WriteString(unidecode.Unidecode(string(preposed)))
			preposed = 0
		}
	}
	if preposed != 0 {
		b.WriteString(unidecode.Unidecode(string(preposed)))
	}
	lat := asciiLetters(b.String())
	if thaiJ {
		alts[0] = strings.ReplaceAll(lat, "ch", "j")
		return lat, 1
	}
	return lat, 0
}

// asciiLetters lower-cases s and keeps its ASCII letters: the tables write
// capitals, spaces and tone marks that a Latin form does not hold.
func asciiLetters(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		}
	}
	return b.String()
}

// hanLatin writes a Han token in pinyin, the syllables joined (近平
// jinping, as passports write a given name). The alternatives are the
// Wade–Giles spelling that Taiwan's passports keep (志偉 Chih-wei) and the
// first character's other readings, which surnames often take (曾 Zeng or
// Ceng).
func hanLatin(tok string, alts *[maxAlts]string) (string, int) {
	args := pinyin.NewArgs()
	args.Fallback = func(r rune, _ pinyin.Args) []string {
		return []string{unidecode.Unidecode(string(r))}
	}
	var py, wg strings.Builder
	var first []string
	for i, r := range tok {
		a := args
		a.Heteronym = i == 0
		rs := pinyin.SinglePinyin(r, a)
		if len(rs) == 0 {
			continue
		}
		if i == 0 {
			first = rs
		}
		syl := asciiLetters(rs[0])
		py.WriteString(syl)
		wg.WriteString(wadeGiles(syl))
	}
	lat := py.String()
	n := 0
	if w := wg.String(); w != lat {
		alts[n] = w
		n++
	}
	if len(first) > 1 {
		rest := lat[len(asciiLetters(first[0])):]
		for _, f := range first[1:] {
			if n == maxAlts {
				break
			}
			if a := asciiLetters(f) + rest; a != lat {
				alts[n] = a
				n++
			}
		}
	}
	return lat, n
}

// wadeGilesWhole are the pinyin syllables whose Wade–Giles spelling is not
// made by the initial and final rules of wadeGiles.
var wadeGilesWhole = map[string]string{
	"zhi": "chih", "chi": "chih", "shi": "shih", "ri": "jih", "zi": "tzu", "ci": "tzu",
	"si": "ssu", "you": "yu", "yan": "yen", "ye": "yeh", "er": "erh",
}

// wadeGiles spells one pinyin syllable (without tone) in Wade–Giles,
// without apostrophes: zh, j, q → ch; z, c → ts; x → hs; r → j; b, d, g →
// p, t, k; finals -ong → -ung, -ian → -ien, -ie → -ieh, -uo → -o after
// a labial or none.
func wadeGiles(syl string) string {
	if w, ok := wadeGilesWhole[syl]; ok {
		return w
	}
	initial, final := "", syl
	for _, in := range [...]string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "z", "c", "s", "r", "y", "w"} {
		if strings.HasPrefix(syl, in) {
			initial, final = in, syl[len(in):]
			break
		}
	}
	switch initial {
	case "zh", "j", "q":
		initial = "ch"
	case "z", "c":
		initial = "ts"
	case "x":
		initial = "hs"
	case "r":
		initial = "j"
	case "b":
		initial = "p"
	case "d":
		initial = "t"
	case "g":
		initial = "k"
	}
	switch {
	case strings.HasSuffix(final, "ong"):
		final = final[:len(final)-3] + "ung"
	case strings.HasSuffix(final, "ian"):
		final = final[:len(final)-3] + "ien"
	case strings.HasSuffix(final, "ie"):
		final += "h"
	case final == "uo" && (initial == "p" || initial == "m" || initial == "f" || initial == ""):
		final = "o"
	}
	return initial + final
}

// hebrewLatin reads a Hebrew token as clerks write names: the matres
// lectionis as vowels (ו o, י i or an initial y, a final ה a, an initial א
// or ע the a it carries, a silent carrier elsewhere) and, as for unvowelled
// Arabic, a default a between two consonants (דהן Dahan). The
// alternatives are the table's consonant reading (ו v, י y, ה h) and the
// soft forms of ב, כ, פ (v, kh, f) that a written name takes after a
// vowel (אברהם Avraham).
func hebrewLatin(tok string, alts *[maxAlts]string) (string, int) {
	var vow, soft, cons strings.Builder
	rs := []rune(tok)
	consonantBefore := false // the last letter written was a consonant
	for i, r := range rs {
		last := i == len(rs)-1
		var v, sft string
		isCons := true
		switch r {
		case 'א', 'ע':
			if i == 0 && (len(rs) == 1 || rs[1] != 'ו' && rs[1] != 'י') {
				v, sft = "a", "a"
			}
			isCons = false
		case 'ו':
			cons.WriteByte('v')
			if i > 0 && rs[i-1] == 'ו' || i+1 < len(rs) && rs[i+1] == 'ו' {
				v = "v" // וו is the consonant v
			} else {
				v, isCons = "o", false
			}
			sft = v
		case 'י':
			cons.WriteByte('y')
			if i == 0 {
				v = "y"
			} else {
				v, isCons = "i", false
			}
			sft = v
		case 'ה':
			cons.WriteByte('h')
			if last && i > 0 {
				v, isCons = "a", false
			} else {
				v = "h"
			}
			sft = v
		default:
			v = unidecode.Unidecode(string(r))
			cons.WriteString(v)
			sft = v
			if s, ok := hebrewSoft[r]; ok && i > 0 {
				sft = s
			}
		}
		if isCons && v != "" && consonantBefore {
			vow.WriteByte('a')
			soft.WriteByte('a')
		}
		vow.WriteString(v)
		soft.WriteString(sft)
		if v != "" {
			consonantBefore = isCons
		}
	}
	lat := asciiLetters(vow.String())
	n := 0
	for _, a := range [...]string{asciiLetters(soft.String()), asciiLetters(cons.String())} {
		if a != lat && a != "" && (n == 0 || a != alts[0]) {
			alts[n] = a
			n++
		}
	}
	return lat, n
}

// hebrewSoft are the soft forms of ב, כ, פ, which they take after a vowel
// and which the unpointed letter does not show.
var hebrewSoft = map[rune]string{'ב': "v", 'כ': "kh", 'פ': "f"}

// devanagariLatin reads a Devanagari token by the table, writing back the
// inherent a of a consonant that no vowel sign or virama follows, except
// at the end of the word.
func devanagariLatin(tok string) string {
	var b strings.Builder
	rs := []rune(tok)
	for i, r := range rs {
		if s, ok := devanagariNames[r]; ok {
			b.WriteString(s)
		} else {
			b.WriteString(unidecode.Unidecode(string(r)))
		}
		consonant := r >= 0x0915 && r <= 0x0939 || r >= 0x0958 && r <= 0x095F
		if !consonant || i == len(rs)-1 {
			continue
		}
		next := rs[i+1]
		if next == 0x093C && i+2 < len(rs) {
			next = rs[i+2] // a nukta belongs to the consonant
		} else if next == 0x093C {
			continue
		}
		if next >= 0x093E && next <= 0x094D || next == 0x0962 || next == 0x0963 {
			continue // a vowel sign or the virama
		}
		b.WriteByte('a')
	}
	return asciiLetters(b.String())
}

// georgianNames are the Georgian letters that the table writes in a
// scholarly way (z' for ძ, c for წ, x for ხ) and the national
// romanisation, which passports follow, otherwise: ძ dz (Beridze), წ and ც
// ts, ჩ ch, ხ kh, ღ gh (Kvaratskhelia).
var georgianNames = map[rune]string{'ძ': "dz", 'წ': "ts", 'ც': "ts", 'ჩ': "ch", 'ხ': "kh", 'ღ': "gh"}

// devanagariNames are the letters whose scholarly rendering in the table
// (c, ss for ष, the capital N of the anusvara) is not what names are
// written with: च ch, छ chh, ष sh, and the anusvara n (चौधरी Chaudhary).
var devanagariNames = map[rune]string{'च': "ch", 'छ': "chh", 'ष': "sh", 'ं': "n"}

// koreanSurnames are the commonest Korean surnames with their customary
// passport spellings (NAMES.md 4.11), which the Revised Romanisation does
// not give; a surname without one has none listed.
var koreanSurnames = map[string][]string{
	"이": {"lee", "yi", "rhee"}, "리": {"lee", "ri"}, "박": {"park", "pak"},
	"김": {"kim"}, "최": {"choi", "choe"}, "정": {"jung", "chung", "jeong"},
	"강": {"kang"}, "조": {"cho", "jo"}, "윤": {"yoon", "yun"}, "임": {"lim", "im"},
	"한": {"han"}, "오": {"oh", "o"}, "신": {"shin", "sin"}, "장": {"jang", "chang"},
	"서": {"suh", "seo"}, "권": {"kwon"}, "황": {"hwang"}, "안": {"ahn", "an"},
	"송": {"song"}, "류": {"ryu", "yoo", "yu"}, "유": {"yoo", "yu"}, "전": {"jeon", "chun"},
	"홍": {"hong"}, "문": {"moon", "mun"}, "양": {"yang"}, "손": {"son", "sohn"},
	"배": {"bae"}, "백": {"baek", "paik"}, "노": {"roh", "noh"}, "하": {"ha"},
}

// hangulLatin romanises a Hangul token syllable by syllable, with the
// Revised Romanisation's k, t, p for a final ㄱ, ㄷ, ㅂ; the alternatives
// are a one-syllable surname's customary spellings, or the older voiceless
// initial of the token (g → k, d → t, b → p, j → ch).
func hangulLatin(tok string, alts *[maxAlts]string) (string, int) {
	var b strings.Builder
	for _, r := range tok {
		s := unidecode.Unidecode(string(r))
		if r >= 0xAC00 && r <= 0xD7A3 && (r-0xAC00)%28 != 0 && len(s) > 1 {
			switch s[len(s)-1] {
			case 'g':
				if s[len(s)-2] != 'n' {
					s = s[:len(s)-1] + "k"
				}
			case 'd':
				s = s[:len(s)-1] + "t"
			case 'b':
				s = s[:len(s)-1] + "p"
			}
		}
		b.WriteString(s)
	}
	lat := asciiLetters(b.String())
	n := 0
	if sur, ok := koreanSurnames[tok]; ok {
		for _, s := range sur {
			if n < maxAlts && s != lat {
				alts[n] = s
				n++
			}
		}
		return lat, n
	}
	for _, v := range [...]struct{ from, to string }{{"g", "k"}, {"d", "t"}, {"b", "p"}, {"j", "ch"}} {
		if strings.HasPrefix(lat, v.from) {
			alts[0], n = v.to+lat[len(v.from):], 1
			break
		}
	}
	if strings.HasPrefix(lat, "r") && len(lat) > 1 {
		// An initial ㄹ is r, l or n, or silent before i and y, by region
		// and period (the initial sound law): 림 Rim = Lim, 량 Ryang = Yang,
		// 로 Ro = No.
		alts[0], alts[1], n = "l"+lat[1:], "n"+lat[1:], 2
		if lat[1] == 'y' || lat[1] == 'i' {
			alts[2], n = lat[1:], 3
		}
	}
	return lat, n
}

// splitFamily splits a Han token of two or three characters, or a Hangul
// token of three syllables, into its family name, the first character, and
// its given name, the rest: Chinese and Korean write a person's name
// without a space (王小明 = Wang Xiaoming, 김민준 = Kim Min-jun), and almost
// every surname is one syllable. It returns ok false for other tokens.
func splitFamily(word string, sc Script) (family, given string, ok bool) {
	if sc != Han && sc != Hangul {
		return "", "", false
	}
	n := utf8.RuneCountInString(word)
	_, size := utf8.DecodeRuneInString(word)
	switch {
	case sc == Han && (n == 2 || n == 3), sc == Hangul && n == 3:
		return word[:size], word[size:], true
	}
	return "", "", false
}
