package synth

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rflmatch/rflmatch/engine"
)

// Generator generates units of people and their records. It holds the
// loaded name lists and incidents; New loads them once, and every
// Units call with the same options yields the same units.
type Generator struct {
	o Options
	w *world
}

// New loads the name lists and incidents for opt.
func New(opt Options) (*Generator, error) {
	o, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	dir := SharedDataDir(o.SharedData)
	if o.SharedData != "" && dir == "" {
		return nil, fmt.Errorf("synth: shared data folder %s: not found", o.SharedData)
	}
	w, err := loadWorld(dir)
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	return &Generator{o: o, w: w}, nil
}

// SharedData is the shared data folder in use, "" when only the built-in
// lists are used.
func (g *Generator) SharedData() string { return g.w.shared }

// Provenance lists where each name list and the incidents came from.
func (g *Generator) Provenance() []string {
	out := slices.Clone(g.w.sources)
	seen := map[string]bool{}
	for _, c := range g.w.cultures {
		for _, l := range c.lists {
			if !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	return out
}

// Units yields units until they hold Options.People people, in order. Each
// unit depends only on the seed and its index. The records come in unit
// order, so one person's records sit together: shuffle or sort them before
// handing them to a matcher that could learn from order.
func (g *Generator) Units(ctx context.Context) iter.Seq2[*Unit, error] {
	return func(yield func(*Unit, error) bool) {
		people := 0
		for i := 0; people < g.o.People; i++ {
			if i%256 == 0 {
				if err := ctx.Err(); err != nil {
					yield(nil, err)
					return
				}
			}
			u := newUnitGen(g.w, &g.o, i).run()
			people += u.People
			if !yield(u, nil) {
				return
			}
		}
	}
}

// Dataset is a whole generation in memory.
type Dataset struct {
	Records []*engine.Record
	Culture map[engine.Key]string
	Truth   []Pair
	Summary Summary
}

// Collect generates the whole dataset in memory: records sorted by kind,
// source and id, truth sorted.
func (g *Generator) Collect(ctx context.Context) (*Dataset, error) {
	d := &Dataset{Culture: map[engine.Key]string{}}
	d.Summary = g.newSummary()
	for u, err := range g.Units(ctx) {
		if err != nil {
			return nil, err
		}
		d.Summary.add(u)
		for i, r := range u.Records {
			d.Records = append(d.Records, r)
			d.Culture[r.Key()] = u.Cultures[i]
		}
		d.Truth = append(d.Truth, u.Truth...)
	}
	slices.SortFunc(d.Records, func(a, b *engine.Record) int {
		if c := slices.Index(engine.Kinds, a.Kind) - slices.Index(engine.Kinds, b.Kind); c != 0 {
			return c
		}
		return strings.Compare(a.Key().String(), b.Key().String())
	})
	slices.SortFunc(d.Truth, func(a, b Pair) int {
		return strings.Compare(a.Left.String()+" "+a.Right.String(), b.Left.String()+" "+b.Right.String())
	})
	return d, nil
}

// Files are the names of the files Generate writes, by kind.
var Files = map[engine.Kind]string{
	engine.TracingRequest: "tracing_requests.jsonl",
	engine.AnteMortem:     "ante_mortem.jsonl",
	engine.PostMortem:     "post_mortem.jsonl",
	engine.Registration:   "registrations.jsonl",
}

// Generate writes a dataset to opt.OutDir: one JSON Lines file per kind,
// truth.csv, culture.csv and README.md. It returns the summary.
func Generate(ctx context.Context, opt Options) (*Summary, error) {
	if opt.OutDir == "" {
		return nil, fmt.Errorf("synth: no output directory")
	}
	g, err := New(opt)
	if err != nil {
		return nil, err
	}
	d, err := g.Collect(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.Write(opt.OutDir, g); err != nil {
		return nil, err
	}
	return &d.Summary, nil
}

// Write writes the dataset's files into dir.
func (d *Dataset) Write(dir string, g *Generator) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	bufs := map[engine.Kind]*bytes.Buffer{}
	for _, k := range engine.Kinds {
		bufs[k] = &bytes.Buffer{}
	}
	for _, r := range d.Records {
		b, err := r.MarshalCanonical()
		if err != nil {
			return fmt.Errorf("synth: %s: %w", r.Key(), err)
		}
		bufs[r.Kind].Write(b)
		bufs[r.Kind].WriteByte('\n')
	}
	for _, k := range engine.Kinds {
		if err := writeFile(filepath.Join(dir, Files[k]), bufs[k].Bytes()); err != nil {
			return err
		}
	}
	var truth bytes.Buffer
	truth.WriteString("left_id,right_id,relation\n")
	for _, p := range d.Truth {
		fmt.Fprintf(&truth, "%s,%s,%s\n", csvField(p.Left.String()), csvField(p.Right.String()), p.Relation)
	}
	if err := writeFile(filepath.Join(dir, "truth.csv"), truth.Bytes()); err != nil {
		return err
	}
	var cult bytes.Buffer
	cult.WriteString("id,culture\n")
	for _, r := range d.Records {
		fmt.Fprintf(&cult, "%s,%s\n", csvField(r.Key().String()), d.Culture[r.Key()])
	}
	if err := writeFile(filepath.Join(dir, "culture.csv"), cult.Bytes()); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, "README.md"), []byte(d.readme(g)))
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

func writeFile(path string, b []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	w := bufio.NewWriter(f)
	w.Write(b)
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("synth: %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("synth: %s: %w", path, err)
	}
	return nil
}

func (d *Dataset) readme(g *Generator) string {
	var b strings.Builder
	b.WriteString("# Synthetic rflmatch dataset\n\n")
	b.WriteString("**Every record here is synthetic.** The people, names, documents, phone numbers and cases were generated by `bench/synth`; any resemblance to a real person is chance. Incident dates and places come from real public incident data (see provenance), but no person in these files was in those incidents.\n\n")
	fmt.Fprintf(&b, "Generated with seed %d for %d people (reference date %s).\n\n", g.o.Seed, g.o.People, g.o.Now.Format("2006-01-02"))
	b.WriteString("## Files\n\n")
	b.WriteString("| file | content |\n|---|---|\n")
	for _, k := range engine.Kinds {
		fmt.Fprintf(&b, "| `%s` | %d %s records, one JSON object per line (record.schema.json), in canonical form |\n", Files[k], d.Summary.Records[k], k)
	}
	b.WriteString("| `truth.csv` | `left_id,right_id,relation`: ids are `source/id`; `same_person` for TR/AM ↔ PM, TR/AM ↔ REG, TR ↔ TR (two relatives searching) and PM ↔ PM (two agencies); `reciprocal` for two TRs each naming the other's sought person as enquirer. A TR and the AM of the same case share `case_id` and are not listed. Every pair not listed is a non-match. |\n")
	b.WriteString("| `culture.csv` | `id,culture` of the person each record is about |\n\n")
	b.WriteString("## Summary\n\n```\n")
	b.WriteString(d.Summary.String())
	b.WriteString("```\n\n## Provenance of the name lists and incidents\n\n")
	if g.w.shared == "" {
		b.WriteString("The shared data folder was **not found**: only the built-in lists were used.\n\n")
	}
	for _, s := range g.Provenance() {
		fmt.Fprintf(&b, "- %s\n", s)
	}
	b.WriteString("\nLists marked *built-in (synthetic)* were written for the generator from the naming conventions in NAMES.md; they are plausible names, not a sample of real people.\n")
	return b.String()
}
