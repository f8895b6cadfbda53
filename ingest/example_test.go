package ingest_test

import (
	"context"
	"fmt"
	"os"

	"github.com/rflmatch/rflmatch/ingest"
)

// A dry run (nil sink) of a CSV file with a mapping: each problem is a line
// FILE:LINE: FIELD: message, and the summary comes last.
func ExampleRun() {
	m, err := ingest.LoadMapping("testdata/people.mapping.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	sum, err := ingest.Run(context.Background(), nil, []string{"testdata/people.csv"}, ingest.Options{Mapping: m, Errors: os.Stdout})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum)
	// Output:
	// testdata/people.csv: column "Internal ref" is not in the mapping; ignored
	// testdata/people.csv:4: age.min: "twenty" is not a number (column "Age from")
	// testdata/people.csv:6: age.max: 12 is less than age.min 18 (column "Age to")
	// testdata/people.csv:6: nationalities[1]: "ZZ" is not an ISO 3166-1 alpha-2 country code (XX for stateless) (column "Nationalities")
	// testdata/people.csv:7: sex_certain: "maybe" is not true or false (or yes/no, 1/0) (column "Sex certain")
	// testdata/people.csv:7: recovery.date: "31/02/2023" is not a date in layout 02/01/2006 (column "Found on")
	// testdata/people.csv:8: not valid CSV: bare " in non-quoted-field (line 8, column 13)
	// testdata/people.csv:12: row has 17 cells, the header 16
	// read 9, stored 0, updated 0, unchanged 0, rejected 5
}
