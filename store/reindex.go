package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/claims-project/claims"
	badger "github.com/dgraph-io/badger/v4"
)

// keyReindex marks a reindex in progress: an Open that finds it (after a
// crash) reindexes again, from the start, before anything reads the store.
var keyReindex = []byte("!reindex")

// derivedPrefixes are the prefixes of every key derived from articles and
// claims: the indexes and the linking state, which Reindex rebuilds.
var derivedPrefixes = []byte{pDate, pSite, pSpeakerTok, pSpeakerRaw, pSpeakerName, pEntityTok, pEntityRaw,
	pLinks, pPosting, pNode, pEntity, pLocal}

// reindexBatch bounds the keys one reindex transaction deletes or sets.
const reindexBatch = 2000

// Reindex rebuilds every index entry and all speaker links from the stored
// articles and claims, with the alias file in force: what a schema upgrade
// runs, and what to run after changing the linking rules. It works in
// bounded transactions, holding off Puts; readers meanwhile see the
// indexes partly built. A crash leaves a mark that the next Open sees, and
// that Open reindexes again from the start. progress, if not nil, is
// called after each article with the count done and the total.
func (s *Store) Reindex(ctx context.Context, progress func(done, total int)) error {
	if s.opts.ReadOnly {
		return fmt.Errorf("reindex store %s: opened read-only", s.dir)
	}
	s.linkMu.Lock()
	defer s.linkMu.Unlock()
	if err := s.reindex(ctx, progress); err != nil {
		return fmt.Errorf("reindex store %s: %w", s.dir, err)
	}
	return nil
}

func (s *Store) reindex(ctx context.Context, progress func(done, total int)) error {
	if err := s.update(ctx, func(txn *badger.Txn) error { return txn.Set(keyReindex, nil) }); err != nil {
		return err
	}
	// What staged Puts left goes first: the rebuilt indexes are the
	// visible articles' alone.
	if err := s.finishPending(ctx, ""); err != nil {
		return err
	}
	for _, p := range derivedPrefixes {
		if err := s.deletePrefix(ctx, p); err != nil {
			return err
		}
	}
	ids, err := s.articleIDs()
	if err != nil {
		return err
	}
	for i, id := range ids {
		if err := s.reindexArticle(ctx, id); err != nil {
			return fmt.Errorf("article %s: %w", id, err)
		}
		if progress != nil {
			progress(i+1, len(ids))
		}
	}
	defer s.articles.invalidate()
	return s.update(ctx, func(txn *badger.Txn) error { return txn.Delete(keyReindex) })
}

// deletePrefix deletes every key under prefix byte p, a batch at a time.
func (s *Store) deletePrefix(ctx context.Context, p byte) error {
	for {
		var keys [][]byte
		err := s.view(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}, PrefetchValues: false})
			defer it.Close()
			for it.Rewind(); it.Valid() && len(keys) < reindexBatch; it.Next() {
				keys = append(keys, it.Item().KeyCopy(nil))
			}
			return nil
		})
		if err != nil || len(keys) == 0 {
			return err
		}
		if err := s.update(ctx, func(txn *badger.Txn) error {
			for _, k := range keys {
				if err := txn.Delete(k); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
}

// articleIDs lists the ids of the stored articles.
func (s *Store) articleIDs() ([]string, error) {
	var ids []string
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pArticle}, PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			ids = append(ids, string(it.Item().Key()[1:]))
		}
		return nil
	})
	return ids, err
}

// reindexArticle writes an article's index entries (in batches, as a
// staged Put writes them) and then links its speakers in one
// transaction.
func (s *Store) reindexArticle(ctx context.Context, id string) error {
	var rec *articleRecord
	var cs []claims.Claim
	err := s.view(func(txn *badger.Txn) error {
		var err error
		if rec, err = getArticle(txn, id); err != nil {
			return err
		}
		cs, err = readClaims(txn, rec.sid())
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil // gone since it was listed
	}
	if err != nil {
		return err
	}
	var entries []kv
	sec := timeSec(rec.Published)
	for i := range cs {
		e, err := indexEntries(ref{article: rec.sid(), ord: uint32(i), sec: sec}, articleSites(rec.Site, rec.URL), &cs[i])
		if err != nil {
			return err
		}
		entries = append(entries, e...)
	}
	for len(entries) > 0 {
		n := min(len(entries), reindexBatch)
		batch := entries[:n]
		entries = entries[n:]
		if err := s.update(ctx, func(txn *badger.Txn) error {
			for _, e := range batch {
				if err := txn.Set(e.key, e.val); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	err = s.update(ctx, func(txn *badger.Txn) error {
		return markLinking(txn, id, s.occurrences(articleSpeakers(cs)))
	})
	if err != nil {
		return err
	}
	return s.finishLinking(ctx, id)
}

// readClaims reads an article's claims in order.
func readClaims(txn *badger.Txn, id string) ([]claims.Claim, error) {
	var cs []claims.Claim
	it := txn.NewIterator(badger.IteratorOptions{Prefix: claimPrefix(id)})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		var c claims.Claim
		if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &c) }); err != nil {
			return nil, fmt.Errorf("decode claim %q: %w", it.Item().Key(), err)
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// reindexPending reports a reindex that a crash interrupted.
func (s *Store) reindexPending() (bool, error) {
	found := false
	err := s.view(func(txn *badger.Txn) error {
		_, err := txn.Get(keyReindex)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		found = err == nil
		return err
	})
	return found, err
}
