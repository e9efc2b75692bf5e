package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/claims-project/claims"
	badger "github.com/dgraph-io/badger/v4"
)

// Stats summarises a store.
type Stats struct {
	Dir      string
	Articles int
	Claims   int
	ByKind   map[claims.Kind]int
	Speakers int
	// DiskBytes is what the directory takes on disk; LSMBytes (tables) and
	// VLogBytes (value log) are the parts of it in Badger's two kinds of
	// data file.
	LSMBytes, VLogBytes, DiskBytes int64
	Oldest, Newest                 time.Time
}

// Stats counts articles, claims by kind and distinct speakers, reading
// keys and small index values only.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Dir: s.dir, ByKind: map[claims.Kind]int{}}
	err := s.view(func(txn *badger.Txn) error {
		pending := s.pendingIn(txn)
		count := func(prefix byte, each func(item *badger.Item) error) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefix}})
			defer it.Close()
			i := 0
			for it.Rewind(); it.Valid(); it.Next() {
				if i++; i%4096 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				if err := each(it.Item()); err != nil {
					return err
				}
			}
			return nil
		}
		if err := count(pArticle, func(*badger.Item) error { st.Articles++; return nil }); err != nil {
			return err
		}
		err := count(pDate, func(item *badger.Item) error {
			r, err := parseSuffix(item.Key(), 1)
			if err != nil {
				return err
			}
			if pending[r.article] {
				return nil
			}
			st.Claims++
			if r.sec != zeroSec {
				t := time.Unix(r.sec, 0).UTC()
				if st.Oldest.IsZero() || t.Before(st.Oldest) {
					st.Oldest = t
				}
				if t.After(st.Newest) {
					st.Newest = t
				}
			}
			return item.Value(func(v []byte) error { st.ByKind[claims.Kind(v)]++; return nil })
		})
		if err != nil {
			return err
		}
		var last []byte
		return count(pSpeakerName, func(item *badger.Item) error {
			k := item.Key()
			if len(pending) > 0 {
				if _, r, err := parseNameKey(k); err != nil || pending[r.article] {
					return err
				}
			}
			name := k[:bytesIndex0(k)]
			if string(name) != string(last) {
				st.Speakers++
				last = append(last[:0], name...)
			}
			return nil
		})
	})
	if err != nil {
		return st, fmt.Errorf("stats of store %s: %w", s.dir, err)
	}
	st.LSMBytes, st.VLogBytes, st.DiskBytes = dirSize(s.dir)
	return st, nil
}

// dirSize is the space the files under dir take on disk, in total and in
// table (.sst) and value-log (.vlog) files. Best effort: a file that
// vanishes mid-walk (compaction) is skipped. Badger's own Size() is only
// refreshed once a minute, so a CLI run would always see zero.
func dirSize(dir string) (lsm, vlog, total int64) {
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		n := diskBytes(info)
		total += n
		switch filepath.Ext(path) {
		case ".sst":
			lsm += n
		case ".vlog":
			vlog += n
		}
		return nil
	})
	return lsm, vlog, total
}
