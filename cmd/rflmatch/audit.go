package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/engine"
	"github.com/rflmatch/rflmatch/index"
)

func init() {
	commands["audit"] = command{"verify the store's audit log, the hash chain of every access to personal data", runAudit}
	commands["erase"] = command{"erase one record for good, on request: nothing of it stays in the store's files", runErase}
}

const auditSynopsis = `verify --data DIR

Recomputes the audit log's hash chain (every read of personal data, every
decision and every erasure the API served) and says whether it is whole.
Exit 0 when it is, 1 with the first broken link when an event was changed,
removed or reordered, or the log was cut.`

func runAudit(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "audit", auditSynopsis)
	var sf storeFlags
	sf.register(fl)
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 || fl.Arg(0) != "verify" {
		return cliErr("want the subcommand verify")
	}
	st, err := openReading(ctx, e, &sf)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	n, err := api.VerifyAudit(ctx, st)
	var br *api.AuditBreak
	if errors.As(err, &br) {
		return partialErr("%v (%s read)", br, plural(int(n), "event"))
	}
	if err != nil {
		return usageErr("%v", err)
	}
	fmt.Fprintf(e.stdout, "the audit log verifies: %s, unbroken\n", plural(int(n), "event"))
	return nil
}

const eraseSynopsis = `--data DIR --source S --id ID

Erases the record for good, as a person's request to be forgotten needs:
it leaves every read, the candidate index and its matches (closed as
erased), and no version of it, nor of what was derived from it, stays in
the store's files, even for someone who holds the key. Backups made before
keep it until they are destroyed. 'delete' only removes the record from
every read; erase is final.`

func runErase(ctx context.Context, e *env, args []string) error {
	return removeRecord(ctx, e, args, "erase", eraseSynopsis, func(ctx context.Context, st *index.Store, k engine.Key) error {
		return api.Erase(ctx, st, k, time.Now())
	}, "erased %s for good")
}
