//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockName is the file whose flock marks the store as in use. flock locks
// belong to the open file, so a second opener in any process, including
// this one, is refused, and the kernel drops the lock when a process dies,
// even by SIGKILL.
const lockName = "claims.lock"

type dirLock struct{ f *os.File }

func lockDir(dir string) (dirLock, error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return dirLock{}, fmt.Errorf("open store %s: lock: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return dirLock{}, inUse(dir)
		}
		return dirLock{}, fmt.Errorf("open store %s: lock %s: %w", dir, path, err)
	}
	return dirLock{f}, nil
}

func (l dirLock) release() error {
	// Closing the file drops the flock; the file itself stays so that a
	// concurrent opener never locks a file about to be unlinked.
	return l.f.Close()
}
