package phonetic

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
)

// codecNames are the names the encoding is tested on: the golden parse
// cases and the benchmark's names, with structured parts, titles,
// initials, accents, scripts without a Latin form, long chains and blank
// names.
func codecNames() []Name {
	var out []Name
	for _, c := range parseCases {
		full, lang, _ := strings.Cut(c, "\t")
		out = append(out, Parse(full, lang))
	}
	for _, s := range benchNames {
		out = append(out, Parse(s, ""))
	}
	for _, s := range []string{"", "   ", "张伟", "김민준 Kim", "Ahmed Mohamed Ali Hassan Omar Yusuf Ibrahim Khalil Saleh Nasser", "Cissé Touré", "Nguyễn Thị Minh Khai", "\xff\xfe"} {
		out = append(out, Parse(s, ""))
	}
	out = append(out,
		FromParts(Parts{Given: "Abdul Rahman", Father: "Mohamed", Family: "Al-Masri", Prefix: "Hajji"}, "", "ar"),
		FromParts(Parts{Given: "Mamadou", Family: "Diallo"}, "Diallo Mamadou", ""),
		FromParts(Parts{Given: "Tesfay", Father: "G/Medhin", Grandfather: "Haile", TribeOrClan: "Tigray"}, "", "ti"),
	)
	return out
}

// describe writes every value of a name that comparisons, keys and counts
// read, so that two names can be told apart by what they hold rather than
// by where their text lies.
func describe(n *Name) string {
	var b strings.Builder
	fmt.Fprintf(&b, "culture=%v record=%v key=%x textH=%x core=%v\n", n.Culture, n.RolesFromRecord, n.key, n.textH, n.core[:n.ncore])
	for i := range n.Parts {
		p := &n.Parts[i]
		fmt.Fprintf(&b, "  %q %q role=%v script=%v initial=%v abbrev=%v ending=%d dm=%q,%q nysiis=%q skel=%q id=%x latH=%x sig=%x accH=%x dmH=%x\n",
			p.Latin, p.Folded, p.Role, p.Script, p.Initial, p.Abbrev, p.ending, p.dm1(n.text), p.dm2(n.text), p.nysii(n.text), p.skel(n.text), p.id, p.latH, p.sig, p.accH, p.dmH)
		for k := range p.folds {
			f := &p.folds[k]
			fmt.Fprintf(&b, "    fold %q h=%x skelH=%x short=%v\n", f.text(n.text), f.h, f.skelH, f.short)
		}
	}
	return b.String()
}

// TestNameBinary checks that a decoded name holds every value its compact
// original holds, compares, gives keys and tells differences exactly as
// it does with every other name, and encodes to the same bytes; that a
// full name encodes as its compact copy; and that decoding returns the
// rest of the buffer and keeps none of it.
func TestNameBinary(t *testing.T) {
	names := codecNames()
	decoded := make([]Name, len(names))
	for i := range names {
		n := &names[i]
		enc, err := n.AppendBinary(nil)
		if err != nil {
			t.Fatalf("%q: %v", n.Raw, err)
		}
		c := n.Compact()
		if encC, err := c.AppendBinary(nil); err != nil || !bytes.Equal(encC, enc) {
			t.Fatalf("%q: the compact name encodes as %x (%v), the full one as %x", n.Raw, encC, err, enc)
		}
		buf := append([]byte{0xAA}, enc...)
		buf = append(buf, 0xBB, 0xCC)
		got, rest, err := DecodeName(buf[1:])
		if err != nil {
			t.Fatalf("%q: decoding %x: %v", n.Raw, enc, err)
		}
		if !bytes.Equal(rest, []byte{0xBB, 0xCC}) {
			t.Fatalf("%q: rest %x, want bbcc", n.Raw, rest)
		}
		for k := range buf {
			buf[k] = 0 // the decoded name must not read the buffer
		}
		if g, w := describe(&got), describe(&c); g != w {
			t.Fatalf("%q: decoded\n%s want\n%s", n.Raw, g, w)
		}
		again, err := got.AppendBinary(nil)
		if err != nil || !bytes.Equal(again, enc) {
			t.Fatalf("%q: the decoded name encodes as %x (%v), want %x", n.Raw, again, err, enc)
		}
		decoded[i] = got
	}
	var m Memo
	for i := range names {
		for j := range names {
			a, b := &names[i], &names[j]
			da, db := &decoded[i], &decoded[j]
			want, got := Compare(a, b), m.Compare(da, db)
			want.a, want.b, got.a, got.b = nil, nil, nil, nil
			if got != want {
				t.Fatalf("Compare(%q, %q): decoded %+v, want %+v", a.Raw, b.Raw, got, want)
			}
			if g, w := Differ(da, db), Differ(a, b); g != w {
				t.Fatalf("Differ(%q, %q): decoded %v, want %v", a.Raw, b.Raw, g, w)
			}
			if g, w := da.SameText(db), a.SameText(b); g != w {
				t.Fatalf("SameText(%q, %q): decoded %v, want %v", a.Raw, b.Raw, g, w)
			}
		}
		a, da := &names[i], &decoded[i]
		if g, w := fmt.Sprint(da.Keys()), fmt.Sprint(a.Keys()); g != w {
			t.Errorf("%q: keys %s, want %s", a.Raw, g, w)
		}
		g1, g2, g3 := da.Lineage()
		w1, w2, w3 := a.Lineage()
		if g1 != w1 || g2 != w2 || g3 != w3 {
			t.Errorf("%q: lineage %q %q %q, want %q %q %q", a.Raw, g1, g2, g3, w1, w2, w3)
		}
	}
}

// TestDecodeNameMalformed checks that every truncation of an encoding,
// and encodings altered to say what a name cannot hold, fail to decode.
func TestDecodeNameMalformed(t *testing.T) {
	n := Parse("Mohamed Abdelrahman Adam", "")
	enc, err := n.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	for k := range enc {
		if _, _, err := DecodeName(enc[:k]); err == nil {
			t.Errorf("decoding the first %d of %d bytes: no error", k, len(enc))
		}
	}
	// The first part starts after flags, culture, text hash and the three
	// counts, each a byte here.
	part := 2 + 8 + 3
	if enc[part-3] != 3 {
		t.Fatalf("the encoding's layout changed: %x", enc)
	}
	alter := func(at int, v byte) []byte {
		b := bytes.Clone(enc)
		b[at] = v
		return b
	}
	tests := []struct {
		name string
		b    []byte
		want string // in the error
	}{
		{"unknown name flag", alter(0, enc[0]|0x80), "unknown name flags"},
		{"culture out of range", alter(1, 0xFE), "culture 254"},
		{"zero text hash", append([]byte{nameTextHash, 0, 0, 0, 0, 0, 0, 0, 0, 0}, enc[10:]...), "text hash of 0"},
		{"more parts than bytes", alter(part-3, 0x7F), "truncated"},
		{"text longer than announced", alter(part-2, enc[part-2]-1), "as announced"},
		{"text shorter than announced", alter(part-2, enc[part-2]+1), "as announced"},
		{"fewer folds than announced", alter(part-1, enc[part-1]+1), "as announced"},
		{"role out of range", alter(part, 0x0F), "role 15"},
		{"unknown part flag", alter(part+1, 0x40), "unknown part flags"},
		{"native hash flag with a Latin form", alter(part+1, partNative), "native hash"},
		{"too many folds", alter(part+3+len(n.Parts[0].Latin), maxFolds+1), "11 folds"},
		{"huge count", append(bytes.Clone(enc[:part-3]), binary.AppendUvarint(nil, 1<<62)...), "truncated"},
		{"number overflowing 64 bits", append(bytes.Clone(enc[:part-3]), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), "overflows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := DecodeName(tt.b)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("DecodeName(%x): error %v, want one saying %q", tt.b, err, tt.want)
			}
		})
	}
}

// FuzzDecodeName decodes arbitrary bytes: it must not panic, and what it
// decodes must compare, give keys and encode again, to bytes that decode
// to the same encoding.
func FuzzDecodeName(f *testing.F) {
	for _, n := range codecNames() {
		enc, err := n.AppendBinary(nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(enc)
	}
	ref := Parse("Mohamed Abdi Hassan", "")
	f.Fuzz(func(t *testing.T, b []byte) {
		n, _, err := DecodeName(b)
		if err != nil {
			return
		}
		Compare(&n, &n)
		Compare(&n, &ref)
		Differ(&n, &ref)
		n.Keys()
		enc, err := n.AppendBinary(nil)
		if err != nil {
			t.Fatalf("decoded %x, but encoding it: %v", b, err)
		}
		m, rest, err := DecodeName(enc)
		if err != nil || len(rest) != 0 {
			t.Fatalf("decoding %x, the encoding of %x: %v (%d bytes left)", enc, b, err, len(rest))
		}
		if again, _ := m.AppendBinary(nil); !bytes.Equal(again, enc) {
			t.Fatalf("%x decodes and encodes as %x, then as %x", b, enc, again)
		}
	})
}
