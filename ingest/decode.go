package ingest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/rflmatch/rflmatch/engine"
)

// decode validates one record given as JSON and returns every problem it
// has, not only the first. engine.Decode stops at the first field of the
// wrong shape (an unknown field, a number where a string goes); then the
// record's shape is walked here for all such fields, which are reported and
// left out, and what remains goes through engine.Decode again for the
// validator's problems. A problem on a field that was left out (it is now
// "required") is not told twice. An unknown field names the nearest known
// one.
//
// The walk belongs in engine.Decode; it is here until the engine reports
// every problem itself.
func decode(data []byte) (*engine.Record, engine.ValidationError) {
	r, err := engine.Decode(data)
	if err == nil {
		return r, nil
	}
	first := asValidation(err)
	var obj map[string]any
	if json.Unmarshal(data, &obj) != nil || obj == nil {
		return nil, first // not an object: one problem
	}
	var w shapeWalk
	w.walk("", obj, recordType)
	shape := w.errs
	if len(shape) == 0 {
		return nil, first // the validator's problems, all of them already
	}
	pruned, err := json.Marshal(obj)
	if err != nil {
		return nil, shape
	}
	_, err = engine.Decode(pruned)
	if err == nil {
		return nil, shape
	}
	errs := shape
	for _, fe := range asValidation(err) {
		if !slices.ContainsFunc(w.told, func(path string) bool { return within(fe.Field, path) }) {
			errs = append(errs, fe)
		}
	}
	return nil, errs
}

// within reports whether field is path or lies inside it.
func within(field, path string) bool {
	return path != "" && (field == path || strings.HasPrefix(field, path+".") || strings.HasPrefix(field, path+"["))
}

// shapeWalk gathers the problems of a record's shape.
type shapeWalk struct {
	errs engine.ValidationError
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
		w.errs = append(w.errs, engine.FieldError{Field: path, Msg: fmt.Sprintf(format, args...)})
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
		fields := jsonFields(t)
		for _, k := range sortedKeys(obj) {
			ft, ok := fields[k]
			if !ok {
				msg := "unknown field"
				if near := nearest(k, sortedKeys(fields)); near != "" {
					msg += fmt.Sprintf(" (did you mean %s?)", near)
					w.told = append(w.told, join(path, near))
				}
				w.errs = append(w.errs, engine.FieldError{Field: join(path, k), Msg: msg})
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

// jsonFields maps the JSON names of a struct's exported fields to their
// types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
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

// nearest is the name among known closest to name, when it is close
// enough to be what was meant: one starts with the other, or they are a
// few edits apart (a third of the longer, at least one). Ties go to the
// first in known's order; "" when none is close.
func nearest(name string, known []string) string {
	name = strings.ToLower(name)
	best, bestD := "", 1<<30
	for _, k := range known {
		lk := strings.ToLower(k)
		d := editDistance(name, lk)
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

// editDistance is the Levenshtein distance between two strings, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
