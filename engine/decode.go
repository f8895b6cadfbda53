package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

var (
	partialDateType = reflect.TypeFor[PartialDate]()
	recordType      = reflect.TypeFor[Record]()
)

// Decode reads one record from one JSON object and validates it. Unknown
// fields are rejected, as the contract says. On failure the error is a
// ValidationError whose entries name the offending field by its path.
func Decode(data []byte) (*Record, error) {
	var r Record
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, ValidationError{diagnose(data, err)}
	}
	if dec.More() {
		return nil, ValidationError{{Msg: "more than one JSON value on the line"}}
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

// diagnose turns a decoder error into a FieldError with the field's path. The
// standard decoder names unknown fields without their path and array
// elements without their index, so the path is found again by walking the
// generic value beside the record type; this runs only for bad lines.
func diagnose(data []byte, err error) FieldError {
	var syn *json.SyntaxError
	if errors.As(err, &syn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return FieldError{Msg: fmt.Sprintf("not valid JSON: %v", err)}
	}
	var v any
	if json.Unmarshal(data, &v) != nil {
		return FieldError{Msg: fmt.Sprintf("not valid JSON: %v", err)}
	}
	if fe, ok := walk("", v, recordType); ok {
		return fe
	}
	return FieldError{Msg: err.Error()}
}

func walk(path string, v any, t reflect.Type) (FieldError, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	at := func(msg string, args ...any) (FieldError, bool) {
		return FieldError{Field: path, Msg: fmt.Sprintf(msg, args...)}, true
	}
	if v == nil {
		return FieldError{}, false
	}
	if t == partialDateType {
		if _, ok := v.(string); !ok {
			return at("must be a date string (YYYY, YYYY-MM or YYYY-MM-DD), not %s", jsonKind(v))
		}
		return FieldError{}, false
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return at("must be an object, not %s", jsonKind(v))
		}
		fields := map[string]reflect.Type{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			fields[name] = f.Type
		}
		for _, k := range sortedKeys(obj) {
			ft, ok := fields[k]
			if !ok {
				return FieldError{Field: join(path, k), Msg: "unknown field"}, true
			}
			if fe, bad := walk(join(path, k), obj[k], ft); bad {
				return fe, true
			}
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return at("must be an array, not %s", jsonKind(v))
		}
		for i, e := range arr {
			if fe, bad := walk(fmt.Sprintf("%s[%d]", path, i), e, t.Elem()); bad {
				return fe, true
			}
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return at("must be an object, not %s", jsonKind(v))
		}
		for _, k := range sortedKeys(obj) {
			if fe, bad := walk(join(path, k), obj[k], t.Elem()); bad {
				return fe, true
			}
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			return at("must be a string, not %s", jsonKind(v))
		}
	case reflect.Float64:
		if _, ok := v.(float64); !ok {
			return at("must be a number, not %s", jsonKind(v))
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return at("must be true or false, not %s", jsonKind(v))
		}
	}
	return FieldError{}, false
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
