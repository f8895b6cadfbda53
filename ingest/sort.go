package ingest

import (
	"errors"
	"maps"
	"slices"

	"github.com/rflmatch/rflmatch/engine"
)

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

func sortedInts(m sparse) []int {
	return slices.Sorted(maps.Keys(m))
}

// asValidation returns an error from engine.Decode as the ValidationError it
// always is, wrapping anything else as one problem without a field.
func asValidation(err error) engine.ValidationError {
	var verr engine.ValidationError
	if errors.As(err, &verr) && len(verr) > 0 {
		return verr
	}
	return engine.ValidationError{{Msg: err.Error()}}
}
