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
package engine
