package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/claims-project/claims"
	badger "github.com/dgraph-io/badger/v4"
)

// view runs fn in a read transaction, holding mu so that Checkpoint does
// not swap the database while fn reads it.
func (s *Store) view(fn func(txn *badger.Txn) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db.View(fn)
}

// getArticle reads an article's record (without text), or fails with
// ErrNotFound.
func getArticle(txn *badger.Txn, id string) (*articleRecord, error) {
	item, err := txn.Get(articleKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, errorf(ErrNotFound, "no article %s in the store", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read article %s: %w", id, err)
	}
	rec := &articleRecord{}
	if err := item.Value(func(v []byte) error { return json.Unmarshal(v, rec) }); err != nil {
		return nil, fmt.Errorf("decode article %s: %w", id, err)
	}
	return rec, nil
}

// HasSource reports whether source (as given to Put) or an article URL or
// path is already stored, without fetching anything.
func (s *Store) HasSource(ctx context.Context, source string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if source == "" {
		return false, nil
	}
	var found bool
	err := s.view(func(txn *badger.Txn) error {
		id, err := lookupSource(txn, source)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = txn.Get(articleKey(id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		found = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("look up source %s: %w", source, err)
	}
	return found, nil
}

// lookupSource returns the id of the article stored under source (as given
// to Put, or an article's URL or path), or a bare ErrNotFound.
func lookupSource(txn *badger.Txn, source string) (string, error) {
	item, err := txn.Get(sourceKey(source))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", err
	}
	v, err := item.ValueCopy(nil)
	return string(v), err
}

// Article returns a stored article (with its text) and its claims in
// order. ref is an article id, or a URL, path or source it was stored
// under.
func (s *Store) Article(ctx context.Context, ref string) (claims.Article, []claims.Claim, error) {
	if err := ctx.Err(); err != nil {
		return claims.Article{}, nil, err
	}
	var a claims.Article
	var cs []claims.Claim
	err := s.view(func(txn *badger.Txn) error {
		rec, err := getArticle(txn, ref)
		if errors.Is(err, ErrNotFound) {
			id, serr := lookupSource(txn, ref)
			if serr != nil {
				return err
			}
			rec, err = getArticle(txn, id)
		}
		if err != nil {
			return err
		}
		a = rec.Article
		item, err := txn.Get(textKey(rec.sid()))
		if err != nil {
			return fmt.Errorf("read text of article %s: %w", a.ID, err)
		}
		if err := item.Value(func(v []byte) error { a.Text = string(v); return nil }); err != nil {
			return fmt.Errorf("read text of article %s: %w", a.ID, err)
		}
		if cs, err = readClaims(txn, rec.sid()); err != nil {
			return err
		}
		ents := newEntityView(txn, s.lists)
		for i := range cs {
			if err := ents.attach(&cs[i], a.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, ErrNotFound) {
		return claims.Article{}, nil, errorf(ErrNotFound, "no article %q in store %s (give an article id, URL or path)", ref, s.dir)
	}
	if err != nil {
		return claims.Article{}, nil, fmt.Errorf("show article %s: %w", ref, err)
	}
	return a, cs, nil
}

func getClaim(txn *badger.Txn, r ref) (claims.Claim, error) {
	var c claims.Claim
	item, err := txn.Get(claimKey(r))
	if err != nil {
		return c, fmt.Errorf("read claim %d of article %s: %w", r.ord, r.article, err)
	}
	if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &c) }); err != nil {
		return c, fmt.Errorf("decode claim %d of article %s: %w", r.ord, r.article, err)
	}
	return c, nil
}

// articleCache keeps the metadata of recently seen articles for one
// query, in front of the store's shared cache. Results of one article are
// usually adjacent, so a small map avoids most lookups while keeping
// memory bounded however many results a query streams.
type articleCache struct {
	txn    *badger.Txn
	m      map[string]claims.Article
	shared *sharedArticles
	// gen is the shared cache's generation when the query's transaction
	// began: what it reads may be added only if no write came since.
	gen uint64
}

const articleCacheSize = 256

// newArticleCache is a query's cache; gen must be read from shared before
// txn began.
func newArticleCache(txn *badger.Txn, shared *sharedArticles, gen uint64) *articleCache {
	return &articleCache{txn: txn, m: make(map[string]claims.Article), shared: shared, gen: gen}
}

// get returns the article of storage id sid (an index entry's article).
func (c *articleCache) get(sid string) (claims.Article, error) {
	if a, ok := c.m[sid]; ok {
		return a, nil
	}
	id := articleOf(sid)
	a, ok := c.shared.lookup(id)
	if !ok {
		rec, err := getArticle(c.txn, id)
		if err != nil {
			return claims.Article{}, err
		}
		a = rec.Article
		c.shared.add(c.gen, a)
	}
	if len(c.m) >= articleCacheSize {
		clear(c.m)
	}
	c.m[sid] = a
	return a, nil
}

// sharedArticles caches article metadata (no text) across queries, so
// that the many queries of a server do not each read and decode the same
// records. Put invalidates what it changes; a query adds only what it read
// in a transaction that began after the last invalidation (gen), so that a
// reader that raced a write cannot put the old version back.
type sharedArticles struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]claims.Article
}

// sharedArticlesSize bounds the shared cache (a few MB); when full it is
// emptied and refills with what queries read next.
const sharedArticlesSize = 8192

func (c *sharedArticles) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *sharedArticles) lookup(id string) (claims.Article, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.m[id]
	return a, ok
}

func (c *sharedArticles) add(gen uint64, a claims.Article) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.m == nil || len(c.m) >= sharedArticlesSize {
		c.m = make(map[string]claims.Article)
	}
	c.m[a.ID] = a
}

// invalidate forgets ids after a write that may have changed them.
func (c *sharedArticles) invalidate(ids ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, id := range ids {
		delete(c.m, id)
	}
}
