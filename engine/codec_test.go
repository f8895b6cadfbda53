package engine_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

// encodeAll encodes the compact profiles of ps.
func encodeAll(tb testing.TB, ps []*engine.Profile) [][]byte {
	tb.Helper()
	out := make([][]byte, len(ps))
	for i, p := range ps {
		enc, err := p.Compact().AppendBinary(nil)
		if err != nil {
			tb.Fatalf("%v: %v", p.Key, err)
		}
		out[i] = enc
	}
	return out
}

// TestProfileBinary checks, on the cases of 300 generated people, that a
// decoded profile does all that its compact original does (see
// checkAlike), keeps nothing of the buffer it was decoded from, and
// encodes to the same bytes; and that a full profile encodes as its
// compact copy. It decodes with DecodeProfile and with one
// ProfileDecoder for all, whose profiles share the names they have in
// common.
func TestProfileBinary(t *testing.T) {
	full := engine.PrepareCases(synthData(t, 300).Records)
	tests := []struct {
		name   string
		decode func([]byte) (*engine.Profile, error)
	}{
		{"DecodeProfile", engine.DecodeProfile},
		{"ProfileDecoder", new(engine.ProfileDecoder).Decode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			compact := make([]*engine.Profile, len(full))
			decoded := make([]*engine.Profile, len(full))
			var buf []byte // reused, as a store reuses its buffers
			for i, p := range full {
				compact[i] = p.Compact()
				var err error
				if buf, err = compact[i].AppendBinary(buf[:0]); err != nil {
					t.Fatalf("%v: %v", p.Key, err)
				}
				enc := bytes.Clone(buf)
				if encFull, err := p.AppendBinary(nil); err != nil || !bytes.Equal(encFull, enc) {
					t.Fatalf("%v: the full profile encodes as %x (%v), the compact one as %x", p.Key, encFull, err, enc)
				}
				if decoded[i], err = tt.decode(buf); err != nil {
					t.Fatalf("%v: decoding %x: %v", p.Key, enc, err)
				}
				clear(buf)
				if d := decoded[i]; d.Key != p.Key || d.Kind != p.Kind || d.Records != nil || d.Names != nil || d.Parents != nil || d.Enquirer != nil {
					t.Fatalf("%v: decoded as %v, %s, with %d records and %d names", p.Key, d.Key, d.Kind, len(d.Records), len(d.Names))
				}
				if again, err := decoded[i].AppendBinary(nil); err != nil || !bytes.Equal(again, enc) {
					t.Fatalf("%v: the decoded profile encodes as %x (%v), want %x", p.Key, again, err, enc)
				}
			}
			checkAlike(t, "decoded", compact, decoded)
		})
	}
}

// TestDecodeProfileErrors checks that an encoding of another version is
// ErrProfileVersion, and that every truncation of an encoding, and an
// encoding followed by other bytes, is an error.
func TestDecodeProfileErrors(t *testing.T) {
	ps := engine.PrepareCases(synthData(t, 300).Records)
	// The largest encoding holds most kinds of values.
	var enc []byte
	for _, e := range encodeAll(t, ps) {
		if len(e) > len(enc) {
			enc = e
		}
	}
	other := bytes.Clone(enc)
	other[0]++
	if _, err := engine.DecodeProfile(other); !errors.Is(err, engine.ErrProfileVersion) {
		t.Errorf("decoding version %d: error %v, want ErrProfileVersion", other[0], err)
	}
	for k := range enc {
		if _, err := engine.DecodeProfile(enc[:k]); err == nil {
			t.Fatalf("decoding the first %d of %d bytes: no error", k, len(enc))
		}
	}
	if _, err := engine.DecodeProfile(append(bytes.Clone(enc), 0)); err == nil {
		t.Errorf("decoding an encoding followed by a byte: no error")
	}
}

// FuzzDecodeProfile decodes arbitrary bytes, starting from the encodings
// of generated cases: DecodeProfile must not panic, and what it decodes
// must score, give keys and encode, to bytes that decode and encode the
// same again.
func FuzzDecodeProfile(f *testing.F) {
	ps := engine.PrepareCases(synthData(f, 100).Records)
	for _, enc := range encodeAll(f, ps) {
		f.Add(enc)
	}
	s := engine.NewScorer(engine.DefaultModels(), nil, nil)
	ref := []*engine.Profile{ps[0].Compact(), ps[len(ps)/2].Compact(), ps[len(ps)-1].Compact()}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := engine.DecodeProfile(b)
		if err != nil {
			return
		}
		for _, r := range ref {
			sc := s.Score(p, r)
			s.Explain(&sc)
			sc = s.Score(r, p)
			s.Explain(&sc)
		}
		p.IndexKeys()
		p.QueryKeys(engine.BlockOptions{})
		p.ReverseKeys()
		engine.CountProfile(&engine.Frequencies{}, &engine.NameFrequencies{}, p)
		enc, err := p.AppendBinary(nil)
		if err != nil {
			t.Fatalf("decoded %x, but encoding it: %v", b, err)
		}
		q, err := engine.DecodeProfile(enc)
		if err != nil {
			t.Fatalf("decoding %x, the encoding of %x: %v", enc, b, err)
		}
		if again, _ := q.AppendBinary(nil); !bytes.Equal(again, enc) {
			t.Fatalf("%x decodes and encodes as %x, then as %x", b, enc, again)
		}
	})
}

// BenchmarkDecodeProfile measures decoding and encoding the compact
// profiles of the cases of 2,000 generated people, what a store does for
// each case when it opens and when it writes, and the bytes an encoding
// takes. Run:
//
//	go test ./engine/ -run '^$' -bench 'DecodeProfile|EncodeProfile'
func BenchmarkDecodeProfile(b *testing.B) {
	ps := engine.PrepareCases(synthData(b, 2000).Records)
	encs := encodeAll(b, ps)
	size := 0
	for _, e := range encs {
		size += len(e)
	}
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, e := range encs {
			if _, err := engine.DecodeProfile(e); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/profile")
	b.ReportMetric(float64(size)/float64(len(encs)), "bytes/profile")
}

// BenchmarkEncodeProfile measures encoding the compact profiles of the
// cases of 2,000 generated people into a reused buffer.
func BenchmarkEncodeProfile(b *testing.B) {
	ps := engine.PrepareCases(synthData(b, 2000).Records)
	for i, p := range ps {
		ps[i] = p.Compact()
	}
	var buf []byte
	n := 0
	b.ResetTimer()
	for b.Loop() {
		for _, p := range ps {
			var err error
			if buf, err = p.AppendBinary(buf[:0]); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/profile")
}
