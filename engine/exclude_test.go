package engine

import "testing"

// TestExclude pins every hard exclusion and, above all, the true pairs
// they must keep: partial dates at their widest, ages projected across
// years with their methods' tolerances, growing children.
func TestExclude(t *testing.T) {
	tests := []struct {
		name string
		ka   Kind
		a    string
		kb   Kind
		b    string
		want string // exclusion code, "" to keep the pair
	}{
		// Dates: latest possible recovery or death against earliest possible last contact.
		{"recovered 13 days before last contact", tr, `"last_contact":{"date":"2023-06-02"}`, pm, `"recovery":{"date":"2023-05-20"}`, RecoveredBeforeLastContact},
		{"recovered within the grace week", tr, `"last_contact":{"date":"2023-06-02"}`, pm, `"recovery":{"date":"2023-05-27"}`, ""},
		{"recovered after last contact", tr, `"last_contact":{"date":"2023-06-02"}`, pm, `"recovery":{"date":"2023-06-09"}`, ""},
		{"PM first", pm, `"recovery":{"date":"2023-05-20"}`, am, `"last_contact":{"date":"2023-06-02"}`, RecoveredBeforeLastContact},
		{"recovery month: any day of May", tr, `"last_contact":{"date":"2023-06-02"}`, pm, `"recovery":{"date":"2023-05"}`, ""},
		{"recovery month ends 10 days before", tr, `"last_contact":{"date":"2023-06-10"}`, pm, `"recovery":{"date":"2023-05"}`, RecoveredBeforeLastContact},
		{"recovery year: any day of 2023", tr, `"last_contact":{"date":"2023-12-30"}`, pm, `"recovery":{"date":"2023"}`, ""},
		{"recovery year ends before", tr, `"last_contact":{"date":"2024-01-20"}`, pm, `"recovery":{"date":"2023"}`, RecoveredBeforeLastContact},
		{"last contact year: from 1 January", tr, `"last_contact":{"date":"2023"}`, pm, `"recovery":{"date":"2022-12-28"}`, ""},
		{"last contact year, recovered weeks before it", tr, `"last_contact":{"date":"2023"}`, pm, `"recovery":{"date":"2022-12-01"}`, RecoveredBeforeLastContact},
		{"last contact month", tr, `"last_contact":{"date":"2023-06"}`, pm, `"recovery":{"date":"2023-05-28"}`, ""},
		{"recovery interval reaching past last contact", tr, `"last_contact":{"date":"2023-06-05"}`, pm, `"recovery":{"date":"2023-01","date_to":"2023-06"}`, ""},
		{"recovery interval ending before", tr, `"last_contact":{"date":"2023-09"}`, pm, `"recovery":{"date":"2023-01","date_to":"2023-06"}`, RecoveredBeforeLastContact},
		{"last contact interval: its start counts", tr, `"last_contact":{"date":"2023-03","date_to":"2023-09"}`, pm, `"recovery":{"date":"2023-04-15"}`, ""},
		{"last contact with only an end never excludes", tr, `"last_contact":{"date_to":"2023-09"}`, pm, `"recovery":{"date":"2020"}`, ""},
		{"death date before last contact", tr, `"last_contact":{"date":"2023-06-12"}`, pm, `"recovery":{"date":"2023-07-01"},"death_date":"2023-05"`, RecoveredBeforeLastContact},
		{"death month reaching last contact", tr, `"last_contact":{"date":"2023-06-02"}`, pm, `"recovery":{"date":"2023-07-01"},"death_date":"2023-06"`, ""},
		{"registration before last contact is no evidence", tr, `"last_contact":{"date":"2023-06-02"}`, reg, `"registered":{"date":"2021-05-20"}`, ""},
		{"a registration is a sign of life", reg, `"registered":{"date":"2023-06-02"}`, pm, `"recovery":{"date":"2023-05-01"}`, RecoveredBeforeLastContact},
		{"PM duplicates: dates never exclude", pm, `"recovery":{"date":"2023-06-02"}`, pm, `"recovery":{"date":"2021-05-01"}`, ""},
		{"no dates", tr, ``, pm, `"recovery":{"date":"2021-05-01"}`, ""},

		// Sex.
		{"both certain and different", am, `"sex":"male"`, pm, `"sex":"female","sex_certain":true`, SexConflict},
		{"PM sex is an estimate by default", am, `"sex":"male"`, pm, `"sex":"female"`, ""},
		{"AM sex said uncertain", am, `"sex":"male","sex_certain":false`, reg, `"sex":"female"`, ""},
		{"unknown sex", am, `"sex":"unknown"`, reg, `"sex":"female"`, ""},
		{"TR↔REG certain and different", tr, `"sex":"male"`, reg, `"sex":"female"`, SexConflict},

		// Age.
		{"adult compatible", am, `"age":{"min":24,"max":24,"as_of":"2023-05"},"last_contact":{"date":"2023-06-02"}`, pm, `"age":{"min":20,"max":30,"method":"skeletal"},"recovery":{"date":"2023-06-09"}`, ""},
		{"skeletal tolerance keeps a 45-year-old estimated 25–35", am, `"age":{"min":45,"max":45,"as_of":"2023"}`, pm, `"age":{"min":25,"max":35,"method":"skeletal"},"recovery":{"date":"2023"}`, ""},
		{"skeletal adult far older", am, `"age":{"min":30,"max":30,"as_of":"2020"},"last_contact":{"date":"2020"}`, pm, `"age":{"min":60,"max":70,"method":"skeletal"},"recovery":{"date":"2023"}`, AgeIncompatible},
		{"AM age projected over eight years to recovery", am, `"age":{"min":20,"max":20,"as_of":"2015"},"last_contact":{"date":"2015"}`, pm, `"age":{"min":40,"max":45,"method":"visual"},"recovery":{"date":"2023"}`, ""},
		{"projection does not rescue a teenager against an old man", am, `"age":{"min":15,"max":15,"as_of":"2015"},"last_contact":{"date":"2015"}`, pm, `"age":{"min":50,"max":60,"method":"visual"},"recovery":{"date":"2016"}`, AgeIncompatible},
		{"remains found years after the last contact", am, `"age":{"min":20,"max":20,"as_of":"2015-06"},"last_contact":{"date":"2015-06"}`, pm, `"age":{"min":20,"max":22,"method":"dental_development"},"recovery":{"date":"2021"}`, ""},
		{"age without as_of holds from last contact to interview", am, `"age":{"min":15,"max":15},"last_contact":{"date":"2017"},"recorded_on":"2023-01"`, pm, `"age":{"min":14,"max":16,"method":"dental_development"},"recovery":{"date":"2017-08"}`, ""},
		{"child: dental development is tight", am, `"age":{"min":8,"max":8,"as_of":"2022"},"last_contact":{"date":"2022"}`, pm, `"age":{"min":14,"max":15,"method":"dental_development"},"recovery":{"date":"2022"}`, AgeIncompatible},
		{"child: two years off is kept", am, `"age":{"min":8,"max":8,"as_of":"2022"},"last_contact":{"date":"2022"}`, pm, `"age":{"min":11,"max":12,"method":"dental_development"},"recovery":{"date":"2022"}`, ""},
		{"child: visual estimate is loose", am, `"age":{"min":8,"max":8,"as_of":"2022"},"last_contact":{"date":"2022"}`, pm, `"age":{"min":14,"max":15,"method":"visual"},"recovery":{"date":"2022"}`, ""},
		{"registration against an older report", tr, `"age":{"min":16,"max":16,"as_of":"2015"}`, reg, `"age":{"min":16,"max":16,"as_of":"2025"}`, AgeIncompatible},
		{"registration: misstated age kept", tr, `"age":{"min":16,"max":16,"as_of":"2015"}`, reg, `"age":{"min":16,"max":16,"as_of":"2023"}`, ""},
		{"two written birth dates years apart: a typing error, kept", tr, `"birth_date":"1990-05-05"`, reg, `"birth_date":"2000"`, ""},
		{"a written birth date against a reported age years apart", tr, `"birth_date":"1990-05-05"`, reg, `"age":{"min":16,"max":16,"as_of":"2023"}`, AgeIncompatible},
		{"birth dates close", tr, `"birth_date":"1990-05-05"`, reg, `"birth_date":"1993"`, ""},
		{"a birth date found on remains does not exclude", tr, `"birth_date":"1990-05-05"`, pm, `"birth_date":"2005"`, ""},

		// Stature.
		{"adult 25 cm apart is kept", am, `"age":{"min":30,"max":30,"as_of":"2020"},"last_contact":{"date":"2020"},"height_cm":{"min":180,"max":185}`, pm, `"height_cm":{"min":150,"max":155}`, ""},
		{"adult 30 cm apart", am, `"age":{"min":30,"max":30,"as_of":"2020"},"last_contact":{"date":"2020"},"height_cm":{"min":180,"max":185}`, pm, `"height_cm":{"min":145,"max":150}`, StatureIncompatible},
		{"a growing child never", am, `"age":{"min":12,"max":12,"as_of":"2020"},"last_contact":{"date":"2020"},"height_cm":{"min":140,"max":145}`, pm, `"height_cm":{"min":175,"max":180}`, ""},
		{"unknown age never", am, `"height_cm":{"min":140,"max":145}`, pm, `"height_cm":{"min":175,"max":180}`, ""},
		{"implausible heights never", am, `"age":{"min":30,"max":30,"as_of":"2020"},"last_contact":{"date":"2020"},"height_cm":{"min":5,"max":6}`, pm, `"height_cm":{"min":175,"max":180}`, ""},

		// Dental.
		{"two dental conflicts", am, `"dental":{"teeth":{"46":"missing","36":"filled"}}`, pm, `"dental":{"teeth":{"46":"sound","36":"sound"}}`, DentalConflicts},
		{"one dental conflict is for review", am, `"dental":{"teeth":{"46":"missing","36":"filled"}}`, pm, `"dental":{"teeth":{"46":"sound","36":"filled"}}`, ""},
		{"AM duplicates never conflict", am, `"dental":{"teeth":{"46":"missing","36":"filled"}}`, am, `"dental":{"teeth":{"46":"sound","36":"sound"}}`, ""},

		// Names and places never exclude.
		{"different names and far places", tr, `"names":[{"full":"Ali"}],"last_contact":{"place":{"lat":10,"lon":10}}`, pm, `"names":[{"full":"Tesfay"}],"recovery":{"place":{"lat":50,"lon":50}}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := Prepare(rec(t, tt.ka, tt.a)), Prepare(rec(t, tt.kb, tt.b))
			e, excluded := Exclude(a, b)
			if excluded != (tt.want != "") || e.Code != tt.want {
				t.Errorf("Exclude = %q (%s), want %q", e.Code, e.Detail, tt.want)
			}
			if excluded && e.Detail == "" {
				t.Error("an exclusion must say why")
			}
			if e2, _ := Exclude(b, a); e2.Code != e.Code {
				t.Errorf("swapped: %q, want %q", e2.Code, e.Code)
			}
		})
	}
}
