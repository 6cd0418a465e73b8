// Package privfile creates the desk's private files (the SSH host key, the
// desk secret): readable by their owner only whatever the umask, never
// seen half-written, and shared by two processes that create them at once.
package privfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// CreateOnce writes data to a temporary file beside path (CreateTemp makes
// it 0600) and links it into place. When path already exists — another
// process was quicker — it returns that file's contents instead, so every
// process ends up with the same file.
func CreateOnce(path string, data []byte) ([]byte, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		return os.ReadFile(path)
	} else if err != nil {
		return nil, err
	}
	return data, nil
}
