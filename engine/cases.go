package engine

import "slices"

// Case is one missing person as the records describe them: a tracing request
// and the ante-mortem data sharing its (source, case_id), or a single record
// of any kind. Candidates are reported once per case, under Key.
type Case struct {
	// Key is the record the case is reported under: the tracing request's,
	// else the first ante-mortem record's (by id), else the only record's.
	Key     Key
	Records []*Record
}

// GroupCases groups records by (source, case_id), keeping records without a
// case id, and post-mortem and registration records, on their own: a body
// or a living person is never part of a family's case. Groups come out in
// the order of their first record.
func GroupCases(recs []*Record) []Case {
	var out []Case
	at := map[CaseKey]int{}
	for _, r := range recs {
		ck, ok := r.Case()
		if !ok || (r.Kind != TracingRequest && r.Kind != AnteMortem) {
			out = append(out, Case{Key: r.Key(), Records: []*Record{r}})
			continue
		}
		if i, seen := at[ck]; seen {
			out[i].Records = append(out[i].Records, r)
			continue
		}
		at[ck] = len(out)
		out = append(out, Case{Records: []*Record{r}})
	}
	for i := range out {
		c := &out[i]
		if len(c.Records) == 1 {
			c.Key = c.Records[0].Key()
			continue
		}
		// Tracing requests first, then ante-mortem records, each by id, so
		// that the fields that combine take the TR's values first.
		slices.SortStableFunc(c.Records, func(a, b *Record) int {
			if a.Kind != b.Kind {
				if a.Kind == TracingRequest {
					return -1
				}
				if b.Kind == TracingRequest {
					return 1
				}
			}
			if a.ID < b.ID {
				return -1
			}
			if a.ID > b.ID {
				return 1
			}
			return 0
		})
		c.Key = c.Records[0].Key()
	}
	return out
}
