package web

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/engine"
)

// axeSource is axe-core, run on each page for accessibility (see
// testdata/README.md).
//
//go:embed testdata/axe.min.js
var axeSource string

// chromium finds Debian's Chromium. Without it the browser tests skip,
// but under CI=true they fail: .ci/run installs it.
func chromium(t *testing.T) string {
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

// screenshots is where the tests leave their screenshots: $TMPDIR, or
// RFLMATCH_SCREENSHOTS when set (the README's picture is taken so).
func screenshots() string {
	if d := os.Getenv("RFLMATCH_SCREENSHOTS"); d != "" {
		return d
	}
	return os.TempDir()
}

// people starts a headless Chromium and returns a function that opens a
// new person's window, with cookies of its own.
func people(t *testing.T) func() context.Context {
	exe := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return func() context.Context {
		c, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		return c
	}
}

// run runs the steps in the person's window, failing the test on error.
func run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// get runs one action that answers, failing the test on error.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	return get(t, ctx, expr, chromedp.Evaluate[T](expr))
}

// signInAs types a token or code into the sign-in form, as a person does.
func signInAs(t *testing.T, ctx context.Context, base, secret string) {
	t.Helper()
	run(t, ctx, "signing in",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#secret`)),
		chromedp.SendKeys(chromedp.CSS(`#secret`), secret),
		chromedp.Submit(chromedp.CSS(`#secret`)),
		chromedp.WaitVisible(chromedp.CSS(`table.queue`)),
	)
}

// axeViolation is one rule axe-core found broken on a page.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// checkAxe runs axe-core's WCAG 2.1 A and AA rules on the page and fails
// on any violation.
func checkAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	get(t, ctx, "loading axe", chromedp.Evaluate[any](axeSource))
	res := get(t, ctx, "running axe on "+page, chromedp.Evaluate[struct {
		Violations []axeViolation `json:"violations"`
		Passes     int            `json:"passes"`
	}](
		`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => ({violations: r.violations, passes: r.passes.length}))`,
		chromedp.EvalAwaitPromise))
	t.Logf("axe on %s: %d rules passed, %d violated", page, res.Passes, len(res.Violations))
	if res.Passes == 0 {
		t.Errorf("axe on %s checked nothing", page)
	}
	for _, v := range res.Violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target...))
		}
		t.Errorf("axe on %s: %s (%s): %s, at %s", page, v.ID, v.Impact, v.Help, strings.Join(where, "; "))
	}
}

func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := get(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	path := filepath.Join(screenshots(), name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// TestBrowser drives the review page in Chromium as its users would: a
// reviewer signs in, opens the queue and a case with dental charts, sees
// both records, the chart and the odontogram, and confirms; a second
// reviewer signs in with a one-time code and confirms, and the match is
// confirmed; a tracer of another organisation does not see the restricted
// fields; the Arabic page lays out right to left. axe-core checks every
// page.
func TestBrowser(t *testing.T) {
	person := people(t)
	f := newFixture(t)
	base := f.hs.URL

	// The case: a proposed identification of remains with dental charts
	// on both sides.
	var m engine.Review
	for _, r := range f.matches() {
		if r.Kind != engine.RemainsReview || r.Status != engine.Proposed {
			continue
		}
		var mv api.MatchView
		f.apiCall("reviewer", "GET", "/v1/matches/"+r.ID, "", nil, &mv)
		a, _ := firstChart(mv.Sought)
		b, _ := firstChart(mv.Found)
		if a != nil && b != nil {
			m = r
			break
		}
	}
	if m.ID == "" {
		t.Fatal("no proposed remains match with two dental charts in the generated data")
	}

	t.Run("first reviewer confirms", func(t *testing.T) {
		ctx := person()
		signInAs(t, ctx, base, f.tokens["reviewer"])
		shot(t, ctx, "rflmatch-review-queue.png")
		checkAxe(t, ctx, "the queue")
		run(t, ctx, "opening the case",
			chromedp.Click(chromedp.CSS(`a[href="/matches/`+m.ID+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(`table.compare`)),
			chromedp.WaitVisible(chromedp.CSS(`figure.waterfall svg`)),
			chromedp.WaitVisible(chromedp.CSS(`.odontogram svg`)),
		)
		if sides := eval[int](t, ctx, `document.querySelectorAll('.odontogram svg').length`); sides != 2 {
			t.Errorf("%d dental charts, want 2 side by side", sides)
		}
		shot(t, ctx, "rflmatch-review-case.png")
		checkAxe(t, ctx, "the case")
		run(t, ctx, "confirming",
			chromedp.SetValue(chromedp.CSS(`#confirm-reason`), "dental_match"),
			chromedp.SendKeys(chromedp.CSS(`#confirm-note`), "charts agree"),
			chromedp.Click(chromedp.CSS(`button.confirm`)),
			chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
		)
		if status := get(t, ctx, "status", chromedp.Text(chromedp.CSS(`.summary .status`))); status != "awaiting a second confirmation" {
			t.Errorf("after the first confirmation the page says %q", status)
		}
		run(t, ctx, "signing out", chromedp.Click(chromedp.CSS(`header form button`)), chromedp.WaitVisible(chromedp.CSS(`#secret`)))
	})

	t.Run("second reviewer confirms with a one-time code", func(t *testing.T) {
		ctx := person()
		signInAs(t, ctx, base, f.code("reviewer2"))
		run(t, ctx, "confirming",
			chromedp.Navigate(base+"/matches/"+m.ID),
			chromedp.WaitVisible(chromedp.CSS(`button.confirm`)),
			chromedp.Click(chromedp.CSS(`button.confirm`)),
			chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
		)
		if status := get(t, ctx, "status", chromedp.Text(chromedp.CSS(`.summary .status`))); status != "confirmed" {
			t.Errorf("after the second confirmation the page says %q", status)
		}
		if got := f.status(m.ID); got != engine.Confirmed {
			t.Errorf("the API says %s, want confirmed", got)
		}
	})

	t.Run("another organisation's tracer", func(t *testing.T) {
		var (
			rm         engine.Review
			restricted []string
			other      string
		)
		for _, r := range f.matches() {
			so, fo := orgOf(r.Sought.Source, engine.TracingRequest), orgOf(r.Found.Source, engine.Registration)
			if (r.Kind != engine.RegistrationReview && r.Kind != engine.ReciprocalReview) || so == fo {
				continue
			}
			if vals := restrictedOf(f.record(r.Sought, engine.TracingRequest)); len(vals) > 0 {
				rm, restricted, other = r, vals, fo
				break
			}
		}
		if rm.ID == "" {
			t.Fatal("no cross-organisation match with restricted fields")
		}
		ctx := person()
		signInAs(t, ctx, base, f.tokens["tracer-"+other])
		run(t, ctx, "opening the case",
			chromedp.Navigate(base+"/matches/"+rm.ID),
			chromedp.WaitVisible(chromedp.CSS(`table.compare`)),
		)
		text := get(t, ctx, "the page's text", chromedp.Text(chromedp.CSS(`body`)))
		for _, v := range restricted {
			if strings.Contains(text, v) {
				t.Errorf("another organisation's tracer sees %q", v)
			}
		}
	})

	t.Run("Arabic right to left", func(t *testing.T) {
		ctx := person()
		signInAs(t, ctx, base, f.tokens["reviewer"])
		run(t, ctx, "the Arabic case",
			chromedp.Navigate(base+"/matches/"+m.ID+"?lang=ar"),
			chromedp.WaitVisible(chromedp.CSS(`table.compare`)),
		)
		dir := eval[string](t, ctx, `document.documentElement.dir`)
		bodyDir := eval[string](t, ctx, `getComputedStyle(document.body).direction`)
		// A name in Latin script keeps its own direction inside Arabic
		// text: its <bdi> resolves to ltr.
		nameDir := eval[string](t, ctx, `(() => { const b = [...document.querySelectorAll('table.compare bdi')].find(e => /^[A-Za-z]/.test(e.textContent)); return b ? (b.matches(':dir(ltr)') ? 'ltr' : 'rtl') : 'none'; })()`)
		// The table's first column, the field, is on the right.
		navRight := eval[float64](t, ctx, `document.querySelector('table.compare th[scope=row]').getBoundingClientRect().right`)
		navLeft := eval[float64](t, ctx, `document.querySelector('table.compare td').getBoundingClientRect().right`)
		if dir != "rtl" || bodyDir != "rtl" {
			t.Errorf("Arabic page: dir %q, body direction %q; want rtl", dir, bodyDir)
		}
		if nameDir != "ltr" {
			t.Errorf("a Latin name inside the Arabic page is %s, want ltr", nameDir)
		}
		if navRight <= navLeft {
			t.Errorf("the field column (right edge %.0f) is not right of the values (%.0f)", navRight, navLeft)
		}
		shot(t, ctx, "rflmatch-review-arabic.png")
		checkAxe(t, ctx, "the Arabic case")
		run(t, ctx, "the Arabic search", chromedp.Navigate(base+"/search?q=Ali"), chromedp.WaitVisible(chromedp.CSS(`#q`)))
		checkAxe(t, ctx, "the Arabic search")
	})

	t.Run("tablet", func(t *testing.T) {
		ctx := person()
		signInAs(t, ctx, base, f.tokens["reviewer"])
		run(t, ctx, "a 10-inch tablet",
			chromedp.EmulateViewport(800, 1280),
			chromedp.Navigate(base+"/matches/"+m.ID),
			chromedp.WaitVisible(chromedp.CSS(`table.compare`)),
		)
		if eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
			t.Error("the case page scrolls sideways on an 800-pixel-wide tablet")
		}
		shot(t, ctx, "rflmatch-review-tablet.png")
	})

}
