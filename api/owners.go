package api

import (
	"context"
	"errors"
	"fmt"

	"github.com/rflmatch/rflmatch/engine"
)

// ownersTable maps a source to the organisation that owns it: the first
// that wrote a record into it. A record belongs to its source's owner.
const ownersTable = "owners"

// ErrForeignSource is a write into a source that another organisation owns.
var ErrForeignSource = errors.New("the source belongs to another organisation")

// Owner returns the organisation that owns source, or "" when none does
// (records ingested from the command line without --org).
func Owner(ctx context.Context, ds engine.DocStore, source string) (string, error) {
	b, err := ds.Doc(ctx, ownersTable, source)
	if errors.Is(err, engine.ErrNotFound) {
		return "", nil
	}
	return string(b), err
}

// ClaimSources makes org the owner of every source in sources that has
// none, and fails with ErrForeignSource, claiming nothing, when one of them
// is another organisation's.
func ClaimSources(ctx context.Context, ds engine.DocStore, org string, sources []string) error {
	var claims []engine.DocWrite
	seen := map[string]bool{}
	for _, src := range sources {
		if seen[src] {
			continue
		}
		seen[src] = true
		owner, err := Owner(ctx, ds, src)
		switch {
		case err != nil:
			return err
		case owner == "":
			claims = append(claims, engine.DocWrite{Table: ownersTable, Key: src, Value: []byte(org)})
		case owner != org:
			return fmt.Errorf("%w: %q is %s's", ErrForeignSource, src, owner)
		}
	}
	if len(claims) == 0 {
		return nil
	}
	return ds.PutDocs(ctx, claims...)
}
