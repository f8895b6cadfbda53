package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/antzucaro/matchr"
	"github.com/go-json-experiment/json/jsontext"
)

var (
	partialDateType = reflect.TypeFor[PartialDate]()
	recordType      = reflect.TypeFor[Record]()
)

// Decode reads one record from one JSON object and validates it. Unknown
// fields are rejected, as the contract says. On failure the error is a
// ValidationError with every problem of the record, each naming its field
// by its path: the fields of the wrong shape (an unknown field names the
// nearest known one), then, with those left out, the validator's.
//
// A key given twice in one object is refused, naming it: encoding/json
// would keep the last silently, and {"kind":"post_mortem",…,"kind":
// "registration"} would read as whatever its last writer meant.
func Decode(data []byte) (*Record, error) {
	if fe, dup := duplicateKey(data); dup {
		return nil, ValidationError{fe}
	}
	r, err := decodeOnce(data)
	if err == nil {
		return r, nil
	}
	var verr ValidationError
	if errors.As(err, &verr) || !errors.As(err, new(*shapeError)) {
		return nil, err
	}
	// A field of the wrong shape stops the decoder: walk the record's
	// shape for all of them, leave them out, and decode what remains for
	// the validator's problems. A problem on a field left out (it is now
	// "required") is not told twice.
	var v any
	if json.Unmarshal(data, &v) != nil {
		return nil, ValidationError{{Msg: fmt.Sprintf("not valid JSON: %v", err)}}
	}
	var w shapeWalk
	w.walk("", v, recordType)
	obj, isObject := v.(map[string]any)
	switch {
	case len(w.errs) == 0:
		return nil, ValidationError{{Msg: err.Error()}}
	case !isObject:
		return nil, w.errs
	}
	pruned, merr := json.Marshal(obj)
	if merr != nil {
		return nil, w.errs
	}
	_, err = decodeOnce(pruned)
	errs := w.errs
	if errors.As(err, &verr) {
		for _, fe := range verr {
			if !slices.ContainsFunc(w.told, func(path string) bool { return FieldWithin(fe.Field, path) }) {
				errs = append(errs, fe)
			}
		}
	}
	return nil, errs
}

// duplicateKey looks for a key given twice in one object, with jsontext's
// tokenizer, which checks for duplicates as it reads (encoding/json does
// not). Any other problem of the text is left to the decoder, whose
// messages the rest of the product uses.
func duplicateKey(data []byte) (FieldError, bool) {
	// IsValid uses a pooled decoder: the common case, a valid line,
	// allocates nothing; the rest is read again for the error's place.
	if jsontext.Value(data).IsValid(jsontext.AllowInvalidUTF8(true)) {
		return FieldError{}, false
	}
	dec := jsontext.NewDecoder(bytes.NewReader(data), jsontext.AllowInvalidUTF8(true))
	_, err := dec.ReadValue()
	var serr *jsontext.SyntacticError
	if !errors.As(err, &serr) || !errors.Is(serr.Err, jsontext.ErrDuplicateName) {
		return FieldError{}, false
	}
	field := pointerPath(serr.JSONPointer)
	return FieldError{Field: field, Msg: "is given twice in one object; give each field once"}, true
}

// pointerPath writes a JSON pointer (/names/0/full) as a field path
// (names[0].full), telling list indexes from map keys (dental.teeth.11)
// by the record's shape.
func pointerPath(ptr jsontext.Pointer) string {
	var b strings.Builder
	t := recordType
	for tok := range ptr.Tokens() {
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch {
		case t != nil && t.Kind() == reflect.Slice:
			fmt.Fprintf(&b, "[%s]", tok)
			t = t.Elem()
			continue
		case t != nil && t.Kind() == reflect.Struct && t != partialDateType:
			t = JSONFields(t)[tok]
		case t != nil && t.Kind() == reflect.Map:
			t = t.Elem()
		default:
			t = nil
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// shapeError is a decoder error that a walk of the record's shape can
// place: Decode looks for every such problem.
type shapeError struct{ err error }

func (e *shapeError) Error() string { return e.err.Error() }

// decodeOnce decodes and validates, stopping at the decoder's first
// problem, which it returns as a *shapeError unless the JSON is broken.
func decodeOnce(data []byte) (*Record, error) {
	var r Record
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, ValidationError{{Msg: fmt.Sprintf("not valid JSON: %v", err)}}
		}
		return nil, &shapeError{err}
	}
	if dec.More() {
		return nil, ValidationError{{Msg: "more than one JSON value on the line"}}
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

// FieldWithin reports whether the field path field (names[0].full) is
// path or lies inside it, for telling a record's problems once.
func FieldWithin(field, path string) bool {
	return path != "" && (field == path || strings.HasPrefix(field, path+".") || strings.HasPrefix(field, path+"["))
}

// shapeWalk gathers the problems of a record's shape.
type shapeWalk struct {
	errs ValidationError
	// told are the paths whose problems are told: the fields of errs,
	// and the field an unknown one was probably meant to be (its "is
	// required" would say the same thing again).
	told []string
}

// walk checks a decoded JSON value against the record type t, as
// encoding/json would decode it, noting a problem for each field of the
// wrong shape and deleting that field from its object (an element of a
// list of the wrong shape becomes null, which the decoder leaves zero). It
// reports whether v may stay.
func (w *shapeWalk) walk(path string, v any, t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	bad := func(format string, args ...any) bool {
		w.errs = append(w.errs, FieldError{Field: path, Msg: fmt.Sprintf(format, args...)})
		w.told = append(w.told, path)
		return false
	}
	if v == nil {
		return true
	}
	if t == partialDateType {
		if _, ok := v.(string); !ok {
			return bad("must be a date string (YYYY, YYYY-MM or YYYY-MM-DD), not %s", jsonKind(v))
		}
		return true
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return bad("must be an object, not %s", jsonKind(v))
		}
		fields := JSONFields(t)
		for _, k := range sortedKeys(obj) {
			ft, ok := fields[k]
			if !ok {
				msg := "unknown field"
				if near := Nearest(k, sortedKeys(fields)); near != "" {
					msg += fmt.Sprintf(" (did you mean %s?)", near)
					w.told = append(w.told, join(path, near))
				}
				w.errs = append(w.errs, FieldError{Field: join(path, k), Msg: msg})
				w.told = append(w.told, join(path, k))
				delete(obj, k)
				continue
			}
			if !w.walk(join(path, k), obj[k], ft) {
				delete(obj, k)
			}
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return bad("must be an array, not %s", jsonKind(v))
		}
		for i, e := range arr {
			if !w.walk(fmt.Sprintf("%s[%d]", path, i), e, t.Elem()) {
				arr[i] = nil
			}
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return bad("must be an object, not %s", jsonKind(v))
		}
		for _, k := range sortedKeys(obj) {
			if !w.walk(join(path, k), obj[k], t.Elem()) {
				delete(obj, k)
			}
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			return bad("must be a string, not %s", jsonKind(v))
		}
	case reflect.Float64:
		if _, ok := v.(float64); !ok {
			return bad("must be a number, not %s", jsonKind(v))
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return bad("must be true or false, not %s", jsonKind(v))
		}
	}
	return true
}

// JSONFields maps the JSON names of a struct's exported fields to their
// types: how a record's paths (names[0].full) are read.
func JSONFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			fields[name] = f.Type
		}
	}
	return fields
}

// Nearest is the name among known closest to name, when it is close
// enough to be what was meant: one starts with the other, or they are a
// few edits apart (a third of the longer, at least one). Ties go to the
// first in known's order; "" when none is close. It names the field a
// misspelt one was probably meant to be.
func Nearest(name string, known []string) string {
	name = strings.ToLower(name)
	best, bestD := "", 1<<30
	for _, k := range known {
		lk := strings.ToLower(k)
		d := matchr.Levenshtein(name, lk)
		if len(name) >= 3 && len(lk) >= 3 && (strings.HasPrefix(lk, name) || strings.HasPrefix(name, lk)) {
			d = min(d, 1)
		}
		if d < bestD {
			best, bestD = k, d
		}
	}
	if bestD <= max(1, max(len(name), len(best))/3) {
		return best
	}
	return ""
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "null"
}

// MarshalCanonical writes the record in the one canonical form of exports:
// fields in contract order, schema defaults omitted (sex_certain when it
// equals the kind's default, a name type of primary), teeth in FDI order, no
// HTML escaping, no trailing newline. Two records are the same record exactly
// when their canonical forms are equal.
func (r *Record) MarshalCanonical() ([]byte, error) {
	c := r.canonical()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// canonical returns a shallow copy with defaults removed; the slices it
// rewrites are copied so that r is left as it was.
func (r *Record) canonical() *Record {
	c := *r
	if c.SexCertain != nil && *c.SexCertain == (c.Kind != PostMortem) {
		c.SexCertain = nil
	}
	c.Names = canonicalNames(c.Names)
	if c.Enquirer != nil {
		e := *c.Enquirer
		e.Names = canonicalNames(e.Names)
		c.Enquirer = &e
	}
	if c.Parents != nil {
		p := *c.Parents
		p.Father, p.Mother = canonicalName(p.Father), canonicalName(p.Mother)
		c.Parents = &p
	}
	return &c
}

func canonicalNames(ns []Name) []Name {
	if ns == nil {
		return nil
	}
	out := make([]Name, len(ns))
	for i := range ns {
		out[i] = *canonicalName(&ns[i])
	}
	return out
}

func canonicalName(n *Name) *Name {
	if n == nil {
		return nil
	}
	c := *n
	if c.Type == PrimaryName {
		c.Type = ""
	}
	if c.Parts != nil && *c.Parts == (NameParts{}) {
		c.Parts = nil
	}
	return &c
}
