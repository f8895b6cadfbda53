package scale

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
)

// timeSearch runs n random queries of one to three words of one record
// each, and returns the latencies in milliseconds, sorted, and the share
// of queries whose record was among the first ten hits.
func timeSearch(ctx context.Context, st *index.Store, words [][]string, n int, rng *rand.Rand) ([]float64, error) {
	lat := make([]float64, 0, n)
	for range n {
		ws := words[rng.IntN(len(words))]
		k := 1 + rng.IntN(min(3, len(ws)))
		start := rng.IntN(len(ws) - k + 1)
		q := strings.Join(ws[start:start+k], " ")
		t := time.Now()
		if _, err := st.SearchRecords(ctx, q, engine.SearchOptions{Top: 10}); err != nil {
			return nil, fmt.Errorf("scale: search %q: %w", q, err)
		}
		lat = append(lat, float64(time.Since(t).Nanoseconds())/1e6)
	}
	slices.Sort(lat)
	return lat, nil
}

// baseline answers the candidate queries the way a plain search engine
// would: a fuzzy (edit distance 2) match of the tracing request's name
// against every record's first name, in a plaintext bleve index of the
// generated data (bench only) in a temporary directory, removed after. It
// returns the query latencies in milliseconds, sorted, and recall@10.
func baseline(ctx context.Context, dir string, c *corpus, queries []engine.Key, logw io.Writer) ([]float64, float64, error) {
	path := filepath.Join(dir, "baseline.bleve")
	defer os.RemoveAll(path)
	m := bleve.NewIndexMapping()
	idx, err := bleve.New(path, m)
	if err != nil {
		return nil, 0, err
	}
	defer idx.Close()
	fmt.Fprintf(logw, "indexing %d names in a plaintext bleve index for the baseline\n", len(c.names))
	b := idx.NewBatch()
	for k, name := range c.names {
		if err := b.Index(k.Source+"/"+k.ID, map[string]any{"name": name}); err != nil {
			return nil, 0, err
		}
		if b.Size() == 5000 {
			if err := idx.Batch(b); err != nil {
				return nil, 0, err
			}
			b.Reset()
		}
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
	}
	if err := idx.Batch(b); err != nil {
		return nil, 0, err
	}
	lat := make([]float64, 0, len(queries))
	found, with := 0, 0
	for _, k := range queries {
		q := bleve.NewMatchQuery(c.names[k])
		q.SetField("name")
		q.SetFuzziness(2)
		req := bleve.NewSearchRequestOptions(q, 11, 0, false)
		t := time.Now()
		res, err := idx.SearchInContext(ctx, req)
		lat = append(lat, float64(time.Since(t).Nanoseconds())/1e6)
		if err != nil {
			return nil, 0, err
		}
		want := c.truth[k]
		if len(want) == 0 {
			continue
		}
		with++
		rank := 0
		for _, h := range res.Hits {
			if h.ID == k.Source+"/"+k.ID {
				continue
			}
			if rank++; rank > 10 {
				break
			}
			src, id, _ := strings.Cut(h.ID, "/")
			if slices.Contains(want, engine.Key{Source: src, ID: id}) {
				found++
				break
			}
		}
	}
	slices.Sort(lat)
	if with == 0 {
		return lat, 0, nil
	}
	return lat, float64(found) / float64(with), nil
}
