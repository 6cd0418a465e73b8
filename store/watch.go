package store

import (
	"context"
	"path/filepath"

	"github.com/fsnotify/fsnotify"
)

// watchFile calls changed whenever the SQLite database at path or its
// write-ahead log is written, until ctx ends. It watches the directory,
// not the files, so a log that is removed and made again is still seen.
// Writes through shared memory (the log's index) raise no event; every
// commit also writes the log file, which does. fsnotify (inotify on
// Linux, kqueue on BSD and macOS, ReadDirectoryChangesW on Windows)
// rather than our own syscalls: one maintained watcher for every
// platform the desk runs on.
func watchFile(ctx context.Context, path string, changed func()) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	if err := w.Add(filepath.Dir(abs)); err != nil {
		w.Close()
		return err
	}
	names := map[string]bool{abs: true, abs + "-wal": true}
	go func() {
		defer w.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if names[filepath.Clean(ev.Name)] && ev.Has(fsnotify.Write|fsnotify.Create|fsnotify.Rename) {
					changed()
				}
			case _, ok := <-w.Errors:
				// An overflow loses events, not the watch: the feed's
				// safety poll catches up from the events sequence.
				if !ok {
					return
				}
			}
		}
	}()
	return nil
}
