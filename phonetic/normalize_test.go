package phonetic

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii", "  Mohamed   ABDELRAHMAN ", "mohamed abdelrahman"},
		{"apostrophes deleted", "Sa'id N’Diaye Abd-ul‘Aziz", "said ndiaye abd-ulaziz"},
		{"hyphen kept between tokens", "Gebre-Medhin", "gebre-medhin"},
		{"spaced hyphen is a separator", "Gebre - Medhin", "gebre medhin"},
		{"dots separate", "Md.Abdul M. Karim", "md abdul m karim"},
		{"slash abbreviation", "G/ Medhin", "g/medhin"},
		{"french", "Cissé Traoré Keïta", "cisse traore keita"},
		{"turkish", "Şükrü Doğan İsmail", "sukru dogan ismail"},
		{"vietnamese đ", "Đặng Thị Ngọc", "dang thi ngoc"},
		{"letters NFD does not split", "Øyvind Łukasz Æsa", "oyvind lukasz aesa"},
		{"hooked letters", "ɓello ɗan ƙasa", "bello dan kasa"},
		{"sharp s", "Straße", "strasse"},
		{"arabic alef and yeh", "أحمد عيسى", "احمد عيسي"},
		{"arabic harakat and tatweel", "مُحَمَّـــد", "محمد"},
		{"teh marbuta", "فاطمة", "فاطمه"},
		{"persian letters", "کریمی", "كريمي"},
		{"pashto letters", "ډېر ښه", "دير شه"},
		{"sorani letters", "ڕەسووڵ", "رهسوول"},
		{"zwnj deleted", "پزشک\u200cفر", "پزشكفر"},
		{"arabic digits", "٣٤", "34"},
		{"cyrillic й kept", "Андрей", "андрей"},
		{"greek tonos", "Σωκράτης", "σωκρατησ"},
		{"ethiopic unchanged", "ተስፋይ", "ተስፋይ"},
		{"bengali signs kept", "মোহাম্মদ", "মোহাম্মদ"},
		{"invalid utf-8 dropped", "Ali\xff\xfeHassan", "alihassan"},
		{"empty", "", ""},
		{"only punctuation", " - / , . ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestNormalizeTableMatchesPipeline checks that the rune-table fast path
// gives what the full x/text pipeline gives.
func TestNormalizeTableMatchesPipeline(t *testing.T) {
	for _, s := range []string{
		"Nguyễn Văn Ánh", "محمد عبد الرحمن آدم", "ተስፋይ ገብረመድህን", "Владимир Путин", "Σωκράτης",
		"Cissé—Keïta", "Straße", "İstanbul", "Đặng", "Ø'Ł", "a\u00adb", "x\u200cy", "Šêrko Xalid",
	} {
		got, ok := normalizeTable(s)
		if !ok {
			t.Errorf("normalizeTable(%q) fell back to the pipeline", s)
			continue
		}
		if want := normalizePass(s); got != want {
			t.Errorf("normalizeTable(%q) = %q, pipeline gives %q", s, got, want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Mohamed Abdelrahman", "محمد عبد الرحمن", "ተስፋይ", "Nguyễn", "G/Medhin", "a - b", "\xff", "½ ﷲ ﬁ", "Ϊ́", "ﻻ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", s, n)
		}
		if again := Normalize(n); again != n {
			t.Fatalf("not idempotent: Normalize(%q) = %q, Normalize of that = %q", s, n, again)
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("Normalize(%q) = %q has stray spaces", s, n)
		}
	})
}
