package engine

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// base is a minimal valid record; each case adds one field to it.
const base = `"id":"x1","source":"test-src","kind":"post_mortem"`

func TestDecodeRules(t *testing.T) {
	tests := []struct {
		name      string
		line      string
		field     string // first field reported; "" for a valid record
		msgSubstr string
	}{
		{"minimal", `{` + base + `}`, "", ""},
		{"id required", `{"source":"s","kind":"post_mortem"}`, "id", "required"},
		{"id too long", `{"id":"` + strings.Repeat("x", 129) + `","source":"s","kind":"post_mortem"}`, "id", "more than 128"},
		{"source required", `{"id":"x","kind":"post_mortem"}`, "source", "required"},
		{"source pattern", `{"id":"x","source":"IT Tracing","kind":"post_mortem"}`, "source", "lower-case"},
		{"source too long", `{"id":"x","source":"` + strings.Repeat("s", 65) + `","kind":"post_mortem"}`, "source", "more than 64"},
		{"kind required", `{"id":"x","source":"s"}`, "kind", "required"},
		{"kind enum", `{"id":"x","source":"s","kind":"body"}`, "kind", "not one of"},
		{"unknown top-level field", `{` + base + `,"nmae":"x"}`, "nmae", "unknown field"},
		{"unknown nested field", `{` + base + `,"names":[{"full":"a"},{"full":"b","parts":{"gvien":"b"}}]}`, "names[1].parts.gvien", "unknown field"},
		{"wrong type", `{` + base + `,"age":{"min":"twenty","max":30}}`, "age.min", "must be a number"},
		{"name full required", `{` + base + `,"names":[{"full":" "}]}`, "names[0].full", "required"},
		{"name too long", `{` + base + `,"names":[{"full":"` + strings.Repeat("a", 513) + `"}]}`, "names[0].full", "more than 512"},
		{"name type enum", `{` + base + `,"names":[{"full":"a","type":"fake"}]}`, "names[0].type", "not one of"},
		{"sex enum", `{` + base + `,"sex":"m"}`, "sex", "not one of"},
		{"birth date calendar", `{` + base + `,"birth_date":"2001-02-29"}`, "birth_date", "does not exist"},
		{"birth date format", `{` + base + `,"birth_date":"12/03/2001"}`, "birth_date", "not a date"},
		{"birth date type", `{` + base + `,"birth_date":2001}`, "birth_date", "must be a date string"},
		{"age min below 0", `{` + base + `,"age":{"min":-1,"max":3}}`, "age.min", "less than 0"},
		{"age max above 120", `{` + base + `,"age":{"min":1,"max":130}}`, "age.max", "more than 120"},
		{"age max < min", `{` + base + `,"age":{"min":18,"max":12}}`, "age.max", "12 is less than age.min 18"},
		{"age as_of", `{` + base + `,"age":{"min":18,"max":20,"as_of":"2020-1"}}`, "age.as_of", "not a date"},
		{"age method", `{` + base + `,"age":{"min":18,"max":20,"method":"guess"}}`, "age.method", "not one of"},
		{"nationality", `{` + base + `,"nationalities":["SD","UK"]}`, "nationalities[1]", "ISO 3166-1"},
		{"nationality stateless", `{` + base + `,"nationalities":["XX"]}`, "", ""},
		{"origin country", `{` + base + `,"origin":{"country":"ZZ"}}`, "origin.country", "ISO 3166-1"},
		{"origin lat", `{` + base + `,"origin":{"lat":91,"lon":0}}`, "origin.lat", "more than 90"},
		{"origin lon", `{` + base + `,"origin":{"lat":0,"lon":-181}}`, "origin.lon", "less than -180"},
		{"height max < min", `{` + base + `,"height_cm":{"min":180,"max":170}}`, "height_cm.max", "less than height_cm.min"},
		{"weight negative", `{` + base + `,"weight_kg":{"min":-5,"max":70}}`, "weight_kg.min", "less than 0"},
		{"mark type required", `{` + base + `,"marks":[{"location":"arm"}]}`, "marks[0].type", "required"},
		{"mark type enum", `{` + base + `,"marks":[{"type":"wart"}]}`, "marks[0].type", "not one of"},
		{"tooth number", `{` + base + `,"dental":{"teeth":{"19":"sound"}}}`, "dental.teeth.19", "FDI"},
		{"tooth status", `{` + base + `,"dental":{"teeth":{"36":"gold"}}}`, "dental.teeth.36", "not a tooth status"},
		{"document number required", `{` + base + `,"documents":[{"type":"passport"}]}`, "documents[0].number", "required"},
		{"document type", `{` + base + `,"documents":[{"number":"1","type":"visa"}]}`, "documents[0].type", "not one of"},
		{"document country", `{` + base + `,"documents":[{"number":"1","country":"XY"}]}`, "documents[0].country", "ISO 3166-1"},
		{"event date_to before date", `{` + base + `,"recovery":{"date":"2023-05","date_to":"2023-04-30"}}`, "recovery.date_to", "before recovery.date"},
		{"event partial interval", `{` + base + `,"last_contact":{"date":"2023","date_to":"2023-05"}}`, "", ""},
		{"route place", `{` + base + `,"route":[{"text":"a"},{"country":"Libya"}]}`, "route[1].country", "ISO 3166-1"},
		{"death date", `{` + base + `,"death_date":"2023-04-31"}`, "death_date", "does not exist"},
		{"enquirer relationship", `{` + base + `,"enquirer":{"relationship":"neighbour"}}`, "enquirer.relationship", "not a relationship"},
		{"enquirer sex", `{` + base + `,"enquirer":{"sex":"f"}}`, "enquirer.sex", "not one of"},
		{"enquirer name", `{` + base + `,"enquirer":{"names":[{"full":""}]}}`, "enquirer.names[0].full", "required"},
		{"recorded_on", `{` + base + `,"recorded_on":"yesterday"}`, "recorded_on", "not a date"},
		{"parent name", `{` + base + `,"parents":{"father":{"type":"primary"}}}`, "parents.father.full", "required"},
		{"consent null", `{` + base + `,"consent":{"share_whereabouts":null}}`, "", ""},
		{"not json", `{"id":`, "", "not valid JSON"},
		{"two values", `{` + base + `} {}`, "", "more than one JSON value"},
		{"array line", `[1,2]`, "", "must be an object"},
		// Strict input (issue 18): a key given twice is refused and named,
		// wherever it is, instead of the last one winning quietly.
		{"duplicate id", `{"id":"DUP1","id":"DUP2","source":"s","kind":"post_mortem"}`, "id", "given twice"},
		{"duplicate kind", `{"id":"a","source":"s","kind":"post_mortem","kind":"registration"}`, "kind", "given twice"},
		{"duplicate nested", `{` + base + `,"names":[{"full":"a"},{"full":"b","full":"c"}]}`, "names[1].full", "given twice"},
		{"duplicate tooth", `{` + base + `,"dental":{"teeth":{"11":"sound","11":"filled"}}}`, "dental.teeth.11", "given twice"},
		{"same key in two objects", `{` + base + `,"names":[{"full":"a"},{"full":"b"}]}`, "", ""},
		// Values outside physical sense, with the field named.
		{"height 1e308", `{` + base + `,"height_cm":{"min":170,"max":1e308}}`, "height_cm.max", "more than 300"},
		{"height in millimetres", `{` + base + `,"height_cm":{"min":1700,"max":1800}}`, "height_cm.min", "more than 300"},
		{"weight 1e308", `{` + base + `,"weight_kg":{"min":1e308,"max":1e308}}`, "weight_kg.min", "more than 700"},
		{"height of a tall man", `{` + base + `,"height_cm":{"min":205,"max":215}}`, "", ""},
		{"birth date in the future", `{` + base + `,"birth_date":"2999-01-01"}`, "birth_date", "in the future"},
		{"birth year in the future", `{` + base + `,"birth_date":"2999"}`, "birth_date", "in the future"},
		{"recovery in the future", `{` + base + `,"recovery":{"date":"2990-05"}}`, "recovery.date", "in the future"},
		{"year 0000", `{` + base + `,"birth_date":"0000"}`, "birth_date", "no year 0000"},
		{"death year 0000", `{` + base + `,"death_date":"0000-01-01"}`, "death_date", "no year 0000"},
		{"recorded on 0000", `{` + base + `,"recorded_on":"0000-12"}`, "recorded_on", "no year 0000"},
		{"a historical birth", `{` + base + `,"birth_date":"1630-08-01"}`, "", ""},
		{"birth in 1900", `{` + base + `,"birth_date":"1900"}`, "", ""},
		// Identifiers that hide or look like another one.
		{"id leading space", `{"id":" A12","source":"s","kind":"post_mortem"}`, "id", "space"},
		{"id trailing space", `{"id":"A12 ","source":"s","kind":"post_mortem"}`, "id", "space"},
		{"id control character", `{"id":"A1\u00072","source":"s","kind":"post_mortem"}`, "id", "control character (U+0007"},
		{"id newline", `{"id":"A1\n2","source":"s","kind":"post_mortem"}`, "id", "control character (U+000A"},
		{"id right-to-left override", `{"id":"A12\u202E21B","source":"s","kind":"post_mortem"}`, "id", "bidirectional control character (U+202E"},
		{"id isolate", `{"id":"\u2067A12","source":"s","kind":"post_mortem"}`, "id", "bidirectional"},
		{"id zero-width space", `{"id":"A1\u200B2","source":"s","kind":"post_mortem"}`, "id", "invisible format character (U+200B"},
		{"case_id override", `{` + base + `,"case_id":"C\u202E1"}`, "case_id", "bidirectional"},
		{"incident_id space", `{` + base + `,"incident_id":"I1 "}`, "incident_id", "space"},
		{"id in Arabic script", `{"id":"ملف-١٢","source":"s","kind":"post_mortem"}`, "", ""},
		{"id with inner space", `{"id":"ITA 2023 17","source":"s","kind":"post_mortem"}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.line))
			if tt.field == "" && tt.msgSubstr == "" {
				if err != nil {
					t.Fatalf("Decode: %v, want a valid record", err)
				}
				return
			}
			v, ok := err.(ValidationError)
			if !ok || len(v) == 0 {
				t.Fatalf("Decode error = %v (%T), want a ValidationError", err, err)
			}
			if v[0].Field != tt.field || !strings.Contains(v[0].Msg, tt.msgSubstr) {
				t.Errorf("first error = %q, want field %q with %q", v[0].Error(), tt.field, tt.msgSubstr)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	for _, tt := range []struct {
		line string
		want bool
	}{
		{`{"id":"a","source":"s","kind":"post_mortem"}`, false},
		{`{"id":"a","source":"s","kind":"tracing_request"}`, true},
		{`{"id":"a","source":"s","kind":"registration"}`, true},
		{`{"id":"a","source":"s","kind":"post_mortem","sex_certain":true}`, true},
		{`{"id":"a","source":"s","kind":"ante_mortem","sex_certain":false}`, false},
	} {
		r, err := Decode([]byte(tt.line))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.SexIsCertain(); got != tt.want {
			t.Errorf("%s: SexIsCertain = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// TestCanonicalRoundTrip checks on the contract's examples that the canonical
// form decodes to itself, omits defaults and orders teeth.
func TestCanonicalRoundTrip(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "shared", "schema", "examples.jsonl"))
	if err != nil {
		t.Skipf("the record contract's examples are not beside the repository: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		r, err := Decode(sc.Bytes())
		if err != nil {
			t.Fatalf("example %d: %v", n+1, err)
		}
		first, err := r.MarshalCanonical()
		if err != nil {
			t.Fatal(err)
		}
		again, err := Decode(first)
		if err != nil {
			t.Fatalf("canonical form does not decode: %v\n%s", err, first)
		}
		second, _ := again.MarshalCanonical()
		if string(first) != string(second) {
			t.Errorf("canonical form is not stable:\n%s\n%s", first, second)
		}
		if strings.Contains(string(first), `"type":"primary"`) {
			t.Errorf("canonical form keeps the default name type: %s", first)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no examples read")
	}
	r, _ := Decode([]byte(`{"id":"a","source":"s","kind":"post_mortem","dental":{"teeth":{"46":"missing","11":"sound","36":"filled","21":"fractured"}},"sex_certain":false}`))
	got, _ := r.MarshalCanonical()
	want := `{"id":"a","source":"s","kind":"post_mortem","dental":{"teeth":{"11":"sound","21":"fractured","36":"filled","46":"missing"}}}`
	if string(got) != want {
		t.Errorf("canonical form\n got %s\nwant %s", got, want)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"id":"a","source":"s","kind":"post_mortem","age":{"min":18,"max":12}}`))
	f.Add([]byte(`{"id":"a","source":"s","kind":"ante_mortem","dental":{"teeth":{"11":"sound"}},"birth_date":"1999"}`))
	f.Add([]byte(`{"id":"a","names":[{"full":"x","parts":{"given":1}}]}`))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode(data)
		if err != nil {
			if _, ok := err.(ValidationError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		c, err := r.MarshalCanonical()
		if err != nil {
			t.Fatalf("valid record does not marshal: %v", err)
		}
		r2, err := Decode(c)
		if err != nil {
			t.Fatalf("canonical form %s does not decode: %v", c, err)
		}
		c2, _ := r2.MarshalCanonical()
		if string(c) != string(c2) {
			t.Fatalf("canonical form unstable:\n%s\n%s", c, c2)
		}
	})
}
