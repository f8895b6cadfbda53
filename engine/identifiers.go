package engine

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
)

// normaliseNumber writes an identifier the way two clerks would agree on:
// upper case, separators and spaces gone, Arabic-Indic and Persian digits
// as ASCII ("sd-118 273" and "SD118273" are one number).
func normaliseNumber(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + r - '٠')
		case r >= '۰' && r <= '۹':
			b.WriteRune('0' + r - '۰')
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// docKey is a document number prepared for exact comparison.
type docKey struct {
	number  string
	country string
	typ     DocumentType
}

// documentKeys normalises a document's number. Numbers shorter than four
// characters or without a digit ("N/A", "none") are not numbers. A number
// written with its country's code in front ("SD-118273" on an SD card) is
// also kept without it, since the other record may omit the prefix.
func documentKeys(d Document) []docKey {
	n := normaliseNumber(d.Number)
	if len(n) < 4 || !strings.ContainsAny(n, "0123456789") {
		return nil
	}
	keys := []docKey{{n, d.Country, d.Type}}
	if d.Country != "" && strings.HasPrefix(n, d.Country) && len(n)-len(d.Country) >= 5 {
		keys = append(keys, docKey{n[len(d.Country):], d.Country, d.Type})
	}
	return keys
}

// phoneKey is a phone number as country calling code and national number;
// cc is 0 when the country could not be told, and such a number matches
// any country's same national number.
type phoneKey struct {
	cc   int32
	nn   uint64
	e164 string
}

// phoneKeyOf normalises a phone number to E.164, taking the country from a
// leading + (or 00) and else from the region given (the first
// nationality). A number that cannot be parsed keeps its digits, without
// trunk zeros, as a national number of unknown country.
func phoneKeyOf(s, region string) (phoneKey, bool) {
	if region == Stateless {
		region = ""
	}
	digits := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r >= '٠' && r <= '٩':
			return '0' + r - '٠'
		case r >= '۰' && r <= '۹':
			return '0' + r - '۰'
		}
		return -1
	}, s)
	if len(digits) < 6 {
		return phoneKey{}, false
	}
	plus := strings.HasPrefix(strings.TrimSpace(s), "+")
	if !plus && strings.HasPrefix(digits, "00") {
		plus, digits = true, digits[2:]
	}
	in := digits
	if plus {
		in, region = "+"+digits, ""
	}
	if num, err := phonenumbers.Parse(in, region); err == nil && num.GetNationalNumber() != 0 {
		return phoneKey{
			cc:   num.GetCountryCode(),
			nn:   num.GetNationalNumber(),
			e164: phonenumbers.Format(num, phonenumbers.E164),
		}, true
	}
	nn, err := strconv.ParseUint(strings.TrimLeft(digits, "0"), 10, 64)
	if err != nil || nn < 100000 {
		return phoneKey{}, false
	}
	return phoneKey{nn: nn, e164: strconv.FormatUint(nn, 10)}, true
}

func (a phoneKey) same(b phoneKey) bool {
	return a.nn == b.nn && (a.cc == b.cc || a.cc == 0 || b.cc == 0)
}

// masked writes the number with its middle hidden: phones are sensitive,
// and an explanation needs only enough to recognise it.
func (a phoneKey) masked() string {
	s := a.e164
	if len(s) <= 6 {
		return s
	}
	return s[:4] + strings.Repeat("•", len(s)-7) + s[len(s)-3:]
}

// languageKey is a language's primary subtag in lower case ("ar-SD" → "ar").
func languageKey(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	return l
}

// serialNumbers picks implant serial numbers out of medical free text:
// words of at least five characters, three of them digits, once
// separators are dropped ("S/N 4471-AX-02" → "4471AX02"), leaving out
// dates and years. A shared serial number is near-conclusive.
func serialNumbers(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:()[]{}\"'", r)
	}) {
		if looksLikeDate(f) {
			continue
		}
		n := normaliseNumber(f)
		d := 0
		for i := 0; i < len(n); i++ {
			if n[i] >= '0' && n[i] <= '9' {
				d++
			}
		}
		if len(n) >= 5 && d >= 3 {
			out = append(out, n)
		}
	}
	return out
}

// looksLikeDate reports whether a word is a date (2019-03-04, 04.03.2019,
// 4/3/19): shared dates in medical notes are not serial numbers.
func looksLikeDate(f string) bool {
	parts := strings.FieldsFunc(f, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if !isDigits(p) || len(p) > 4 {
			return false
		}
	}
	return true
}

// identKeys are a profile's identity documents and phone numbers, kept
// apart from the profile: scoring reads them only when the kernel's blooms
// meet, and a profile without either spends 8 bytes on them instead of 48.
type identKeys struct {
	docs   []docKey
	phones []phoneKey
}

// docs returns the profile's identity documents.
func (p *Profile) docs() []docKey {
	if p.idents == nil {
		return nil
	}
	return p.idents.docs
}

// phones returns the profile's phone numbers.
func (p *Profile) phones() []phoneKey {
	if p.idents == nil {
		return nil
	}
	return p.idents.phones
}

// identsToFill returns the profile's identifiers, made if needed, for
// Prepare and the decoder.
func (p *Profile) identsToFill() *identKeys {
	if p.idents == nil {
		p.idents = &identKeys{}
	}
	return p.idents
}

func (p *Profile) prepareIdentifiers() {
	region := ""
	if n := p.nationals(); len(n) > 0 {
		region = n[0]
	}
	for _, r := range p.Records {
		for _, d := range r.Documents {
			for _, k := range documentKeys(d) {
				if !containsDoc(p.docs(), k.number) {
					ids := p.identsToFill()
					ids.docs = append(ids.docs, k)
				}
			}
		}
		reg := region
		if len(r.Nationals) > 0 {
			reg = r.Nationals[0]
		}
		for _, s := range r.Phones {
			if k, ok := phoneKeyOf(s, reg); ok {
				ids := p.identsToFill()
				ids.phones = append(ids.phones, k)
			}
		}
		if r.DNA != nil {
			if id := normaliseNumber(r.DNA.ProfileID); id != "" {
				p.strs.add(dnaList, id)
			}
		}
		var med []string
		for _, m := range r.Medical {
			p.strs.add(serialsList, serialNumbers(m)...)
			// Numbers belong to serials; as words, shared dates and
			// vertebra levels would pass for similar histories.
			for _, w := range describeWords(m) {
				if !strings.ContainsAny(w, "0123456789") {
					med = append(med, w)
				}
			}
		}
		if len(med) > 0 {
			w := p.wordsToFill()
			var medical tokenSet
			medical, w.medical = newTokenSet(tagMedical, append(w.medical, med...))
			p.tokens.set(medicalList, medical)
		}
	}
}

func containsDoc(ks []docKey, n string) bool {
	for _, k := range ks {
		if k.number == n {
			return true
		}
	}
	return false
}
