package phonetic

import "strings"

// The word lists below encode NAMES.md; keys are normalised Latin spellings
// (lower case, no diacritics, apostrophes removed).

// articles are the Arabic article and its sun-letter assimilations, written
// apart or hyphenated (al-Masri, el Sayed, Abd ar-Rahman). The short
// assimilated forms only count as articles when hyphenated or inside a
// compound, since "As" or "An" alone may be a name.
var articles = map[string]bool{"al": true, "el": true, "ul": true, "il": true, "ol": true}

var assimilatedArticles = map[string]bool{
	"ad": true, "an": true, "ar": true, "as": true, "at": true, "az": true,
	"ash": true, "ed": true, "en": true, "er": true, "es": true, "et": true,
	"ez": true, "ud": true, "un": true, "ur": true, "us": true, "ut": true, "uz": true,
}

// westernParticles attach to the following surname (de la Cruz, van Dijk,
// dos Santos) and are not matched alone.
var westernParticles = map[string]bool{
	"de": true, "del": true, "della": true, "der": true, "den": true, "da": true,
	"das": true, "do": true, "dos": true, "du": true, "van": true, "von": true,
	"di": true, "la": true, "le": true, "las": true, "los": true, "ter": true,
	"ten": true, "st": true, "mac": true,
}

// relationMarkers mark the next token as a patronym: bin/ibn/bint (Arabic),
// ould/wuld/mint (Mauritania), ag (Tuareg), bat/bar (Hebrew), binti/bte
// (Malay).
var relationMarkers = map[string]bool{
	"bin": true, "ben": true, "ibn": true, "bint": true, "binti": true, "bte": true,
	"ould": true, "wuld": true, "wald": true, "ag": true, "mint": true, "ult": true,
	"bat": true, "bar": true, "walad": true,
}

// spanishJoiners join two surnames (García y Pérez) and carry no evidence.
var spanishJoiners = map[string]bool{"y": true, "e": true, "i": true}

// kunya prefixes (Abu, Umm) form one name with the next token: Abu Bakr =
// Abubakar = Boubacar is a given name, not "father of".
var kunya = map[string]bool{"abu": true, "abou": true, "abo": true, "umm": true, "um": true, "oum": true}

// abdPrefixes are the written forms of ʿabd ("servant of") that must be
// joined to the divine name that follows (NAMES.md 4.3).
var abdPrefixes = map[string]bool{
	"abd": true, "abdul": true, "abdel": true, "abdal": true, "abdol": true,
	"abdoul": true, "abdou": true, "abdu": true, "abdur": true, "abdus": true, "abdil": true,
}

// divineComplements are the names that follow Abd (only those short enough
// to be mistaken for a separate name need listing: any token after "Abdul"
// is joined anyway).
var allahForms = map[string]bool{
	"allah": true, "ullah": true, "ulla": true, "ollah": true, "olla": true,
	"alla": true, "allahi": true, "ullahi": true, "illahi": true,
}

var dinForms = map[string]bool{
	"din": true, "deen": true, "dine": true, "dean": true, "eddine": true,
	"uddin": true, "eddin": true, "uddeen": true, "addin": true, "oddin": true,
	"udin": true, "edin": true,
}

// geezPrefixes start the theophoric compounds of Tigrinya and Amharic names
// (Gebre-, Wolde-, Haile-, …); geezSuffixes end them. Join, split and hyphen
// are the same name (NAMES.md 4.6).
var geezPrefixes = map[string]bool{
	"gebre": true, "ghebre": true, "gebra": true, "gabre": true,
	"wolde": true, "welde": true, "walda": true, "wold": true,
	"haile": true, "hayle": true, "tekle": true, "habte": true, "kidane": true,
	"zere": true, "tesfa": true, "berhane": true, "fikre": true, "amha": true,
	"ghebra": true, "sahle": true,
}

var geezSuffixes = map[string]bool{
	"mariam": true, "maryam": true, "mariyam": true, "medhin": true, "medhen": true,
	"medehin": true, "egziabher": true, "egziabeher": true, "egzi": true,
	"egziher": true, "selassie": true, "sellassie": true, "selasie": true,
	"silassie": true, "selase": true, "michael": true, "mikael": true,
	"mikail": true, "micael": true, "giorgis": true, "ghiorghis": true,
	"georgis": true, "giyorgis": true, "kristos": true, "christos": true,
	"iyesus": true, "yesus": true, "tsion": true, "tsiyon": true, "sion": true,
	"kidan": true, "amlak": true, "meskel": true, "mesqel": true, "hiwot": true,
	"ab": true, "egzer": true, "yohannes": true, "tensae": true, "gabriel": true,
	"ghiorgis": true, "mehdin": true, "medihin": true,
}

// slashAbbreviations expand the prefixes written with a slash on Ethiopian
// and Eritrean documents (G/Medhin, W/Mariam, H/Mariam). T/ may be Tekle or
// Tesfa; the first is canonical, the other an alternative.
var slashAbbreviations = map[string][]string{
	"g": {"gebre"}, "w": {"wolde"}, "h": {"haile"}, "t": {"tekle", "tesfa"},
	"k": {"kidane"}, "z": {"zere"}, "ha": {"habte"}, "f": {"fikre"},
}

// abbreviations that stand for a full name (Md., Mohd. = Muhammad).
var abbreviations = map[string]string{
	"md": "muhammad", "mohd": "muhammad", "muhd": "muhammad", "mhd": "muhammad",
	"mhmd": "muhammad", "moh": "muhammad",
}

// titles are honorifics stored as a prefix and never used as name evidence
// when they open a name of at least two more tokens (NAMES.md 4.3).
var titles = map[string]bool{
	"sheikh": true, "shaikh": true, "shaykh": true, "cheikh": true, "sayyid": true,
	"sayed": true, "seyed": true, "syed": true, "haji": true, "hajji": true,
	"hadj": true, "hajj": true, "alhaji": true, "alhadji": true, "alhagie": true,
	"elhadj": true, "mullah": true, "mawlawi": true, "molvi": true, "maulvi": true,
	"hafiz": true, "sharif": true, "imam": true, "sidi": true, "moulay": true,
	"mir": true, "sardar": true, "dr": true, "eng": true, "ustadh": true,
	"most": true, "mst": true, "mrs": true, "mr": true, "ms": true, "mme": true, "sr": true, "sra": true, "ato": true, "woizero": true,
	"weizero": true, "wro": true, "mohandis": true, "muhandis": true,
}

// persianSuffixes are the separable surname morphemes (Ahmadi-Nejad,
// Hosseinzadeh, Yousafzai) joined to the preceding token when written
// apart or hyphenated.
var persianSuffixes = map[string]bool{
	"zadeh": true, "zade": true, "zada": true, "pour": true, "pur": true,
	"nejad": true, "nezhad": true, "nejhad": true, "far": true, "nia": true,
	"rad": true, "zai": true, "zay": true, "zoy": true, "khel": true, "khail": true,
}

// vietnameseSurnames are the family names that cover most Vietnamese people
// (NAMES.md 4.10), used to find the family name wherever it stands.
var vietnameseSurnames = map[string]bool{
	"nguyen": true, "tran": true, "le": true, "pham": true, "hoang": true,
	"huynh": true, "phan": true, "vu": true, "vo": true, "dang": true,
	"bui": true, "do": true, "ho": true, "ngo": true, "duong": true, "ly": true,
	"dinh": true, "truong": true, "trinh": true, "mai": true, "lam": true,
}

// vietnameseMiddles carry little information and are often omitted.
var vietnameseMiddles = map[string]bool{"van": true, "thi": true}

// wordClass is the set of lists a token's Latin form belongs to, looked up
// once per token so that grouping and culture detection cost one map access
// instead of one per list.
type wordClass uint32

const (
	clsTitle wordClass = 1 << iota
	clsArticle
	clsAssimilated
	clsWestern
	clsRelation
	clsSpanishJoiner
	clsKunya
	clsAbd
	clsAllah
	clsDin
	clsGeezPrefix
	clsGeezSuffix
	clsPersian
	clsVietSurname
	clsVietMiddle
	clsHabesha
	clsWestAfrican
	clsSlash
	clsAbbrev
	clsArabicName // folded form is a frequent Arabic-origin name
	clsDivine     // folded form is a divine name (after ʿAbd)
)

var wordClasses = buildWordClasses()

func buildWordClasses() map[string]wordClass {
	m := map[string]wordClass{}
	lists := []struct {
		words map[string]bool
		cls   wordClass
	}{
		{titles, clsTitle}, {articles, clsArticle}, {assimilatedArticles, clsAssimilated},
		{westernParticles, clsWestern}, {relationMarkers, clsRelation},
		{spanishJoiners, clsSpanishJoiner}, {kunya, clsKunya}, {abdPrefixes, clsAbd},
		{allahForms, clsAllah}, {dinForms, clsDin}, {geezPrefixes, clsGeezPrefix},
		{geezSuffixes, clsGeezSuffix}, {persianSuffixes, clsPersian},
		{vietnameseSurnames, clsVietSurname}, {vietnameseMiddles, clsVietMiddle},
		{habeshaMarkers, clsHabesha}, {westAfricanMarkers, clsWestAfrican},
	}
	for _, l := range lists {
		for w, ok := range l.words {
			if ok {
				m[w] |= l.cls
			}
		}
	}
	for w := range slashAbbreviations {
		m[w] |= clsSlash
	}
	for w := range abbreviations {
		m[w] |= clsAbbrev
	}
	return m
}

// foldClasses holds the classes that depend on the folded form.
var foldClasses = func() map[string]wordClass {
	m := map[string]wordClass{}
	for w := range arabicMarkers {
		m[w] |= clsArabicName
	}
	for w := range divineNames {
		m[w] |= clsDivine
	}
	// Ge'ez compound pieces are recognised in any spelling that folds like
	// the listed one (Woldi, Habti, Gibre, Kidani).
	var buf [maxFold]byte
	for _, l := range []struct {
		words map[string]bool
		cls   wordClass
	}{{geezPrefixes, clsGeezPrefix}, {geezSuffixes, clsGeezSuffix}, {dinForms, clsDin}} {
		for w, ok := range l.words {
			if ok && len(w) >= 3 {
				m[string(foldInto(w, &buf, true))] |= l.cls
			}
		}
	}
	return m
}()

// classify returns the classes of a Latin token. The spelling-dependent
// classes are looked up under both readings of a final vowel.
func classify(lat string) wordClass {
	c := wordClasses[lat]
	var buf [maxFold]byte
	c |= foldClasses[string(foldInto(lat, &buf, false))]
	if len(lat) > 0 && lat[len(lat)-1] == 'e' {
		c |= foldClasses[string(foldInto(lat, &buf, true))]
	}
	return c
}

// CompoundPrefix returns the first element of a theophoric compound written
// as one word in lower-case Latin — "abd" for ʿAbd + divine name
// (Abdelrahman, Abdulsalam), or the Ge'ez prefix (Gebrehiwot, Haileselassie)
// — and "" when latin does not start one. A compound is one name (NAMES.md
// 4.3, 4.6): Gebrehiwot is not Hiwot, and Abdul alone is not evidence, so a
// pair where only one side is a compound is two different names.
func CompoundPrefix(latin string) string {
	if _, ok := abdComplement(latin); ok {
		return "abd"
	}
	best := ""
	for p := range geezPrefixes {
		if len(p) > len(best) && strings.HasPrefix(latin, p) && len(latin) > len(p)+2 {
			best = p // the longest, so that Wolde wins over Wold
		}
	}
	return best
}
