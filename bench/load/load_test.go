package load

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"
)

// A small run: every route of the mix is exercised and answered, the
// figures add up, and the result prints as a table and as JSON.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and ingests a store")
	}
	res, err := Run(context.Background(), Options{Records: 1500, Rates: []int{20, 40}, Duration: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records < 1500 || len(res.Steps) != 2 {
		t.Fatalf("result %+v", res)
	}
	for _, st := range res.Steps {
		if st.Errors != 0 || st.Answered != st.Sent || st.Sent < st.Rate {
			t.Errorf("rate %d: %+v", st.Rate, st)
		}
		n := 0
		for _, r := range st.Routes {
			n += r.Count
			if r.Count > 0 && (r.P50Ms <= 0 || r.P99Ms < r.P50Ms || r.MaxMs < r.P99Ms) {
				t.Errorf("rate %d, %s: %+v", st.Rate, r.Name, r)
			}
		}
		if n != st.Answered || st.Routes[0].Count == 0 {
			t.Errorf("rate %d: routes count %d, answered %d", st.Rate, n, st.Answered)
		}
		// Inside the server: every candidate list went through its
		// handler, was a query a caller waited for, and waited for its
		// audit event.
		if len(st.Server) != len(serverSeries) {
			t.Fatalf("rate %d: server figures %+v", st.Rate, st.Server)
		}
		if h, q, a := st.Server[0], st.Server[1], st.Server[3]; h.Count != uint64(st.Routes[0].Count) || q.Count < uint64(st.Routes[0].Count) || a.Count < uint64(st.Routes[0].Count) || q.P99Ms < q.P50Ms || q.P50Ms <= 0 {
			t.Errorf("rate %d: handlers %+v, queries callers wait for %+v, audit waits %+v, for %d candidate lists of %d answers", st.Rate, h, q, a, st.Routes[0].Count, st.Answered)
		}
	}
	var table, js bytes.Buffer
	res.Print(&table, false)
	res.Print(&js, true)
	var back Result
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Steps) != 2 || !bytes.Contains(table.Bytes(), []byte("highest rate held")) {
		t.Errorf("printed:\n%s\n%s", table.String(), js.String())
	}
	t.Logf("\n%s", table.String())
}

// A kept directory: the second run reuses the store the first built,
// copied afresh, and answers every request as the first did.
func TestRunReusesDir(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and ingests a store")
	}
	dir := t.TempDir()
	opt := Options{Records: 800, Rates: []int{20}, Duration: 2 * time.Second, Dir: dir}
	for i, want := range []string{"ingesting", "reusing the store"} {
		var log bytes.Buffer
		opt.Log = &log
		res, err := Run(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(log.Bytes(), []byte(want)) {
			t.Errorf("run %d: the log does not say %q:\n%s", i+1, want, log.String())
		}
		st := res.Steps[0]
		if st.Errors != 0 || st.Answered != st.Sent || res.Records < 800 {
			t.Errorf("run %d: %+v", i+1, res)
		}
	}
}
