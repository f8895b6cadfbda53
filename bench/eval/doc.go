// Package eval measures matching accuracy on labelled data: it runs a linker
// (the engine, or the naive baseline beside it) over the left and right
// records of a dataset and scores the ranked candidates against the ground
// truth.
//
// # What is measured
//
// A left entity is a missing person's case (a tracing request with its
// ante-mortem data, grouped by case id) or any single left record; it is
// findable when the truth gives it at least one counterpart among the right
// records. For findable entities: recall@1 (the first candidate is a true
// counterpart), recall@10 and the mean reciprocal rank of the first true
// counterpart (0 when absent from the list). Over all candidate pairs:
// precision and recall at match probabilities 0.5 and 0.9. Blocking recall is
// the share of true pairs that candidate generation produced at all, before
// scoring and the top-K cut; pairs per record is the number of pairs scored
// per left entity. For left entities with no true counterpart, the number of
// candidates they still get above probability 0.9 is counted: each is a
// family sent to look at the wrong body.
//
// Every figure is given per group — per naming culture, and per what the
// true counterpart carries (a name or a comparable dental chart, or
// neither) — because an average hides the cultures the engine fails.
//
// # Relations and calibration
//
// On generated data the right side holds every record a store would: the
// cases are matched against remains and registrations in one cross-check,
// and against each other in a second. Each
// relation — remains, registrations, reciprocal (two relatives searching
// for each other), duplicates (two requests for one person) — is scored on
// its own candidates: recall@1 counts the first body, the first
// registration, the first request read as reciprocal. Over each case's
// first ten candidates of the relation, precision at p ≥ 0.9 and a
// reliability table: ten probability bands from 0.05, each with its rows,
// mean probability, share of true pairs and that share's 95% Wilson
// interval, and the expected calibration error (the row-weighted gap
// between mean probability and share true).
//
// # Where it is hard
//
// [RunGenerated] runs several sizes with several seeds, generating the
// next dataset while the current one is matched, and [Summarize] gives per
// size the mean and range of the figures issue 15 sets [Bars] on, with
// each bar checked on the mean and on the worst seed.
package eval
