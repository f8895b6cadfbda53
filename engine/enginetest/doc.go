// Package enginetest provides an in-memory [engine.Store] for tests, the
// way net/http/httptest provides a server: code that takes a store (a
// candidate query, training, an API handler) is tested against
// [NewStore] with a handful of records, without badger, a key file or a
// temporary directory.
//
// # Model
//
// A [Store] keeps each record in its canonical form
// ([engine.Record.MarshalCanonical]) and decodes a fresh copy for every
// read, as a store on disk does. Every write rebuilds the whole candidate
// index from the stored records: the records are grouped into cases by
// [engine.GroupCases] (in source, id order), each case is prepared into
// one profile, its [engine.Profile.IndexKeys] are posted under their full
// text (a key a case gives twice is posted twice, as [engine.BlockIndex]
// does), and the frequencies count every case once ([engine.CountProfile]).
// A view selects candidates with [engine.BlockOptions.Select] over those
// postings, so that [engine.Query] through a Store gives what
// [engine.CrosscheckProfiles] of the case against the stored cases gives
// with the same models and the Store's frequencies.
//
// # Caveats
//
// Rebuilding on every write costs time in proportion to the whole store:
// a Store is meant for the few hundred or few thousand records of a test,
// not for benchmarks of a store. It does not delete records.
package enginetest
