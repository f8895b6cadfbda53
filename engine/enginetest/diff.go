package enginetest

import (
	"fmt"
	"strings"
)

// LineDiff shows the first line where two outputs differ, each cut to 300
// bytes, or "" when they are the same: what a test of byte-identical
// outputs prints, rather than two whole files.
func LineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got %.300s\nwant %.300s", i+1, gl, wl)
		}
	}
	return ""
}
