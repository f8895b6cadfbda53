package engine

import (
	"slices"
	"strconv"
)

// Tooth is a tooth number in FDI two-digit notation: quadrant 1–4 and tooth
// 1–8 for permanent teeth, quadrant 5–8 and tooth 1–5 for deciduous ones.
type Tooth uint8

// ParseTooth reads an FDI tooth number and reports whether it names a tooth.
func ParseTooth(s string) (Tooth, bool) {
	if len(s) != 2 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, false
	}
	t := Tooth(n)
	return t, t.Valid()
}

// Valid reports whether t is a tooth of the FDI chart.
func (t Tooth) Valid() bool {
	q, n := t/10, t%10
	switch {
	case q >= 1 && q <= 4:
		return n >= 1 && n <= 8
	case q >= 5 && q <= 8:
		return n >= 1 && n <= 5
	}
	return false
}

// Deciduous reports whether t is a milk tooth.
func (t Tooth) Deciduous() bool { return t/10 >= 5 }

// String writes the FDI number.
func (t Tooth) String() string { return strconv.Itoa(int(t)) }

// ToothStatus is a tooth's charted condition.
type ToothStatus string

// The tooth statuses of the contract. Missing is lost in life (healed
// socket), MissingPostmortem lost after death (open socket), MissingUnknown
// absent without telling when; Present is present with no condition recorded.
const (
	Sound             ToothStatus = "sound"
	MissingUnknown    ToothStatus = "missing_unknown"
	Present           ToothStatus = "present"
	Missing           ToothStatus = "missing"
	MissingPostmortem ToothStatus = "missing_postmortem"
	Filled            ToothStatus = "filled"
	Crown             ToothStatus = "crown"
	Bridge            ToothStatus = "bridge"
	Implant           ToothStatus = "implant"
	RootCanal         ToothStatus = "root_canal"
	Decayed           ToothStatus = "decayed"
	Fractured         ToothStatus = "fractured"
	Unerupted         ToothStatus = "unerupted"
	ToothUnknown      ToothStatus = "unknown"
)

// ToothStatuses lists every status of the contract.
var ToothStatuses = []ToothStatus{
	Sound, MissingUnknown, Present, Missing, MissingPostmortem, Filled, Crown,
	Bridge, Implant, RootCanal, Decayed, Fractured, Unerupted, ToothUnknown,
}

// Dental is a dental chart: a status per tooth (keys are FDI numbers as
// written) and free-text notes.
type Dental struct {
	Teeth map[string]ToothStatus `json:"teeth,omitempty"`
	Notes string                 `json:"notes,omitempty"`
}

// ToothStatusOf pairs a tooth with its status, for charts in tooth order.
type ToothStatusOf struct {
	Tooth  Tooth
	Status ToothStatus
}

// Chart is the chart in FDI order, skipping keys that are not teeth (which
// validation reports).
func (d *Dental) Chart() []ToothStatusOf {
	if d == nil {
		return nil
	}
	out := make([]ToothStatusOf, 0, len(d.Teeth))
	for k, s := range d.Teeth {
		if t, ok := ParseTooth(k); ok {
			out = append(out, ToothStatusOf{t, s})
		}
	}
	slices.SortFunc(out, func(a, b ToothStatusOf) int { return int(a.Tooth) - int(b.Tooth) })
	return out
}
