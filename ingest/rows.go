package ingest

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rflmatch/rflmatch/engine"
	"github.com/xuri/excelize/v2"
)

// plan is a mapping applied to one file's header: the column for each cell
// position, nil where the column is not mapped.
type plan struct {
	cols   []*column
	source string
	kind   string
	// serialDates: date cells may be spreadsheet serial numbers.
	serialDates bool
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
	p := &plan{cols: make([]*column, len(header)), source: c.source, kind: c.kind}
	at := map[string]int{}
	for i, h := range header {
		col, ok := c.cols[h]
		if !ok {
			continue
		}
		if _, dup := at[h]; dup {
			return nil, configErrorf("%s: column %q, which the mapping names, is in the header twice", file, h)
		}
		at[h] = i
		p.cols[i] = col
	}
	var missing []string
	for _, name := range sortedKeys(c.cols) {
		if _, ok := at[name]; !ok {
			missing = append(missing, strconv.Quote(name))
		}
	}
	if len(missing) > 0 {
		return nil, configErrorf("%s: the mapping names columns the file lacks: %s", file, strings.Join(missing, ", "))
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
			return nil, configErrorf("%s: no mapping given, and header cell %q is not a field of the record contract (%v)", file, h, err)
		}
		m.Columns[h] = Column{Path: h}
	}
	if _, err := m.compile(); err != nil {
		return nil, configErrorf("%s: no mapping given, and the header does not make one: %v", file, err)
	}
	return newPlan(m, header, file)
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
	}
	root := map[string]any{}
	for i, col := range p.cols {
		if col == nil || i >= len(cells) {
			continue
		}
		s := strings.TrimSpace(cells[i])
		if s == "" {
			continue
		}
		v, err := col.value(s, p.serialDates)
		if err != nil {
			errs = append(errs, engine.FieldError{Field: col.path, Msg: fmt.Sprintf("%v (column %q)", err, col.name)})
			failed = append(failed, col.path)
			continue
		}
		if v != nil {
			set(root, col.segs, v)
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
	columnOf := map[string]string{}
	for _, col := range p.cols {
		if col != nil {
			if path, ok := densePath(root, col.segs); ok {
				columnOf[path] = col.name
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
		if slices.ContainsFunc(failed, func(path string) bool { return within(fe.Field, path) }) {
			continue // told already, as the cell's problem
		}
		name, ok := columnOf[fe.Field]
		if prefix, _, cut := strings.Cut(fe.Field, "["); !ok && cut {
			// An element of a list split from one cell.
			name, ok = columnOf[prefix]
		}
		if ok && name != fe.Field {
			fe.Msg += fmt.Sprintf(" (column %q)", name)
		}
		errs = append(errs, fe)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return r, nil
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
		return nil, fmt.Errorf("not valid UTF-8; save the file as UTF-8")
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

// date converts a date cell: with the column's layout if it has one (a cell
// already in the contract's YYYY[-MM[-DD]] passes too), else as it is; in a
// spreadsheet, a cell that is a
// number and not a year is a serial date (days since 1899-12-30).
func (c *column) date(s string, serialDates bool) (string, error) {
	var err error
	if c.spec.DateLayout != "" {
		var d string
		if d, err = convertDate(s, c.spec.DateLayout); err == nil {
			return d, nil
		}
	}
	if serialDates && !(len(s) == 4 && isDigits(s)) {
		if x, perr := strconv.ParseFloat(s, 64); perr == nil && x >= 1 && x < 2958466 {
			if t, terr := excelize.ExcelDateToTime(x, false); terr == nil {
				return t.Format("2006-01-02"), nil
			}
		}
	}
	if err != nil {
		// A cell already in the contract's form needs no layout.
		if _, perr := engine.ParseDate(s); perr == nil {
			return s, nil
		}
		return "", err
	}
	return s, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// convertDate parses a cell with a Go layout and writes it at the layout's
// precision: a layout without a day gives YYYY-MM, one without a month YYYY.
func convertDate(s, layout string) (string, error) {
	t, err := time.Parse(layout, s)
	if err != nil {
		return "", fmt.Errorf("%q is not a date in layout %s", s, layout)
	}
	// The layout's precision shows in whether it writes two days (or two
	// months) differently.
	day := func(d int) string { return time.Date(2001, 2, d, 0, 0, 0, 0, time.UTC).Format(layout) }
	month := func(m time.Month) string { return time.Date(2001, m, 3, 0, 0, 0, 0, time.UTC).Format(layout) }
	switch {
	case day(3) != day(4):
		return t.Format("2006-01-02"), nil
	case month(2) != month(3):
		return t.Format("2006-01"), nil
	}
	return t.Format("2006"), nil
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
