package engine

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
)

// TestSpill: what a spill is given it gives back, in order, from a file
// that holds none of it in the clear, is not left in its directory, and
// refuses a changed byte.
func TestSpill(t *testing.T) {
	dir := t.TempDir()
	s, err := newSpill(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	// Synthetic payloads, large enough to fill several chunks.
	secret := []byte("synthetic-name-Abdelrahman")
	// The case id is long enough that random ciphertext does not hold it by
	// chance: a three-byte id turned up in about one file in fifty.
	caseID := "synthetic-case-C-0001"
	type entry struct {
		ord     int32
		kind    byte
		ck      CaseKey
		payload []byte
	}
	var want []entry
	for i := range 3000 {
		e := entry{ord: int32(i * 2), kind: spillProfile, payload: bytes.Repeat(secret, 1+i%7)}
		if i%5 == 0 {
			e.kind, e.ck = spillRecord, CaseKey{Source: "synthetic", CaseID: caseID}
			err = s.addRecord(e.ord, e.ck, e.payload)
		} else {
			err = s.add(e.ord, e.kind, e.payload)
		}
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, e)
	}
	if err := s.finish(); err != nil {
		t.Fatal(err)
	}
	if s.chunks < 2 {
		t.Fatalf("%d chunks, want several", s.chunks)
	}
	if names, _ := os.ReadDir(dir); len(names) != 0 && s.path == "" {
		t.Errorf("the directory holds %v, want nothing once the spill is unlinked", names)
	}
	raw, err := io.ReadAll(io.NewSectionReader(s.f, 0, s.size))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, secret) || bytes.Contains(raw, []byte(caseID)) {
		t.Error("the spill file holds its payload in the clear")
	}
	var got []entry
	err = s.each(func(e *spillEntry) error {
		got = append(got, entry{ord: e.ord, kind: e.kind, ck: e.ck, payload: append([]byte(nil), e.payload...)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d entries, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.ord != w.ord || g.kind != w.kind || g.ck != w.ck || !bytes.Equal(g.payload, w.payload) {
			t.Fatalf("entry %d: got %d %d %v %q, want %d %d %v %q", i, g.ord, g.kind, g.ck, g.payload, w.ord, w.kind, w.ck, w.payload)
		}
	}
	// One byte changed in the middle of the file.
	b := []byte{raw[len(raw)/2] ^ 1}
	if _, err := s.f.WriteAt(b, int64(len(raw)/2)); err != nil {
		t.Fatal(err)
	}
	if err := s.each(func(*spillEntry) error { return nil }); !errors.Is(err, errSpillDamaged) {
		t.Errorf("a changed spill: err %v, want %v", err, errSpillDamaged)
	}
}
