package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestDocs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openTest(t, dir, testOptions(true))
	writes := []DocWrite{
		{Table: "matches", Key: "m-2", Value: []byte(`{"n":2}`)},
		{Table: "matches", Key: "m-1", Value: []byte(`{"n":1}`)},
		{Table: "matches", Key: "x\x00y", Value: []byte(`{"n":3}`)},
		{Table: "matchesX", Key: "m-9", Value: []byte(`other table`)},
		{Table: "tokens", Key: "t", Value: []byte(secrets[0])},
	}
	if err := s.PutDocs(ctx, writes...); err != nil {
		t.Fatal(err)
	}
	scan := func(table, prefix string) []string {
		t.Helper()
		var got []string
		if err := s.ScanDocs(ctx, table, prefix, func(k string, v []byte) error {
			got = append(got, fmt.Sprintf("%q=%s", k, v))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	tests := []struct {
		table, prefix string
		want          []string
	}{
		{"matches", "", []string{`"m-1"={"n":1}`, `"m-2"={"n":2}`, `"x\x00y"={"n":3}`}},
		{"matches", "m-", []string{`"m-1"={"n":1}`, `"m-2"={"n":2}`}},
		{"matches", "x\x00", []string{`"x\x00y"={"n":3}`}},
		{"matches", "m-3", nil},
		{"matchesX", "", []string{`"m-9"=other table`}},
		{"none", "", nil},
	}
	for _, tt := range tests {
		if got := scan(tt.table, tt.prefix); !slices.Equal(got, tt.want) {
			t.Errorf("ScanDocs(%q, %q) = %v, want %v", tt.table, tt.prefix, got, tt.want)
		}
	}
	if v, err := s.Doc(ctx, "matches", "m-1"); err != nil || string(v) != `{"n":1}` {
		t.Errorf("Doc(m-1) = %q, %v", v, err)
	}
	if _, err := s.Doc(ctx, "matches", "m-9"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Doc of a key in another table: %v, want ErrNotFound", err)
	}
	if err := s.PutDocs(ctx, DocWrite{Table: "matches", Key: "m-1", Delete: true}, DocWrite{Table: "matches", Key: "m-2", Value: []byte("two")}); err != nil {
		t.Fatal(err)
	}
	if got, want := scan("matches", "m-"), []string{`"m-2"=two`}; !slices.Equal(got, want) {
		t.Errorf("after delete and replace: %v, want %v", got, want)
	}
	if err := s.PutDocs(ctx, DocWrite{Table: "", Key: "k", Value: nil}); err == nil {
		t.Error("an empty table name was accepted")
	}
	// Sealed at rest, and kept across a reopen.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if found := findSecrets(t, dir); len(found) > 0 {
		t.Errorf("documents readable at rest: %v", found)
	}
	opt := testOptions(true)
	opt.Create = false
	s2 := openTest(t, dir, opt)
	if v, err := s2.Doc(ctx, "tokens", "t"); err != nil || string(v) != secrets[0] {
		t.Errorf("after reopen: %q, %v", v, err)
	}
}
