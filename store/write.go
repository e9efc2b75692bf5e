package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/claims-project/claims"
	"github.com/claims-project/claims/store/entity"
	badger "github.com/dgraph-io/badger/v4"
)

// articleRecord is the value under "a ID".
type articleRecord struct {
	claims.Article
	// Hash identifies the text, metadata and claims last stored, so that an
	// unchanged re-ingest is skipped.
	Hash   string    `json:"hash"`
	Claims int       `json:"claims"`
	Stored time.Time `json:"stored"`
	// Gen is the generation of a staged article (see stage.go): its
	// claims, text and index entries are stored under the storage id
	// ID 0x01 Gen. Empty for an article written in one transaction, whose
	// storage id is its id.
	Gen string `json:"gen,omitempty"`
}

// sid is the storage id the record's text, claims and index entries are
// keyed by.
func (r *articleRecord) sid() string { return storageID(r.ID, r.Gen) }

// PutResult says what Put did.
type PutResult struct {
	ArticleID string
	// Claims is the number of claims the article now has.
	Claims int
	// Unchanged: the article was already stored with the same text,
	// metadata and claims; nothing was written but source names new to
	// it.
	Unchanged bool
	// Replaced is the number of claims a previous version had (0 for a new
	// article).
	Replaced int
	// New: the article was not in the store before.
	New bool
	// Superseded is the id of the article the same source gave before,
	// deleted because this one replaces it (an edited file, a page that
	// gained a canonical URL); "" when there was none.
	Superseded string
}

// maxPutRetries bounds retries after a transaction conflict, which can
// happen when two articles share a source name or when two Puts change
// one quote group's records at once. After maxPutRetries attempts run
// side by side with other writes, the next ones (up to maxLockedRetries
// in all) hold the grouping lock, so that a quote reprinted by every
// worker at once still gets stored.
const (
	maxPutRetries    = 5
	maxLockedRetries = 20
)

// Put stores article a with its claims in one synced transaction,
// replacing whatever claims the article had. source (a URL or path as the
// user gave it; may be empty) is indexed for HasSource. Claims must have
// ids (claims.AssignIDs); their order is kept.
func (s *Store) Put(ctx context.Context, a claims.Article, cs []claims.Claim, source string) (PutResult, error) {
	if err := validateArticle(a, cs); err != nil {
		return PutResult{}, invalid(err)
	}
	hash, err := contentHash(a, cs)
	if err != nil {
		return PutResult{}, fmt.Errorf("store article %s: %w", a.ID, err)
	}
	end, err := s.beginPut(ctx, a.ID)
	if err != nil {
		return PutResult{}, err
	}
	defer end()
	res, err := s.retryConflicts(ctx, func() (PutResult, error) { return s.put(ctx, a, cs, source, hash) })
	if errors.Is(err, badger.ErrTxnTooBig) {
		// Too big for one transaction: staged, made visible by one
		// final write (stage.go).
		res, err = s.putStaged(ctx, a, cs, source, hash)
	}
	s.articles.invalidate(a.ID, res.Superseded)
	if err != nil {
		return PutResult{}, fmt.Errorf("store article %s: %w", a.ID, err)
	}
	return res, nil
}

// putLock is the lock that serialises Puts of article id.
func (s *Store) putLock(id string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(id))
	return &s.putLocks[h.Sum32()%uint32(len(s.putLocks))]
}

// retryConflicts runs put again after a transaction conflict (see
// maxPutRetries).
func (s *Store) retryConflicts(ctx context.Context, put func() (PutResult, error)) (PutResult, error) {
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return PutResult{}, err
		}
		var res PutResult
		var err error
		if attempt < maxPutRetries {
			res, err = put()
		} else {
			unlock := s.lockGroups()
			res, err = put()
			unlock()
		}
		if !errors.Is(err, badger.ErrConflict) || attempt >= maxLockedRetries {
			return res, err
		}
	}
}

// validateArticle refuses what the key layout cannot hold: an empty id or
// one with a NUL (the separator in keys) or 0x01 (the generation
// separator of storage ids), and claims without distinct ids.
func validateArticle(a claims.Article, cs []claims.Claim) error {
	if a.ID == "" {
		return errors.New("store article: empty article id")
	}
	if strings.ContainsRune(a.ID, 0) {
		return fmt.Errorf("store article %q: id contains a NUL byte", a.ID)
	}
	if strings.ContainsRune(a.ID, genSep) {
		return fmt.Errorf("store article %q: id contains a 0x01 byte", a.ID)
	}
	seen := make(map[string]bool, len(cs))
	for i := range cs {
		id := cs[i].ID
		if id == "" {
			return fmt.Errorf("store article %s: claim %d has no id (call claims.AssignIDs)", a.ID, i)
		}
		if seen[id] {
			return fmt.Errorf("store article %s: claim id %s appears twice", a.ID, id)
		}
		seen[id] = true
	}
	return nil
}

// contentHash identifies an article's text, metadata and claims, so that
// re-ingesting an unchanged article writes nothing; 128 bits of SHA-256
// make a false match negligible.
//
// The path as given is left out: the same file named from another
// directory is the same article.
func contentHash(a claims.Article, cs []claims.Claim) (string, error) {
	a.PathAsGiven = ""
	h := sha256.New()
	enc := json.NewEncoder(h)
	if err := enc.Encode(a); err != nil {
		return "", err
	}
	if err := enc.Encode(cs); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// put is one attempt at Put's transaction, which Put repeats after a
// conflict.
func (s *Store) put(ctx context.Context, a claims.Article, cs []claims.Claim, source, hash string) (PutResult, error) {
	res := PutResult{ArticleID: a.ID, Claims: len(cs)}
	s.mu.RLock()
	defer s.mu.RUnlock()
	txn := s.db.NewTransaction(true)
	defer txn.Discard()

	old, err := previous(txn, &res, source, s.dropNow)
	if err != nil {
		return res, err
	}
	if old != nil && old.Hash == hash && res.Superseded == "" {
		res.Unchanged = true
		// Only the sources may be new; add them without touching the rest.
		added, err := setSources(txn, a, source)
		if err != nil || !added {
			return res, err
		}
		return res, s.commit(ctx, txn)
	}
	if old != nil {
		res.Replaced = old.Claims
		if err := s.dropNow(txn, old); err != nil {
			return res, err
		}
	}
	entries, stored, err := articleEntries(a, cs, hash, "")
	if err != nil {
		return res, err
	}
	for _, e := range entries {
		if err := txn.Set(e.key, e.val); err != nil {
			return res, txnErr(err)
		}
	}
	if err := s.groupClaims(txn, &stored, 0, cs); err != nil {
		return res, err
	}
	if _, err := setSources(txn, a, source); err != nil {
		return res, err
	}
	if err := s.linkPut(txn, a.ID, res.Superseded, articleSpeakers(cs)); err != nil {
		return res, err
	}
	return res, s.commit(ctx, txn)
}

// linkPut links the speakers of article id (articleSpeakers of the claims
// stored in txn) in place of what the article had, and unlinks the
// article it superseded ("" for none).
func (s *Store) linkPut(txn *badger.Txn, id, superseded string, speakers []entity.Speaker) error {
	if s.opts.NoLinks {
		return nil
	}
	w := s.newLinkWork(txn)
	if superseded != "" {
		if err := w.linkArticle(superseded, nil); err != nil {
			return err
		}
	}
	if err := w.linkArticle(id, s.occurrences(speakers)); err != nil {
		return fmt.Errorf("link speakers: %w", err)
	}
	return w.flush()
}

// previous reads what a Put of article res.ArticleID from source
// replaces: the article the source gave last time, if it was another one
// (an earlier version of this one, which drop removes), and the article's
// own record, returned (nil for a new article). It fills in res.New and
// res.Superseded.
func previous(txn *badger.Txn, res *PutResult, source string, drop func(*badger.Txn, *articleRecord) error) (*articleRecord, error) {
	superseded, err := supersede(txn, res.ArticleID, source, drop)
	if err != nil {
		return nil, err
	}
	res.Superseded = superseded
	old, err := getArticle(txn, res.ArticleID)
	if errors.Is(err, ErrNotFound) {
		res.New = true
		return nil, nil
	}
	return old, err
}

// articleEntries is every entry that stores article a with its claims
// under generation gen: record, text, claims and their index entries (not
// sources), and the record as a reader decodes it. The record comes
// first and the text second; each claim is followed by its index entries.
func articleEntries(a claims.Article, cs []claims.Claim, hash, gen string) ([]kv, articleRecord, error) {
	rec, stored, err := recordEntry(a, len(cs), hash, gen)
	if err != nil {
		return nil, stored, err
	}
	out := []kv{rec, {textKey(stored.sid()), []byte(a.Text)}}
	out, err = claimEntries(out, &stored, 0, cs)
	return out, stored, err
}

// recordEntry is the record entry of article a with n claims under
// generation gen, and the record as a reader will decode it, whose site
// and date the claims are indexed under.
func recordEntry(a claims.Article, n int, hash, gen string) (kv, articleRecord, error) {
	rec := articleRecord{Article: a, Hash: hash, Claims: n, Stored: time.Now().UTC(), Gen: gen}
	rec.Text = ""
	v, err := encodeJSON(&rec)
	if err != nil {
		return kv{}, rec, fmt.Errorf("encode article: %w", err)
	}
	// Index what a reader will decode, not what the caller passed: JSON
	// turns invalid UTF-8 into U+FFFD, and deleting entries later re-derives
	// them from the decoded form.
	var stored articleRecord
	if err := json.Unmarshal(v, &stored); err != nil {
		return kv{}, rec, fmt.Errorf("decode article: %w", err)
	}
	return kv{articleKey(a.ID), v}, stored, nil
}

// claimEntries appends the entries of claims cs, numbered from first, of
// the article whose decoded record is stored: each claim followed by its
// index entries.
func claimEntries(out []kv, stored *articleRecord, first int, cs []claims.Claim) ([]kv, error) {
	sid, sec := stored.sid(), timeSec(stored.Published)
	for i := range cs {
		r := ref{article: sid, ord: uint32(first + i), sec: sec}
		v, err := encodeJSON(&cs[i])
		if err != nil {
			return nil, fmt.Errorf("encode claim %s: %w", cs[i].ID, err)
		}
		out = append(out, kv{claimKey(r), v})
		c := &cs[i]
		if !validClaimNames(c) {
			c = &claims.Claim{}
			if err := json.Unmarshal(v, c); err != nil {
				return nil, fmt.Errorf("decode claim %s: %w", cs[i].ID, err)
			}
		}
		entries, err := indexEntries(r, articleSites(stored.Site, stored.URL), c)
		if err != nil {
			return nil, err
		}
		out = append(out, entries...)
	}
	return out, nil
}

// validClaimNames reports whether every string indexEntries reads is valid
// UTF-8, in which case the claim decodes to the same strings and need not
// be round-tripped through JSON.
func validClaimNames(c *claims.Claim) bool {
	if !utf8.ValidString(string(c.Kind)) {
		return false
	}
	for _, sp := range claimSpeakers(c) {
		if !utf8.ValidString(sp.Name) || !utf8.ValidString(sp.Title) {
			return false
		}
	}
	for _, e := range c.Entities {
		if !utf8.ValidString(e.Name) {
			return false
		}
	}
	return true
}

// commit commits txn unless ctx has ended, so that a cancelled Put writes
// nothing, and counts the write for Close's GC.
func (s *Store) commit(ctx context.Context, txn *badger.Txn) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := txn.Commit(); err != nil {
		return err
	}
	s.written.Add(1)
	return nil
}

// txnErr explains the one Badger error a user can cause with a huge article.
func txnErr(err error) error {
	if errors.Is(err, badger.ErrTxnTooBig) {
		return fmt.Errorf("article has too many claims or index entries for one transaction: %w", err)
	}
	return err
}

// setSources points every name of the article (source as given, URL, path)
// at its id, writing only keys that are missing or point elsewhere. It
// reports whether it wrote anything.
func setSources(txn *badger.Txn, a claims.Article, source string) (bool, error) {
	added := false
	for _, src := range []string{source, a.URL, a.Path} {
		if src == "" {
			continue
		}
		id, err := lookupSource(txn, src)
		if err == nil && id == a.ID {
			continue
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return added, err
		}
		if err := txn.Set(sourceKey(src), []byte(a.ID)); err != nil {
			return added, txnErr(err)
		}
		added = true
	}
	return added, nil
}

// dropNow deletes an article's claims, their index entries, their
// places in quote groups and its text (not its record) in txn.
func (s *Store) dropNow(txn *badger.Txn, rec *articleRecord) error {
	if _, err := s.deleteClaims(txn, rec); err != nil {
		return err
	}
	return txnErr(txn.Delete(textKey(rec.sid())))
}

// deleteClaims deletes an article's claims, the index entries they
// produced and their places in quote groups, returning how many claims
// there were.
func (s *Store) deleteClaims(txn *badger.Txn, old *articleRecord) (int, error) {
	prefix := claimPrefix(old.sid())
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	var keys [][]byte
	var cs []claims.Claim
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		var c claims.Claim
		if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &c) }); err != nil {
			it.Close()
			return 0, fmt.Errorf("read old claim %q: %w", item.Key(), err)
		}
		keys = append(keys, item.KeyCopy(nil))
		cs = append(cs, c)
	}
	it.Close()
	sec := timeSec(old.Published)
	for i, k := range keys {
		if err := txn.Delete(k); err != nil {
			return 0, txnErr(err)
		}
		r := ref{article: old.sid(), ord: binaryOrd(k), sec: sec}
		entries, err := indexEntries(r, articleSites(old.Site, old.URL), &cs[i])
		if err != nil {
			return 0, err
		}
		if !s.opts.NoGroups {
			if err := ungroupClaim(txn, s.lists, &cs[i], r); err != nil {
				return 0, err
			}
		}
		for _, e := range entries {
			if err := txn.Delete(e.key); err != nil {
				return 0, txnErr(err)
			}
		}
	}
	return len(keys), nil
}

// supersede deletes the article that source last produced when it now
// produces another (newID): an edited local file has a new content hash,
// and a page that gained a canonical URL a new id, but each is the same
// story, whose old claims must not stay queryable beside the new ones. Only
// an article that came from this very source (its path or URL is the
// source) goes: one that other sources also led to stays. It returns the
// deleted article's id, or "". drop removes the old article's claims,
// index entries and text: at once (dropNow), or by marking them pending
// for a staged Put (markPending).
func supersede(txn *badger.Txn, newID, source string, drop func(*badger.Txn, *articleRecord) error) (string, error) {
	if source == "" {
		return "", nil
	}
	oldID, err := lookupSource(txn, source)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if oldID == newID {
		return "", nil
	}
	prev, err := getArticle(txn, oldID)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if prev.Path != source && prev.URL != source {
		return "", nil
	}
	if err := drop(txn, prev); err != nil {
		return "", err
	}
	if err := txn.Delete(articleKey(oldID)); err != nil {
		return "", txnErr(err)
	}
	// Its other names now lead nowhere; the source itself is re-pointed
	// by setSources.
	for _, src := range []string{prev.URL, prev.Path} {
		if src == "" || src == source {
			continue
		}
		id, err := lookupSource(txn, src)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return "", err
		}
		if id != oldID {
			continue
		}
		if err := txn.Delete(sourceKey(src)); err != nil {
			return "", txnErr(err)
		}
	}
	return oldID, nil
}

// encodeJSON is the JSON a value is stored as: claims.Marshal's, without
// HTML escaping, which would only lengthen stored text.
func encodeJSON(v any) ([]byte, error) { return claims.Marshal(v) }

// beginPut takes article id's write lock and the linking read lock, then
// finishes what a staged Put of the article left unfinished (a crash, a
// cancellation), so that nothing written now is hidden by an old pending
// mark or left unlinked. The caller calls end when its write is done.
func (s *Store) beginPut(ctx context.Context, id string) (end func(), err error) {
	mu := s.putLock(id)
	mu.Lock()
	s.linkMu.RLock()
	end = func() {
		s.linkMu.RUnlock()
		mu.Unlock()
	}
	if err := s.finishPending(ctx, id); err != nil {
		end()
		return nil, fmt.Errorf("store article %s: %w", id, err)
	}
	if err := s.finishLinking(ctx, id); err != nil {
		end()
		return nil, fmt.Errorf("store article %s: %w", id, err)
	}
	return end, nil
}
