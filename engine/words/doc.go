// Package words turns the engine's structured explanation of a candidate
// pair into the sentences a caseworker reads, in English, French and
// Arabic. It is the one place that words an explanation: the command line,
// the API and the reports call it and write nothing of their own.
//
// # Sentences
//
// [Printer.Field] words one field of an [engine.Breakdown]: what was
// compared, concretely (the two names, the days between the last contact
// and the recovery, the teeth that agree), and how strong the field's
// evidence is, for or against, from its weight. An agreement is never
// worded as evidence against: an agreeing level whose weight is below 0
// (a sex that agrees only on an estimate) "counts for little". Two DNA
// reference ids that differ are "not yet compared", never evidence.
// [Printer.Exclusion] says what rules a pair out and that it can be
// re-examined; [Printer.Probability] words the probability with its
// meaning and the pair's rank among its case's candidates;
// [Printer.Warning] warns when the models were not estimated on the data,
// or on too few pairs to trust. [Printer.Fill] sets the text of every
// field of an [engine.Pair], and [Printer.WriteCase] writes a case and its
// candidates for a terminal.
//
// The sentences are read from the breakdown's level, weight and detail;
// the engine's details are English for engineers, and the tests check that
// every detail of the explanation goldens is read.
//
// # Catalogues
//
// The messages are in catalog/LANG.json, one file a language, loaded into
// a golang.org/x/text/message catalogue. A message is a text with fmt
// verbs (%[1]s) or, when it depends on a count, an object of plural forms
// selected by its first argument: "=0", "=1", "=2" for exact counts, then
// the CLDR categories "zero", "one", "two", "few", "many" and "other"
// (which every plural message has). Names, places and ids are arguments,
// shown as written, never translated. To add a language, copy en.json to
// LANG.json and translate each message, with the plural forms the
// language's CLDR rules use; TestCatalogueComplete checks that no message
// is missing.
package words
