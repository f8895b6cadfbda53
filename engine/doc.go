// Package engine is the core of rflmatch: the record model that every other
// package speaks, and (as it grows) the comparators, exclusions and scoring
// that rank candidate matches.
//
// # Records
//
// A [Record] is one line of the record contract (record.schema.json): a
// tracing request, ante-mortem data, post-mortem data or a registration of a
// living person. Records are partial by nature, so every field but id, source
// and kind is optional. A record is keyed by (source, id) ([Key]); records
// that share (source, case_id) describe one missing person ([CaseKey]).
//
// Uncertain values are real types: a [PartialDate] knows the earliest and
// latest day it may stand for, a [Range] knows min ≤ max, a [Tooth] is an FDI
// tooth number and a [ToothStatus] one of the charting statuses.
//
// [Decode] turns one JSON object into a validated record, reporting every
// problem as a [FieldError] that names the field by its path
// (`age.max`, `names[1].full`, `dental.teeth.19`). [Record.MarshalCanonical]
// writes the one canonical form used for export and for telling an updated
// record from an unchanged one.
//
// # Comparing
//
// [Prepare] turns a record, or the records of one case (tracing request and
// ante-mortem data), into a [Profile]: everything a comparison needs,
// computed once (day intervals for partial dates, birth-date windows for
// ages, E.164 phones, normalised document numbers, parsed body locations,
// hashed description words, a fixed-size dental chart). Comparing a pair is
// then arithmetic: each [Field] of [Fields] turns the pair into a discrete
// level for the Fellegi–Sunter scorer, without allocating; its Explain says
// why, for the pairs a caseworker sees. Names are parsed once per profile by
// package phonetic and compared by [NameField], [ParentsField] and, in
// reciprocal tracing, [EnquirerField].
//
// Fields read the pairing: a sought person (tracing request, ante-mortem)
// against remains, against a registration of a living person, or like
// against like (duplicates). [ReciprocalField] serves tracing requests of
// two relatives searching for each other.
//
// [Exclude] applies the hard exclusions (recovered before the last contact,
// certain sexes that differ, ages or adult statures that cannot meet, two
// dental conflicts), each with a reason code, always erring toward keeping a
// true pair. Dental charts compare tooth by tooth ([CompareDental],
// [CompareTooth]) after DVI practice; testdata/dental_matrix.golden is the
// full matrix for review. [Frequencies] counts description words over the
// data being matched, so that a shared rare word weighs more.
package engine
