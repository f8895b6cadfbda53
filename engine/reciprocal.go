package engine

import "fmt"

// Sex is the sex a relationship implies for the relative it names ("brother"
// is male), SexUnknown for cousins, friends and the like.
func (r Relationship) Sex() Sex { return relationshipSex(r) }

func relationshipSex(r Relationship) Sex {
	switch r {
	case "mother", "daughter", "sister", "wife", "grandmother", "granddaughter", "aunt", "niece":
		return Female
	case "father", "son", "brother", "husband", "grandfather", "grandson", "uncle", "nephew":
		return Male
	}
	return SexUnknown
}

// kin is a relationship without sex.
type kin uint8

const (
	kinUnknown kin = iota
	kinParent
	kinChild
	kinSibling
	kinSpouse
	kinGrandparent
	kinGrandchild
	kinAvuncular // uncle, aunt
	kinNibling   // nephew, niece
	kinCousin
	kinFriend
)

func kinOf(r Relationship) kin {
	switch r {
	case "mother", "father":
		return kinParent
	case "son", "daughter":
		return kinChild
	case "brother", "sister":
		return kinSibling
	case "husband", "wife":
		return kinSpouse
	case "grandmother", "grandfather":
		return kinGrandparent
	case "grandson", "granddaughter":
		return kinGrandchild
	case "uncle", "aunt":
		return kinAvuncular
	case "nephew", "niece":
		return kinNibling
	case "cousin":
		return kinCousin
	case "friend":
		return kinFriend
	}
	return kinUnknown
}

var inverseKin = [...]kin{
	kinParent: kinChild, kinChild: kinParent, kinSibling: kinSibling, kinSpouse: kinSpouse,
	kinGrandparent: kinGrandchild, kinGrandchild: kinGrandparent, kinAvuncular: kinNibling,
	kinNibling: kinAvuncular, kinCousin: kinCousin, kinFriend: kinFriend,
}

// Inverse is the relationship seen from the other side, given the sex of
// the person it will name: if the enquirer is the sought person's
// "brother", the sought person is the enquirer's "sister" when female.
// It is "" when the relationship is vague (other_relative, other) or the
// sex needed is unknown.
func (r Relationship) Inverse(sex Sex) Relationship {
	pick := func(m, f Relationship) Relationship {
		switch sex {
		case Male:
			return m
		case Female:
			return f
		}
		return ""
	}
	switch inverseKin[kinOf(r)] {
	case kinParent:
		return pick("father", "mother")
	case kinChild:
		return pick("son", "daughter")
	case kinSibling:
		return pick("brother", "sister")
	case kinSpouse:
		return pick("husband", "wife")
	case kinGrandparent:
		return pick("grandfather", "grandmother")
	case kinGrandchild:
		return pick("grandson", "granddaughter")
	case kinAvuncular:
		return pick("uncle", "aunt")
	case kinNibling:
		return pick("nephew", "niece")
	case kinCousin:
		return "cousin"
	case kinFriend:
		return "friend"
	}
	return ""
}

// loosely reports whether two kin words are used for one another in many
// of the families we serve: "brother" for a cousin, "uncle" for any older
// relative.
func loosely(a, b kin) bool {
	near := func(x kin) bool { return x == kinSibling || x == kinCousin || x == kinAvuncular || x == kinNibling }
	return near(a) && near(b)
}

// ReciprocalField compares two tracing requests in reciprocal tracing, where
// each enquirer may be the person the other request seeks (two relatives
// searching for each other). It checks that each enquirer's sex (given, or
// implied by the relationship: "A's enquirer is A's brother" ⇒ B's sought
// person is male) agrees with the other's sought person, and that the two
// relationships are each other's inverse. The scorer uses it with the name
// comparator applied to A's enquirer names against B's names and the
// reverse; it is not in Fields, which compare two descriptions of one
// person.
var ReciprocalField = Field{
	Name:    "reciprocal",
	Levels:  []string{"missing", "conflict", "consistent", "reciprocal"},
	Compare: cmpReciprocal,
	Explain: explainReciprocal,
}

func cmpReciprocal(a, b *Profile, _ *Frequencies) int {
	if !a.hasEnq || !b.hasEnq || a.side != sought || b.side != sought {
		return 0
	}
	known := false
	for _, pr := range [2][2]*Profile{{a, b}, {b, a}} {
		enq, other := pr[0], pr[1]
		if es := sexCodeOf(enq.enquirerSex()); es != sexNone && other.sexN != sexNone {
			if es != other.sexN && other.sexCertain {
				return 1
			}
			known = true
		}
	}
	ka, kb := kinOf(a.enquirerRel()), kinOf(b.enquirerRel())
	switch {
	case ka == kinUnknown || kb == kinUnknown:
	case inverseKin[ka] == kb:
		return 3
	case loosely(ka, kb):
		known = true
	default:
		return 1
	}
	if known {
		return 2
	}
	return 0
}

func explainReciprocal(a, b *Profile, _ *Frequencies) string {
	if !a.hasEnq || !b.hasEnq {
		return "an enquirer on one side only"
	}
	return "A's enquirer (" + orNone(string(a.enquirerRel())) + ", " + orNone(string(a.enquirerSex())) + ") vs B sought (" + sexText(b) +
		"); B's enquirer (" + orNone(string(b.enquirerRel())) + ", " + orNone(string(b.enquirerSex())) + ") vs A sought (" + sexText(a) + ")"
}

// LastContactField compares, in reciprocal tracing, the two requests' last
// contacts. Each request's last contact is when its enquirer last heard
// from its sought person; when the two enquirers seek each other, that is
// one conversation told from both ends, so the dates coincide but for
// what each family remembers. Two namesake families searching for
// unrelated relatives lost them years apart: at 20,000 people most
// reciprocal pairs shown at p ≥ 0.9 that were wrong had last contacts
// more than a year apart, with names that agreed both ways.
var LastContactField = Field{
	Name:    "last_contact",
	Levels:  []string{"missing", "years", "year", "months", "days"},
	Compare: cmpLastContact,
	Explain: explainLastContact,
	present: func(p *Profile) bool { return p.side == sought && p.alive.ok },
}

// The last-contact field's levels after missing, by the least gap the two
// dates allow.
const (
	lastContactYears  = 1 // more than a year apart
	lastContactYear   = 2 // within a year
	lastContactMonths = 3 // within three months
	lastContactDays   = 4 // within ten days, or overlapping
)

func cmpLastContact(a, b *Profile, _ *Frequencies) int {
	if !bothLastContacts(a, b) {
		return 0
	}
	switch gap := spanGap(a.alive, b.alive); {
	case gap <= 10:
		return lastContactDays
	case gap <= 92:
		return lastContactMonths
	case gap <= 366:
		return lastContactYear
	}
	return lastContactYears
}

// bothLastContacts reports whether a and b are both sought people with a
// last contact: what the last-contact field compares.
func bothLastContacts(a, b *Profile) bool {
	return a.side == sought && b.side == sought && a.alive.ok && b.alive.ok
}

func explainLastContact(a, b *Profile, _ *Frequencies) string {
	if !bothLastContacts(a, b) {
		return "a last contact on one side only"
	}
	switch gap := spanGap(a.alive, b.alive); {
	case gap >= 1.5:
		return fmt.Sprintf("last contacts at least %.0f days apart", gap)
	case gap > 0:
		return "last contacts at least a day apart"
	}
	return "last contacts may coincide"
}
