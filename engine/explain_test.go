package engine

import (
	"encoding/json"
	"math"
	"testing"
)

// explained is a scored pair as the golden files hold it: the scorer's
// verdict and its field-by-field breakdown.
type explained struct {
	Relation    string      `json:"relation"`
	Weight      float64     `json:"weight"`
	Probability float64     `json:"probability"`
	NameTF      float64     `json:"name_tf,omitempty"`
	Flags       []string    `json:"flags,omitempty"`
	Breakdown   []Breakdown `json:"breakdown"`
}

// explainCases are the representative pairs of the golden explanations:
// each left is a case (its records prepared together), each right one
// record.
var explainCases = []struct {
	name        string
	left, right []spec
}{
	{
		name: "named_match",
		left: []spec{
			{tr, `"case_id":"C-0117","names":[{"full":"محمد عبد الرحمن آدم","lang":"ar"},{"full":"Mohamed Abdelrahman Adam","type":"reported","lang":"ar"}],"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"nationalities":["SD"],"languages":["ar","fur"],"last_contact":{"date":"2023-06-02","place":{"text":"Zuwara","country":"LY","lat":32.93,"lon":12.08}},"route":[{"text":"Khartoum","country":"SD"},{"text":"Kufra","country":"LY"}],"enquirer":{"names":[{"full":"Fatima Abdelrahman Adam"}],"relationship":"sister","sex":"female"},"recorded_on":"2023-07-14"`},
			{am, `"case_id":"C-0117","names":[{"full":"Mohammed Abd al-Rahman Adam","lang":"ar","parts":{"given":"Mohammed","father":"Abd al-Rahman","grandfather":"Adam"}}],"sex":"male","birth_date":"1999","height_cm":{"min":175,"max":180},"hair":"black, short","eyes":"brown","marks":[{"type":"scar","location":"left eyebrow","description":"small vertical scar"}],"clothing":["red football shirt","black jeans"],"effects":["silver ring with blue stone"],"recorded_on":"2023-09-02","parents":{"mother":{"full":"Hawa Ishaq"}}`},
		},
		right: []spec{
			{pm, `"incident_id":"SW-2023-06-04","names":[{"full":"MOHAMED ABDERAHMAN","type":"document"}],"sex":"male","sex_certain":true,"age":{"min":20,"max":30},"height_cm":{"min":172,"max":182},"recovery":{"date":"2023-06-09","place":{"text":"off Lampedusa","country":"IT","lat":35.5,"lon":12.6},"context":"sea"},"marks":[{"type":"scar","location":"left brow"}],"clothing":["red shirt (football)","dark trousers"],"effects":["ring, white metal, blue stone"],"recorded_on":"2023-06-11","documents":[{"type":"id_card","number":"SD-118273","country":"SD","name":"MOHAMED ABDERAHMAN"}]`},
		},
	},
	{
		name: "nameless_body_dental",
		left: []spec{
			{am, `"names":[{"full":"Tesfay Gebremedhin Haile","lang":"ti"}],"sex":"male","age":{"min":22,"max":22,"as_of":"2022-09"},"height_cm":{"min":168,"max":172},"last_contact":{"date":"2022-09-14","place":{"text":"Sabratha","country":"LY","lat":32.79,"lon":12.48}},` + chartAM + `,"clothing":["blue jacket"],"recorded_on":"2022-11-03"`},
		},
		right: []spec{
			{pm, `"sex":"male","age":{"min":18,"max":30,"method":"dental_development"},"height_cm":{"min":165,"max":175},"recovery":{"date":"2022-10-02","place":{"text":"Zuwara beach","country":"LY","lat":32.93,"lon":12.08},"context":"shore"},` + chartPM + `,"clothing":["jacket, blue, zip"],"hair":"black","recorded_on":"2022-10-05"`},
		},
	},
	{
		name: "brothers",
		left: []spec{
			{tr, `"names":[{"full":"Mohamed Abdelrahman Adam"}],"sex":"male","age":{"min":24,"max":24,"as_of":"2023-05"},"nationalities":["SD"],"last_contact":{"date":"2023-06-02","place":{"country":"LY","lat":32.93,"lon":12.08}},"parents":{"mother":{"full":"Hawa Ishaq"}}`},
		},
		right: []spec{
			{reg, `"names":[{"full":"Ibrahim Abdelrahman Adam"}],"sex":"male","age":{"min":21,"max":21,"as_of":"2023-09-20"},"nationalities":["SD"],"registered":{"date":"2023-09-20","place":{"text":"Lampedusa hotspot","country":"IT","lat":35.5,"lon":12.6}},"parents":{"mother":{"full":"Hawa Ishak"}}`},
		},
	},
	{
		name: "common_name",
		left: []spec{
			{tr, `"names":[{"full":"Mohamed Ali"}],"sex":"male","birth_date":"2001","last_contact":{"date":"2023-04-18","place":{"country":"TN","lat":34.74,"lon":10.76}}`},
		},
		right: []spec{
			{reg, `"names":[{"full":"Mohamed Ali"}],"sex":"male","birth_date":"2001-01-01","registered":{"date":"2023-05-02","place":{"text":"Lampedusa hotspot","country":"IT","lat":35.5,"lon":12.6}}`},
		},
	},
	{
		name: "reciprocal",
		left: []spec{
			{tr, `"names":[{"full":"Ahmed Ali Hassan"}],"sex":"male","age":{"min":19,"max":19,"as_of":"2022-03"},"nationalities":["SY"],"languages":["ar"],"last_contact":{"date":"2022-03","place":{"country":"TR"}},"enquirer":{"names":[{"full":"Fatima Ali Hassan"}],"relationship":"sister","sex":"female"}`},
		},
		right: []spec{
			{tr, `"names":[{"full":"Fatima Ali Hassan"}],"sex":"female","age":{"min":23,"max":23,"as_of":"2023-01"},"nationalities":["SY"],"languages":["ar","tr"],"last_contact":{"date":"2022-02","place":{"country":"GR"}},"enquirer":{"names":[{"full":"Ahmed Ali Hassan"}],"relationship":"brother"}`},
		},
	},
}

// explainFrequencies are fixed frequency tables: the golden pairs' own
// words and names, and a population where Mohamed, Ali and Adam are common.
func explainFrequencies(profiles []*Profile) (*Frequencies, *NameFrequencies) {
	words, names := &Frequencies{}, &NameFrequencies{}
	for _, p := range profiles {
		words.Count(p)
		for i := range p.names().Own() {
			names.Add(&p.names().Own()[i])
		}
		for i := range p.names().Papers() {
			names.Add(&p.names().Papers()[i])
		}
	}
	for _, full := range []string{
		"Mohamed Ali", "Mohamed Adam", "Mohamed Osman", "Mohamed Ibrahim", "Mohamed Yusuf Ali",
		"Ali Hassan", "Ali Omar", "Adam Ishaq", "Adam Yahya", "Ahmed Ali", "Ahmed Mohamed",
		"Yonas Kidane", "Tesfay Berhe", "Mamadou Diallo", "Fatoumata Diallo", "Nguyen Van An",
		"Khalid Osman Ibrahim", "Amina Yusuf", "Hawa Adam", "Abdelrahman Musa",
	} {
		n := ParseName(&Name{Full: full})
		names.Add(&n)
	}
	return words, names
}

// TestExplainGolden writes the breakdown of representative pairs to
// testdata/explain_*.golden: what a caseworker reads. Regenerate with
// go test -update and review the diff.
func TestExplainGolden(t *testing.T) {
	type pair struct{ a, b *Profile }
	var pairs []pair
	var all []*Profile
	for _, c := range explainCases {
		var l, r []*Record
		for _, s := range c.left {
			l = append(l, rec(t, s.kind, s.fields))
		}
		for _, s := range c.right {
			r = append(r, rec(t, s.kind, s.fields))
		}
		p := pair{Prepare(l...), Prepare(r...)}
		pairs = append(pairs, p)
		all = append(all, p.a, p.b)
	}
	words, names := explainFrequencies(all)
	s := NewScorer(DefaultModels(), words, names)
	for i, c := range explainCases {
		t.Run(c.name, func(t *testing.T) {
			sc := s.Score(pairs[i].a, pairs[i].b)
			e := explained{
				Relation:    sc.Relation.String(),
				Weight:      round4(sc.Weight),
				Probability: round4(sc.Probability),
				NameTF:      round4(sc.NameTF),
				Flags:       sc.Flags(),
				Breakdown:   s.Explain(&sc),
			}
			got, err := json.MarshalIndent(e, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "explain_"+c.name+".golden", append(got, '\n'))
		})
	}
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
