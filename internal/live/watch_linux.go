//go:build linux

package live

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"syscall"
)

// watchDatabase calls changed whenever the database at path or its
// write-ahead log is written, until ctx ends. It watches the directory
// (inotify), not the files, so a log that is removed and made again is
// still seen. Writes through shared memory (the log's index) raise no
// event; every commit also writes the log file, which does.
func watchDatabase(ctx context.Context, path string, changed func()) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	dir, base := filepath.Split(abs)
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC | syscall.IN_NONBLOCK)
	if err != nil {
		return os.NewSyscallError("inotify_init1", err)
	}
	// Non-blocking, so reads wait in the runtime's poller and Close ends
	// them.
	f := os.NewFile(uintptr(fd), "inotify")
	if _, err := syscall.InotifyAddWatch(fd, dir, syscall.IN_MODIFY|syscall.IN_CREATE|syscall.IN_MOVED_TO); err != nil {
		f.Close()
		return os.NewSyscallError("inotify_add_watch", err)
	}
	go func() {
		<-ctx.Done()
		f.Close()
	}()
	go func() {
		names := [][]byte{[]byte(base), []byte(base + "-wal")}
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			if err != nil {
				return // closed: ctx ended
			}
			if concerns(buf[:n], names) {
				changed()
			}
		}
	}()
	return nil
}

// concerns reports whether a read of inotify events names one of names.
func concerns(evs []byte, names [][]byte) bool {
	for len(evs) >= syscall.SizeofInotifyEvent {
		nameLen := int(binary.NativeEndian.Uint32(evs[12:16]))
		end := syscall.SizeofInotifyEvent + nameLen
		if end > len(evs) {
			return false
		}
		name := bytes.TrimRight(evs[syscall.SizeofInotifyEvent:end], "\x00")
		for _, want := range names {
			if bytes.Equal(name, want) {
				return true
			}
		}
		evs = evs[end:]
	}
	return false
}
