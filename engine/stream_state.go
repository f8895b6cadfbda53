package engine

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
)

// StreamState is where a streamed cross-check stands: the passes it
// finished and what they found, and while scoring, the right records
// already scored and every left case's best candidates so far. It holds
// the right side's keys, name frequencies and scores, so whoever stores
// it must keep it sealed. [StreamOptions.Resume] takes it back.
type StreamState struct {
	saved streamSaved
}

// streamSaved is the state as encoded.
type streamSaved struct {
	Version     int
	Fingerprint [32]byte
	Done        int
	From        int32
	Records     int32
	Superseded  []int32
	CaseSize    map[CaseKey]int32
	Counts      []int32
	Taken       [][]int32
	WordsN      int
	WordsDF     map[uint64]uint32
	NamesN      int
	NamesParts  map[string]int
	Models      []byte
	Pairs       int64
	Acc         []savedAcc
}

type savedAcc struct {
	Sums []savedSum
	Top  []savedEntry
}

type savedEntry struct {
	Source, ID                                    string
	Relation                                      Relation
	Weight, Probability, NameTF, SoftCapped, Odds float64
	Levels                                        [32]uint8
	Excluded                                      bool
	Code, Detail                                  string
	Review                                        bool
}

// streamStateVersion changes whenever the state's meaning does.
// Version 3 keeps a sum of odds per relation.
const streamStateVersion = 3

// MarshalBinary encodes the state.
func (s *StreamState) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&s.saved); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// UnmarshalBinary decodes a state that MarshalBinary encoded.
func (s *StreamState) UnmarshalBinary(data []byte) error {
	var saved streamSaved
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&saved); err != nil {
		return fmt.Errorf("engine: reading a saved cross-check state: %w", err)
	}
	if saved.Version != streamStateVersion {
		return fmt.Errorf("%w: version %d, this build reads %d", ErrStreamState, saved.Version, streamStateVersion)
	}
	s.saved = saved
	return nil
}

// Progress says where the state stands: the last pass over the right
// side it finished (counting, recounting, budgets, training), and how many
// right records the scoring pass had read when it was saved.
func (s *StreamState) Progress() (lastPass string, scored int) {
	if s.saved.From > 0 {
		return passNames[passScore-1], int(s.saved.From)
	}
	return passNames[s.saved.Done], 0
}

// save gives opt.Checkpoint the state: done is the last pass finished,
// from the right records of the next one already done.
func (st *streamRun) save(done int, from int32) error {
	st.done = done
	if st.opt.Checkpoint == nil {
		return nil
	}
	rd, lk := st.rd, st.keys
	sv := streamSaved{
		Version: streamStateVersion, Fingerprint: st.fingerprint,
		Done: done, From: from, Records: rd.records, CaseSize: rd.caseSize,
		Counts: lk.count,
		WordsN: st.words.n, WordsDF: st.words.df, NamesN: st.names.names, NamesParts: st.names.parts,
		Pairs: st.pairs.Load(),
	}
	for o := range rd.superseded {
		sv.Superseded = append(sv.Superseded, o)
	}
	if done >= passBudgets {
		sv.Taken = lk.taken
	}
	if st.models != nil && done >= passBudgets {
		b, err := json.Marshal(st.models)
		if err != nil {
			return err
		}
		sv.Models = b
	}
	if done == passScore-1 && from > 0 {
		sv.Acc = make([]savedAcc, len(st.acc))
		for l := range st.acc {
			sv.Acc[l] = saveAcc(&st.acc[l])
		}
	}
	return st.opt.Checkpoint(&StreamState{saved: sv})
}

func saveAcc(a *leftAcc) savedAcc {
	out := savedAcc{Sums: a.sum.save()}
	for _, e := range a.top {
		s := &e.s
		se := savedEntry{
			Source: e.right.Source, ID: e.right.ID, Relation: s.Relation,
			Weight: s.Weight, Probability: s.Probability, NameTF: s.NameTF, SoftCapped: s.SoftCapped, Odds: s.odds,
			Levels: s.levels, Review: s.Review,
		}
		if s.Excluded != nil {
			se.Excluded, se.Code, se.Detail = true, s.Excluded.Code, s.Excluded.Detail
		}
		out.Top = append(out.Top, se)
	}
	return out
}

// restore takes a saved state back, after checking that it belongs to
// this run.
func (st *streamRun) restore(s *StreamState) error {
	sv := &s.saved
	lk := st.keys
	switch {
	case sv.Fingerprint != st.fingerprint:
		return ErrStreamState
	case len(sv.Counts) != len(lk.count) || sv.Taken != nil && len(sv.Taken) != len(lk.taken):
		return ErrStreamState
	case sv.Acc != nil && len(sv.Acc) != len(st.acc):
		return ErrStreamState
	}
	st.done, st.from = sv.Done, sv.From
	rd := st.rd
	rd.records, rd.caseSize = sv.Records, sv.CaseSize
	if rd.caseSize == nil {
		rd.caseSize = map[CaseKey]int32{}
	}
	rd.superseded = map[int32]bool{}
	for _, o := range sv.Superseded {
		rd.superseded[o] = true
	}
	copy(lk.count, sv.Counts)
	copy(lk.taken, sv.Taken)
	st.words = &Frequencies{n: sv.WordsN, df: sv.WordsDF}
	st.names = &NameFrequencies{names: sv.NamesN, parts: sv.NamesParts}
	if st.words.df == nil {
		st.words.df = map[uint64]uint32{}
	}
	if st.names.parts == nil {
		st.names.parts = map[string]int{}
	}
	if sv.Models != nil {
		var m Models
		if err := json.Unmarshal(sv.Models, &m); err != nil {
			return fmt.Errorf("%w: %v", ErrStreamState, err)
		}
		st.models = &m
	}
	st.pairs.Store(sv.Pairs)
	for l := range sv.Acc {
		a, s := &st.acc[l], &sv.Acc[l]
		if !a.sum.restore(s.Sums) {
			return ErrStreamState
		}
		for _, se := range s.Top {
			e := topEntry{right: Key{Source: se.Source, ID: se.ID}}
			e.s = Scored{Relation: se.Relation, Weight: se.Weight, Probability: se.Probability,
				NameTF: se.NameTF, SoftCapped: se.SoftCapped, odds: se.Odds, levels: se.Levels, Review: se.Review}
			if se.Excluded {
				e.s.Excluded = &Exclusion{Code: se.Code, Detail: se.Detail}
			}
			a.top = append(a.top, e)
		}
	}
	return nil
}

// jsonOf is the models as JSON, to fingerprint them.
func jsonOf(m *Models) ([]byte, error) { return json.Marshal(m) }

// fmtOptions writes the options that decide a result, to fingerprint
// them.
func fmtOptions(o CrosscheckOptions) string {
	return fmt.Sprintf("top=%d excluded=%v block=%+v words=%v names=%v",
		o.TopK, o.IncludeExcluded, o.Block.withDefaults(), o.Words != nil, o.Names != nil)
}
