package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/rflmatch/rflmatch/api"
	"github.com/rflmatch/rflmatch/engine"
)

func init() {
	commands["token"] = command{"create, list and revoke the API's access tokens", runToken}
}

const tokenSynopsis = `(create --role ROLE --org ORG [--code] | list | revoke --id ID) --data DIR

create prints the new token alone on one line of standard output, once:
the store keeps only its hash. With --code it prints instead a one-time
sign-in code for the review page (good for an hour, used up at sign-in),
so that a person signs in without ever handling the token. Roles: pmd_submitter, tracer, reviewer,
admin, partner (see the README). While 'rflmatch serve' holds the store,
admins use /v1/tokens instead.`

func runToken(ctx context.Context, e *env, args []string) (err error) {
	fl := newFlags(e, "token", tokenSynopsis)
	var sf storeFlags
	sf.register(fl)
	role := fl.String("role", "", "create: the token's role `ROLE`")
	org := fl.String("org", "", "create: the token's organisation `ORG`")
	id := fl.String("id", "", "revoke: the `ID` of the token to revoke, as list shows it")
	code := fl.Bool("code", false, "create: print a one-time sign-in code for the review page instead of the token")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 || !slices.Contains([]string{"create", "list", "revoke"}, fl.Arg(0)) {
		return cliErr("want one subcommand: create, list or revoke")
	}
	sub := fl.Arg(0)
	switch {
	case sub == "create" && (*role == "" || *org == ""):
		return cliErr("token create needs --role and --org")
	case sub == "create":
		if err := api.CheckRoleOrg(api.Role(*role), *org); err != nil {
			return usageErr("%v", err)
		}
	case sub == "revoke" && *id == "":
		return cliErr("token revoke needs --id")
	}
	st, err := openStore(ctx, e, &sf, false)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	switch sub {
	case "create":
		secret, t, err := api.CreateToken(ctx, st, api.Role(*role), *org, time.Now())
		if err != nil {
			return usageErr("%v", err)
		}
		if *code {
			c, err := api.CreateSignInCode(ctx, st, t.ID, time.Now())
			if err != nil {
				return usageErr("%v", err)
			}
			fmt.Fprintln(e.stdout, c)
			fmt.Fprintf(e.stderr, "created token %s (%s, %s); its one-time sign-in code for the review page is good for %v\n", t.ID, t.Role, t.Org, api.SignInCodeTTL)
			break
		}
		fmt.Fprintln(e.stdout, secret)
		fmt.Fprintf(e.stderr, "created token %s (%s, %s); it is shown once, keep it safe\n", t.ID, t.Role, t.Org)
	case "list":
		ts, err := api.ListTokens(ctx, st)
		if err != nil {
			return usageErr("%v", err)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tROLE\tORG\tCREATED")
		for _, t := range ts {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.ID, t.Role, t.Org, t.Created.Format(time.RFC3339))
		}
		return tw.Flush()
	case "revoke":
		if err := api.RevokeToken(ctx, st, *id); err != nil {
			if errors.Is(err, engine.ErrNotFound) {
				return partialErr("no token %q", *id)
			}
			return usageErr("%v", err)
		}
		fmt.Fprintf(e.stderr, "revoked token %s\n", *id)
	}
	return nil
}
