package index

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	// Indexes made before blindTokenizer name bleve's whitespace
	// tokenizer in their stored mapping: it must stay registered.
	_ "github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/registry"
)

// blindTokenizerName is the tokenizer of the search index's analyzer: a
// document is its blind tokens joined by spaces, and it splits them as
// bleve's whitespace tokenizer does, token for token (TestBlindTokenizer),
// but in a stream sized to its input. Bleve's makes room for 1,024 tokens
// each field it is given (8 KiB, cleared) and allocates each token on its
// own: for the two fields of every record indexed, that was a tenth of
// what ingest allocated. Indexes made before it keep bleve's whitespace
// tokenizer, which their stored mapping names; the tokens are the same.
const blindTokenizerName = "rflmatch-blind"

func init() {
	err := registry.RegisterTokenizer(blindTokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return blindTokenizer{}, nil
	})
	if err != nil {
		panic(err) // a name registered twice: a programming error
	}
}

// blindTokenizer splits at white space (unicode.IsSpace), and like
// bleve's character tokenizer stops at the first byte that is not UTF-8.
type blindTokenizer struct{}

// Tokenize implements analysis.Tokenizer.
func (blindTokenizer) Tokenize(input []byte) analysis.TokenStream {
	// At most one token more than the ASCII spaces, which are what
	// separate a document's tokens; other white space only splits more,
	// and append makes room for it.
	n := bytes.Count(input, []byte{' '}) + 1
	toks := make([]analysis.Token, 0, n)
	rv := make(analysis.TokenStream, 0, n)
	emit := func(start, end int) {
		toks = append(toks, analysis.Token{
			Term:     input[start:end],
			Start:    start,
			End:      end,
			Position: len(rv) + 1,
			Type:     analysis.AlphaNumeric,
		})
		rv = append(rv, &toks[len(toks)-1])
	}
	offset, start, end := 0, 0, 0
	for r, size := utf8.DecodeRune(input); r != utf8.RuneError; r, size = utf8.DecodeRune(input[offset:]) {
		if !unicode.IsSpace(r) {
			end = offset + size
		} else {
			if end > start {
				emit(start, end)
			}
			start = offset + size
			end = start
		}
		offset += size
	}
	if end > start {
		emit(start, end)
	}
	return rv
}
