package engine

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rflmatch/rflmatch/phonetic"
)

// BlockOptions tune candidate generation. The zero value uses the
// defaults. Every limit is a fixed number, not a share of the records, so
// that the candidates of a query grow far more slowly than the data and
// never past MaxCandidates, whatever the data holds: one name, one date,
// one incident or one phone number for everyone.
type BlockOptions struct {
	// MaxBlock is the largest number of records a name key may be shared
	// by and still be used alone. A key above it (Mohamed, Nguyen, Diallo)
	// is used only combined: two parts of one name together, or a part
	// with the person's sex and birth period, each again only up to
	// MaxCombined records. The default is 100.
	MaxBlock int
	// MaxCombined bounds a combined name key (two parts, or a part with
	// sex and birth period). The default is 1,000.
	MaxCombined int
	// MaxIdentifier bounds an identifier key: a document number, a phone
	// number, a DNA profile id or an implant serial number shared by more
	// records than this is a placeholder ("000000", "unknown") or a line
	// many people use (a shelter's phone), not something that tells one
	// person, and gives no candidates. The default is 100; in the
	// generated data no identifier is shared by more than 3 records.
	MaxIdentifier int
	// MaxIncident bounds an incident key: every body recovered from one
	// shipwreck stays a candidate of every case that names the shipwreck,
	// up to this many bodies; an incident id shared by more records (one
	// id for a whole route or year) gives none. The default is 2,000,
	// twice the toll of the deadliest recorded shipwrecks of the
	// Mediterranean (about a thousand dead).
	MaxIncident int
	// After is how long after the last contact remains may be recovered
	// and still be proposed by the non-name rule (sex + birth period +
	// region + month), the only rule that finds a body without name,
	// papers or phone. The default is 18 months; names, documents, phones
	// and incidents find later recoveries.
	After time.Duration
	// MaxCell bounds one non-name cell: a cell shared by more records
	// than this, or than MaxDescription, gives no candidates. The default
	// is 20,000, so that MaxDescription is the bound in force.
	MaxCell int
	// MaxDescription bounds how many candidates the non-name rule adds to
	// one query, and again how many sought cases the reverse look-up adds
	// to the query of remains or a registration ([ReversePostings]).
	// Cells are opened whole, nearest month first, each only when it fits
	// in what is left; no month after one where a cell did not fit is
	// opened. The default is 1,200: a bound that keeps the blocking
	// recall of 20,000 generated people (BenchmarkBlockCandidates) above
	// what it was when the month that crossed 1,000 was opened in full
	// (16 true pairs missed instead of 25 before issue 18, with 1,534
	// candidates per case instead of 1,495); at 1,000 cells opened whole
	// miss more than before.
	MaxDescription int
	// MaxCandidates bounds the candidates of one query. Identifiers and
	// the incident are taken first, then the name keys from the most
	// specific (shared by the fewest records) up, leaving room for the
	// non-name rule's MaxDescription (twice for remains and registrations,
	// which also get the reverse look-up), then the non-name rule: a key
	// whose records not yet selected would take the query past its room
	// is left out, never cut short, so that which records it gives does
	// not depend on the order of a posting. The default is 5,000: against
	// 100,000 generated remains and registrations (seed 11, as the
	// cross-check benchmark), a case has 2,424 candidates on average and
	// 4,943 at most (2,363 and 5,610 before issue 18, with no bound on
	// the whole query and the month that crossed 1,000 description
	// candidates opened in full).
	MaxCandidates int
}

func (o BlockOptions) withDefaults() BlockOptions {
	if o.MaxBlock == 0 {
		o.MaxBlock = 100
	}
	if o.MaxCombined == 0 {
		o.MaxCombined = 1000
	}
	if o.MaxIdentifier == 0 {
		o.MaxIdentifier = 100
	}
	if o.MaxIncident == 0 {
		o.MaxIncident = 2000
	}
	if o.After == 0 {
		o.After = 18 * 30 * 24 * time.Hour
	}
	if o.MaxCell == 0 {
		o.MaxCell = 20000
	}
	if o.MaxDescription == 0 {
		o.MaxDescription = 1200
	}
	if o.MaxCandidates == 0 {
		o.MaxCandidates = 5000
	}
	return o
}

// BlockIndex finds the candidates of a profile among indexed profiles: the
// union of every blocking rule. It is read-only once built and safe for
// concurrent queries, each with its own [BlockScratch].
type BlockIndex struct {
	opt      BlockOptions
	postings map[string][]int32
	reverse  map[string][]int32 // the sought profiles' ReverseKeys
	size     int
}

// Key prefixes of the blocking rules.
const (
	keyNamePart    = 'n' // one name part's phonetic or folded key
	keyNamePair    = 'q' // two parts of one name, unordered
	keyNameBand    = 'm' // one name part with sex and birth period
	keyPairBand    = 'r' // two parts with sex and birth period
	keyDocument    = 'd'
	keyPhone       = 'p' // E.164
	keyPhoneByNN   = 'P' // national number of a number whose country is known
	keyPhoneNoCC   = 'u' // national number of a number whose country is not
	keyIncident    = 'i'
	keyDNA         = 'g'
	keySerial      = 's'
	keyDescription = 'b' // sex + birth period + region + month: no name needed
	keyReverse     = 'B' // a sought case's description cell in a month of its last contact
)

// NewBlockIndex indexes profiles for candidate generation.
func NewBlockIndex(profiles []*Profile, opt BlockOptions) *BlockIndex {
	ix := &BlockIndex{opt: opt.withDefaults(), postings: map[string][]int32{}, reverse: map[string][]int32{}, size: len(profiles)}
	// Keys in parallel, postings in order: the index is the same on every
	// run.
	keys := make([][]string, len(profiles))
	rev := make([][]string, len(profiles))
	parallel(len(profiles), func(i int) { keys[i], rev[i] = profiles[i].IndexKeys(), profiles[i].ReverseKeys() })
	for i := range profiles {
		for _, k := range keys[i] {
			ix.postings[k] = append(ix.postings[k], int32(i))
		}
		for _, k := range rev[i] {
			ix.reverse[k] = append(ix.reverse[k], int32(i))
		}
	}
	return ix
}

// BlockScratch is one worker's reusable state for [BlockOptions.Select]:
// the query's keys and the set of slots already selected. The set is a
// small open-addressing table sized to the query's candidates, not an
// array over every indexed profile: at a million profiles such an array
// is 4 MB that each query would touch at random.
type BlockScratch struct {
	table []int32  // slot+1 per used entry, 0 when empty
	used  []uint32 // the entries of table set by this query
	keys  []string
	names [][]int32 // the postings of the query's usable name keys
}

// Candidates appends to dst the indexes of the profiles that share a
// usable blocking key with p, each once.
func (ix *BlockIndex) Candidates(p *Profile, s *BlockScratch, dst []int32) []int32 {
	return ix.opt.Select(ix, p, s, dst)
}

// Posting returns the indexes of the profiles indexed under key.
func (ix *BlockIndex) Posting(key string) []int32 { return ix.postings[key] }

// ReversePosting returns the indexes of the sought profiles whose
// [Profile.ReverseKeys] hold key.
func (ix *BlockIndex) ReversePosting(key string) []int32 { return ix.reverse[key] }

// Postings are an inverted index of blocking keys: for each key, the slots
// of the indexed profiles whose [Profile.IndexKeys] hold it. [BlockIndex]
// is one, over a slice of profiles; a store keeps one over its cases.
type Postings interface {
	// Posting returns the slots indexed under key, each once, in any
	// order. The caller does not change the slice.
	Posting(key string) []int32
}

// Select appends to dst the slots of the profiles that share a usable
// blocking key with the query p, each once and at most o.MaxCandidates of
// them: every rule of candidate generation over the postings, with the
// limits of o. s is the caller's scratch, one per goroutine.
//
// Which keys are used depends only on the keys and the records their
// postings hold, never on the order of the slots in a posting, so that a
// store's postings, whose order changes with its writes, select what a
// [BlockIndex] of the same profiles selects.
func (o BlockOptions) Select(ix Postings, p *Profile, s *BlockScratch, dst []int32) []int32 {
	o = o.withDefaults()
	s.reset()
	s.keys = p.blockKeys(s.keys[:0], true, o)
	b := budget{start: len(dst), max: o.MaxCandidates}
	rev, reverse := ix.(ReversePostings)
	reverse = reverse && p.side != sought
	s.names = s.names[:0]
	described := len(s.keys)
	for i, k := range s.keys {
		if k[0] == keyDescription {
			described = i // description keys come last
			break
		}
		post := ix.Posting(k)
		switch k[0] {
		case keyNamePart, keyNamePair, keyNameBand, keyPairBand:
			if o.usableName(ix, k, post) {
				s.names = append(s.names, post)
			}
		case keyIncident:
			if len(post) <= o.MaxIncident && b.fits(s, dst, post) {
				dst = s.add(dst, post)
			}
		default: // documents, phones, DNA profiles, implant serials
			if len(post) <= o.MaxIdentifier && b.fits(s, dst, post) {
				dst = s.add(dst, post)
			}
		}
	}
	// Names, most specific first: where the budget ends, the keys left out
	// are the ones shared by the most records, whose candidates say least.
	// Stable, so that keys of one size keep their order.
	names := budget{start: b.start, max: o.MaxCandidates - o.MaxDescription}
	if reverse {
		names.max -= o.MaxDescription
	}
	slices.SortStableFunc(s.names, func(x, y []int32) int { return cmp.Compare(len(x), len(y)) })
	for _, post := range s.names {
		if names.fits(s, dst, post) {
			dst = s.add(dst, post)
		}
	}
	dst = o.selectDescription(ix, s.keys[described:], s, b, dst)
	if reverse {
		dst = o.selectReverse(ix, rev, p, s, b, dst)
	}
	return dst
}

// budget is how many candidates a query may take: at most max beyond the
// start of its dst.
type budget struct{ start, max int }

// fits reports whether adding post keeps the query within the budget.
func (b budget) fits(s *BlockScratch, dst []int32, post []int32) bool {
	return b.within(len(dst)-b.start, s, post, b.max)
}

// within reports whether used plus the slots of post not yet selected
// stays within limit. What a posting adds does not depend on the order of
// its slots: a query selects the same whatever order its postings hold.
func (b budget) within(used int, s *BlockScratch, post []int32, limit int) bool {
	if used+len(post) <= limit {
		return true // the common case, without looking the slots up
	}
	return used+s.fresh(post) <= limit
}

// usableName reports whether the name key k, whose posting is post, gives
// candidates: a plain key up to MaxBlock records, a pair up to
// MaxCombined, and a key refined by sex and birth period only where its
// plain key is too common to be used (otherwise the plain key already
// gave its records), again up to MaxCombined.
func (o BlockOptions) usableName(ix Postings, k string, post []int32) bool {
	switch k[0] {
	case keyNamePart:
		return len(post) <= o.MaxBlock
	case keyNamePair:
		return len(post) <= o.MaxCombined
	}
	limit := o.MaxBlock
	if k[0] == keyPairBand {
		limit = o.MaxCombined
	}
	return len(ix.Posting(string(plainOf(k)))) > limit && len(post) <= o.MaxCombined
}

// cellLimit is the most records a description cell may hold and still be
// opened: a larger one could never fit in the description budget.
func (o BlockOptions) cellLimit() int { return min(o.MaxCell, o.MaxDescription) }

// selectDescription adds the candidates of the description keys, which
// come month by month from the last contact on: each cell whole, while the
// query's description candidates stay within MaxDescription and all its
// candidates within b. Once a cell did not fit, no later month is opened,
// so that the bodies found soonest after the last contact are the ones
// compared.
func (o BlockOptions) selectDescription(ix Postings, keys []string, s *BlockScratch, b budget, dst []int32) []int32 {
	described, month, full := 0, "", false
	for _, k := range keys {
		if m := k[strings.LastIndexByte(k, '|'):]; m != month {
			if full {
				break
			}
			month = m
		}
		post := ix.Posting(k)
		if len(post) > o.cellLimit() {
			continue
		}
		if !b.within(described, s, post, o.MaxDescription) || !b.fits(s, dst, post) {
			full = true
			continue
		}
		n := len(dst)
		dst = s.add(dst, post)
		described += len(dst) - n
	}
	return dst
}

// selectReverse adds the sought cases that would find the remains or
// registration p by description: those whose last contact falls in one of
// p's cells from opt.After before p's date to p's date, nearest months
// first, each cell whole while they stay within MaxDescription and the
// query within b, and no month after one where a cell did not fit. It may
// add a case whose own query spent its budget on nearer bodies: a few more
// candidates, never past the bounds.
func (o BlockOptions) selectReverse(ix Postings, rev ReversePostings, p *Profile, s *BlockScratch, b budget, dst []int32) []int32 {
	bands := p.birthBands()
	regs, lo, hi, ok := p.descriptionMonths(false, o, bands)
	if !ok {
		return dst
	}
	sexes := p.blockSexes(false)
	back := int(o.After.Hours()/24/30.436875) + 1
	added, full := 0, false
	var key []byte
	for m := hi; m >= lo-back && !full; m-- {
		for _, sx := range sexes {
			for _, bd := range bands {
				for _, r := range regs {
					key = appendCell(key[:0], keyReverse, sx, bd, r, m)
					// The cell as the body's own index key: too crowded a
					// cell is skipped by the sought case's query too.
					key[0] = keyDescription
					if len(ix.Posting(string(key))) > o.cellLimit() {
						continue
					}
					key[0] = keyReverse
					post := rev.ReversePosting(string(key))
					if !b.within(added, s, post, o.MaxDescription) || !b.fits(s, dst, post) {
						full = true
						continue
					}
					n := len(dst)
					dst = s.add(dst, post)
					added += len(dst) - n
				}
			}
		}
	}
	return dst
}

// IndexKeys returns the blocking keys a profile is indexed under, as the
// right side of a cross-check or a stored case: what [BlockOptions.Select]
// looks up for other profiles' queries.
func (p *Profile) IndexKeys() []string { return p.blockKeys(nil, false, BlockOptions{}.withDefaults()) }

// QueryKeys returns the blocking keys a profile looks up as a query with
// the options o, before [BlockOptions.Select] applies their limits.
func (p *Profile) QueryKeys(o BlockOptions) []string { return p.blockKeys(nil, true, o.withDefaults()) }

// ReverseKeys returns, for a sought person, the description cells (sex,
// birth period, route region) of the months of the last contact: what
// remains and registrations look up to find the sought cases that would
// find them by description ([ReversePostings]). Other profiles have none.
// They are the part of a sought case's query keys that its index keys do
// not mirror: names, documents, phones and the other identifiers are
// looked up the same way from either side.
func (p *Profile) ReverseKeys() []string {
	if p.side != sought {
		return nil
	}
	bands, sexes := p.birthBands(), p.blockSexes(true)
	regs, lo, hi, ok := p.descriptionMonths(true, BlockOptions{}.withDefaults(), bands)
	if !ok {
		return nil
	}
	return appendCells(nil, keyReverse, sexes, bands, regs, lo, min(hi, monthIndex(p.alive.hi)))
}

// ReversePostings are postings of the sought cases' [Profile.ReverseKeys].
// When the [Postings] given to [BlockOptions.Select] also implement it,
// remains and registrations get, beside their own query's candidates, the
// sought cases whose own query would select them by description.
type ReversePostings interface {
	// ReversePosting returns the slots of the sought cases indexed under
	// the reverse key.
	ReversePosting(key string) []int32
}

// reset empties the set for a new query.
func (s *BlockScratch) reset() {
	for _, u := range s.used {
		s.table[u] = 0
	}
	s.used = s.used[:0]
	if s.table == nil {
		s.table = make([]int32, 4096)
	}
}

// add appends the postings not yet seen in this query.
func (s *BlockScratch) add(dst []int32, post []int32) []int32 {
	for _, i := range post {
		if 2*len(s.used) >= len(s.table) {
			s.grow()
		}
		mask := uint32(len(s.table) - 1)
		h := slotHash(i, len(s.table))
		for {
			v := s.table[h]
			if v == 0 {
				s.table[h] = i + 1
				s.used = append(s.used, h)
				dst = append(dst, i)
				break
			}
			if v == i+1 {
				break
			}
			h = (h + 1) & mask
		}
	}
	return dst
}

// fresh counts the slots of post not yet selected by this query (a slot
// the posting holds twice counts twice).
func (s *BlockScratch) fresh(post []int32) int {
	n := 0
	mask := uint32(len(s.table) - 1)
	for _, i := range post {
		h := slotHash(i, len(s.table))
		for {
			v := s.table[h]
			if v == 0 {
				n++
				break
			}
			if v == i+1 {
				break
			}
			h = (h + 1) & mask
		}
	}
	return n
}

// slotHash places a slot in a table of size n (a power of two): the high
// bits of a multiplicative hash, which spread slots that differ in any bit.
func slotHash(slot int32, n int) uint32 {
	return (uint32(slot) * 0x9E3779B1) >> (32 - bits.TrailingZeros(uint(n)))
}

// grow doubles the set's table, keeping what it holds.
func (s *BlockScratch) grow() {
	old := s.used
	vals := make([]int32, len(old))
	for k, u := range old {
		vals[k] = s.table[u]
	}
	s.table = make([]int32, 2*len(s.table))
	s.used = make([]uint32, 0, cap(old))
	mask := uint32(len(s.table) - 1)
	for _, v := range vals {
		h := slotHash(v-1, len(s.table))
		for s.table[h] != 0 {
			h = (h + 1) & mask
		}
		s.table[h] = v
		s.used = append(s.used, h)
	}
}

// plainOf is the plain name key a banded key refines: the banded keys are
// the plain key with a suffix after a 0 byte.
func plainOf(k string) []byte {
	b := []byte(k)
	switch b[0] {
	case keyNameBand:
		b[0] = keyNamePart
	case keyPairBand:
		b[0] = keyNamePair
	}
	if i := slices.Index(b, 0); i >= 0 {
		b = b[:i]
	}
	return b
}

// blockKeys lists the blocking keys of a profile. query says whether the
// profile is asking (its non-name keys then span the months after its last
// contact) or being indexed (the months of its recovery or registration).
func (p *Profile) blockKeys(keys []string, query bool, opt BlockOptions) []string {
	bands := p.birthBands()
	sexes := p.blockSexes(query)
	names := p.names()
	lists := [][]phonetic.Name{names.counted()}
	if query {
		// Reciprocal tracing: the enquirer of one request is the sought
		// person of the other.
		lists = append(lists, names.Enquirer())
	}
	for _, list := range lists {
		for ni := range list {
			keys = nameBlockKeys(keys, &list[ni], sexes, bands)
		}
	}
	for _, d := range p.docs() {
		keys = append(keys, string(keyDocument)+d.number)
	}
	for _, ph := range p.phones() {
		keys = phoneBlockKeys(keys, ph, query)
	}
	if id := p.incident(); id != "" {
		keys = append(keys, string(keyIncident)+id)
	}
	for _, d := range p.dna() {
		keys = append(keys, string(keyDNA)+d)
	}
	for _, s := range p.serials() {
		keys = append(keys, string(keySerial)+s)
	}
	return p.descriptionKeys(keys, query, opt, sexes, bands)
}

// phoneBlockKeys adds a phone's keys. A number written without its
// country code, and no nationality to supply one, is the same phone as any
// number with its national number: it meets those by national number,
// while two numbers of known, different countries never meet.
func phoneBlockKeys(keys []string, ph phoneKey, query bool) []string {
	nn := strconv.FormatUint(ph.nn, 10)
	switch {
	case ph.cc != 0 && query:
		return append(keys, string(keyPhone)+ph.e164, string(keyPhoneNoCC)+nn)
	case ph.cc != 0:
		return append(keys, string(keyPhone)+ph.e164, string(keyPhoneByNN)+nn)
	case query:
		return append(keys, string(keyPhoneByNN)+nn, string(keyPhoneNoCC)+nn)
	}
	return append(keys, string(keyPhoneNoCC)+nn)
}

// nameBlockKeys adds the keys of one parsed name: each part's keys, every
// unordered pair of parts, and both again refined by sex and birth band
// for when they are too common alone.
func nameBlockKeys(keys []string, n *phonetic.Name, sexes []byte, bands []int) []string {
	if bands[0] == -1 {
		// Without an age the refinement would be by sex alone, which
		// does not make a common name usable.
		sexes = nil
	}
	var folded []string
	for _, k := range n.Keys() {
		if k.Role == phonetic.Prefix {
			continue
		}
		v := string(rune('0'+k.Type)) + k.Value
		keys = append(keys, string(keyNamePart)+v)
		for _, s := range sexes {
			for _, b := range bands {
				keys = append(keys, string(keyNameBand)+v+"\x00"+string(s)+strconv.Itoa(b))
			}
		}
	}
	for i := range n.Parts {
		pt := &n.Parts[i]
		if pt.Role == phonetic.Prefix || pt.Initial || pt.Folded == "" || slices.Contains(folded, pt.Folded) {
			continue
		}
		folded = append(folded, pt.Folded)
	}
	slices.Sort(folded)
	for i := range folded {
		for j := i + 1; j < len(folded); j++ {
			v := folded[i] + "|" + folded[j]
			keys = append(keys, string(keyNamePair)+v)
			for _, s := range sexes {
				for _, b := range bands {
					keys = append(keys, string(keyPairBand)+v+"\x00"+string(s)+strconv.Itoa(b))
				}
			}
		}
	}
	return keys
}

// bandYears is the width of a birth period in the blocking keys.
const bandYears = 5

// birthBands lists the five-year birth periods the profile's widened birth
// window touches, or [-1] (any) when nothing is known of its age.
func (p *Profile) birthBands() []int {
	// Against itself, remains' age holds at a death within two years
	// before recovery (the window two records of one body share): an open
	// window would give no band at all. Bodies lost for longer are found
	// by their names, papers and identifiers.
	_, wide := p.birthWindow(p, false)
	if !wide.ok || !finite(wide.lo) || !finite(wide.hi) {
		return []int{-1}
	}
	lo := int(math.Floor((1970 + wide.lo/year) / bandYears))
	hi := int(math.Floor((1970 + wide.hi/year) / bandYears))
	if hi-lo > 12 {
		return []int{-1}
	}
	var out []int
	for b := lo; b <= hi; b++ {
		out = append(out, b)
	}
	return out
}

// blockSexes lists the sexes a profile's keys carry: its own when known;
// both when unknown, or, for indexed remains, uncertain.
func (p *Profile) blockSexes(query bool) []byte {
	switch {
	case p.sexN == sexMale && (p.sexCertain || query):
		return []byte{'m'}
	case p.sexN == sexFemale && (p.sexCertain || query):
		return []byte{'f'}
	}
	return []byte{'m', 'f'}
}

// regions group the countries of migration routes into the seas and
// deserts where people go missing and remains are found. A country may lie
// on several routes (Libya: the Sahara crossing and the Central
// Mediterranean). The groups are coarse on purpose: they only decide which
// nameless bodies a tracing request is compared with at all.
var regions = map[string][]string{
	"LY": {"cmed", "sahara"}, "TN": {"cmed"}, "IT": {"cmed"}, "MT": {"cmed"},
	"DZ": {"wmed", "sahara"}, "MA": {"wmed", "atlantic"}, "ES": {"wmed", "atlantic"},
	"EH": {"atlantic"}, "MR": {"atlantic", "sahara"}, "SN": {"atlantic"}, "GM": {"atlantic"},
	"GN": {"atlantic"}, "GW": {"atlantic"}, "CV": {"atlantic"},
	"TR": {"emed", "balkans"}, "GR": {"emed", "balkans"}, "CY": {"emed"}, "SY": {"emed"}, "LB": {"emed"},
	"BG": {"balkans", "emed"}, "MK": {"balkans"}, "RS": {"balkans"}, "BA": {"balkans"}, "HR": {"balkans"},
	"SI": {"balkans"}, "HU": {"balkans"}, "AL": {"balkans"}, "ME": {"balkans"}, "XK": {"balkans"}, "RO": {"balkans"},
	"FR": {"channel"}, "GB": {"channel"}, "BE": {"channel"},
	"NE": {"sahara"}, "ML": {"sahara", "atlantic"}, "TD": {"sahara"}, "SD": {"sahara"}, "EG": {"sahara", "cmed"},
	"YE": {"horn"}, "DJ": {"horn"}, "SO": {"horn"}, "ET": {"horn"}, "SA": {"horn"}, "ER": {"horn", "sahara"},
	"PA": {"americas"}, "CO": {"americas"}, "MX": {"americas"}, "US": {"americas"}, "GT": {"americas"},
	"HN": {"americas"}, "CR": {"americas"}, "NI": {"americas"},
	"IR": {"asia"}, "AF": {"asia"}, "PK": {"asia"}, "BD": {"asia"}, "MM": {"asia"}, "TH": {"asia"}, "MY": {"asia"}, "ID": {"asia"},
}

// blockRegions lists the route regions of a profile: for a query the last
// contact and the route, for an indexed record the place of recovery or
// registration; places given by coordinates add the regions of
// [seaRegions] whatever their country says.
func (p *Profile) blockRegions() []string {
	out := slices.Clone(p.regions())
	for _, c := range p.countries() {
		for _, r := range regions[c] {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// monthIndex numbers months from the Unix epoch.
func monthIndex(days float64) int {
	t := time.Unix(int64(days*86400), 0).UTC()
	return (t.Year()-1970)*12 + int(t.Month()) - 1
}

// descriptionKeys adds the non-name rule's keys: sex, birth period, route
// region and month. A query spans the months from a week before its last
// contact to opt.After later; an indexed body its recovery months, an
// indexed registration its registration months. Without a place, a date
// or any age there is no key: such a record is found by its names and
// identifiers only.
func (p *Profile) descriptionKeys(keys []string, query bool, opt BlockOptions, sexes []byte, bands []int) []string {
	regs, lo, hi, ok := p.descriptionMonths(query, opt, bands)
	if !ok {
		return keys
	}
	// Month first: a query takes its nameless candidates month by month
	// from its last contact on, up to opt.MaxDescription.
	return appendCells(keys, keyDescription, sexes, bands, regs, lo, hi)
}

// descriptionMonths is the route regions and the span of months of a
// profile's description keys: for a query the months from a week before
// its last contact to opt.After later, for indexed remains their recovery
// (or death) months, for a registration its registration months. Without a place, a date or
// any age there is none, nor for an interval of more than three years.
func (p *Profile) descriptionMonths(query bool, opt BlockOptions, bands []int) (regs []string, lo, hi int, ok bool) {
	if bands[0] == -1 {
		return nil, 0, 0, false
	}
	var when span
	switch {
	case query && p.side == sought:
		when = p.alive
		if when.ok {
			when.lo -= graceDays
			when.hi += opt.After.Hours() / 24
		}
	case p.side == dead:
		when = p.recovery
		if p.death.ok && (!when.ok || p.death.lo < when.lo) {
			when = span{p.death.lo, math.Max(p.death.hi, when.hi), true}
		}
	case p.side == living:
		when = p.alive
	default:
		return nil, 0, 0, false
	}
	if !when.ok || !finite(when.lo) || !finite(when.hi) {
		return nil, 0, 0, false
	}
	lo, hi = monthIndex(when.lo), monthIndex(when.hi)
	if hi-lo > 36 {
		return nil, 0, 0, false // an interval of years says nothing about the month
	}
	regs = p.blockRegions()
	return regs, lo, hi, len(regs) > 0
}

// appendCells adds the description cells of every month from lo to hi,
// month first.
func appendCells(keys []string, prefix byte, sexes []byte, bands []int, regs []string, lo, hi int) []string {
	var key []byte
	for m := lo; m <= hi; m++ {
		for _, s := range sexes {
			for _, b := range bands {
				for _, r := range regs {
					key = appendCell(key[:0], prefix, s, b, r, m)
					keys = append(keys, string(key))
				}
			}
		}
	}
	return keys
}

// appendCell writes one description cell's key.
func appendCell(key []byte, prefix, sex byte, band int, region string, month int) []byte {
	key = append(key, prefix, sex)
	key = strconv.AppendInt(key, int64(band), 10)
	key = append(key, region...)
	key = append(key, '|')
	return strconv.AppendInt(key, int64(month), 10)
}
