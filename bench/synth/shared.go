package synth

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// world is everything the generator draws from: cultures with their name
// pools, routes with their incidents, and where each list came from.
type world struct {
	cultures  []*culture
	cultureW  []float64
	incidents map[string][]placedIncident // by route id
	shared    string                      // the shared data folder used, "" for built-in lists only
	sources   []string                    // provenance lines for the README
}

// placedIncident is an incident with the forensic service that recovers
// its dead.
type placedIncident struct {
	incident
	pm *pmSource
}

// SharedDataDir finds the shared data folder: dir when given, else
// $RFLMATCH_SHARED, else ../shared/data beside the directory holding
// go.mod, walking up from the working directory. It returns "" when none
// exists.
func SharedDataDir(dir string) string {
	if dir != "" {
		return existing(dir)
	}
	if env := os.Getenv("RFLMATCH_SHARED"); env != "" {
		if d := existing(filepath.Join(env, "data")); d != "" {
			return d
		}
		return existing(env)
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return existing(filepath.Join(d, "..", "shared", "data"))
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// existing returns dir cleaned when it holds at least one of the data
// folders the generator reads, else "".
func existing(dir string) string {
	for _, sub := range []string{"popular_names_by_country", "wikidata_arabic_translit_coling2018", "geez_ethiopian_names", "iom_missing_migrants"} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err == nil && fi.IsDir() {
			return filepath.Clean(dir)
		}
	}
	return ""
}

// loadWorld builds the world from the built-in lists and, when dir is not
// empty, the shared data in it. A missing file falls back to the built-in
// list and says so in the provenance; a malformed one is an error.
func loadWorld(dir string) (*world, error) {
	w := &world{cultures: builtinCultures(), incidents: map[string][]placedIncident{}, shared: dir}
	if dir == "" {
		w.sources = append(w.sources, "shared data folder not found: built-in lists only (synthetic names, fallback incidents)")
	} else {
		if err := w.loadNames(dir); err != nil {
			return nil, err
		}
	}
	if err := w.loadIncidents(dir); err != nil {
		return nil, err
	}
	for _, c := range w.cultures {
		w.cultureW = append(w.cultureW, c.weight)
		c.common.given = c.male.toks[0]
		if c.family != nil {
			c.common.family = c.family.toks[0]
		}
	}
	return w, nil
}

func (w *world) culture(id string) *culture {
	for _, c := range w.cultures {
		if c.id == id {
			return c
		}
	}
	return nil
}

// readCSV reads a CSV file with a header, dropping a UTF-8 BOM; a missing
// file is reported as os.ErrNotExist.
func readCSV(path string, comma rune) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	var rows []map[string]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		rows = append(rows, m)
	}
	return rows, nil
}

func (w *world) loadNames(dir string) error {
	arabic, byLatin, err := loadArabicVariants(filepath.Join(dir, "wikidata_arabic_translit_coling2018", "derived", "arabic_latin_variants_mincount2_clusters.csv"))
	switch {
	case errors.Is(err, os.ErrNotExist):
		w.sources = append(w.sources, "wikidata_arabic_translit_coling2018: absent, built-in Arabic spellings used")
	case err != nil:
		return err
	default:
		w.sources = append(w.sources, "Latin spellings of Arabic-origin names and their Arabic script: wikidata_arabic_translit_coling2018/derived/arabic_latin_variants_mincount2_clusters.csv (Merhav & Ash, COLING 2018, from Wikidata; CC0)")
		for _, c := range w.cultures {
			if c.lang != "ar" && c.id != "afghan" && c.id != "bangladeshi" {
				continue
			}
			for _, p := range []*pool{c.male, c.female, c.family} {
				if p == nil {
					continue
				}
				for _, t := range p.toks {
					applyArabicVariants(t, arabic)
				}
			}
		}
	}
	if err := w.loadPopularNames(dir, arabic, byLatin); err != nil {
		return err
	}
	return w.loadGeez(dir)
}

// loadArabicVariants reads the Wikidata clusters: per Arabic spelling, its
// Latin spellings with counts; and per Latin spelling its most frequent
// Arabic form.
func loadArabicVariants(path string) (map[string][]spelling, map[string]string, error) {
	rows, err := readCSV(path, ',')
	if err != nil {
		return nil, nil, err
	}
	out := map[string][]spelling{}
	best := map[string]float64{}
	byLatin := map[string]string{}
	for _, r := range rows {
		n, _ := strconv.ParseFloat(r["count"], 64)
		ar, lat := r["source_script_form"], r["latin_variant"]
		if ar == "" || lat == "" || strings.ContainsAny(lat, " ") {
			continue
		}
		out[ar] = append(out[ar], spelling{lat, n})
		if n > best[lat] {
			best[lat], byLatin[lat] = n, ar
		}
	}
	return out, byLatin, nil
}

// applyArabicVariants replaces a token's English spellings with the
// Wikidata spellings of its Arabic form, keeping only those close to the
// usual spelling: the clusters hold alignment noise (محمد → "morocco").
func applyArabicVariants(t *token, arabic map[string][]spelling) {
	vs, ok := arabic[t.native]
	if !ok {
		return
	}
	ref := strings.ToLower(t.ref())
	var keep []spelling
	for _, v := range vs {
		if v.w < 2 || levenshtein(v.s, ref) > max(2, utf8.RuneCountInString(ref)/2) {
			continue
		}
		keep = append(keep, spelling{capitalize(v.s), v.w})
	}
	if len(keep) < 2 {
		return
	}
	slices.SortStableFunc(keep, func(a, b spelling) int {
		switch {
		case a.w > b.w:
			return -1
		case a.w < b.w:
			return 1
		}
		return strings.Compare(a.s, b.s)
	})
	t.forms[styleEN] = keep
}

func (w *world) loadPopularNames(dir string, arabic map[string][]spelling, byLatin map[string]string) error {
	base := filepath.Join(dir, "popular_names_by_country")
	fore, err := readCSV(filepath.Join(base, "common-forenames-by-country.csv"), ',')
	if errors.Is(err, os.ErrNotExist) {
		w.sources = append(w.sources, "popular_names_by_country: absent, built-in lists used")
		return nil
	}
	if err != nil {
		return err
	}
	sur, err := readCSV(filepath.Join(base, "common-surnames-by-country.csv"), ',')
	if err != nil {
		return err
	}
	w.sources = append(w.sources, "Forenames of EG, LY, IQ, MA, DZ, TN and surnames of BD (with Bengali script), VN (with shares) and TR: popular_names_by_country (sigpwned/popular-names-by-country-dataset, from Wikipedia; CC0)")
	given := func(countries []string, sex string) []*token {
		var out []*token
		seen := map[string]bool{}
		for _, r := range fore {
			if !slices.Contains(countries, r["Country"]) || r["Gender"] != sex || strings.Contains(r["Population"], "Coptic") {
				continue
			}
			name := strings.TrimSpace(r["Romanized Name"])
			if name == "" || seen[strings.ToLower(name)] {
				continue
			}
			seen[strings.ToLower(name)] = true
			t := &token{key: strings.ToLower(name)}
			t.forms[styleEN] = []spelling{{name, 1}}
			t.forms[styleFR] = []spelling{{name, 1}}
			if ar, ok := byLatin[strings.ToLower(name)]; ok {
				t.native = ar
				applyArabicVariants(t, arabic)
				t.forms[styleEN] = moveFirst(t.forms[styleEN], name)
			}
			out = append(out, t)
		}
		return out
	}
	merge := func(p *pool, data []*token, s float64) *pool {
		if len(data) == 0 {
			return p
		}
		seen := map[string]bool{}
		for _, t := range data {
			seen[t.key] = true
			if t.native != "" {
				seen[t.native] = true
			}
		}
		all := data
		for _, t := range p.toks {
			if !seen[t.key] && (t.native == "" || !seen[t.native]) {
				all = append(all, t)
			}
		}
		return newPool(all, s)
	}
	for id, cs := range map[string][]string{"arabic_egyptian": {"EG"}, "arabic_libyan": {"LY"}, "arabic_iraqi": {"IQ"}, "arabic_maghrebi": {"MA", "DZ", "TN"}} {
		c := w.culture(id)
		c.male = merge(c.male, given(cs, "M"), 1.0)
		c.female = merge(c.female, given(cs, "F"), 0.9)
	}
	// Surnames: Bengali script for Bangladesh, shares for Vietnam, Turkish
	// surnames for Kurds from Türkiye.
	var bd, vn, tr []*token
	var vnShares []float64
	for _, r := range sur {
		loc, rom := strings.TrimSpace(r["Localized Name"]), strings.TrimSpace(r["Romanized Name"])
		switch r["Country"] {
		case "BD":
			t := &token{native: loc, key: strings.ToLower(rom)}
			t.forms[styleEN] = []spelling{{rom, 1}}
			if bt := findTok(w.culture("bangladeshi").family, rom); bt != nil {
				t.forms = bt.forms
			}
			bd = append(bd, t)
		case "VN":
			share, _ := strconv.ParseFloat(r["Percent"], 64)
			for i, v := range strings.Split(rom, "/") {
				t := &token{key: strings.ToLower(foldLatin(v))}
				t.forms[styleEN] = []spelling{{foldLatin(v), 1}}
				t.forms[styleVI] = []spelling{{v, 1}}
				vn = append(vn, t)
				if i > 0 {
					share /= 2
				}
				vnShares = append(vnShares, share)
			}
		case "TR":
			t := &token{key: strings.ToLower(foldLatin(rom))}
			t.forms[styleEN] = []spelling{{foldLatin(rom), 1}}
			t.forms[styleKU] = []spelling{{rom, 1}}
			tr = append(tr, t)
		}
	}
	if len(bd) > 0 {
		c := w.culture("bangladeshi")
		c.family = merge(c.family, bd, 0.9)
	}
	if len(vn) > 0 {
		c := w.culture("vietnamese")
		c.family = newPool(vn, 1)
		c.family.setWeights(vnShares)
	}
	if len(tr) > 0 {
		c := w.culture("kurdish")
		c.family = newPool(append(c.family.toks, tr...), 0.6)
	}
	return nil
}

func findTok(p *pool, name string) *token {
	for _, t := range p.toks {
		for _, s := range t.forms[styleEN] {
			if strings.EqualFold(s.s, name) {
				return t
			}
		}
	}
	return nil
}

// moveFirst puts the spelling s first with the largest weight, so a name
// from a country's popular list keeps that country's spelling as its usual
// one.
func moveFirst(f []spelling, s string) []spelling {
	out := []spelling{{s, 0}}
	top := 1.0
	for _, x := range f {
		top = max(top, x.w)
		if !strings.EqualFold(x.s, s) {
			out = append(out, x)
		}
	}
	out[0].w = top
	return out
}

// loadGeez reads the Ge'ez Frontier Foundation single names (Amharic,
// scholarly transcription, ASCII transcription) with genders from the phone
// book list, and makes Ethiopian name tokens whose spellings are the ASCII
// form, the folded scholarly form and the cross-author variants.
func (w *world) loadGeez(dir string) error {
	base := filepath.Join(dir, "geez_ethiopian_names")
	single, err := readTSV(filepath.Join(base, "SGC-SingleNames-20071123.tsv"))
	if errors.Is(err, os.ErrNotExist) {
		w.sources = append(w.sources, "geez_ethiopian_names: absent, built-in Amharic list used")
		return nil
	}
	if err != nil {
		return err
	}
	book, err := readTSV(filepath.Join(base, "BA-SGC-PhoneBook-SingleNames-Merged-20080604.tsv"))
	if err != nil {
		return err
	}
	sex := map[string]string{}
	for _, r := range book {
		if len(r) >= 2 {
			sex[r[0]] = r[1]
		}
	}
	variants := map[string][]string{}
	if rows, err := readCSV(filepath.Join(base, "derived", "geez_token_ascii_variants_clusters.csv"), ','); err == nil {
		for _, r := range rows {
			variants[r["source_script_form"]] = append(variants[r["source_script_form"]], capitalize(r["latin_variant"]))
		}
	}
	var male, female []*token
	for _, r := range single {
		if len(r) < 3 || strings.ContainsAny(r[0], " /") || strings.ContainsAny(r[2], " -/") || utf8.RuneCountInString(r[2]) < 3 {
			continue
		}
		forms := []string{r[2]}
		if f := foldScholarly(r[1]); f != "" && !strings.EqualFold(f, r[2]) {
			forms = append(forms, f)
		}
		for _, v := range variants[r[0]] {
			if !slices.ContainsFunc(forms, func(s string) bool { return strings.EqualFold(s, v) }) {
				forms = append(forms, v)
			}
		}
		t := &token{native: r[0], key: strings.ToLower(r[2])}
		t.forms[styleEN] = rankWeights(forms)
		switch sex[r[0]] {
		case "Male":
			male = append(male, t)
		case "Female":
			female = append(female, t)
		}
	}
	// The lists are alphabetical; a hash order keeps the Zipf shape from
	// favouring names that start with ሀ.
	byHash := func(ts []*token) {
		slices.SortFunc(ts, func(a, b *token) int { return int(hash32(a.native)) - int(hash32(b.native)) })
	}
	byHash(male)
	byHash(female)
	c := w.culture("amharic_ethiopian")
	if len(male) > 20 {
		c.male = newPool(append(c.male.toks, male...), 0.7)
	}
	if len(female) > 5 {
		c.female = newPool(append(c.female.toks, female...), 0.7)
	}
	w.sources = append(w.sources, fmt.Sprintf("Ethiopian names in Ge'ez with ASCII and scholarly transcriptions: geez_ethiopian_names (Ge'ez Frontier Foundation, geezorg/data; CC BY-SA 4.0), %d male and %d female names", len(male), len(female)))
	return nil
}

func hash32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32() >> 1
}

func readTSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		out = append(out, strings.Split(line, "\t"))
	}
	return out, sc.Err()
}

// foldScholarly writes a scholarly Ethiopic transcription (Täsfayé,
// Wäldä) the way a clerk without diacritics would (Tasfaye, Walda): another
// real spelling of the same name.
func foldScholarly(s string) string {
	r := strings.NewReplacer("ä", "a", "Ä", "A", "é", "e", "É", "E", "ə", "e", "ñ", "ny", "š", "sh", "Š", "Sh",
		"č", "ch", "Č", "Ch", "ž", "zh", "Ž", "Zh", "ḥ", "h", "ṣ", "s", "Ṣ", "S", "ṭ", "t", "Ṭ", "T",
		"č̣", "ch", "ç", "ch", "ʾ", "", "ʿ", "", "'", "", "q", "q")
	out := r.Replace(s)
	for _, c := range out {
		if c > unicode.MaxASCII {
			return foldLatin(out)
		}
	}
	return out
}

func (w *world) loadIncidents(dir string) error {
	var rows []map[string]string
	if dir != "" {
		var err error
		rows, err = readCSV(filepath.Join(dir, "iom_missing_migrants", "iom_europe_curated_2014-2026.csv"), ',')
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if rows != nil {
		w.sources = append(w.sources, "Incident dates, places, coordinates, sizes and IDs: iom_missing_migrants/iom_europe_curated_2014-2026.csv (IOM's Missing Migrants Project, CC BY 4.0; curated by G. Coppola; we map incidents to forensic services by route and country and derive recovery dates from incident dates)")
	} else {
		w.sources = append(w.sources, "IOM Missing Migrants data absent: a few built-in incidents per route (synthetic)")
	}
	for _, r := range rows {
		var rt *route
		for _, x := range routes {
			if x.iom == r["Route"] {
				rt = x
			}
		}
		if rt == nil {
			continue
		}
		date := r["incident_date_clean"]
		if len(date) != 10 || date > lastIncidentDate {
			continue
		}
		lat, err1 := strconv.ParseFloat(r["Latitude"], 64)
		lon, err2 := strconv.ParseFloat(r["Longitude"], 64)
		size, err3 := strconv.Atoi(r["No. dead/missing"])
		if err1 != nil || err2 != nil || err3 != nil || size < 1 {
			continue
		}
		cc, ok := countryNames[r["Country of Incident"]]
		if !ok {
			continue
		}
		in := incident{id: r["Incident ID"], date: date, lat: lat, lon: lon, text: r["Location of death"], country: cc, size: size}
		if pm := pmFor(rt, cc); pm != nil {
			w.incidents[rt.id] = append(w.incidents[rt.id], placedIncident{in, pm})
		}
	}
	for _, rt := range routes {
		if len(w.incidents[rt.id]) > 0 {
			continue
		}
		for _, in := range rt.fallback {
			w.incidents[rt.id] = append(w.incidents[rt.id], placedIncident{in, pmFor(rt, in.country)})
		}
	}
	return nil
}

// lastIncidentDate keeps incidents early enough that the records about them
// (recovery, tracing requests months later) fall before the generator's
// reference date.
const lastIncidentDate = "2025-09-30"

func pmFor(rt *route, country string) *pmSource {
	for i := range rt.pm {
		if slices.Contains(rt.pm[i].countries, country) {
			return &rt.pm[i]
		}
	}
	if country == "" {
		return &rt.pm[0]
	}
	return nil
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// foldLatin drops diacritics, with the letters that do not decompose (Đ,
// ı) mapped by hand, the way a foreign clerk's keyboard does.
func foldLatin(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f, ok := latinFold[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var latinFold = func() map[rune]string {
	m := map[rune]string{'Đ': "D", 'đ': "d", 'ı': "i", 'İ': "I", 'ß': "ss", 'ø': "o", 'Ø': "O"}
	groups := map[string]string{
		"a": "àáâãäåāăąạảấầẩẫậắằẳẵặ", "A": "ÀÁÂÃÄÅĀĂĄẠẢẤẦẨẪẬẮẰẲẴẶ",
		"e": "èéêëēĕėęěẹẻẽếềểễệ", "E": "ÈÉÊËĒĔĖĘĚẸẺẼẾỀỂỄỆ",
		"i": "ìíîïĩīĭįỉị", "I": "ÌÍÎÏĨĪĬĮỈỊ",
		"o": "òóôõöōŏőơọỏốồổỗộớờởỡợ", "O": "ÒÓÔÕÖŌŎŐƠỌỎỐỒỔỖỘỚỜỞỠỢ",
		"u": "ùúûüũūŭůűųưụủứừửữự", "U": "ÙÚÛÜŨŪŬŮŰŲƯỤỦỨỪỬỮỰ",
		"y": "ýÿỳỵỷỹ", "Y": "ÝỲỴỶỸ", "c": "çćč", "C": "ÇĆČ", "s": "şšś", "S": "ŞŠŚ",
		"g": "ğ", "G": "Ğ", "n": "ñń", "N": "ÑŃ", "z": "žź", "Z": "ŽŹ",
	}
	for to, from := range groups {
		for _, r := range from {
			m[r] = to
		}
	}
	return m
}()

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
