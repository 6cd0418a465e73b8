package privfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestCreateOnce(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "desk.secret")
	got, err := CreateOnce(path, []byte("first"))
	if err != nil || string(got) != "first" {
		t.Fatalf("create: %q %v", got, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v, want 0600 whatever the umask", fi.Mode(), err)
	}
	// A second creator gets the file that is there, not its own.
	if got, err := CreateOnce(path, []byte("second")); err != nil || string(got) != "first" {
		t.Fatalf("second create: %q %v", got, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}
