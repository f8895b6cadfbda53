package words

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// The catalogues: one JSON file a language, catalog/LANG.json, each mapping
// a message key to its text, or, for a message that depends on a count, to
// its plural forms. A translator adds a language by adding a file; the
// code does not change.
//
//go:embed catalog/*.json
var files embed.FS

// pluralCases are the selectors a plural message may use, in the order
// they are tried: exact counts first, then the CLDR plural categories,
// "other" last as golang.org/x/text/feature/plural requires.
var pluralCases = []string{"=0", "=1", "=2", "zero", "one", "two", "few", "many", "other"}

// Default is the language used when none is asked for, or when the one
// asked for has no catalogue.
const Default = "en"

// messages is every catalogue, parsed once.
var messages = mustLoad()

type catalogues struct {
	builder *catalog.Builder
	// keys lists each language's message keys; plurals its plural
	// messages with the selectors each uses.
	keys    map[string][]string
	plurals map[string]map[string][]string
}

func mustLoad() *catalogues {
	c, err := load()
	if err != nil {
		// The catalogues are embedded: a broken one is a build mistake
		// that the package's tests catch.
		panic("words: " + err.Error())
	}
	return c
}

func load() (*catalogues, error) {
	c := &catalogues{
		builder: catalog.NewBuilder(catalog.Fallback(language.English)),
		keys:    map[string][]string{},
		plurals: map[string]map[string][]string{},
	}
	names, err := files.ReadDir("catalog")
	if err != nil {
		return nil, err
	}
	for _, f := range names {
		lang := strings.TrimSuffix(f.Name(), ".json")
		tag, err := language.Parse(lang)
		if err != nil {
			return nil, fmt.Errorf("catalog/%s: %w", f.Name(), err)
		}
		data, err := files.ReadFile(path.Join("catalog", f.Name()))
		if err != nil {
			return nil, err
		}
		var msgs map[string]json.RawMessage
		if err := json.Unmarshal(data, &msgs); err != nil {
			return nil, fmt.Errorf("catalog/%s: %w", f.Name(), err)
		}
		c.plurals[lang] = map[string][]string{}
		for key, raw := range msgs {
			c.keys[lang] = append(c.keys[lang], key)
			var s string
			if json.Unmarshal(raw, &s) == nil {
				if err := c.builder.SetString(tag, key, s); err != nil {
					return nil, fmt.Errorf("catalog/%s: %s: %w", f.Name(), key, err)
				}
				continue
			}
			var forms map[string]string
			if err := json.Unmarshal(raw, &forms); err != nil {
				return nil, fmt.Errorf("catalog/%s: %s: want a text or plural forms: %w", f.Name(), key, err)
			}
			var cases []any
			var used []string
			for _, sel := range pluralCases {
				if s, ok := forms[sel]; ok {
					cases = append(cases, sel, s)
					used = append(used, sel)
				}
			}
			if len(used) != len(forms) || forms["other"] == "" {
				return nil, fmt.Errorf("catalog/%s: %s: plural forms are %v and must include other", f.Name(), key, pluralCases)
			}
			c.plurals[lang][key] = used
			// A plural message selects its form by its first argument.
			if err := c.builder.Set(tag, key, plural.Selectf(1, "%d", cases...)); err != nil {
				return nil, fmt.Errorf("catalog/%s: %s: %w", f.Name(), key, err)
			}
		}
		slices.Sort(c.keys[lang])
	}
	if _, ok := c.keys[Default]; !ok {
		return nil, fmt.Errorf("no catalogue for the default language %s", Default)
	}
	return c, nil
}

// Langs lists the languages that have a catalogue, sorted.
func Langs() []string {
	var out []string
	for l := range messages.keys {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// Lang picks the catalogue language for a language name as a user or the
// environment writes it: "fr", "ar", "fr_FR.UTF-8", "ar-EG". ok is false
// when no catalogue fits.
func Lang(s string) (lang string, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(strings.ReplaceAll(s, "_", "-"))
	base, _, _ := strings.Cut(s, "-")
	if _, ok := messages.keys[base]; ok && base != "" {
		return base, true
	}
	return "", false
}

// FromEnv is the language of the environment: the first of LC_ALL,
// LC_MESSAGES and LANG that is set, if a catalogue fits it, else
// [Default].
func FromEnv(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			if l, ok := Lang(s); ok {
				return l
			}
			return Default
		}
	}
	return Default
}

// newPrinter is a message printer for lang.
func newPrinter(lang string) *message.Printer {
	return message.NewPrinter(language.Make(lang), message.Catalog(messages.builder))
}

// FromAcceptLanguage is the language an HTTP Accept-Language header asks
// for among those with a catalogue, by its weights, else [Default].
func FromAcceptLanguage(header string) string {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return Default
	}
	for _, t := range tags {
		base, _ := t.Base()
		if l, ok := Lang(base.String()); ok {
			return l
		}
	}
	return Default
}
