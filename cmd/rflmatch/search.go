package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
)

func init() {
	commands["search"] = command{"find stored records by their words: names in any script, places, marks, clothing, effects", runSearch}
	commands["reindex"] = command{"rebuild the search index from the store", runReindex}
}

const searchSynopsis = `--data DIR [--kind K] [--top N] [--json] [filters] WORDS...

Every word must match: a name in any script or spelling (Abdelrahman finds
عبد الرحمن and Abd al-Rahman), a place, a mark, clothing, effects, medical
or dental notes. The enquirer's name is not searchable. Filters: --sex,
--age-min/--age-max (overlapping the record's age range), --from/--to (the
record's last contact, recovery or registration date), --near LAT,LON with
--within KM. Records that do not say (no age, no date) pass those filters,
but --near needs coordinates. Records that hold every word as written come
first (score 1), then those that match a name only in another spelling or
script (score 0.5). The search index holds keyed hashes of the
words, never the words. Search only reads: it changes no file of the
store, and a search index that a crash or another version left not
current is reported (exit 2), to be rebuilt with 'rflmatch reindex'.`

func runSearch(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "search", searchSynopsis)
	var sf storeFlags
	sf.register(fl)
	flags := map[string]*string{}
	for _, f := range []struct{ name, usage string }{
		{"kind", "only records of this `KIND` (tracing_request, ante_mortem, post_mortem, registration)"},
		{"sex", "only records of this `SEX` (male, female) or of unknown sex"},
		{"age-min", "only records whose age range reaches `AGE`"},
		{"age-max", "only records whose age range starts at or below `AGE`"},
		{"from", "only records dated on or after `DATE` (2023-06-14)"},
		{"to", "only records dated on or before `DATE`"},
		{"near", "only records with a place near `LAT,LON`"},
		{"within", "the radius of --near, in `KM`"},
	} {
		flags[f.name] = fl.String(f.name, "", f.usage)
	}
	top := fl.Int("top", 10, "show at most `N` hits")
	asJSON := fl.Bool("json", false, "one JSON object a hit")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() == 0 {
		return cliErr("no words to search for")
	}
	opt, err := api.ParseSearchOptions(func(name string) string {
		switch name {
		case "top":
			return fmt.Sprint(*top)
		case "within_km":
			return *flags["within"]
		}
		if p, ok := flags[strings.ReplaceAll(name, "_", "-")]; ok {
			return *p
		}
		return ""
	})
	if err != nil {
		return cliErr("%s", strings.ReplaceAll(strings.ReplaceAll(err.Error(), "within_km", "--within"), "_", "-"))
	}
	// Searching only reads: the store and its search index are opened
	// read-only, and an index that is not current is reported, not
	// rebuilt (reindex rebuilds it).
	st, err := openReading(ctx, e, &sf)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	hits, err := st.SearchRecords(ctx, strings.Join(fl.Args(), " "), opt)
	if err != nil {
		if errors.Is(err, index.ErrSearchNotCurrent) {
			return usageErr("%s", strings.Replace(err.Error(), "--data DIR", "--data "+sf.data, 1))
		}
		return usageErr("%v", err)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, h := range hits {
			if err := enc.Encode(map[string]any{"key": h.Record.Key(), "kind": h.Record.Kind, "score": h.Score, "name": primaryName(h.Record), "fields": h.Fields}); err != nil {
				return usageErr("%v", err)
			}
		}
	} else {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "RECORD\tKIND\tNAME\tMATCHED IN")
		for _, h := range hits {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", h.Record.Key(), h.Record.Kind, primaryName(h.Record), strings.Join(h.Fields, ", "))
		}
		if err := tw.Flush(); err != nil {
			return usageErr("%v", err)
		}
	}
	fmt.Fprintf(e.stderr, "%s\n", plural(len(hits), "hit"))
	return nil
}

// primaryName is the name a hit is shown by: the first primary name, or
// the first name.
func primaryName(r *engine.Record) string {
	for _, n := range r.Names {
		if n.TypeOrDefault() == engine.PrimaryName {
			return n.Full
		}
	}
	if len(r.Names) > 0 {
		return r.Names[0].Full
	}
	return ""
}

const reindexSynopsis = `--data DIR

Rebuilds the search index from the store's records, from nothing, and
waits until it is done. A command that writes to the store rebuilds an
index left not current by a crash by itself; search, which only reads,
asks for this instead. It is also for when the index looks wrong.`

func runReindex(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "reindex", reindexSynopsis)
	var sf storeFlags
	sf.register(fl)
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	st, err := openStore(ctx, e, &sf, false)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	if err := st.Reindex(ctx); err != nil {
		return usageErr("%v", err)
	}
	fmt.Fprintln(e.stderr, "the search index is rebuilt")
	return nil
}
