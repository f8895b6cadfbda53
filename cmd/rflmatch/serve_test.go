package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that the server's goroutines may write to
// while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe runs the server as an operator would: a store filled from the
// command line with --org, tokens made with 'token create', 'serve' until
// SIGINT; the stored cases reach the queue, a record is read and one
// submitted, and the store is closed cleanly at the end.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "k")
	data := filepath.Join(dir, "data")
	envv := map[string]string{keyEnv: key}
	gen := filepath.Join("..", "..", "testdata", "generated")
	steps := [][]string{
		{"keygen", "--out", key},
		{"ingest", "--data", data, "--org", "ns-tracing", filepath.Join(gen, "tracing_requests.jsonl"), filepath.Join(gen, "ante_mortem.jsonl"), filepath.Join(gen, "registrations.jsonl")},
		{"ingest", "--data", data, "--org", "forensics", filepath.Join(gen, "post_mortem.jsonl")},
	}
	for _, args := range steps {
		if code, _, stderr := runCLI(t, envv, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	// A source is its first organisation's.
	if code, _, stderr := runCLI(t, envv, "ingest", "--data", data, "--org", "forensics", filepath.Join(gen, "tracing_requests.jsonl")); code != exitUsage || !strings.Contains(stderr, "belongs to another organisation") {
		t.Errorf("ingest into another organisation's source: exit %d: %s", code, stderr)
	}
	tokens := map[string]string{}
	for _, c := range [][2]string{{"tracer", "ns-tracing"}, {"reviewer", "board"}, {"admin", "hq"}} {
		code, out, stderr := runCLI(t, envv, "token", "create", "--data", data, "--role", c[0], "--org", c[1])
		if code != 0 || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "rfl_") {
			t.Fatalf("token create %v: exit %d, stdout %q, %s", c, code, out, stderr)
		}
		tokens[c[0]] = strings.TrimSpace(out)
	}
	if code, _, stderr := runCLI(t, envv, "token", "create", "--data", data, "--role", "king", "--org", "x"); code != exitUsage || !strings.Contains(stderr, "unknown role") {
		t.Errorf("token create with an unknown role: exit %d: %s", code, stderr)
	}

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var stderr syncBuffer
	e := &env{stdout: io.Discard, stderr: &stderr, getenv: func(k string) string { return envv[k] }}
	done := make(chan int, 1)
	go func() { done <- run(ctx, e, []string{"serve", "--data", data, "--addr", "127.0.0.1:0"}) }()
	base := ""
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("waiting for %s; stderr:\n%s", what, stderr.String())
			}
			select {
			case code := <-done:
				t.Fatalf("serve exited with %d while waiting for %s:\n%s", code, what, stderr.String())
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	waitFor("the address", func() bool {
		s := stderr.String()
		i := strings.Index(s, "serving the API on ")
		if i < 0 {
			return false
		}
		base = strings.Fields(s[i+len("serving the API on "):])[0]
		return true
	})
	call := func(token, method, path, ctype, body string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	waitFor("the stored cases matched", func() bool { return strings.Contains(stderr.String(), "matched stored cases") })
	if code, _ := call("", "GET", "/readyz", "", ""); code != 200 {
		t.Errorf("/readyz: %d", code)
	}
	if code, b := call(tokens["tracer"], "GET", "/v1/records/fr-tracing/TR-FR-0GP40KIL", "", ""); code != 200 || !bytes.Contains(b, []byte(`"enquirer"`)) {
		t.Errorf("the owner's tracer reads its record: %d %s", code, b)
	}
	var q struct{ Total int }
	code, b := call(tokens["reviewer"], "GET", "/v1/matches", "", "")
	if json.Unmarshal(b, &q); code != 200 || q.Total == 0 {
		t.Errorf("the queue after the sweep: %d %s", code, b)
	}
	rec := `{"id":"TR-NEW-1","source":"fr-tracing","kind":"tracing_request","names":[{"full":"Tesfaye Gebre-Medhin","lang":"ti"}],"sex":"male","nationalities":["ER"]}`
	if code, b := call(tokens["tracer"], "POST", "/v1/records", "application/json", rec); code != 200 || !bytes.Contains(b, []byte(`"stored":1`)) {
		t.Errorf("POST a record: %d %s", code, b)
	}
	if code, b := call(tokens["admin"], "GET", "/metrics", "", ""); code != 200 || !bytes.Contains(b, []byte("rflmatch_http_request_duration_seconds")) || !bytes.Contains(b, []byte(`rflmatch_records{kind="post_mortem"} 32`)) {
		t.Errorf("/metrics: %d\n%s", code, b)
	}
	stop()
	select {
	case code := <-done:
		if code != 0 || !strings.Contains(stderr.String(), "stopped; the store is closed cleanly") {
			t.Fatalf("serve exited %d:\n%s", code, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not stop")
	}
	// Nothing personal in the log: no name, no record id.
	for _, s := range []string{"Tesfaye", "TR-FR-0GP40KIL", "TR-NEW-1", "Hoang"} {
		if strings.Contains(stderr.String(), s) {
			t.Errorf("the server's log holds %q", s)
		}
	}
	code, out, errs := runCLI(t, envv, "token", "list", "--data", data)
	if code != 0 || strings.Count(out, "\n") != 4 || strings.Contains(out, "rfl_") {
		t.Errorf("token list: exit %d\n%s%s", code, out, errs)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	if code, _, errs := runCLI(t, envv, "token", "revoke", "--data", data, "--id", id); code != 0 {
		t.Errorf("token revoke: %d %s", code, errs)
	}
	if code, _, _ := runCLI(t, envv, "token", "revoke", "--data", data, "--id", id); code != exitRejected {
		t.Errorf("revoking a revoked token: exit %d", code)
	}
	if code, out, errs := runCLI(t, envv, "stats", "--data", data); code != 0 || !strings.Contains(out, "fr-tracing") {
		t.Errorf("stats after serve: %d %s %s", code, out, errs)
	}
}

// writeSelfSigned writes a certificate for 127.0.0.1 and its key, PEM,
// and returns a pool that trusts it.
func writeSelfSigned(t *testing.T, certFile, keyFile string) *x509.CertPool {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "rflmatch test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return pool
}

// A request in flight when SIGTERM comes is finished, and its records
// are in the store when it reopens; the server speaks TLS when told.
func TestServeTLSFinishesInFlight(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "k")
	data := filepath.Join(dir, "data")
	envv := map[string]string{keyEnv: key}
	gen := filepath.Join("..", "..", "testdata", "generated")
	for _, args := range [][]string{{"keygen", "--out", key}, {"ingest", "--data", data, filepath.Join(gen, "post_mortem.jsonl")}} {
		if code, _, stderr := runCLI(t, envv, args...); code != 0 {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
	}
	_, out, _ := runCLI(t, envv, "token", "create", "--data", data, "--role", "tracer", "--org", "ns")
	token := strings.TrimSpace(out)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	pool := writeSelfSigned(t, certFile, keyFile)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var stderr syncBuffer
	e := &env{stdout: io.Discard, stderr: &stderr, getenv: func(k string) string { return envv[k] }}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, e, []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--no-sweep", "--tls-cert", certFile, "--tls-key", keyFile})
	}()
	var base string
	for deadline := time.Now().Add(time.Minute); ; {
		s := stderr.String()
		if i := strings.Index(s, "serving the API on "); i >= 0 && strings.Contains(s, "msg=ready") {
			base = strings.Fields(s[i+len("serving the API on "):])[0]
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready:\n%s", s)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.HasPrefix(base, "https://") {
		t.Fatalf("serving on %s, want https", base)
	}
	records, err := os.ReadFile(filepath.Join(gen, "tracing_requests.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	half := bytes.IndexByte(records[len(records)/2:], '\n') + len(records)/2 + 1
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", base+"/v1/records", pr)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-ndjson")
	type answer struct {
		code int
		body []byte
		err  error
	}
	answered := make(chan answer, 1)
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			answered <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		answered <- answer{code: resp.StatusCode, body: b}
	}()
	pw.Write(records[:half])
	time.Sleep(300 * time.Millisecond) // the request is being read
	stop()                             // as SIGTERM does
	time.Sleep(300 * time.Millisecond)
	pw.Write(records[half:])
	pw.Close()
	a := <-answered
	if a.err != nil || a.code != 200 || !bytes.Contains(a.body, []byte(`"stored":51`)) {
		t.Fatalf("the request in flight: %d %v %s", a.code, a.err, a.body)
	}
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, stderr.String())
	}
	_, out, _ = runCLI(t, envv, "stats", "--data", data, "--json")
	if !strings.Contains(out, `"tracing_request": 51`) {
		t.Errorf("after the shutdown the store holds: %s", out)
	}
}
