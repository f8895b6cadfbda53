package eval

// EvaluationJSON is an [Evaluation] for machines: `bench eval --json`.
type EvaluationJSON struct {
	Dataset   string `json:"dataset"`
	People    int    `json:"people,omitempty"`
	Seed      int64  `json:"seed,omitempty"`
	Left      int    `json:"left_entities"`
	Right     int    `json:"right_records"`
	TruePairs int    `json:"true_pairs"`
	// CompatibleNeither are the 10th, 50th and 90th percentiles of the
	// compatible candidates of cases whose counterpart carries neither.
	CompatibleNeither [3]int       `json:"compatible_neither_p10_p50_p90"`
	ExcludedTrue      []string     `json:"true_pairs_excluded"`
	Linkers           []LinkerJSON `json:"linkers"`
	Seconds           float64      `json:"seconds,omitempty"`
}

// LinkerJSON is one linker's figures on one dataset.
type LinkerJSON struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
	// Groups are the same-person figures per group ("all",
	// "culture=…", "carries=…").
	Groups map[string]MetricsJSON `json:"groups"`
	// Relations are the figures per relation, then per group.
	Relations map[string]map[string]RelationJSON `json:"relations,omitempty"`
}

// MetricsJSON is [Metrics] with its derived figures.
type MetricsJSON struct {
	Entities       int     `json:"entities"`
	Findable       int     `json:"findable"`
	Recall1        float64 `json:"recall1"`
	Recall10       float64 `json:"recall10"`
	MRR            float64 `json:"mrr"`
	Precision50    float64 `json:"precision_p50"`
	Recall50       float64 `json:"recall_p50"`
	Precision90    float64 `json:"precision_p90"`
	Recall90       float64 `json:"recall_p90"`
	BlockingRecall float64 `json:"blocking_recall"`
	PairsPerEntity float64 `json:"pairs_per_entity"`
	FalseHigh      int     `json:"false_p90_without_counterpart"`
	Unfindable     int     `json:"without_counterpart"`
}

// RelationJSON is [RelationMetrics] with its derived figures and its
// reliability table.
type RelationJSON struct {
	Entities  int        `json:"entities"`
	Findable  int        `json:"findable"`
	Recall1   float64    `json:"recall1"`
	Recall10  float64    `json:"recall10"`
	Precision float64    `json:"precision_p90"`
	HighRows  int        `json:"rows_p90"`
	ECE       float64    `json:"ece"`
	Bands     []BandJSON `json:"bands,omitempty"`
}

// BandJSON is one band of a reliability table.
type BandJSON struct {
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Rows   int     `json:"rows"`
	MeanP  float64 `json:"mean_p"`
	Share  float64 `json:"share_true"`
	CILow  float64 `json:"ci95_lo"`
	CIHigh float64 `json:"ci95_hi"`
}

// JSON is the evaluation for machines. Reliability bands are given for
// the "all" group of each relation.
func (ev *Evaluation) JSON() EvaluationJSON {
	d := ev.Dataset
	out := EvaluationJSON{Dataset: d.Name, Left: len(d.Left), Right: len(d.Right), TruePairs: d.Truth.Len(), ExcludedTrue: d.ExcludedTrue}
	out.CompatibleNeither[0], out.CompatibleNeither[1], out.CompatibleNeither[2] = Quantiles(d.Compatible)
	for i, name := range ev.Linkers {
		l := LinkerJSON{Name: name, Seconds: ev.Elapsed[i].Seconds(), Groups: map[string]MetricsJSON{}}
		for g, m := range ev.Metrics[i] {
			l.Groups[g] = MetricsJSON{Entities: m.Entities, Findable: m.Findable, Recall1: m.Recall1(), Recall10: m.Recall10(),
				MRR: m.MRR(), Precision50: m.Precision(0), Recall50: m.RecallAt(0), Precision90: m.Precision(1), Recall90: m.RecallAt(1),
				BlockingRecall: m.BlockingRecall(), PairsPerEntity: m.PairsPerEntity(), FalseHigh: m.FalseHigh, Unfindable: m.Unfindable}
		}
		if rels := ev.Relations[i]; rels != nil {
			l.Relations = map[string]map[string]RelationJSON{}
			for rel, groups := range rels {
				l.Relations[rel] = map[string]RelationJSON{}
				for g, m := range groups {
					r := RelationJSON{Entities: m.Entities, Findable: m.Findable, Recall1: m.Recall1(), Recall10: m.Recall10(),
						Precision: m.Precision(), HighRows: m.High, ECE: m.ECE()}
					if g == "all" {
						for k, b := range m.Bands {
							lo, hi := b.Wilson()
							r.Bands = append(r.Bands, BandJSON{Lo: BandEdges[k], Hi: BandEdges[k+1], Rows: b.Rows, MeanP: b.MeanP(), Share: b.Share(), CILow: lo, CIHigh: hi})
						}
					}
					l.Relations[rel][g] = r
				}
			}
		}
		out.Linkers = append(out.Linkers, l)
	}
	return out
}
