package phonetic

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a name after normalisation, before grouping into
// parts.
type token struct {
	raw    string
	norm   string
	lat    string // canonical Latin
	script Script
	alts   [maxAlts]string
	nalt   int
	caps   bool // written in capitals in a mixed-case name (DIALLO Mamadou)
	hyphen bool // joined to the previous token by a hyphen
	// syllable: joined by a hyphen and written in lower case after it, as
	// the romanised Korean and Chinese given names are (Min-jun, Shu-fen),
	// unlike Western double names (Jean-Luc)
	syllable bool
	slash    bool // followed by a slash: an Ethiopian abbreviation (G/Medhin)
	group    int  // 0 before a comma, 1 after ("SURNAME, Given")
	cls      wordClass
}

// Parse splits a full name into parts with roles. lang is a BCP 47 hint
// ("ar", "so", "ti", "es-MX", …) or "". Without a hint the culture is
// guessed from the script and the spelling. Parse never fails: an empty or
// unreadable name gives a Name without parts.
func Parse(full, lang string) Name {
	toks := tokenize(full)
	culture := detectCulture(toks, lang)
	n := Name{Raw: full, Lang: lang, Culture: culture}
	n.Parts = groupParts(toks, culture)
	assignRoles(&n, toks)
	n.finish()
	return n
}

// Parts mirrors the record schema's name.parts.
type Parts struct {
	Given, Father, Grandfather, Family, SecondFamily, TribeOrClan, Prefix, Middle string
}

// FromParts builds a Name from the record's structured parts, which win
// over parsing: each field keeps its role, and a field of several words is
// grouped like Parse does (Abdul Rahman is one given name). full, if not
// empty, is kept as Raw; it is parsed only when every field is empty.
func FromParts(p Parts, full, lang string) Name {
	fields := [...]struct {
		s    string
		role Role
	}{
		{p.Prefix, Prefix}, {p.Given, Given}, {p.Middle, Middle}, {p.Father, Father},
		{p.Grandfather, Grandfather}, {p.Family, Family}, {p.SecondFamily, SecondFamily},
		{p.TribeOrClan, TribeOrClan},
	}
	var all []token
	for _, f := range fields {
		all = append(all, tokenize(f.s)...)
	}
	if len(all) == 0 {
		return Parse(full, lang)
	}
	culture := detectCulture(all, lang)
	n := Name{Raw: full, Lang: lang, Culture: culture, RolesFromRecord: true}
	for _, f := range fields {
		toks := tokenize(f.s)
		if len(toks) == 0 {
			continue
		}
		parts := groupParts(toks, culture)
		for i := range parts {
			role := f.role
			if role == Given && i > 0 {
				role = Middle
			}
			if parts[i].Role == Prefix && role != Prefix {
				// A title inside the given field stays a title.
				role = Prefix
			}
			parts[i].Role = role
		}
		n.Parts = append(n.Parts, parts...)
	}
	if n.Raw == "" {
		var b strings.Builder
		for _, f := range fields {
			if f.s != "" && f.role != Prefix {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(f.s)
			}
		}
		n.Raw = b.String()
	}
	n.finish()
	return n
}

func tokenize(full string) []token {
	if !utf8.ValidString(full) {
		full = strings.ToValidUTF8(full, " ")
	}
	group := 0
	if i := strings.IndexByte(full, ','); i > 0 && strings.Count(full, ",") == 1 &&
		strings.TrimSpace(full[i+1:]) != "" {
		group = -1 // decided per chunk below
	}
	mixed := hasLower(full)
	var toks []token
	seenComma := false
	for _, chunk := range strings.FieldsFunc(full, func(r rune) bool { return unicode.IsSpace(r) }) {
		g := 0
		if group == -1 && seenComma {
			g = 1
		}
		if strings.HasSuffix(chunk, ",") || strings.Contains(chunk, ",") {
			seenComma = true
		}
		caps := mixed && isCaps(chunk)
		syllables := syllableJoined(chunk)
		norm := Normalize(chunk)
		start := len(toks)
		hyphen := false
		for len(norm) > 0 {
			end := strings.IndexAny(norm, " -/")
			word := norm
			sep := byte(0)
			if end >= 0 {
				word, sep, norm = norm[:end], norm[end], norm[end+1:]
			} else {
				norm = ""
			}
			toks = appendWord(toks, word, caps, hyphen, g)
			if hyphen && syllables && len(toks) > 0 {
				toks[len(toks)-1].syllable = true
			}
			hyphen = sep == '-'
			if sep == '/' && len(toks) > 0 {
				toks[len(toks)-1].slash = true
			}
		}
		if len(toks) == start+1 {
			toks[start].raw = strings.Trim(chunk, ",.;:")
			if strings.ContainsRune(chunk, zwnj) && toks[start].script == Arabic {
				addPiecesReading(&toks[start], chunk)
			}
		}
	}
	if group == -1 && !seenComma {
		for i := range toks {
			toks[i].group = 0
		}
	}
	return toks
}

// appendWord adds one normalised word, splitting the Arabic article and
// the joined ʿabd / abu prefixes that Arabic script writes attached
// (عبدالرحمن = عبد ال رحمن).
func appendWord(toks []token, word string, caps, hyphen bool, group int) []token {
	if word == "" {
		return toks
	}
	sc := DetectScript(word)
	if family, given, ok := splitFamily(word, sc); ok {
		toks = appendToken(toks, family, sc, caps, hyphen, group)
		return appendToken(toks, given, sc, caps, false, group)
	}
	if sc == Arabic {
		for _, pre := range [...]string{"عبد", "ابو"} {
			if strings.HasPrefix(word, pre) && utf8.RuneCountInString(word) > utf8.RuneCountInString(pre)+1 &&
				arabicNames[word] == nil {
				toks = appendToken(toks, pre, sc, caps, hyphen, group)
				word, hyphen = word[len(pre):], true
				break
			}
		}
		if strings.HasPrefix(word, "ال") && utf8.RuneCountInString(word) >= 4 && word != "الله" && arabicNames[word] == nil {
			toks = appendToken(toks, "ال", sc, caps, hyphen, group)
			word, hyphen = word[len("ال"):], true
		}
	}
	return appendToken(toks, word, sc, caps, hyphen, group)
}

func appendToken(toks []token, word string, sc Script, caps, hyphen bool, group int) []token {
	t := token{raw: word, norm: word, script: sc, caps: caps, hyphen: hyphen, group: group}
	if word == "ال" {
		t.lat = "al"
	} else {
		t.lat, t.nalt = transliterate(word, sc, &t.alts)
	}
	t.cls = classify(t.lat)
	return append(toks, t)
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// isCaps reports whether a word of at least two letters is all capitals.
func isCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters >= 2
}

// groupParts joins the tokens that form one name unit and attaches
// particles to the name they introduce.
func groupParts(toks []token, culture Culture) []Part {
	parts := make([]Part, 0, len(toks))
	lead := true // only titles seen so far
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		lat, cls := t.lat, t.cls
		rest := len(toks) - i - 1
		next := func(k int) *token {
			if i+k < len(toks) {
				return &toks[i+k]
			}
			return nil
		}
		switch {
		case lead && cls&clsTitle != 0 && rest >= 2:
			p := newPart(t.raw, lat, t.script)
			p.Role = Prefix
			parts = append(parts, p)
			continue
		case lead && (lat == "el" || lat == "al") && rest >= 3 && next(1).cls&clsTitle != 0:
			p := newPart(t.raw+" "+next(1).raw, lat+next(1).lat, t.script)
			p.Role = Prefix
			parts = append(parts, p)
			i++
			continue
		}
		lead = false

		// ʿAbd + [article] + divine name, and Abu / Umm + name: one unit.
		if n1 := next(1); n1 != nil && (cls&clsAbd != 0 && (lat != "abdou" && lat != "abdu" || isDivineStart(toks[i+1:])) || cls&clsKunya != 0) {
			k := 1
			if isArticle(n1) && next(2) != nil {
				k = 2
			}
			parts = append(parts, joinTokens(toks[i:i+k+1], compoundLatin(toks[i:i+k+1])))
			i += k
			continue
		}
		// Ethiopian slash abbreviations: G/Medhin = Gebremedhin.
		if t.slash && cls&clsSlash != 0 && next(1) != nil {
			exp := slashAbbreviations[lat]
			p := joinTokens(toks[i:i+2], exp[0]+next(1).lat)
			p.Abbrev = true
			for _, e := range exp[1:] {
				p.written.alts = append(p.written.alts, e+next(1).lat)
			}
			parts = append(parts, p)
			i++
			continue
		}
		// A romanised Korean or Chinese given name written in syllables is
		// one name: Min-jun = Minjun = 민준.
		// (Un, like -ud- in Nur-ud-din, may be an assimilated article, but
		// not at the end of the word.)
		if n1 := next(1); n1 != nil && n1.syllable && t.script == Latin &&
			cls&(clsArticle|clsAssimilated|clsAbd|clsKunya|clsRelation|clsGeezPrefix|clsTitle) == 0 &&
			(n1.cls == 0 || n1.cls == clsAssimilated && (next(2) == nil || !next(2).hyphen)) {
			parts = append(parts, joinTokens(toks[i:i+2], lat+n1.lat))
			i++
			continue
		}
		// Ge'ez theophoric compounds written apart or hyphenated.
		if n1 := next(1); n1 != nil && cls&clsGeezPrefix != 0 && (n1.hyphen || n1.cls&clsGeezSuffix != 0) {
			parts = append(parts, joinTokens(toks[i:i+2], lat+n1.lat))
			i++
			continue
		}
		// -ud-din and -ullah: Nur al-Din, Noor-ud-Din, Habib Allah.
		if k := dinAllahLen(toks[i+1:]); k > 0 && cls&(clsWestern|clsArticle|clsRelation) == 0 {
			parts = append(parts, joinTokens(toks[i:i+k+1], compoundLatin(toks[i:i+k+1])))
			i += k
			continue
		}
		// Persian surname morphemes: Ahmadi-Nejad, Hossein Zadeh.
		if n1 := next(1); n1 != nil && n1.cls&clsPersian != 0 && (n1.hyphen || len(n1.lat) >= 4) {
			parts = append(parts, joinTokens(toks[i:i+2], lat+n1.lat))
			i++
			continue
		}
		// Particles and relation markers attach to the next name.
		if rest > 0 && !(culture == CultureVietnamese && cls&clsVietMiddle != 0) && (isArticle(t) || cls&clsRelation != 0 && i > 0 || cls&clsWestern != 0 && (i > 0 || t.group == 0 && toks[len(toks)-1].group == 1)) {
			j := i
			for j-i < 2 && j+2 < len(toks) && (toks[j+1].cls&clsWestern != 0 || isArticle(&toks[j+1])) {
				j++
			}
			if j+1 < len(toks) {
				p := toks[j+1]
				part := joinTokens(toks[j+1:j+2], p.lat)
				var pb strings.Builder
				for _, x := range toks[i : j+1] {
					if pb.Len() > 0 {
						pb.WriteByte(' ')
					}
					pb.WriteString(x.lat)
				}
				part.written.particle = pb.String()
				part.written.raw = joinRaw(toks[i : j+2])
				if cls&clsRelation != 0 {
					part.Role = Father
				}
				parts = append(parts, part)
				i = j + 1
				continue
			}
		}
		if cls&clsSpanishJoiner != 0 && i > 0 && rest > 0 && (culture == CultureSpanish || culture == CulturePortuguese || lat == "y") {
			continue
		}
		p := joinTokens(toks[i:i+1], lat)
		if cls&clsAbbrev != 0 {
			p.Latin, p.Abbrev = abbreviations[lat], true
		} else if len(lat) == 1 && t.script == Latin {
			p.Initial = true
		}
		parts = append(parts, p)
	}
	return parts
}

func isArticle(t *token) bool {
	return t.cls&clsArticle != 0 || t.cls&clsAssimilated != 0 && t.hyphen
}

// isDivineStart reports whether the tokens start with an article or a
// divine name, which makes a standalone Abdou / Abdu a compound.
func isDivineStart(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	return toks[0].cls&(clsArticle|clsAssimilated|clsDivine) != 0
}

// dinAllahLen returns how many of the following tokens complete an -ud-din
// or -ullah compound (Nur al-Din: 2, Habib Allah: 1), or 0.
func dinAllahLen(rest []token) int {
	if len(rest) == 0 {
		return 0
	}
	if rest[0].cls&(clsDin|clsAllah) != 0 {
		return 1
	}
	if len(rest) >= 2 && rest[0].cls&(clsArticle|clsAssimilated) != 0 && rest[1].cls&clsDin != 0 {
		return 2
	}
	return 0
}

// compoundLatin spells a compound the way it is most often written joined:
// Abd + al + Rahman → abdulrahman is left to Fold; the Latin keeps each
// written piece, so Abd al-Rahman stays recognisable as abdalrahman.
func compoundLatin(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.lat)
	}
	return b.String()
}

func joinRaw(toks []token) string {
	if len(toks) == 1 {
		return toks[0].raw
	}
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.raw)
	}
	return b.String()
}

// joinTokens makes one part from tokens, with lat as its Latin form. The
// alternative spellings of a single token carry over.
func joinTokens(toks []token, lat string) Part {
	p := newPart(joinRaw(toks), lat, toks[0].script)
	w := p.written
	if len(toks) == 1 {
		w.alts = append(w.alts, toks[0].alts[:toks[0].nalt]...)
		if toks[0].caps {
			p.Role = Family
		}
	} else {
		// Alternatives of a compound vary one piece at a time.
		for k, t := range toks {
			for _, a := range t.alts[:t.nalt] {
				var b strings.Builder
				for m, u := range toks {
					if m == k {
						b.WriteString(a)
					} else {
						b.WriteString(u.lat)
					}
				}
				w.alts = append(w.alts, b.String())
			}
		}
	}
	if len(w.alts) > maxAlts {
		w.alts = w.alts[:maxAlts]
	}
	return p
}

// syllableJoined reports whether a chunk is a capitalised word with hyphens,
// each followed by a lower-case letter: Min-jun, Shu-fen, Ji-ho. Only the
// romanisations of Korean and Chinese given names are written so.
func syllableJoined(chunk string) bool {
	first, _ := utf8.DecodeRuneInString(chunk)
	if !unicode.IsUpper(first) || !strings.Contains(chunk, "-") {
		return false
	}
	for i := strings.IndexByte(chunk, '-'); i >= 0; {
		next, _ := utf8.DecodeRuneInString(chunk[i+1:])
		if !unicode.IsLower(next) {
			return false
		}
		j := strings.IndexByte(chunk[i+1:], '-')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return true
}

// zwnj is the zero-width non-joiner, which Persian writes inside compounds
// (علی‌رضا, پزشک‌فر).
const zwnj = '\u200c'

// addPiecesReading gives a token written with a ZWNJ the reading of its
// pieces as an alternative: the ZWNJ is deleted for the key, but it is a
// possible token boundary (NAMES.md 4.4), and each piece may be a name the
// table knows (علی‌رضا = Ali + Reza = Alireza), which the whole is not.
func addPiecesReading(t *token, chunk string) {
	var b strings.Builder
	var buf [maxAlts]string
	for piece := range strings.SplitSeq(chunk, string(zwnj)) {
		lat, _ := transliterate(Normalize(piece), Arabic, &buf)
		b.WriteString(lat)
	}
	joined := b.String()
	if joined == "" || joined == t.lat {
		return
	}
	for _, a := range t.alts[:t.nalt] {
		if a == joined {
			return
		}
	}
	// First among the alternatives: the table's reading of known names is
	// likelier than the letter-by-letter spelling of the whole.
	n := min(t.nalt+1, maxAlts)
	copy(t.alts[1:n], t.alts[:n-1])
	t.alts[0], t.nalt = joined, n
}
