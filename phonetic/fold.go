package phonetic

// maxFold bounds the length of a folded key; longer names are cut, which
// only matters for keys, never for the raw name.
const maxFold = 48

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

// Fold maps a lower-case ASCII Latin spelling to its transliteration
// equivalence key, so that the spellings clerks produce for one name in
// Arabic, Somali, Ge'ez, West African and Persian traditions land on one
// value (NAMES.md 4.3–4.8):
//
//   - consonant digraphs and their single-letter equivalents: kh = x = h,
//     sh = ch = s, gh = g = j = dj (Egyptian Gamal is Jamal), dh = d,
//     th = t, ph = f, q = k, v = w, c = k or s by the next vowel;
//   - short vowels are interchangeable, so every vowel run is one "a",
//     except the diphthongs ai, ay, ei, ey (Zainab, Zeinab, Zaynab),
//     which stay apart as "i" so that Hussein is not Hassan;
//   - ou before a vowel is w (Oualid = Walid), y at the end is the diphthong
//     (Tesfay = Tesfai = Tesfaye), and the glide iy before a vowel is the
//     plain vowel (Ziyad = Ziad);
//   - doubled letters collapse (Hassan = Hasan), French silent final -e
//     and the -h of a final -ah/-eh are dropped (Ousmane = Usman,
//     Fatimah = Fatima).
//
// Letters outside a–z are ignored. Because all short vowels are one class,
// names that differ only in a vowel fold together (Ali and Alia, Amin and
// Amina); Compare's finer spelling check and Jaro–Winkler keep them apart
// in the score.
func Fold(latin string) string {
	var buf [maxFold]byte
	return string(foldInto(latin, &buf, false))
}

// foldInto folds s into buf. keepFinal keeps a final -e or -ie as a vowel
// rather than dropping it (French Ousmane) or reading it as a diphthong
// (Gambian Njie): parts add that reading as an alternative, since Abde and
// Abdi, Meharie and Mehari are the same names.
func foldInto(s string, buf *[maxFold]byte, keepFinal bool) []byte {
	var in [maxFold]byte
	n := 0
	for i := 0; i < len(s) && n < maxFold; i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			in[n] = c
			n++
		}
	}
	w := in[:n]
	// Word-final adjustments first, so that the main pass sees the ending
	// the clerk meant: Tesfaye → Tesfay, Fatimah → Fatima, Konateh → Konate,
	// Ousmane → Ousman.
	if n >= 3 && w[n-1] == 'h' && isVowel(w[n-2]) {
		n--
		w = w[:n]
	}
	if n >= 3 && w[n-1] == 'e' && w[n-2] == 'y' {
		n--
		w = w[:n]
	}
	if n >= 4 && w[n-1] == 'e' && !isVowel(w[n-2]) && w[n-2] != 'y' && !keepFinal {
		n--
		w = w[:n]
	}
	// Final -ie is the English spelling of French -é and of -ay (Njie =
	// Ndiaye, Marie = Mary): the diphthong.
	if n >= 3 && w[n-1] == 'e' && w[n-2] == 'i' && !keepFinal {
		w[n-2], w[n-1] = 'a', 'y'
	}
	// Francophone di before a vowel is the English j (Diallo = Jallow,
	// Diop = Jobe, Ndiaye = Njie); final -ow is a vowel (Jallow = Jallo).
	for i := 0; i+2 < n && i <= 1; i++ {
		if w[i] == 'd' && w[i+1] == 'i' && isVowel(w[i+2]) && (i == 0 || w[0] == 'n') {
			copy(w[i+1:], w[i+2:])
			n--
			w = w[:n]
			w[i] = 'j'
			break
		}
	}
	if n >= 4 && w[n-1] == 'w' && w[n-2] == 'o' {
		n--
		w = w[:n]
	}
	// Final p is the French spelling of the Wolof final b (Diop = Jobe).
	if n >= 3 && w[n-1] == 'p' && w[n-2] != 'p' {
		w[n-1] = 'b'
	}

	out := buf[:0]
	emit := func(c byte) {
		if len(out) > 0 && out[len(out)-1] == c {
			return
		}
		out = append(out, c)
	}
	at := func(i int) byte {
		if i < len(w) && i >= 0 {
			return w[i]
		}
		return 0
	}
	for i := 0; i < len(w); i++ {
		c, next := w[i], at(i+1)
		switch c {
		case 'a', 'e', 'i', 'o', 'u':
			// ou/oo/ee/ie/aa … are one vowel; ou before a vowel is w.
			if c == 'o' && next == 'u' && isVowel(at(i+2)) {
				emit('w')
				i++
				continue
			}
			// Diphthongs ai, ay, ei, ey before a consonant or at the end.
			if (c == 'a' || c == 'e') && (next == 'i' || next == 'y') && !isVowel(at(i+2)) {
				emit('i')
				i++
				continue
			}
			if len(out) > 0 && out[len(out)-1] == 'i' {
				// A vowel right after a diphthong belongs to it (Tesfaie).
				continue
			}
			emit('a')
			for isVowel(at(i+1)) && !(at(i+1) == 'o' && at(i+2) == 'u' && isVowel(at(i+3))) {
				i++
			}
		case 'y':
			if isVowel(next) && at(i-1) == 'i' {
				// A glide between vowels is written or not: Ziyad =
				// Ziad, Kristiyan = Kristian, Iliyas = Ilias.
				continue
			}
			if isVowel(next) {
				emit('y')
			} else if len(out) > 0 && out[len(out)-1] == 'a' {
				out[len(out)-1] = 'i'
			} else {
				emit('a')
			}
		case 's':
			if next == 'h' {
				i++
			} else if next == 'c' && at(i+2) == 'h' {
				i += 2
			}
			emit('s')
		case 'c':
			switch {
			case next == 'h':
				i++
				emit('s')
			case next == 'k' || next == 'q':
				i++
				emit('k')
			case next == 'e' || next == 'i' || next == 'y':
				emit('s')
			default:
				emit('k')
			}
		case 'k':
			if next == 'h' {
				i++
				emit('h')
			} else {
				emit('k')
			}
		case 'q':
			emit('k')
		case 'x':
			emit('h')
		case 'g':
			if next == 'h' {
				i++
			}
			if len(out) > 0 && out[len(out)-1] == 'n' {
				emit('g')
			} else {
				emit('j')
			}
		case 'z':
			if next == 'h' {
				i++
				emit('j')
			} else {
				emit('z')
			}
		case 'd':
			switch next {
			case 'h':
				i++
				emit('d')
			case 'j', 'z':
				i++
				emit('j')
			case 'g':
				// dg before a vowel is the dj of Djalo (Dgalo, Portuguese
				// Guinea spellings).
				if isVowel(at(i + 2)) {
					i++
					emit('j')
				} else {
					emit('d')
				}
			default:
				emit('d')
			}
		case 't':
			switch {
			case next == 'h':
				i++
				emit('t')
			case (next == 's' || next == 'z') && i == 0:
				i++
				emit('s')
			default:
				emit('t')
			}
		case 'p':
			if next == 'h' {
				i++
				emit('f')
			} else {
				emit('p')
			}
		case 'v':
			emit('w')
		case 'h':
			// h after a vowel and before a consonant is often dropped or
			// added by clerks (Mohd, Ahmed / Amed are rarer than the
			// reverse), so it is kept; only a trailing h went above.
			emit('h')
		default:
			emit(c)
		}
	}
	return out
}

// skeletonInto reduces a folded key to its consonants, the ARCoder-style key
// for Arabic-origin names written without vowels: محمد, Mohamed, Muhammad and
// Mohammad all give mhmd. z and s merge because ز, ذ, ظ and ص are each
// written either way; p and b because Arabic has no p (Diop = Jobe).
// Doubled letters were already collapsed by Fold; consonants that meet
// once the vowel between them is gone stay two (Mamadou mmd).
func skeletonInto(folded []byte, buf *[maxFold]byte) []byte {
	out := buf[:0]
	for _, c := range folded {
		switch c {
		case 'a', 'i':
			continue
		case 'z':
			c = 's'
		case 'p':
			c = 'b'
		}
		out = append(out, c)
	}
	return out
}

// fineHash hashes the spelling with only the lightest equivalences applied
// (o/u, e/i, y/i, ou/oo/u, ee/ie/i, aa/a, ph/f, ck/k, doubled letters, a
// silent final e). Within the transliteration class, two spellings equal
// at this finer grain (Abbey, Abbie) are likelier the same name than two
// that differ by a syllable (Christine, Christiane), so Compare ranks them
// higher.
func fineHash(latin string) uint64 {
	n := len(latin)
	if n > 3 && latin[n-1] == 'e' && !isVowel(latin[n-2]) {
		n--
	}
	h := uint64(fnvOffset)
	var last byte
	for i := 0; i < n; i++ {
		c := latin[i]
		if c < 'a' || c > 'z' {
			continue
		}
		switch {
		case c == 'o':
			c = 'u'
		case c == 'e' || c == 'y':
			c = 'i'
		case c == 'p' && i+1 < n && latin[i+1] == 'h':
			c = 'f'
			i++
		case c == 'c' && i+1 < n && latin[i+1] == 'k':
			c = 'k'
			i++
		}
		if c == last {
			continue // doubled letters, and ou/oo/ee/ie/aa once mapped
		}
		last = c
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h | 1
}
