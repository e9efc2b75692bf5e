//go:build unix

package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// lockName is the file whose flock marks the store as in use. flock locks
// belong to the open file, so a second opener in any process, including
// this one, is refused, and the kernel drops the lock when a process dies,
// even by SIGKILL. A writer holds it exclusively and may write a note into
// it (Advertise); read-only openers hold it shared.
const lockName = "claims.lock"

// maxNote bounds what ReadHolder reads of a note.
const maxNote = 64 << 10

type dirLock struct {
	f        *os.File
	readOnly bool
}

// lockDir takes the store's lock: exclusive for a writer, which also
// clears any note a crashed holder left; shared for a read-only opener,
// which needs no write access (without a lock file it relies on Badger's
// own shared lock of the directory).
func lockDir(dir string, readOnly bool) (dirLock, error) {
	path := filepath.Join(dir, lockName)
	flag, how := os.O_RDWR|os.O_CREATE, syscall.LOCK_EX
	if readOnly {
		flag, how = os.O_RDONLY, syscall.LOCK_SH
	}
	f, err := os.OpenFile(path, flag, 0o644)
	if readOnly && errors.Is(err, os.ErrNotExist) {
		return dirLock{readOnly: true}, nil
	}
	if err != nil {
		return dirLock{}, fmt.Errorf("open store %s: lock: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return dirLock{}, inUse(dir)
		}
		return dirLock{}, fmt.Errorf("open store %s: lock %s: %w", dir, path, err)
	}
	l := dirLock{f: f, readOnly: readOnly}
	if !readOnly {
		if err := l.note(nil); err != nil {
			l.release()
			return dirLock{}, fmt.Errorf("open store %s: clear lock note: %w", dir, err)
		}
	}
	return l, nil
}

// note replaces what the lock file says (nil: nothing).
func (l dirLock) note(b []byte) error {
	if l.f == nil || l.readOnly {
		return errors.New("the store is not held for writing")
	}
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	_, err := l.f.WriteAt(b, 0)
	return err
}

func (l dirLock) release() error {
	if l.f == nil {
		return nil
	}
	if !l.readOnly {
		// A clean close leaves no note behind; a failure to clear it only
		// leaves one that ReadHolder will see is not held.
		_ = l.f.Truncate(0)
	}
	// Closing the file drops the flock; the file itself stays so that a
	// concurrent opener never locks a file about to be unlinked.
	return l.f.Close()
}

// readHolder probes the lock without taking it: held is true while a
// writer holds the store, and note is what that writer advertised.
func readHolder(dir string) (held bool, note []byte, err error) {
	f, err := os.Open(filepath.Join(dir, lockName))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil, nil
	}
	if err != nil {
		return false, nil, fmt.Errorf("store %s: read lock: %w", dir, err)
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	if err == nil {
		// Nobody writes: any note is a crashed holder's.
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return false, nil, nil
	}
	if !errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil, fmt.Errorf("store %s: probe lock: %w", dir, err)
	}
	note, err = io.ReadAll(io.LimitReader(f, maxNote))
	if err != nil {
		return true, nil, fmt.Errorf("store %s: read lock note: %w", dir, err)
	}
	return true, note, nil
}
