//go:build !unix

package store

// lockName is kept out of the "is this a store" check on every platform.
const lockName = "claims.lock"

// On systems without flock, Badger's own directory lock (detected in Open)
// is what refuses a second process.
type dirLock struct{}

func lockDir(string) (dirLock, error) { return dirLock{}, nil }

func (dirLock) release() error { return nil }
