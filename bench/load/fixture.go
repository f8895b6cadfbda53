package load

import (
	"bufio"
	"context"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
	"github.com/rflmatch/rflmatch/ingest"
)

// A kept directory (Options.Dir) holds the store as it was built, before
// any load (base), the copy each run loads (run), and what the driver
// needs to load it again (fixtureName): the key, the tokens' secrets, the
// sought keys and the records kept back. Building a store of 100,000
// records takes minutes; copying it, seconds.
const (
	fixtureName   = "fixture.json"
	baseStoreName = "base"
	runStoreName  = "run"
	// fixtureFormat changes when what a fixture holds or how its store
	// is built changes, so that an older directory is built again.
	fixtureFormat = 1
)

// savedFixture is fixtureName's content.
type savedFixture struct {
	Format   int                 `json:"format"`
	Records  int                 `json:"records"` // as asked for
	Seed     int64               `json:"seed"`
	Shared   string              `json:"shared"`
	Stored   int                 `json:"stored"` // in the store before the load
	Key      []byte              `json:"key"`
	Tokens   map[api.Role]string `json:"tokens"`
	Sought   []engine.Key        `json:"sought"`
	Holdout  []json.RawMessage   `json:"holdout"`
	HoldKind []engine.Kind       `json:"hold_kind"`
}

// prepare builds the store in dir, or reuses the one a kept dir holds
// when it was built with the same records, seed and shared data and keeps
// back enough records for the run, and serves it.
func prepare(ctx context.Context, dir string, keep bool, opt Options, logw io.Writer) (*served, error) {
	need := holdoutFor(opt)
	sf, err := readFixture(dir)
	switch {
	case err != nil:
		return nil, err
	case sf != nil && sf.Records == opt.Records && sf.Seed == opt.Seed && sf.Shared == opt.SharedData && len(sf.Holdout) >= need:
		fmt.Fprintf(logw, "reusing the store of %d records built in %s\n", sf.Stored, dir)
	default:
		if sf != nil {
			fmt.Fprintf(logw, "the store in %s was built for another run: building it again\n", dir)
		}
		if err := os.RemoveAll(filepath.Join(dir, baseStoreName)); err != nil {
			return nil, err
		}
		if sf, err = build(ctx, filepath.Join(dir, baseStoreName), dir, need, opt, logw); err != nil {
			return nil, err
		}
		if keep {
			if err := writeFixture(dir, sf); err != nil {
				return nil, err
			}
		}
	}
	fx := &fixture{tokens: sf.Tokens, sought: sf.Sought, holdKind: sf.HoldKind, records: sf.Stored}
	for _, h := range sf.Holdout {
		fx.holdout = append(fx.holdout, []byte(h))
	}
	store := filepath.Join(dir, baseStoreName)
	if keep {
		// Each run starts from the store as built: the records it
		// submits are new to it, as they were to the first run.
		store = filepath.Join(dir, runStoreName)
		fmt.Fprintf(logw, "copying the store to %s\n", store)
		if err := os.RemoveAll(store); err != nil {
			return nil, err
		}
		if err := copyTree(filepath.Join(dir, baseStoreName), store); err != nil {
			return nil, err
		}
	}
	return serve(ctx, store, sf.Key, fx, opt.Background, logw)
}

// readFixture reads dir's fixture, nil when there is none or it is of an
// older format.
func readFixture(dir string) (*savedFixture, error) {
	b, err := os.ReadFile(filepath.Join(dir, fixtureName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var sf savedFixture
	if err := json.Unmarshal(b, &sf); err != nil {
		return nil, fmt.Errorf("load: %s: %w", filepath.Join(dir, fixtureName), err)
	}
	if sf.Format != fixtureFormat {
		return nil, nil
	}
	return &sf, nil
}

// writeFixture writes sf beside the store, readable by its owner only: it
// holds the store's key and the tokens.
func writeFixture(dir string, sf *savedFixture) error {
	b, err := json.Marshal(sf)
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, fixtureName+".tmp")
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, fixtureName))
}

// build generates the records (keeping holdout of them back), ingests
// the others into a new store at storeDir, gives one organisation every
// source, makes the tokens and estimates the models, and closes the store.
func build(ctx context.Context, storeDir, dir string, holdout int, opt Options, logw io.Writer) (*savedFixture, error) {
	fmt.Fprintf(logw, "generating about %d records, and %d more to submit under load\n", opt.Records, holdout)
	g, err := synth.New(synth.Options{Seed: opt.Seed, People: 10 * opt.Records, SharedData: opt.SharedData})
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	input := filepath.Join(dir, "records.jsonl")
	f, err := os.OpenFile(input, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	defer os.Remove(input)
	w := bufio.NewWriterSize(f, 1<<20)
	sf := &savedFixture{Format: fixtureFormat, Records: opt.Records, Seed: opt.Seed, Shared: opt.SharedData, Tokens: map[api.Role]string{}}
	sources := map[string]bool{}
	n := 0
	for u, err := range g.Units(ctx) {
		if err != nil {
			f.Close()
			return nil, err
		}
		for _, r := range u.Records {
			line, err := r.MarshalCanonical()
			if err != nil {
				f.Close()
				return nil, err
			}
			sources[r.Source] = true
			if n < opt.Records {
				w.Write(line)
				w.WriteByte('\n')
				if r.Kind == engine.TracingRequest {
					sf.Sought = append(sf.Sought, r.Key())
				}
				n++
				continue
			}
			sf.Holdout = append(sf.Holdout, line)
			sf.HoldKind = append(sf.HoldKind, r.Kind)
		}
		if len(sf.Holdout) >= holdout {
			break
		}
	}
	sf.Stored = n
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	sf.Key = make([]byte, 32)
	crand.Read(sf.Key)
	st, err := index.Open(ctx, storeDir, index.Options{Key: sf.Key, Create: true, Log: logw})
	if err != nil {
		return nil, err
	}
	closed := false
	defer func() {
		if !closed {
			st.Close()
		}
	}()
	fmt.Fprintf(logw, "ingesting %d records\n", n)
	if _, err := ingest.Run(ctx, st, []string{input}, ingest.Options{Errors: logw}); err != nil {
		return nil, err
	}
	// One organisation owns every source, so that its tracer and its
	// submitter may write the records kept back.
	var srcs []string
	for s := range sources {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	if err := api.ClaimSources(ctx, st, "ns", srcs); err != nil {
		return nil, err
	}
	for _, t := range []struct {
		role api.Role
		org  string
	}{{api.Tracer, "ns"}, {api.PMDSubmitter, "ns"}, {api.Reviewer, "board"}} {
		if sf.Tokens[t.role], _, err = api.CreateToken(ctx, st, t.role, t.org, time.Now()); err != nil {
			return nil, err
		}
	}
	fmt.Fprintln(logw, "estimating the models")
	if _, err := engine.StoreModels(ctx, st, engine.BlockOptions{}, nil); err != nil {
		return nil, err
	}
	closed = true
	if err := st.Close(); err != nil {
		return nil, err
	}
	return sf, nil
}

// copyTree copies the closed store at from to a new directory to, files
// readable by their owner only.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("load: %s: not a regular file", path)
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}
