package ingest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// rejectObject is one line of a rejects file.
type rejectObject struct {
	File      string  `json:"file"`
	Line      string  `json:"line"`
	Field     string  `json:"field"`
	Error     string  `json:"error"`
	Raw       *string `json:"raw,omitempty"`
	RawBase64 *string `json:"raw_base64,omitempty"`
}

// rejectLine writes a rejected item as one JSON line: the first problem's
// field and message, then the other problems as "; FIELD: message".
func rejectLine(it Item) []byte {
	o := rejectObject{File: it.Loc.File, Line: it.Loc.Line}
	if len(it.Err) > 0 {
		o.Field = it.Err[0].Field
		msgs := []string{it.Err[0].Msg}
		for _, fe := range it.Err[1:] {
			msgs = append(msgs, fe.Error())
		}
		o.Error = strings.Join(msgs, "; ")
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
