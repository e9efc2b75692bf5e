//go:build !unix

package store

import "errors"

// lockName is kept out of the "is this a store" check on every platform.
const lockName = "claims.lock"

// On systems without flock, Badger's own directory lock (detected in Open)
// is what refuses a second process, and no holder can advertise itself.
type dirLock struct{}

func lockDir(string, bool) (dirLock, error) { return dirLock{}, nil }

func (dirLock) note([]byte) error {
	return errors.New("advertising a store's holder needs flock (unix)")
}

func (dirLock) release() error { return nil }

func readHolder(string) (bool, []byte, error) { return false, nil, nil }
