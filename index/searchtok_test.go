package index

import (
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
)

// TestBlindTokenizer checks that the search index's tokenizer gives the
// tokens bleve's whitespace tokenizer gives, which indexes made before it
// use: the same terms, offsets, positions and types.
func TestBlindTokenizer(t *testing.T) {
	ws, err := whitespace.TokenizerConstructor(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	many := strings.Repeat("0123456789abcdef0123456789abcdef ", 1500) // more than bleve's 1,024 of room
	tests := []struct{ name, input string }{
		{"empty", ""},
		{"one token", "3f2a9c"},
		{"a record's tokens", "3f2a9c 77b0e1 d41d8c"},
		{"more tokens than bleve's room", many},
		{"spaces around and doubled", "  a1  b2 c3  "},
		{"other white space", "a1\tb2\nc3\u00a0d4\u2003e5 f6"},
		{"only white space", " \t\n "},
		{"not UTF-8 stops, as bleve's does", "a1 b2\xff c3"},
		{"letters of other scripts", "ሰላም مرحبا 你好"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := blindTokenizer{}.Tokenize([]byte(tt.input))
			want := ws.Tokenize([]byte(tt.input))
			if len(got) != len(want) {
				t.Fatalf("%d tokens, want %d", len(got), len(want))
			}
			for i := range got {
				if !reflect.DeepEqual(*got[i], *want[i]) {
					t.Errorf("token %d = %+v, want %+v", i, *got[i], *want[i])
				}
			}
		})
	}
}

// BenchmarkBlindTokenizer splits a record's document of 40 tokens, as
// the indexer gives it, with the search index's tokenizer and with
// bleve's whitespace tokenizer.
func BenchmarkBlindTokenizer(b *testing.B) {
	doc := []byte(strings.TrimSpace(strings.Repeat("0123456789abcdef0123456789abcdef ", 40)))
	ws, err := whitespace.TokenizerConstructor(nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("blind", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			blindTokenizer{}.Tokenize(doc)
		}
	})
	b.Run("whitespace", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ws.Tokenize(doc)
		}
	})
}
