package eval

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/bench/synth"
	"github.com/rflmatch/rflmatch/engine"
)

// TestAssignOnShipwrecks generates shipwrecks (brothers on the same boat,
// bodies without names) and shows that the one-to-one reconciliation
// answers more cases right than each case's independent first choice. Run
// with -v for the figures:
//
//	go test ./bench/eval -run TestAssignOnShipwrecks -v
func TestAssignOnShipwrecks(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and matches thousands of people")
	}
	for _, tt := range []struct {
		opt synth.Options
		// incidents is the share of the requests whose family names the
		// incident of the person's remains.
		incidents float64
	}{
		{synth.Options{Seed: 17, People: 2000, Mix: ShipwreckMix}, 0},
		{synth.Options{Seed: 17, People: 2000, Mix: ShipwreckMix}, 0.6},
		{synth.Options{Seed: 18, People: 2000, Mix: ShipwreckMix}, 0},
		{synth.Options{Seed: 19, People: 2000}, 0},
	} {
		ctx := context.Background()
		d, err := LoadGenerated(ctx, tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		if tt.opt.Mix == ShipwreckMix {
			d.Name = "shipwrecks, " + d.Name
		} else {
			d.Name = "default mix, " + d.Name
		}
		if tt.incidents > 0 {
			d = NameIncidents(d, tt.incidents)
			d.Name += fmt.Sprintf(", %.0f%% of the families naming the boat", 100*tt.incidents)
		}
		f, err := EvaluateAssign(ctx, d, engine.CrosscheckOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		f.Print(&b)
		t.Log("\n" + b.String())
		rule := map[string]AssignRule{}
		for _, r := range f.Rules {
			rule[r.Name] = r
		}
		top1, kept := rule["independent top-1"], rule["top-1 above no match"]
		incident, all := rule["joint, --assign incident"], rule["joint, --assign all"]
		// Over the whole candidate graph the joint answer is right more
		// often than either independent rule, and sends fewer families to
		// a record that is not their relative's.
		if all.Right <= kept.Right || all.Right <= top1.Right {
			t.Errorf("%s: --assign all answers %d cases right; independent top-1 %d, above no match %d", d.Name, all.Right, top1.Right, kept.Right)
		}
		if all.Wrong >= kept.Wrong {
			t.Errorf("%s: --assign all gives %d cases a wrong record, independent above no match %d", d.Name, all.Wrong, kept.Wrong)
		}
		// Generated tracing requests name no incident and three bodies in
		// ten none either, so incident groups are small: the joint answer
		// there must not be wrong more often, and stays within a few cases
		// of the independent one.
		if incident.Wrong > kept.Wrong || incident.Right < kept.Right-f.Cases/200 {
			t.Errorf("%s: --assign incident: %d right, %d wrong; independent above no match %d right, %d wrong", d.Name, incident.Right, incident.Wrong, kept.Right, kept.Wrong)
		}
	}
}
