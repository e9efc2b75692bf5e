package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/claims-project/claims"
	badger "github.com/dgraph-io/badger/v4"
)

// Check verifies the store's invariants and returns the first violation:
// every article has its text and exactly the number of claims its record
// says; every claim has every index entry it should; and every index
// entry points at an existing claim. It reads the whole store, so it is
// for tests and `claims stats --check`, not for every open.
func (s *Store) Check(ctx context.Context) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db.View(func(txn *badger.Txn) error {
		want := map[string]bool{}
		articles := map[string]bool{}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pArticle}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var rec articleRecord
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &rec) }); err != nil {
				return fmt.Errorf("article %q: %w", it.Item().Key(), err)
			}
			if string(it.Item().Key()[1:]) != rec.ID {
				return fmt.Errorf("article key %q holds article %s", it.Item().Key(), rec.ID)
			}
			articles[rec.ID] = true
			if _, err := txn.Get(textKey(rec.ID)); err != nil {
				return fmt.Errorf("article %s: text: %w", rec.ID, err)
			}
			cit := txn.NewIterator(badger.IteratorOptions{Prefix: claimPrefix(rec.ID)})
			n := 0
			for cit.Rewind(); cit.Valid(); cit.Next() {
				var c claims.Claim
				if err := cit.Item().Value(func(v []byte) error { return json.Unmarshal(v, &c) }); err != nil {
					cit.Close()
					return fmt.Errorf("article %s claim %d: %w", rec.ID, n, err)
				}
				if ord := binaryOrd(cit.Item().Key()); ord != uint32(n) {
					cit.Close()
					return fmt.Errorf("article %s: claim ordinal %d where %d expected", rec.ID, ord, n)
				}
				entries, err := indexEntries(ref{article: rec.ID, ord: uint32(n), sec: timeSec(rec.Published)}, rec.Site, &c)
				if err != nil {
					cit.Close()
					return err
				}
				for _, e := range entries {
					if _, err := txn.Get(e.key); err != nil {
						cit.Close()
						return fmt.Errorf("article %s claim %s: index entry %q: %w", rec.ID, c.ID, e.key, err)
					}
					want[string(e.key)] = true
				}
				n++
			}
			cit.Close()
			if n != rec.Claims {
				return fmt.Errorf("article %s: %d claims stored, record says %d", rec.ID, n, rec.Claims)
			}
		}
		// Every claim and text must belong to an article.
		for _, p := range []byte{pClaim, pText} {
			oit := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
			for oit.Rewind(); oit.Valid(); oit.Next() {
				k := oit.Item().Key()
				id := string(k[1:])
				if p == pClaim {
					id = string(k[1:bytesIndex0(k)])
				}
				if !articles[id] {
					k = oit.Item().KeyCopy(nil)
					oit.Close()
					return fmt.Errorf("%q belongs to no stored article", k)
				}
			}
			oit.Close()
		}
		// Every index entry must be one some claim produced.
		for _, p := range []byte{pDate, pSite, pSpeakerTok, pSpeakerRaw, pSpeakerName, pEntityTok, pEntityRaw} {
			iit := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
			for iit.Rewind(); iit.Valid(); iit.Next() {
				if !want[string(iit.Item().Key())] {
					k := iit.Item().KeyCopy(nil)
					iit.Close()
					return fmt.Errorf("index entry %q belongs to no claim", k)
				}
			}
			iit.Close()
		}
		return nil
	})
}
