package index

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzUnmarshalEntry: a case entry read from a damaged store is an error,
// never a panic or an allocation sized by a length it claims; an entry
// that reads back writes the same bytes.
func FuzzUnmarshalEntry(f *testing.F) {
	for _, e := range []caseEntry{
		{},
		{members: []string{"TR-1", "AM-1"}, index: []uint64{1, 2, 3}},
		{members: []string{"PM-9"}, index: []uint64{7}, reverse: []uint64{8, 9}, profile: []byte{1, 2, 3}},
	} {
		f.Add(e.marshal())
	}
	f.Add([]byte{entryV2, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := unmarshalEntry(b)
		if err != nil {
			if !errors.Is(err, errBadEntry) {
				t.Fatalf("error %v does not wrap errBadEntry", err)
			}
			return
		}
		if e.profile != nil && !bytes.Equal(e.marshal(), b) {
			t.Fatalf("an entry that reads back writes other bytes")
		}
	})
}

// TestEntryRoundTrip: both entry formats read back as written; a format 2
// entry of another PrepareVersion reads back without its profile.
func TestEntryRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		e    caseEntry
	}{
		{"format 1, no profile", caseEntry{members: []string{"TR-1", "AM-1"}, index: []uint64{3, 1, 2}}},
		{"format 2, a profile", caseEntry{members: []string{"PM-9"}, index: []uint64{7}, reverse: []uint64{8}, profile: []byte{9, 9}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := unmarshalEntry(tt.e.marshal())
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.members, tt.e.members) || !slices.Equal(got.index, tt.e.index) ||
				!slices.Equal(got.reverse, tt.e.reverse) || !bytes.Equal(got.profile, tt.e.profile) {
				t.Errorf("got %+v, want %+v", got, tt.e)
			}
		})
	}
	other := caseEntry{members: []string{"PM-9"}, profile: []byte{9}}
	b := other.marshal()
	// The PrepareVersion follows the three lists, each empty but members.
	i := bytes.Index(b, []byte{0, 0}) + 2
	b[i]++
	got, err := unmarshalEntry(b)
	if err != nil || got.profile != nil || len(got.members) != 1 {
		t.Errorf("an entry of another PrepareVersion: %+v, %v; want its members without the profile", got, err)
	}
}

func TestReadKeyFile(t *testing.T) {
	dir := t.TempDir()
	key := testKey(3)
	tests := []struct {
		name    string
		content []byte
		ok      bool
	}{
		{"as written", KeyFile(key), true},
		{"white space around", append(append([]byte("  \n"), KeyFile(key)...), "\n\n"...), true},
		{"too short", []byte("abcd\n"), false},
		{"not hex", bytes.Repeat([]byte("zz"), 32), false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if err := os.WriteFile(path, tt.content, 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := ReadKeyFile(path)
			switch {
			case tt.ok && (err != nil || !bytes.Equal(got, key)):
				t.Errorf("got %x, %v; want the key", got, err)
			case !tt.ok && !errors.Is(err, ErrBadKeyFile):
				t.Errorf("got %x, %v; want ErrBadKeyFile", got, err)
			}
		})
	}
	if _, err := ReadKeyFile(filepath.Join(dir, "absent")); err == nil || errors.Is(err, ErrBadKeyFile) {
		t.Errorf("an absent file: %v, want the file system's error", err)
	}
}
