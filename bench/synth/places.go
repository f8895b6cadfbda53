package synth

// pl is a place with coordinates, written as the built-in route lists need
// it. Coordinates are approximate town centres (public gazetteer
// knowledge), enough for distance-based comparison.
type pl struct {
	text, country string
	lat, lon      float64
}

// route is a migration route: its IOM name, the stages people pass, the
// places they leave from (where families last hear from them), the
// forensic services that recover the dead on it (with a second agency that
// sometimes records the same body) and the services that register the
// living.
type route struct {
	id       string
	iom      string // "Route" column of the IOM data
	transit  []pl
	depart   []pl
	pm       []pmSource
	reg      []regSource
	fallback []incident // used when the IOM data is absent
}

// pmSource is a forensic service and the IOM incident countries it covers.
type pmSource struct {
	source, second string
	countries      []string
	prefix         string
	cemetery       string
}

type regSource struct {
	source, prefix string
	at             pl
}

var routes = []*route{
	{
		id: "central_med", iom: "Central Mediterranean",
		transit: []pl{{"Agadez", "NE", 16.97, 7.99}, {"Kufra", "LY", 24.18, 23.29}, {"Sabha", "LY", 27.04, 14.43}, {"Bani Walid", "LY", 31.76, 13.99}, {"Tripoli", "LY", 32.89, 13.19}},
		depart:  []pl{{"Zuwara", "LY", 32.93, 12.08}, {"Sabratha", "LY", 32.79, 12.48}, {"Garabulli", "LY", 32.77, 13.72}, {"Tobruk", "LY", 32.08, 23.96}, {"Sfax", "TN", 34.74, 10.76}, {"Zawiya", "LY", 32.76, 12.73}},
		pm: []pmSource{
			{"it-forensic-lampedusa", "it-forensic-catania", []string{"IT", "MT", ""}, "LMP", "Agrigento municipal cemetery"},
			{"ly-redcrescent-zuwara", "ly-redcrescent-tripoli", []string{"LY"}, "LRC", "Zuwara cemetery for migrants"},
			{"tn-forensic-sfax", "tn-forensic-sfax-hospital", []string{"TN"}, "SFX", "El Assa cemetery, Zarzis"},
		},
		reg: []regSource{{"it-hsp-sicily", "HSP-SIC", pl{"Pozzallo hotspot", "IT", 36.73, 14.85}}, {"it-hsp-sicily", "HSP-SIC", pl{"Lampedusa hotspot", "IT", 35.50, 12.60}}},
		fallback: []incident{
			{"FB-CM-01", "2023-06-14", 35.2, 13.1, "Unspecified waters between Libya and Italy", "", 41},
			{"FB-CM-02", "2022-03-20", 32.95, 12.05, "Bodies found on the shores of Zuwara, Libya", "LY", 12},
			{"FB-CM-03", "2021-04-22", 33.4, 13.4, "Off Tripoli, Libya", "LY", 130},
			{"FB-CM-04", "2023-02-26", 35.52, 12.58, "Off Lampedusa, Italy", "IT", 9},
			{"FB-CM-05", "2024-08-10", 34.6, 11.2, "Off Sfax, Tunisia", "TN", 23},
		},
	},
	{
		id: "eastern_med", iom: "Eastern Mediterranean",
		transit: []pl{{"Istanbul", "TR", 41.01, 28.98}, {"Izmir", "TR", 38.42, 27.14}, {"Van", "TR", 38.49, 43.38}},
		depart:  []pl{{"Ayvalik", "TR", 39.32, 26.69}, {"Cesme", "TR", 38.32, 26.30}, {"Bodrum", "TR", 37.03, 27.43}, {"Kusadasi", "TR", 37.86, 27.26}, {"Dikili", "TR", 39.07, 26.89}},
		pm: []pmSource{
			{"gr-forensic-lesvos", "gr-coastguard-aegean", []string{"GR", "CY", ""}, "LSV", "Agios Panteleimonas cemetery, Mytilene"},
			{"tr-forensic-izmir", "tr-coastguard-izmir", []string{"TR"}, "IZM", "Izmir Doganbey cemetery"},
		},
		reg: []regSource{{"gr-hsp-lesvos", "HSP-LSV", pl{"Mytilene", "GR", 39.11, 26.55}}, {"gr-hsp-lesvos", "HSP-LSV", pl{"Mavrovouni camp", "GR", 39.13, 26.56}}},
		fallback: []incident{
			{"FB-EM-01", "2020-03-02", 39.2, 26.4, "Off Lesvos, Greece", "GR", 3},
			{"FB-EM-02", "2023-06-14", 36.9, 21.1, "Off Pylos, Greece", "GR", 600},
			{"FB-EM-03", "2019-11-24", 37.85, 27.23, "Body found on beach near Kusadasi, Türkiye", "TR", 2},
			{"FB-EM-04", "2022-10-06", 37.75, 26.98, "Off Samos, Greece", "GR", 18},
		},
	},
	{
		id: "western_med", iom: "Western Mediterranean",
		transit: []pl{{"Oujda", "MA", 34.68, -1.91}, {"Maghnia", "DZ", 34.85, -1.73}, {"Fes", "MA", 34.03, -5.00}},
		depart:  []pl{{"Nador", "MA", 35.17, -2.93}, {"Oran", "DZ", 35.70, -0.63}, {"Tangier", "MA", 35.76, -5.83}, {"Mostaganem", "DZ", 35.93, 0.09}},
		pm: []pmSource{
			{"es-forensic-almeria", "es-guardiacivil-almeria", []string{"ES", ""}, "ALM", "San José cemetery, Almería"},
			{"ma-forensic-nador", "ma-forensic-nador-hospital", []string{"MA", "DZ"}, "NDR", "Sidi Salem cemetery, Nador"},
		},
		reg: []regSource{{"es-hsp-almeria", "HSP-ALM", pl{"Almería port", "ES", 36.83, -2.46}}},
		fallback: []incident{
			{"FB-WM-01", "2021-09-12", 36.5, -2.3, "Alboran Sea", "", 11},
			{"FB-WM-02", "2022-01-08", 36.72, -2.13, "Body found on beach near Cabo de Gata, Spain", "ES", 1},
		},
	},
	{
		id: "atlantic", iom: "Western Africa / Atlantic route to the Canary Islands",
		transit: []pl{{"Dakar", "SN", 14.69, -17.44}, {"Nouadhibou", "MR", 20.94, -17.04}, {"Laayoune", "EH", 27.15, -13.20}},
		depart:  []pl{{"Mbour", "SN", 14.42, -16.96}, {"Saint-Louis", "SN", 16.03, -16.49}, {"Nouadhibou", "MR", 20.94, -17.04}, {"Dakhla", "EH", 23.68, -15.96}, {"Banjul", "GM", 13.45, -16.58}, {"Kafountine", "SN", 12.93, -16.75}},
		pm: []pmSource{
			{"es-forensic-canarias", "es-salvamento-canarias", []string{"ES", ""}, "CAN", "San Lázaro cemetery, Las Palmas"},
			{"mr-forensic-nouadhibou", "mr-redcrescent-nouadhibou", []string{"MR", "SN", "EH", "MA", "GM"}, "NDB", "Nouadhibou cemetery"},
		},
		reg: []regSource{{"es-hsp-canarias", "HSP-CAN", pl{"Arguineguín pier, Gran Canaria", "ES", 27.76, -15.68}}, {"es-hsp-canarias", "HSP-CAN", pl{"El Hierro, La Restinga", "ES", 27.64, -17.98}}},
		fallback: []incident{
			{"FB-AT-01", "2023-07-09", 27.7, -15.7, "Off Gran Canaria, Spain", "ES", 7},
			{"FB-AT-02", "2024-05-01", 27.6, -18.0, "Off El Hierro, Spain", "ES", 50},
			{"FB-AT-03", "2022-11-18", 20.9, -17.1, "Off Nouadhibou, Mauritania", "MR", 25},
		},
	},
	{
		id: "balkans", iom: "Western Balkans",
		transit: []pl{{"Thessaloniki", "GR", 40.64, 22.94}, {"Belgrade", "RS", 44.79, 20.45}, {"Sarajevo", "BA", 43.86, 18.41}},
		depart:  []pl{{"Bihac", "BA", 44.82, 15.87}, {"Velika Kladusa", "BA", 45.18, 15.81}, {"Subotica", "RS", 46.10, 19.67}, {"Sid", "RS", 45.13, 19.23}},
		pm: []pmSource{
			{"ba-forensic-bihac", "ba-forensic-sarajevo", []string{"BA", "RS", "MK", "BG", "AL", "GR"}, "BIH", "Bihać Vakuf cemetery"},
			{"hr-forensic-zagreb", "si-forensic-ljubljana", []string{"HR", "SI", "HU", "RO"}, "ZAG", "Mirogoj cemetery, Zagreb"},
		},
		reg: []regSource{{"ba-hsp-bihac", "HSP-BIH", pl{"Lipa camp, Bihać", "BA", 44.75, 16.06}}, {"rs-hsp-belgrade", "HSP-BEG", pl{"Belgrade, Krnjaca", "RS", 44.84, 20.49}}},
		fallback: []incident{
			{"FB-WB-01", "2021-07-03", 45.3, 15.3, "Korana river near Slunj, Croatia", "HR", 1},
			{"FB-WB-02", "2022-09-14", 44.9, 15.9, "Una river near Bihac, Bosnia and Herzegovina", "BA", 1},
		},
	},
	{
		id: "channel", iom: "Mainland Europe to the UK",
		transit: []pl{{"Moscow", "RU", 55.75, 37.62}, {"Paris", "FR", 48.86, 2.35}, {"Brussels", "BE", 50.85, 4.35}},
		depart:  []pl{{"Calais", "FR", 50.95, 1.86}, {"Dunkirk", "FR", 51.03, 2.38}, {"Wimereux", "FR", 50.77, 1.61}, {"Boulogne-sur-Mer", "FR", 50.73, 1.61}},
		pm: []pmSource{
			{"fr-forensic-calais", "fr-gendarmerie-calais", []string{"FR", "GB", "BE", ""}, "CAL", "Calais Nord cemetery"},
		},
		reg: []regSource{{"fr-hsp-calais", "HSP-CAL", pl{"Calais", "FR", 50.95, 1.86}}},
		fallback: []incident{
			{"FB-CH-01", "2021-11-24", 51.0, 1.6, "English Channel off Calais", "", 27},
			{"FB-CH-02", "2024-01-14", 50.77, 1.6, "Wimereux beach, France", "FR", 5},
		},
	},
}

func routeByID(id string) *route {
	for _, r := range routes {
		if r.id == id {
			return r
		}
	}
	return routes[0]
}

// tracingSources are the tracing services of the National Societies that
// file tracing requests, with the style their interpreters write names in.
var tracingSources = []struct {
	source, prefix string
	style          style
	loc            pl
	weight         float64
}{
	{"it-tracing", "IT", styleIT, pl{"Rome", "IT", 41.90, 12.50}, 3},
	{"gr-tracing", "GR", styleEN, pl{"Athens", "GR", 37.98, 23.73}, 2},
	{"de-tracing", "DE", styleEN, pl{"Berlin", "DE", 52.52, 13.40}, 3},
	{"fr-tracing", "FR", styleFR, pl{"Paris", "FR", 48.86, 2.35}, 2},
	{"es-tracing", "ES", styleFR, pl{"Madrid", "ES", 40.42, -3.70}, 1.5},
	{"uk-tracing", "UK", styleEN, pl{"London", "GB", 51.51, -0.13}, 1.5},
	{"se-tracing", "SE", styleEN, pl{"Stockholm", "SE", 59.33, 18.07}, 1},
}

// countryNames maps the IOM data's country names to ISO 3166-1 codes.
var countryNames = map[string]string{
	"Libya": "LY", "Italy": "IT", "Malta": "MT", "Tunisia": "TN", "Greece": "GR", "Türkiye": "TR",
	"Turkey": "TR", "Spain": "ES", "Morocco": "MA", "Algeria": "DZ", "Western Sahara": "EH",
	"Mauritania": "MR", "Senegal": "SN", "Gambia": "GM", "Bosnia and Herzegovina": "BA",
	"Croatia": "HR", "Slovenia": "SI", "Serbia": "RS", "North Macedonia": "MK", "France": "FR",
	"United Kingdom of Great Britain and Northern Ireland": "GB", "Belgium": "BE", "Cyprus": "CY",
	"Egypt": "EG", "Albania": "AL", "Montenegro": "ME", "Hungary": "HU", "Romania": "RO",
	"Bulgaria": "BG", "Netherlands": "NL", "Guinea-Bissau": "GW", "Cabo Verde": "CV",
}

// incident is a shipwreck or other deadly event on a route: from the IOM
// Missing Migrants Project when the data is present.
type incident struct {
	id       string
	date     string
	lat, lon float64
	text     string
	country  string
	size     int
}
