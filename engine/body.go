package engine

// Side is the side of the body a mark is on.
type Side uint8

// The sides; SideUnknown when the text does not say.
const (
	SideUnknown Side = iota
	Left
	Right
	BothSides
)

// BodyPart is a body part a mark's free-text location names, coarse enough
// that clerks and pathologists agree ("brow" and "eyebrow", "upper arm" and
// "biceps").
type BodyPart uint8

// The body parts, grouped by region (see Region).
const (
	PartUnknown BodyPart = iota
	Head
	Face
	Eye
	Ear
	Nose
	Mouth
	Neck
	Shoulder
	UpperArm
	Elbow
	Forearm
	Wrist
	Hand
	Finger
	Chest
	Abdomen
	Back
	Hip
	Buttock
	Genitals
	Thigh
	Knee
	LowerLeg
	Ankle
	Foot
	Toe
	partCount
)

var partNames = [partCount]string{
	"", "head", "face", "eye", "ear", "nose", "mouth", "neck", "shoulder", "upper arm",
	"elbow", "forearm", "wrist", "hand", "finger", "chest", "abdomen", "back", "hip",
	"buttock", "genitals", "thigh", "knee", "lower leg", "ankle", "foot", "toe",
}

func (p BodyPart) String() string {
	if p < partCount {
		return partNames[p]
	}
	return ""
}

// BodyRegion groups parts that a description of the same mark may name
// differently: a scar "on the left arm" and one "on the left forearm" may
// be the same scar, one "on the leg" and one "on the face" are not.
type BodyRegion uint8

// The body regions.
const (
	RegionUnknown BodyRegion = iota
	RegionHead
	RegionNeck
	RegionArm
	RegionTrunk
	RegionLeg
)

// Region is the region the part belongs to.
func (p BodyPart) Region() BodyRegion {
	switch {
	case p == PartUnknown:
		return RegionUnknown
	case p <= Mouth:
		return RegionHead
	case p == Neck:
		return RegionNeck
	case p <= Finger:
		return RegionArm
	case p <= Genitals:
		return RegionTrunk
	}
	return RegionLeg
}

// Location is a mark's body location parsed from free text.
type Location struct {
	Part BodyPart
	// Region is the part's region, or the region a vague word names
	// ("arm", "leg") when no part does.
	Region BodyRegion
	Side   Side
}

// bodyWords maps folded words (English, French, Italian, Spanish, and the
// abbreviations forms use) to parts or, for vague words, regions.
var bodyWords = map[string]BodyPart{
	"head": Head, "scalp": Head, "forehead": Head, "temple": Head, "skull": Head, "tete": Head, "testa": Head, "cabeza": Head, "front": Head, "fronte": Head, "frente": Head,
	"face": Face, "cheek": Face, "chin": Face, "jaw": Face, "brow": Eye, "eyebrow": Eye, "visage": Face, "viso": Face, "cara": Face, "joue": Face, "guancia": Face, "mejilla": Face, "menton": Face, "mento": Face,
	"eye": Eye, "eyelid": Eye, "sourcil": Eye, "sopracciglio": Eye, "ceja": Eye, "oeil": Eye, "occhio": Eye, "ojo": Eye,
	"ear": Ear, "earlobe": Ear, "lobe": Ear, "oreille": Ear, "orecchio": Ear, "oreja": Ear,
	"nose": Nose, "nostril": Nose, "nez": Nose, "naso": Nose, "nariz": Nose,
	"lip": Mouth, "mouth": Mouth, "tongue": Mouth, "levre": Mouth, "labbro": Mouth, "labio": Mouth, "bouche": Mouth, "bocca": Mouth, "boca": Mouth,
	"neck": Neck, "throat": Neck, "nape": Neck, "cou": Neck, "collo": Neck, "cuello": Neck, "nuque": Neck,
	"shoulder": Shoulder, "epaule": Shoulder, "spalla": Shoulder, "hombro": Shoulder, "clavicle": Shoulder, "collarbone": Shoulder,
	"bicep": UpperArm, "biceps": UpperArm, "tricep": UpperArm, "triceps": UpperArm, "armpit": UpperArm,
	"elbow": Elbow, "coude": Elbow, "gomito": Elbow, "codo": Elbow,
	"forearm": Forearm, "avantbra": Forearm, "avambraccio": Forearm, "antebrazo": Forearm,
	"wrist": Wrist, "poignet": Wrist, "polso": Wrist, "muneca": Wrist,
	"hand": Hand, "palm": Hand, "knuckle": Hand, "main": Hand, "mano": Hand,
	"finger": Finger, "thumb": Finger, "fingers": Finger, "doigt": Finger, "dito": Finger, "dedo": Finger, "pouce": Finger, "pollice": Finger,
	"chest": Chest, "breast": Chest, "thorax": Chest, "torso": Chest, "pectoral": Chest, "sternum": Chest, "rib": Chest, "ribs": Chest, "poitrine": Chest, "petto": Chest, "pecho": Chest, "torace": Chest,
	"abdomen": Abdomen, "belly": Abdomen, "stomach": Abdomen, "navel": Abdomen, "umbilicus": Abdomen, "tummy": Abdomen, "ventre": Abdomen, "pancia": Abdomen, "addome": Abdomen, "vientre": Abdomen, "abdominal": Abdomen,
	"back": Back, "spine": Back, "shoulderblade": Back, "scapula": Back, "dos": Back, "schiena": Back, "espalda": Back, "lumbar": Back,
	"hip": Hip, "flank": Hip, "waist": Hip, "groin": Hip, "hanche": Hip, "fianco": Hip, "cadera": Hip,
	"buttock": Buttock, "buttocks": Buttock, "gluteal": Buttock, "fesse": Buttock, "gluteo": Buttock, "nalga": Buttock,
	"penis": Genitals, "genital": Genitals, "genitals": Genitals, "scrotum": Genitals, "pubic": Genitals,
	"thigh": Thigh, "cuisse": Thigh, "coscia": Thigh, "muslo": Thigh,
	"knee": Knee, "genou": Knee, "ginocchio": Knee, "rodilla": Knee,
	"shin": LowerLeg, "calf": LowerLeg, "tibia": LowerLeg, "mollet": LowerLeg, "polpaccio": LowerLeg, "pantorrilla": LowerLeg,
	"ankle": Ankle, "cheville": Ankle, "caviglia": Ankle, "tobillo": Ankle,
	"foot": Foot, "feet": Foot, "heel": Foot, "sole": Foot, "pied": Foot, "piede": Foot, "pie": Foot,
	"toe": Toe, "toes": Toe, "orteil": Toe, "alluce": Toe,
}

// regionWords are vague words that name a region but no part.
var regionWords = map[string]BodyRegion{
	"arm": RegionArm, "arms": RegionArm, "bra": RegionArm, "bras": RegionArm, "braccio": RegionArm, "brazo": RegionArm, "limb": RegionUnknown,
	"leg": RegionLeg, "legs": RegionLeg, "jambe": RegionLeg, "gamba": RegionLeg, "pierna": RegionLeg,
	"trunk": RegionTrunk, "body": RegionUnknown,
}

var sideWords = map[string]Side{
	"left": Left, "l": Left, "lt": Left, "lft": Left, "gauche": Left, "sinistro": Left, "sinistra": Left, "izquierdo": Left, "izquierda": Left, "sx": Left,
	"right": Right, "r": Right, "rt": Right, "droit": Right, "droite": Right, "destro": Right, "destra": Right, "derecho": Right, "derecha": Right, "dx": Right,
	"both": BothSides, "bilateral": BothSides,
}

// qualifiers that turn the next part into another: "upper arm", "lower
// leg", "lower back" stays back.
var upper = map[string]bool{"upper": true, "haut": true, "superiore": true, "superior": true}
var lower = map[string]bool{"lower": true, "bas": true, "inferiore": true, "inferior": true}

// ParseLocation reads a mark's free-text body location ("left forearm",
// "back of the R hand", "avant-bras gauche", "L brow"). The first part
// named wins; the text may name a side anywhere.
func ParseLocation(text string) Location {
	var loc Location
	ws := words(text)
	for i, w := range ws {
		if s, ok := sideWords[w]; ok && loc.Side == SideUnknown {
			loc.Side = s
			continue
		}
		if loc.Part != PartUnknown {
			continue
		}
		if p, ok := bodyWords[w]; ok {
			loc.Part, loc.Region = p, p.Region()
			continue
		}
		// "avant-bras" folds to two words.
		if w == "avant" && i+1 < len(ws) && (ws[i+1] == "bras" || ws[i+1] == "bra") {
			loc.Part, loc.Region = Forearm, RegionArm
			continue
		}
		if r, ok := regionWords[w]; ok {
			switch {
			case i > 0 && upper[ws[i-1]] && r == RegionArm:
				loc.Part, loc.Region = UpperArm, RegionArm
			case i > 0 && lower[ws[i-1]] && r == RegionArm:
				loc.Part, loc.Region = Forearm, RegionArm
			case i > 0 && upper[ws[i-1]] && r == RegionLeg:
				loc.Part, loc.Region = Thigh, RegionLeg
			case i > 0 && lower[ws[i-1]] && r == RegionLeg:
				loc.Part, loc.Region = LowerLeg, RegionLeg
			case loc.Region == RegionUnknown:
				loc.Region = r
			}
		}
	}
	return loc
}

// locationFit says how well two locations of a mark agree: -1 when they
// cannot be the same place (other side or other region), 0 when one is
// too vague to tell, 1 for the same region, 2 for the same part.
func locationFit(a, b Location) int {
	if (a.Side == Left && b.Side == Right) || (a.Side == Right && b.Side == Left) {
		return -1
	}
	if a.Region == RegionUnknown || b.Region == RegionUnknown {
		return 0
	}
	if a.Region != b.Region {
		return -1
	}
	if a.Part != PartUnknown && a.Part == b.Part {
		return 2
	}
	return 1
}
