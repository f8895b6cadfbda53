package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteAtomic(t *testing.T) {
	tests := []struct {
		name      string
		old       string // "" for no previous file
		write     string
		fail      bool
		perm      os.FileMode
		wantBody  string
		wantFiles []string
	}{
		{name: "new file", write: "pairs\n", perm: 0o600, wantBody: "pairs\n", wantFiles: []string{"out.csv"}},
		{name: "replaces a wider file", old: "old\n", write: "new\n", perm: 0o600, wantBody: "new\n", wantFiles: []string{"out.csv"}},
		{name: "a model file keeps its mode", write: "{}\n", perm: 0o644, wantBody: "{}\n", wantFiles: []string{"out.csv"}},
		{name: "a failed write leaves the old file", old: "old\n", write: "half of", fail: true, perm: 0o600, wantBody: "old\n", wantFiles: []string{"out.csv"}},
		{name: "a failed write leaves nothing", write: "half of", fail: true, perm: 0o600, wantFiles: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.csv")
			if tt.old != "" {
				if err := os.WriteFile(path, []byte(tt.old), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := writeAtomic(path, tt.perm, func(w io.Writer) error {
				io.WriteString(w, tt.write)
				if names := dirNames(t, dir); len(names) > 0 && runtime.GOOS == "linux" && !slices.Equal(names, []string{"out.csv"}) {
					t.Errorf("while writing, the directory holds %v", names)
				}
				if tt.fail {
					return errors.New("disk full")
				}
				return nil
			})
			if (err != nil) != tt.fail {
				t.Fatalf("writeAtomic: %v, want failure %v", err, tt.fail)
			}
			if got := dirNames(t, dir); !slices.Equal(got, tt.wantFiles) {
				t.Errorf("the directory holds %v, want %v", got, tt.wantFiles)
			}
			if tt.wantBody == "" {
				return
			}
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(body) != tt.wantBody {
				t.Errorf("the file holds %q, want %q", body, tt.wantBody)
			}
			want := tt.perm
			if tt.fail {
				want = 0o644 // the old file, untouched
			}
			if st, _ := os.Stat(path); st.Mode().Perm() != want {
				t.Errorf("mode %v, want %v", st.Mode().Perm(), want)
			}
		})
	}
}

// killedWriterEnv names the directory a child process writes into for
// TestWriteAtomicKilled.
const killedWriterEnv = "RFLMATCH_TEST_KILLED_WRITER_DIR"

// TestWriteAtomicKilled is the probe of issue 18: a cross-check killed
// with kill -9 while it writes its pairs left .p.jsonl.NNN.tmp with names
// in it. A child process starts writing synthetic names and is killed
// halfway; nothing may be left in the directory.
func TestWriteAtomicKilled(t *testing.T) {
	if dir := os.Getenv(killedWriterEnv); dir != "" {
		// The child: write, say so, and wait to be killed.
		writeAtomic(filepath.Join(dir, "p.jsonl"), 0o600, func(w io.Writer) error {
			for range 1000 {
				io.WriteString(w, `{"left_id":"synthetic","name":"Synthetic Name Written Halfway"}`+"\n")
			}
			w.(*bufio.Writer).Flush()
			os.Stdout.WriteString("writing\n")
			select {}
		})
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("elsewhere writeAtomic's temporary file is left by a kill -9, as documented")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriteAtomicKilled$")
	cmd.Env = append(os.Environ(), killedWriterEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "writing") {
		cmd.Process.Kill()
		t.Fatalf("the child did not start writing: %q, %v", line, err)
	}
	if err := cmd.Process.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if names := dirNames(t, dir); len(names) > 0 {
		t.Errorf("a killed write left %v", names)
	}
}
