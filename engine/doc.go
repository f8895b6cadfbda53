// Package engine is the core of rflmatch: the record model every other
// package speaks, the comparators, exclusions and Fellegi–Sunter scoring
// that rank candidate matches with their reasons, and the interfaces a
// store implements so that the same ranking runs over files, over the
// embedded store and, later, over a shared one.
//
// # Records and cases
//
// A [Record] is one line of the record contract (record.schema.json): a
// tracing request, ante-mortem data, post-mortem data or a registration of
// a living person. Records are partial by nature: every field but id,
// source and kind is optional. A record is keyed by (source, id) ([Key]);
// the records that share (source, case_id) describe one missing person
// ([CaseKey]), and [GroupCases] makes them one [Case], reported under its
// tracing request's key. Remains and registrations are always cases of
// their own. Uncertain values are real types: a [PartialDate] knows the
// earliest and latest day it may stand for, a [Range] knows min ≤ max.
// [Decode] turns one JSON object into a validated record, reporting every
// problem as a [FieldError] that names its field (`age.max`,
// `names[1].full`); [Record.MarshalCanonical] writes the one canonical form.
//
// # Profiles
//
// [Prepare] turns a case's records into a [Profile]: everything a
// comparison needs, computed once (day intervals for partial dates,
// birth-date windows for ages, E.164 phones, normalised document numbers,
// body locations, hashed description words, a fixed-size dental chart,
// names parsed by package phonetic). Comparing a pair is then arithmetic
// without allocation. A compact profile ([Profile.Compact]) drops what
// only explanations read; its binary encoding ([Profile.AppendBinary],
// [DecodeProfile]) lets a store keep it beside its case and open without
// decoding and preparing the records again.
//
// # Blocking
//
// Candidate generation finds the few hundred cases a profile could be out
// of millions. A profile is indexed under [Profile.IndexKeys] (name parts'
// phonetic and folded keys, pairs of parts, both refined by sex and birth
// period, documents, phones, incidents, DNA and implant ids, and for
// remains and registrations a description key of sex, birth period, route
// region and month) and looks up [Profile.QueryKeys]. [BlockOptions.Select]
// applies the rules over any [Postings]: a key shared by too many cases is
// used only refined (a name part) or not at all (an identifier above
// MaxIdentifier, an incident above MaxIncident), description keys month by
// month up to a budget, and the whole query up to MaxCandidates (5,000 by
// default): identifiers and the incident first, then name keys from the
// most specific up, then the description rule. No data, however uniform
// (one name, one date, one incident or one phone for everyone), takes a
// query past those limits, and which keys are used never depends on the
// order of a posting, so that a store selects what a cross-check does.
// [BlockIndex] is the postings of a slice of profiles; a store keeps its
// own. The limits are fixed numbers, not shares of the data, so that a
// query's candidates grow far more slowly than the store.
//
// # Scoring
//
// Each [Field] of [PersonFields] turns a pair into a discrete comparison
// level; [Exclude] applies the hard exclusions, each with a reason code,
// always erring toward keeping a true pair. A [Scorer] sums the levels'
// weights log2(m/u) of a [Model] into the match weight, adjusts an agreeing
// name for its frequency in the data ([NameFrequencies]) and description
// words for theirs ([Frequencies]), caps the soft descriptors below what a
// primary identifier gives, and turns the weight and the prior odds into a
// probability. Two sought people are also read as reciprocal tracing
// ([ReciprocalFields]). A case's same-person candidates share one
// probability: one missing person is at most one body. [Scorer.Explain]
// gives the field-by-field breakdown; [Scorer.Pair] and [PairWriter] the
// rows and explanation lines the product shows.
//
// # Training
//
// The models are estimated without labels ([Train], [TrainIndex]): u of
// every level from the candidate pairs themselves (almost all
// non-matches), then λ, m and u by staged EM ([EstimateEM]) from the
// documented priors in priors.go, over the candidates of at most 1,000
// cases. [Models.Check] tells models of another build apart: a comparison
// level added since changes the fields the check compares.
//
// # Cross-check and queries
//
// [Crosscheck] ranks, for every left case, its candidates among the right
// records, on all cores: the batch job between two datasets. [Query] ranks
// the candidates of one stored record's case through a [Store]: the same
// selection, scoring and ranking as a cross-check of that case against the
// stored cases, given the store's models and frequencies.
//
// # The seam
//
// A store implements [RecordReader] (a record, a case), [CandidateIndex]
// (a consistent [IndexView]: candidates of a profile, a training sample,
// the frequencies over the stored cases), [ModelStore] and, for ingest and
// export, [BatchWriter] and [RecordScanner]; a record it does not hold is
// [ErrNotFound]. Package index implements them on badger, with the
// postings, compact profiles and frequencies in memory; package
// enginetest on plain memory, for tests. A shared store for several field
// offices would implement them in a package of its own (say pgstore, on
// PostgreSQL through pgx): records and case entries in tables, the postings
// in a table of (key hash, case) read by IndexView.Candidates, the
// frequencies as counters that each write updates in its transaction, the
// profiles cached per process. Nothing in engine changes for it.
//
// # Checklists
//
// Adding a comparison field: its levels and comparator in compare.go (a
// [Field] in [Fields]); what it needs prepared in profile.go; its priors in
// priors.go, one {m, u} per level but "missing"; its validation in
// validate.go when it reads a new record field; a line in the README's
// list of fields. The fields' levels are the models' shape: stored and
// written models of the old shape are re-estimated, not misread.
//
// Adding a naming culture or script: package phonetic (its transliteration
// and keys, tested against the names of ../shared/NAMES.md), then the
// generator's lists in bench/synth, then `rflmatch bench names` and
// `rflmatch bench eval` before and after.
//
// # Caveats
//
// A Profile is read-only once prepared and may be shared between
// goroutines; a compact one ([Profile.Compact]) scores the same but says
// less in explanations, so explanations are made from profiles prepared
// from the records. The probability assumes the fields independent given
// the match status, as Fellegi–Sunter does; the shared probability and the
// soft cap correct its worst excesses, not all of them.
package engine
