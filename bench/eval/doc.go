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
package eval
