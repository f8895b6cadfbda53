package engine

import "golang.org/x/text/language"

// Stateless is the code the contract uses for a person without nationality.
const Stateless = "XX"

// notAssigned are codes that x/text's region table accepts as countries but
// that ISO 3166-1 does not assign: exceptional reservations (AC, CP, DG, TA)
// and transitional ones of states that no longer exist (AN, CS, FQ, NT, PC,
// SU, YU). A new record cannot carry them.
var notAssigned = map[string]bool{
	"AC": true, "AN": true, "CP": true, "CS": true, "DG": true, "FQ": true,
	"NT": true, "PC": true, "SU": true, "TA": true, "YU": true,
}

// ValidCountry reports whether code is an ISO 3166-1 alpha-2 country code in
// current use, XX (stateless), or XK, the user-assigned code that the EU and
// UN agencies use for Kosovo (people from Kosovo travel the Balkan route, and
// their papers carry it).
func ValidCountry(code string) bool {
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return false
	}
	if code == Stateless || code == "XK" {
		return true
	}
	if notAssigned[code] {
		return false
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return false
	}
	// Deprecated codes canonicalise to their successor (UK → GB, BU → MM);
	// codes without an alpha-3 form are reservations, not countries.
	return r.IsCountry() && r.Canonicalize() == r && r.ISO3() != "ZZZ"
}
