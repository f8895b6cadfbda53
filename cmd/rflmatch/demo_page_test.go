package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDemoReviewPage runs the demo as a newcomer at a terminal would, and
// signs in to the review page with the one-time code it prints.
func TestDemoReviewPage(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo generates, ingests and serves")
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var stdout, stderr syncBuffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, stdinTTY: true}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, e, []string{"demo", "--people", "40", "--addr", "127.0.0.1:0", "--lang", "en"})
	}()
	line := regexp.MustCompile(`The review page is at (http://\S+)/ : sign in with the one-time code ([A-Z2-9-]{19}) `)
	var m []string
	deadline := time.Now().Add(2 * time.Minute)
	for m = line.FindStringSubmatch(stdout.String()); m == nil; m = line.FindStringSubmatch(stdout.String()) {
		select {
		case code := <-done:
			t.Fatalf("demo exited with %d before printing the page's line:\n%s\n%s", code, stdout.String(), stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no sign-in line from the demo:\n%s", stdout.String())
		}
	}
	base, code := m[1], m[2]
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	get := func(path string) (int, string) {
		resp, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	_, form := get("/")
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(form)
	if csrf == nil {
		t.Fatalf("/ does not lead to the sign-in form:\n%s", form)
	}
	req, _ := http.NewRequest("POST", base+"/signin", strings.NewReader(url.Values{"csrf": {csrf[1]}, "secret": {code}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `href="/matches/`) {
		t.Fatalf("signing in with the demo's code: %d, no match in the queue:\n%s", resp.StatusCode, b)
	}
	stop()
	if code := <-done; code != 0 {
		t.Errorf("demo exited with %d after Ctrl-C:\n%s", code, stderr.String())
	}
}
