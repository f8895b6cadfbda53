package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/engine/words"
)

func reportRow(left, right string, score, prob float64, rank int, rel string, flags ...string) *engine.Pair {
	return &engine.Pair{LeftSource: "tr", LeftID: left, RightSource: "pm", RightID: right, Score: score, Probability: prob, Rank: rank, Relation: rel, Flags: append([]string{}, flags...)}
}

func TestReportCounts(t *testing.T) {
	r := newCrossReport(reportParams{Lang: "en"}, engine.DefaultModels(), words.New("en"))
	same, dup := engine.SamePerson.String(), engine.Duplicate.String()
	rows := []*engine.Pair{
		reportRow("A", "1", 30, 0.995, 1, same),
		reportRow("A", "2", 12, 0.004, 2, same),
		reportRow("B", "1", 20, 0.95, 1, same),
		reportRow("C", "3", 9, 0.6, 1, same),
		reportRow("C", "4", 2, 0.2, 2, same),
		reportRow("D", "5", -40, 0, 1, same, "excluded:sex_conflict"),
		reportRow("E", "6", 25, 0.97, 1, dup),
		reportRow("F", "7", 80, 0.999, 1, same), // beyond the histogram's last bin
	}
	for _, p := range rows {
		r.Add(p, nil, nil, 0)
	}
	if r.rows != len(rows) {
		t.Errorf("rows %d, want %d", r.rows, len(rows))
	}
	// Bands ≥0.99, 0.9–0.99, 0.5–0.9, 0.1–0.5, <0.1, excluded.
	want := map[string][]int{same: {2, 1, 1, 1, 1, 1}, dup: {0, 1, 0, 0, 0, 0}}
	for rel, w := range want {
		if got := r.byBand[rel]; fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("%s by band %v, want %v", rel, got, w)
		}
	}
	// Same-person rows not excluded: 0.995+0.004+0.95+0.6+0.2+0.999.
	if got, wantSum := r.expected, 3.748; got < wantSum-1e-9 || got > wantSum+1e-9 {
		t.Errorf("expected true matches %g, want %g", got, wantSum)
	}
	if got := fmt.Sprint(r.above); got != "[2 3 4 5]" {
		t.Errorf("same-person rows above 0.99, 0.9, 0.5, 0.1: %s, want [2 3 4 5]", got)
	}
	total := 0
	for _, n := range r.hist {
		total += n
	}
	if total != len(rows)-1 || r.hist[len(r.hist)-1] != 1 {
		t.Errorf("histogram holds %d rows (want %d), last bin %d (want 1)", total, len(rows)-1, r.hist[len(r.hist)-1])
	}
}

// The report keeps the best pairs only, however many rows go by, and asks
// for the explanation of a row only when it would keep it.
func TestReportKeepsTheBestPairs(t *testing.T) {
	r := newCrossReport(reportParams{Lang: "en"}, engine.DefaultModels(), words.New("en"))
	const n = 10 * reportTopPairs
	wanted := 0
	for i := range n {
		// Rising probabilities: every row beats those before it.
		p := reportRow(fmt.Sprintf("L%04d", i), "R", float64(i), float64(i)/n, 1, engine.SamePerson.String())
		if r.Wants(p) {
			wanted++
		}
		r.Add(p, nil, nil, 0)
	}
	if len(r.top) != reportTopPairs {
		t.Fatalf("kept %d pairs, want %d", len(r.top), reportTopPairs)
	}
	if wanted != n {
		t.Errorf("wanted %d rows of %d rising ones", wanted, n)
	}
	v := r.view()
	if first, last := v.Top[0].LeftID, v.Top[len(v.Top)-1].LeftID; first != fmt.Sprintf("L%04d", n-1) || last != fmt.Sprintf("L%04d", n-reportTopPairs) {
		t.Errorf("top pairs run from %s to %s", first, last)
	}
	if r.Wants(reportRow("X", "R", 0, 0.01, 1, engine.SamePerson.String())) {
		t.Error("a row worse than every kept pair is wanted")
	}
}

// crossReportOf runs a cross-check of generated people and feeds its rows
// to a report and a reconciliation as crosscheck --report --assign does.
func crossReportOf(t *testing.T, people int, lang string) *crossReport {
	t.Helper()
	ctx := context.Background()
	g, err := synth.New(synth.Options{Seed: 17, People: people})
	if err != nil {
		t.Fatal(err)
	}
	data, err := g.Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var left, right []*engine.Record
	for _, r := range data.Records {
		if r.Kind == engine.TracingRequest || r.Kind == engine.AnteMortem {
			left = append(left, r)
		} else {
			right = append(right, r)
		}
	}
	res, err := engine.Crosscheck(ctx, left, right, engine.CrosscheckOptions{TopK: 5})
	if err != nil {
		t.Fatal(err)
	}
	p := words.New(lang)
	rep := newCrossReport(reportParams{
		Left: []string{"generated/tracing.jsonl"}, Right: []string{"generated/forensic.jsonl", "generated/registrations.jsonl"},
		Top: 5, Assign: "incident", Lang: lang, At: time.Date(2026, 12, 7, 6, 0, 0, 0, time.UTC),
	}, res.Scorer.Models, p)
	as := engine.NewAssigner(engine.AssignOptions{Scope: engine.AssignIncident, NoMatch: engine.NoMatchWeight(res.Scorer.Models)})
	for i := range res.Matches {
		m := &res.Matches[i]
		for rank := 1; rank <= len(m.Candidates); rank++ {
			if err := as.Add(engine.NewAssignRow(m, rank)); err != nil {
				t.Fatal(err)
			}
			pair := res.Scorer.Pair(m, rank, false)
			if !rep.Wants(&pair) {
				rep.Add(&pair, nil, nil, len(m.Candidates))
				continue
			}
			pair = res.Scorer.Pair(m, rank, true)
			r := firstRecord(m.Candidates[rank-1].B)
			p.Fill(&pair, words.SidesOf(m.Left.Records, r))
			rep.Add(&pair, m.Left.Records, r, len(m.Candidates))
		}
	}
	sol, err := as.Solve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rep.Assigned(sol)
	rep.SetTotals(len(res.Matches), len(right), res.Pairs)
	return rep
}

func TestReportPage(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and cross-checks people")
	}
	for _, lang := range words.Langs() {
		t.Run(lang, func(t *testing.T) {
			var b bytes.Buffer
			if err := crossReportOf(t, 300, lang).Write(&b); err != nil {
				t.Fatal(err)
			}
			page := b.String()
			// Self-contained: nothing is fetched, nothing runs.
			for _, bad := range []string{"<script", "<link", "@import", "url(", "src=", "http://", "https://"} {
				if strings.Contains(page, bad) {
					t.Errorf("the page holds %q", bad)
				}
			}
			l := labelsFor(lang)
			for _, want := range []string{l.Title, l.Summary, l.ByBand, l.HistTitle, l.TopPairs, l.Assign, l.Models, l.Parameters} {
				if !strings.Contains(page, html.EscapeString(want)) {
					t.Errorf("the page lacks %q", want)
				}
			}
			for _, want := range []string{"<svg", `<html lang="` + lang + `"`, `<details class="pair" open>`, `<table class="changed">`} {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %s", want)
				}
			}
			if dir := regexp.MustCompile(`<html lang="[a-z]+" dir="(\w+)"`).FindStringSubmatch(page); dir == nil || (dir[1] == "rtl") != (lang == "ar") {
				t.Errorf("the page's direction is %v for %s", dir, lang)
			}
			if strings.Contains(page, "%!") {
				t.Error("a label's format is broken (%!)")
			}
		})
	}
}

// reportChromium finds Debian's Chromium, as the review page's tests do;
// without it the test skips, but under CI=true it fails.
func reportChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium: .ci/run installs Debian's chromium package")
	}
	t.Skip("no Chromium (apt-get install --no-install-recommends chromium fonts-noto-core)")
	return ""
}

// TestReportInChromium opens the report from a file in headless Chromium,
// offline: the page loads with no request beyond itself, lays out right to
// left in Arabic, and leaves a screenshot in $RFLMATCH_ARTEFACTS (or the
// test's temporary folder).
func TestReportInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("generates, cross-checks and starts Chromium")
	}
	exe := reportChromium(t)
	artefacts := os.Getenv("RFLMATCH_ARTEFACTS")
	if artefacts == "" {
		artefacts = t.TempDir()
	}
	dir := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1100, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			path := filepath.Join(dir, "report-"+lang+".html")
			if err := writeAtomic(path, 0o600, crossReportOf(t, 300, lang).Write); err != nil {
				t.Fatal(err)
			}
			tab, cancel := chromedp.NewContext(browser)
			defer cancel()
			if err := chromedp.Do(tab); err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var requests []string
			if err := chromedp.Listen(tab, func(ev any) {
				if e, ok := ev.(*network.EventRequestWillBeSent); ok {
					mu.Lock()
					requests = append(requests, e.Request.URL)
					mu.Unlock()
				}
			}); err != nil {
				t.Fatal(err)
			}
			url := "file://" + path
			if err := chromedp.Do(tab, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`details.pair`))); err != nil {
				t.Fatalf("loading the report: %v", err)
			}
			mu.Lock()
			for _, u := range requests {
				if u != url {
					t.Errorf("the page asked for %s", u)
				}
			}
			mu.Unlock()
			state, err := chromedp.Run(tab, chromedp.Evaluate[struct {
				Dir   string `json:"dir"`
				Bars  int    `json:"bars"`
				Pairs int    `json:"pairs"`
				Wide  bool   `json:"wide"`
			}](`({dir: getComputedStyle(document.body).direction, bars: document.querySelectorAll('svg rect').length,
				pairs: document.querySelectorAll('details.pair').length,
				wide: document.documentElement.scrollWidth > window.innerWidth})`))
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]string{true: "rtl", false: "ltr"}[lang == "ar"]; state.Dir != want {
				t.Errorf("direction %s, want %s", state.Dir, want)
			}
			if state.Bars == 0 || state.Pairs == 0 {
				t.Errorf("%d histogram bars and %d pairs drawn", state.Bars, state.Pairs)
			}
			if state.Wide {
				t.Error("the page is wider than the window: it scrolls sideways")
			}
			png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			shot := filepath.Join(artefacts, "rflmatch-crosscheck-report-"+lang+".png")
			if err := os.WriteFile(shot, png, 0o600); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot: %s", shot)
		})
	}
}
