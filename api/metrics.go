package api

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus metrics, in a registry of its own
// so that several servers (tests) do not collide. None has a label that
// could hold personal data.
type metrics struct {
	reg           *prometheus.Registry
	requests      *prometheus.HistogramVec
	queryDuration *prometheus.HistogramVec
	commits       *prometheus.HistogramVec
	auditWait     prometheus.Histogram
	groupSize     *prometheus.HistogramVec
	written       *prometheus.CounterVec
	rejects       prometheus.Counter
	matches       *prometheus.Desc
	queue         *prometheus.Desc
	records       *prometheus.Desc
	pending       *prometheus.Desc
	s             *Server
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rflmatch_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route and status code.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "code"}),
		queryDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rflmatch_candidate_query_duration_seconds",
			Help:    "Time of one candidate query through the store's index, scoring and explanations included, by who waits for it: caller (a candidate list or a write matched before its answer) or background (matching after the answer, which gives way to the others).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		}, []string{"matching"}),
		commits: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rflmatch_commit_duration_seconds",
			Help:    "Time to write one group of the server's commits durably, by what the group holds: records (one store batch of the record writes that arrived together) or audit (audit events, with the matches they record).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"group"}),
		auditWait: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "rflmatch_audit_wait_seconds",
			Help:    "Time a request waits for its audit event, and what the event records, to be durable before it is answered: the group being written when it arrives, then its own (see rflmatch_commit_duration_seconds).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
		groupSize: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rflmatch_commit_group_size",
			Help:    "Requests written together in one commit, by what the group holds (see rflmatch_commit_duration_seconds).",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256},
		}, []string{"group"}),
		written: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rflmatch_records_written_total",
			Help: "Records stored or updated through the API, by kind and outcome.",
		}, []string{"kind", "outcome"}),
		rejects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rflmatch_ingest_rejects_total",
			Help: "Records rejected by validation, role or ownership on submission.",
		}),
		matches: prometheus.NewDesc("rflmatch_matches", "Matches by status.", []string{"status"}, nil),
		queue:   prometheus.NewDesc("rflmatch_review_queue_size", "Matches waiting for a decision or an answer.", nil, nil),
		records: prometheus.NewDesc("rflmatch_records", "Records in the store, by kind.", []string{"kind"}, nil),
		pending: prometheus.NewDesc("rflmatch_matching_pending", "Records written with matching=background that wait to be matched, or are being matched.", nil, nil),
		s:       s,
	}
	m.reg.MustRegister(m.requests, m.queryDuration, m.commits, m.auditWait, m.groupSize, m.written, m.rejects, m,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observeRequest(route string, code int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Observe(d.Seconds())
}

func (m *metrics) observeCommit(group string, n int, d time.Duration) {
	m.commits.WithLabelValues(group).Observe(d.Seconds())
	m.groupSize.WithLabelValues(group).Observe(float64(n))
}

// Describe implements prometheus.Collector for the figures read at
// scrape time.
func (m *metrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.matches
	ch <- m.queue
	ch <- m.records
	ch <- m.pending
}

// Collect implements prometheus.Collector.
func (m *metrics) Collect(ch chan<- prometheus.Metric) {
	counts := m.s.reviews.counts()
	open := 0
	for st, n := range counts {
		ch <- prometheus.MustNewConstMetric(m.matches, prometheus.GaugeValue, float64(n), string(st))
		if st.Open() {
			open += n
		}
	}
	ch <- prometheus.MustNewConstMetric(m.queue, prometheus.GaugeValue, float64(open))
	ch <- prometheus.MustNewConstMetric(m.pending, prometheus.GaugeValue, float64(m.s.pending.pendingLen()))
	m.s.kindsMu.Lock()
	defer m.s.kindsMu.Unlock()
	for kind, n := range m.s.kinds {
		ch <- prometheus.MustNewConstMetric(m.records, prometheus.GaugeValue, float64(n), string(kind))
	}
}
