package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Sync makes every Put that returned before it durable. Without
// Options.GroupCommit every Put was synced already and Sync does nothing.
//
// Badger's own Sync syncs only the memtable being written and the newest
// value-log file. Since Puts are not synced as they commit, a batch may
// have filled a memtable, which Badger then set aside to flush (its
// write-ahead log, a .mem file, stays until the flush is done), or moved
// to a new value-log file; Sync syncs those files too. Puts wait while it
// runs (it holds mu for writing), so that no commit is half on disk when
// it returns, and it syncs the value log before the write-ahead logs that
// point into it.
func (s *Store) Sync() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.syncLocked(); err != nil {
		return fmt.Errorf("sync store %s: %w", s.dir, err)
	}
	return nil
}

// syncLocked is Sync with mu held for writing.
func (s *Store) syncLocked() error {
	if !s.opts.GroupCommit || s.opts.NoSync || s.opts.ReadOnly {
		return nil
	}
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return err
	}
	var vlogs, mems []string
	newest := s.syncedVlog
	for _, e := range entries {
		name := e.Name()
		switch filepath.Ext(name) {
		case ".vlog":
			fid, err := strconv.Atoi(strings.TrimSuffix(name, ".vlog"))
			if err == nil && fid >= s.syncedVlog {
				vlogs = append(vlogs, name)
				newest = max(newest, fid)
			}
		case ".mem":
			mems = append(mems, name)
		}
	}
	for _, name := range vlogs {
		if err := fsyncFile(filepath.Join(s.dir, name)); err != nil {
			return err
		}
	}
	if err := s.db.Sync(); err != nil {
		return err
	}
	for _, name := range mems {
		if err := fsyncFile(filepath.Join(s.dir, name)); err != nil {
			return err
		}
	}
	s.syncedVlog = newest
	return nil
}

// fsyncFile syncs the file at path, through an open of its own: Badger
// writes its logs through memory maps, and an fsync of the file writes
// back the pages dirtied through any of them. A file gone meanwhile was a
// memtable's log whose flush to a table (itself synced) has finished.
func fsyncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	serr := f.Sync()
	if cerr := f.Close(); serr == nil {
		serr = cerr
	}
	return serr
}
