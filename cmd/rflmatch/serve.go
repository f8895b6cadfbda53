package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/api/web"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
	"github.com/spf13/pflag"
)

func init() {
	commands["serve"] = command{"serve the HTTP API over a store until interrupted", runServe}
}

const serveSynopsis = `--data DIR [--addr HOST:PORT] [--tls-cert FILE --tls-key FILE] [--propose-at P] [--no-sweep]

Serves the HTTP API (see the README and /openapi.json), and the review page
at /, over the store until SIGINT or SIGTERM, then finishes the requests in
flight, for up to 30 seconds, and closes the store. At start it builds the candidate index and
then, unless --no-sweep, matches every stored sought case once in the
background, so that records ingested from the command line reach the
review queue; /readyz answers 200 once the index is built. Tokens come from
'rflmatch token create'. One line a request goes to standard error, with no
personal data.`

// serveFlags are the flags of serve that demo shares.
type serveFlags struct {
	addr, tlsCert, tlsKey string
	proposeAt             float64
	noSweep               bool
}

func (sf *serveFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&sf.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0 picks a free port)")
	fl.StringVar(&sf.tlsCert, "tls-cert", "", "serve HTTPS with the certificate in `FILE` (PEM); needs --tls-key")
	fl.StringVar(&sf.tlsKey, "tls-key", "", "the certificate's private key, in `FILE` (PEM)")
	fl.Float64Var(&sf.proposeAt, "propose-at", 0.5, "the probability `P` from which a candidate pair becomes a match to review")
	fl.BoolVar(&sf.noSweep, "no-sweep", false, "do not match the stored cases at start (records written through the API are matched anyway)")
}

func (sf *serveFlags) check() error {
	if (sf.tlsCert == "") != (sf.tlsKey == "") {
		return usageErr("--tls-cert and --tls-key go together")
	}
	if sf.proposeAt <= 0 || sf.proposeAt > 1 {
		return usageErr("--propose-at must be above 0 and at most 1")
	}
	return nil
}

func runServe(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "serve", serveSynopsis)
	var sf storeFlags
	sf.register(fl)
	var vf serveFlags
	vf.register(fl)
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	if err := vf.check(); err != nil {
		return err
	}
	st, err := openStore(ctx, e, &sf, false)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	return serve(ctx, e, st, vf, nil)
}

// serve runs the API over st until ctx ends; ready, if set, is called
// with the base URL once the server is warm and the stored cases are
// matched.
func serve(ctx context.Context, e *env, st *index.Store, vf serveFlags, ready func(base string)) error {
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	srv, err := api.New(ctx, st, api.Options{
		ProposeAt: vf.proposeAt,
		Logger:    log,
		Notify:    func(msg string) { log.Info(msg) },
		CountKinds: func(ctx context.Context) (map[engine.Kind]int, error) {
			s, err := st.Stats(ctx)
			return s.Kinds, err
		},
	})
	if err != nil {
		return usageErr("%v", err)
	}
	// The review page, at "/".
	if _, err := web.Mount(srv, web.Options{Logger: log}); err != nil {
		return usageErr("%v", err)
	}
	ln, err := net.Listen("tcp", vf.addr)
	if err != nil {
		return usageErr("%v", err)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	scheme := "http"
	if vf.tlsCert != "" {
		scheme = "https"
	}
	base := fmt.Sprintf("%s://%s", scheme, ln.Addr())
	served := make(chan error, 1)
	go func() {
		if vf.tlsCert != "" {
			served <- hs.ServeTLS(ln, vf.tlsCert, vf.tlsKey)
		} else {
			served <- hs.Serve(ln)
		}
	}()
	fmt.Fprintf(e.stderr, "serving the API on %s (Ctrl-C to stop)\n", base)

	// Warming and the sweep stop with the server, before the store
	// closes.
	bg, stopBG := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		start := time.Now()
		if err := srv.Warm(bg); err != nil {
			if bg.Err() == nil {
				log.Error("building the candidate index", "error", err.Error())
			}
			return
		}
		log.Info("ready", "s", time.Since(start).Seconds())
		if !vf.noSweep {
			if _, err := srv.Sweep(bg); err != nil {
				if bg.Err() == nil {
					log.Error("matching the stored cases", "error", err.Error())
				}
				return
			}
		}
		if ready != nil {
			ready(base)
		}
	})
	select {
	case err = <-served:
	case <-ctx.Done():
	}
	stopBG()
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	serr := hs.Shutdown(sctx)
	wg.Wait()
	// Matching in the background stops before the store closes; what
	// waits is matched at the next start.
	srv.Close()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return usageErr("serving: %v", err)
	}
	if serr != nil {
		return usageErr("stopping: %v", serr)
	}
	fmt.Fprintln(e.stderr, "stopped; the store is closed cleanly")
	return nil
}
