package phonetic

import "strings"

// cultureOfLang maps the primary subtag of a BCP 47 hint to a culture.
var cultureOfLang = map[string]Culture{
	"ar": CultureArabic, "arz": CultureArabic, "apd": CultureArabic, "ary": CultureArabic,
	"so": CultureSomali,
	"ti": CultureHabesha, "am": CultureHabesha, "tig": CultureHabesha, "gez": CultureHabesha,
	"ku": CultureKurdish, "ckb": CultureKurdish, "kmr": CultureKurdish, "sdh": CultureKurdish,
	"fa": CultureAfghan, "prs": CultureAfghan, "ps": CultureAfghan, "pus": CultureAfghan,
	"ur": CultureSouthAsian, "bn": CultureSouthAsian, "hi": CultureSouthAsian, "pa": CultureSouthAsian,
	"es": CultureSpanish, "pt": CulturePortuguese, "vi": CultureVietnamese,
	"zh": CultureEastAsian, "ko": CultureEastAsian, "ja": CultureEastAsian,
	"fr": CultureWestAfrican, "wo": CultureWestAfrican, "ff": CultureWestAfrican,
	"bm": CultureWestAfrican, "snk": CultureWestAfrican, "ha": CultureWestAfrican,
	"mos": CultureWestAfrican, "man": CultureWestAfrican, "mnk": CultureWestAfrican,
	"en": CultureWestern, "de": CultureWestern, "it": CultureWestern, "nl": CultureWestern,
	"ru": CultureWestern, "uk": CultureWestern, "el": CultureWestern, "tr": CultureWestern,
}

// Spelling markers used when there is no language hint.
var (
	habeshaMarkers = map[string]bool{
		"tesfay": true, "tesfaye": true, "tesfai": true, "yohannes": true, "kahsay": true,
		"girmay": true, "haftom": true, "mebrahtu": true, "teklay": true, "berhe": true,
		"kiros": true, "mehari": true, "semere": true, "negasi": true, "hagos": true,
		"tsegay": true, "tsegaye": true, "abrham": true, "weldu": true, "gebru": true,
		"hailu": true, "desta": true, "kidane": true, "asmerom": true, "zerai": true,
		"alem": true, "tewelde": true, "fitsum": true, "yonas": true, "habtom": true,
	}
	westAfricanMarkers = map[string]bool{
		"diallo": true, "jallow": true, "jalloh": true, "bah": true, "barry": true,
		"sow": true, "balde": true, "ndiaye": true, "njie": true, "diop": true,
		"jobe": true, "cisse": true, "ceesay": true, "toure": true, "traore": true,
		"keita": true, "camara": true, "kamara": true, "coulibaly": true, "konate": true,
		"sawadogo": true, "ouedraogo": true, "sanneh": true, "bojang": true,
		"mamadou": true, "amadou": true, "ousmane": true, "boubacar": true,
		"abdoulaye": true, "fatoumata": true, "aissatou": true, "mariama": true,
		"momodou": true, "lamin": true, "lamine": true, "ibrahima": true,
		"souleymane": true, "seydou": true, "moussa": true, "sekou": true,
	}
)

// arabicMarkers are folded keys of frequent Arabic-origin names; a name
// made of them is taken to follow the nasab order (given, father,
// grandfather). Folded at start-up from the Latin list so that every
// spelling in the class counts.
var arabicMarkers = foldSet(
	"mohamed", "ahmed", "ali", "hassan", "hussein", "omar", "osman", "ibrahim",
	"yusuf", "mahmoud", "mustafa", "khaled", "abdallah", "salah", "saleh",
	"hamid", "ismail", "adam", "idris", "yahya", "musa", "issa", "jamal",
	"karim", "nasser", "said", "tariq", "fatima", "aisha", "khadija", "zainab",
	"mariam", "amina", "halima", "suleiman", "abdelrahman", "abdelaziz",
	"hamza", "bilal", "anwar", "faisal", "hussain", "yasin", "younes", "idriss",
	"mahdi", "murad", "nabil", "rashid", "sami", "tahir", "walid", "yassin",
)

var divineNames = foldSet(
	"rahman", "rahim", "aziz", "karim", "qadir", "kader", "salam", "majid",
	"hamid", "latif", "wahab", "razzaq", "razak", "ghani", "hadi", "nasser",
	"nasir", "jabbar", "malik", "halim", "hakim", "fattah", "sattar", "hafiz",
	"wahid", "basit", "jalil", "qayyum", "allah", "lahi", "laye", "rahmane",
	"rashid", "rasheed", "rauf", "samad", "wadud", "ghafur", "ghaffar", "mannan",
	"haq", "haqq", "nur", "nour", "quddus", "mumin", "muhsin", "mutalib",
)

func foldSet(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[Fold(n)] = true
	}
	return m
}

// detectCulture uses the language hint, then the script of the tokens,
// then spelling markers. Somali spelling (x for ḥ, c for ʿ, doubled
// vowels) and Ge'ez compounds are distinctive; Arabic-origin given names
// are shared by many cultures and only tip the balance to nasab order.
func detectCulture(toks []token, lang string) Culture {
	if lang != "" {
		primary := strings.ToLower(lang)
		if i := strings.IndexAny(primary, "-_"); i >= 0 {
			primary = primary[:i]
		}
		if c, ok := cultureOfLang[primary]; ok {
			return c
		}
	}
	var arabicScript, ethiopic, bengali, eastAsian, somali, longVowels, habesha, westAfrican, arabic, vietnamese int
	for i := range toks {
		t := &toks[i]
		switch t.script {
		case Han, Hangul, Kana:
			eastAsian++
			continue
		case Arabic:
			arabicScript++
			continue
		case Ethiopic:
			ethiopic++
			continue
		case Bengali:
			bengali++
			continue
		}
		if t.script != Latin {
			continue
		}
		lat, cls := t.lat, t.cls
		if somaliSpelling(lat) {
			somali++
		}
		if strings.Contains(lat, "aa") || strings.Contains(lat, "uu") || strings.Contains(lat, "ii") {
			longVowels++
		}
		if cls&(clsHabesha|clsGeezPrefix) != 0 || hasGeezPrefix(lat) {
			habesha++
		}
		if cls&clsWestAfrican != 0 {
			westAfrican++
		}
		if cls&(clsArabicName|clsAbd) != 0 || strings.HasPrefix(lat, "abd") {
			arabic++
		}
		if cls&clsVietSurname != 0 && (i == 0 || i == len(toks)-1) || cls&clsVietMiddle != 0 && len(toks) >= 3 {
			vietnamese++
		}
	}
	switch {
	case ethiopic > 0:
		return CultureHabesha
	case arabicScript > 0:
		return CultureArabic
	case bengali > 0:
		return CultureSouthAsian
	case eastAsian > 0:
		return CultureEastAsian
	case somali > 0 || longVowels >= 2:
		return CultureSomali
	case habesha > 0:
		return CultureHabesha
	case vietnamese >= 2:
		return CultureVietnamese
	case westAfrican > 0:
		return CultureWestAfrican
	case arabic > 0:
		return CultureArabic
	}
	return CultureUnknown
}

// somaliSpelling reports the marks of Somali Latin orthography: x for ḥ
// (Maxamed, Xasan), c for ʿ before a consonant or at the start of a known
// pattern (Cabdi, Cumar, Cali), or a doubled long vowel next to a c
// (Cabdullaahi). Doubled vowels alone count only when two tokens have them.
func somaliSpelling(lat string) bool {
	for i := 0; i < len(lat); i++ {
		switch lat[i] {
		case 'x':
			if i > 0 && i+1 < len(lat) && isVowel(lat[i+1]) || i == 0 && len(lat) > 2 && isVowel(lat[1]) {
				return true
			}
		case 'c':
			if i+1 < len(lat) && lat[i+1] != 'h' && lat[i+1] != 'k' && !isVowel(lat[i+1]) {
				return true
			}
		}
	}
	return strings.HasPrefix(lat, "cabd") || strings.HasPrefix(lat, "cumar") || strings.HasPrefix(lat, "cali") ||
		(strings.Contains(lat, "aa") || strings.Contains(lat, "uu") || strings.Contains(lat, "ii")) && strings.Contains(lat, "c")
}

func hasGeezPrefix(lat string) bool {
	for _, p := range [...]string{"gebre", "ghebre", "wolde", "welde", "haile", "tekle", "habte", "tesfa"} {
		if strings.HasPrefix(lat, p) && len(lat) > len(p)+2 {
			return true
		}
	}
	return false
}

// assignRoles gives each compared part a role from the culture's order,
// keeping the roles already known: capitals (DIALLO Mamadou), relation
// markers (bin X), the comma of "SURNAME, Given".
func assignRoles(n *Name, toks []token) {
	core := make([]int, 0, len(n.Parts))
	for i := range n.Parts {
		if n.Parts[i].Role != Prefix {
			core = append(core, i)
		}
	}
	if len(core) == 0 {
		return
	}
	set := func(k int, r Role) { n.Parts[core[k]].Role = r }

	// SURNAME, Given: parts before the comma are family names.
	if len(toks) > 0 && toks[len(toks)-1].group == 1 && toks[0].group == 0 {
		for k := range core {
			n.Parts[core[k]].Role = Unknown
		}
		before := 0
		for _, t := range toks {
			if t.group == 0 {
				before++
			}
		}
		// Parts were grouped from the same tokens in order; count parts by
		// their first token's group.
		fam, giv := 0, 0
		seen := 0
		for k := range core {
			if seen < before {
				if fam == 0 {
					set(k, Family)
				} else {
					set(k, SecondFamily)
				}
				fam++
			} else {
				if giv == 0 {
					set(k, Given)
				} else {
					set(k, Middle)
				}
				giv++
			}
			seen += strings.Count(n.Parts[core[k]].Raw(), " ") + 1
		}
		return
	}

	// Capitals mark the family name in Francophone administrative order.
	caps := 0
	for _, k := range core {
		if n.Parts[k].Role == Family {
			caps++
		}
	}
	if caps > 0 && caps < len(core) {
		giv := 0
		for k := range core {
			if n.Parts[core[k]].Role == Family {
				continue
			}
			if giv == 0 {
				set(k, Given)
			} else {
				set(k, Middle)
			}
			giv++
		}
		return
	}
	for k := range core {
		if n.Parts[core[k]].Role != Father {
			set(k, Unknown)
		}
	}

	m := len(core)
	c := n.Culture
	switch {
	case c.patronymic():
		lineage := [...]Role{Given, Father, Grandfather}
		for k := range core {
			p := &n.Parts[core[k]]
			switch {
			case k < len(lineage):
				p.Role = lineage[k]
			case k == m-1 && (p.Particle() == "al" || p.Particle() == "el"):
				// The nisba or family name closes the chain (al-Masri).
				p.Role = Family
			default:
				p.Role = Unknown
			}
		}
		if m >= 2 && m <= 3 {
			last := &n.Parts[core[m-1]]
			if pt := last.Particle(); pt == "al" || pt == "el" {
				last.Role = Family
			}
		}
	case c == CultureSpanish || c == CulturePortuguese:
		set(0, Given)
		switch {
		case m == 2:
			set(1, Family)
		case m >= 3:
			for k := 1; k < m-2; k++ {
				set(k, Middle)
			}
			if c == CultureSpanish {
				set(m-2, Family)
				set(m-1, SecondFamily)
			} else {
				set(m-2, SecondFamily)
				set(m-1, Family)
			}
		}
	case c == CultureVietnamese || c == CultureEastAsian:
		fam := 0
		if c == CultureVietnamese && m > 1 && !vietnameseSurnames[n.Parts[core[0]].Latin] && vietnameseSurnames[n.Parts[core[m-1]].Latin] {
			fam = m - 1
		}
		if m == 1 {
			set(0, Given)
			return
		}
		set(fam, Family)
		if fam == 0 {
			set(m-1, Given)
			for k := 1; k < m-1; k++ {
				set(k, Middle)
			}
		} else {
			set(0, Given)
			for k := 1; k < m-1; k++ {
				set(k, Middle)
			}
		}
	default:
		set(0, Given)
		if m > 1 {
			set(m-1, Family)
		}
		for k := 1; k < m-1; k++ {
			set(k, Middle)
		}
	}
}
