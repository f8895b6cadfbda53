package phonetic

import "testing"

// benchNames are the examples of the tracker issue and NAMES.md, in the
// scripts and spellings Parse meets.
var benchNames = []string{
	"محمد عبد الرحمن آدم", "Mohamed Abdelrahman Adam", "Muhammad Abd al-Rahman", "MOHAMED ABDERAHMAN",
	"ተስፋይ ገብረመድህን", "Tesfay Gebremedhin Haile", "Tesfaye Gebre-Medhin", "Maxamed Cabdi Xasan",
	"Mohamed Abdi Hassan", "DIALLO Mamadou", "Momodou Jallow", "Md. Abdul Karim", "Nguyễn Văn An",
	"Nuur Xuseen Cabdirashiid", "Noor Hussen Abdirashid", "Nour Houssein Abdirachid", "Cissé Fatoumata",
	"Ahmed Mohamed Ali", "Habibullah", "Salah al-Din", "G/Medhin Tesfay", "Fernández de Calderón, María José",
}

// BenchmarkParseKeys measures Parse followed by Keys, the work done once
// per name at ingest.
func BenchmarkParseKeys(b *testing.B) {
	b.ReportAllocs()
	keys := 0
	for i := 0; b.Loop(); i++ {
		n := Parse(benchNames[i%len(benchNames)], "")
		keys += len(n.Keys())
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "names/s")
}

// BenchmarkParseKeysUncached is BenchmarkParseKeys without the memo of
// matchr codes: the cost for spellings never seen before.
func BenchmarkParseKeysUncached(b *testing.B) {
	codes.disabled = true
	defer func() { codes.disabled = false }()
	BenchmarkParseKeys(b)
}

// BenchmarkCompare measures Compare on every pair of the parsed examples.
func BenchmarkCompare(b *testing.B) {
	names := make([]Name, len(benchNames))
	for i, s := range benchNames {
		names[i] = Parse(s, "")
	}
	b.ReportAllocs()
	var sink float64
	for i := 0; b.Loop(); i++ {
		x, y := &names[i%len(names)], &names[(i/len(names))%len(names)]
		sink += Compare(x, y).Score
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
	_ = sink
}
