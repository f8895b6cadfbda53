package engine

// WriteOutcome says what writing a record did to the store: re-ingesting a
// record replaces it whole, and an identical record changes nothing.
type WriteOutcome uint8

// The outcomes of writing one record.
const (
	// Stored: the record was new.
	Stored WriteOutcome = iota + 1
	// Updated: a different record with the same (source, id) was replaced.
	Updated
	// Unchanged: the same record, in canonical form, was already there.
	Unchanged
)

func (o WriteOutcome) String() string {
	switch o {
	case Stored:
		return "stored"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	}
	return "unknown"
}
