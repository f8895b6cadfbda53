package words

import (
	"testing"

	"github.com/rflmatch/rflmatch/engine"
)

func TestLabel(t *testing.T) {
	fields := append([]engine.Field{engine.NameField, engine.ParentsField}, engine.PersonFields...)
	for _, lang := range Langs() {
		p := New(lang)
		for _, f := range fields {
			if got := p.Label(f.Name); got == "" || got == f.Name {
				t.Errorf("%s: Label(%q) = %q, want the catalogue's label", lang, f.Name, got)
			}
		}
		if got := p.Label("no_such_field"); got != "no_such_field" {
			t.Errorf("%s: Label of an unknown field = %q, want the field's name", lang, got)
		}
	}
	if got, want := New("fr").Label("dental"), New("fr").f("label.dental"); got != want {
		t.Errorf("fr: Label(dental) = %q, want %q", got, want)
	}
}
