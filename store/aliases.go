package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// keyAliases holds the alias file the store remembers: where it was read
// from and what it said.
var keyAliases = []byte("!aliases")

// aliasFile is the value of "!aliases".
type aliasFile struct {
	Path string `json:"path"`
	Text string `json:"text"`
}

// loadLists reads speaker linking's word lists once per process: they
// are embedded and never change.
var loadLists = sync.OnceValues(entity.LoadLists)

// openLinking loads the word lists and the alias file the store
// remembers.
func (s *Store) openLinking() error {
	l, err := loadLists()
	if err != nil {
		return err
	}
	s.lists = l
	f, err := s.aliasFile(context.Background())
	if err != nil {
		return fmt.Errorf("read the alias file of store %s: %w", s.dir, err)
	}
	al, err := l.ParseAliases([]byte(f.Text), f.Path)
	if err != nil {
		return fmt.Errorf("store %s: its alias file: %w", s.dir, err)
	}
	s.aliases.Store(al)
	return nil
}

// aliasSet is the alias file in force.
func (s *Store) aliasSet() *entity.Aliases { return s.aliases.Load() }

// Aliases returns the alias file the store remembers: the path it was
// read from and its text ("" and "" when there is none).
func (s *Store) Aliases(ctx context.Context) (path, text string, err error) {
	f, err := s.aliasFile(ctx)
	return f.Path, f.Text, err
}

// aliasFile reads "!aliases".
func (s *Store) aliasFile(ctx context.Context) (aliasFile, error) {
	var f aliasFile
	err := s.view(func(txn *badger.Txn) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		item, err := txn.Get(keyAliases)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error { return json.Unmarshal(v, &f) })
	})
	return f, err
}

// SetAliases makes the alias file text (read from path, which names it
// in errors and is remembered) the one in force, and links again every
// unit whose names the old or the new file decides, in one transaction:
// a reader sees the entities of the old file or of the new one. A bad
// file is refused with the error ParseAliases gives, and nothing changes.
func (s *Store) SetAliases(ctx context.Context, path string, text []byte) error {
	al, err := s.lists.ParseAliases(text, path)
	if err != nil {
		return err
	}
	if s.opts.ReadOnly {
		return fmt.Errorf("set the alias file of store %s: opened read-only", s.dir)
	}
	s.linkMu.Lock()
	defer s.linkMu.Unlock()
	if err := s.relinkAliases(ctx, path, text, al); err != nil {
		return fmt.Errorf("link store %s with %s: %w", s.dir, path, err)
	}
	s.aliases.Store(al)
	s.articles.invalidate()
	return nil
}

// relinkAliases is SetAliases' transaction.
func (s *Store) relinkAliases(ctx context.Context, path string, text []byte, al *entity.Aliases) error {
	old := s.aliasSet()
	s.mu.RLock()
	defer s.mu.RUnlock()
	txn := s.db.NewTransaction(true)
	defer txn.Discard()
	if err := putJSON(txn, keyAliases, aliasFile{Path: path, Text: string(text)}); err != nil {
		return err
	}
	w := s.newLinkWork(txn)
	w.aliases = al
	for _, b := range append(old.Buckets(), al.Buckets()...) {
		w.touched[b] = true
	}
	if err := w.relinkTouched(""); err != nil {
		return err
	}
	if err := w.flush(); err != nil {
		return err
	}
	return s.commit(ctx, txn)
}
