// Package phonetic reads personal names the way tracing work needs them:
// across scripts, spellings and naming traditions.
//
// # Model
//
// A name goes through four steps, each of which keeps what it was given:
//
//  1. Normalize: NFKC, case folding, diacritics, tatweel, format characters
//     and apostrophes removed, Arabic-script letter variants folded,
//     punctuation turned into separators (hyphens and slashes kept as
//     joiners).
//  2. Transliterate: each token's script is detected and the token is
//     written in Latin letters, with a canonical form (what a Latin-script
//     clerk would most likely write) and alternatives where the script is
//     ambiguous (unvowelled Arabic, Ge'ez vowel orders).
//  3. Parse: tokens are grouped into parts (Abd al-Rahman, Gebre Medhin,
//     de la Cruz are one part each; particles attach to their name), and
//     parts get roles from the culture: given, father and grandfather in
//     patronymic cultures (Arabic, Somali, Tigrinya and Amharic, Iraqi
//     Kurdish), two surnames in Spanish, family first in Vietnamese.
//     Structured parts from the record (FromParts) win over parsing.
//  4. Keys: each part's Latin form is folded to its transliteration
//     equivalence class (Fold: o/u, e/i, kh/x/h, q/k, j/g/dj, Somali c
//     and x, Francophone and Anglophone West African spellings …), and
//     phonetic codes are computed from it: Double Metaphone and NYSIIS
//     (matchr, on upper-case ASCII only) and a consonant skeleton.
//
// Compare aligns the parts of two parsed names and returns a Level (exact,
// transliteration, phonetic, fuzzy, partial, different) and a Score in
// [0, 1]. Missing parts and swapped order cost little; a different given
// name next to the same father and grandfather (brothers), or a lineage
// shifted by a generation (father and son), is Different. Where one name
// has more parts, two neighbouring parts may be read as one (Ali Reza =
// Alireza, Ben Ali = Benali, Tekle Yesus = Tekleyesus): nothing but a
// Persian ZWNJ marks such a joint in writing (joined.go).
//
// Comparing one name with many others, as a query's candidates are, goes
// faster through a Memo, which remembers the similarities of pairs of
// parts by their content, and with Differ, which tells without comparing
// most pairs that Compare would find Different. A compact name
// (Name.Compact) compares and gives keys as the full one, without the text
// that only explanations read; Name.AppendBinary and DecodeName encode it
// for a store to keep.
//
// The conventions encoded here are those gathered in the project's
// NAMES.md, section by section (4.1 to 4.12).
//
// # Caveats
//
// Transliteration from Arabic script cannot recover short vowels: frequent
// names come from a small table, others are spelled with a default "a",
// and matching relies on the folded key and the consonant skeleton.
// Scripts other than Latin, Arabic, Ethiopic, Bengali, Cyrillic and Greek
// are romanised by general tables (unidecode; pinyin for Han) with a few
// rules of ours on top (fallback.go): good enough to meet a clerk's Latin
// spelling, not a scholarly transliteration. Han is read in Mandarin, so
// Japanese names in kanji and Korean names in hanja do not meet their
// romaji or Korean spellings; Chinese and Korean names written without a
// space are split after the first character, the surname.
package phonetic
