package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rflmatch/rflmatch/engine"
)

// ErrConfig marks configuration errors: a mapping that cannot be used, or a
// file that does not fit it (a mapped column or sheet it lacks). The command
// line maps it to exit code 2. Test with errors.Is.
var ErrConfig = errors.New("ingest: configuration error")

// configError is a configuration problem with its place; it is ErrConfig to
// errors.Is without repeating the sentinel's text.
type configError struct{ msg string }

func (e *configError) Error() string        { return e.msg }
func (e *configError) Is(target error) bool { return target == ErrConfig }

func configErrorf(format string, args ...any) error {
	return &configError{fmt.Sprintf(format, args...)}
}

// Mapping says how the columns of a CSV file or a spreadsheet become fields of
// the record contract. It is read from JSON:
//
//	{"source": "gr-forensic-lesvos", "kind": "post_mortem", "sheet": "Sheet1",
//	 "columns": {"Case number": {"path": "id"},
//	             "Found on": {"path": "recovery.date", "date_layout": "02/01/2006"},
//	             "Effects": {"path": "effects", "separator": ";"}}}
//
// A zero Mapping is usable but maps nothing; [LoadMapping] reads one from a
// file and checks it.
type Mapping struct {
	// Source and Kind are the record's source and kind for files that have
	// no column for them, or where that column's cell is empty.
	Source string `json:"source,omitempty"`
	Kind   string `json:"kind,omitempty"`
	// Sheet is the spreadsheet's sheet to read; the default is the first.
	Sheet string `json:"sheet,omitempty"`
	// Columns maps a header cell (compared after trimming spaces) to a
	// field. Every column named here must be in the file.
	Columns map[string]Column `json:"columns"`
}

// Column says where one column's cells go.
type Column struct {
	// Path is the field's path in the record contract: dotted names with
	// list indexes, as in names[0].full, age.min, dental.teeth.36,
	// documents[0].number or nationalities. It must lead to a string, a
	// number, a boolean, a date or a list of strings. Elements of a list
	// whose cells are all empty are dropped, so names[1] becomes names[0]
	// when names[0] is empty.
	Path string `json:"path"`
	// DateLayout is a Go time layout (02/01/2006 for day/month/year) that
	// converts the cell to the contract's date: YYYY-MM-DD, or YYYY-MM or
	// YYYY when the layout has no day or no month. Only for date fields;
	// without it the cell must already be in the contract's form.
	DateLayout string `json:"date_layout,omitempty"`
	// Separator splits the cell into a list. Only for lists of strings;
	// without it the whole cell is the list's one element.
	Separator string `json:"separator,omitempty"`
}

// LoadMapping reads a mapping from a JSON file and checks it: known keys
// only, every path a field of the contract, layouts and separators only where
// they apply, no two columns on one field, a column for id, and a source and
// a kind from a column or a constant. Its errors are [ErrConfig].
func LoadMapping(path string) (*Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, configErrorf("mapping %s: %v", path, err)
	}
	var m Mapping
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, configErrorf("mapping %s: %v", path, err)
	}
	if _, err := m.compile(); err != nil {
		return nil, configErrorf("mapping %s: %v", path, err)
	}
	return &m, nil
}

// leaf is the kind of value a column path leads to.
type leaf uint8

const (
	leafString leaf = iota + 1
	leafNumber
	leafBool
	leafDate
	leafStrings
)

// segment is one step of a path: a field name, then an index into a list
// when index ≥ 0.
type segment struct {
	name  string
	index int
}

// column is a checked Column of one mapping.
type column struct {
	name string // header cell
	path string
	segs []segment
	leaf leaf
	spec Column
}

// compiled is a checked mapping, columns by header name.
type compiled struct {
	cols   map[string]*column
	source string // constant or ""
	kind   string
}

var (
	segmentPattern  = regexp.MustCompile(`^([a-z_0-9]+)(?:\[([0-9]{1,2})\])?$`)
	recordType      = reflect.TypeFor[engine.Record]()
	partialDateType = reflect.TypeFor[engine.PartialDate]()
)

func (m *Mapping) compile() (*compiled, error) {
	c := &compiled{cols: map[string]*column{}, source: m.Source, kind: m.Kind}
	if m.Kind != "" && !slices.Contains(engine.Kinds, engine.Kind(m.Kind)) {
		return nil, fmt.Errorf("kind %q is not one of tracing_request, ante_mortem, post_mortem, registration", m.Kind)
	}
	if m.Source != "" {
		probe := engine.Record{ID: "x", Source: m.Source, Kind: engine.TracingRequest}
		var verr engine.ValidationError
		if errors.As(probe.Validate(), &verr) && len(verr) > 0 {
			return nil, fmt.Errorf("source: %s", verr[0].Msg)
		}
	}
	names := make([]string, 0, len(m.Columns))
	for name := range m.Columns {
		names = append(names, name)
	}
	slices.Sort(names)
	byPath := map[string]string{}
	for _, name := range names {
		spec := m.Columns[name]
		key := strings.TrimSpace(name)
		if key == "" {
			return nil, fmt.Errorf("columns: a column name is empty")
		}
		if _, dup := c.cols[key]; dup {
			return nil, fmt.Errorf("columns[%q]: named twice", key)
		}
		col, err := newColumn(key, spec)
		if err != nil {
			return nil, fmt.Errorf("columns[%q]: %v", name, err)
		}
		for p, other := range byPath {
			if p == col.path || overlaps(p, col.path) {
				return nil, fmt.Errorf("columns[%q] and columns[%q] both map to %s", other, key, shorter(p, col.path))
			}
		}
		byPath[col.path] = key
		c.cols[key] = col
	}
	if _, ok := byPath["id"]; !ok {
		return nil, errors.New("no column maps to id")
	}
	if _, ok := byPath["source"]; !ok && m.Source == "" {
		return nil, errors.New("no source: give a constant source or a column that maps to source")
	}
	if _, ok := byPath["kind"]; !ok && m.Kind == "" {
		return nil, errors.New("no kind: give a constant kind or a column that maps to kind")
	}
	return c, nil
}

// overlaps reports whether one path lies inside the other (names and
// names[0].full; nationalities and nationalities[1]).
func overlaps(a, b string) bool {
	a, b = shorter(a, b), longer(a, b)
	return strings.HasPrefix(b, a+".") || strings.HasPrefix(b, a+"[")
}

func shorter(a, b string) string {
	if len(a) <= len(b) {
		return a
	}
	return b
}

func longer(a, b string) string {
	if len(a) > len(b) {
		return a
	}
	return b
}

// newColumn parses and checks a column's path against the record type.
func newColumn(name string, spec Column) (*column, error) {
	segs, l, err := resolvePath(spec.Path)
	if err != nil {
		return nil, err
	}
	if spec.DateLayout != "" && l != leafDate {
		return nil, fmt.Errorf("date_layout is only for date fields, and %s is not one", spec.Path)
	}
	if spec.Separator != "" && l != leafStrings {
		return nil, fmt.Errorf("separator is only for lists of strings, and %s is not one", spec.Path)
	}
	return &column{name: name, path: spec.Path, segs: segs, leaf: l, spec: spec}, nil
}

// resolvePath parses a contract path and finds the kind of value at its end
// by walking the engine's record type, so that the mapping follows the
// contract as the engine defines it.
func resolvePath(path string) ([]segment, leaf, error) {
	if path == "" {
		return nil, 0, errors.New("path is empty")
	}
	var segs []segment
	t := recordType
	for _, part := range strings.Split(path, ".") {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		seen := strings.Join(segmentNames(segs), ".")
		switch {
		case t.Kind() == reflect.Map:
			// dental.teeth.NN: the segment is the map's key.
			if _, ok := engine.ParseTooth(part); !ok {
				return nil, 0, fmt.Errorf("path %s: %q is not an FDI tooth number (11–48, 51–85)", path, part)
			}
			segs = append(segs, segment{name: part, index: -1})
			t = t.Elem()
			continue
		case t.Kind() == reflect.Slice:
			return nil, 0, fmt.Errorf("path %s: %s is a list; name an element, as in %s[0]", path, seen, seen)
		case t.Kind() != reflect.Struct || t == partialDateType:
			return nil, 0, fmt.Errorf("path %s: %s has no fields", path, seen)
		}
		m := segmentPattern.FindStringSubmatch(part)
		if m == nil {
			return nil, 0, fmt.Errorf("path %s: %q is not a field name with an optional index like names[0]", path, part)
		}
		f, ok := fieldByJSON(t, m[1])
		if !ok {
			where := "the record"
			if seen != "" {
				where = seen
			}
			msg := fmt.Sprintf("path %s: %s has no field %q", path, where, m[1])
			if near := nearest(m[1], sortedKeys(jsonFields(t))); near != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", near)
			}
			return nil, 0, errors.New(msg)
		}
		seg := segment{name: m[1], index: -1}
		t = f
		if m[2] != "" {
			for t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if t.Kind() != reflect.Slice {
				return nil, 0, fmt.Errorf("path %s: %s is not a list", path, m[1])
			}
			seg.index, _ = strconv.Atoi(m[2])
			t = t.Elem()
		}
		segs = append(segs, seg)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == partialDateType:
		return segs, leafDate, nil
	case t.Kind() == reflect.String:
		return segs, leafString, nil
	case t.Kind() == reflect.Float64:
		return segs, leafNumber, nil
	case t.Kind() == reflect.Bool:
		return segs, leafBool, nil
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return segs, leafStrings, nil
	}
	return nil, 0, fmt.Errorf("path %s leads to an object or a list of objects; name one of its fields", path)
}

func segmentNames(segs []segment) []string {
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = s.name
		if s.index >= 0 {
			out[i] += "[" + strconv.Itoa(s.index) + "]"
		}
	}
	return out
}

func fieldByJSON(t reflect.Type, name string) (reflect.Type, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && tag == name {
			return f.Type, true
		}
	}
	return nil, false
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
