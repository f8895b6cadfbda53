package load

import (
	"math"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// ServerFigure is one of the server's own latency histograms over a step,
// read from its metrics: where the requests' time went inside the
// server. Its quantiles are estimated from the histogram's buckets, as
// Prometheus's histogram_quantile does (linearly within a bucket), so
// they are as coarse as the buckets.
type ServerFigure struct {
	Name  string  `json:"name"`
	Count uint64  `json:"count"`
	P50Ms float64 `json:"p50_ms"`
	P99Ms float64 `json:"p99_ms"`
}

// serverSeries are the histograms a step reports: the candidate lists'
// handlers (against the latency the load sees, which adds the wait before
// the handler runs and the answer's way back), the candidate queries
// callers wait for apart from matching in the background, each request's
// wait for its audit event, and the groups' commits. labels are name and
// value, in turn, of the labels the series is picked by.
var serverSeries = []struct {
	name, metric string
	labels       []string
}{
	{"candidate lists' handlers", "rflmatch_http_request_duration_seconds", []string{"route", "GET /v1/records/{source}/{id}/candidates", "code", "200"}},
	{"queries callers wait for", "rflmatch_candidate_query_duration_seconds", []string{"matching", "caller"}},
	{"background queries", "rflmatch_candidate_query_duration_seconds", []string{"matching", "background"}},
	{"audit waits", "rflmatch_audit_wait_seconds", nil},
	{"audit commits", "rflmatch_commit_duration_seconds", []string{"group", "audit"}},
	{"record commits", "rflmatch_commit_duration_seconds", []string{"group", "records"}},
}

// histogram is a cumulative histogram: the count of observations at or
// under each upper bound, the last bound +Inf.
type histogram struct {
	bounds []float64
	cum    []uint64
}

// serverHistograms reads the histograms of serverSeries from g; one that
// is not there yet is empty.
func serverHistograms(g prometheus.Gatherer) ([]histogram, error) {
	mfs, err := g.Gather()
	if err != nil {
		return nil, err
	}
	out := make([]histogram, len(serverSeries))
	for i, s := range serverSeries {
		for _, mf := range mfs {
			if mf.GetName() != s.metric {
				continue
			}
			for _, m := range mf.GetMetric() {
				if labelsAre(m, s.labels) {
					out[i] = histogramOf(m.GetHistogram())
				}
			}
		}
	}
	return out, nil
}

// labelsAre reports whether m has each label of pairs (name, value, name,
// value, …) at its value.
func labelsAre(m *dto.Metric, pairs []string) bool {
	for i := 0; i+1 < len(pairs); i += 2 {
		found := false
		for _, l := range m.GetLabel() {
			if l.GetName() == pairs[i] {
				found = l.GetValue() == pairs[i+1]
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func histogramOf(h *dto.Histogram) histogram {
	var out histogram
	for _, b := range h.GetBucket() {
		out.bounds = append(out.bounds, b.GetUpperBound())
		out.cum = append(out.cum, b.GetCumulativeCount())
	}
	if n := len(out.bounds); n == 0 || !math.IsInf(out.bounds[n-1], 1) {
		out.bounds = append(out.bounds, math.Inf(1))
		out.cum = append(out.cum, h.GetSampleCount())
	}
	return out
}

// since is h less what it held at before (the same buckets, or none).
func (h histogram) since(before histogram) histogram {
	out := histogram{bounds: h.bounds, cum: make([]uint64, len(h.cum))}
	for i, c := range h.cum {
		if i < len(before.cum) {
			c -= before.cum[i]
		}
		out.cum[i] = c
	}
	return out
}

func (h histogram) count() uint64 {
	if len(h.cum) == 0 {
		return 0
	}
	return h.cum[len(h.cum)-1]
}

// quantile estimates the q-quantile as histogram_quantile does: within
// the bucket that holds it, linearly from the bucket's lower bound (0 for
// the first); in the +Inf bucket, the highest finite bound.
func (h histogram) quantile(q float64) float64 {
	n := h.count()
	if n == 0 {
		return 0
	}
	rank := q * float64(n)
	lower, below := 0.0, uint64(0)
	for i, c := range h.cum {
		if float64(c) >= rank {
			if math.IsInf(h.bounds[i], 1) {
				return lower
			}
			if c == below {
				return h.bounds[i]
			}
			return lower + (h.bounds[i]-lower)*(rank-float64(below))/float64(c-below)
		}
		lower, below = h.bounds[i], c
	}
	return lower
}

// serverFigures are the step's figures of the histograms, from before
// and after it.
func serverFigures(before, after []histogram) []ServerFigure {
	out := make([]ServerFigure, len(serverSeries))
	for i, s := range serverSeries {
		h := after[i].since(before[i])
		out[i] = ServerFigure{Name: s.name, Count: h.count(), P50Ms: 1000 * h.quantile(0.5), P99Ms: 1000 * h.quantile(0.99)}
	}
	return out
}
