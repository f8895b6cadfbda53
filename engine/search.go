package engine

import (
	"context"
	"time"
)

// Searcher finds records by the words they hold: names in any script and
// spelling, places, marks, clothing, effects, medical and dental notes.
// The embedded store answers from a blind bleve index (package index); a
// shared store would answer from its own full-text index.
type Searcher interface {
	// SearchRecords returns the records whose words match every word of
	// text (a name by its spellings and transliterations), best first,
	// that pass the options' filters.
	SearchRecords(ctx context.Context, text string, opt SearchOptions) ([]SearchHit, error)
}

// SearchOptions narrow a search. A record that does not say (no age, no
// date) passes a filter on it, except Near, which needs coordinates.
type SearchOptions struct {
	Kind Kind
	Sex  Sex
	// AgeMin and AgeMax keep records whose age range overlaps them; 0
	// means no bound.
	AgeMin, AgeMax float64
	// From and To keep records whose event (last contact, recovery,
	// registration) may fall between them; zero means no bound.
	From, To time.Time
	// Near keeps records with a place within WithinKm of it.
	Near     *[2]float64 // latitude, longitude
	WithinKm float64
	// Top is the most hits returned; the default is 10.
	Top int
}

// SearchHit is one record found, with the fields its words matched in
// (names, last_contact, recovery, registered, origin, route, marks,
// clothing, effects, medical, dental, hair, eyes).
type SearchHit struct {
	Record *Record
	Score  float64
	Fields []string
}
