package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

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
//	{"source": "us-pcome", "kind": "post_mortem", "delimiter": "auto", "header_row": 1,
//	 "constants": {"names[0].type": "document", "recovery.place.country": "US"},
//	 "columns": {"ML Number": {"path": "id"},
//	             "Name": {"path": "names[0].full", "name_order": "family_comma_given", "values": {"Unidentified": null}},
//	             "Sex": {"path": "sex", "values": {"M": "male", "F": "female", "undetermined": "unknown"}},
//	             "Age": {"paths": ["age.min", "age.max"]},
//	             "Found on": {"path": "recovery.date", "date_layout": "dd/mm/yyyy"},
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
	// Delimiter separates a CSV file's cells: ",", ";", "\t" (or "tab"),
	// or "auto", the default, which takes whichever of comma, semicolon
	// and tab the header row holds most of (Excel in French, Spanish,
	// Italian or German saves CSV with semicolons).
	Delimiter string `json:"delimiter,omitempty"`
	// Encoding is a CSV file's character encoding: utf-8, the default,
	// windows-1252 or iso-8859-1 (converted to UTF-8 as read). Workbooks
	// are always Unicode.
	Encoding string `json:"encoding,omitempty"`
	// HeaderRow is the row (from 1) that holds the column names; the rows
	// above it, such as a title, are skipped. The default is the first row
	// that is not empty.
	HeaderRow int `json:"header_row,omitempty"`
	// Constants give fields the same value in every record: a string,
	// number or boolean by contract path, as a cell would give it. A
	// constant inside a list element (names[0].type) is set only in a
	// record where the row gives that element something.
	Constants map[string]any `json:"constants,omitempty"`
	// Columns maps a header cell (compared after trimming spaces) to a
	// field. Every column named here must be in the file; a column of the
	// file that is not named here is reported once, as ignored.
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
	Path string `json:"path,omitempty"`
	// Paths, instead of Path, puts the cell into several fields: one Age
	// column into age.min and age.max.
	Paths []string `json:"paths,omitempty"`
	// Join, from 1, puts several columns into one field: the columns with
	// the same path are joined in the order of their Join, with a space
	// ("First name" join 1 and "Last name" join 2 into names[0].full).
	Join int `json:"join,omitempty"`
	// Values replaces a cell's whole text (compared without case) before
	// it is read: {"M": "male", "F": "female"}. null makes the field
	// absent ({"Unidentified": null}). A text the map does not name is
	// read as it is, so a field with fixed values (sex, a name's type)
	// rejects it with its own message, naming the value.
	Values map[string]*string `json:"values,omitempty"`
	// DateLayout converts the cell to the contract's date: in words
	// (dd/mm/yyyy, mm/dd/yyyy, yyyy-mm-dd, d.m.yy) or as a Go time layout
	// (02/01/2006), checked when the mapping loads; see the package
	// documentation. The date is YYYY-MM-DD, or YYYY-MM or YYYY when the
	// layout has no day or no month. Only for date fields; without it the
	// cell must already be in the contract's form. Excel serial dates are
	// read either way.
	DateLayout string `json:"date_layout,omitempty"`
	// Separator splits the cell into a list. Only for lists of strings;
	// without it the whole cell is the list's one element.
	Separator string `json:"separator,omitempty"`
	// NameOrder family_comma_given reads "Candia-Bravo, Maria Del Rocio"
	// as a family name, a comma, then the given names: the name's full is
	// written given first, and its parts given and family are set. A
	// cell without a comma is taken whole. Only for a name's full.
	NameOrder string `json:"name_order,omitempty"`
}

// LoadMapping reads a mapping from a JSON file and checks it: known keys
// only, every path a field of the contract, layouts, separators and name
// orders only where they apply, no two columns on one field unless joined,
// a column for id, a source and a kind from a column or a constant, and a
// known delimiter and encoding. Its errors are [ErrConfig].
//
// A mapping is a small file a person writes: one larger than
// maxMappingSize, or that is not a regular file (a device, a FIFO), is
// refused before it is read, and a key given twice in one object (two
// columns of one name, of which JSON would keep the last) is refused,
// naming it.
func LoadMapping(path string) (*Mapping, error) {
	data, err := readMapping(path)
	if err != nil {
		return nil, configErrorf("mapping %s: %v", path, err)
	}
	if key, dup := duplicateMappingKey(data); dup {
		return nil, configErrorf("mapping %s: %s is given twice; give each key once", path, key)
	}
	var m Mapping
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, configErrorf("mapping %s: %v", path, unknownKeyHint(err))
	}
	if _, err := m.compile(); err != nil {
		return nil, configErrorf("mapping %s: %v", path, err)
	}
	return &m, nil
}

// maxMappingSize is the largest mapping file read (1 MiB); a mapping of a
// thousand columns is a few tens of kilobytes.
const maxMappingSize = 1 << 20

// readMapping reads a mapping file within maxMappingSize.
func readMapping(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("is not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, maxMappingSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxMappingSize {
		return nil, fmt.Errorf("is larger than %d KiB; a mapping is a few kilobytes", maxMappingSize>>10)
	}
	return data, nil
}

// duplicateMappingKey finds a key given twice in one object of a mapping,
// and says where (columns["Name"]), with jsontext's tokenizer, which checks
// for duplicates as it reads; encoding/json keeps the last silently.
func duplicateMappingKey(data []byte) (string, bool) {
	if jsontext.Value(data).IsValid(jsontext.AllowInvalidUTF8(true)) {
		return "", false
	}
	_, err := jsontext.NewDecoder(bytes.NewReader(data), jsontext.AllowInvalidUTF8(true)).ReadValue()
	var serr *jsontext.SyntacticError
	if !errors.As(err, &serr) || !errors.Is(serr.Err, jsontext.ErrDuplicateName) {
		return "", false
	}
	var b strings.Builder
	depth := 0
	for tok := range serr.JSONPointer.Tokens() {
		switch {
		case depth == 0:
			b.WriteString(tok)
		case depth == 1 && (b.String() == "columns" || b.String() == "constants"):
			fmt.Fprintf(&b, "[%q]", tok)
		default:
			b.WriteString("." + tok)
		}
		depth++
	}
	return b.String(), true
}

// mappingKeys are the keys a mapping and a column may have, for the
// nearest one to a misspelt key.
var mappingKeys = []string{"source", "kind", "sheet", "delimiter", "encoding", "header_row", "constants", "columns",
	"path", "paths", "join", "values", "date_layout", "separator", "name_order"}

// unknownKeyHint adds the nearest known key to encoding/json's message
// about an unknown one.
func unknownKeyHint(err error) error {
	const prefix = `json: unknown field "`
	msg := err.Error()
	if key, ok := strings.CutPrefix(msg, prefix); ok {
		key = strings.TrimSuffix(key, `"`)
		if near := engine.Nearest(key, mappingKeys); near != "" {
			return fmt.Errorf("unknown key %q (did you mean %s?)", key, near)
		}
		return fmt.Errorf("unknown key %q", key)
	}
	return err
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

// column is one field a column of a mapping fills (a column with paths
// is several).
type column struct {
	name   string // header cell
	path   string
	segs   []segment
	leaf   leaf
	spec   Column
	layout *dateLayout        // nil without date_layout
	values map[string]*string // by lower-cased text; nil without values
}

// constant is a checked constant of a mapping.
type constant struct {
	path  string
	segs  []segment
	value any // a JSON value of the field's type
}

// compiled is a checked mapping.
type compiled struct {
	cols      map[string][]*column // by header name
	consts    []constant
	source    string // constant or ""
	kind      string
	delimiter rune // 0: sniff
	encoding  string
	headerRow int
}

var (
	segmentPattern  = regexp.MustCompile(`^([a-z_0-9]+)(?:\[([0-9]{1,2})\])?$`)
	recordType      = reflect.TypeFor[engine.Record]()
	partialDateType = reflect.TypeFor[engine.PartialDate]()
)

func (m *Mapping) compile() (*compiled, error) {
	c := &compiled{cols: map[string][]*column{}, source: m.Source, kind: m.Kind, headerRow: m.HeaderRow}
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
	var err error
	if c.delimiter, err = parseDelimiter(m.Delimiter); err != nil {
		return nil, err
	}
	if c.encoding, err = parseEncoding(m.Encoding); err != nil {
		return nil, err
	}
	if m.HeaderRow < 0 {
		return nil, fmt.Errorf("header_row %d: rows count from 1", m.HeaderRow)
	}
	// byPath: the column on each path; joined paths may have several.
	byPath := map[string][]*column{}
	for _, name := range sortedKeys(m.Columns) {
		spec := m.Columns[name]
		key := strings.TrimSpace(name)
		if key == "" {
			return nil, fmt.Errorf("columns: a column name is empty")
		}
		if _, dup := c.cols[key]; dup {
			return nil, fmt.Errorf("columns[%q]: named twice", key)
		}
		cols, err := newColumns(key, spec)
		if err != nil {
			return nil, fmt.Errorf("columns[%q]: %v", name, err)
		}
		for _, col := range cols {
			for p, others := range byPath {
				if p != col.path && !overlaps(p, col.path) {
					continue
				}
				if p == col.path && col.spec.Join > 0 && others[0].spec.Join > 0 {
					if j := slices.IndexFunc(others, func(o *column) bool { return o.spec.Join == col.spec.Join }); j >= 0 {
						return nil, fmt.Errorf("columns[%q] and columns[%q] both join %s at %d", others[j].name, key, p, col.spec.Join)
					}
					continue
				}
				return nil, fmt.Errorf("columns[%q] and columns[%q] both map to %s (to put two columns into one field, give each a join)", others[0].name, key, shorter(p, col.path))
			}
			byPath[col.path] = append(byPath[col.path], col)
		}
		c.cols[key] = cols
	}
	for _, path := range sortedKeys(m.Constants) {
		k, err := newConstant(path, m.Constants[path])
		if err != nil {
			return nil, fmt.Errorf("constants[%q]: %v", path, err)
		}
		for p, others := range byPath {
			if p == k.path || overlaps(p, k.path) {
				return nil, fmt.Errorf("constants[%q] and columns[%q] both map to %s", path, others[0].name, shorter(p, k.path))
			}
		}
		c.consts = append(c.consts, k)
	}
	has := func(path string) bool {
		_, col := byPath[path]
		return col || slices.ContainsFunc(c.consts, func(k constant) bool { return k.path == path })
	}
	if _, ok := byPath["id"]; !ok {
		return nil, errors.New("no column maps to id")
	}
	if !has("source") && m.Source == "" {
		return nil, errors.New("no source: give a constant source or a column that maps to source")
	}
	if !has("kind") && m.Kind == "" {
		return nil, errors.New("no kind: give a constant kind or a column that maps to kind")
	}
	return c, nil
}

// parseDelimiter reads the delimiter key; 0 means sniff.
func parseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return 0, nil
	case ",", ";", "|":
		return rune(s[0]), nil
	case "\t", "tab", `\t`:
		return '\t', nil
	}
	return 0, fmt.Errorf(`delimiter %q: give ",", ";", "\t", "|" or "auto"`, s)
}

// parseEncoding reads the encoding key; "" is UTF-8.
func parseEncoding(s string) (string, error) {
	switch strings.ToLower(strings.ReplaceAll(s, "_", "-")) {
	case "", "utf-8", "utf8":
		return "", nil
	case "windows-1252", "cp1252":
		return "windows-1252", nil
	case "iso-8859-1", "latin1", "latin-1":
		return "iso-8859-1", nil
	}
	return "", fmt.Errorf(`encoding %q is not supported: save the file as UTF-8 (in Excel: Save As, "CSV UTF-8"), or give "utf-8", "windows-1252" or "iso-8859-1"`, s)
}

// newConstant checks a constant against its field.
func newConstant(path string, v any) (constant, error) {
	segs, l, err := resolvePath(path)
	if err != nil {
		return constant{}, err
	}
	k := constant{path: path, segs: segs}
	switch v := v.(type) {
	case string:
		col := &column{path: path, segs: segs, leaf: l}
		k.value, err = col.value(v, false)
	case float64:
		if l != leafNumber {
			err = fmt.Errorf("%v is a number, and %s is not one", v, path)
		}
		k.value = v
	case bool:
		if l != leafBool {
			err = fmt.Errorf("%v is a boolean, and %s is not one", v, path)
		}
		k.value = v
	default:
		err = errors.New("give a string, a number or a boolean")
	}
	return k, err
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

// newColumns checks a column's spec and makes one column per path.
func newColumns(name string, spec Column) ([]*column, error) {
	paths := spec.Paths
	switch {
	case spec.Path != "" && len(spec.Paths) > 0:
		return nil, errors.New("give path or paths, not both")
	case spec.Path != "":
		paths = []string{spec.Path}
	case len(paths) == 0:
		return nil, errors.New("path is empty")
	}
	if spec.Join < 0 || spec.Join > 0 && len(paths) > 1 {
		return nil, errors.New("join is a position from 1, for a column with one path")
	}
	var values map[string]*string
	if spec.Values != nil {
		values = map[string]*string{}
		for k, v := range spec.Values {
			values[strings.ToLower(strings.TrimSpace(k))] = v
		}
	}
	var cols []*column
	for _, path := range paths {
		segs, l, err := resolvePath(path)
		if err != nil {
			return nil, err
		}
		col := &column{name: name, path: path, segs: segs, leaf: l, spec: spec, values: values}
		col.spec.Path, col.spec.Paths = path, nil
		if spec.DateLayout != "" {
			if l != leafDate {
				return nil, fmt.Errorf("date_layout is only for date fields, and %s is not one", path)
			}
			if col.layout, err = parseLayout(spec.DateLayout); err != nil {
				return nil, err
			}
		}
		if spec.Separator != "" && l != leafStrings {
			return nil, fmt.Errorf("separator is only for lists of strings, and %s is not one", path)
		}
		switch spec.NameOrder {
		case "":
		case "family_comma_given":
			if last := segs[len(segs)-1]; last.name != "full" || len(segs) < 2 || segs[len(segs)-2].name == "parts" {
				return nil, fmt.Errorf("name_order is only for a name's full, as in names[0].full, and %s is not one", path)
			}
		default:
			return nil, fmt.Errorf("name_order %q: the one order known is family_comma_given", spec.NameOrder)
		}
		cols = append(cols, col)
	}
	return cols, nil
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
			if near := engine.Nearest(m[1], sortedKeys(engine.JSONFields(t))); near != "" {
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
