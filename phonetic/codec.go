package phonetic

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
)

// The binary encoding of a compact name, which a store keeps so that it
// need not parse names again when it opens:
//
//	flags     byte: 1 roles from the record, 2 text hash follows
//	culture   byte
//	textH     8 bytes, little-endian, when flagged
//	parts     uvarint: the number of parts
//	text      uvarint: the length of the name's text once decoded
//	folds     uvarint: the number of folded candidates of all parts
//	each part:
//	  role | script<<4   byte
//	  flags              byte: 1 initial, 2 abbreviation, 4 accent hash
//	                     follows, 8 hash of the native form follows
//	  Latin              uvarint length, bytes
//	  folds              byte count, then each: byte length, bytes
//	  codes              Double Metaphone (byte length, bytes, twice),
//	                     NYSIIS (uvarint length, bytes)
//	  accH, latH         8 bytes each, little-endian, when flagged
//
// What is a function of the rest is worked out again on decoding rather
// than stored: the hashes of the Latin form, of the folds, their
// skeletons and the codes, the letter signature, the final sound, the
// part's identity, the blocking skeleton (that of the first fold), and
// the name's key and compared parts. The hash of a part's native form is
// stored only for a part without a Latin form, whose native form a
// compact name no longer holds.
//
// The encoding has no version of its own: whoever stores it versions it
// with its own format (package engine's profile encoding does), and a
// change here is a change of that format.
const (
	nameRoles = 1 << iota
	nameTextHash
)

const (
	partInitial = 1 << iota
	partAbbrev
	partAccent
	partNative
)

// AppendBinary appends the binary encoding of what a compact name
// ([Name.Compact]) holds: a full name encodes as its compact copy, and
// [DecodeName] gives a name that compares, gives keys and counts exactly
// as n does. It fails only for a name that Parse cannot make (a part with
// more folded candidates, or longer ones, than Parse gives).
func (n *Name) AppendBinary(b []byte) ([]byte, error) {
	var flags byte
	if n.RolesFromRecord {
		flags |= nameRoles
	}
	if n.textH != 0 {
		flags |= nameTextHash
	}
	b = append(b, flags, byte(n.Culture))
	if n.textH != 0 {
		b = binary.LittleEndian.AppendUint64(b, n.textH)
	}
	// The text as DecodeName rebuilds it: with the skeleton of each
	// part's first fold.
	text, folds := 0, 0
	var sb [maxFold]byte
	for i := range n.Parts {
		p := &n.Parts[i]
		text += len(p.Latin) + int(p.dm1N) + int(p.dm2N) + int(p.nysiiN)
		for k := range p.folds {
			text += int(p.folds[k].n)
		}
		if len(p.folds) > 0 {
			text += len(skeletonInto([]byte(p.folds[0].text(n.text)), &sb))
		}
		folds += len(p.folds)
	}
	b = binary.AppendUvarint(b, uint64(len(n.Parts)))
	b = binary.AppendUvarint(b, uint64(text))
	b = binary.AppendUvarint(b, uint64(folds))
	for i := range n.Parts {
		p := &n.Parts[i]
		if p.Role > 15 || p.Script > 15 {
			return b, fmt.Errorf("phonetic: encoding a name: part %d: role %d or script %d out of range", i, p.Role, p.Script)
		}
		if len(p.folds) > maxFolds {
			return b, fmt.Errorf("phonetic: encoding a name: part %d: %d folded candidates, more than %d", i, len(p.folds), maxFolds)
		}
		var pf byte
		if p.Initial {
			pf |= partInitial
		}
		if p.Abbrev {
			pf |= partAbbrev
		}
		if p.accH != 0 {
			pf |= partAccent
		}
		if p.Latin == "" {
			pf |= partNative
		}
		b = append(b, byte(p.Role)|byte(p.Script)<<4, pf)
		b = binary.AppendUvarint(b, uint64(len(p.Latin)))
		b = append(b, p.Latin...)
		b = append(b, byte(len(p.folds)))
		for k := range p.folds {
			f := p.folds[k].text(n.text)
			if len(f) > maxFold {
				return b, fmt.Errorf("phonetic: encoding a name: part %d: a folded form of %d bytes, more than %d", i, len(f), maxFold)
			}
			b = append(b, byte(len(f)))
			b = append(b, f...)
		}
		b = append(b, p.dm1N)
		b = append(b, p.dm1(n.text)...)
		b = append(b, p.dm2N)
		b = append(b, p.dm2(n.text)...)
		b = binary.AppendUvarint(b, uint64(p.nysiiN))
		b = append(b, p.nysii(n.text)...)
		if p.accH != 0 {
			b = binary.LittleEndian.AppendUint64(b, p.accH)
		}
		if p.Latin == "" {
			b = binary.LittleEndian.AppendUint64(b, p.latH)
		}
	}
	return b, nil
}

// DecodeName decodes a name that [Name.AppendBinary] encoded at the start
// of b and returns the rest of b. The name holds no memory of b, which the
// caller may reuse. A truncated or malformed encoding is an error;
// decoding never panics, and allocates at most in proportion to the
// length of b, whatever its lengths say.
func DecodeName(b []byte) (Name, []byte, error) {
	r := reader{b: b}
	n := r.name()
	if r.err != nil {
		return Name{}, b, r.err
	}
	return n, r.b, nil
}

// Smallest encodings, which bound the counts a decoder believes: a part
// takes at least 7 bytes (role and script, flags, and the lengths of its
// Latin form, its folds and its three codes), a fold 1.
const (
	minPartBytes = 7
	minFoldBytes = 1
)

func (r *reader) name() Name {
	var n Name
	flags := r.byte()
	if flags&^(nameRoles|nameTextHash) != 0 {
		r.fail("unknown name flags %#x", flags)
	}
	n.RolesFromRecord = flags&nameRoles != 0
	if n.Culture = Culture(r.byte()); n.Culture >= Culture(len(cultureNames)) {
		r.fail("culture %d", n.Culture)
	}
	if flags&nameTextHash != 0 {
		if n.textH = r.uint64(); n.textH == 0 {
			r.fail("a text hash of 0")
		}
	}
	nparts := r.count(minPartBytes)
	// The text holds each part's blocking skeleton besides what the
	// encoding holds, and a skeleton is no longer than the fold it comes
	// from: twice the encoding bounds it.
	ntext := r.uvarint()
	if ntext > 2*uint64(len(r.b)) {
		r.fail("a text of %d bytes in %d", ntext, len(r.b))
	}
	nfolds := r.count(minFoldBytes)
	if r.err != nil {
		return Name{}
	}
	d := nameDecoder{folds: make([]fold, 0, nfolds)}
	d.text.Grow(int(ntext))
	n.Parts = make([]Part, nparts)
	for i := range n.Parts {
		if r.part(&n.Parts[i], &d); r.err != nil {
			return Name{}
		}
	}
	if uint64(d.text.Len()) != ntext || len(d.folds) != nfolds {
		r.fail("a text of %d bytes and %d folds, not %d and %d as announced", d.text.Len(), len(d.folds), ntext, nfolds)
		return Name{}
	}
	n.text = d.text.String()
	h := uint64(fnvOffset)
	for i := range n.Parts {
		p := &n.Parts[i]
		var first byte
		if len(p.folds) > 0 {
			p.Folded = p.folds[0].text(n.text)
		}
		if p.Folded != "" {
			first = p.Folded[0]
		}
		if p.Latin != "" {
			p.latH = hashString(p.Latin)
			p.sig = signature(p.Latin)
			p.ending = finalClass(p.Latin)
		}
		p.dmH[0], p.dmH[1] = hashOrZero(p.dm1(n.text)), hashOrZero(p.dm2(n.text))
		p.id = p.identity(first)
		// The name's key and compared parts, as finish makes them.
		if p.Role != Prefix && int(n.ncore) < MaxParts {
			n.core[n.ncore] = uint8(i)
			n.ncore++
		}
		if p.Role == Prefix {
			n.nprefix++
		}
		h ^= p.latH ^ uint64(p.Role)<<56
		h *= fnvPrime
	}
	n.key = h ^ uint64(n.Culture)
	return n
}

// nameDecoder gathers a name's text and folds while its parts are read,
// as finish does with nameText. Both are allocated once, at the size the
// encoding announces, and only appended to: the parts' strings and folds
// are slices of them from the start.
type nameDecoder struct {
	text  strings.Builder
	folds []fold
}

// add appends b to the text and returns where it lies.
func (d *nameDecoder) add(b []byte) textRef {
	ref := textRef{uint32(d.text.Len()), uint32(len(b))}
	d.text.Write(b)
	return ref
}

// part reads one part, adding its text and folds to d; its hashes are set
// once the name's text is whole.
func (r *reader) part(p *Part, d *nameDecoder) {
	rs, pf := r.byte(), r.byte()
	p.Role, p.Script = Role(rs&15), Script(rs>>4)
	if p.Role > Prefix || p.Script > lastScript {
		r.fail("role %d, script %d", p.Role, p.Script)
	}
	if pf&^(partInitial|partAbbrev|partAccent|partNative) != 0 {
		r.fail("unknown part flags %#x", pf)
	}
	p.Initial, p.Abbrev = pf&partInitial != 0, pf&partAbbrev != 0
	latin := r.bytes(r.length())
	if (len(latin) == 0) != (pf&partNative != 0) {
		r.fail("a native hash with a Latin form, or none without")
	}
	if ref := d.add(latin); ref.n > 0 {
		p.Latin = ref.of(d.text.String())
	}
	nf := int(r.byte())
	if nf > maxFolds {
		r.fail("%d folds", nf)
	}
	var skel []byte
	var sb, first [maxFold]byte
	start := len(d.folds)
	for k := 0; k < nf && r.err == nil; k++ {
		t := r.bytes(int(r.byte()))
		if len(t) > maxFold {
			r.fail("a fold of %d bytes", len(t))
			return
		}
		s := skeletonInto(t, &sb)
		if k == 0 {
			skel = first[:copy(first[:], s)] // blocking keys use the skeleton of the first fold
		}
		ref := d.add(t)
		d.folds = append(d.folds, fold{h: hashBytes(t), skelH: hashBytes(s), off: ref.off, n: uint8(ref.n), short: len(s) < minKeyLen})
	}
	p.folds = d.folds[start:len(d.folds):len(d.folds)]
	dm1 := r.bytes(int(r.byte()))
	dm2 := r.bytes(int(r.byte()))
	nysiis := r.bytes(r.length())
	if r.err != nil {
		return
	}
	p.codes = uint32(d.text.Len())
	d.add(dm1)
	d.add(dm2)
	d.add(nysiis)
	d.add(skel)
	p.dm1N, p.dm2N, p.nysiiN, p.skelN = uint8(len(dm1)), uint8(len(dm2)), uint32(len(nysiis)), uint8(len(skel))
	if pf&partAccent != 0 {
		if p.accH = r.uint64(); p.accH == 0 {
			r.fail("an accent hash of 0")
		}
	}
	if pf&partNative != 0 {
		p.latH = r.uint64()
	}
}

// reader reads an encoding and remembers its first error, after which
// every read gives zero values.
type reader struct {
	b   []byte
	err error
}

// errTruncated is what a reader reports when the encoding ends too soon.
var errTruncated = errors.New("phonetic: name encoding truncated")

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("phonetic: malformed name encoding: "+format, args...)
	}
	r.b = nil
}

func (r *reader) truncated() {
	if r.err == nil {
		r.err = errTruncated
	}
	r.b = nil
}

func (r *reader) byte() byte {
	if len(r.b) < 1 {
		r.truncated()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) uint64() uint64 {
	if len(r.b) < 8 {
		r.truncated()
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *reader) uvarint() uint64 {
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		if k == 0 {
			r.truncated()
		} else {
			r.fail("a number overflows 64 bits")
		}
		return 0
	}
	r.b = r.b[k:]
	return v
}

// length reads the length of bytes that follow, which must be there.
func (r *reader) length() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.truncated()
		return 0
	}
	return int(n)
}

// count reads a number of items each encoded in at least size bytes,
// which the rest of the encoding must have room for.
func (r *reader) count(size int) int {
	n := r.uvarint()
	if n > uint64(len(r.b)/size) || n > math.MaxInt32 {
		r.truncated()
		return 0
	}
	return int(n)
}

// bytes returns the next n bytes, a slice of the encoding.
func (r *reader) bytes(n int) []byte {
	if n > len(r.b) {
		r.truncated()
		return nil
	}
	s := r.b[:n:n]
	r.b = r.b[n:]
	return s
}
