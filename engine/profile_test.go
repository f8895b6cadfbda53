package engine

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// schemaExamples are the lines of the record contract's examples, the
// fuzzers' seeds, or none when ../shared is not beside the repository.
func schemaExamples() [][]byte {
	fh, err := os.Open("../../shared/schema/examples.jsonl")
	if err != nil {
		return nil
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<20)
	var lines [][]byte
	for sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	return lines
}

// FuzzCompare checks that no pair of records panics Prepare, a comparator,
// an explanation or Exclude: records decoded and validated, and records
// straight from JSON that validation would reject (NaN-free but otherwise
// anything: reversed ranges, bad teeth, bad dates).
func FuzzCompare(f *testing.F) {
	lines := schemaExamples()
	for i := range lines {
		f.Add(lines[i], lines[(i+2)%len(lines)])
	}
	f.Add([]byte(`{"id":"a","source":"s","kind":"ante_mortem","age":{"min":120,"max":0},"height_cm":{"min":-1,"max":2},"last_contact":{"date_to":"2023"}}`),
		[]byte(`{"id":"b","source":"s","kind":"post_mortem","age":{"min":0,"max":120},"recovery":{"date":"0000"},"dental":{"teeth":{"99":"gold","11":"missing"}}}`))
	f.Add([]byte(`{"id":"a","source":"s","kind":"tracing_request","phones":["+","00","+999999999999999999999"],"documents":[{"number":"٠١٢٣٤٥"}],"route":[{"lat":91,"lon":181}]}`),
		[]byte(`{"id":"b","source":"s","kind":"registration","registered":{"date":"9999-12-31","place":{"lat":-90,"lon":-180}},"enquirer":{"relationship":"bogus"}}`))
	f.Fuzz(func(t *testing.T, x, y []byte) {
		a, b := fuzzRecord(x), fuzzRecord(y)
		for _, recs := range [][]*Record{{a}, {a, b}, {b, a}} {
			p, q := Prepare(recs...), Prepare(b)
			var freq Frequencies
			freq.Count(p)
			freq.Count(q)
			for _, fl := range append(Fields, ReciprocalField) {
				for _, fr := range []*Frequencies{nil, &freq} {
					l := fl.Compare(p, q, fr)
					if l < 0 || l >= len(fl.Levels) {
						t.Fatalf("%s: level %d out of range", fl.Name, l)
					}
					_ = fl.Explain(p, q, fr)
				}
			}
			Exclude(p, q)
			Exclude(q, p)
			if a != nil && b != nil {
				CompareDental(a.Dental, b.Dental, AnteVersusPost)
				CompareDental(a.Dental, b.Dental, SameState)
			}
		}
	})
}

// fuzzRecord decodes a record, or failing validation takes whatever the
// JSON decoder made of it, or nil.
func fuzzRecord(data []byte) *Record {
	if r, err := Decode(data); err == nil {
		return r
	}
	var r Record
	if json.Unmarshal(data, &r) != nil {
		return nil
	}
	return &r
}

func benchPair(b testing.TB) (*Profile, *Profile) {
	trRec := rec(b, tr, `"case_id":"C-0117","names":[{"full":"Mohamed Abdelrahman Adam"}],"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"nationalities":["SD"],"languages":["ar","fur"],"last_contact":{"date":"2023-06-02","place":{"text":"Zuwara","country":"LY","lat":32.93,"lon":12.08}},"route":[{"text":"Khartoum","country":"SD","lat":15.6,"lon":32.5},{"text":"Kufra","country":"LY","lat":24.2,"lon":23.3}],"phones":["0912345678"],"enquirer":{"relationship":"sister","sex":"female"},"recorded_on":"2023-07-14"`)
	amRec := rec(b, am, `"case_id":"C-0117","sex":"male","birth_date":"1999","height_cm":{"min":175,"max":180},"weight_kg":{"min":65,"max":70},"hair":"black, short","eyes":"brown","marks":[{"type":"scar","location":"left eyebrow","description":"small vertical scar"},{"type":"tattoo","location":"right forearm","description":"rose"}],"dental":{"teeth":{"11":"sound","21":"fractured","36":"filled","46":"missing","16":"sound","26":"crown"}},"medical":["plate in left femur, S/N 4471-AX-02"],"clothing":["red football shirt","black jeans"],"effects":["silver ring with blue stone"],"dna":{"reference_available":true,"profile_id":"LAB-RS-5531"},"documents":[{"type":"passport","number":"P01234567","country":"SD"}],"recorded_on":"2023-09-02"`)
	pmRec := rec(b, pm, `"incident_id":"SW-2023-06-04","sex":"male","age":{"min":20,"max":30,"method":"skeletal"},"height_cm":{"min":172,"max":182},"weight_kg":{"min":70,"max":80},"hair":"black","recovery":{"date":"2023-06-09","place":{"text":"off Lampedusa","country":"IT","lat":35.5,"lon":12.6},"context":"sea"},"dental":{"teeth":{"21":"fractured","36":"filled","46":"missing","11":"sound","16":"filled","26":"crown"}},"marks":[{"type":"scar","location":"left brow"}],"clothing":["red shirt (football)","dark trousers"],"effects":["ring, white metal, blue stone"],"medical":["orthopaedic plate femur 4471AX02"],"documents":[{"type":"id_card","number":"SD-118273","country":"SD"}],"dna":{"profile_id":"PM-DNA-7"},"recorded_on":"2023-06-11"`)
	return Prepare(trRec, amRec), Prepare(pmRec)
}

// BenchmarkPrepare prepares one case of a tracing request and its
// ante-mortem data.
func BenchmarkPrepare(b *testing.B) {
	trRec := rec(b, tr, `"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"nationalities":["SD"],"last_contact":{"date":"2023-06-02","place":{"lat":32.93,"lon":12.08}},"phones":["0912345678"]`)
	amRec := rec(b, am, `"birth_date":"1999","height_cm":{"min":175,"max":180},"hair":"black","marks":[{"type":"scar","location":"left eyebrow","description":"small vertical scar"}],"dental":{"teeth":{"11":"sound","21":"fractured","36":"filled","46":"missing"}},"clothing":["red football shirt","black jeans"],"effects":["silver ring with blue stone"],"documents":[{"number":"P01234567","country":"SD"}]`)
	b.ReportAllocs()
	for b.Loop() {
		Prepare(trRec, amRec)
	}
}

// BenchmarkComparePair compares one richly described pair across every
// field and checks the exclusions: the per-pair cost of scoring all but
// names. The word frequency table is in use, as in a cross-check.
func BenchmarkComparePair(b *testing.B) {
	x, y := benchPair(b)
	var freq Frequencies
	freq.Count(x)
	freq.Count(y)
	b.ReportAllocs()
	sink := 0
	for b.Loop() {
		for i := range Fields {
			sink += Fields[i].Compare(x, y, &freq)
		}
		if _, ex := Exclude(x, y); ex {
			sink++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/pair")
	_ = sink
}

// BenchmarkComparePairSparse is the common case of a cross-check: a pair
// that shares little (sex, age, a date, a place).
func BenchmarkComparePairSparse(b *testing.B) {
	x := Prepare(rec(b, tr, `"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"last_contact":{"date":"2023-06-02","place":{"lat":32.93,"lon":12.08}}`))
	y := Prepare(rec(b, pm, `"sex":"male","age":{"min":20,"max":30},"recovery":{"date":"2023-06-09","place":{"lat":35.5,"lon":12.6}}`))
	b.ReportAllocs()
	sink := 0
	for b.Loop() {
		for i := range Fields {
			sink += Fields[i].Compare(x, y, nil)
		}
		if _, ex := Exclude(x, y); ex {
			sink++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/pair")
	_ = sink
}

func TestComparePairAllocs(t *testing.T) {
	x, y := benchPair(t)
	var freq Frequencies
	freq.Count(x)
	freq.Count(y)
	allocs := testing.AllocsPerRun(100, func() {
		for i := range Fields {
			Fields[i].Compare(x, y, &freq)
		}
		Exclude(x, y)
	})
	if allocs != 0 {
		t.Errorf("comparing a pair allocates %.0f times, want 0", allocs)
	}
}
