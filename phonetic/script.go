package phonetic

import "unicode"

// Script is the writing system of a token, detected per token because one
// record can mix them ("محمد Ali").
type Script uint8

// Scripts the package tells apart. Latin, Arabic, Ethiopic, Bengali,
// Cyrillic and Greek have transliteration rules of their own. Hebrew,
// Devanagari, Hangul, Kana and Han are romanised by the general tables
// (unidecode, pinyin for Han) with a few rules of ours on top (see
// fallbackLatin); Other covers every remaining script (Armenian, Georgian,
// Thai, Khmer, …), romanised by the general table alone. The values are
// encoded in four bits (codec.go): new scripts go at the end.
const (
	ScriptNone Script = iota
	Latin
	Arabic
	Ethiopic
	Bengali
	Cyrillic
	Greek
	Other
	Hebrew
	Devanagari
	Hangul
	Kana
	Han
)

// lastScript is the greatest Script value, for decoding.
const lastScript = Han

var scriptNames = [...]string{"none", "latin", "arabic", "ethiopic", "bengali", "cyrillic", "greek", "other",
	"hebrew", "devanagari", "hangul", "kana", "han"}

// String returns the lower-case name of the script.
func (s Script) String() string {
	if int(s) < len(scriptNames) {
		return scriptNames[s]
	}
	return "other"
}

// scriptOfRune returns the script of a letter, or ScriptNone for digits,
// marks and punctuation.
func scriptOfRune(r rune) Script {
	switch {
	case r < 0x80:
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return Latin
		}
		return ScriptNone
	case r >= 0x00C0 && r < 0x0300, r >= 0x1E00 && r < 0x1F00:
		return Latin
	case r >= 0x0370 && r < 0x0400, r >= 0x1F00 && r < 0x2000:
		return Greek
	case r >= 0x0400 && r < 0x0530:
		return Cyrillic
	case r >= 0x0600 && r < 0x0700, r >= 0x0750 && r < 0x0780, r >= 0x08A0 && r < 0x0900,
		r >= 0xFB50 && r < 0xFE00, r >= 0xFE70 && r < 0xFF00:
		if r >= 0x064B && r <= 0x065F || r >= 0x0660 && r <= 0x0669 || r >= 0x06F0 && r <= 0x06F9 {
			return ScriptNone
		}
		return Arabic
	case r >= 0x1200 && r < 0x13A0, r >= 0x2D80 && r < 0x2DE0, r >= 0xAB00 && r < 0xAB30:
		if r >= 0x135D && r <= 0x137F {
			return ScriptNone
		}
		return Ethiopic
	case r >= 0x0980 && r < 0x0A00:
		if r >= 0x09E6 && r <= 0x09EF {
			return ScriptNone
		}
		return Bengali
	case r >= 0x0590 && r < 0x0600, r >= 0xFB1D && r < 0xFB50:
		if r < 0x05D0 {
			return ScriptNone // points and cantillation marks
		}
		return Hebrew
	case r >= 0x0900 && r < 0x0980, r >= 0xA8E0 && r < 0xA900:
		if r >= 0x0966 && r <= 0x096F {
			return ScriptNone
		}
		return Devanagari
	case r >= 0xAC00 && r < 0xD7B0, r >= 0x1100 && r < 0x1200, r >= 0x3130 && r < 0x3190:
		return Hangul
	case r >= 0x3040 && r < 0x3100, r >= 0x31F0 && r < 0x3200, r >= 0xFF66 && r < 0xFFA0:
		return Kana
	case r >= 0x4E00 && r < 0xA000, r >= 0x3400 && r < 0x4DC0, r >= 0x20000 && r < 0x2CEB0,
		r >= 0xF900 && r < 0xFB00:
		return Han
	case unicode.IsDigit(r) || !unicode.IsLetter(r):
		return ScriptNone
	}
	return Other
}

// vowelsWritten reports whether a romanisation of the script writes every
// vowel, as Latin, Cyrillic, Greek, Hangul, Kana, pinyin and the general
// table's romanisation of alphabets (Armenian, Georgian) do. Abjads
// (Arabic, Hebrew) leave short vowels out, and Ge'ez, Bengali and
// Devanagari spellings are ambiguous about theirs: between those, a shared
// consonant skeleton is evidence enough for a phonetic agreement, between
// fully written spellings it is not (Compare then also asks for close
// spellings).
func (s Script) vowelsWritten() bool {
	switch s {
	case Arabic, Hebrew, Ethiopic, Bengali, Devanagari:
		return false
	}
	return true
}

// DetectScript returns the script of the first letter of a token.
func DetectScript(token string) Script {
	for _, r := range token {
		if s := scriptOfRune(r); s != ScriptNone {
			return s
		}
	}
	return ScriptNone
}
