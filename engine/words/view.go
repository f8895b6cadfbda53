package words

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/rflmatch/rflmatch/engine"
)

// Name is a record's name as written: the first primary name (for a
// tracing request, the sought person as the family gave the name), else
// the first name of any type; "" when it has none.
func Name(r *engine.Record) string {
	if r == nil {
		return ""
	}
	for _, n := range r.Names {
		if n.TypeOrDefault() == engine.PrimaryName && n.Full != "" {
			return n.Full
		}
	}
	for _, n := range r.Names {
		if n.Full != "" {
			return n.Full
		}
	}
	for _, d := range r.Documents {
		if d.Name != "" {
			return d.Name
		}
	}
	return ""
}

// place is a place as written, with its country.
func place(pl *engine.Place) string {
	if pl == nil {
		return ""
	}
	switch {
	case pl.Text != "" && pl.Country != "":
		return pl.Text + " (" + pl.Country + ")"
	case pl.Text != "":
		return pl.Text
	}
	return pl.Country
}

// Event is a record's key date and place: a sought person's last contact,
// the recovery of remains, a living person's registration; "" when the
// record has none.
func (p *Printer) Event(r *engine.Record) string {
	var ev *engine.Event
	key := ""
	switch r.Kind {
	case engine.TracingRequest, engine.AnteMortem:
		ev, key = r.LastContact, "event.last_contact"
	case engine.PostMortem:
		ev, key = r.Recovery, "event.recovered"
	case engine.Registration:
		ev, key = r.Registered, "event.registered"
	}
	if ev == nil {
		return ""
	}
	var parts []string
	if ev.Date.Valid() {
		parts = append(parts, ev.Date.String())
	}
	if s := place(ev.Place); s != "" {
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return ""
	}
	return p.f(key, strings.Join(parts, p.f("list.sep")))
}

// Case is one case and its candidates as a caseworker reads them.
type Case struct {
	// Key is the key the case is reported under; Records its records,
	// tracing request first.
	Key     engine.Key
	Records []*engine.Record
	// Pairs are the candidates, best first, with their explanations;
	// Candidates their records, by pair (an entry may be nil).
	Pairs      []engine.Pair
	Candidates []*engine.Record
	// Models are the models that scored the pairs, for the warning on
	// models estimated on too little data; nil for no warning.
	Models *engine.Models
}

// Header names the case: for a sought person, with the name as the family
// gave it.
func (p *Printer) Header(c *Case) string {
	var first *engine.Record
	if len(c.Records) > 0 {
		first = c.Records[0]
	}
	name := Name(first)
	if name == "" {
		name = p.f("noname")
	}
	if first != nil && (first.Kind == engine.TracingRequest || first.Kind == engine.AnteMortem) {
		return p.f("header.sought", c.Key.String(), name)
	}
	kind := ""
	if first != nil {
		kind = p.Kind(first.Kind)
	}
	return p.f("header.record", kind, c.Key.String(), name)
}

// Lines are the case's lines as a caseworker reads them, each to be
// wrapped by the writer: the header, the warning on the models, then for
// each candidate its title (rank, name, kind, key) and key date and place,
// the probability or the exclusion, and one sentence a compared field.
// Indent is the indentation of each line, in levels.
type Line struct {
	Indent int
	Text   string
}

// Lines words a case.
func (p *Printer) Lines(c *Case) []Line {
	out := []Line{{0, p.Header(c)}}
	for _, r := range c.Records {
		if ev := p.Event(r); ev != "" {
			out = append(out, Line{1, ev})
			break
		}
	}
	if w := p.Warning(c.Models); w != "" {
		out = append(out, Line{1, w})
	}
	out = append(out, Line{1, p.Candidates(len(c.Pairs))})
	for i := range c.Pairs {
		pair := &c.Pairs[i]
		var r *engine.Record
		if i < len(c.Candidates) {
			r = c.Candidates[i]
		}
		name, kind := p.f("noname"), ""
		if r != nil {
			if n := Name(r); n != "" {
				name = n
			}
			kind = p.Kind(r.Kind)
		}
		switch pair.Relation {
		case "duplicate", "reciprocal":
			kind += " — " + p.f("relation."+pair.Relation)
		}
		key := engine.Key{Source: pair.RightSource, ID: pair.RightID}
		out = append(out, Line{0, ""}, Line{1, p.f("candidate", pair.Rank, name, key.String())})
		what := kind
		if r != nil {
			if ev := p.Event(r); ev != "" {
				what = p.f("candidate.what", kind, ev)
			}
		}
		if what != "" {
			out = append(out, Line{2, what})
		}
		out = append(out, Line{2, p.Probability(pair, len(c.Pairs))})
		sides := SidesOf(c.Records, r)
		for _, b := range pair.Fields {
			if b.Level == "missing" {
				continue
			}
			text := b.Text
			if text == "" {
				text = p.Field(b, sides)
			}
			out = append(out, Line{3, "• " + text})
		}
	}
	return out
}

// WriteCase writes a case as [Printer.Lines] words it, each line wrapped
// at width columns (counted in characters) with its indentation kept.
func (p *Printer) WriteCase(w io.Writer, c *Case, width int) error {
	var b strings.Builder
	for _, l := range p.Lines(c) {
		wrap(&b, l, width)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrap writes one line, broken at spaces so that no line is wider than
// width, the continuation lines indented under the first line's text.
func wrap(b *strings.Builder, l Line, width int) {
	indent := strings.Repeat("  ", l.Indent)
	hang := indent
	if strings.HasPrefix(l.Text, "• ") {
		hang += "  "
	}
	line, n := indent, utf8.RuneCountInString(indent)
	empty := true
	for _, word := range strings.Fields(l.Text) {
		wn := utf8.RuneCountInString(word)
		if !empty && n+1+wn > width {
			b.WriteString(line + "\n")
			line, n, empty = hang, utf8.RuneCountInString(hang), true
		}
		if !empty {
			line += " "
			n++
		}
		line += word
		n += wn
		empty = false
	}
	b.WriteString(strings.TrimRight(line, " ") + "\n")
}
