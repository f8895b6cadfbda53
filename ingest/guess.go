package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// guesses are the column names GuessMapping knows, in English, French,
// Spanish, Italian and Arabic, folded as fold does, and the column each
// gives. Two columns that guess one path are joined in header order when
// the path is a name (first and last names), else the second is left out.
var guesses = []struct {
	names []string
	col   Column
}{
	{[]string{"id", "case", "case number", "case no", "case id", "ml number", "file number", "record id", "n dossier", "numero de dossier", "numero dossier", "dossier", "expediente", "numero de expediente", "caso", "numero de caso", "codice", "numero pratica", "pratica", "رقم الملف", "رقم الحالة", "رقم"}, Column{Path: "id"}},
	{[]string{"name", "full name", "names", "nom complet", "nombre completo", "nome completo", "الاسم", "الاسم الكامل"}, Column{Path: "names[0].full"}},
	{[]string{"first name", "given name", "given names", "forename", "prenom", "prenoms", "nombre", "nombres", "nome", "الاسم الأول"}, Column{Path: "names[0].full", Join: 1}},
	{[]string{"last name", "surname", "family name", "nom", "nom de famille", "apellido", "apellidos", "cognome", "اسم العائلة", "اللقب"}, Column{Path: "names[0].full", Join: 2}},
	{[]string{"sex", "gender", "sexe", "genre", "sexo", "genero", "sesso", "genere", "الجنس"}, Column{Path: "sex", Values: sexValues}},
	{[]string{"age", "estimated age", "age estime", "edad", "edad estimada", "eta", "eta stimata", "العمر"}, Column{Paths: []string{"age.min", "age.max"}}},
	{[]string{"age from", "min age", "age min", "minimum age", "age minimum", "edad minima", "eta minima", "العمر الأدنى"}, Column{Path: "age.min"}},
	{[]string{"age to", "max age", "age max", "maximum age", "age maximum", "edad maxima", "eta massima", "العمر الأقصى"}, Column{Path: "age.max"}},
	{[]string{"date of birth", "birth date", "dob", "date de naissance", "fecha de nacimiento", "data di nascita", "تاريخ الميلاد"}, Column{Path: "birth_date"}},
	{[]string{"nationality", "nationalities", "nationalite", "nacionalidad", "nazionalita", "الجنسية"}, Column{Path: "nationalities", Separator: ";"}},
	{[]string{"date found", "found on", "recovery date", "date of recovery", "reporting date", "date de decouverte", "fecha de hallazgo", "fecha de recuperacion", "data di ritrovamento", "data ritrovamento", "تاريخ العثور"}, Column{Path: "recovery.date"}},
	{[]string{"location", "place", "found at", "place found", "lieu", "lieu de decouverte", "lugar", "lugar de hallazgo", "luogo", "luogo di ritrovamento", "المكان", "الموقع", "مكان العثور"}, Column{Path: "recovery.place.text"}},
	{[]string{"country", "pays", "pais", "paese", "البلد"}, Column{Path: "recovery.place.country"}},
	{[]string{"latitude", "lat"}, Column{Path: "recovery.place.lat"}},
	{[]string{"longitude", "lon", "lng", "long"}, Column{Path: "recovery.place.lon"}},
	{[]string{"height", "height cm", "stature", "taille", "estatura", "altezza", "الطول"}, Column{Path: "height_cm.min"}},
	{[]string{"hair", "cheveux", "cabello", "pelo", "capelli", "الشعر"}, Column{Path: "hair"}},
	{[]string{"eyes", "eye colour", "eye color", "yeux", "ojos", "occhi", "العينين", "العيون"}, Column{Path: "eyes"}},
	{[]string{"clothing", "clothes", "vetements", "ropa", "vestiti", "abbigliamento", "الملابس"}, Column{Path: "clothing", Separator: ";"}},
	{[]string{"effects", "personal effects", "belongings", "effets personnels", "efectos personales", "effetti personali", "الأمتعة", "المتعلقات"}, Column{Path: "effects", Separator: ";"}},
	{[]string{"phone", "phone number", "telephone", "telefono", "الهاتف"}, Column{Path: "phones", Separator: ";"}},
	{[]string{"notes", "remarks", "comments", "observations", "remarques", "observaciones", "note", "osservazioni", "ملاحظات"}, Column{Path: "notes"}},
	{[]string{"grave", "tombe", "tumba", "tomba", "القبر"}, Column{Path: "grave"}},
}

func strp(s string) *string { return &s }

// sexValues are the sexes as sheets write them in the five languages.
var sexValues = map[string]*string{
	"M": strp("male"), "F": strp("female"), "male": strp("male"), "female": strp("female"),
	"H": strp("male"), "homme": strp("male"), "femme": strp("female"), "masculin": strp("male"), "féminin": strp("female"),
	"hombre": strp("male"), "mujer": strp("female"), "masculino": strp("male"), "femenino": strp("female"),
	"maschio": strp("male"), "femmina": strp("female"),
	"ذكر": strp("male"), "أنثى": strp("female"),
	"unknown": strp("unknown"), "undetermined": strp("unknown"), "inconnu": strp("unknown"), "desconocido": strp("unknown"), "sconosciuto": strp("unknown"),
}

// fold lower-cases a column name, drops accents and what is not a letter
// or a digit, and collapses spaces, so that "N° dossier" is "n dossier".
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return norm.NFC.String(b.String())
}

// Guess is a starting mapping for a file, made from its header.
type Guess struct {
	// Mapping has the guessed columns; its source and kind are left for
	// the user to give.
	Mapping *Mapping
	// Header is the file's header, in order; Unknown the columns no
	// guess was made for.
	Header, Unknown []string
	// Twice are the column names the header holds more than once: a
	// mapping names columns by their header, so ingest refuses to map
	// such a name (which of the two would it be?), and the guess leaves
	// every copy out, in Unknown too, for the user to rename.
	Twice []string
}

// GuessMapping reads a CSV or XLSX file's header (the first row that is
// not empty; a CSV's delimiter sniffed) and guesses a field for each column
// from common column names. The result is a start for a person to check
// and edit, never to use unread: date layouts, sources and kinds are not
// guessed.
func GuessMapping(ctx context.Context, path string) (*Guess, error) {
	var header []string
	switch formatOf(path) {
	case formatCSV:
		// Only the header is read, and no more than a record's limit of
		// it: the file may be anything.
		f, err := os.Open(path)
		if err != nil {
			return nil, fileError(path, err)
		}
		defer f.Close()
		br := bufio.NewReaderSize(f, sniffSize)
		if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
			br.Discard(3)
		}
		peek, _ := br.Peek(sniffSize)
		cr := csv.NewReader(&recorder{r: br, max: DefaultMaxLine})
		cr.FieldsPerRecord = -1
		cr.Comma = sniffDelimiter(peek, 0)
		if header, err = cr.Read(); err != nil {
			switch {
			case err == io.EOF:
				return nil, &FileError{File: path, Err: fmt.Errorf("no header row")}
			case errors.Is(err, errRecordTooLong):
				return nil, &FileError{File: path, Err: fmt.Errorf("the header is longer than %d bytes; is this a CSV file?", DefaultMaxLine)}
			}
			return nil, &FileError{File: path, Err: err}
		}
	case formatXLSX:
		f, sheet, err := openSheet(path, nil)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		rows, err := f.Rows(sheet)
		if err != nil {
			return nil, fileError(path, err)
		}
		defer rows.Close()
		for rows.Next() && header == nil {
			cells, err := rows.Columns()
			if err != nil {
				return nil, fileError(path, err)
			}
			if !blank(cells) {
				header = cells
			}
		}
	default:
		return nil, &FileError{File: path, Err: fmt.Errorf("mapping init reads .csv and .xlsx files")}
	}
	g := &Guess{Mapping: &Mapping{Columns: map[string]Column{}}}
	seen := map[string]int{}
	for _, h := range header {
		if h = strings.TrimSpace(h); h != "" {
			if seen[h]++; seen[h] == 2 {
				g.Twice = append(g.Twice, h)
			}
		}
	}
	taken := map[string]bool{}
	for _, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		g.Header = append(g.Header, h)
		if seen[h] > 1 {
			g.Unknown = append(g.Unknown, h)
			continue
		}
		col, ok := guess(h)
		key := col.Path
		if len(col.Paths) > 0 {
			key = strings.Join(col.Paths, ",")
		}
		if col.Join > 0 {
			key += fmt.Sprint("#", col.Join)
		}
		if !ok || taken[key] || col.Path == "names[0].full" && col.Join == 0 && (taken["names[0].full#1"] || taken["names[0].full#2"]) {
			g.Unknown = append(g.Unknown, h)
			continue
		}
		taken[key] = true
		g.Mapping.Columns[h] = col
	}
	// A name in parts and a whole name: the parts go to the second name.
	if _, whole := taken["names[0].full"]; whole {
		for h, c := range g.Mapping.Columns {
			if c.Path == "names[0].full" && c.Join > 0 {
				c.Path = "names[1].full"
				g.Mapping.Columns[h] = c
			}
		}
	}
	return g, nil
}

func guess(header string) (Column, bool) {
	f := fold(header)
	for _, g := range guesses {
		for _, n := range g.names {
			if fold(n) == f {
				return g.col, true
			}
		}
	}
	return Column{}, false
}

// WriteJSON writes the guess as a mapping file, columns in the header's
// order, with empty source and kind to fill in.
func (g *Guess) WriteJSON(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("{\n  \"source\": \"\",\n  \"kind\": \"\",\n  \"columns\": {")
	first := true
	for _, h := range g.Header {
		c, ok := g.Mapping.Columns[h]
		if !ok {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		key, _ := json.Marshal(h)
		var val bytes.Buffer
		enc := json.NewEncoder(&val)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(c); err != nil {
			return err
		}
		fmt.Fprintf(&b, "\n    %s: %s", key, bytes.TrimSpace(val.Bytes()))
	}
	b.WriteString("\n  }\n}\n")
	_, err := w.Write(b.Bytes())
	return err
}
