package index

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/rflmatch/rflmatch/engine"
)

// erasedSecrets are what must not survive an erase: the record's id, its
// name (in any case), a word only it holds.
var erasedSecrets = []string{"zzid-qwertyuiop-77", "zzyzxqwerty", "vermilionish"}

// everythingReadable opens the store's files as badger does, with the key,
// and returns every key and every value it can open with the keys the
// store derives and every data key any version of the files holds, all in
// lower case.
func everythingReadable(t *testing.T, dir string, opt Options) []string {
	t.Helper()
	keys, err := deriveKeys(opt.Key)
	if err != nil {
		t.Fatal(err)
	}
	entryKey, err := entryKeyOf(keys)
	if err != nil {
		t.Fatal(err)
	}
	db, err := badger.Open(opt.badgerOptions(dir, keys))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type version struct {
		key, value []byte
		meta       byte
	}
	var all []version
	var dataKeys [][]byte
	err = db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{AllVersions: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			all = append(all, version{item.KeyCopy(nil), v, item.UserMeta()})
			if len(v) > 0 && item.Key()[0] == prefixDataKey {
				dataKeys = append(dataKeys, v)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range all {
		out = append(out, strings.ToLower(string(v.key)))
		if plain, err := unseal(entryKey, v.key, 0, v.value); err == nil {
			out = append(out, strings.ToLower(string(plain)))
		}
		for _, dk := range dataKeys {
			if plain, err := unseal(dk, v.key, v.meta, v.value); err == nil {
				out = append(out, strings.ToLower(string(plain)))
			}
		}
	}
	return out
}

// searchTerms is every term of the search index's dictionary.
func searchTerms(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	if err := s.WaitSearch(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.search.idxMu.RLock()
	defer s.search.idxMu.RUnlock()
	adv, err := s.search.idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	d, err := r.FieldDict("t")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	terms := map[string]bool{}
	for e, err := d.Next(); e != nil && err == nil; e, err = d.Next() {
		terms[e.Term] = true
	}
	return terms
}

func TestEraseLeavesNothing(t *testing.T) {
	ctx := context.Background()
	for _, encrypted := range []bool{false, true} {
		for _, crash := range []bool{false, true} {
			name := map[bool]string{false: "plain", true: "encrypted"}[encrypted] + map[bool]string{false: "", true: " interrupted"}[crash]
			t.Run(name, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "store")
				opt := testOptions(encrypted)
				s, err := Open(ctx, dir, opt)
				if err != nil {
					t.Fatal(err)
				}
				target := record("zz-tracing", "ZZID-Qwertyuiop-77", engine.TracingRequest, "Zzyzxqwerty Abdelrahman")
				target.CaseID = "C-SHARED"
				target.Clothing = []string{"vermilionish anorak"}
				am := record("zz-tracing", "AM-1", engine.AnteMortem, "Mohamed Abdelrahman Adam")
				am.CaseID = "C-SHARED"
				other := record("zz-tracing", "TR-2", engine.TracingRequest, "Ahmed Ali Hassan")
				// Several versions of the record, and flushed tables.
				for i, extra := range []string{"", "black jeans", "blue cap"} {
					r := *target
					if extra != "" {
						r.Clothing = append([]string{extra}, target.Clothing...)
					}
					if _, err := s.Put(ctx, []*engine.Record{&r, am, other}); err != nil {
						t.Fatal(err)
					}
					if i == 1 {
						if err := s.db.Flatten(1); err != nil {
							t.Fatal(err)
						}
					}
				}
				if err := s.PutDocs(ctx, DocWrite{Table: "matches", Key: "m-1", Value: []byte(`{"sought":"ZZID-Qwertyuiop-77"}`)}); err != nil {
					t.Fatal(err)
				}
				if crash {
					s.eraseHook = func() error { return errors.New("power cut") }
				}
				err = s.Erase(ctx, engine.Key{Source: "zz-tracing", ID: "ZZID-Qwertyuiop-77"}, []DocWrite{{Table: "matches", Key: "m-1", Value: []byte(`{"status":"erased"}`)}})
				if (err != nil) != crash {
					t.Fatalf("Erase: %v", err)
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				if crash {
					// Open finishes the erase the crash cut short.
					opt.Create = false
					if s, err = Open(ctx, dir, opt); err != nil {
						t.Fatal(err)
					}
					s.Close()
				}
				for _, text := range everythingReadable(t, dir, opt) {
					for _, secret := range erasedSecrets {
						if strings.Contains(text, secret) {
							t.Errorf("%q is still readable with the key: %.200q", secret, text)
						}
					}
				}
				// Raw bytes too (a plain store's keys are plain text).
				filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
					if err != nil || d.IsDir() {
						return err
					}
					b, _ := os.ReadFile(p)
					for _, secret := range erasedSecrets {
						if bytes.Contains(bytes.ToLower(b), []byte(secret)) {
							t.Errorf("%q in %s", secret, filepath.Base(p))
						}
					}
					return nil
				})
				// The rest is intact: the case lives on with its other record.
				opt.Create = false
				s = openTest(t, dir, opt)
				if _, err := s.Get(ctx, engine.Key{Source: "zz-tracing", ID: "ZZID-Qwertyuiop-77"}); !errors.Is(err, ErrNotFound) {
					t.Errorf("the erased record: %v", err)
				}
				recs, err := s.Case(ctx, engine.Key{Source: "zz-tracing", ID: "AM-1"})
				if err != nil || len(recs) != 1 || recs[0].ID != "AM-1" {
					t.Errorf("the case after the erase: %v, %v", recs, err)
				}
				if v, err := s.Doc(ctx, "matches", "m-1"); err != nil || string(v) != `{"status":"erased"}` {
					t.Errorf("the rewritten document: %q, %v", v, err)
				}
				var n int
				s.View(ctx, func(v engine.IndexView) error { n = v.Len(); return nil })
				if n != 2 {
					t.Errorf("%d indexed cases after the erase, want 2", n)
				}
				// Nor its blind words in the search index's dictionary.
				terms := searchTerms(t, s)
				for _, w := range []string{"zzyzxqwerty", "vermilionish"} {
					if terms[s.search.token(tokWord, w)] {
						t.Errorf("the search index still holds the token of %q", w)
					}
				}
				if !terms[s.search.token(tokWord, "mohamed")] {
					t.Error("the search index lost the words of the records that stay")
				}
			})
		}
	}
}
