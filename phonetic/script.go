package phonetic

// Script is the writing system of a token, detected per token because one
// record can mix them ("محمد Ali").
type Script uint8

// Scripts the package tells apart. Other covers everything it does not
// transliterate (Han, Hangul, Devanagari, …): such tokens keep their native
// form and get no phonetic keys.
const (
	ScriptNone Script = iota
	Latin
	Arabic
	Ethiopic
	Bengali
	Cyrillic
	Greek
	Other
)

var scriptNames = [...]string{"none", "latin", "arabic", "ethiopic", "bengali", "cyrillic", "greek", "other"}

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
	}
	return Other
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
