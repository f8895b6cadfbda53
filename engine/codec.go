package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strings"

	"github.com/rflmatch/rflmatch/phonetic"
)

// The binary encoding of a compact profile lets a store keep each case's
// profile beside its entry and open without decoding records or
// preparing them again:
//
//	version   byte: profileVersion
//	strings   uvarint: the bytes of all the profile's strings, which the
//	          decoder gathers in one allocation
//	kind      enum
//	key       source and id
//	flags     uvarint: the booleans, and which values follow
//	sex, hair, eyes
//	spans     birth, alive, recovery, death, recorded, the age's anchor:
//	          lo and hi, each when flagged
//	age       min, max, tolerance, when flagged
//	measures  height and weight: lo, hi, tolerance, each when flagged
//	things    incident, last contact and route points, countries,
//	          regions, marks, clothing, effects, medical words
//	ids       documents, phones, DNA, serials, the dental chart,
//	          nationalities, languages, the enquirer's relationship and
//	          sex
//	names     when flagged: the number of names of each list (own,
//	          papers, father, mother, enquirer), then each name's
//	          initials and its encoding by package phonetic
//
// A string is a uvarint length and its bytes; a list a uvarint count and
// its items; an enum a byte (see enum); a float64 the uvarint of its
// bits with the bytes reversed, so that 0 takes a byte and a whole number
// of days three; the points' coordinates and the words' hashes, which
// have no short form, 8 bytes little-endian; a chart the uvarint mask of
// its teeth and a status byte for each. What is a function of the rest
// is worked out again: the side (of the kind), the coded sex (of the sex)
// and the number of teeth (of the chart).
//
// profileVersion changes with any change of the encoding, package
// phonetic's encoding of names included: TestProfileBinaryGolden pins the
// bytes.
const profileVersion = 1

// PrepareVersion names what [Prepare] and package phonetic put in a
// profile, as opposed to how it is encoded (the encoding's own version
// byte). A store that keeps encoded profiles keeps this number beside them
// and prepares its cases again from their records when it differs, since
// a profile prepared by another build decodes fine but may score
// differently. Change it with any change to what Prepare computes or to
// phonetic's parsing, folds or keys: TestProfileBinaryGolden fails on such
// changes as a reminder.
const PrepareVersion = 2

// ErrProfileVersion is the error of [DecodeProfile] for an encoding of
// another version: a store that meets it prepares the case's records
// again.
var ErrProfileVersion = errors.New("engine: profile encoding of another version")

var errProfileTruncated = errors.New("engine: profile encoding truncated")

// Flags of the encoding.
const (
	flagSexCertain = 1 << iota
	flagAdult
	flagMinor
	flagEnquirer
	flagNames
	flagAge
	flagHeight
	flagWeight
	// Then, for each span of codecSpans, a bit for its bounds and one for
	// its ok.
	flagSpans
)

// codecSpans are the profile's spans in the order of the encoding.
func (p *Profile) codecSpans() [6]*span {
	return [...]*span{&p.birth, &p.alive, &p.recovery, &p.death, &p.recorded, &p.age.anchor}
}

// The values of the enums that the encoding writes as a byte: their place
// in these lists plus one, 0 for "". A list may grow at its end, and
// never change otherwise.
var (
	kindCodes     = []Kind{TracingRequest, AnteMortem, PostMortem, Registration}
	sexCodes      = []Sex{Male, Female, SexUnknown}
	markTypeCodes = []MarkType{Tattoo, Scar, Birthmark, Piercing, Amputation, Deformity, OtherMark}
	docTypeCodes  = []DocumentType{Passport, IDCard, ResidencePermit, RefugeeCard, BirthCertificate, OtherDocument}
	relCodes      = []Relationship{
		"mother", "father", "son", "daughter", "brother", "sister", "husband", "wife",
		"grandmother", "grandfather", "grandson", "granddaughter", "uncle", "aunt",
		"nephew", "niece", "cousin", "other_relative", "friend", "other",
	}
)

// enumOther is the byte of an enum value outside its list, which the
// string follows.
const enumOther = 0xFF

// Smallest encodings of a list's items, which bound the counts a decoder
// believes.
const (
	minStrBytes   = 1         // its length
	minPointBytes = 3 * 8     // three coordinates
	minMarkBytes  = 1 + 2 + 1 // type, location, words
	minDocBytes   = 1 + 1 + 1 // number, country, type
	minPhoneBytes = 1 + 1 + 1 // country code, national number, E.164
	minNameBytes  = 1 + 5     // initials, and a name without parts
	maxTeethMask  = 1<<chartSlots - 1
)

// AppendBinary appends the binary encoding of what a compact profile
// ([Profile.Compact]) holds: everything scoring, exclusions, blocking and
// frequencies read, not the records, the names as written or the words
// of descriptions. Call it on p.Compact(), or on p, which encodes the
// same. [DecodeProfile] gives a profile that scores every pair, gives
// keys and counts exactly as the compact one. It fails only for a
// profile that Prepare cannot make.
func (p *Profile) AppendBinary(b []byte) ([]byte, error) {
	e := encoder{b: append(b, profileVersion)}
	head := len(e.b)
	flags := e.person(p)
	e.things(p)
	e.ids(p)
	if flags&flagNames != 0 && e.err == nil {
		e.err = e.names(p.parsed)
	}
	if e.err != nil {
		return b, fmt.Errorf("engine: encoding the profile of %s: %w", p.Key, e.err)
	}
	// The strings' total goes first, for the decoder to gather them in
	// one allocation; it is known only now.
	var total [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(total[:], uint64(e.strBytes))
	e.b = append(e.b, total[:n]...)
	copy(e.b[head+n:], e.b[head:len(e.b)-n])
	copy(e.b[head:], total[:n])
	return e.b, nil
}

// DecodeProfile decodes a profile that [Profile.AppendBinary] encoded: a
// compact profile, without records, that scores, excludes, blocks and
// counts as the one encoded. The profile holds no memory of b, which the
// caller may reuse. An encoding of another version is
// [ErrProfileVersion]; a truncated or malformed one, one followed by
// other bytes, or one of values that Prepare never makes of valid records
// and comparisons or blocking would misread (colours, teeth or body parts
// out of range, unsorted words, dates beyond any calendar, ranges that
// end before they start, a sex or an enquirer's relationship outside the
// contract's lists), is another error. Decoding never panics, and
// allocates at most in proportion to the length of b, whatever its
// lengths say.
func DecodeProfile(b []byte) (*Profile, error) { return decodeProfile(b, nil) }

// ProfileDecoder decodes profiles as [DecodeProfile] does, the names of
// all of them decoded through one [phonetic.NameTable]: the names of
// equal encodings share their parts, folds and text. A store that opens
// a million profiles meets the same names again and again (a case's
// records repeat its names, and the names of a country are few): at a
// million generated records the names' readings were a gigabyte, half of
// what the decoded profiles held, and about half of the names were ones
// met before. Profiles are not changed once made, so sharing is safe.
//
// A ProfileDecoder is safe for concurrent use, and its zero value is
// ready to use. It holds every distinct name it has decoded: make one
// for a bulk decoding and drop it after.
type ProfileDecoder struct {
	names phonetic.NameTable
}

// Decode decodes a profile as [DecodeProfile] does, sharing its names
// with those of the profiles d decoded before.
func (d *ProfileDecoder) Decode(b []byte) (*Profile, error) { return decodeProfile(b, &d.names) }

// decodeProfile is DecodeProfile, its names decoded through names (nil:
// each on its own).
func decodeProfile(b []byte, names *phonetic.NameTable) (*Profile, error) {
	if len(b) == 0 {
		return nil, errProfileTruncated
	}
	if b[0] != profileVersion {
		return nil, fmt.Errorf("%w: version %d, this build reads %d", ErrProfileVersion, b[0], profileVersion)
	}
	// Room for the lists of strings of nearly every profile, on the
	// stack.
	var room [16]string
	d := decoder{b: b[1:], nameTable: names}
	nstr := d.uvarint()
	if nstr > uint64(len(d.b)) {
		return nil, errProfileTruncated
	}
	d.strs.Grow(int(nstr))
	p := &Profile{}
	flags := d.person(p)
	lists := d.things(p, room[:0])
	d.ids(p, lists)
	if flags&flagNames != 0 {
		p.parsed = d.names()
	}
	switch {
	case d.err != nil:
	case len(d.b) > 0:
		d.fail("%d bytes after the profile", len(d.b))
	case d.strs.Len() != int(nstr):
		d.fail("strings of %d bytes, not %d as announced", d.strs.Len(), nstr)
	}
	if d.err != nil {
		return nil, d.err
	}
	p.prepareKernel()
	return p, nil
}

// unset reports whether every value is +0, which the encoding leaves
// out. A -0 is written, to be read back as it was.
func unset(fs ...float64) bool {
	for _, f := range fs {
		if math.Float64bits(f) != 0 {
			return false
		}
	}
	return true
}

// flagIf is f when set, else 0.
func flagIf(set bool, f uint64) uint64 {
	if set {
		return f
	}
	return 0
}

// person writes the kind, key, flags, sex, colours, dates, age and
// measures, and returns the flags.
func (e *encoder) person(p *Profile) uint64 {
	enum(e, p.Kind, kindCodes)
	e.str(p.Key.Source)
	e.str(p.Key.ID)
	flags := flagIf(p.sexCertain, flagSexCertain) | flagIf(p.adult, flagAdult) | flagIf(p.minor, flagMinor) |
		flagIf(p.hasEnq, flagEnquirer) | flagIf(p.parsed != nil, flagNames) |
		flagIf(!unset(p.age.min, p.age.max, p.age.tol), flagAge) |
		flagIf(!unset(p.height.lo, p.height.hi, p.height.tol), flagHeight) |
		flagIf(!unset(p.weight.lo, p.weight.hi, p.weight.tol), flagWeight)
	spans := p.codecSpans()
	for i, s := range spans {
		flags |= flagIf(!unset(s.lo, s.hi), flagSpans<<(2*i)) | flagIf(s.ok, flagSpans<<(2*i+1))
	}
	e.uvarint(flags)
	enum(e, p.sex(), sexCodes)
	e.colours(p.hair)
	e.colours(p.eyes)
	for i, s := range spans {
		if flags&(flagSpans<<(2*i)) != 0 {
			e.float(s.lo)
			e.float(s.hi)
		}
	}
	if flags&flagAge != 0 {
		e.float(p.age.min)
		e.float(p.age.max)
		e.float(p.age.tol)
	}
	for i, m := range [...]*measure{&p.height, &p.weight} {
		if flags&(flagHeight<<i) != 0 {
			e.float(m.lo)
			e.float(m.hi)
			e.float(m.tol)
		}
	}
	return flags
}

func (d *decoder) person(p *Profile) uint64 {
	p.Kind = decodeEnum(d, kindCodes)
	p.side = sideOf(p.Kind)
	p.Key.Source, p.Key.ID = d.str(), d.str()
	flags := d.uvarint()
	spans := p.codecSpans()
	if flags >= flagSpans<<(2*len(spans)) {
		d.fail("unknown flags %#x", flags)
		return 0
	}
	p.sexCertain, p.adult, p.minor = flags&flagSexCertain != 0, flags&flagAdult != 0, flags&flagMinor != 0
	p.hasEnq = flags&flagEnquirer != 0
	// Prepare gives a sex only as male or female.
	if sex := decodeEnum(d, sexCodes); sex != "" && sex != Male && sex != Female {
		d.fail("sex %q", sex)
	} else {
		p.sexN = sexCodeOf(sex)
	}
	p.hair, p.eyes = d.colours(hairColours), d.colours(eyeColours)
	// Ranges that end before they start, or widen by a negative
	// tolerance, Prepare never makes, and blocking finds no birth period
	// for.
	for i, s := range spans {
		if flags&(flagSpans<<(2*i)) != 0 {
			if s.lo, s.hi = d.float(), d.float(); !(s.lo <= s.hi) {
				d.fail("a span from %g to %g", s.lo, s.hi)
			}
		}
		s.ok = flags&(flagSpans<<(2*i+1)) != 0
	}
	if flags&flagAge != 0 {
		a := &p.age
		if a.min, a.max, a.tol = d.float(), d.float(), d.float(); !(a.min <= a.max && a.tol >= 0) {
			d.fail("an age from %g to %g ± %g", a.min, a.max, a.tol)
		}
	}
	for i, m := range [...]*measure{&p.height, &p.weight} {
		if flags&(flagHeight<<i) != 0 {
			if m.lo, m.hi, m.tol = d.float(), d.float(), d.float(); !(m.lo <= m.hi && m.tol >= 0) {
				d.fail("a measure from %g to %g ± %g", m.lo, m.hi, m.tol)
			}
		}
	}
	return flags
}

// things writes the incident, places, marks and description words.
func (e *encoder) things(p *Profile) {
	e.str(p.incident())
	e.points(p.lastPts())
	e.points(p.routePts())
	e.strs(p.countries())
	e.strs(p.regions())
	e.uvarint(uint64(len(p.marks)))
	for _, m := range p.marks {
		enum(e, m.typ, markTypeCodes)
		e.b = append(e.b, byte(m.loc.Part), byte(m.loc.Region)|byte(m.loc.Side)<<4)
		e.tokens(m.desc)
	}
	e.tokens(p.clothing())
	e.tokens(p.effects())
	e.tokens(p.medical())
}

func (d *decoder) things(p *Profile, lists []string) []string {
	// The incident is one string, not a counted list: none when empty.
	if id := d.str(); id != "" {
		lists = append(lists, id)
	}
	p.strs.ends[incidentList] = uint32(len(lists))
	// The lists of points, then of hashes, are gathered in room on the
	// stack, then allocated once.
	var ptRoom [8]point
	pts := d.appendPoints(ptRoom[:0])
	p.pts.ends[0] = uint32(len(pts))
	p.pts.all = exact(d.appendPoints(pts))
	lists = d.strList(lists, p, countriesList)
	lists = d.strList(lists, p, regionsList)
	if n := d.count(minMarkBytes); n > 0 {
		p.marks = make([]markInfo, n)
		for i := range p.marks {
			m := &p.marks[i]
			m.typ = decodeEnum(d, markTypeCodes)
			part, rs := d.byte(), d.byte()
			m.loc = Location{Part: BodyPart(part), Region: BodyRegion(rs & 15), Side: Side(rs >> 4)}
			if m.loc.Part >= partCount || m.loc.Region > RegionLeg || m.loc.Side > BothSides {
				d.fail("mark location %d/%d/%d", part, rs&15, rs>>4)
			}
			m.desc = d.tokens()
		}
	}
	var hRoom [64]uint64
	hs := hRoom[:0]
	for l := range tokenListCount {
		hs = d.appendTokens(hs)
		if l < tokenListCount-1 {
			p.tokens.ends[l] = uint32(len(hs))
		}
	}
	p.tokens.all = exact(hs)
	return lists
}

// ids writes the identifiers, the dental chart, nationalities, languages
// and what is known of the enquirer.
func (e *encoder) ids(p *Profile) {
	e.uvarint(uint64(len(p.docs())))
	for _, doc := range p.docs() {
		e.str(doc.number)
		e.str(doc.country)
		enum(e, doc.typ, docTypeCodes)
	}
	e.uvarint(uint64(len(p.phones())))
	for _, ph := range p.phones() {
		e.b = binary.AppendVarint(e.b, int64(ph.cc))
		e.uvarint(ph.nn)
		e.str(ph.e164)
	}
	e.strs(p.dna())
	e.strs(p.serials())
	e.chart(p.chart)
	e.strs(p.nationals())
	e.strs(p.languages())
	enum(e, p.enquirerRel(), relCodes)
	enum(e, p.enquirerSex(), sexCodes)
}

// ids reads the identifiers, the dental chart, nationalities, languages
// and what is known of the enquirer; lists are the lists of strings that
// things read, which the profile's other lists join.
func (d *decoder) ids(p *Profile, lists []string) {
	if n := d.count(minDocBytes); n > 0 {
		ids := p.identsToFill()
		ids.docs = make([]docKey, n)
		for i := range ids.docs {
			ids.docs[i] = docKey{number: d.str(), country: d.str(), typ: decodeEnum(d, docTypeCodes)}
		}
	}
	if n := d.count(minPhoneBytes); n > 0 {
		ids := p.identsToFill()
		ids.phones = make([]phoneKey, n)
		for i := range ids.phones {
			cc := d.varint()
			if cc != int64(int32(cc)) {
				d.fail("country calling code %d", cc)
			}
			ids.phones[i] = phoneKey{cc: int32(cc), nn: d.uvarint(), e164: d.str()}
		}
	}
	lists = d.strList(lists, p, dnaList)
	lists = d.strList(lists, p, serialsList)
	if p.chart = d.chart(); p.chart != nil {
		p.teeth = uint8(bits.OnesCount64(p.chart.mask))
	}
	lists = d.strList(lists, p, nationalsList)
	lists = d.strList(lists, p, languagesList)
	p.strs.all = exact(lists)
	p.enqRel, p.enqSex = decodeCode(d, relCodes), decodeCode(d, sexCodes)
}

func (e *encoder) names(pn *PersonNames) error {
	for l := range nameLists {
		lo, hi := pn.bounds(l)
		e.uvarint(uint64(hi - lo))
	}
	// The lists lie in all in the order of the encoding.
	for i := range pn.all {
		e.uvarint(uint64(pn.ini[i]))
		var err error
		if e.b, err = pn.all[i].AppendBinary(e.b); err != nil {
			return err
		}
	}
	return nil
}

// names reads the person's names: the lists' lengths, then each name with
// its initials, all in one array of names and one of initials. A person
// without names shares noNames.
func (d *decoder) names() *PersonNames {
	var ends [enquirerNames]uint32
	total := 0
	for l := range nameLists {
		total += d.count(minNameBytes)
		if l < enquirerNames {
			ends[l] = uint32(total)
		}
	}
	if total > len(d.b)/minNameBytes {
		d.truncated()
	}
	if d.err != nil || total == 0 {
		return &noNames
	}
	pn := &PersonNames{ends: ends, all: make([]phonetic.Name, total), ini: make([]uint32, total)}
	for i := range pn.all {
		v := d.uvarint()
		if v > math.MaxUint32 {
			d.fail("initials %#x", v)
		}
		if d.err != nil {
			return pn
		}
		pn.ini[i] = uint32(v)
		var err error
		if pn.all[i], d.b, err = d.nameTable.Decode(d.b); err != nil {
			d.fail("name %d: %w", i, err)
			return pn
		}
	}
	return pn
}

// encoder appends a profile's encoding to b.
type encoder struct {
	b        []byte
	strBytes int   // the bytes of the strings written so far
	err      error // the first value the encoding cannot hold
}

func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }

func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
	e.strBytes += len(s)
}

func (e *encoder) strs(l []string) {
	e.uvarint(uint64(len(l)))
	for _, s := range l {
		e.str(s)
	}
}

// float writes f's bits with their bytes reversed, so that the zero low
// bytes of a whole or a simple number's mantissa cost nothing.
func (e *encoder) float(f float64) { e.uvarint(bits.ReverseBytes64(math.Float64bits(f))) }

// enum writes v as its place in known plus one, 0 for "", or as
// enumOther and the string.
func enum[T ~string](e *encoder, v T, known []T) {
	if v == "" {
		e.b = append(e.b, 0)
		return
	}
	for i, k := range known {
		if k == v {
			e.b = append(e.b, byte(i+1))
			return
		}
	}
	e.b = append(e.b, enumOther)
	e.str(string(v))
}

func (e *encoder) colours(c colours) {
	e.uvarint(uint64(c.colour))
	e.b = append(e.b, c.texture)
}

func (e *encoder) points(pts []point) {
	e.uvarint(uint64(len(pts)))
	for _, pt := range pts {
		for _, x := range [...]float64{pt.x, pt.y, pt.z} {
			e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(x))
		}
	}
}

func (e *encoder) tokens(t tokenSet) {
	e.uvarint(uint64(len(t.h)))
	for _, h := range t.h {
		e.b = binary.LittleEndian.AppendUint64(e.b, h)
	}
}

// chart writes the mask of charted teeth and the status of each.
func (e *encoder) chart(c *chart) {
	if c == nil {
		e.uvarint(0)
		return
	}
	if c.mask > maxTeethMask {
		e.err = fmt.Errorf("teeth %#x beyond the chart", c.mask)
		return
	}
	e.uvarint(c.mask)
	for m := c.mask; m != 0; m &= m - 1 {
		e.b = append(e.b, c.status[bits.TrailingZeros64(m)])
	}
}

// decoder reads a profile's encoding and remembers its first error, after
// which every read gives zero values. The strings it reads are gathered
// in strs, grown once to their announced total, so that a profile's
// strings take one allocation.
type decoder struct {
	b    []byte
	strs strings.Builder
	err  error
	// nameTable, if set, decodes the names, sharing them.
	nameTable *phonetic.NameTable
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("engine: malformed profile encoding: "+format, args...)
	}
	d.b = nil
}

func (d *decoder) truncated() {
	if d.err == nil {
		d.err = errProfileTruncated
	}
	d.b = nil
}

func (d *decoder) byte() byte {
	if len(d.b) < 1 {
		d.truncated()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uint64() uint64 {
	if len(d.b) < 8 {
		d.truncated()
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *decoder) uvarint() uint64 {
	v, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.badVarint(k)
		return 0
	}
	d.b = d.b[k:]
	return v
}

func (d *decoder) varint() int64 {
	v, k := binary.Varint(d.b)
	if k <= 0 {
		d.badVarint(k)
		return 0
	}
	d.b = d.b[k:]
	return v
}

// badVarint fails for what binary.Uvarint or Varint returned k for.
func (d *decoder) badVarint(k int) {
	if k == 0 {
		d.truncated()
		return
	}
	d.fail("a number overflows 64 bits")
}

// count reads a number of items each encoded in at least size bytes,
// which the rest of the encoding must have room for.
func (d *decoder) count(size int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)/size) {
		d.truncated()
		return 0
	}
	return int(n)
}

// maxMagnitude bounds the finite values of a decoded profile's dates,
// ages and measures: no day since 1970, age, height or weight comes near
// it, and blocking turns them into whole numbers of periods and months
// that larger ones would overflow. Infinities, which open intervals hold,
// are kept.
const maxMagnitude = 1e9

func (d *decoder) float() float64 {
	f := math.Float64frombits(bits.ReverseBytes64(d.uvarint()))
	if math.Abs(f) > maxMagnitude && !math.IsInf(f, 0) {
		d.fail("a value of %g", f)
		return 0
	}
	return f
}

// str reads a string into the profile's strings and returns it.
func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.truncated()
		return ""
	}
	if n == 0 {
		return ""
	}
	at := d.strs.Len()
	d.strs.Write(d.b[:n])
	d.b = d.b[n:]
	// The builder only appends: what String returned stays as it was and,
	// within the announced total, shares one allocation.
	return d.strs.String()[at:]
}

// strList reads list l of the profile's lists of strings, appending it to
// lists, which the decoder puts in the profile, in an array of their own
// length, once it has read them all: they take one allocation.
func (d *decoder) strList(lists []string, p *Profile, l strList) []string {
	n := d.count(minStrBytes)
	for range n {
		lists = append(lists, d.str())
	}
	if l < strListCount-1 {
		p.strs.ends[l] = uint32(len(lists))
	}
	return lists
}

// decodeEnum reads what enum wrote.
func decodeEnum[T ~string](d *decoder, known []T) T {
	switch c := d.byte(); {
	case c == 0:
		return ""
	case int(c) <= len(known):
		return known[c-1]
	case c == enumOther:
		return T(d.str())
	default:
		d.fail("code %d of a list of %d", c, len(known))
		return ""
	}
}

// decodeCode reads what enum wrote of a value of known and returns its
// code of listCode; a profile holds no other value.
func decodeCode[T ~string](d *decoder, known []T) uint8 {
	c := d.byte()
	if int(c) > len(known) {
		d.fail("code %d of a list of %d", c, len(known))
		return 0
	}
	return c
}

// colours reads colours of the scale s, whose classes bound them:
// comparing colours reads the classes next to each.
func (d *decoder) colours(s *colourScale) colours {
	c := d.uvarint()
	if c >= 1<<len(s.names) {
		d.fail("colours %#x", c)
	}
	return colours{colour: uint16(c), texture: d.byte()}
}

// appendPoints reads a list of points and appends them to pts.
func (d *decoder) appendPoints(pts []point) []point {
	n := d.count(minPointBytes)
	for range n {
		pts = append(pts, point{math.Float64frombits(d.uint64()), math.Float64frombits(d.uint64()), math.Float64frombits(d.uint64())})
	}
	return pts
}

// tokens reads a token set, whose hashes must be sorted and unique:
// comparing sets merges them.
func (d *decoder) tokens() tokenSet {
	n := d.count(8)
	if n == 0 {
		return tokenSet{}
	}
	t := tokenSet{h: make([]uint64, n)}
	for i := range t.h {
		t.h[i] = d.uint64()
		if i > 0 && t.h[i] <= t.h[i-1] && d.err == nil {
			d.fail("word hashes out of order")
		}
	}
	return t
}

// appendTokens reads a token set as tokens does and appends its hashes to
// h.
func (d *decoder) appendTokens(h []uint64) []uint64 {
	n := d.count(8)
	for i := range n {
		v := d.uint64()
		if i > 0 && v <= h[len(h)-1] && d.err == nil {
			d.fail("word hashes out of order")
		}
		h = append(h, v)
	}
	return h
}

// chart reads a dental chart, whose teeth and statuses index the tables
// of comparison.
func (d *decoder) chart() *chart {
	mask := d.uvarint()
	if mask == 0 {
		return nil
	}
	if mask > maxTeethMask {
		d.fail("teeth %#x beyond the chart", mask)
		return nil
	}
	c := &chart{mask: mask}
	for m := mask; m != 0; m &= m - 1 {
		s := d.byte()
		if s == 0 || int(s) > len(ToothStatuses) {
			d.fail("tooth status %d", s)
		}
		c.status[bits.TrailingZeros64(m)] = s
	}
	return c
}
