package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
)

var apiCrashRounds = flag.Int("api-crash-rounds", 3, "kill -9 rounds of TestServerCrash (20 by hand)")

// crashServerEnv names the store directory the child server serves.
const crashServerEnv = "RFLMATCH_API_CRASH_CHILD"

// crashKey is the crash test's store key.
var crashKey = bytes.Repeat([]byte{7}, 32)

func crashStoreOptions(create bool) index.Options {
	return index.Options{Key: crashKey, Create: create, MemTableSize: 4 << 20, ValueLogFileSize: 4 << 20, CacheSize: 8 << 20, Log: io.Discard}
}

// TestServerChild is the server TestServerCrash kills: it serves the store
// the environment names on a loopback port, which it prints, until killed.
func TestServerChild(t *testing.T) {
	dir := os.Getenv(crashServerEnv)
	if dir == "" {
		t.Skip("run by TestServerCrash")
	}
	ctx := context.Background()
	st, err := index.Open(ctx, dir, crashStoreOptions(false))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("addr", ln.Addr())
	http.Serve(ln, srv)
}

// TestServerCrash kills the server with SIGKILL at random moments during a
// stream of submissions and decisions, restarts it, and checks at the end
// that every acknowledged record and decision is in the store, every
// record is matchable, and the audit chain verifies.
func TestServerCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	st, err := index.Open(ctx, dir, crashStoreOptions(true))
	if err != nil {
		t.Fatal(err)
	}
	tokens := map[Role]string{}
	for _, r := range []struct {
		role Role
		org  string
	}{{Tracer, "ns"}, {PMDSubmitter, "fx"}, {Reviewer, "board"}} {
		if tokens[r.role], _, err = CreateToken(ctx, st, r.role, r.org, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	var stream []string // one record a line, bodies first
	for _, file := range []string{"post_mortem.jsonl", "registrations.jsonl", "tracing_requests.jsonl", "ante_mortem.jsonl"} {
		b, err := os.ReadFile(filepath.Join(generated, file))
		if err != nil {
			t.Fatal(err)
		}
		stream = append(stream, strings.Split(strings.TrimSpace(string(b)), "\n")...)
	}
	// Then each record four times more, changed: updates, which re-match.
	firstPass := len(stream)
	for pass := 1; pass <= 4; pass++ {
		for _, line := range stream[:firstPass] {
			var r engine.Record
			json.Unmarshal([]byte(line), &r)
			r.Notes = fmt.Sprintf("revision %d", pass)
			b, _ := json.Marshal(&r)
			stream = append(stream, string(b))
		}
	}
	acked := map[engine.Key]bool{}
	decided := map[string]engine.ReviewStatus{} // match → the status its acknowledged decision gave
	rng := rand.New(rand.NewPCG(11, 12))
	next, killed := 0, 0
	for round := 0; round < *apiCrashRounds || next < len(stream); round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestServerChild$")
		cmd.Env = append(os.Environ(), crashServerEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		base := ""
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "addr "); ok {
				base = "http://" + a
				break
			}
		}
		if base == "" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: the server did not start", round)
		}
		go io.Copy(io.Discard, out)
		// The last round runs to the end of the stream; the others are
		// killed at a random moment.
		last := round >= *apiCrashRounds-1
		deadline := time.Now().Add(time.Duration(10+rng.IntN(150)) * time.Millisecond)
		killedNow := make(chan struct{})
		if !last {
			go func() {
				time.Sleep(time.Until(deadline))
				if cmd.Process.Signal(syscall.SIGKILL) == nil {
					killed++
				}
				close(killedNow)
			}()
		}
		client := &http.Client{Timeout: 30 * time.Second}
		for next < len(stream) {
			line := stream[next]
			var r engine.Record
			json.Unmarshal([]byte(line), &r)
			token := tokens[Tracer]
			if r.Kind == engine.PostMortem {
				token = tokens[PMDSubmitter]
			}
			// Every other write is matched in the background: its
			// matching, not yet done when a kill comes, is done by the
			// next server.
			path := "/v1/records"
			if next%2 == 1 {
				path += "?matching=background"
			}
			code, body, err := post(client, base, token, path, "application/json", []byte(line))
			if err != nil {
				break // killed
			}
			if code != 200 || !bytes.Contains(body, []byte(`"rejected":0`)) {
				t.Fatalf("round %d: POST %s/%s: %d %s", round, r.Source, r.ID, code, body)
			}
			acked[engine.Key{Source: r.Source, ID: r.ID}] = true
			next++
			// Now and then a reviewer decides on a proposed match.
			var res WriteResult
			json.Unmarshal(body, &res)
			if len(res.Matches) > 0 && rng.IntN(3) == 0 {
				id := res.Matches[rng.IntN(len(res.Matches))]
				if _, done := decided[id]; done {
					continue
				}
				d := map[string]string{"decision": "reject", "reason": "other_evidence"}
				if rng.IntN(2) == 0 {
					d = map[string]string{"decision": "confirm"}
				}
				b, _ := json.Marshal(d)
				code, body, err := post(client, base, tokens[Reviewer], "/v1/matches/"+id+"/decisions", "application/json", b)
				if err != nil {
					break
				}
				if code == 200 {
					var rv engine.Review
					json.Unmarshal(body, &rv)
					decided[id] = rv.Status
				}
			}
		}
		if last {
			cmd.Process.Signal(syscall.SIGKILL)
		} else {
			<-killedNow
		}
		cmd.Wait()
		t.Logf("round %d: %d of %d submissions (%d records) and %d decisions acknowledged so far", round, next, len(stream), len(acked), len(decided))
	}
	if killed == 0 {
		t.Fatal("no server was killed mid-stream: the test tested nothing")
	}

	st, err = index.Open(ctx, dir, crashStoreOptions(false))
	if err != nil {
		t.Fatalf("the store does not open after the kills: %v", err)
	}
	defer st.Close()
	// A server started once more matches what the kills left waiting.
	srv, err := New(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	left := srv.pending.pendingLen()
	if err := srv.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	err = srv.Settle(sctx)
	cancel()
	srv.Close()
	if err != nil {
		t.Fatalf("matching the %d records the kills left waiting: %v", left, err)
	}
	waiting := 0
	if err := st.ScanDocs(ctx, pendingTable, "", func(string, []byte) error { waiting++; return nil }); err != nil || waiting != 0 {
		t.Errorf("%d writes still waiting to be matched after a server settled (%v)", waiting, err)
	}
	t.Logf("%d records left waiting to be matched by the kills, matched at the next start", left)
	for k := range acked {
		if _, err := st.Get(ctx, k); err != nil {
			t.Errorf("acknowledged record %s: %v", k, err)
			continue
		}
		if _, err := engine.Query(ctx, st, k, engine.QueryOptions{Models: engine.DefaultModels()}); err != nil {
			t.Errorf("acknowledged record %s is not matchable: %v", k, err)
		}
	}
	rv, err := loadReviews(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	for id, status := range decided {
		if r := rv.byID[id]; r == nil || r.Status != status {
			t.Errorf("acknowledged decision on %s: stored %+v, want status %s", id, r, status)
		}
	}
	n, err := VerifyAudit(ctx, st)
	if err != nil {
		t.Errorf("the audit chain after %d kills: %v", killed, err)
	}
	t.Logf("%d kills: %d records, %d decisions acknowledged and found; %d audit events verify", killed, len(acked), len(decided), n)
}
