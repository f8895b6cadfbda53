package enginetest_test

import (
	"context"
	"fmt"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/enginetest"
)

// A candidate query against a store of three records, scored with the
// prior models: the body with the sought person's papers ranks first, the
// other body is ruled out by its sex. (The names are from the generated
// dataset in testdata/generated, whose README gives their provenance.)
func ExampleStore() {
	ctx := context.Background()
	tr := &engine.Record{
		Kind: engine.TracingRequest, Source: "it-tracing", ID: "TR-1", CaseID: "C-1",
		Names: []engine.Name{{Full: "Djibril Fall"}},
		Sex:   engine.Male,
	}
	body := &engine.Record{
		Kind: engine.PostMortem, Source: "it-forensic", ID: "PM-7",
		Names: []engine.Name{{Full: "DJIBRIL FALL", Type: engine.DocumentName}},
		Sex:   engine.Male,
	}
	certain := true
	other := &engine.Record{
		Kind: engine.PostMortem, Source: "it-forensic", ID: "PM-8",
		Names: []engine.Name{{Full: "Jibril Fall"}},
		Sex:   engine.Female, SexCertain: &certain,
	}
	s := enginetest.NewStore(tr, body, other)
	res, err := engine.Query(ctx, s, tr.Key(), engine.QueryOptions{Models: engine.DefaultModels(), IncludeExcluded: true, Explain: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Pairs {
		excluded := "kept"
		if p.Exclusion != nil {
			excluded = "excluded: " + p.Exclusion.Code
		}
		fmt.Println(p.Rank, p.RightSource+"/"+p.RightID, p.Relation, excluded)
	}
	// Output:
	// 1 it-forensic/PM-7 same_person kept
	// 2 it-forensic/PM-8 same_person excluded: sex_conflict
}
