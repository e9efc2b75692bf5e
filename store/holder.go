package store

import (
	"errors"
	"fmt"
)

// Advertise writes note into the store's lock file, where ReadHolder finds
// it, so that other processes can learn how to reach the one holding the
// store (claims serve writes its address there). The note lasts until
// Close, or until the next Open after a crash; a read-only store cannot
// advertise.
func (s *Store) Advertise(note []byte) error {
	if err := s.lock.note(note); err != nil {
		return fmt.Errorf("store %s: advertise holder: %w", s.dir, err)
	}
	return nil
}

// ReadHolder tells whether a process holds the store in dir for writing
// (a read-only opener does not count) and returns what that process
// advertised, or nil. It takes no lock and writes nothing; a note left by a
// holder that died is not returned.
func ReadHolder(dir string) (held bool, note []byte, err error) {
	return readHolder(dir)
}

// ReadOnly reports whether the store was opened with Options.ReadOnly.
func (s *Store) ReadOnly() bool { return s.opts.ReadOnly }

// ErrInvalid marks an article Put refuses as given (no id, a claim
// without an id or with a duplicate one): the caller's fault, not the
// store's.
var ErrInvalid = errors.New("invalid article")

// invalidError keeps a refusal's message and matches ErrInvalid.
type invalidError struct{ err error }

func (e invalidError) Error() string   { return e.err.Error() }
func (e invalidError) Unwrap() []error { return []error{e.err, ErrInvalid} }

func invalid(err error) error { return invalidError{err} }

// Generation counts the writes this Store has committed. Two equal
// readings mean nothing was written in between, so that an answer read
// after the first is still the answer: a server caches by it.
func (s *Store) Generation() uint64 { return uint64(s.written.Load()) }
