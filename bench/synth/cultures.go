package synth

// structure is how a culture builds a full name.
type structure uint8

const (
	// patronymic: given + father's given + grandfather's given (Sudanese,
	// Egyptian, Tigrinya, Amharic, Somali, Iraqi Kurdish).
	patronymic structure = iota
	// givenFatherFamily: given + father's given + a family name or nisba
	// (Syrian, Iraqi, Libyan).
	givenFatherFamily
	// givenFamily: given + inherited family name (Maghrebi, West African).
	givenFamily
	// afghan: a given name, often a two-word compound, and often nothing
	// else; a tribal or place surname on some documents.
	afghan
	// bangladeshi: Md. + given + surname not always shared by siblings.
	bangladeshi
	// vietnamese: family + middle + given, written in that order at home.
	vietnamese
)

// phonePlan is a country's mobile numbering: calling code, mobile prefixes
// and the length of the national number after the prefix.
type phonePlan struct {
	cc       string
	prefixes []string
	rest     int
}

// culture is a population of people who share naming conventions, an
// origin country and typical routes.
type culture struct {
	id      string
	country string
	lang    string // BCP 47 tag of the names
	langs   []string
	struc   structure
	male    *pool
	female  *pool
	family  *pool
	// abd are Abd al- compounds mixed into the male pool for Arabic
	// cultures.
	abd *pool
	// compound is the share of Habesha names that are theophoric compounds.
	compound float64
	// nativeRate is how often a family's record also gives the name in the
	// native script.
	nativeRate float64
	// homeStyle is the spelling of documents issued at home; famStyle the
	// spelling the family itself writes in Latin letters.
	homeStyle style
	origins   []pl
	routes    []string
	routeW    []float64
	weight    float64
	phone     phonePlan
	// femaleShare is the share of women and girls among the people of this
	// culture on the routes.
	femaleShare float64
	christian   bool
	// common are the very common name tokens the CommonName hard case
	// forces: Mohamed, Nguyễn, Diallo.
	common struct{ given, family *token }
	lists  []string // provenance of the lists used, for the README
}

func (c *culture) routeFor(x float64) string {
	var sum float64
	for _, w := range c.routeW {
		sum += w
	}
	x *= sum
	for i, w := range c.routeW {
		if x < w {
			return c.routes[i]
		}
		x -= w
	}
	return c.routes[len(c.routes)-1]
}

// builtinCultures builds the cultures from the built-in lists; loadShared
// then replaces lists with the shared data where it has them.
func builtinCultures() []*culture {
	arM := toks(arabicMale...)
	arF := toks(arabicFemale...)
	abd := newPool(abdTokens(), 0.8)
	sdM := append(toks(sudaneseMale...), arM...)
	cs := []*culture{
		{id: "arabic_sudanese", country: "SD", lang: "ar", langs: []string{"ar"}, struc: patronymic,
			male: newPool(sdM, 1.0), female: newPool(arF, 0.9), abd: abd, nativeRate: 0.35,
			origins: []pl{{"Nyala, South Darfur", "SD", 12.05, 24.88}, {"El Geneina, West Darfur", "SD", 13.45, 22.45}, {"Khartoum", "SD", 15.50, 32.56}, {"El Obeid, North Kordofan", "SD", 13.18, 30.22}, {"Kassala", "SD", 15.45, 36.40}},
			routes:  []string{"central_med", "channel", "eastern_med"}, routeW: []float64{8, 2, 1}, weight: 10,
			phone: phonePlan{"249", []string{"91", "92", "99", "96", "90"}, 7}, femaleShare: 0.06,
			lists: []string{"Arabic given names: built-in list with Arabic script (synthetic selection), Latin spellings from Wikidata COLING-2018 clusters when present", "Sudanese given names: built-in (synthetic)"}},
		{id: "arabic_egyptian", country: "EG", lang: "ar", langs: []string{"ar"}, struc: patronymic,
			male: newPool(arM, 1.0), female: newPool(arF, 0.9), abd: abd, nativeRate: 0.3,
			origins: []pl{{"Kafr el-Sheikh", "EG", 31.11, 30.94}, {"Minya", "EG", 28.11, 30.75}, {"Asyut", "EG", 27.18, 31.18}, {"Alexandria", "EG", 31.20, 29.92}},
			routes:  []string{"central_med"}, routeW: []float64{1}, weight: 6,
			phone: phonePlan{"20", []string{"10", "11", "12", "15"}, 8}, femaleShare: 0.03,
			lists: []string{"Egyptian given names: popular_names_by_country (EG) when present, else built-in"}},
		{id: "arabic_libyan", country: "LY", lang: "ar", langs: []string{"ar"}, struc: givenFatherFamily,
			male: newPool(arM, 1.0), female: newPool(arF, 0.9), family: newPool(toks(libyanFamily...), 0.7), abd: abd, nativeRate: 0.4,
			origins: []pl{{"Tripoli", "LY", 32.89, 13.19}, {"Misrata", "LY", 32.38, 15.09}, {"Benghazi", "LY", 32.12, 20.09}},
			routes:  []string{"central_med"}, routeW: []float64{1}, weight: 2,
			phone: phonePlan{"218", []string{"91", "92", "94"}, 7}, femaleShare: 0.1,
			lists: []string{"Libyan given names: popular_names_by_country (LY) when present; family names built-in (synthetic)"}},
		{id: "arabic_syrian", country: "SY", lang: "ar", langs: []string{"ar"}, struc: givenFatherFamily,
			male: newPool(arM, 1.0), female: newPool(arF, 0.9), family: newPool(toks(syrianFamily...), 0.6), abd: abd, nativeRate: 0.4,
			origins: []pl{{"Aleppo", "SY", 36.20, 37.13}, {"Idlib", "SY", 35.93, 36.63}, {"Deir ez-Zor", "SY", 35.34, 40.14}, {"Daraa", "SY", 32.62, 36.10}, {"Homs", "SY", 34.73, 36.72}},
			routes:  []string{"eastern_med", "balkans", "central_med"}, routeW: []float64{6, 3, 2}, weight: 9,
			phone: phonePlan{"963", []string{"93", "94", "95", "96", "98", "99"}, 7}, femaleShare: 0.2,
			lists: []string{"Syrian family names: built-in (synthetic)"}},
		{id: "arabic_iraqi", country: "IQ", lang: "ar", langs: []string{"ar"}, struc: givenFatherFamily,
			male: newPool(arM, 1.0), female: newPool(arF, 0.9), family: newPool(toks(iraqiNisba...), 0.6), abd: abd, nativeRate: 0.4,
			origins: []pl{{"Baghdad", "IQ", 33.31, 44.36}, {"Mosul", "IQ", 36.34, 43.13}, {"Basra", "IQ", 30.51, 47.78}, {"Fallujah", "IQ", 33.35, 43.78}},
			routes:  []string{"eastern_med", "balkans", "channel"}, routeW: []float64{5, 3, 2}, weight: 4,
			phone: phonePlan{"964", []string{"770", "750", "780", "790"}, 7}, femaleShare: 0.15,
			lists: []string{"Iraqi given names: popular_names_by_country (IQ) when present; nisbas built-in (synthetic)"}},
		{id: "arabic_maghrebi", country: "MA", lang: "ar", langs: []string{"ar", "fr"}, struc: givenFamily,
			male: newPool(toks(maghrebMale...), 0.9), female: newPool(toks(maghrebFemale...), 0.9), family: newPool(toks(maghrebFamily...), 0.5), nativeRate: 0.2,
			homeStyle: styleFR,
			origins:   []pl{{"Beni Mellal", "MA", 32.34, -6.36}, {"Oran", "DZ", 35.70, -0.63}, {"Tiaret", "DZ", 35.37, 1.32}, {"Sfax", "TN", 34.74, 10.76}, {"Kasserine", "TN", 35.17, 8.83}, {"Khouribga", "MA", 32.88, -6.91}},
			routes:    []string{"western_med", "atlantic", "central_med", "balkans"}, routeW: []float64{6, 2, 2, 1}, weight: 7,
			phone: phonePlan{"212", []string{"6", "7"}, 8}, femaleShare: 0.08,
			lists: []string{"Maghrebi given names: popular_names_by_country (MA, DZ, TN) when present, else built-in; surnames built-in (synthetic)"}},
		{id: "tigrinya_eritrean", country: "ER", lang: "ti", langs: []string{"ti"}, struc: patronymic,
			male: newPool(toks(tigrinyaMale...), 0.8), female: newPool(toks(tigrinyaFemale...), 0.8), compound: 0.3, nativeRate: 0.3,
			homeStyle: styleIT, christian: true,
			origins: []pl{{"Asmara", "ER", 15.33, 38.93}, {"Keren", "ER", 15.78, 38.45}, {"Mendefera", "ER", 14.89, 38.82}, {"Adi Keyh", "ER", 14.84, 39.37}},
			routes:  []string{"central_med", "channel"}, routeW: []float64{9, 1}, weight: 8,
			phone: phonePlan{"291", []string{"7"}, 6}, femaleShare: 0.2,
			lists: []string{"Tigrinya names and Ge'ez forms: built-in (synthetic); Habesha compounds built-in after NAMES.md"}},
		{id: "amharic_ethiopian", country: "ET", lang: "am", langs: []string{"am"}, struc: patronymic,
			male: newPool(toks(amharicMale...), 0.8), female: newPool(toks(amharicFemale...), 0.8), compound: 0.25, nativeRate: 0.3,
			christian: true,
			origins:   []pl{{"Addis Ababa", "ET", 9.03, 38.74}, {"Hosaena", "ET", 7.55, 37.85}, {"Dessie", "ET", 11.13, 39.63}, {"Jimma", "ET", 7.67, 36.83}},
			routes:    []string{"central_med"}, routeW: []float64{1}, weight: 4,
			phone: phonePlan{"251", []string{"91", "92", "93", "94"}, 7}, femaleShare: 0.15,
			lists: []string{"Amharic names: geez_ethiopian_names (SGC single names, Ge'ez + ASCII + scholarly) when present, else built-in"}},
		{id: "somali", country: "SO", lang: "so", langs: []string{"so"}, struc: patronymic,
			male: newPool(toks(somaliMale...), 0.9), female: newPool(toks(somaliFemale...), 0.9),
			homeStyle: styleSO,
			origins:   []pl{{"Mogadishu", "SO", 2.05, 45.32}, {"Kismayo", "SO", -0.36, 42.55}, {"Beledweyne", "SO", 4.74, 45.20}, {"Hargeisa", "SO", 9.56, 44.06}},
			routes:    []string{"central_med", "eastern_med"}, routeW: []float64{7, 3}, weight: 5,
			phone: phonePlan{"252", []string{"61", "62", "63", "90"}, 7}, femaleShare: 0.2,
			lists: []string{"Somali names (Somali orthography and English/French/Italian spellings): built-in (synthetic)"}},
		{id: "afghan", country: "AF", lang: "fa", langs: []string{"fa", "ps"}, struc: afghan,
			male: newPool(toks(afghanMale...), 0.8), female: newPool(toks(afghanFemale...), 0.8), family: newPool(toks(afghanFamily...), 0.6), nativeRate: 0.25,
			origins: []pl{{"Kabul", "AF", 34.53, 69.17}, {"Herat", "AF", 34.35, 62.20}, {"Kunduz", "AF", 36.73, 68.86}, {"Jalalabad, Nangarhar", "AF", 34.43, 70.45}, {"Ghazni", "AF", 33.55, 68.42}},
			routes:  []string{"eastern_med", "balkans", "channel"}, routeW: []float64{5, 4, 1}, weight: 10,
			phone: phonePlan{"93", []string{"70", "72", "78", "79"}, 7}, femaleShare: 0.15,
			lists: []string{"Afghan (Dari/Pashto) names and tribal surnames: built-in (synthetic)"}},
		{id: "kurdish", country: "IQ", lang: "ku", langs: []string{"ku", "ar"}, struc: patronymic,
			male: newPool(toks(kurdishMale...), 0.8), female: newPool(toks(kurdishFemale...), 0.8), family: newPool(toks(kurdishFamily...), 0.8), nativeRate: 0.2,
			homeStyle: styleKU,
			origins:   []pl{{"Erbil", "IQ", 36.19, 44.01}, {"Sulaymaniyah", "IQ", 35.56, 45.44}, {"Duhok", "IQ", 36.87, 42.99}, {"Qamishli", "SY", 37.05, 41.22}, {"Diyarbakir", "TR", 37.91, 40.24}},
			routes:    []string{"eastern_med", "balkans", "channel"}, routeW: []float64{4, 3, 3}, weight: 5,
			phone: phonePlan{"964", []string{"750", "751", "770"}, 7}, femaleShare: 0.15,
			lists: []string{"Kurdish names (Kurmanji, English, Sorani script): built-in (synthetic); Turkish surnames of Kurds from Türkiye: popular_names_by_country (TR) when present"}},
		bangladeshiCulture(),
		vietnameseCulture(),
	}
	for _, cc := range []struct {
		id, country string
		w           float64
		routes      []string
		routeW      []float64
		plan        phonePlan
		homeStyle   style
		origins     []pl
	}{
		{"west_african_guinea", "GN", 6, []string{"central_med", "atlantic", "western_med"}, []float64{5, 3, 2}, phonePlan{"224", []string{"62", "66", "65"}, 7}, styleFR,
			[]pl{{"Conakry", "GN", 9.64, -13.58}, {"Labé", "GN", 11.32, -12.28}, {"Kankan", "GN", 10.39, -9.31}, {"Mamou", "GN", 10.38, -12.09}}},
		{"west_african_gambia", "GM", 4, []string{"central_med", "atlantic"}, []float64{6, 4}, phonePlan{"220", []string{"7", "3", "2"}, 6}, styleEN,
			[]pl{{"Serekunda", "GM", 13.44, -16.68}, {"Brikama", "GM", 13.27, -16.65}, {"Basse Santa Su", "GM", 13.31, -14.21}}},
		{"west_african_senegal", "SN", 5, []string{"atlantic", "central_med"}, []float64{7, 3}, phonePlan{"221", []string{"77", "78", "76", "70"}, 7}, styleFR,
			[]pl{{"Dakar", "SN", 14.69, -17.44}, {"Thiès", "SN", 14.79, -16.93}, {"Kolda", "SN", 12.89, -14.94}, {"Tambacounda", "SN", 13.77, -13.67}}},
		{"west_african_mali", "ML", 5, []string{"central_med", "atlantic", "western_med"}, []float64{5, 3, 2}, phonePlan{"223", []string{"7", "6"}, 7}, styleFR,
			[]pl{{"Bamako", "ML", 12.64, -8.00}, {"Kayes", "ML", 14.45, -11.44}, {"Ségou", "ML", 13.43, -6.26}}},
		{"west_african_cotedivoire", "CI", 5, []string{"central_med", "atlantic"}, []float64{7, 3}, phonePlan{"225", []string{"07", "05", "01"}, 8}, styleFR,
			[]pl{{"Abidjan", "CI", 5.36, -4.01}, {"Daloa", "CI", 6.88, -6.45}, {"Bouaké", "CI", 7.69, -5.03}}},
	} {
		cs = append(cs, &culture{id: cc.id, country: cc.country, lang: "ff", langs: []string{"fr", "ff", "wo", "bm", "mnk"}, struc: givenFamily,
			male: newPool(toks(westAfricanMale...), 0.9), female: newPool(toks(westAfricanFemale...), 0.9),
			family: newPool(toks(westAfricanFamily[cc.country]...), 1.1), homeStyle: cc.homeStyle,
			origins: cc.origins, routes: cc.routes, routeW: cc.routeW, weight: cc.w, phone: cc.plan, femaleShare: 0.12,
			lists: []string{"West African given names and surnames (French/English spellings): built-in (synthetic)"}})
	}
	for _, c := range cs {
		c.common.given = c.male.toks[0]
		if c.family != nil {
			c.common.family = c.family.toks[0]
		}
	}
	return cs
}

func bangladeshiCulture() *culture {
	return &culture{id: "bangladeshi", country: "BD", lang: "bn", langs: []string{"bn"}, struc: bangladeshi,
		male: newPool(toks(bengaliMale...), 0.7), female: newPool(toks(arabicFemale...), 0.9), family: newPool(toks(bengaliFamily...), 0.9), nativeRate: 0.2,
		origins: []pl{{"Sylhet", "BD", 24.90, 91.87}, {"Dhaka", "BD", 23.81, 90.41}, {"Madaripur", "BD", 23.17, 90.19}, {"Sunamganj", "BD", 25.07, 91.40}},
		routes:  []string{"central_med", "balkans"}, routeW: []float64{8, 2}, weight: 6,
		phone: phonePlan{"880", []string{"17", "18", "19", "16", "15"}, 8}, femaleShare: 0.02,
		lists: []string{"Bangladeshi given names with Bengali script: built-in (synthetic); surnames: popular_names_by_country (BD, with Bengali script) when present"}}
}

func vietnameseCulture() *culture {
	fam := newPool(toks(vietFamily...), 1)
	fam.setWeights(vietFamilyShares)
	return &culture{id: "vietnamese", country: "VN", lang: "vi", langs: []string{"vi"}, struc: vietnamese,
		male: newPool(toks(vietMale...), 0.6), female: newPool(toks(vietFemale...), 0.6), family: fam,
		homeStyle: styleVI, nativeRate: 0.5,
		origins: []pl{{"Nghe An", "VN", 18.67, 105.69}, {"Ha Tinh", "VN", 18.34, 105.91}, {"Quang Binh", "VN", 17.47, 106.62}, {"Hai Phong", "VN", 20.84, 106.69}},
		routes:  []string{"channel"}, routeW: []float64{1}, weight: 3,
		phone: phonePlan{"84", []string{"9", "3", "8"}, 8}, femaleShare: 0.2,
		lists: []string{"Vietnamese surnames and shares: popular_names_by_country (VN) when present, else built-in; given and middle names built-in (synthetic)"}}
}
