// Package names measures the phonetic package: how well phonetic.Compare
// and the blocking keys find true name variants without false matches, on
// real third-party variant data from ../shared/data and on seeded SYNTHETIC
// variants, against two baselines, and how fast names are parsed and
// compared. Run prints the whole report; the rflmatch command's
// "bench names" calls it.
//
// Datasets (each cited in the report):
//
//   - coling-ar: Latin spellings sharing one Arabic spelling, seen at least
//     twice (wikidata_arabic_translit_coling2018/derived, CC0);
//   - geez-ascii: ASCII spellings of one Ge'ez token
//     (geez_ethiopian_names/derived, CC BY-SA 4.0);
//   - wikidata-given: said_to_be_the_same_as rows of the Wikidata given
//     name variants (CC0); its transitive closure merges different names,
//     so the clusters that do are flagged and a second row keeps only the
//     positives outside them;
//   - google-ar2en: Arabic script → Latin (google/transliteration,
//     Apache-2.0);
//   - geez-script: Ge'ez script → ASCII (geez_ethiopian_names/derived);
//   - synthetic: generated in synth.go from the conventions of NAMES.md.
//
// A run over all of them takes about ten seconds on one core.
package names
