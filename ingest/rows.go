package ingest

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rflmatch/rflmatch/engine"
)

// plan is a mapping applied to one file's header: the columns of each
// cell position, none where the column is not mapped.
type plan struct {
	cols   [][]*column
	consts []constant
	source string
	kind   string
	// ignored are the header's cells that the mapping does not name.
	ignored []string
	// serialDates: any number in a date cell is a spreadsheet serial
	// date, as a workbook stores dates; in CSV, only five or six digits.
	serialDates bool
	// fullRows: a row must have a cell for every column of the header, as
	// a CSV row has; one with fewer has lost a delimiter or a cell, and
	// what follows would be read into the wrong columns. A workbook leaves
	// out a row's empty cells at its end, so its rows may be shorter.
	fullRows bool
}

// newPlan matches a header against the mapping. Without a mapping the header
// cells themselves must be contract paths. Errors are ErrConfig.
func newPlan(m *Mapping, header []string, file string) (*plan, error) {
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\uFEFF"))
	}
	if m == nil {
		return identityPlan(header, file)
	}
	c, err := m.compile()
	if err != nil {
		return nil, configErrorf("%s: mapping: %v", file, err)
	}
	p := &plan{cols: make([][]*column, len(header)), consts: c.consts, source: c.source, kind: c.kind}
	at := map[string]int{}
	for i, h := range header {
		cols, ok := c.cols[h]
		if !ok {
			if h != "" {
				p.ignored = append(p.ignored, h)
			}
			continue
		}
		if _, dup := at[h]; dup {
			return nil, configErrorf("%s: column %q, which the mapping names, is in the header twice", file, h)
		}
		at[h] = i
		p.cols[i] = cols
	}
	var missing []string
	for _, name := range sortedKeys(c.cols) {
		if _, ok := at[name]; !ok {
			missing = append(missing, strconv.Quote(name))
		}
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("%s: the mapping names columns the file lacks: %s", file, strings.Join(missing, ", "))
		if len(header) == 1 && strings.ContainsAny(header[0], ";,\t") {
			msg += fmt.Sprintf(" (the header is one cell, %q: is the delimiter right?)", header[0])
		}
		return nil, configErrorf("%s", msg)
	}
	return p, nil
}

// identityPlan maps a header of contract paths 1:1; empty header cells are
// ignored.
func identityPlan(header []string, file string) (*plan, error) {
	m := &Mapping{Columns: map[string]Column{}}
	for _, h := range header {
		if h == "" {
			continue
		}
		if _, _, err := resolvePath(h); err != nil {
			return nil, configErrorf("%s: no mapping given, and header cell %q is not a field of the record contract (%v); write a mapping ('rflmatch mapping init %s' starts one)", file, h, err, file)
		}
		m.Columns[h] = Column{Path: h}
	}
	if _, err := m.compile(); err != nil {
		return nil, configErrorf("%s: no mapping given, and the header does not make one: %v", file, err)
	}
	return newPlan(m, header, file)
}

// ignoredNote is the line that tells the columns a mapping does not name,
// once per file; "" when there are none.
func (p *plan) ignoredNote(file string) string {
	switch len(p.ignored) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("%s: column %q is not in the mapping; ignored", file, p.ignored[0])
	}
	return fmt.Sprintf("%s: columns %s are not in the mapping; ignored", file, strings.Join(quoteAll(p.ignored), ", "))
}

// blank reports whether a row has no content at all.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// record turns one row into a validated record. Cells are trimmed; an empty
// cell is an absent field. A cell that cannot be converted is reported and
// left out, and the rest of the row is still validated, so that a row's
// problems are all told at once.
func (p *plan) record(cells []string) (*engine.Record, engine.ValidationError) {
	var errs engine.ValidationError
	var failed []string // paths of the cells that could not be converted
	if n := lastNonEmpty(cells) + 1; n > len(p.cols) {
		errs = append(errs, engine.FieldError{Msg: fmt.Sprintf("row has %d cells, the header %d", n, len(p.cols))})
	} else if p.fullRows && len(cells) < len(p.cols) {
		errs = append(errs, engine.FieldError{Msg: fmt.Sprintf("row has %d cells, the header %d: a cell or a delimiter is missing", len(cells), len(p.cols))})
	}
	root := map[string]any{}
	put := func(col *column, s string) {
		v, err := col.value(s, p.serialDates)
		if err != nil {
			errs = append(errs, engine.FieldError{Field: col.path, Msg: fmt.Sprintf("%v (column %q)", err, col.name)})
			failed = append(failed, col.path)
			return
		}
		if v == nil {
			return
		}
		set(root, col.segs, v)
		if col.spec.NameOrder != "" {
			if given, family, ok := familyCommaGiven(s); ok {
				set(root, col.segs, given+" "+family)
				parts := append(slices.Clone(col.segs[:len(col.segs)-1]), segment{name: "parts", index: -1})
				set(root, append(slices.Clone(parts), segment{name: "given", index: -1}), given)
				set(root, append(parts, segment{name: "family", index: -1}), family)
			}
		}
	}
	// Joined columns: the parts of each path by join, filled as the
	// cells come and put once the row is read.
	var joins map[string]map[int]string
	var joinCol map[string]*column
	for i, cols := range p.cols {
		if i >= len(cells) {
			break
		}
		raw := strings.TrimSpace(cells[i])
		if raw == "" {
			continue
		}
		for _, col := range cols {
			s, ok := col.mapValue(raw)
			if !ok {
				continue
			}
			if col.spec.Join == 0 {
				put(col, s)
				continue
			}
			if joins == nil {
				joins, joinCol = map[string]map[int]string{}, map[string]*column{}
			}
			if joins[col.path] == nil {
				joins[col.path] = map[int]string{}
			}
			joins[col.path][col.spec.Join] = s
			if c := joinCol[col.path]; c == nil || col.spec.Join < c.spec.Join {
				joinCol[col.path] = col
			}
		}
	}
	for _, path := range sortedKeys(joins) {
		parts := joins[path]
		var words []string
		for _, j := range slices.Sorted(maps.Keys(parts)) {
			words = append(words, parts[j])
		}
		put(joinCol[path], strings.Join(words, " "))
	}
	for _, k := range p.consts {
		if present(root, k.segs) {
			set(root, k.segs, k.value)
		}
	}
	if _, ok := root["source"]; !ok && p.source != "" {
		root["source"] = p.source
	}
	if _, ok := root["kind"]; !ok && p.kind != "" {
		root["kind"] = p.kind
	}
	// The column of a field, by the path the field has once lists are
	// made dense, so that messages name the right column.
	columnOf := map[string]*column{}
	for _, cols := range p.cols {
		for _, col := range cols {
			if path, ok := densePath(root, col.segs); ok {
				columnOf[path] = col
			}
		}
	}
	data, err := json.Marshal(dense(root))
	if err != nil {
		// Only finite numbers and valid strings reach here.
		return nil, append(errs, engine.FieldError{Msg: err.Error()})
	}
	r, verr := decode(data)
	for _, fe := range verr {
		if slices.ContainsFunc(failed, func(path string) bool { return engine.FieldWithin(fe.Field, path) }) {
			continue // told already, as the cell's problem
		}
		col, ok := columnOf[fe.Field]
		if prefix, _, cut := strings.Cut(fe.Field, "["); !ok && cut {
			// An element of a list split from one cell.
			col, ok = columnOf[prefix]
		}
		if ok && col.name != fe.Field {
			if col.values != nil {
				fe.Msg += fmt.Sprintf(" (column %q, whose values the mapping names: %s)", col.name, strings.Join(sortedKeys(col.spec.Values), ", "))
			} else {
				fe.Msg += fmt.Sprintf(" (column %q)", col.name)
			}
		}
		errs = append(errs, fe)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return r, nil
}

// mapValue applies the column's values to a trimmed cell; ok is false
// when the value map makes it absent.
func (c *column) mapValue(s string) (string, bool) {
	if c.values == nil {
		return s, true
	}
	v, named := c.values[strings.ToLower(s)]
	switch {
	case !named:
		return s, true
	case v == nil:
		return "", false
	}
	return *v, *v != ""
}

// familyCommaGiven splits "Candia-Bravo, Maria Del Rocio" into given and
// family names; ok is false without exactly one comma between two names.
func familyCommaGiven(s string) (given, family string, ok bool) {
	family, given, ok = strings.Cut(s, ",")
	family, given = strings.TrimSpace(family), strings.TrimSpace(given)
	if !ok || family == "" || given == "" || strings.Contains(given, ",") {
		return "", "", false
	}
	return given, family, true
}

// present reports whether the row gives something to the list element a
// constant's path lies in (always true for a path in no list).
func present(root map[string]any, segs []segment) bool {
	last := -1
	for i, s := range segs {
		if s.index >= 0 {
			last = i
		}
	}
	if last < 0 {
		return true
	}
	var cur any = root
	for _, s := range segs[:last+1] {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[s.name]; !ok {
			return false
		}
		if s.index >= 0 {
			list, ok := cur.(sparse)
			if !ok {
				return false
			}
			if cur, ok = list[s.index]; !ok {
				return false
			}
		}
	}
	return true
}

func lastNonEmpty(cells []string) int {
	for i := len(cells) - 1; i >= 0; i-- {
		if strings.TrimSpace(cells[i]) != "" {
			return i
		}
	}
	return -1
}

// value converts one non-empty cell to the JSON value of its field; nil
// when nothing is left (a list of only separators).
func (c *column) value(s string, serialDates bool) (any, error) {
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf(`not valid UTF-8; save the file as UTF-8, or name its encoding in the mapping ("encoding": "windows-1252")`)
	}
	switch c.leaf {
	case leafNumber:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%q is not a number", s)
		}
		return x, nil
	case leafBool:
		switch strings.ToLower(s) {
		case "true", "yes", "1":
			return true, nil
		case "false", "no", "0":
			return false, nil
		}
		return nil, fmt.Errorf("%q is not true or false (or yes/no, 1/0)", s)
	case leafDate:
		return c.date(s, serialDates)
	case leafStrings:
		if c.spec.Separator == "" {
			return []any{s}, nil
		}
		var out []any
		for part := range strings.SplitSeq(s, c.spec.Separator) {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
		if out == nil {
			return nil, nil
		}
		return out, nil
	}
	return s, nil
}

// date converts a date cell: with the column's layout if it has one (a
// cell already in the contract's YYYY[-MM[-DD]] passes too), else as it
// is, for the validator to judge; a spreadsheet serial date either way.
func (c *column) date(s string, serialDates bool) (string, error) {
	if c.layout == nil {
		if d, ok := serialDate(s, serialDates); ok {
			return d, nil
		}
		return s, nil
	}
	d, err := c.layout.convert(s)
	if err == nil {
		return d, nil
	}
	if d, ok := serialDate(s, serialDates); ok {
		return d, nil
	}
	if _, perr := engine.ParseDate(s); perr == nil {
		return s, nil
	}
	return "", err
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// sparse is a list built from indexed paths (names[0], names[2]); dense
// drops the missing elements.
type sparse map[int]any

// set stores v at the path, creating objects and lists on the way. Paths of
// one mapping never overlap (compile checks), so what is found on the way is
// always of the expected shape.
func set(root map[string]any, segs []segment, v any) {
	cur := root
	for i, s := range segs {
		last := i == len(segs)-1
		if s.index < 0 {
			if last {
				cur[s.name] = v
				return
			}
			next, ok := cur[s.name].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[s.name] = next
			}
			cur = next
			continue
		}
		list, ok := cur[s.name].(sparse)
		if !ok {
			list = sparse{}
			cur[s.name] = list
		}
		if last {
			list[s.index] = v
			return
		}
		next, ok := list[s.index].(map[string]any)
		if !ok {
			next = map[string]any{}
			list[s.index] = next
		}
		cur = next
	}
}

// densePath is the path that segs will have once dense has dropped the
// missing elements of lists; ok is false when nothing is set there.
func densePath(root map[string]any, segs []segment) (string, bool) {
	var b strings.Builder
	var cur any = root
	for _, s := range segs {
		m, ok := cur.(map[string]any)
		if !ok {
			return "", false
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.name)
		cur, ok = m[s.name]
		if !ok {
			return "", false
		}
		if s.index >= 0 {
			list := cur.(sparse)
			if cur, ok = list[s.index]; !ok {
				return "", false
			}
			rank := 0
			for i := range list {
				if i < s.index {
					rank++
				}
			}
			fmt.Fprintf(&b, "[%d]", rank)
		}
	}
	return b.String(), true
}

// dense turns sparse lists into JSON arrays in index order.
func dense(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = dense(e)
		}
		return v
	case sparse:
		out := make([]any, 0, len(v))
		for _, i := range slices.Sorted(maps.Keys(v)) {
			out = append(out, dense(v[i]))
		}
		return out
	}
	return v
}
