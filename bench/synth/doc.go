// Package synth generates labelled synthetic data for rflmatch: tracing
// requests, ante-mortem data, post-mortem records and registrations of
// living people about migrants on the Mediterranean, Atlantic and Balkan
// routes, with the ground truth beside them.
//
// # Model
//
// The generator draws a population of latent people, each of one culture
// (Sudanese Arabic, Eritrean Tigrinya, Somali, Afghan, Guinean Fula, …),
// with a name built by that culture's conventions (see NAMES.md in the
// shared folder), a body (age, sex, stature, marks, dental chart),
// belongings, papers and a phone, a route and a fate: drowned in a shipwreck
// taken from IOM's Missing Migrants Project, registered alive at a
// Humanitarian Service Point, or not known. Every record is then written
// from one person by one source, the way that source would write it: a
// family's tracing request with Latin spellings chosen by an interpreter, a
// forensic report with a measured stature and a complete dental chart but
// only the name on a soaked ID card, a registration typed by a clerk.
//
// People are generated in units: a unit is one scenario (a plain case, two
// brothers, two relatives searching for each other, a body carrying someone
// else's papers, …) with its own random stream derived from the seed, so the
// output is deterministic per seed and a unit never depends on another.
//
// # Ground truth
//
// truth.csv lists every pair of records, among the pairs the engine
// compares, that describe one person (same_person) and every pair of
// tracing requests that are each other's enquirer and sought person
// (reciprocal). A tracing request and the ante-mortem record of the same
// case are linked by case_id and not listed again. Any pair not listed is a
// true non-match, including the traps: brothers, namesakes recovered before
// the other's last contact, and papers that belong to someone else.
//
// # Honesty
//
// The generator must not make true pairs easy by construction: no hidden
// id shared by one person's records, no identical free text that only true
// pairs share. TestNoFieldLinksTruePairsByConstruction checks every field
// of the generated records (every leaf, every object and list as a whole,
// every token of an identifier) for values that only one person's records
// share. Allowed are the links real records have by nature, listed with
// their reason in that test: names, papers, phones, birth date, parents
// and the dental chart, on any records of one person; the recovery (date,
// place, incident, death date, grave) between two records of one body;
// the last contact, route, origin and the family's descriptions between
// two requests about one person or each other.
//
// # Provenance
//
// Name lists come from ../shared/data when it is present (popular names by
// country, Wikidata Arabic transliterations, Ge'ez Ethiopian names, IOM
// incidents) and from small lists written here where the data lacks a
// culture; every list says which it is, and the output README repeats it.
package synth
