package index

import (
	"bytes"
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

func FuzzKeyEncoding(f *testing.F) {
	seeds := [][4]string{
		{"a", "b", "a", "b\x00"},
		{"a", "", "a\x00", ""},
		{"ab", "1", "a", "b1"},
		{"x\x00\x01", "\xff", "x\x00", "\x01\xff"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, s1, id1, s2, id2 string) {
		k1, k2 := engine.Key{Source: s1, ID: id1}, engine.Key{Source: s2, ID: id2}
		e1, e2 := encodeKey(prefixRecord, k1), encodeKey(prefixRecord, k2)
		p, got, err := decodeKey(e1)
		if err != nil || p != prefixRecord || got != k1 {
			t.Fatalf("decodeKey(encodeKey(%q)) = %q, %q, %v", k1, p, got, err)
		}
		want := cmpKey(k1, k2)
		if c := bytes.Compare(e1, e2); c != want {
			t.Errorf("order of %q and %q: encoded %d, want %d", k1, k2, c, want)
		}
		prefix := sourcePrefix(prefixRecord, s2)
		if s2 != "" && bytes.HasPrefix(e1, prefix) != (s1 == s2) {
			t.Errorf("source prefix %q selects %q: %v", s2, k1, !(s1 == s2))
		}
	})
}

func cmpKey(a, b engine.Key) int {
	if c := compareStrings(a.Source, b.Source); c != 0 {
		return c
	}
	return compareStrings(a.ID, b.ID)
}

func compareStrings(a, b string) int { return bytes.Compare([]byte(a), []byte(b)) }

func TestDecodeKeyRejects(t *testing.T) {
	tests := []struct {
		name string
		key  []byte
	}{
		{"empty", nil},
		{"unterminated", []byte("ra")},
		{"bad escape", []byte("ra\x00\x02b\x00\x01")},
		{"one string", []byte("ra\x00\x01")},
		{"trailing", []byte("ra\x00\x01b\x00\x01c")},
	}
	for _, tt := range tests {
		if _, _, err := decodeKey(tt.key); err == nil {
			t.Errorf("%s: decodeKey(%q) succeeded", tt.name, tt.key)
		}
	}
}
