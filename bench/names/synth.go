package names

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
)

// This file generates SYNTHETIC name variants: seeded, made-up persons whose
// names are drawn from the example names of NAMES.md and the tracker issue,
// written several ways by applying the transliteration conventions of
// NAMES.md. No real person or record is behind them.

// synthCulture is a naming tradition of the generator: an inventory of
// given names and, for surname cultures, family names, with the
// equivalent spellings clerks produce.
type synthCulture struct {
	label      string
	patronymic bool
	given      [][]string // each entry: equivalent spellings of one name
	family     [][]string
}

var synthCultures = []synthCulture{
	{label: "arabic", patronymic: true, given: [][]string{
		{"Mohamed", "Muhammad", "Mohammed", "Mohammad", "Muhammed", "Mohamad"},
		{"Ahmed", "Ahmad"}, {"Ali"}, {"Hassan", "Hasan"},
		{"Hussein", "Husain", "Hossein", "Husayn", "Hussain"},
		{"Omar", "Umar"}, {"Osman", "Othman", "Uthman", "Usman", "Ousmane"},
		{"Ibrahim", "Ebrahim"}, {"Yusuf", "Yousef", "Youssef"},
		{"Mahmoud", "Mahmud", "Mahmood"}, {"Khalid", "Khaled", "Xaalid", "Halid"},
		{"Abd al-Rahman", "Abdelrahman", "Abdul Rahman", "Abderrahmane", "Abdurrahman", "Abdel Rahman"},
		{"Abd al-Aziz", "Abdelaziz", "Abdulaziz", "Abdul Aziz"},
		{"Abdullah", "Abdallah", "Abdalla"}, {"Jamal", "Gamal", "Djamal"},
		{"Qasim", "Kasim", "Gasim"}, {"Said", "Saeed", "Sa'id", "Saied"},
		{"Walid", "Oualid"}, {"Zainab", "Zeinab", "Zaynab"}, {"Fatima", "Fatimah", "Fatma"},
		{"Nur al-Din", "Nureddine", "Nuruddin", "Noor-ud-Din"},
		{"Salah al-Din", "Salaheddine", "Salahuddin"},
		{"Habibullah", "Habib Allah", "Habibollah"}, {"Ghulam", "Gulam"},
		{"Mustafa", "Moustafa", "Mostafa"}, {"Chaker", "Shaker"},
		{"Mehdi", "Mahdi"}, {"Reza", "Riza", "Raza"}, {"Javad", "Jawad"},
		{"Mohsen", "Muhsin"}, {"Adam", "Adem"},
	}},
	{label: "somali", patronymic: true, given: [][]string{
		{"Maxamed", "Mohamed", "Mohammed"}, {"Cabdi", "Abdi"}, {"Xasan", "Hassan"},
		{"Cali", "Ali"}, {"Cumar", "Omar", "Umar"}, {"Cismaan", "Osman"},
		{"Xuseen", "Hussein", "Houssein", "Hussen"}, {"Nuur", "Noor", "Nour", "Nur"},
		{"Cabdirashiid", "Abdirashid", "Abdirachid", "Abdirascid"},
		{"Cabdullaahi", "Abdullahi"}, {"Faadumo", "Fatuma", "Fatima"},
		{"Xaawo", "Hawa"}, {"Yuusuf", "Yusuf"}, {"Elmi"}, {"Dihoud"},
	}},
	{label: "habesha", patronymic: true, given: [][]string{
		{"Tesfay", "Tesfaye", "Tesfai"}, {"Yohannes", "Yohanes"},
		{"Haile", "Hayle"}, {"Tekle", "Teklay", "Teklai"}, {"Berhe"}, {"Berhane", "Birhane"},
		{"Mehari", "Meharie"}, {"Girmay", "Ghirmay"},
		{"Gebremedhin", "Gebre Medhin", "Gebre-Medhin", "Ghebremedhin", "G/Medhin"},
		{"Woldemariam", "Wolde Mariam", "Wolde-Mariam", "W/Mariam"},
		{"Habtemariam", "Habte Mariam", "Habte-Mariam"},
		{"Gebreselassie", "Gebre Selassie", "Ghebreselassie", "G/Selassie"},
		{"Kidane"}, {"Kidanemariam", "Kidane Mariam", "Kidane-Mariam"}, {"Haileselassie", "Haile Selassie", "H/Selassie"},
	}},
	{label: "west_african", given: [][]string{
		{"Mamadou", "Mamadu", "Momodou"}, {"Amadou", "Ahmadu", "Amadu"},
		{"Ousmane", "Usman", "Usuman"}, {"Boubacar", "Abubakar", "Bubacarr"},
		{"Abdoulaye", "Abdoulie"}, {"Souleymane", "Suleiman", "Sulayman"},
		{"Ibrahima", "Ibrahim"}, {"Moussa", "Musa"}, {"Lamine", "Lamin"},
		{"Fatoumata", "Fatimata", "Fatmata"}, {"Aissatou", "Aïssatou"},
		{"Mariama", "Mariam"}, {"Hawa", "Haoua", "Awa"},
	}, family: [][]string{
		{"Diallo", "Jallow", "Djalo", "Jalloh"}, {"Ndiaye", "N'Diaye", "Njie", "Njai"},
		{"Cissé", "Cisse", "Ceesay", "Sisay"}, {"Diop", "Jobe"}, {"Touré", "Toure", "Turay"},
		{"Traoré", "Traore"}, {"Keïta", "Keita"}, {"Camara", "Kamara"},
		{"Coulibaly", "Kulibali"}, {"Diarra", "Jarra"}, {"Konaté", "Konate", "Konateh"},
		{"Barry", "Bari"}, {"Sow"}, {"Baldé", "Balde"}, {"M'Baye", "Mbaye"},
	}},
}

// synthPerson is one generated person: indices into its culture's lists.
type synthPerson struct {
	c     int
	names []int // given, father, grandfather (patronymic) or given, family
}

// synthetic builds a dataset of SYNTHETIC persons, each written twice or
// three times. Persons are unique; a share of them are siblings (same
// father and grandfather, different given name) or parent and child
// (lineage shifted by one), the negatives that must stay apart.
func synthetic(persons int, seed int64) *dataset {
	rng := rand.New(rand.NewSource(seed))
	d := newDataset("synthetic", "SYNTHETIC: seeded variants generated in bench/names/synth.go from NAMES.md conventions")
	// A person must stay distinguishable from every other when the clerk
	// drops the grandfather or lists the names in another order, so the
	// given and father names together, and the set of names, are unique.
	seen := map[string]bool{}
	var ps []synthPerson
	add := func(p synthPerson) bool {
		set := append([]int(nil), p.names...)
		sort.Ints(set)
		keys := []string{fmt.Sprint("set", p.c, set), fmt.Sprint("gf", p.c, p.names[:2])}
		for _, k := range keys {
			if seen[k] {
				return false
			}
		}
		for _, k := range keys {
			seen[k] = true
		}
		ps = append(ps, p)
		return true
	}
	for tries := 0; len(ps) < persons && tries < persons*20; tries++ {
		ci := rng.Intn(len(synthCultures))
		c := &synthCultures[ci]
		var p synthPerson
		switch {
		case len(ps) > 0 && rng.Float64() < 0.25 && synthCultures[ps[len(ps)-1].c].patronymic:
			// A sibling or a child of the previous person.
			prev := ps[len(ps)-1]
			pc := &synthCultures[prev.c]
			if rng.Intn(2) == 0 {
				p = synthPerson{c: prev.c, names: []int{rng.Intn(len(pc.given)), prev.names[1], prev.names[2]}}
			} else {
				p = synthPerson{c: prev.c, names: []int{rng.Intn(len(pc.given)), prev.names[0], prev.names[1]}}
			}
		case c.patronymic:
			p = synthPerson{c: ci, names: []int{rng.Intn(len(c.given)), rng.Intn(len(c.given)), rng.Intn(len(c.given))}}
		default:
			p = synthPerson{c: ci, names: []int{rng.Intn(len(c.given)), rng.Intn(len(c.family))}}
		}
		add(p)
	}
	for _, p := range ps {
		k := 2 + rng.Intn(2)
		var idx []int32
		for v := 0; v < k; v++ {
			s := writeSynth(&synthCultures[p.c], p, rng)
			i := d.add(s, strings.ToLower(s), 0)
			idx = append(idx, i)
		}
		for a := 0; a < len(idx); a++ {
			d.union(idx[a], idx[0])
			for b := a + 1; b < len(idx); b++ {
				d.pos = append(d.pos, [2]int32{idx[a], idx[b]})
			}
		}
	}
	d.seal()
	return d
}

// writeSynth writes a person's name as one clerk might: a spelling drawn
// for each part, then structural accidents with NAMES.md's conventions: a
// missing grandfather, Francophone SURNAME Given order in capitals, all
// capitals, vowel and consonant swaps.
func writeSynth(c *synthCulture, p synthPerson, rng *rand.Rand) string {
	var parts []string
	for k, ni := range p.names {
		list := c.given
		if !c.patronymic && k == 1 {
			list = c.family
		}
		sp := list[ni][rng.Intn(len(list[ni]))]
		if rng.Float64() < 0.15 {
			sp = respell(sp, rng)
		}
		parts = append(parts, sp)
	}
	if c.patronymic && len(parts) == 3 && rng.Float64() < 0.3 {
		parts = parts[:2] // grandfather not recorded
	}
	if !c.patronymic && rng.Float64() < 0.4 {
		parts = []string{strings.ToUpper(parts[1]), parts[0]} // DIALLO Mamadou
	}
	s := strings.Join(parts, " ")
	if rng.Float64() < 0.15 {
		s = strings.ToUpper(s)
	}
	return s
}

// respell applies one transliteration alternation of NAMES.md 4.3 to a
// spelling: o/u, e/i, ou/u, kh/x/h, q/k, j/dj, doubled letters.
func respell(s string, rng *rand.Rand) string {
	swaps := [][2]string{
		{"o", "u"}, {"u", "o"}, {"e", "i"}, {"i", "e"}, {"ou", "u"}, {"kh", "h"},
		{"q", "k"}, {"j", "dj"}, {"ss", "s"}, {"mm", "m"}, {"s", "ss"}, {"y", "i"},
	}
	for _, k := range rng.Perm(len(swaps)) {
		if sw := swaps[k]; strings.Contains(s, sw[0]) {
			return strings.Replace(s, sw[0], sw[1], 1)
		}
	}
	return s
}
