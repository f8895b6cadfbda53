package engine

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// StreamState is where a streamed cross-check stands: the passes it
// finished and what they found, and while scoring, the right records
// already scored and every left case's best candidates so far. It holds
// the right side's keys, name frequencies and scores, so whoever stores
// it must keep it sealed. [StreamOptions.Resume] takes it back.
//
// A state given to [StreamOptions.Checkpoint] is written from the run
// itself, a batch of left cases at a time, never whole in memory: write
// it ([StreamState.WriteTo], [StreamState.MarshalBinary]) before the
// callback returns. A state read back by [ReadStreamState] reads the left
// cases' candidates from its reader as the resumed run takes them.
type StreamState struct {
	saved streamSaved
	// run is the run that gave the state to Checkpoint, whose candidates
	// are written.
	run *streamRun
	// dec reads the candidates of the saved.AccCases first left cases of
	// a state read back.
	dec *gob.Decoder
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
	// AccCases is the number of left cases whose candidates follow, in
	// batches of accBatch.
	AccCases int
}

// accBatch is how many left cases' candidates are encoded at a time.
const accBatch = 2048

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
// Version 3 kept a sum of odds per relation; version 4 writes the left
// cases' candidates in batches after the passes' findings.
const streamStateVersion = 4

// WriteTo writes the state's encoding to w: the passes' findings, then
// the left cases' candidates a batch at a time.
func (s *StreamState) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	enc := gob.NewEncoder(cw)
	if err := enc.Encode(&s.saved); err != nil {
		return cw.n, err
	}
	if s.saved.AccCases == 0 {
		return cw.n, nil
	}
	if s.run == nil {
		// A state read back: its candidates pass through.
		for lo := 0; lo < s.saved.AccCases; lo += accBatch {
			var batch []savedAcc
			if err := s.readBatch(&batch, lo); err != nil {
				return cw.n, err
			}
			if err := enc.Encode(batch); err != nil {
				return cw.n, err
			}
		}
		return cw.n, nil
	}
	acc := s.run.acc
	batch := make([]savedAcc, 0, accBatch)
	for lo := 0; lo < len(acc); lo += accBatch {
		batch = batch[:0]
		for l := lo; l < min(lo+accBatch, len(acc)); l++ {
			batch = append(batch, saveAcc(&acc[l]))
		}
		if err := enc.Encode(batch); err != nil {
			return cw.n, err
		}
	}
	return cw.n, nil
}

// countingWriter counts what passes through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// MarshalBinary encodes the state, as WriteTo writes it.
func (s *StreamState) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	if _, err := s.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// UnmarshalBinary decodes a state that MarshalBinary encoded.
func (s *StreamState) UnmarshalBinary(data []byte) error {
	st, err := ReadStreamState(bytes.NewReader(data))
	if err != nil {
		return err
	}
	*s = *st
	return nil
}

// ReadStreamState reads the findings of a state that WriteTo wrote from
// r, and leaves the left cases' candidates to be read from r when the
// resumed run takes them back: r must stay readable until
// [CrosscheckStream] has returned.
func ReadStreamState(r io.Reader) (*StreamState, error) {
	dec := gob.NewDecoder(r)
	var saved streamSaved
	if err := dec.Decode(&saved); err != nil {
		return nil, fmt.Errorf("engine: reading a saved cross-check state: %w", err)
	}
	if saved.Version != streamStateVersion {
		return nil, fmt.Errorf("%w: version %d, this build reads %d", ErrStreamState, saved.Version, streamStateVersion)
	}
	return &StreamState{saved: saved, dec: dec}, nil
}

// readBatch reads the candidates of the left cases from lo, a batch.
func (s *StreamState) readBatch(batch *[]savedAcc, lo int) error {
	if s.dec == nil {
		return errors.New("engine: a saved cross-check state read twice")
	}
	// Into a new slice: gob leaves the fields a value does not send (its
	// zero values) as they were in the slice it decodes into.
	*batch = nil
	if err := s.dec.Decode(batch); err != nil {
		return fmt.Errorf("engine: reading a saved cross-check state: %w", err)
	}
	if want := min(accBatch, s.saved.AccCases-lo); len(*batch) != want {
		return fmt.Errorf("%w: %d left cases in a batch, want %d", ErrStreamState, len(*batch), want)
	}
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
		sv.AccCases = len(st.acc)
	}
	return st.opt.Checkpoint(&StreamState{saved: sv, run: st})
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
	case sv.AccCases != 0 && sv.AccCases != len(st.acc):
		return ErrStreamState
	}
	if sv.AccCases != 0 && s.dec == nil {
		// A state given to Checkpoint, not read back: read it back.
		b, err := s.MarshalBinary()
		if err != nil {
			return err
		}
		if err := s.UnmarshalBinary(b); err != nil {
			return err
		}
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
	var batch []savedAcc
	for lo := 0; lo < sv.AccCases; lo += accBatch {
		if err := s.readBatch(&batch, lo); err != nil {
			return err
		}
		for i := range batch {
			if err := restoreAcc(&st.acc[lo+i], &batch[i]); err != nil {
				return err
			}
		}
	}
	s.dec = nil
	return nil
}

// restoreAcc takes back one left case's saved candidates.
func restoreAcc(a *leftAcc, s *savedAcc) error {
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
