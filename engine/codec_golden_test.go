package engine

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/rflmatch/rflmatch/phonetic"
)

// codecSpec is a case whose profile holds what the golden explanations'
// cases do not: phones, DNA, implant serials, a name in a script without
// a Latin form, an accented name, a weight and a tattoo.
var codecSpec = spec{am, `"names":[{"full":"张伟"},{"full":"Nguyễn Văn An","lang":"vi"}],"sex":"male","birth_date":"1990-03","height_cm":{"min":1.7,"max":1.75},"weight_kg":{"min":60,"max":70},"eyes":"hazel","marks":[{"type":"tattoo","location":"right forearm","description":"anchor"}],"medical":["pacemaker S/N 4471-AX-02"],"phones":["+39 06 1234 5678","0912345678"],"dna":{"profile_id":"DNA-77"},"documents":[{"type":"passport","number":"C4471882","country":"VN"}],"last_contact":{"date":"2021-11","date_to":"2021-12"},"recorded_on":"2022-01-10"`}

// TestProfileBinaryGolden pins the encoding of the profiles of the golden
// explanations' cases, and of a few more, in
// testdata/profile_binary.golden, and checks that each decodes to a
// profile that encodes the same.
// The bytes change when the encoding does, package phonetic's encoding of
// names included, and then profileVersion must change with them; they
// also change when Prepare makes other profiles of the same records, and
// then the profiles a store keeps are stale: PrepareVersion must change.
// Either way, rewrite the file with go test -update and review the diff.
func TestProfileBinaryGolden(t *testing.T) {
	var b strings.Builder
	dump := func(name string, specs []spec) {
		var recs []*Record
		for _, s := range specs {
			recs = append(recs, rec(t, s.kind, s.fields))
		}
		enc, err := Prepare(recs...).AppendBinary(nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p, err := DecodeProfile(enc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if again, err := p.AppendBinary(nil); err != nil || !bytes.Equal(again, enc) {
			t.Fatalf("%s: decoded, encodes as %x (%v), want %x", name, again, err, enc)
		}
		fmt.Fprintf(&b, "%s: %d bytes\n", name, len(enc))
		for len(enc) > 0 {
			n := min(32, len(enc))
			fmt.Fprintf(&b, "  %s\n", hex.EncodeToString(enc[:n]))
			enc = enc[n:]
		}
	}
	for _, c := range explainCases {
		dump(c.name+" left", c.left)
		dump(c.name+" right", c.right)
	}
	dump("codec", []spec{codecSpec})
	dump("names without parts", []spec{{tr, `"names":[{"full":"-"},{"full":"?"}],"parents":{"father":{"full":"."}}`}})
	golden(t, "profile_binary.golden", []byte(b.String()))
}

// TestProfileBinaryBlankNames checks that a profile whose names are all
// blank, the shortest encodings of names, decodes: the counts of names
// are bounded by that length.
func TestProfileBinaryBlankNames(t *testing.T) {
	blank := []phonetic.Name{phonetic.Parse("", ""), phonetic.Parse("   ", "")}
	p := &Profile{parsed: newPersonNames(&[nameLists][]phonetic.Name{ownNames: blank, fatherNames: blank[:1]})}
	enc, err := p.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := DecodeProfile(enc)
	if err != nil {
		t.Fatalf("decoding %x: %v", enc, err)
	}
	if got := d.names(); len(got.Own()) != 2 || len(got.Father()) != 1 || len(got.Papers()) != 0 {
		t.Errorf("decoded %d own names, %d fathers' and %d on papers, want 2, 1 and 0", len(got.Own()), len(got.Father()), len(got.Papers()))
	}
}

// TestDecodeProfileMalformed checks that encodings of values that Prepare
// never makes, which comparisons could misread or index out of range
// with, fail to decode, as do encodings altered to announce what they do
// not hold.
func TestDecodeProfileMalformed(t *testing.T) {
	base := codecSpec.profile(t).Compact()
	encode := func(edit func(p *Profile)) []byte {
		p := *base
		edit(&p)
		enc, err := p.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		return enc
	}
	good := encode(func(*Profile) {})
	if _, err := DecodeProfile(good); err != nil {
		t.Fatal(err)
	}
	// An empty profile's encoding is 29 bytes, all 0 but the version:
	// the strings' total, kind, source, id and flags are bytes 1 to 5,
	// the sex byte 6, the count of last contact points byte 12, the
	// chart's mask byte 24, the enquirer's relationship and sex bytes 27
	// and 28.
	empty := encode(func(p *Profile) { *p = Profile{} })
	if len(empty) != 29 || !bytes.Equal(empty, append([]byte{profileVersion}, make([]byte, 28)...)) {
		t.Fatalf("the encoding's layout changed: %x", empty)
	}
	if _, err := (&Profile{chart: &chart{mask: 1 << chartSlots}}).AppendBinary(nil); err == nil {
		t.Errorf("encoding a tooth beyond the chart: no error")
	}
	splice := func(b []byte, at, n int, with ...byte) []byte {
		return append(append(bytes.Clone(b[:at]), with...), b[at+n:]...)
	}
	tests := []struct {
		name string
		b    []byte
		want string // in the error
	}{
		{"hair colour beyond its scale", encode(func(p *Profile) { p.hair.colour = 1 << len(hairColours.names) }), "colours"},
		{"eye colour beyond its scale", encode(func(p *Profile) { p.eyes.colour = 1 << len(eyeColours.names) }), "colours"},
		{"mark on no body part", encode(func(p *Profile) { p.marks = []markInfo{{loc: Location{Part: partCount}}} }), "mark location"},
		{"mark side", encode(func(p *Profile) { p.marks = []markInfo{{loc: Location{Side: BothSides + 1}}} }), "mark location"},
		{"a date beyond any calendar", encode(func(p *Profile) { p.birth = span{-1e300, 0, true} }), "a value of -1e+300"},
		{"an age beyond any life", encode(func(p *Profile) { p.age.max = 2e9 }), "a value of 2e+09"},
		{"a span ending before it starts", encode(func(p *Profile) { p.alive = span{2, 1, true} }), "a span from 2 to 1"},
		{"a span of NaN", encode(func(p *Profile) { p.death = span{math.NaN(), 1, true} }), "a span from NaN to 1"},
		{"an age range reversed", encode(func(p *Profile) { p.age.min, p.age.max = 30, 20 }), "an age from 30 to 20"},
		{"a negative tolerance", encode(func(p *Profile) { p.height.tol = -1 }), "a measure from"},
		{"words out of order", encode(func(p *Profile) { p.tokens.set(clothingList, tokenSet{h: []uint64{2, 1}}) }), "out of order"},
		{"a word twice", encode(func(p *Profile) { p.tokens.set(effectsList, tokenSet{h: []uint64{7, 7}}) }), "out of order"},
		{"a tooth beyond the chart", splice(empty, 24, 1, append(binary.AppendUvarint(nil, 1<<chartSlots), 1)...), "teeth"},
		{"a tooth without status", encode(func(p *Profile) { p.chart = &chart{mask: 1} }), "tooth status 0"},
		{"a tooth status beyond the list", encode(func(p *Profile) { p.chart = &chart{mask: 2, status: [chartSlots]uint8{1: uint8(nStatusCodes)}} }), "tooth status"},
		{"fewer string bytes than announced", splice(empty, 1, 1, 1), "as announced"},
		{"more string bytes than announced", splice(good, 1, 1, good[1]-1), "as announced"},
		{"kind code beyond the list", splice(empty, 2, 1, byte(len(kindCodes)+1)), "code 5 of a list of 4"},
		{"a sex neither male nor female", splice(empty, 6, 1, byte(slices.Index(sexCodes, SexUnknown)+1)), `sex "unknown"`},
		{"a relationship beyond the list", splice(empty, 27, 1, byte(len(relCodes)+1)), "code 21 of a list of 20"},
		{"an enquirer's sex outside the list", splice(empty, 28, 1, enumOther, 1, 'x'), "code 255 of a list of 3"},
		{"unknown flags", splice(empty, 5, 1, binary.AppendUvarint(nil, flagSpans<<12)...), "unknown flags"},
		{"more points than bytes", splice(empty, 12, 1, 0x7F), "truncated"},
		{"a number overflowing 64 bits", splice(empty, 5, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), "overflows"},
		{"a malformed name", encode(func(p *Profile) {
			pn := *p.parsed
			pn.all = slices.Clone(pn.all) // the own names come first
			pn.all[0].Culture = 0xEE
			p.parsed = &pn
		}), "name 0: phonetic: malformed name encoding: culture"},
		{"bytes after the profile", append(bytes.Clone(good), 0), "1 bytes after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeProfile(tt.b)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("DecodeProfile(%x): error %v, want one saying %q", tt.b, err, tt.want)
			}
		})
	}
}
