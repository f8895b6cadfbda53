package engine

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// rec decodes a record of the given kind from the fields given as JSON
// object members (without braces).
func rec(t testing.TB, kind Kind, fields string) *Record {
	t.Helper()
	line := fmt.Sprintf(`{"id":"x","source":"test","kind":%q`, kind)
	if fields != "" {
		line += "," + fields
	}
	r, err := Decode([]byte(line + "}"))
	if err != nil {
		t.Fatalf("fixture %s: %v", line, err)
	}
	return r
}

// The shorthand kinds of the tables.
const (
	tr  = TracingRequest
	am  = AnteMortem
	pm  = PostMortem
	reg = Registration
)

func fieldByName(t testing.TB, name string) Field {
	for _, f := range Fields {
		if f.Name == name {
			return f
		}
	}
	if name == ReciprocalField.Name {
		return ReciprocalField
	}
	t.Fatalf("no field %q", name)
	return Field{}
}

// TestFields runs each comparator over pairs chosen to reach each of its
// levels and the pairings it must read differently.
func TestFields(t *testing.T) {
	tests := []struct {
		field  string
		name   string
		ka     Kind
		a      string
		kb     Kind
		b      string
		want   string
		freqOf []string // clothing lists of extra profiles counted into the frequency table
	}{
		{field: "sex", name: "missing", ka: am, a: `"sex":"male"`, kb: pm, b: `"sex":"unknown"`, want: "missing"},
		{field: "sex", name: "same certain", ka: am, a: `"sex":"male"`, kb: pm, b: `"sex":"male","sex_certain":true`, want: "same"},
		{field: "sex", name: "same, PM estimate by default", ka: am, a: `"sex":"male"`, kb: pm, b: `"sex":"male"`, want: "same_uncertain"},
		{field: "sex", name: "different, PM estimate", ka: am, a: `"sex":"female"`, kb: pm, b: `"sex":"male"`, want: "different_uncertain"},
		{field: "sex", name: "different certain", ka: tr, a: `"sex":"female"`, kb: reg, b: `"sex":"male"`, want: "different"},

		{field: "age", name: "a registration's 1 January is its year", ka: tr, a: `"birth_date":"1990-06-15"`, kb: reg, b: `"birth_date":"1990-01-01"`, want: "close"},
		{field: "age", name: "a body's papers' 1 January is its year", ka: tr, a: `"birth_date":"1990-06-15"`, kb: pm, b: `"birth_date":"1990-01-01"`, want: "close"},
		{field: "age", name: "a registration's other days are days", ka: tr, a: `"birth_date":"1990-06-15"`, kb: reg, b: `"birth_date":"1990-01-02"`, want: "adjacent"},
		{field: "age", name: "adjacent: birth windows a year apart (aged 24 and 26)", ka: am, a: `"age":{"min":24,"max":24,"as_of":"2023-05"}`, kb: reg, b: `"age":{"min":26,"max":26,"as_of":"2023-05"}`, want: "adjacent"},
		{field: "age", name: "near: birth windows two years apart (aged 24 and 27)", ka: am, a: `"age":{"min":24,"max":24,"as_of":"2023-05"}`, kb: reg, b: `"age":{"min":27,"max":27,"as_of":"2023-05"}`, want: "near"},
		{field: "age", name: "a family's 1 January is a day", ka: tr, a: `"birth_date":"1990-01-01"`, kb: tr, b: `"birth_date":"1990-01-01"`, want: "same_birth_date"},
		{field: "age", name: "two registrations' 1 January are a year", ka: reg, a: `"birth_date":"1990-01-01"`, kb: reg, b: `"birth_date":"1990-01-01"`, want: "close"},
		{field: "age", name: "missing", ka: am, a: `"sex":"male"`, kb: pm, b: `"age":{"min":20,"max":30}`, want: "missing"},
		{field: "age", name: "no anchor date", ka: am, a: `"age":{"min":20,"max":20}`, kb: pm, b: `"age":{"min":20,"max":30},"recovery":{"date":"2023"}`, want: "missing"},
		{field: "age", name: "compatible", ka: am, a: `"age":{"min":24,"max":24,"as_of":"2023-05"}`, kb: pm, b: `"age":{"min":20,"max":30},"recovery":{"date":"2023-06-09"}`, want: "compatible"},
		{field: "age", name: "central: a reported age in the middle of the estimate", ka: am, a: `"age":{"min":27,"max":27,"as_of":"2023-05"},"last_contact":{"date":"2023-06-02"}`, kb: pm, b: `"age":{"min":16,"max":40},"recovery":{"date":"2023-06-09"}`, want: "central"},
		{field: "age", name: "compatible: at the edge of the estimate", ka: am, a: `"age":{"min":39,"max":39,"as_of":"2023-05"},"last_contact":{"date":"2023-06-02"}`, kb: pm, b: `"age":{"min":16,"max":40},"recovery":{"date":"2023-06-09"}`, want: "compatible"},
		{field: "age", name: "projected across years", ka: am, a: `"age":{"min":16,"max":16,"as_of":"2015"}`, kb: reg, b: `"age":{"min":24,"max":24,"as_of":"2023"}`, want: "close"},
		{field: "age", name: "near: only within tolerance", ka: am, a: `"age":{"min":16,"max":16,"as_of":"2015"}`, kb: reg, b: `"age":{"min":18,"max":18,"as_of":"2023"}`, want: "near"},
		{field: "age", name: "incompatible", ka: am, a: `"age":{"min":30,"max":30,"as_of":"2020","method":"reported"}`, kb: pm, b: `"age":{"min":60,"max":70,"method":"skeletal"},"recovery":{"date":"2023"}`, want: "incompatible"},
		{field: "age", name: "same birth date", ka: tr, a: `"birth_date":"1999-03-04"`, kb: reg, b: `"birth_date":"1999-03-04"`, want: "same_birth_date"},
		{field: "age", name: "PM duplicates compare ages at recovery", ka: pm, a: `"age":{"min":20,"max":25},"recovery":{"date":"2023-06"}`, kb: pm, b: `"age":{"min":50,"max":60},"recovery":{"date":"2023-06"}`, want: "near"},
		{field: "age", name: "PM duplicates far apart in age", ka: pm, a: `"age":{"min":20,"max":25},"recovery":{"date":"2023-06"}`, kb: pm, b: `"age":{"min":70,"max":80},"recovery":{"date":"2023-06"}`, want: "incompatible"},
		{field: "age", name: "birth year and age", ka: am, a: `"birth_date":"1999"`, kb: pm, b: `"age":{"min":20,"max":30},"recovery":{"date":"2023"}`, want: "compatible"},

		{field: "height", name: "overlap", ka: am, a: `"height_cm":{"min":175,"max":180}`, kb: pm, b: `"height_cm":{"min":172,"max":182}`, want: "overlap"},
		{field: "height", name: "near", ka: am, a: `"age":{"min":30,"max":30,"as_of":"2020"},"last_contact":{"date":"2020"},"height_cm":{"min":175,"max":180}`, kb: pm, b: `"height_cm":{"min":160,"max":165},"recovery":{"date":"2020"}`, want: "near"},
		{field: "height", name: "far", ka: am, a: `"age":{"min":30,"max":30,"as_of":"2020"},"last_contact":{"date":"2020"},"height_cm":{"min":180,"max":185}`, kb: pm, b: `"height_cm":{"min":155,"max":162},"recovery":{"date":"2020"}`, want: "far"},
		{field: "height", name: "incompatible", ka: am, a: `"age":{"min":30,"max":30,"as_of":"2020"},"last_contact":{"date":"2020"},"height_cm":{"min":185,"max":190}`, kb: pm, b: `"height_cm":{"min":150,"max":155},"recovery":{"date":"2020"}`, want: "incompatible"},
		{field: "height", name: "child grew between the records", ka: am, a: `"age":{"min":12,"max":12,"as_of":"2018"},"last_contact":{"date":"2018"},"height_cm":{"min":145,"max":150}`, kb: pm, b: `"height_cm":{"min":170,"max":175},"recovery":{"date":"2022"}`, want: "near"},
		{field: "height", name: "child at unknown dates", ka: am, a: `"age":{"min":12,"max":12,"as_of":"2018"},"height_cm":{"min":145,"max":150}`, kb: pm, b: `"height_cm":{"min":170,"max":175}`, want: "missing"},
		{field: "height", name: "metres read as cm", ka: reg, a: `"height_cm":{"min":1.75,"max":1.8}`, kb: pm, b: `"height_cm":{"min":176,"max":178}`, want: "overlap"},

		{field: "weight", name: "overlap", ka: am, a: `"weight_kg":{"min":60,"max":70}`, kb: pm, b: `"weight_kg":{"min":65,"max":65}`, want: "overlap"},
		{field: "weight", name: "near", ka: am, a: `"age":{"min":30,"max":30,"as_of":"2020"},"last_contact":{"date":"2020"},"weight_kg":{"min":60,"max":65}`, kb: pm, b: `"weight_kg":{"min":85,"max":90},"recovery":{"date":"2020"}`, want: "near"},
		{field: "weight", name: "far", ka: am, a: `"age":{"min":30,"max":30,"as_of":"2020"},"last_contact":{"date":"2020"},"weight_kg":{"min":50,"max":55}`, kb: pm, b: `"weight_kg":{"min":90,"max":95},"recovery":{"date":"2020"}`, want: "far"},

		{field: "hair", name: "same", ka: am, a: `"hair":"black, short"`, kb: pm, b: `"hair":"Black curly"`, want: "same"},
		{field: "hair", name: "similar", ka: am, a: `"hair":"black"`, kb: pm, b: `"hair":"dark brown"`, want: "same"},
		{field: "hair", name: "adjacent colours", ka: am, a: `"hair":"black"`, kb: pm, b: `"hair":"brown"`, want: "similar"},
		{field: "hair", name: "texture differs", ka: am, a: `"hair":"black curly"`, kb: pm, b: `"hair":"noir, raide"`, want: "similar"},
		{field: "hair", name: "different", ka: am, a: `"hair":"black"`, kb: pm, b: `"hair":"blond"`, want: "different"},
		{field: "hair", name: "no colour named", ka: am, a: `"hair":"short"`, kb: pm, b: `"hair":"blond"`, want: "missing"},
		{field: "eyes", name: "same", ka: am, a: `"eyes":"brown"`, kb: reg, b: `"eyes":"marron"`, want: "same"},
		{field: "eyes", name: "similar", ka: am, a: `"eyes":"green"`, kb: reg, b: `"eyes":"hazel"`, want: "similar"},
		{field: "eyes", name: "different", ka: am, a: `"eyes":"blue"`, kb: reg, b: `"eyes":"dark brown"`, want: "different"},

		{field: "dates", name: "days", ka: tr, a: `"last_contact":{"date":"2023-06-02"}`, kb: pm, b: `"recovery":{"date":"2023-06-09"}`, want: "days"},
		{field: "dates", name: "weeks", ka: tr, a: `"last_contact":{"date":"2023-06-02"}`, kb: pm, b: `"recovery":{"date":"2023-06-25"}`, want: "weeks"},
		{field: "dates", name: "within the year", ka: tr, a: `"last_contact":{"date":"2023-01"}`, kb: pm, b: `"recovery":{"date":"2023-06-09"}`, want: "year"},
		{field: "dates", name: "months", ka: tr, a: `"last_contact":{"date":"2023-04"}`, kb: pm, b: `"recovery":{"date":"2023-06-09"}`, want: "months"},
		{field: "dates", name: "years", ka: tr, a: `"last_contact":{"date":"2020"}`, kb: pm, b: `"recovery":{"date":"2023-06-09"}`, want: "years"},
		{field: "dates", name: "long", ka: tr, a: `"last_contact":{"date":"2015"}`, kb: pm, b: `"recovery":{"date":"2023-06-09"}`, want: "long"},
		{field: "dates", name: "before", ka: tr, a: `"last_contact":{"date":"2023-06-20"}`, kb: pm, b: `"recovery":{"date":"2023-06-09"}`, want: "before"},
		{field: "dates", name: "within the grace week counts against", ka: tr, a: `"last_contact":{"date":"2023-06-12"}`, kb: pm, b: `"recovery":{"date":"2023-06-09"}`, want: "before_grace"},
		{field: "dates", name: "within the grace week, PM first", ka: pm, a: `"recovery":{"date":"2023-06-09"}`, kb: tr, b: `"last_contact":{"date":"2023-06-12"}`, want: "before_grace"},
		{field: "dates", name: "recovered on the day of the last contact", ka: tr, a: `"last_contact":{"date":"2023-06-09"}`, kb: pm, b: `"recovery":{"date":"2023-06-09"}`, want: "days"},
		{field: "dates", name: "a month that holds the last contact may coincide", ka: tr, a: `"last_contact":{"date":"2023-06-12"}`, kb: pm, b: `"recovery":{"date":"2023-06"}`, want: "days"},
		{field: "dates", name: "PM first", ka: pm, a: `"recovery":{"date":"2023-06-09"}`, kb: am, b: `"last_contact":{"date":"2023-06-02"}`, want: "days"},
		{field: "dates", name: "death date when no recovery", ka: pm, a: `"death_date":"2023-06"`, kb: am, b: `"last_contact":{"date":"2023-06-02"}`, want: "days"},
		{field: "dates", name: "registration after last contact", ka: tr, a: `"last_contact":{"date":"2023-11"}`, kb: reg, b: `"registered":{"date":"2024-02-11"}`, want: "months"},
		{field: "dates", name: "registration before last contact counts against", ka: tr, a: `"last_contact":{"date":"2023-11"}`, kb: reg, b: `"registered":{"date":"2022-02-11"}`, want: "registered_before"},
		{field: "dates", name: "registration first, before last contact", ka: reg, a: `"registered":{"date":"2023-10-30"}`, kb: tr, b: `"last_contact":{"date":"2023-11"}`, want: "registered_before"},
		{field: "dates", name: "registration in the month of the last contact", ka: tr, a: `"last_contact":{"date":"2023-11"}`, kb: reg, b: `"registered":{"date":"2023-11-02"}`, want: "days"},
		{field: "dates", name: "PM duplicates compare recoveries", ka: pm, a: `"recovery":{"date":"2023-06-09"}`, kb: pm, b: `"recovery":{"date":"2023-06-10"}`, want: "days"},
		{field: "dates", name: "TR duplicates compare last contacts", ka: tr, a: `"last_contact":{"date":"2023-06"}`, kb: tr, b: `"last_contact":{"date":"2021"}`, want: "years"},
		{field: "dates", name: "missing", ka: tr, a: `"last_contact":{"place":{"text":"Zuwara"}}`, kb: pm, b: `"recovery":{"date":"2023-06-09"}`, want: "missing"},

		{field: "incident", name: "same", ka: tr, a: `"incident_id":"sw 2023-06-04"`, kb: pm, b: `"incident_id":"SW-2023-06-04"`, want: "same"},
		{field: "incident", name: "different", ka: tr, a: `"incident_id":"SW-2023-06-04"`, kb: pm, b: `"incident_id":"SW-2023-06-05"`, want: "different"},
		{field: "incident", name: "missing", ka: tr, a: ``, kb: pm, b: `"incident_id":"SW-2023-06-05"`, want: "missing"},

		{field: "place", name: "region: Zuwara to Lampedusa", ka: tr, a: `"last_contact":{"place":{"lat":32.93,"lon":12.08}}`, kb: pm, b: `"recovery":{"place":{"lat":35.5,"lon":12.6}}`, want: "region"},
		{field: "place", name: "close", ka: tr, a: `"last_contact":{"place":{"lat":32.93,"lon":12.08}}`, kb: pm, b: `"recovery":{"place":{"lat":32.8,"lon":12.3}}`, want: "close"},
		{field: "place", name: "near through a route point", ka: tr, a: `"last_contact":{"place":{"lat":15.6,"lon":32.5}},"route":[{"lat":24.2,"lon":23.3}]`, kb: pm, b: `"recovery":{"place":{"lat":25,"lon":24}}`, want: "near"},
		{field: "place", name: "far", ka: tr, a: `"last_contact":{"place":{"lat":15.6,"lon":32.5}}`, kb: pm, b: `"recovery":{"place":{"lat":39.1,"lon":26.5}}`, want: "far"},
		{field: "place", name: "same country without coordinates", ka: tr, a: `"route":[{"country":"LY"},{"country":"IT"}]`, kb: reg, b: `"registered":{"place":{"country":"IT"}}`, want: "same_country"},
		{field: "place", name: "other countries say nothing", ka: tr, a: `"last_contact":{"place":{"country":"LY"}}`, kb: reg, b: `"registered":{"place":{"country":"GR"}}`, want: "missing"},
		{field: "place", name: "sought duplicates compare last contacts only", ka: tr, a: `"last_contact":{"place":{"lat":10,"lon":10}},"route":[{"lat":30,"lon":30}]`, kb: tr, b: `"last_contact":{"place":{"lat":30,"lon":30}}`, want: "far"},

		{field: "marks", name: "located", ka: am, a: `"marks":[{"type":"scar","location":"left eyebrow"}]`, kb: pm, b: `"marks":[{"type":"scar","location":"left brow"}]`, want: "located"},
		{field: "marks", name: "described", ka: am, a: `"marks":[{"type":"tattoo","location":"right forearm","description":"rose with name Amina"}]`, kb: pm, b: `"marks":[{"type":"tattoo","location":"avant-bras droit","description":"rose"}]`, want: "described"},
		{field: "marks", name: "near: arm and forearm", ka: am, a: `"marks":[{"type":"scar","location":"left arm"}]`, kb: pm, b: `"marks":[{"type":"scar","location":"L forearm"}]`, want: "near"},
		{field: "marks", name: "type only", ka: am, a: `"marks":[{"type":"tattoo"}]`, kb: pm, b: `"marks":[{"type":"tattoo","location":"chest"}]`, want: "type"},
		{field: "marks", name: "other side", ka: am, a: `"marks":[{"type":"scar","location":"left knee"}]`, kb: pm, b: `"marks":[{"type":"scar","location":"right knee"}]`, want: "unmatched"},
		{field: "marks", name: "other type", ka: am, a: `"marks":[{"type":"scar","location":"left knee"}]`, kb: pm, b: `"marks":[{"type":"tattoo","location":"left knee"}]`, want: "unmatched"},
		{field: "marks", name: "missing", ka: am, a: ``, kb: pm, b: `"marks":[{"type":"tattoo","location":"left knee"}]`, want: "missing"},

		{field: "clothing", name: "strong without table", ka: am, a: `"clothing":["red football shirt","black jeans"]`, kb: pm, b: `"clothing":["red shirt (football)","dark trousers"]`, want: "strong"},
		{field: "clothing", name: "common words weigh little", ka: am, a: `"clothing":["black shirt"]`, kb: pm, b: `"clothing":["black shirt"]`,
			freqOf: []string{"black shirt", "black jeans", "white shirt", "black", "shirt", "black shirt", "blue shirt"}, want: "common"},
		{field: "clothing", name: "a rare word weighs much", ka: am, a: `"clothing":["Juventus shirt"]`, kb: pm, b: `"clothing":["shirt juventus"]`,
			freqOf: []string{"black shirt", "black jeans", "white shirt", "black", "shirt", "black shirt", "blue shirt", "jeans", "jacket", "shoes", "sandals", "trousers", "cap", "hoodie", "belt", "socks", "scarf", "coat", "sweater", "shorts", "boots"}, want: "rare"},
		{field: "clothing", name: "none", ka: am, a: `"clothing":["red shirt"]`, kb: pm, b: `"clothing":["blue jeans"]`, want: "none"},
		{field: "effects", name: "strong", ka: am, a: `"effects":["silver ring with blue stone"]`, kb: pm, b: `"effects":["ring, white metal, blue stone"]`, want: "strong"},
		{field: "effects", name: "missing", ka: am, a: ``, kb: pm, b: `"effects":["ring"]`, want: "missing"},

		{field: "documents", name: "same document", ka: tr, a: `"documents":[{"number":"sd 118-273","country":"SD"}]`, kb: pm, b: `"documents":[{"type":"id_card","number":"SD-118273","country":"SD"}]`, want: "same_document"},
		{field: "documents", name: "same number, country on one side", ka: tr, a: `"documents":[{"number":"P0123456"}]`, kb: pm, b: `"documents":[{"number":"p 012 3456","country":"ER"}]`, want: "same_number"},
		{field: "documents", name: "same number, other country", ka: tr, a: `"documents":[{"number":"1234567","country":"SD"}]`, kb: pm, b: `"documents":[{"number":"1234567","country":"ER"}]`, want: "different"},
		{field: "documents", name: "junk numbers ignored", ka: tr, a: `"documents":[{"number":"N/A"}]`, kb: pm, b: `"documents":[{"number":"NA"}]`, want: "missing"},

		{field: "phones", name: "same via nationality", ka: tr, a: `"nationalities":["SD"],"phones":["0912 345 678"]`, kb: reg, b: `"phones":["+249 912345678"]`, want: "same"},
		{field: "phones", name: "same via 00 prefix", ka: tr, a: `"phones":["00249912345678"]`, kb: reg, b: `"phones":["+249-912-345-678"]`, want: "same"},
		{field: "phones", name: "unknown country matches national number", ka: tr, a: `"phones":["0912345678"]`, kb: reg, b: `"phones":["+249912345678"]`, want: "same"},
		{field: "phones", name: "different", ka: tr, a: `"phones":["+249912345678"]`, kb: reg, b: `"phones":["+249912345679"]`, want: "different"},

		{field: "dna", name: "same", ka: am, a: `"dna":{"profile_id":"lab-rs 5531"}`, kb: pm, b: `"dna":{"profile_id":"LAB-RS-5531"}`, want: "same"},
		{field: "dna", name: "different", ka: am, a: `"dna":{"profile_id":"LAB-1"}`, kb: pm, b: `"dna":{"profile_id":"LAB-2"}`, want: "different"},
		{field: "dna", name: "reference only", ka: am, a: `"dna":{"reference_available":true}`, kb: pm, b: `"dna":{"profile_id":"LAB-2"}`, want: "missing"},

		{field: "medical", name: "implant serial", ka: am, a: `"medical":["titanium plate left femur, S/N 4471-AX-02"]`, kb: pm, b: `"medical":["orthopaedic plate, femur; serial 4471AX02"]`, want: "serial"},
		{field: "medical", name: "shared dates are not serials", ka: am, a: `"medical":["surgery 2019-03-04"]`, kb: pm, b: `"medical":["operated 2019-03-04"]`, want: "different"},
		{field: "medical", name: "a bare serial", ka: am, a: `"medical":["4471-AX-02"]`, kb: pm, b: `"medical":["plate 4471AX02"]`, want: "serial"},
		{field: "medical", name: "similar", ka: am, a: `"medical":["healed fracture of the right tibia"]`, kb: pm, b: `"medical":["old tibia fracture"]`, want: "similar"},

		{field: "dental", name: "strong", ka: am, a: `"dental":{"teeth":{"11":"sound","21":"fractured","36":"filled","46":"missing"}}`, kb: pm, b: `"dental":{"teeth":{"11":"sound","21":"fractured","36":"filled","46":"missing"}}`, want: "strong"},
		{field: "dental", name: "PM first is still directed", ka: pm, a: `"dental":{"teeth":{"46":"sound"}}`, kb: am, b: `"dental":{"teeth":{"46":"missing"}}`, want: "conflict_review"},
		{field: "dental", name: "PM duplicates are symmetric", ka: pm, a: `"dental":{"teeth":{"46":"sound","36":"filled"}}`, kb: pm, b: `"dental":{"teeth":{"46":"missing","36":"sound"}}`, want: "missing"},

		{field: "nationality", name: "same", ka: tr, a: `"nationalities":["SD","SS"]`, kb: reg, b: `"nationalities":["SS"]`, want: "same"},
		{field: "nationality", name: "different", ka: tr, a: `"nationalities":["SD"]`, kb: reg, b: `"nationalities":["ER"]`, want: "different"},
		{field: "language", name: "shared", ka: tr, a: `"languages":["ar","fur"]`, kb: reg, b: `"languages":["ar-SD"]`, want: "shared"},
		{field: "language", name: "different", ka: tr, a: `"languages":["ti"]`, kb: reg, b: `"languages":["ar"]`, want: "different"},

		{field: "reciprocal", name: "reciprocal siblings", ka: tr, a: `"sex":"male","enquirer":{"relationship":"sister"}`, kb: tr, b: `"sex":"female","enquirer":{"relationship":"brother"}`, want: "reciprocal"},
		{field: "reciprocal", name: "parent and child", ka: tr, a: `"sex":"male","enquirer":{"relationship":"mother"}`, kb: tr, b: `"sex":"female","enquirer":{"relationship":"son"}`, want: "reciprocal"},
		{field: "reciprocal", name: "enquirer's sex against sought", ka: tr, a: `"sex":"male","enquirer":{"relationship":"brother"}`, kb: tr, b: `"sex":"female","enquirer":{"relationship":"brother"}`, want: "conflict"},
		{field: "reciprocal", name: "cousin called brother", ka: tr, a: `"sex":"male","enquirer":{"relationship":"brother"}`, kb: tr, b: `"sex":"male","enquirer":{"relationship":"cousin"}`, want: "consistent"},
		{field: "reciprocal", name: "relationships that cannot be inverse", ka: tr, a: `"enquirer":{"relationship":"mother"}`, kb: tr, b: `"enquirer":{"relationship":"wife"}`, want: "conflict"},
		{field: "reciprocal", name: "not tracing requests", ka: tr, a: `"enquirer":{"relationship":"mother"}`, kb: pm, b: ``, want: "missing"},
	}
	for _, tt := range tests {
		t.Run(tt.field+"/"+tt.name, func(t *testing.T) {
			f := fieldByName(t, tt.field)
			a, b := Prepare(rec(t, tt.ka, tt.a)), Prepare(rec(t, tt.kb, tt.b))
			var freq *Frequencies
			if tt.freqOf != nil {
				freq = &Frequencies{}
				freq.Count(a)
				freq.Count(b)
				for _, c := range tt.freqOf {
					js, _ := json.Marshal([]string{c})
					freq.Count(Prepare(rec(t, pm, `"clothing":`+string(js))))
				}
			}
			got := f.Levels[f.Compare(a, b, freq)]
			if got != tt.want {
				t.Errorf("%s = %s (%s), want %s", f.Name, got, f.Explain(a, b, freq), tt.want)
			}
			// Swapping the pair must not change the level.
			if back := f.Levels[f.Compare(b, a, freq)]; back != got {
				t.Errorf("%s swapped = %s, want %s", f.Name, back, got)
			}
		})
	}
}

func TestFieldsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range append(Fields, ReciprocalField) {
		if seen[f.Name] {
			t.Errorf("field %s twice", f.Name)
		}
		seen[f.Name] = true
		if len(f.Levels) < 2 || f.Levels[0] != "missing" || f.Compare == nil || f.Explain == nil {
			t.Errorf("field %s: levels %v must start with missing and have a comparator and an explanation", f.Name, f.Levels)
		}
	}
	for _, f := range append(PersonFields, ReciprocalFields...) {
		if len(f.Levels) > maxLevels {
			t.Errorf("field %s has %d levels: the scorer's tables hold %d", f.Name, len(f.Levels), maxLevels)
		}
	}
	empty := Prepare()
	for _, f := range Fields {
		if l := f.Compare(empty, empty, nil); l != 0 {
			t.Errorf("%s on empty profiles = %s, want missing", f.Name, f.Levels[l])
		}
	}
}

func TestPrepareCombinesCase(t *testing.T) {
	trRec := rec(t, tr, `"case_id":"C1","names":[{"full":"Mohamed Adam"}],"sex":"male","last_contact":{"date":"2023-06-02"},"height_cm":{"min":170,"max":175},"phones":["+249912345678"]`)
	amRec := rec(t, am, `"case_id":"C1","names":[{"full":"Mohammed Adam"}],"sex":"female","last_contact":{"date":"2020"},"height_cm":{"min":180,"max":185},"hair":"black","phones":["+249911111111"],"dental":{"teeth":{"11":"sound"}}`)
	p := Prepare(amRec, trRec)
	if p.Kind != AnteMortem || p.side != sought {
		t.Errorf("kind %s side %d: the first record decides the side", p.Kind, p.side)
	}
	if p.Records[0] != trRec {
		t.Error("the tracing request must come first")
	}
	if len(p.Names) != 2 || p.Names[0].Full != "Mohamed Adam" {
		t.Errorf("names %v: want the union, TR first", p.Names)
	}
	if p.sex() != Male || p.height.lo != 170 || !p.alive.ok || dayText(p.alive.lo) != "2023-06" {
		t.Errorf("scalars must come from the TR first: sex %s height %v alive %v", p.sex(), p.height, p.alive)
	}
	if p.hair.empty() || p.teeth != 1 || len(p.phones()) != 2 {
		t.Errorf("AM description, chart and all phones must be kept: hair %v teeth %d phones %d", p.hair, p.teeth, len(p.phones()))
	}
}

func TestParseLocation(t *testing.T) {
	tests := []struct {
		text string
		part BodyPart
		side Side
	}{
		{"left forearm", Forearm, Left},
		{"Left brow", Eye, Left},
		{"back of the R hand", Back, Right},
		{"avant-bras gauche", Forearm, Left},
		{"upper arm, right", UpperArm, Right},
		{"braccio destro", PartUnknown, Right},
		{"lower leg", LowerLeg, SideUnknown},
		{"", PartUnknown, SideUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			l := ParseLocation(tt.text)
			if l.Part != tt.part || l.Side != tt.side {
				t.Errorf("ParseLocation(%q) = %s/%d, want %s/%d", tt.text, l.Part, l.Side, tt.part, tt.side)
			}
		})
	}
}

func TestRelationshipInverse(t *testing.T) {
	tests := []struct {
		r    Relationship
		sex  Sex
		want Relationship
	}{
		{"brother", Female, "sister"},
		{"mother", Male, "son"},
		{"daughter", Female, "mother"},
		{"uncle", Male, "nephew"},
		{"grandson", Female, "grandmother"},
		{"wife", Male, "husband"},
		{"cousin", SexUnknown, "cousin"},
		{"other", Male, ""},
		{"mother", SexUnknown, ""},
	}
	for _, tt := range tests {
		if got := tt.r.Inverse(tt.sex); got != tt.want {
			t.Errorf("%s.Inverse(%s) = %q, want %q", tt.r, tt.sex, got, tt.want)
		}
	}
	if Relationship("brother").Sex() != Male || Relationship("niece").Sex() != Female || Relationship("cousin").Sex() != SexUnknown {
		t.Error("relationship sexes")
	}
}

func TestDistance(t *testing.T) {
	// Zuwara to Lampedusa is about 290 km.
	if d := Distance(32.93, 12.08, 35.5, 12.6); d < 280 || d > 300 {
		t.Errorf("Distance = %.1f km, want ~290", d)
	}
	if d := Distance(0, 0, 0, 180); d < 20000 || d > 20040 {
		t.Errorf("antipodes = %.1f km", d)
	}
}

func TestExplainNeverEmpty(t *testing.T) {
	a := Prepare(rec(t, am, `"sex":"male","marks":[{"type":"scar"}],"phones":["+249912345678"]`))
	b := Prepare(rec(t, pm, `"sex":"male","marks":[{"type":"tattoo"}],"phones":["+249912345678"]`))
	for _, f := range append(Fields, ReciprocalField) {
		if s := f.Explain(a, b, nil); strings.TrimSpace(s) == "" {
			t.Errorf("%s: empty explanation", f.Name)
		}
	}
	if s := fieldByName(t, "phones").Explain(a, b, nil); strings.Contains(s, "912345678") {
		t.Errorf("phone explanation %q shows the whole number", s)
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Café", "cafe"},
		{"ÜLKER", "ulker"},
		{"Red Shirt", "red shirt"},
		{"ﬁne", "fine"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
