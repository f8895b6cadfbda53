package phonetic

import (
	"bytes"
	"sync"
	"testing"
)

// TestNameTable checks that a NameTable decodes every name as DecodeName
// does, returning the same rest of the buffer, that the names of equal
// encodings share their parts and text while those of others do not, and
// that what fails to decode fails alike, from many goroutines at once.
func TestNameTable(t *testing.T) {
	names := codecNames()
	encs := make([][]byte, len(names))
	for i := range names {
		var err error
		if encs[i], err = names[i].AppendBinary(nil); err != nil {
			t.Fatal(err)
		}
	}
	var tab NameTable
	got := make([][2]Name, len(encs)) // each name decoded twice
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, enc := range encs {
				if i%2 != g%2 {
					continue
				}
				b := append(bytes.Clone(enc), 0xAB, 0xCD) // what follows the name
				n, rest, err := tab.Decode(b)
				if err != nil {
					t.Errorf("name %d: %v", i, err)
					return
				}
				if !bytes.Equal(rest, []byte{0xAB, 0xCD}) {
					t.Errorf("name %d: rest %x, want abcd", i, rest)
				}
				got[i][g/2] = n
			}
		}()
	}
	wg.Wait()
	firstOf := map[string]int{}
	for i, enc := range encs {
		want, _, err := DecodeName(enc)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range got[i] {
			if d, w := describe(&n), describe(&want); d != w {
				t.Errorf("name %d: decoded through the table\n%s\nwant\n%s", i, d, w)
			}
		}
		a, b := got[i][0], got[i][1]
		if len(a.Parts) > 0 && &a.Parts[0] != &b.Parts[0] {
			t.Errorf("name %d: decoded twice, its parts are two copies", i)
		}
		if j, ok := firstOf[string(enc)]; ok {
			if len(a.Parts) > 0 && &a.Parts[0] != &got[j][0].Parts[0] {
				t.Errorf("names %d and %d: equal encodings, parts not shared", j, i)
			}
		} else {
			firstOf[string(enc)] = i
			for k, other := range firstOf {
				if k != string(enc) && len(a.Parts) > 0 && len(got[other][0].Parts) > 0 && &a.Parts[0] == &got[other][0].Parts[0] {
					t.Errorf("names %d and %d: different encodings share parts", other, i)
				}
			}
		}
	}
	for k := range encs[0] {
		_, _, want := DecodeName(encs[0][:k])
		if _, _, err := tab.Decode(encs[0][:k]); err == nil || err.Error() != want.Error() {
			t.Errorf("the first %d of %d bytes: error %v, want %v", k, len(encs[0]), err, want)
		}
	}
	var none *NameTable
	if n, _, err := none.Decode(encs[0]); err != nil || describe(&n) != describe(&got[0][0]) {
		t.Errorf("a nil table: %v, or another name", err)
	}
}
