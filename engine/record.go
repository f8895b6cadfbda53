package engine

// Kind is what a record is about: a family's request, the ante-mortem data
// they gave, remains, or a living person registered somewhere.
type Kind string

// The four kinds of record.
const (
	TracingRequest Kind = "tracing_request"
	AnteMortem     Kind = "ante_mortem"
	PostMortem     Kind = "post_mortem"
	Registration   Kind = "registration"
)

// Kinds lists the kinds in a fixed order, for reports and validation.
var Kinds = []Kind{TracingRequest, AnteMortem, PostMortem, Registration}

// Key identifies a record: its id is unique within its source.
type Key struct {
	Source string `json:"source"`
	ID     string `json:"id"`
}

// String writes the key as source/id.
func (k Key) String() string { return k.Source + "/" + k.ID }

// CaseKey identifies a missing person's case: the tracing request and the
// ante-mortem data sharing (source, case_id).
type CaseKey struct {
	Source string
	CaseID string
}

// Record is one record of the contract in record.schema.json. Field order is
// the canonical order of exports; pointers and omitempty keep "absent"
// distinct from a zero value where the schema does.
type Record struct {
	ID          string      `json:"id"`
	Source      string      `json:"source"`
	Kind        Kind        `json:"kind"`
	CaseID      string      `json:"case_id,omitempty"`
	IncidentID  string      `json:"incident_id,omitempty"`
	Names       []Name      `json:"names,omitempty"`
	Sex         Sex         `json:"sex,omitempty"`
	SexCertain  *bool       `json:"sex_certain,omitempty"`
	BirthDate   PartialDate `json:"birth_date,omitzero"`
	Age         *Age        `json:"age,omitempty"`
	Nationals   []string    `json:"nationalities,omitempty"`
	Origin      *Place      `json:"origin,omitempty"`
	Languages   []string    `json:"languages,omitempty"`
	Height      *Range      `json:"height_cm,omitempty"`
	Weight      *Range      `json:"weight_kg,omitempty"`
	Hair        string      `json:"hair,omitempty"`
	Eyes        string      `json:"eyes,omitempty"`
	Marks       []Mark      `json:"marks,omitempty"`
	Dental      *Dental     `json:"dental,omitempty"`
	Medical     []string    `json:"medical,omitempty"`
	Documents   []Document  `json:"documents,omitempty"`
	Phones      []string    `json:"phones,omitempty"`
	LastContact *Event      `json:"last_contact,omitempty"`
	Route       []Place     `json:"route,omitempty"`
	Recovery    *Event      `json:"recovery,omitempty"`
	DeathDate   PartialDate `json:"death_date,omitzero"`
	Registered  *Event      `json:"registered,omitempty"`
	Grave       string      `json:"grave,omitempty"`
	Clothing    []string    `json:"clothing,omitempty"`
	Effects     []string    `json:"effects,omitempty"`
	DNA         *DNA        `json:"dna,omitempty"`
	Enquirer    *Enquirer   `json:"enquirer,omitempty"`
	Consent     *Consent    `json:"consent,omitempty"`
	Notes       string      `json:"notes,omitempty"`
	RecordedOn  PartialDate `json:"recorded_on,omitzero"`
	Parents     *Parents    `json:"parents,omitempty"`
}

// Key is the record's identity.
func (r *Record) Key() Key { return Key{Source: r.Source, ID: r.ID} }

// Case is the missing person's case the record belongs to; ok is false when
// the record has no case_id.
func (r *Record) Case() (c CaseKey, ok bool) {
	return CaseKey{Source: r.Source, CaseID: r.CaseID}, r.CaseID != ""
}

// SexIsCertain applies the schema's default: sex is taken as certain unless
// said otherwise, except for remains, where it is an estimate unless said
// otherwise.
func (r *Record) SexIsCertain() bool {
	if r.SexCertain != nil {
		return *r.SexCertain
	}
	return r.Kind != PostMortem
}

// Sex is the person's sex as recorded.
type Sex string

// The sexes of the contract.
const (
	Male       Sex = "male"
	Female     Sex = "female"
	SexUnknown Sex = "unknown"
)

// NameType says where a name comes from; a document's name may not be the
// person's own.
type NameType string

// The name types of the contract; Primary is the default.
const (
	PrimaryName  NameType = "primary"
	AliasName    NameType = "alias"
	DocumentName NameType = "document"
	Nickname     NameType = "nickname"
	MaidenName   NameType = "maiden"
	ReportedName NameType = "reported"
)

// Name is one name the person is known by, in any script, as the source
// wrote it. Parts, when given, are the source's own parse and win over ours.
type Name struct {
	Full  string     `json:"full"`
	Type  NameType   `json:"type,omitempty"`
	Lang  string     `json:"lang,omitempty"`
	Parts *NameParts `json:"parts,omitempty"`
}

// TypeOrDefault is the name's type with the schema's default applied.
func (n Name) TypeOrDefault() NameType {
	if n.Type == "" {
		return PrimaryName
	}
	return n.Type
}

// NameParts is a source's own division of a name into roles.
type NameParts struct {
	Given        string `json:"given,omitempty"`
	Father       string `json:"father,omitempty"`
	Grandfather  string `json:"grandfather,omitempty"`
	Family       string `json:"family,omitempty"`
	SecondFamily string `json:"second_family,omitempty"`
	TribeOrClan  string `json:"tribe_or_clan,omitempty"`
	Prefix       string `json:"prefix,omitempty"`
	Middle       string `json:"middle,omitempty"`
}

// AgeMethod is how an age was obtained; it sets the comparison tolerance.
type AgeMethod string

// The age methods of the contract.
const (
	AgeDocument          AgeMethod = "document"
	AgeReported          AgeMethod = "reported"
	AgeVisual            AgeMethod = "visual"
	AgeDentalDevelopment AgeMethod = "dental_development"
	AgeSkeletal          AgeMethod = "skeletal"
	AgeOther             AgeMethod = "other"
)

// Age is a reported or estimated age range at a date: for remains the
// estimated age at death, for a family's report the age at AsOf (else at the
// record's recorded_on date).
type Age struct {
	Min    float64     `json:"min"`
	Max    float64     `json:"max"`
	AsOf   PartialDate `json:"as_of,omitzero"`
	Method AgeMethod   `json:"method,omitempty"`
}

// Place is a place as free text, with a country and coordinates when known.
type Place struct {
	Text    string   `json:"text,omitempty"`
	Country string   `json:"country,omitempty"`
	Lat     *float64 `json:"lat,omitempty"`
	Lon     *float64 `json:"lon,omitempty"`
}

// Event is something that happened at a time and place: the last contact,
// the recovery of remains, a registration.
type Event struct {
	Date    PartialDate `json:"date,omitzero"`
	Place   *Place      `json:"place,omitempty"`
	Context string      `json:"context,omitempty"`
	DateTo  PartialDate `json:"date_to,omitzero"`
}

// Earliest is the first day the event may have happened, zero when undated.
func (e *Event) Earliest() (t PartialDate) {
	if e == nil {
		return t
	}
	return e.Date
}

// Latest is the last possible date of the event: the end of the interval
// when one is given, else the date itself.
func (e *Event) Latest() (t PartialDate) {
	if e == nil {
		return t
	}
	if e.DateTo.Valid() {
		return e.DateTo
	}
	return e.Date
}

// MarkType is the kind of a distinguishing mark.
type MarkType string

// The mark types of the contract.
const (
	Tattoo     MarkType = "tattoo"
	Scar       MarkType = "scar"
	Birthmark  MarkType = "birthmark"
	Piercing   MarkType = "piercing"
	Amputation MarkType = "amputation"
	Deformity  MarkType = "deformity"
	OtherMark  MarkType = "other"
)

// Mark is a distinguishing mark on the body, located in free text.
type Mark struct {
	Type        MarkType `json:"type"`
	Location    string   `json:"location,omitempty"`
	Description string   `json:"description,omitempty"`
}

// DocumentType is the kind of an identity document.
type DocumentType string

// The document types of the contract.
const (
	Passport         DocumentType = "passport"
	IDCard           DocumentType = "id_card"
	ResidencePermit  DocumentType = "residence_permit"
	RefugeeCard      DocumentType = "refugee_card"
	BirthCertificate DocumentType = "birth_certificate"
	OtherDocument    DocumentType = "other"
)

// Document is an identity document known to or found with the person. Its
// name may be someone else's: bodies carry borrowed papers.
type Document struct {
	Type    DocumentType `json:"type,omitempty"`
	Number  string       `json:"number"`
	Country string       `json:"country,omitempty"`
	Name    string       `json:"name,omitempty"`
}

// DNA says whether a family reference sample exists and where a profile is
// held; DNA itself is never stored here.
type DNA struct {
	ReferenceAvailable *bool  `json:"reference_available,omitempty"`
	ProfileID          string `json:"profile_id,omitempty"`
}

// Relationship is what an enquirer is to the sought person.
type Relationship string

// Relationships lists every relationship of the contract.
var Relationships = []Relationship{
	"mother", "father", "son", "daughter", "brother", "sister", "husband", "wife",
	"grandmother", "grandfather", "grandson", "granddaughter", "uncle", "aunt",
	"nephew", "niece", "cousin", "other_relative", "friend", "other",
}

// Enquirer is the person searching. Restricted: candidate endpoints never
// return it.
type Enquirer struct {
	Names        []Name       `json:"names,omitempty"`
	Relationship Relationship `json:"relationship,omitempty"`
	Contact      string       `json:"contact,omitempty"`
	Location     *Place       `json:"location,omitempty"`
	Sex          Sex          `json:"sex,omitempty"`
}

// Consent records what a person agreed to; nil means not asked yet.
type Consent struct {
	ShareWhereabouts     *bool `json:"share_whereabouts,omitempty"`
	ShareWithAuthorities *bool `json:"share_with_authorities,omitempty"`
	Publish              *bool `json:"publish,omitempty"`
}

// Parents holds the parents' names, the strongest way to tell namesakes apart.
type Parents struct {
	Father *Name `json:"father,omitempty"`
	Mother *Name `json:"mother,omitempty"`
}
