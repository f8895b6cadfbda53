package words

import "strings"

// Label names a compared field (a [engine.Breakdown]'s Field, or a field
// of the models) in the printer's language, as the sentences name it; the
// field's own name when the catalogue has no label for it.
func (p *Printer) Label(field string) string {
	s := p.f("label." + field)
	if strings.HasPrefix(s, "label.") {
		return field
	}
	return s
}
