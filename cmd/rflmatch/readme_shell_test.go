package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The README's API section is a shell session: a token captured into a
// variable, the server started in the background, curl requests, and the
// server stopped. These are the few shell forms TestREADMECommands runs
// beyond simple commands, each the way a shell would:
//
//	export NAME=$(rflmatch …)   runs the command, NAME = its standard output, trimmed
//	rflmatch serve … &          runs serve until 'kill %1', once it answers /readyz
//	curl [-s] [-f] [-H H]… [-X M] [--data-binary @FILE] URL
//	kill %1                     stops the background server (SIGINT), which must exit 0
//	"$NAME", $NAME              the exported value
//
// The words keep these forms as markers: capturePrefix + NAME first for a
// capture, a last word "&" for the background.

const capturePrefix = "$(capture)"

var captureLine = regexp.MustCompile(`^export ([A-Za-z_][A-Za-z0-9_]*)=\$\((.*)\)$`)

// shellForms parses the lines of those forms, and hands any other line to
// shellWords.
func shellForms(line string) (words []string, text string, err error) {
	trimmed := strings.TrimSpace(line)
	if m := captureLine.FindStringSubmatch(trimmed); m != nil {
		inner, _, err := shellWords(m[2])
		if err != nil {
			return nil, "", err
		}
		return append([]string{capturePrefix + m[1]}, inner...), strings.Join(strings.Fields(trimmed), " "), nil
	}
	if s, ok := strings.CutSuffix(trimmed, " &"); ok {
		words, text, err := shellWords(s)
		if err != nil {
			return nil, "", err
		}
		return append(words, "&"), text + " &", nil
	}
	if trimmed == "kill %1" {
		return []string{"kill", "%1"}, trimmed, nil
	}
	return shellWords(line)
}

// varRef is a $NAME anywhere; varAt one that starts the text.
var (
	varRef = regexp.MustCompile(`\$[A-Za-z_][A-Za-z0-9_]*`)
	varAt  = regexp.MustCompile(`^\$[A-Za-z_][A-Za-z0-9_]*`)
)

// expand replaces $NAME in each word with its exported value.
func expand(words []string, env map[string]string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = varRef.ReplaceAllStringFunc(w, func(ref string) string { return env[ref[1:]] })
	}
	return out
}

// background is the server a README line started with &.
type background struct {
	stop   context.CancelFunc
	done   chan int
	stderr *syncBuffer
}

// startBackground runs an rflmatch command until kill %1 and waits until
// the server it starts answers /readyz.
func startBackground(t *testing.T, vars map[string]string, words []string) *background {
	t.Helper()
	args, ok := cliArgs(words)
	if !ok || len(args) == 0 || args[0] != "serve" {
		t.Fatalf("%q: only 'rflmatch serve' runs in the background here", strings.Join(words, " "))
	}
	ctx, stop := context.WithCancel(context.Background())
	bg := &background{stop: stop, done: make(chan int, 1), stderr: &syncBuffer{}}
	e := &env{stdout: io.Discard, stderr: bg.stderr, getenv: func(k string) string { return vars[k] }}
	go func() { bg.done <- run(ctx, e, args) }()
	deadline := time.Now().Add(time.Minute)
	for {
		s := bg.stderr.String()
		if i := strings.Index(s, "serving the API on "); i >= 0 {
			base := strings.Fields(s[i+len("serving the API on "):])[0]
			if resp, err := http.Get(base + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return bg
				}
			}
		}
		select {
		case code := <-bg.done:
			t.Fatalf("%s exited %d before it was ready:\n%s", strings.Join(words, " "), code, bg.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("%s: not ready after a minute:\n%s", strings.Join(words, " "), bg.stderr.String())
		}
	}
}

// kill stops the background server as SIGINT does and returns its exit
// code and standard error.
func (bg *background) kill(t *testing.T) (int, string) {
	t.Helper()
	bg.stop()
	select {
	case code := <-bg.done:
		return code, bg.stderr.String()
	case <-time.After(time.Minute):
		t.Fatal("the background server did not stop within a minute")
	}
	return 0, ""
}

// runCurl does what curl does with the flags the README uses: exit 0 on
// any answer, or 22 with -f on an HTTP error, as curl does.
func runCurl(t *testing.T, words []string) (int, string, string) {
	t.Helper()
	var url, method, data string
	var fail bool
	header := http.Header{}
	for i := 1; i < len(words); i++ {
		w := words[i]
		next := func() string {
			i++
			if i == len(words) {
				t.Fatalf("curl: %s needs a value", w)
			}
			return words[i]
		}
		switch {
		case w == "-H":
			k, v, _ := strings.Cut(next(), ":")
			header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
		case w == "-X":
			method = next()
		case w == "--data-binary":
			v := next()
			path, ok := strings.CutPrefix(v, "@")
			if !ok {
				data = v
				break
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("curl: %v", err)
			}
			data = string(b)
		case strings.HasPrefix(w, "-") && !strings.HasPrefix(w, "--") && strings.Trim(w[1:], "sf") == "":
			fail = fail || strings.Contains(w, "f")
		case strings.HasPrefix(w, "http://") || strings.HasPrefix(w, "https://"):
			url = w
		default:
			t.Fatalf("curl: %q is not a flag this test knows", w)
		}
	}
	if method == "" {
		method = "GET"
		if data != "" {
			method = "POST"
		}
	}
	req, err := http.NewRequest(method, url, strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 7, "", err.Error() // curl's "failed to connect"
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if fail && resp.StatusCode >= 400 {
		return 22, "", fmt.Sprintf("curl: (22) The requested URL returned error: %d\n%s", resp.StatusCode, body)
	}
	return 0, string(body), ""
}
