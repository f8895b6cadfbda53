package phonetic

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// foldCasers pools case folders: a cases.Caser keeps state between calls and
// must not be shared by goroutines.
var foldCasers = sync.Pool{New: func() any { c := cases.Fold(); return &c }}

// Normalize returns the comparison form of a name as written: Unicode NFKC,
// full case folding, format characters, tatweel and apostrophes deleted,
// diacritics removed from Latin, Greek, Arabic and Hebrew letters (but kept
// where they are part of the letter, as in Cyrillic й or Bengali vowel
// signs), the Arabic-script letter variants of Persian, Pashto, Urdu and
// Sorani folded together (NAMES.md 4.2), punctuation turned into spaces and
// hyphens and slashes kept as joiners between two tokens. Tokens are separated
// by single spaces. Normalize is idempotent and accepts any byte string,
// including invalid UTF-8, whose bad bytes it drops.
func Normalize(s string) string {
	if isPlainASCII(s) {
		return normalizeASCII(s)
	}
	if out, ok := normalizeTable(s); ok {
		return out
	}
	out := normalizePass(s)
	// One pass is a fixed point for every input we know of; the second pass is
	// a cheap guard against a composition that only appears after folding.
	if again := normalizePass(out); again != out {
		return again
	}
	return out
}

// isPlainASCII reports whether s is ASCII without control characters, for
// which NFKC and case folding reduce to lower-casing.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c < ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

func normalizeASCII(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	w := tokenWriter{b: &b}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			w.letter(rune(c + 'a' - 'A'))
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			w.letter(rune(c))
		case c == '\'' || c == '`':
			// Apostrophes are deleted so that Sa'id = Said and N'Diaye = Ndiaye.
		case c == '-' || c == '/':
			w.joiner(rune(c))
		default:
			w.space()
		}
	}
	return b.String()
}

// runeEntry is what normalisation does to one rune in isolation.
type runeEntry struct {
	kind  uint8  // entryLetters, entryDelete, entrySpace or entryJoiner
	out   string // the letters, for entryLetters
	joint rune   // the joiner, for entryJoiner
}

const (
	entryLetters = iota + 1
	entryDelete
	entrySpace
	entryJoiner
)

// runeTable caches, for the runes of the scripts met most (Latin with
// diacritics, Vietnamese, Arabic, Cyrillic, Greek, Ethiopic), the result of
// the x/text pipeline applied to that rune alone. It is filled at start-up
// by normalizePass itself, so it holds no hand-written mapping; a string
// made only of such runes is normalised by lookup, which is exact because
// none of them composes with its neighbours.
var runeTable = buildRuneTable()

func buildRuneTable() map[rune]runeEntry {
	ranges := [][2]rune{{0x80, 0x250}, {0x370, 0x530}, {0x600, 0x700}, {0x1200, 0x1380}, {0x1E00, 0x2000}, {0x2000, 0x2070}}
	t := make(map[rune]runeEntry, 2048)
	for _, rg := range ranges {
		for r := rg[0]; r < rg[1]; r++ {
			if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Mc, r) {
				continue // marks depend on their base: left to the full pipeline
			}
			out := normalizePass(string(r))
			switch {
			case out == "":
				// Deleted or a separator: tell them apart with a letter on
				// each side.
				joined := normalizePass("a" + string(r) + "b")
				switch joined {
				case "ab":
					t[r] = runeEntry{kind: entryDelete}
				case "a b":
					t[r] = runeEntry{kind: entrySpace}
				case "a-b", "a/b":
					t[r] = runeEntry{kind: entryJoiner, joint: rune(joined[1])}
				}
			case onlyLetters(out):
				t[r] = runeEntry{kind: entryLetters, out: out}
			}
		}
	}
	return t
}

// onlyLetters reports whether s has only letters and digits, none of them
// a combining mark that could attach to a neighbour.
func onlyLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// normalizeTable normalises s by rune lookup, or reports false when s has
// a rune outside the table.
func normalizeTable(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	w := tokenWriter{b: &b}
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case r >= 'A' && r <= 'Z':
				w.letter(r + 'a' - 'A')
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				w.letter(r)
			case r == '\'' || r == '`':
			case r == '-' || r == '/':
				w.joiner(r)
			default:
				w.space()
			}
			continue
		}
		e, ok := runeTable[r]
		if !ok {
			return "", false
		}
		switch e.kind {
		case entryLetters:
			for _, x := range e.out {
				w.letter(x)
			}
		case entrySpace:
			w.space()
		case entryJoiner:
			w.joiner(e.joint)
		}
	}
	return b.String(), true
}

func normalizePass(s string) string {
	s = strings.Map(dropApostrophe, s)
	s = norm.NFKC.String(s)
	c := foldCasers.Get().(*cases.Caser)
	s = c.String(s)
	foldCasers.Put(c)
	s = norm.NFD.String(s)

	var b strings.Builder
	b.Grow(len(s))
	w := tokenWriter{b: &b}
	stripMarks := true
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			// Invalid bytes carry no name.
		case unicode.Is(unicode.Mn, r):
			if !stripMarks {
				w.mark(r)
			}
		case r == 0x0640 || r == 0x0621 || unicode.Is(unicode.Cf, r) || dropApostrophe(r) < 0:
			// Tatweel, bare hamza and format characters (ZWNJ, ZWJ, LRM,
			// RLM, ALM, BOM) are deleted, and so are apostrophes that NFKC
			// produced from other characters.
		case unicode.IsLetter(r) || unicode.Is(unicode.Mc, r):
			if rep, ok := letterFold[r]; ok {
				for _, x := range rep {
					w.letter(x)
				}
			} else {
				w.letter(r)
			}
			stripMarks = marksAreDiacritics(r)
		case unicode.IsDigit(r):
			w.letter(digitFold(r))
			stripMarks = true
		case r == '/' || unicode.Is(unicode.Pd, r):
			w.joiner(joinerOf(r))
		default:
			w.space()
		}
	}
	return norm.NFC.String(b.String())
}

func dropApostrophe(r rune) rune {
	switch r {
	case '\'', '`', 0x00B4, 0x2018, 0x2019, 0x201B, 0x2032, 0x02BC, 0x02BB,
		0x02BF, 0x02BE, 0x02B9, 0x02C8, 0xFF07:
		return -1
	}
	return r
}

func joinerOf(r rune) rune {
	if r == '/' {
		return '/'
	}
	return '-'
}

// marksAreDiacritics reports whether combining marks after r are accents to
// drop (Latin, Greek, Arabic harakat, Hebrew points) rather than part of the
// letter (Cyrillic й, Indic vowel signs).
func marksAreDiacritics(r rune) bool {
	switch {
	case r < 0x0370: // Latin and IPA
		return true
	case r < 0x0400: // Greek
		return true
	case r < 0x0590: // Cyrillic, Armenian
		return false
	case r < 0x0900: // Hebrew, Arabic, Syriac, Thaana
		return true
	case r >= 0x1E00 && r < 0x2000: // Latin and Greek extended
		return true
	case r >= 0x1200 && r < 0x13A0: // Ethiopic
		return true
	}
	return false
}

func digitFold(r rune) rune {
	switch {
	case r >= 0x0660 && r <= 0x0669:
		return '0' + r - 0x0660
	case r >= 0x06F0 && r <= 0x06F9:
		return '0' + r - 0x06F0
	case r >= 0x09E6 && r <= 0x09EF:
		return '0' + r - 0x09E6
	}
	return r
}

// letterFold holds the letters that NFD does not decompose (NAMES.md 4.1.3)
// and the Arabic-script letter variants folded per NAMES.md 4.2. Gaf (گ) and
// Pashto ګ stay distinct in the native form; transliteration maps them to g.
var letterFold = map[rune][]rune{
	'đ': {'d'}, 'ø': {'o'}, 'ł': {'l'}, 'ı': {'i'}, 'æ': {'a', 'e'},
	'œ': {'o', 'e'}, 'þ': {'t', 'h'}, 'ð': {'d'}, 'ŋ': {'n', 'g'}, 'ə': {'a'},
	'ɓ': {'b'}, 'ɗ': {'d'}, 'ƙ': {'k'}, 'ƴ': {'y'}, 'ħ': {'h'}, 'ŧ': {'t'},
	'ɛ': {'e'}, 'ɔ': {'o'}, 'ɲ': {'n', 'y'}, 'ʃ': {'s', 'h'}, 'ʒ': {'z', 'h'},
	// Arabic alef forms (hamza and madda seats decompose under NFD).
	'ٱ': {'ا'},
	// Yeh forms.
	'ى': {'ي'}, 'ی': {'ي'}, 'ې': {'ي'}, 'ۍ': {'ي'}, 'ے': {'ي'}, 'ێ': {'ي'},
	// Kaf, heh and teh marbuta.
	'ک': {'ك'}, 'ة': {'ه'}, 'ۀ': {'ه'}, 'ہ': {'ه'}, 'ە': {'ه'}, 'ھ': {'ه'},
	// Pashto.
	'ټ': {'ت'}, 'ډ': {'د'}, 'ړ': {'ر'}, 'ږ': {'ز'}, 'ښ': {'ش'}, 'ڼ': {'ن'},
	// Sorani.
	'ڕ': {'ر'}, 'ڵ': {'ل'}, 'ۆ': {'و'},
}

// tokenWriter emits tokens separated by single spaces, with a joiner kept
// only between two token characters.
type tokenWriter struct {
	b       *strings.Builder
	inToken bool // the last rune written was a token character
	sep     bool // a space is pending before the next token character
	join    rune // a joiner is pending before the next token character
}

func (w *tokenWriter) letter(r rune) {
	switch {
	case w.join != 0 && w.inToken:
		w.b.WriteRune(w.join)
	case w.sep && w.b.Len() > 0:
		w.b.WriteByte(' ')
	}
	w.join, w.sep = 0, false
	w.b.WriteRune(r)
	w.inToken = true
}

// mark writes a combining mark kept with its letter.
func (w *tokenWriter) mark(r rune) {
	if w.inToken && w.join == 0 && !w.sep {
		w.b.WriteRune(r)
	}
}

func (w *tokenWriter) joiner(r rune) {
	if !w.inToken {
		return
	}
	// A slash abbreviation ("G/ Medhin") keeps its slash across spaces; a
	// hyphen after a space is just a separator.
	if w.sep && r != '/' {
		return
	}
	if w.join != '/' {
		w.join = r
	}
}

func (w *tokenWriter) space() {
	if w.inToken {
		w.sep = true
	}
}
