package phonetic

import "strings"

// Role is what a part of a name says about the person.
type Role uint8

// Roles. Given, Father and Grandfather are the positional lineage of
// patronymic cultures (Arabic nasab, Somali, Habesha, Iraqi Kurdish);
// Family and SecondFamily are inherited surnames (Spanish has two). Prefix
// holds titles and honorifics, which are kept but never matched.
const (
	Unknown Role = iota
	Given
	Middle
	Father
	Grandfather
	Family
	SecondFamily
	TribeOrClan
	Prefix
)

var roleNames = [...]string{"unknown", "given", "middle", "father", "grandfather", "family", "second_family", "tribe_or_clan", "prefix"}

// String returns the role as the record schema spells it.
func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "unknown"
}

// weight is how much agreement or disagreement on a part of this role
// counts. The given name carries the identity; lineage parts tell apart
// people who share it; middle names and clans are often omitted.
func (r Role) weight() float64 {
	switch r {
	case Given:
		return 1
	case Father, Family:
		return 0.8
	case Grandfather, SecondFamily:
		return 0.6
	case Middle:
		return 0.4
	case TribeOrClan:
		return 0.3
	case Prefix:
		return 0
	}
	return 0.7
}

// Culture is the naming tradition Parse assumed, from the language hint,
// the script, or the spelling. It decides the order and roles of parts.
type Culture uint8

// Cultures with distinct name structures.
const (
	CultureUnknown     Culture = iota
	CultureArabic              // given, father, grandfather (nasab); also Persian and Pashto scripts
	CultureSomali              // given, father, grandfather; c = ʿ, x = ḥ
	CultureHabesha             // Tigrinya, Amharic: given, father, grandfather
	CultureKurdish             // Iraqi Kurdish: given, father, grandfather
	CultureAfghan              // Dari, Pashto: often one name; compounds
	CultureWestAfrican         // Francophone SURNAME Given order
	CultureSpanish             // given, paternal surname, maternal surname
	CulturePortuguese          // given, maternal surname, paternal surname
	CultureVietnamese          // family, middle, given
	CultureEastAsian           // family first
	CultureSouthAsian          // Bengali, Urdu: Md. = Muhammad
	CultureWestern             // given … family
)

var cultureNames = [...]string{"unknown", "arabic", "somali", "habesha", "kurdish", "afghan", "west_african", "spanish", "portuguese", "vietnamese", "east_asian", "south_asian", "western"}

// String returns the lower-case name of the culture.
func (c Culture) String() string {
	if int(c) < len(cultureNames) {
		return cultureNames[c]
	}
	return "unknown"
}

// patronymic reports whether the second and third names are the father's
// and grandfather's given names.
func (c Culture) patronymic() bool {
	switch c {
	case CultureArabic, CultureSomali, CultureHabesha, CultureKurdish:
		return true
	}
	return false
}

// MaxParts is the number of parts Compare looks at; parts beyond it (long
// nasab chains) are kept in Name.Parts but not compared.
const MaxParts = 8

// maxFolds bounds the folded candidates of a part: the canonical Latin form,
// its alternatives, the Somali and Kurdish readings of c, and the readings
// that keep a final -e.
const maxFolds = 10

// Name is a parsed personal name. Everything Compare needs is computed by
// Parse, so that Compare allocates nothing.
type Name struct {
	Raw     string  // the full name as written
	Lang    string  // the language hint given to Parse
	Parts   []Part  // in written order
	Culture Culture // the naming tradition assumed
	// RolesFromRecord is true when the roles came from the record's
	// structured parts (FromParts) rather than from parsing.
	RolesFromRecord bool

	// The small fields sit together, so that a name takes 104 bytes.
	ncore   uint8
	nprefix uint8           // parts with the role Prefix, set by finish
	core    [MaxParts]uint8 // indices of the compared parts (not Prefix), set by finish
	key     uint64          // hash of the parts' Latin forms, orders the arguments of Compare
	textH   uint64          // hash of Raw, lower-cased and trimmed; 0 when Raw is blank
	// text holds, in one string, the parts' Latin forms and the text of
	// their keys (folded forms, skeleton, phonetic codes): each part's
	// Latin and Folded are slices of it, its keys places in it.
	text string
}

// Part is one name unit: a token, or several tokens that are one name
// (Abd al-Rahman, Gebre Medhin, de la Cruz). What it keeps of its writing
// (Raw, Accented, Particle, Alts) is for explanations and String only: a
// compact name ([Name.Compact]) drops it.
type Part struct {
	Latin   string // canonical Latin spelling, lower-case ASCII
	Folded  string // transliteration-equivalence key of Latin (Fold)
	Role    Role   // what the part says about the person
	Script  Script // script of the first token
	Initial bool   // a lone letter (M.) that only tells the first letter
	Abbrev  bool   // expanded from an abbreviation (Md., G/)

	// What Compare reads, worked out once by finish and kept together.
	ending byte // class of the final sound (finalClass)
	// The keys' text, in the name's text: the Double Metaphone codes, the
	// NYSIIS code and the consonant skeleton of Folded, one after the
	// other from codes.
	dm1N, dm2N, skelN uint8
	codes, nysiiN     uint32

	id    uint64 // hash of all that partSim reads: parts with one id compare alike
	latH  uint64 // hash of Latin
	sig   uint64 // the letters of Latin and its first two, for Differ (see signature)
	accH  uint64 // hash of Accented, 0 when none
	dmH   [2]uint64
	folds []fold // the folded candidates, Folded first; a slice of one array per name

	written *written // nil in a compact name
}

// written is what a part keeps of how it was written.
type written struct {
	raw      string   // as written, tokens joined by a space
	accented string   // lower-case Latin with diacritics, if it had any (Vietnamese tones, ñ)
	particle string   // attached particle or relation marker ("al", "bin", "de la")
	alts     []string // other plausible Latin spellings
}

// newPart makes a part written raw, with Latin spelling lat, in script sc.
func newPart(raw, lat string, sc Script) Part {
	return Part{Latin: lat, Script: sc, written: &written{raw: raw}}
}

// Raw returns the part as written, tokens joined by a space; "" in a
// compact name.
func (p *Part) Raw() string {
	if p.written == nil {
		return ""
	}
	return p.written.raw
}

// Accented returns the lower-case Latin with diacritics, if the part had
// any (Vietnamese tones, ñ); "" in a compact name.
func (p *Part) Accented() string {
	if p.written == nil {
		return ""
	}
	return p.written.accented
}

// Particle returns the attached particle or relation marker ("al",
// "bin", "de la"); "" in a compact name.
func (p *Part) Particle() string {
	if p.written == nil {
		return ""
	}
	return p.written.particle
}

// Alts returns the other plausible Latin spellings, which the part's keys
// already hold folded; nil in a compact name.
func (p *Part) Alts() []string {
	if p.written == nil {
		return nil
	}
	return p.written.alts
}

// first is the first letter of Folded.
func (p *Part) first() byte {
	if p.Folded == "" {
		return 0
	}
	return p.Folded[0]
}

// dm1, dm2, nysii and skel are the keys' text in the name's text.
func (p *Part) dm1(text string) string { return text[p.codes : p.codes+uint32(p.dm1N)] }
func (p *Part) dm2(text string) string {
	at := p.codes + uint32(p.dm1N)
	return text[at : at+uint32(p.dm2N)]
}
func (p *Part) nysii(text string) string {
	at := p.codes + uint32(p.dm1N) + uint32(p.dm2N)
	return text[at : at+p.nysiiN]
}
func (p *Part) skel(text string) string {
	at := p.codes + uint32(p.dm1N) + uint32(p.dm2N) + p.nysiiN
	return text[at : at+uint32(p.skelN)]
}

// fold is one folded candidate of a part: a transliteration-equivalence
// key of its Latin form or of an alternative spelling.
type fold struct {
	h     uint64 // hash of the folded form
	skelH uint64 // hash of its consonant skeleton
	off   uint32 // the folded form (at most maxFold bytes) is text[off:off+n] of the name's text
	n     uint8
	short bool // the skeleton is shorter than minKeyLen: it joins too much to count
}

// text returns the folded form.
func (f *fold) text(text string) string { return text[f.off : f.off+uint32(f.n)] }

// textRef is a piece of a name's text.
type textRef struct{ off, n uint32 }

// of returns the piece of text.
func (r textRef) of(text string) string { return text[r.off : r.off+r.n] }

// GivenKey returns the folded key of the given name: the part with role
// Given, or the first compared part. It is "" for an empty name.
func (n Name) GivenKey() string {
	if p := n.partWithRole(Given); p != nil {
		return p.Folded
	}
	for i := range n.Parts {
		if n.Parts[i].Role != Prefix {
			return n.Parts[i].Folded
		}
	}
	return ""
}

// Lineage returns the folded keys of the given, father's and grandfather's
// names, "" where unknown. Two records sharing father and grandfather but
// not the given name are sibling candidates; a father whose given name is
// the child's father name is a parent candidate (NAMES.md 4.12).
func (n Name) Lineage() (given, father, grandfather string) {
	given = n.GivenKey()
	if p := n.partWithRole(Father); p != nil {
		father = p.Folded
	}
	if p := n.partWithRole(Grandfather); p != nil {
		grandfather = p.Folded
	}
	return given, father, grandfather
}

func (n Name) partWithRole(r Role) *Part {
	for i := range n.Parts {
		if n.Parts[i].Role == r {
			return &n.Parts[i]
		}
	}
	return nil
}

// String returns the parts as "role:latin" separated by spaces, for logs
// and golden files.
func (n Name) String() string {
	var b strings.Builder
	b.WriteString(n.Culture.String())
	for i := range n.Parts {
		p := &n.Parts[i]
		b.WriteByte(' ')
		b.WriteString(p.Role.String())
		b.WriteByte(':')
		if pt := p.Particle(); pt != "" {
			b.WriteString(pt)
			b.WriteByte('+')
		}
		b.WriteString(p.Latin)
		if p.Latin == "" {
			b.WriteString(p.Raw())
		}
		if p.Folded != p.Latin {
			b.WriteString("~")
			b.WriteString(p.Folded)
		}
		if p.Initial {
			b.WriteString("(initial)")
		}
	}
	return b.String()
}

// SameText reports whether two names are written the same, letter case and
// outer spaces aside, whatever parts and roles were made of them: a
// clerk's structured parts against a family's full name. It compares
// hashes made by Parse, so that the engine can ask it of every pair
// without reading the names' text.
func (n *Name) SameText(m *Name) bool { return n.textH != 0 && n.textH == m.textH }

// Compact returns a copy of the name that compares, gives keys and counts
// as n does, without what only explanations and String read: the text as
// written (Raw and Lang, the parts' Raw, Accented and Particle) and the
// alternative spellings (Alts), which Parse has already folded into the
// keys. The copy shares n's key text, and its parts are its own. A
// Comparison of a compact name explains itself without the spellings.
func (n *Name) Compact() Name {
	c := *n
	c.Raw, c.Lang = "", ""
	c.Parts = make([]Part, len(n.Parts))
	for i := range n.Parts {
		c.Parts[i] = n.Parts[i]
		c.Parts[i].written = nil
	}
	return c
}
