// Staged Puts: an article too big for one Badger transaction (thousands of
// claims, each with its index entries) is written in bounded batches under
// a storage id of its own, hidden from readers by a pending mark, and made
// visible by one final transaction that writes its record and removes the
// mark. The version it replaces is marked pending in that same
// transaction, and deleted in batches afterwards.

package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// genSep separates an article id from its generation in a storage id.
// Article ids never contain it (validateArticle).
const genSep = '\x01'

// storageID is the id an article's text, claims and index entries are
// keyed by: its id, or for a staged article its id, 0x01 and generation.
func storageID(id, gen string) string {
	if gen == "" {
		return id
	}
	return id + string(genSep) + gen
}

// articleOf is the article id of a storage id.
func articleOf(sid string) string {
	id, _, _ := strings.Cut(sid, string(genSep))
	return id
}

// pendingRecord is the value of a pending mark "s SID": the storage id's
// keys are not (or no longer) part of any article, and readers skip them.
// It holds what deleting them needs, since the index entries of a claim
// are derived from the date and site of its article (indexEntries).
type pendingRecord struct {
	Site string `json:"site,omitempty"`
	URL  string `json:"url,omitempty"`
	Sec  int64  `json:"sec"`
}

func pendingKey(sid string) []byte { return append([]byte{pPending}, sid...) }

// Batch bounds of a staged write or a cleanup: one transaction holds
// whole claims (a claim with all its index entries, so that a crash never
// leaves an entry whose claim is gone) up to these counts. Badger takes
// up to 15% of a memtable (4 MB) in one transaction, about 6,000 entries
// or 600 KB; these stay well inside either.
const (
	batchEntries = 1500
	batchBytes   = 256 << 10
)

// pendingSet reads every pending mark: the storage ids readers skip. It
// is empty but for Puts in progress or left unfinished by a crash.
func pendingSet(txn *badger.Txn) map[string]bool {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pPending}})
	defer it.Close()
	var set map[string]bool
	for it.Rewind(); it.Valid(); it.Next() {
		if set == nil {
			set = map[string]bool{}
		}
		set[string(it.Item().Key()[1:])] = true
	}
	return set
}

// pendingIn is the pending set a reader of txn skips: pendingSet, or none
// without a look when no staged write has run since Open (which deletes
// what every mark hid). The flag is read after txn began, and set before
// any mark is written, so a snapshot that holds a mark always looks.
// It is never cleared: a snapshot older than a mark's removal still needs
// the mark.
func (s *Store) pendingIn(txn *badger.Txn) map[string]bool {
	if !s.staging.Load() {
		return nil
	}
	return pendingSet(txn)
}

// markPending hides rec's text, claims and index entries from readers,
// for deletion after the transaction commits (cleanPending).
func markPending(txn *badger.Txn, rec *articleRecord) error {
	v, err := json.Marshal(pendingRecord{Site: rec.Site, URL: rec.URL, Sec: timeSec(rec.Published)})
	if err != nil {
		return err
	}
	return txn.Set(pendingKey(rec.sid()), v)
}

// putStaged is Put for an article too big for one transaction.
func (s *Store) putStaged(ctx context.Context, a claims.Article, cs []claims.Claim, source, hash string) (PutResult, error) {
	return s.staged(ctx, a, source, func(stored *articleRecord) (int, string, []entity.Speaker, error) {
		entries, err := claimEntries(nil, stored, 0, cs)
		if err != nil {
			return 0, "", nil, err
		}
		if err := s.writeBatches(ctx, entries, stored, s.hook("staged")); err != nil {
			return 0, "", nil, fmt.Errorf("stage %d claims: %w", len(cs), err)
		}
		return len(cs), hash, articleSpeakers(cs), nil
	})
}

// staged writes article a as a staged version: the pending mark, the
// text, then the claims, which fill writes (for the decoded record stored,
// whose site and date index them) returning their number and the
// content hash; then the final write publishes it. What it replaced is
// deleted afterwards. A failure before the final write leaves the staged
// keys hidden, for the next Put of the article or the next Open to delete.
func (s *Store) staged(ctx context.Context, a claims.Article, source string, fill func(stored *articleRecord) (int, string, []entity.Speaker, error)) (PutResult, error) {
	gen := strconv.FormatInt(time.Now().UnixNano(), 36)
	_, stored, err := recordEntry(a, 0, "", gen)
	if err != nil {
		return PutResult{}, err
	}
	sid := stored.sid()
	s.staging.Store(true)
	// The mark goes first, in a transaction of its own: every staged key
	// written after it is hidden until the final write removes it.
	mark, err := json.Marshal(pendingRecord{Site: stored.Site, URL: stored.URL, Sec: timeSec(stored.Published)})
	if err != nil {
		return PutResult{}, err
	}
	err = s.update(ctx, func(txn *badger.Txn) error {
		if err := txn.Set(pendingKey(sid), mark); err != nil {
			return err
		}
		return txn.Set(textKey(sid), []byte(a.Text))
	})
	if err != nil {
		return PutResult{}, err
	}
	n, hash, speakers, err := fill(&stored)
	if err != nil {
		return PutResult{}, err
	}
	rec, _, err := recordEntry(a, n, hash, gen)
	if err != nil {
		return PutResult{}, err
	}
	s.hook("final")()
	var retired []string
	res, err := s.retryConflicts(ctx, func() (PutResult, error) {
		var res PutResult
		err := s.update(ctx, func(txn *badger.Txn) error {
			var err error
			res, retired, err = publish(txn, a, n, source, rec, hash, sid)
			if err == nil && !res.Unchanged {
				// Linked a part at a time after this write (linkparts.go):
				// one article may name thousands of speakers.
				err = markLinking(txn, a.ID, s.occurrences(speakers))
			}
			if err == nil && res.Superseded != "" {
				err = markLinking(txn, res.Superseded, nil)
			}
			return err
		})
		return res, err
	})
	if err != nil {
		return res, err
	}
	s.hook("published")()
	for _, id := range []string{a.ID, res.Superseded} {
		if err := s.finishLinking(ctx, id); id != "" && err != nil {
			// The article is stored; the next Put of it or the next Open
			// links it.
			return res, nil
		}
	}
	s.hook("linked")()
	for _, old := range retired {
		if err := s.cleanPending(ctx, old); err != nil {
			// The article is stored; what it replaced stays hidden and is
			// deleted by the next Put of it or the next Open.
			return res, nil
		}
	}
	return res, nil
}

// publish is the final transaction of a staged Put of article a with n
// claims, staged under storage id sid: the record (rec) and the sources
// of the new version are written and its pending mark removed, while the
// version it replaces (and an article it supersedes) is marked pending.
// When the stored version has the same content hash, nothing is replaced:
// the staged version is marked for deletion instead. It returns the
// storage ids so marked.
func publish(txn *badger.Txn, a claims.Article, n int, source string, rec kv, hash, sid string) (PutResult, []string, error) {
	res := PutResult{ArticleID: a.ID, Claims: n}
	var retired []string
	retire := func(txn *badger.Txn, r *articleRecord) error {
		retired = append(retired, r.sid())
		return markPending(txn, r)
	}
	old, err := previous(txn, &res, source, retire)
	switch {
	case err != nil:
		return res, nil, err
	case old != nil && old.Hash == hash && res.Superseded == "":
		res.Unchanged = true
		_, err := setSources(txn, a, source)
		return res, []string{sid}, err
	case old != nil:
		res.Replaced = old.Claims
		if err := retire(txn, old); err != nil {
			return res, nil, err
		}
	}
	if err := txn.Set(rec.key, rec.val); err != nil {
		return res, nil, err
	}
	if _, err := setSources(txn, a, source); err != nil {
		return res, nil, err
	}
	return res, retired, txn.Delete(pendingKey(sid))
}

// writeBatches writes entries (each claim followed by its index entries)
// of the article whose decoded record is stored, in transactions bounded
// by batchEntries and batchBytes, never splitting a claim from its
// entries, and groups each claim in the transaction that writes it (a
// claim counting groupWeight entries more). after is called after each
// commit.
func (s *Store) writeBatches(ctx context.Context, entries []kv, stored *articleRecord, after func()) error {
	var batch []kv
	size, weight := 0, 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.updateGroups(ctx, func(txn *badger.Txn) error {
			for _, e := range batch {
				if err := txn.Set(e.key, e.val); err != nil {
					return err
				}
			}
			return s.groupEntries(txn, stored, batch)
		})
		batch, size, weight = batch[:0], 0, 0
		after()
		return err
	}
	for i := 0; i < len(entries); {
		// One unit: a text, or a claim and the index entries after it.
		j := i + 1
		w := 0
		if entries[i].key[0] == pClaim {
			for j < len(entries) && entries[j].key[0] != pClaim {
				j++
			}
			if !s.opts.NoGroups {
				w = groupWeight
			}
		}
		n := 0
		for _, e := range entries[i:j] {
			n += len(e.key) + min(len(e.val), valueThreshold)
		}
		if len(batch)+weight+j-i+w > batchEntries || size+n > batchBytes {
			if err := flush(); err != nil {
				return err
			}
		}
		batch, size, weight = append(batch, entries[i:j]...), size+n, weight+w
		i = j
	}
	return flush()
}

// finishPending deletes what the pending marks of article id (or of every
// article, for id "") hide: what a crash or a cancelled Put left.
func (s *Store) finishPending(ctx context.Context, id string) error {
	var sids []string
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: pendingKey(id)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			sid := string(it.Item().Key()[1:])
			if id == "" || articleOf(sid) == id {
				sids = append(sids, sid)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read pending marks: %w", err)
	}
	for _, sid := range sids {
		if err := s.cleanPending(ctx, sid); err != nil {
			return err
		}
	}
	return nil
}

// cleanPending deletes the claims, index entries and text of the pending
// storage id sid in bounded batches, then its mark. Each batch deletes
// whole claims, so that what is left can still be derived from the claims
// left, however often it is interrupted.
func (s *Store) cleanPending(ctx context.Context, sid string) error {
	var mark pendingRecord
	err := s.view(func(txn *badger.Txn) error {
		item, err := txn.Get(pendingKey(sid))
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error { return json.Unmarshal(v, &mark) })
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read pending mark of %q: %w", sid, err)
	}
	for {
		dels, units, err := s.pendingClaims(sid, mark)
		if err != nil {
			return err
		}
		if len(dels) == 0 {
			break
		}
		if err := s.writeDeletes(ctx, dels, units); err != nil {
			return fmt.Errorf("delete pending claims of %q: %w", sid, err)
		}
		s.hook("cleaned")()
	}
	return s.update(ctx, func(txn *badger.Txn) error {
		if err := txn.Delete(textKey(sid)); err != nil {
			return err
		}
		return txn.Delete(pendingKey(sid))
	})
}

// pendingClaims reads up to a batch of sid's claims and returns the keys
// to delete for them (each claim's key followed by its index entries')
// and the claims, whose places in quote groups go with them.
func (s *Store) pendingClaims(sid string, mark pendingRecord) ([][]byte, []storedClaim, error) {
	var keys [][]byte
	var units []storedClaim
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: claimPrefix(sid)})
		defer it.Close()
		for it.Rewind(); it.Valid() && len(keys)+len(units)*groupWeight < batchEntries; it.Next() {
			item := it.Item()
			var c claims.Claim
			if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &c) }); err != nil {
				return fmt.Errorf("read pending claim %q: %w", item.Key(), err)
			}
			r := ref{article: sid, ord: binaryOrd(item.Key()), sec: mark.Sec}
			entries, err := indexEntries(r, articleSites(mark.Site, mark.URL), &c)
			if err != nil {
				return err
			}
			keys = append(keys, item.KeyCopy(nil))
			for _, e := range entries {
				keys = append(keys, e.key)
			}
			if !s.opts.NoGroups {
				units = append(units, storedClaim{c, r})
			}
		}
		return nil
	})
	return keys, units, err
}

// storedClaim is a claim and where it is stored.
type storedClaim struct {
	c claims.Claim
	r ref
}

// writeDeletes deletes keys, and takes claims out of their quote groups,
// in one transaction (pendingClaims bounds them).
func (s *Store) writeDeletes(ctx context.Context, keys [][]byte, units []storedClaim) error {
	return s.updateGroups(ctx, func(txn *badger.Txn) error {
		for _, k := range keys {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		for i := range units {
			if err := ungroupClaim(txn, s.lists, &units[i].c, units[i].r); err != nil {
				return err
			}
		}
		return nil
	})
}

// update runs fn in a write transaction under mu and commits it unless
// ctx has ended.
func (s *Store) update(ctx context.Context, fn func(txn *badger.Txn) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	txn := s.db.NewTransaction(true)
	defer txn.Discard()
	if err := fn(txn); err != nil {
		return err
	}
	return s.commit(ctx, txn)
}

// hook returns the test hook for a step of a staged Put, or a no-op.
func (s *Store) hook(step string) func() {
	if s.testHook == nil {
		return func() {}
	}
	return func() { s.testHook(step) }
}
