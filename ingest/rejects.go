package ingest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"unicode/utf8"
)

// rejectObject is one line of a rejects file.
type rejectObject struct {
	File      string        `json:"file"`
	Line      string        `json:"line"`
	Field     string        `json:"field"`
	Error     string        `json:"error"`
	Errors    []rejectError `json:"errors"`
	Raw       *string       `json:"raw,omitempty"`
	RawBase64 *string       `json:"raw_base64,omitempty"`
}

// rejectError is one problem of a rejected record.
type rejectError struct {
	Field string `json:"field"`
	Error string `json:"error"`
}

// rejectLine writes a rejected item as one JSON line: the first problem's
// field and message, then every problem, the first included, in errors.
func rejectLine(it Item) []byte {
	o := rejectObject{File: it.Loc.File, Line: it.Loc.Line, Errors: make([]rejectError, len(it.Err))}
	if len(it.Err) > 0 {
		o.Field, o.Error = it.Err[0].Field, it.Err[0].Msg
	}
	for i, fe := range it.Err {
		o.Errors[i] = rejectError{fe.Field, fe.Msg}
	}
	if utf8.Valid(it.Raw) {
		s := string(it.Raw)
		o.Raw = &s
	} else {
		s := base64.StdEncoding.EncodeToString(it.Raw)
		o.RawBase64 = &s
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(o) // strings only: cannot fail
	return b.Bytes()
}
