package ingest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCreatePrivate(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if f, err := CreatePrivate(link); err == nil {
		f.Close()
		t.Fatal("CreatePrivate wrote through a symbolic link")
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Fatalf("the link's target was changed to %q", b)
	}

	wide := filepath.Join(dir, "wide")
	if err := os.WriteFile(wide, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := CreatePrivate(wide)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	fi, err := os.Stat(wide)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || fi.Size() != 0 {
		t.Fatalf("an existing 0644 file became mode %v size %d, want 0600 and empty", fi.Mode().Perm(), fi.Size())
	}
}
