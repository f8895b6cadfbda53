package main

import (
	"context"
	"fmt"
	"io"

	"github.com/rflmatch/rflmatch/index"
)

func init() {
	commands["verify"] = command{"read every record and posting of a store and check every checksum and count", runVerify}
	commands["recover"] = command{"finish what a crash left in a store, then verify it", runRecover}
}

const verifySynopsis = `--data DIR

Opens the store read-only (it changes no file), verifies the checksums of
every table, opens and decodes every record with its data key, checks every
case entry against its records, builds the candidate index from the
entries, opens the documents and models, and compares what it read with the
record count and digest the store keeps. Names each damage found; exit 2
when there is one (restore the store from a backup).`

const recoverSynopsis = `--data DIR

After a crash, a command that only reads refuses a store with work left to
finish (write-ahead logs to replay, tables of an interrupted compaction, an
interrupted erase). recover opens the store for writing, which finishes
that work, and then verifies it as 'rflmatch verify' does. A damaged store
is refused before anything is changed.`

func runVerify(ctx context.Context, e *env, args []string) error {
	return verifyCommand(ctx, e, "verify", verifySynopsis, args, index.Verify)
}

func runRecover(ctx context.Context, e *env, args []string) error {
	return verifyCommand(ctx, e, "recover", recoverSynopsis, args, index.Recover)
}

func verifyCommand(ctx context.Context, e *env, name, synopsis string, args []string,
	check func(context.Context, string, index.Options) (index.VerifyReport, error)) error {
	fl := newFlags(e, name, synopsis)
	var sf storeFlags
	sf.register(fl)
	if err := parseNoArgs(fl, args); err != nil {
		return err
	}
	key, err := sf.key(e)
	if err != nil {
		return err
	}
	rep, err := check(ctx, sf.data, index.Options{Key: key, NoEncryption: key == nil, Log: e.stderr})
	if len(rep.Problems) > 0 {
		for _, p := range rep.Problems {
			fmt.Fprintf(e.stderr, "damaged: %s\n", p)
		}
	}
	if err != nil {
		if len(rep.Problems) > 0 {
			printReport(e.stdout, rep)
			return usageErr("%s found damage in %s: restore it from a backup ('rflmatch restore')", plural(len(rep.Problems), "problem"), sf.data)
		}
		return usageErr("%s", namedRecover(err, sf.data))
	}
	printReport(e.stdout, rep)
	fmt.Fprintf(e.stdout, "the store verifies: every checksum, record, case entry and count is whole\n")
	return nil
}

func printReport(w io.Writer, rep index.VerifyReport) {
	saved := ""
	if rep.SavedIndex {
		saved = ", and in the one saved at the last close"
	}
	fmt.Fprintf(w, "%s, %s, %s (%s in the candidate index%s), %s\n",
		plural(rep.Records, "record"), plural(rep.DataKeys, "data key"), entries(rep.Cases), plural(rep.Postings, "case"), saved, plural(rep.Docs, "document"))
}

func entries(n int) string {
	if n == 1 {
		return "1 case entry"
	}
	return fmt.Sprintf("%d case entries", n)
}
