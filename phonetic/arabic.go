package phonetic

import (
	"strings"
	"unicode/utf8"
)

// arabicConsonants maps the consonant letters left after Normalize (NAMES.md
// 4.2) to their common Latin spelling. Ayn is silent in Latin spellings but
// still takes a vowel, so it maps to "" and counts as a consonant.
var arabicConsonants = map[rune]string{
	'ب': "b", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d",
	'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "d",
	'ط': "t", 'ظ': "z", 'ع': "", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k",
	'ل': "l", 'م': "m", 'ن': "n", 'ه': "h", 'پ': "p", 'چ': "ch", 'ژ': "zh",
	'گ': "g", 'ګ': "g", 'ڤ': "v", 'ں': "n", 'ڈ': "d", 'ٹ': "t", 'ڑ': "r",
	'ۋ': "v", 'ڭ': "ng", 'ڠ': "ng", 'ڨ': "g", 'ڥ': "v", 'ځ': "dz", 'څ': "ts",
}

// arabicNames gives the usual Latin spelling of frequent name tokens whose
// short vowels a letter-by-letter rendering cannot guess. Keys are in
// normalised Arabic script; the first value is canonical, the others are
// alternatives (Egyptian, Maghrebi, Gulf, South Asian spellings).
var arabicNames = map[string][]string{
	"محمد":    {"mohamed", "muhammad", "mohammad"},
	"احمد":    {"ahmed", "ahmad"},
	"محمود":   {"mahmoud", "mahmud"},
	"مصطفي":   {"mustafa", "moustafa"},
	"علي":     {"ali"},
	"حسن":     {"hassan", "hasan"},
	"حسين":    {"hussein", "hussain", "hossein"},
	"عمر":     {"omar", "umar"},
	"عثمان":   {"osman", "othman", "usman"},
	"ابراهيم": {"ibrahim", "ebrahim"},
	"اسماعيل": {"ismail", "esmail"},
	"اسحاق":   {"ishaq", "ishak"},
	"يوسف":    {"yousef", "yusuf", "youssef"},
	"يونس":    {"younes", "yunus"},
	"عبد":     {"abd", "abdul", "abdel"},
	"الله":    {"allah"},
	"عبدالله": {"abdullah", "abdallah", "abdalla"},
	"خالد":    {"khaled", "khalid"},
	"فاطمه":   {"fatima", "fatma", "fatemeh"},
	"عايشه":   {"aisha", "aicha", "aysha"},
	"خديجه":   {"khadija", "khadidja"},
	"زينب":    {"zainab", "zeinab", "zaynab"},
	"مريم":    {"mariam", "maryam", "meryem"},
	"امنه":    {"amina", "aminah"},
	"اميره":   {"amira"},
	"حليمه":   {"halima"},
	"ادم":     {"adam"},
	"عيسي":    {"issa", "isa"},
	"موسي":    {"musa", "moussa"},
	"سليمان":  {"suleiman", "sulaiman", "soliman"},
	"يحيي":    {"yahya", "yahia"},
	"صالح":    {"saleh", "salih"},
	"سعيد":    {"said", "saeed", "saied"},
	"رحمن":    {"rahman"},
	"رحيم":    {"rahim", "raheem"},
	"عزيز":    {"aziz"},
	"كريم":    {"karim", "kareem"},
	"قادر":    {"qadir", "kader"},
	"جمال":    {"jamal", "gamal"},
	"ناصر":    {"nasser", "nasir"},
	"طارق":    {"tariq", "tarek"},
	"بكر":     {"bakr", "bakar"},
	"ابو":     {"abu", "abou"},
	"ام":      {"umm", "um"},
	"بن":      {"bin", "ben"},
	"ابن":     {"ibn"},
	"بنت":     {"bint"},
	"ولد":     {"ould", "wuld"},
	"نور":     {"nour", "nur", "noor"},
	"الدين":   {"eddine", "uddin", "aldin"},
	"دين":     {"din", "deen"},
	"جعفر":    {"jaafar", "jafar"},
	"عباس":    {"abbas"},
	"حمزه":    {"hamza", "hamzah"},
	"هارون":   {"haroun", "harun"},
	"داود":    {"daoud", "dawood", "dawud"},
	"سلمان":   {"salman"},
	"سلمي":    {"salma"},
	"ليلي":    {"laila", "leila", "layla"},
	"هدي":     {"huda", "hoda"},
	"ناديه":   {"nadia", "nadya"},
	"رقيه":    {"ruqayya", "rokia"},
	"صفيه":    {"safiya", "safia"},
	"سميه":    {"sumaya", "soumaya"},
	"اسامه":   {"osama", "usama"},
	"حامد":    {"hamed", "hamid"},
	"محسن":    {"mohsen", "muhsin"},
	"مهدي":    {"mehdi", "mahdi"},
	"رضا":     {"reza", "rida", "raza"},
	"جواد":    {"javad", "jawad"},
	"قاسم":    {"qasim", "kasim", "ghasem"},
	"عبدو":    {"abdou", "abdu"},
	"عبدي":    {"abdi"},
	"شيخ":     {"sheikh", "cheikh", "shaikh"},
	"سيد":     {"sayed", "syed", "said"},
	"حاج":     {"haj", "hadj", "hajji"},
	// Names that begin like the article but are not al- + a name: إلياس
	// and إلهام lose their hamza in Normalize (NAMES.md 4.2).
	"الياس": {"ilyas", "ilyes", "elias"},
	"الهام": {"ilham", "elham"},
	// Names whose long vowels the script writes as consonants, often
	// after the article (الطيب Eltayeb, الصادق Elsadig).
	"طيب":  {"tayeb", "tayyib", "taib"},
	"صادق": {"sadiq", "sadig", "sadek"},
}

func isArabicVowelLetter(r rune) bool { return r == 'ا' || r == 'و' || r == 'ي' }

// arabicLatin renders an Arabic-script token. Known names come from
// arabicNames; other tokens are spelled letter by letter with a default
// short vowel "a" between two consonants (the script does not write short
// vowels; fatha is the most frequent one), and the "e" and "u" defaults as
// alternatives.
func arabicLatin(tok string, alts *[maxAlts]string) (string, int) {
	if v, ok := arabicNames[tok]; ok {
		return v[0], copy(alts[:], v[1:])
	}
	if pre, ok := strings.CutSuffix(tok, "الله"); ok && utf8.RuneCountInString(pre) >= 2 {
		// The -ullah compounds written as one word (NAMES.md 4.3):
		// نورالله Noorullah, ذبیح‌الله Zabihullah. Spelt letter by letter
		// the joint comes out as -alala, which meets no Latin spelling.
		var sub [maxAlts]string
		lat, n := arabicLatin(pre, &sub)
		k := 0
		alts[k], k = lat+"allah", k+1
		for _, a := range sub[:n] {
			if k < maxAlts {
				alts[k], k = a+"ullah", k+1
			}
		}
		return lat + "ullah", k
	}
	a := arabicSpell(tok, "a")
	n := 0
	for _, v := range [...]string{"e", "u"} {
		if s := arabicSpell(tok, v); s != a && n < maxAlts {
			alts[n] = s
			n++
		}
	}
	return a, n
}

func arabicSpell(tok, short string) string {
	var rs [64]rune
	n := 0
	for _, r := range tok {
		if n == len(rs) {
			break
		}
		if r == 'ا' || r == 'و' || r == 'ي' || arabicConsonants[r] != "" || r == 'ع' {
			rs[n] = r
			n++
		}
	}
	letters := rs[:n]
	var b strings.Builder
	for i, r := range letters {
		last := i == len(letters)-1
		prevVowel := i > 0 && isArabicVowelLetter(letters[i-1])
		nextVowel := !last && isArabicVowelLetter(letters[i+1])
		switch r {
		case 'ا':
			b.WriteByte('a')
		case 'و':
			if i == 0 || prevVowel || nextVowel {
				b.WriteByte('w')
			} else {
				b.WriteString("ou")
			}
		case 'ي':
			if i == 0 || prevVowel || nextVowel {
				b.WriteByte('y')
			} else {
				b.WriteByte('i')
			}
		default:
			if r == 'ه' && last && i > 0 && !prevVowel {
				// Final heh after a consonant is almost always teh marbuta.
				b.WriteByte('a')
				continue
			}
			b.WriteString(arabicConsonants[r])
			if !last && !nextVowel {
				nextIsFinalHeh := i+2 == len(letters) && letters[i+1] == 'ه'
				if !nextIsFinalHeh {
					b.WriteString(short)
				}
			}
		}
	}
	return b.String()
}
