package words

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// Every message of the default catalogue is in every language, and no
// language has a message the default lacks.
func TestCatalogueComplete(t *testing.T) {
	want := messages.keys[Default]
	for _, lang := range Langs() {
		got := messages.keys[lang]
		for _, k := range want {
			if !slices.Contains(got, k) {
				t.Errorf("%s: no message %q", lang, k)
			}
		}
		for _, k := range got {
			if !slices.Contains(want, k) {
				t.Errorf("%s: message %q is not in the %s catalogue", lang, k, Default)
			}
		}
		for k := range messages.plurals[Default] {
			if _, ok := messages.plurals[lang][k]; !ok {
				t.Errorf("%s: %q is a plural message in %s but not here", lang, k, Default)
			}
		}
	}
	if !slices.Equal(Langs(), []string{"ar", "en", "fr"}) {
		t.Errorf("Langs() = %v, want [ar en fr]", Langs())
	}
}

// Arabic distinguishes one, two (the dual), few (3–10), many (11–99) and
// other (100–102, …): every Arabic plural message has a form for each.
func TestArabicPluralForms(t *testing.T) {
	for k, sels := range messages.plurals["ar"] {
		for _, c := range []string{"one", "two", "few", "many", "other"} {
			if !slices.Contains(sels, c) {
				t.Errorf("ar: %s has no %q form (has %v)", k, c, sels)
			}
		}
	}
}

func TestPlurals(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "no candidate"},
		{"en", 1, "1 candidate"},
		{"en", 2, "2 candidates"},
		{"en", 1000, "1,000 candidates"},
		{"fr", 0, "aucun candidat"},
		{"fr", 1, "1 candidat"},
		{"fr", 2, "2 candidats"},
		{"ar", 0, "لا مرشح"},
		{"ar", 1, "مرشح واحد"},
		{"ar", 2, "مرشحان"},
		{"ar", 3, "٣ مرشحين"},
		{"ar", 10, "١٠ مرشحين"},
		{"ar", 11, "١١ مرشحًا"},
		{"ar", 99, "٩٩ مرشحًا"},
		{"ar", 100, "١٠٠ مرشح"},
		{"ar", 103, "١٠٣ مرشحين"},
	}
	for _, tt := range tests {
		if got := New(tt.lang).Candidates(tt.n); got != tt.want {
			t.Errorf("%s: Candidates(%d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
	days := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "recovered at least 1 day after the last contact"},
		{"en", 3, "recovered at least 3 days after the last contact"},
		{"fr", 1, "retrouvé au moins 1 jour après le dernier contact"},
		{"fr", 3, "retrouvé au moins 3 jours après le dernier contact"},
		{"ar", 2, "انتُشل بعد يومين على الأقل من آخر اتصال"},
		{"ar", 5, "انتُشل بعد ٥ أيام على الأقل من آخر اتصال"},
	}
	for _, tt := range days {
		if got := New(tt.lang).f("dates.recovered", tt.n); got != tt.want {
			t.Errorf("%s: dates.recovered(%d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestLang(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"fr", "fr", true},
		{"fr_FR.UTF-8", "fr", true},
		{"ar-EG", "ar", true},
		{"EN", "en", true},
		{"es", "", false},
		{"C", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got, ok := Lang(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("Lang(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	if got := FromEnv(env(map[string]string{"LANG": "ar_MA.UTF-8"})); got != "ar" {
		t.Errorf("FromEnv(LANG=ar_MA.UTF-8) = %q, want ar", got)
	}
	if got := FromEnv(env(map[string]string{"LANG": "fr_FR.UTF-8", "LC_ALL": "C"})); got != Default {
		t.Errorf("FromEnv(LC_ALL=C) = %q, want %s", got, Default)
	}
	if got := FromEnv(env(nil)); got != Default {
		t.Errorf("FromEnv() = %q, want %s", got, Default)
	}
}

// goldenBreakdowns are every field of every candidate of the explanation
// goldens, with the sides of its pair when the query names them.
func goldenPairs(t *testing.T) []engine.Pair {
	t.Helper()
	files, err := filepath.Glob("../../testdata/candidates/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no explanation goldens (%v)", err)
	}
	var out []engine.Pair
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			if !strings.HasPrefix(sc.Text(), "{") {
				continue
			}
			var p engine.Pair
			if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			out = append(out, p)
		}
		f.Close()
	}
	return out
}

var (
	bareSigned = regexp.MustCompile(`(^|[\s(:])[+−-]\d+([.,]\d+)?($|[\s),;.])`)
	statWords  = regexp.MustCompile(`(?i)\b(bits?|odds|posterior|log-?likelihood)\b`)
)

// No English sentence speaks of bits or odds or shows a bare signed
// number (a weight), and the engine's details are all read: no sentence
// falls back to the generic wording, in any language.
func TestSentencesPlain(t *testing.T) {
	pairs := goldenPairs(t)
	sides := []Sides{{}, {engine.TracingRequest, engine.PostMortem}, {engine.PostMortem, engine.TracingRequest}, {engine.AnteMortem, engine.Registration}}
	for _, lang := range Langs() {
		p := New(lang)
		generic := []string{p.f("generic.agree"), p.f("generic.partly"), p.f("generic.differ")}
		for _, pair := range pairs {
			for _, s := range sides {
				texts := []string{p.Probability(&pair, 3), p.Exclusion(pair.Exclusion)}
				for _, b := range pair.Fields {
					text := p.Field(b, s)
					texts = append(texts, text)
					for _, g := range generic {
						if strings.Contains(text, g) {
							t.Errorf("%s: %s %s %q: the detail was not read: %q", lang, b.Field, b.Level, b.Detail, text)
						}
					}
				}
				for _, text := range texts {
					if strings.Contains(text, "%!") || strings.Contains(text, "label.") {
						t.Errorf("%s: badly formatted: %q", lang, text)
					}
					if lang != "en" {
						continue
					}
					if m := statWords.FindString(text); m != "" {
						t.Errorf("en: %q says %q", text, m)
					}
					if m := bareSigned.FindString(text); m != "" {
						t.Errorf("en: %q shows a signed number %q", text, m)
					}
				}
			}
		}
	}
}

// Every level of every comparison field has its sentence: a level that is
// not missing never gives a key as its text.
func TestEveryLevelWorded(t *testing.T) {
	fields := append(append([]engine.Field{}, engine.PersonFields...), engine.ReciprocalFields...)
	for _, lang := range Langs() {
		p := New(lang)
		for _, f := range fields {
			if strings.HasPrefix(p.f("label."+f.Name), "label.") {
				t.Errorf("%s: field %s has no label", lang, f.Name)
			}
			for _, l := range f.Levels[1:] {
				text := p.Field(engine.Breakdown{Field: f.Name, Level: l, Weight: 1}, Sides{})
				if regexp.MustCompile(`\b[a-z]+\.[a-z_]+\b`).MatchString(text) || strings.Contains(text, "%!") {
					t.Errorf("%s: %s %s: %q names a message key", lang, f.Name, l, text)
				}
			}
		}
	}
}

// An agreement is never worded as evidence against, and DNA references
// that only differ are not yet compared.
func TestAgreementNeverAgainst(t *testing.T) {
	p := New("en")
	tests := []struct {
		b    engine.Breakdown
		s    Sides
		want string
	}{
		{engine.Breakdown{Field: "sex", Level: "same_uncertain", Weight: -0.91, Detail: "male vs male (estimate)"},
			Sides{engine.TracingRequest, engine.PostMortem},
			"Sex: agrees, male (estimated on the body) — counts for little either way."},
		{engine.Breakdown{Field: "dna", Level: "different", Weight: -0.15, Detail: "REF988XMCJL vs PM67R1SPDB"}, Sides{},
			"DNA: not yet compared: the records hold different reference ids, REF988XMCJL and PM67R1SPDB, and only a laboratory comparison can tell."},
		{engine.Breakdown{Field: "name", Level: "transliteration", Weight: 9.2, Detail: `"Mohamed Abdelrahman" vs "MOHAMED ABDERAHMAN": transliteration 0.97 (a name from papers, which may be someone else's)`},
			Sides{engine.TracingRequest, engine.PostMortem},
			"Name: MOHAMED ABDERAHMAN is a transliteration of Mohamed Abdelrahman; MOHAMED ABDERAHMAN comes from papers found with the person, which may be someone else's — very strong evidence for."},
		{engine.Breakdown{Field: "dental", Level: "strong", Weight: 3.7, Detail: "28 match, 2 explainable, 2 possible, 0 conflict; pattern rarity 31.0 bits"}, Sides{},
			"Teeth: 28 teeth agree, 2 explained by later treatment, none conflict, a pattern few people share — strong evidence for."},
		{engine.Breakdown{Field: "dates", Level: "days", Weight: 3.49, Detail: "at least 3 days apart"}, Sides{engine.TracingRequest, engine.PostMortem},
			"Dates: recovered at least 3 days after the last contact — strong evidence for."},
	}
	for _, tt := range tests {
		if got := p.Field(tt.b, tt.s); got != tt.want {
			t.Errorf("Field(%s %s)\ngot:  %s\nwant: %s", tt.b.Field, tt.b.Level, got, tt.want)
		}
	}
}

func TestExclusionAndProbability(t *testing.T) {
	p := New("en")
	ex := &engine.PairExclusion{Code: engine.RecoveredBeforeLastContact, Reason: "found or dead 35 days before the last sign of life"}
	if got, want := p.Exclusion(ex), "Ruled out: found or dead 35 days before the last sign of life. It can be re-examined if a date is corrected."; got != want {
		t.Errorf("Exclusion\ngot:  %s\nwant: %s", got, want)
	}
	pair := engine.Pair{Probability: 0.9612, Rank: 1, Relation: "same_person"}
	if got, want := p.Probability(&pair, 12), "96% likely to be the same person; the most likely of this case's 12 candidates."; got != want {
		t.Errorf("Probability\ngot:  %s\nwant: %s", got, want)
	}
	if w := p.Warning(engine.DefaultModels()); !strings.HasPrefix(w, "Warning:") {
		t.Errorf("Warning(priors) = %q, want a warning", w)
	}
}

func TestFromAcceptLanguage(t *testing.T) {
	tests := []struct{ header, want string }{
		{"", "en"},
		{"fr-FR,fr;q=0.9,en;q=0.8", "fr"},
		{"es;q=0.9,ar;q=0.5", "ar"},
		{"de", "en"},
		{"!!", "en"},
	}
	for _, tt := range tests {
		if got := FromAcceptLanguage(tt.header); got != tt.want {
			t.Errorf("FromAcceptLanguage(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

// TestPlainMessagesByLanguage: a message without arguments, formatted
// once and then kept, is kept for its own language: each printer says it
// as its catalogue does, in whichever order the printers first ask.
func TestPlainMessagesByLanguage(t *testing.T) {
	tests := []struct {
		name  string
		order []string
	}{
		{"English first", []string{"en", "fr", "ar", "en", "fr", "ar"}},
		{"Arabic first", []string{"ar", "fr", "en", "ar", "fr", "en"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := map[string]string{}
			for _, lang := range tt.order {
				p := New(lang)
				got := p.f("label.name")
				if want := newPrinter(lang).Sprintf("label.name"); got != want {
					t.Errorf("%s: label.name = %q, want %q", lang, got, want)
				}
				if prev, ok := seen[lang]; ok && prev != got {
					t.Errorf("%s: label.name = %q, then %q", lang, prev, got)
				}
				seen[lang] = got
			}
			if seen["en"] == seen["fr"] || seen["en"] == seen["ar"] {
				t.Errorf("label.name is the same in two languages: %q", seen)
			}
		})
	}
}
