package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// Check verifies the store's invariants and returns the first violation:
// every article has its text and exactly the number of claims its record
// says; every claim has every index entry it should; every index
// entry points at an existing claim; the linking state is what
// linking the stored claims gives (checkLinking): every claim's speaker
// entity exists and every entity has a claim; and every claim with a
// speaker and words is in exactly one quote group (checkGroups). Keys
// under a pending mark (a staged Put in progress, or what one left that
// the next Open deletes) are no article's and are passed over. It reads
// the whole store, so it is for tests and `claims stats --check`, not for
// every open.
func (s *Store) Check(ctx context.Context) error {
	return s.view(func(txn *badger.Txn) error {
		c := checker{txn: txn, articles: map[string]bool{}, want: map[string]bool{}, pending: pendingSet(txn), speakers: map[string][]entity.Speaker{},
			groups: groupCheck{members: map[string]bool{}, lists: s.lists}}
		if err := c.checkArticles(ctx); err != nil {
			return err
		}
		if err := c.checkOrphans(); err != nil {
			return err
		}
		if err := c.checkGroups(); err != nil {
			return err
		}
		return s.checkLinking(ctx, txn, c.speakers)
	})
}

// checker is one Check's read transaction and what it has learnt from the
// articles, which the search for orphans needs.
type checker struct {
	txn *badger.Txn
	// articles holds the storage id of every stored article.
	articles map[string]bool
	// pending holds the storage ids readers skip.
	pending map[string]bool
	// want holds the key of every index entry the stored claims produce.
	want map[string]bool
	// groups is what the claims say of quote groups.
	groups groupCheck
	// speakers holds each article's speakers, as linking reads them.
	speakers map[string][]entity.Speaker
}

// checkArticles checks every article record, its text and its claims.
func (c *checker) checkArticles(ctx context.Context) error {
	it := c.txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pArticle}})
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
		c.articles[rec.sid()] = true
		if c.pending[rec.sid()] {
			return fmt.Errorf("article %s: its claims are marked pending", rec.ID)
		}
		if _, err := c.txn.Get(textKey(rec.sid())); err != nil {
			return fmt.Errorf("article %s: text: %w", rec.ID, err)
		}
		if err := c.checkClaims(&rec); err != nil {
			return err
		}
	}
	return nil
}

// checkClaims checks that an article's claims decode, are numbered from 0
// without gaps, are as many as its record says, and each have every index
// entry they produce.
func (c *checker) checkClaims(rec *articleRecord) error {
	it := c.txn.NewIterator(badger.IteratorOptions{Prefix: claimPrefix(rec.sid())})
	defer it.Close()
	n := 0
	for it.Rewind(); it.Valid(); it.Next() {
		var cl claims.Claim
		if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &cl) }); err != nil {
			return fmt.Errorf("article %s claim %d: %w", rec.ID, n, err)
		}
		if ord := binaryOrd(it.Item().Key()); ord != uint32(n) {
			return fmt.Errorf("article %s: claim ordinal %d where %d expected", rec.ID, ord, n)
		}
		c.speakers[rec.ID] = append(c.speakers[rec.ID], articleSpeakers([]claims.Claim{cl})...)
		r := ref{article: rec.sid(), ord: uint32(n), sec: timeSec(rec.Published)}
		entries, err := indexEntries(r, articleSites(rec.Site, rec.URL), &cl)
		if err != nil {
			return err
		}
		if err := c.groups.wantMember(c.txn, &cl, r); err != nil {
			return fmt.Errorf("article %s: %w", rec.ID, err)
		}
		for _, e := range entries {
			if _, err := c.txn.Get(e.key); err != nil {
				return fmt.Errorf("article %s claim %s: index entry %q: %w", rec.ID, cl.ID, e.key, err)
			}
			c.want[string(e.key)] = true
		}
		n++
	}
	if n != rec.Claims {
		return fmt.Errorf("article %s: %d claims stored, record says %d", rec.ID, n, rec.Claims)
	}
	return nil
}

// checkOrphans checks, once checkArticles has run, that every claim and
// text belongs to a stored article and every index entry is one some
// claim produced.
func (c *checker) checkOrphans() error {
	for _, p := range []byte{pClaim, pText} {
		k := c.firstKey(p, func(k []byte) bool {
			id := k[1:]
			if p == pClaim {
				id = k[1:bytesIndex0(k)]
			}
			return !c.articles[string(id)] && !c.pending[string(id)]
		})
		if k != nil {
			return fmt.Errorf("%q belongs to no stored article", k)
		}
	}
	// Every index; one added to the key layout belongs here.
	for _, p := range []byte{pDate, pSite, pSpeakerTok, pSpeakerRaw, pSpeakerName, pEntityTok, pEntityRaw} {
		if k := c.firstKey(p, func(k []byte) bool { return !c.want[string(k)] && !c.pendingEntry(k) }); k != nil {
			return fmt.Errorf("index entry %q belongs to no claim", k)
		}
	}
	return nil
}

// pendingEntry reports whether index key k refers to a claim under a
// pending mark.
func (c *checker) pendingEntry(k []byte) bool {
	if len(c.pending) == 0 {
		return false
	}
	var r ref
	var err error
	if k[0] == pDate {
		r, err = parseSuffix(k, 1)
	} else {
		_, r, err = parseNameKey(k)
	}
	return err == nil && c.pending[r.article]
}

// firstKey returns a copy of the first key with prefix byte p for which
// bad is true, or nil if there is none.
func (c *checker) firstKey(p byte, bad func(key []byte) bool) []byte {
	it := c.txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if bad(it.Item().Key()) {
			return it.Item().KeyCopy(nil)
		}
	}
	return nil
}
